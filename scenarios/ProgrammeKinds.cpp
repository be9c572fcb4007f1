#include "scenarios/ProgrammeKinds.h"

#include "common/Error.h"
#include "scenarios/ProgrammeLoader.h"

#include <fmt/format.h>

#include <mutex>

namespace forestsink {

KindKeys& KindKeys::number(std::string key, double ProgrammeSpec::*field, double min, double max,
                           std::optional<double> fallback, std::string source) {
    KindKey k{std::move(key), KindKey::Type::Number, min, max, fallback, std::move(source)};
    k.number = field;
    keys_.push_back(std::move(k));
    return *this;
}

KindKeys& KindKeys::integer(std::string key, int ProgrammeSpec::*field, int min, int max, std::optional<int> fallback,
                            std::string source) {
    KindKey k{std::move(key), KindKey::Type::Integer, static_cast<double>(min), static_cast<double>(max),
              fallback ? std::optional<double>(*fallback) : std::nullopt, std::move(source)};
    k.integer = field;
    keys_.push_back(std::move(k));
    return *this;
}

KindKeys& KindKeys::species(std::string key, KindKey::SpeciesUse use) {
    KindKey k;
    k.name = std::move(key);
    k.type = KindKey::Type::Species;
    k.speciesUse = use;
    keys_.push_back(std::move(k));
    return *this;
}

KindKeys& KindKeys::landClass(std::string key) {
    KindKey k;
    k.name = std::move(key);
    k.type = KindKey::Type::LandClass;
    keys_.push_back(std::move(k));
    return *this;
}

KindKeys& KindKeys::amount(std::string key) {
    KindKey k;
    k.name = std::move(key);
    k.type = KindKey::Type::Amount;
    keys_.push_back(std::move(k));
    return *this;
}

const KindKey* KindKeys::find(const std::string& name) const {
    for (const auto& k : keys_)
        if (k.name == name) return &k;
    return nullptr;
}

std::vector<std::string> KindKeys::names() const {
    std::vector<std::string> out;
    for (const auto& k : keys_) out.push_back(k.name);
    return out;
}

SpeciesChoice readSpeciesChoice(const TomlTable& t, const std::string& key) {
    SpeciesChoice c;
    c.where = t.where(key);
    // A name ("Simao pine (plantation)"), a code (2) or "local".
    c.nameOrCode = t.isInteger(key) ? std::to_string(t.integer(key, 1, 254)) : t.string(key);
    c.local = c.nameOrCode == "local";
    return c;
}

void KindKeys::read(const TomlTable& t, ProgrammeSpec& p) const {
    for (const KindKey& k : keys_) {
        switch (k.type) {
            case KindKey::Type::Number:
                p.*k.number = k.fallback ? t.number(k.name, k.min, k.max, *k.fallback) : t.number(k.name, k.min, k.max);
                break;
            case KindKey::Type::Integer: {
                const auto min = static_cast<int64_t>(k.min), max = static_cast<int64_t>(k.max);
                p.*k.integer = static_cast<int>(k.fallback ? t.optionalInteger(k.name, min, max)
                                                                 .value_or(static_cast<int64_t>(*k.fallback))
                                                           : t.integer(k.name, min, max));
                break;
            }
            case KindKey::Type::Species:
                if (k.speciesUse == KindKey::SpeciesUse::Required || t.has(k.name)) {
                    p.species = readSpeciesChoice(t, k.name);
                    if (k.speciesUse == KindKey::SpeciesUse::Replant) p.replant = true;
                } else if (k.speciesUse == KindKey::SpeciesUse::LocalByDefault) {
                    p.species = SpeciesChoice{true, "local", t.where()};
                }
                break;
            case KindKey::Type::LandClass: {
                const auto to = readLandClasses(t, k.name);
                if (to.size() != 1) throw Error(fmt::format("{}: '{}' must name one land class", t.where(k.name), k.name));
                p.toClass = to[0];
                break;
            }
            case KindKey::Type::Amount: break;  // read with the common amounts
        }
    }
}

const KindKeys& ProgrammeKindDeclaration::keys() const {
    static std::mutex mutex;
    std::lock_guard lock(mutex);
    if (!keys_) {
        KindKeys k;
        declareKeys(k);
        keys_ = std::move(k);
    }
    return *keys_;
}

}  // namespace forestsink
