// Programme kinds are declared once (sim/programmes/): the loader, the batch
// sweeps and the docs follow the declarations.
#include "SyntheticInputs.h"

#include "common/Error.h"
#include "scenarios/BatchFile.h"
#include "sim/programmes/ProgrammeKinds.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>

#include <fstream>
#include <iterator>
#include <sstream>

namespace forestsink {
namespace {

std::string readmeRowOf(const std::string& kind) {
    std::ifstream in(test::sourceDir() / "scenarios" / "README.md");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("| `" + kind + "` |", 0) == 0) return line;
    return "";
}

TEST(ProgrammeKinds, EveryKindAndEveryKeyIsInTheScenarioDocs) {
    for (std::size_t k = 0; k < std::size(kProgrammeKindNames); ++k) {
        const ProgrammeKindRule& rule = programmeKind(static_cast<ProgrammeKind>(k));
        EXPECT_EQ(static_cast<std::size_t>(rule.kind()), k);
        const std::string row = readmeRowOf(rule.name());
        ASSERT_FALSE(row.empty()) << "scenarios/README.md has no row for kind " << rule.name();
        for (const KindKey& key : rule.keys().all())
            EXPECT_NE(row.find("`" + key.name), std::string::npos)
                << "scenarios/README.md's row of " << rule.name() << " does not name its key " << key.name;
    }
}

TEST(ProgrammeKinds, DeclaredDefaultsAreWhatTheDocsSay) {
    // Each numeric default appears in its kind's row as `key = value` (written 0.70, 5 or 0).
    for (std::size_t k = 0; k < std::size(kProgrammeKindNames); ++k) {
        const ProgrammeKindRule& rule = programmeKind(static_cast<ProgrammeKind>(k));
        const std::string row = readmeRowOf(rule.name());
        for (const KindKey& key : rule.keys().all()) {
            if (!key.fallback || (key.type != KindKey::Type::Number && key.type != KindKey::Type::Integer)) continue;
            const double v = *key.fallback;
            std::vector<std::string> forms = {fmt::format("`{} = {:g}`", key.name, v),
                                              fmt::format("`{} = {:.2f}`", key.name, v)};
            const bool found = std::any_of(forms.begin(), forms.end(),
                                           [&](const std::string& f) { return row.find(f) != std::string::npos; });
            EXPECT_TRUE(found) << rule.name() << "." << key.name << " defaults to " << v
                               << " but scenarios/README.md's row does not say so: " << row;
        }
    }
}

TEST(ProgrammeKinds, ASweepTakesTheRangeTheKindDeclares) {
    Scenario s;
    ProgrammeSpec p;
    p.name = "planting";
    p.kind = ProgrammeKind::Afforestation;
    s.programmes.push_back(p);
    setParameter(s, programmeKinds(), "programmes[planting].stocking", "0.9", "here");
    EXPECT_DOUBLE_EQ(s.programmes[0].stocking, 0.9);
    try {
        setParameter(s, programmeKinds(), "programmes[planting].stocking", "2", "batch.toml:3:1");
        FAIL() << "a stocking of 2 is out of the declared range";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("allowed 0.01 to 1.5"), std::string::npos) << e.what();
    }
    // A key another kind has is refused, naming the kind's own keys.
    try {
        setParameter(s, programmeKinds(), "programmes[planting].severity", "0.5", "batch.toml:4:1");
        FAIL() << "afforestation has no severity";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("years_to_forest"), std::string::npos) << e.what();
    }
}

}  // namespace
}  // namespace forestsink
