#pragma once
// What the scenario loader knows of a programme kind: its own keys, each
// declared once with its range, its default and the default's source (as
// PDAL's addArgs), and the defaults it sets for eligibility and priority.
// The kinds themselves live in the engine (sim/programmes/, one file per
// kind), which hands their declarations to the loader as a ProgrammeKinds.
#include "scenarios/Programme.h"
#include "scenarios/TomlTable.h"

#include <optional>
#include <string>
#include <vector>

namespace forestsink {

struct KindKey {
    enum class Type { Number, Integer, Species, LandClass, Amount };
    std::string name;
    Type type = Type::Number;
    double min = 0, max = 0;
    std::optional<double> fallback;  // none: the key is required (numbers) or optional (species, land class)
    std::string source;              // where the default comes from
    double ProgrammeSpec::*number = nullptr;
    int ProgrammeSpec::*integer = nullptr;
    enum class SpeciesUse { Required, Optional, LocalByDefault, Replant } speciesUse = SpeciesUse::Optional;
};

class KindKeys {
public:
    KindKeys& number(std::string key, double ProgrammeSpec::*field, double min, double max,
                     std::optional<double> fallback, std::string source);
    KindKeys& integer(std::string key, int ProgrammeSpec::*field, int min, int max, std::optional<int> fallback,
                      std::string source);
    // A species by name or code ("local": the commonest forest species of the cell's region).
    KindKeys& species(std::string key, KindKey::SpeciesUse use);
    // One land class (conversion's target).
    KindKeys& landClass(std::string key);
    // An amount key of this kind beside the common area keys (harvest volume, disturbance rate).
    KindKeys& amount(std::string key);

    const std::vector<KindKey>& all() const { return keys_; }
    const KindKey* find(const std::string& name) const;
    std::vector<std::string> names() const;
    // Reads every declared key but the amounts from a programme's table into `p`.
    void read(const TomlTable& t, ProgrammeSpec& p) const;

private:
    std::vector<KindKey> keys_;
};

class ProgrammeKindDeclaration {
public:
    virtual ~ProgrammeKindDeclaration() = default;
    virtual ProgrammeKind kind() const = 0;
    const char* name() const { return kindName(kind()); }
    // The kind's own keys.
    virtual void declareKeys(KindKeys& keys) const = 0;
    // Defaults the kind sets once eligibility is read: land classes, priority, age classes.
    virtual void setDefaults(ProgrammeSpec& p) const = 0;
    // The declared keys (built once).
    const KindKeys& keys() const;

private:
    mutable std::optional<KindKeys> keys_;
};

// The kinds a scenario may name.
class ProgrammeKinds {
public:
    virtual ~ProgrammeKinds() = default;
    virtual const ProgrammeKindDeclaration& declaration(ProgrammeKind kind) const = 0;
};

// SpeciesChoice read from `key` (a name, a code or "local").
SpeciesChoice readSpeciesChoice(const TomlTable& t, const std::string& key);

}  // namespace forestsink
