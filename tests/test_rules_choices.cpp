// Issue 14, items 8 and 9: the volume-to-biomass equations and the carbon
// fraction a scenario chooses, the Monte Carlo draws of stand ages, closure
// time and equation set, the root:shoot draw refused where it changes no
// reported carbon, and the scattered-tree share of the living stock. Every
// expected value is worked out here from the published constants.
#include "RowOfCells.h"
#include "SyntheticInputs.h"
#include "YunnanSpecies.h"

#include "common/Error.h"
#include "scenarios/Scenario.h"
#include "sim/Accounting.h"
#include "sim/MonteCarlo.h"
#include "sim/Simulation.h"
#include "sim/programmes/ProgrammeKinds.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <functional>
#include <iterator>
#include <string>

namespace forestsink {
namespace {

using test::group;
using test::idx;
using test::species;

Distribution exactly(double v) {
    Distribution d;
    d.kind = Distribution::Uniform;
    d.a = d.b = v;
    return d;
}

// The synthetic scenario with `extra` appended (tables at the end of the file).
std::filesystem::path scenarioWith(const std::string& name, const std::string& extra) {
    test::SyntheticInputs in(name);
    const auto file = in.write();
    std::ofstream(file, std::ios::app) << "\n" << extra << "\n";
    return file;
}
std::string errorOf(const std::function<void()>& f) {
    try {
        f();
    } catch (const Error& e) {
        return e.what();
    }
    return "no error";
}
// The line of the file where `text` first appears (1-based).
int lineOf(const std::filesystem::path& file, const std::string& text) {
    std::ifstream in(file);
    int n = 0;
    for (std::string l; std::getline(in, l);)
        if (++n, l.find(text) != std::string::npos) return n;
    return 0;
}

// --- equation sets -------------------------------------------------------------

TEST(RulesChoices, DefaultKeepsTheSpeciesTableLines) {
    Scenario s;
    const SpeciesTable t = applyBiomassChoice(s, species());
    EXPECT_EQ(t.group(idx(1)).biomassA, 0.9158);  // Sci Rep 2023 Table 2, Yunnan pine
    EXPECT_EQ(t.group(idx(1)).biomassB, 0.6501);
    EXPECT_EQ(t.group(idx(1)).carbonFraction, 0.5047);
}

TEST(RulesChoices, Fang2001TakesTheInterceptAsAAndTheSlopeAsB) {
    Scenario s;
    s.biomass.equations = BiomassEquations::Fang2001;
    const SpeciesTable t = applyBiomassChoice(s, species());
    // Fang et al. 2001: Pinus massoniana / yunnanensis B = 0.5101·V + 1.0451; fir and spruce B = 0.5519·V + 48.861.
    EXPECT_EQ(t.group(idx(1)).biomassA, 1.0451);
    EXPECT_EQ(t.group(idx(1)).biomassB, 0.5101);
    EXPECT_EQ(t.group(idx(9)).biomassA, 48.861);
    EXPECT_EQ(t.group(idx(9)).biomassB, 0.5519);
    EXPECT_NE(t.group(idx(1)).biomassSource.find("Fang"), std::string::npos);
}

TEST(RulesChoices, ByspeciesChoiceOverridesTheScenarioWideOne) {
    Scenario s;
    s.biomass.bySpecies = {{"Oak", BiomassEquations::Fang2001, "here"}, {"4", BiomassEquations::Fang2001, "here"}};
    const SpeciesTable t = applyBiomassChoice(s, species());
    EXPECT_EQ(t.group(idx(8)).biomassA, -3.8999);  // Quercus: 1.3288·V − 3.8999
    EXPECT_EQ(t.group(idx(8)).biomassB, 1.3288);
    EXPECT_EQ(t.group(idx(4)).biomassB, 0.3999);   // Cunninghamia, named by its code
    EXPECT_EQ(t.group(idx(1)).biomassB, 0.6501);   // the others keep the table's lines
}

TEST(RulesChoices, CarbonFractionReplacesEveryGroupsOwn) {
    Scenario s;
    s.biomass.carbonFraction = 0.47;
    const SpeciesTable t = applyBiomassChoice(s, species());
    for (const auto& g : t.groups()) EXPECT_EQ(g.carbonFraction, 0.47) << g.name;
}

TEST(RulesChoices, UserTableGivesTheGroupsItLists) {
    const auto dir = test::SyntheticInputs("choices-table").dir;
    std::ofstream(dir / "lines.csv") << "code,biomass_a,biomass_b,biomass_source\n1,2.5,0.75,my plots\n";
    Scenario s;
    s.biomass.table = dir / "lines.csv";
    s.biomass.bySpecies = {{"1", BiomassEquations::Table, "here"}};
    const SpeciesTable t = applyBiomassChoice(s, species());
    EXPECT_EQ(t.group(idx(1)).biomassA, 2.5);
    EXPECT_EQ(t.group(idx(1)).biomassB, 0.75);
    EXPECT_EQ(t.group(idx(1)).biomassSource, "my plots");
    // A group the table has no row for cannot use it.
    s.biomass.bySpecies = {{"Oak", BiomassEquations::Table, "f.toml:9:1"}};
    EXPECT_EQ(errorOf([&] { applyBiomassChoice(s, species()); }),
              "f.toml:9:1: 'biomass.by_species.Oak' uses table for species group 8 'Oak', but 'biomass.table' has no "
              "row for its code");
}

TEST(RulesChoices, BadUserTablesAreRefusedWithFileLineAndColumn) {
    const auto dir = test::SyntheticInputs("choices-bad-table").dir;
    Scenario s;
    s.biomass.table = dir / "lines.csv";
    const std::string path = (dir / "lines.csv").string();
    std::ofstream(dir / "lines.csv") << "code,biomass_a,biomass_b,biomass_source\n1,2.5,x,my plots\n";
    EXPECT_NE(errorOf([&] { applyBiomassChoice(s, species()); }).find(path + ":2: column 'biomass_b'"), std::string::npos);
    std::ofstream(dir / "lines.csv") << "code,biomass_a,biomass_b,biomass_source\n77,2.5,0.7,my plots\n";
    EXPECT_EQ(errorOf([&] { applyBiomassChoice(s, species()); }),
              path + ":2: column 'code': code 77 is not a group of the species table " + species().path().string());
    std::ofstream(dir / "lines.csv") << "code,biomass_a,biomass_b,biomass_source\n1,2.5,0.7,a\n1,2.5,0.7,b\n";
    EXPECT_EQ(errorOf([&] { applyBiomassChoice(s, species()); }),
              path + ":3: column 'code': code 1 is given twice (already on line 2)");
    std::ofstream(dir / "lines.csv") << "code,biomass_a,biomass_b,biomass_source\n1,2.5,0.7,\n";
    EXPECT_EQ(errorOf([&] { applyBiomassChoice(s, species()); }),
              path + ":2: column 'biomass_source': empty; name the source or write \"estimate\"");
    std::ofstream(dir / "lines.csv") << "code,biomass_a,biomass_b\n1,2.5,0.7\n";
    EXPECT_NE(errorOf([&] { applyBiomassChoice(s, species()); }).find(path + ":1: missing column 'biomass_source'"),
              std::string::npos);
}

TEST(RulesChoices, ScenarioKeysAreCheckedWithWhereAndWhatIsAllowed) {
    const auto file = scenarioWith("choices-keys", "[biomass]\nequations = \"fang2001\"\n");
    const int line = lineOf(file, "fang2001");
    EXPECT_EQ(errorOf([&] { loadScenario(file, programmeKinds()); }),
              file.string() + ":" + std::to_string(line) +
                  ":13: 'biomass.equations' = 'fang2001' is not an equation set (did you mean 'fang_2001'?); allowed: "
                  "species_table (the species table's lines), fang_2001 (Fang et al. 2001, by the table's "
                  "fang_forest_type), table (the CSV file named by 'biomass.table')");
    const auto cf = scenarioWith("choices-cf", "[biomass]\ncarbon_fraction = \"ipcc\"\n");
    EXPECT_NE(errorOf([&] { loadScenario(cf, programmeKinds()); })
                  .find("'biomass.carbon_fraction' = 'ipcc' is not allowed; allowed: \"species_table\""),
              std::string::npos);
    const auto high = scenarioWith("choices-cf-high", "[biomass]\ncarbon_fraction = 0.9\n");
    EXPECT_NE(errorOf([&] { loadScenario(high, programmeKinds()); }).find("biomass.carbon_fraction"), std::string::npos);
    const auto key = scenarioWith("choices-key", "[biomass]\nequation = \"fang_2001\"\n");
    EXPECT_NE(errorOf([&] { loadScenario(key, programmeKinds()); }).find("did you mean 'equations'"), std::string::npos);
    const auto loaded = loadScenario(scenarioWith("choices-ok", "[biomass]\nequations = \"fang_2001\"\n"
                                                                "carbon_fraction = 0.47\n"),
                                     programmeKinds());
    EXPECT_EQ(loaded.biomass.equations, BiomassEquations::Fang2001);
    EXPECT_EQ(loaded.biomass.carbonFraction.value_or(0), 0.47);
}

TEST(RulesChoices, UnknownFangForestTypeInTheSpeciesTableIsRefused) {
    const auto dir = test::SyntheticInputs("choices-fang-type").dir;
    std::ifstream in(test::sourceDir() / "species" / "yunnan-species.csv");
    std::string text((std::istreambuf_iterator<char>(in)), {});
    text.replace(text.find(",quercus"), 8, ",quercuss");
    std::ofstream(dir / "species.csv") << text;
    std::string allowed;
    for (const auto& t : fangForestTypes()) allowed += (allowed.empty() ? "" : ", ") + std::string(t.name);
    EXPECT_EQ(errorOf([&] { SpeciesTable::load(dir / "species.csv"); }),
              (dir / "species.csv").string() +
                  ":9: column 'fang_forest_type': 'quercuss' is not a forest type of Fang et al. 2001 (did you mean "
                  "'quercus'?); allowed: " + allowed + " (or empty)");
}

TEST(RulesChoices, TableChoiceWithoutATableIsRefused) {
    Scenario s;
    s.biomass.where = "f.toml:3:1";
    s.biomass.equations = BiomassEquations::Table;
    EXPECT_EQ(errorOf([&] { applyBiomassChoice(s, species()); }),
              "f.toml:3:1: a species group uses the equation set 'table', but [biomass] names no 'table' (a CSV file "
              "with columns code, biomass_a, biomass_b, biomass_source)");
}

// Fang's oak line crosses zero at V = 3.8999 / 1.3288 ≈ 2.93 m³/ha: below it the stand holds no biomass, never less.
TEST(RulesChoices, BiomassIsNeverNegative) {
    Scenario s;
    s.biomass.equations = BiomassEquations::Fang2001;
    const SpeciesTable t = applyBiomassChoice(s, species());
    CellState state;
    test::allocateRowOfCells(state, 2);
    for (int i = 0; i < 2; ++i) {
        state.landClass[i] = LandClass::Forest;
        state.species[i] = static_cast<uint8_t>(idx(8));
        state.region[i] = 1;
        state.age[i] = 5;
    }
    state.volume[0] = 2.0f;
    state.volume[1] = 100.0f;
    const YearTotals y = accountYear(2007, state, BiomassParameters(t), forestOnlyRules(), ThreadRunner(1, 1));
    const double m = (1.3288 * 100 - 3.8999) * 100;  // only the second cell; 100 ha each
    EXPECT_NEAR(y.province[kBiomassT], m, m * 1e-6);
}

// --- Monte Carlo draws ---------------------------------------------------------

// One cell of 100 ha, Yunnan pine on a medium site at age 20, on its curve (or at V when given).
struct World {
    Scenario scenario;
    CellState state;
    explicit World(double age = 20, double volume = -1) {
        scenario.startYear = 2007;
        scenario.endYear = 2008;
        scenario.seed = 5;
        scenario.forestClasses = {LandClass::Forest};
        test::allocateRowOfCells(state, 1);
        state.landClass[0] = LandClass::Forest;
        state.species[0] = static_cast<uint8_t>(idx(1));
        state.site[0] = 1;
        state.region[0] = 1;
        state.age[0] = static_cast<uint16_t>(age);
        state.volume[0] = static_cast<float>(volume < 0 ? test::curve(1, 1, age) : volume);
    }
    Totals draw2008(const SpeciesTable& t) {
        return runDraws(scenario, t, state, ThreadRunner(1, 1), 1).at(0).years.at(1).totals.province;
    }
};

TEST(RulesChoices, StandAgeDrawMovesTheStandAlongItsCurve) {
    World w(20);
    w.scenario.uncertainty.standAge = exactly(2.0);
    // At age 40 a stand of V = C(20) grows by its stocking response (README.md):
    // V + min(V / C(40) / 0.65, 1) · (C(41) − C(40)).
    const double c20 = test::curve(1, 1, 20), c40 = test::curve(1, 1, 40), c41 = test::curve(1, 1, 41);
    const double v = (c20 + std::min(c20 / c40 / 0.65, 1.0) * (c41 - c40)) * 100;
    EXPECT_NEAR(w.draw2008(species())[kStockM3], v, v * 1e-5);
}

TEST(RulesChoices, ScaledAgesAreRoundedAndKeptWithinTheLoadersBounds) {
    EXPECT_EQ(scaledAge(13, 1.5), 20);  // 19.5 rounds away from zero
    EXPECT_EQ(scaledAge(13, 0.9), 12);  // 11.7
    EXPECT_EQ(scaledAge(4000, 2.0), 5000);
    EXPECT_EQ(scaledAge(30, 0.0), 0);
}

TEST(RulesChoices, ClosureTimeDrawScalesYearsToForestOfPlantingAndClosure) {
    Scenario s;
    s.seed = 3;
    ProgrammeSpec planting, closure, tending;
    planting.kind = ProgrammeKind::Afforestation, planting.yearsToForest = 5;
    closure.kind = ProgrammeKind::Closure, closure.yearsToForest = 7;
    tending.kind = ProgrammeKind::Tending, tending.yearsToForest = 4;
    s.programmes = {planting, closure, tending};
    s.uncertainty.closureTime = exactly(1.3);
    const DrawInputs in = makeDraw(s, species(), 0);
    EXPECT_EQ(in.scenario.programmes[0].yearsToForest, 7);  // 6.5 → 7
    EXPECT_EQ(in.scenario.programmes[1].yearsToForest, 9);  // 9.1 → 9
    EXPECT_EQ(in.scenario.programmes[2].yearsToForest, 4);  // not a closure time
    s.uncertainty.closureTime = exactly(0.01);
    const DrawInputs least = makeDraw(s, species(), 0);
    EXPECT_EQ(least.scenario.programmes[0].yearsToForest, 0);
    EXPECT_EQ(least.scenario.programmes[1].yearsToForest, 1);  // closure takes at least a year
}

TEST(RulesChoices, EquationDrawTakesTheChosenSetForEveryGroupTimesTheSlope) {
    World w(300, 200);  // V stays 200
    w.scenario.uncertainty.biomassEquations = EquationDraw{
        {BiomassEquations::SpeciesTable, BiomassEquations::Fang2001}, {0.0, 1.0}, "here"};
    EXPECT_NEAR(w.draw2008(species())[kBiomassT], (1.0451 + 0.5101 * 200) * 100, 1e-3);
    w.scenario.uncertainty.biomassSlope = exactly(1.15);
    EXPECT_NEAR(w.draw2008(species())[kBiomassT], (1.0451 + 1.15 * 0.5101 * 200) * 100, 1e-3);
    w.scenario.uncertainty.biomassEquations->weights = {1.0, 0.0};
    EXPECT_NEAR(w.draw2008(species())[kBiomassT], (0.9158 + 1.15 * 0.6501 * 200) * 100, 1e-3);
}

TEST(RulesChoices, EquationDrawNeedsALineForEveryGroupInEverySet) {
    Scenario s;
    s.uncertainty.biomassEquations = EquationDraw{{BiomassEquations::SpeciesTable, BiomassEquations::Table}, {0.5, 0.5},
                                                  "f.toml:40:11"};
    const auto dir = test::SyntheticInputs("choices-draw").dir;
    std::ofstream(dir / "lines.csv") << "code,biomass_a,biomass_b,biomass_source\n1,2.5,0.75,my plots\n";
    s.biomass.table = dir / "lines.csv";
    EXPECT_EQ(errorOf([&] { applyBiomassChoice(s, species()); }),
              "f.toml:40:11: 'uncertainty.biomass_equations.choices' uses table for species group 2 'Simao pine "
              "(plantation)', but 'biomass.table' has no row for its code");
}

TEST(RulesChoices, RootShootDrawIsRefusedWhereCarbonDoesNotDependOnIt) {
    const auto file = scenarioWith("choices-rsr", "[uncertainty.root_shoot]\ndistribution = \"normal\"\nmean = 1\nsd = 0.1\n");
    const int line = lineOf(file, "[uncertainty.root_shoot]");
    EXPECT_EQ(errorOf([&] { loadScenario(file, programmeKinds()); }),
              file.string() + ":" + std::to_string(line) +
                  ":1: 'uncertainty.root_shoot' was dropped: with the pools above_ground, below_ground, carbon is CF·M "
                  "of the biomass line whatever the root:shoot ratio, so the draw would change no reported figure. It "
                  "is allowed only when [carbon] pools count above_ground or below_ground alone, or dead_wood or "
                  "litter. Other draws: growth, growth_by_species, survival, biomass_slope, biomass_equations, "
                  "carbon_fraction, stand_age, closure_time, disturbance_rate");
    EXPECT_FALSE(carbonDependsOnRootShoot(kTreeBiomassPools));
    EXPECT_TRUE(carbonDependsOnRootShoot(poolBit(CarbonPool::AboveGround)));
    EXPECT_TRUE(carbonDependsOnRootShoot(poolBit(CarbonPool::BelowGround)));
    EXPECT_TRUE(carbonDependsOnRootShoot(kTreeBiomassPools | poolBit(CarbonPool::Litter)));
    EXPECT_TRUE(carbonDependsOnRootShoot(kTreeBiomassPools | poolBit(CarbonPool::DeadWood)));
    EXPECT_FALSE(carbonDependsOnRootShoot(kTreeBiomassPools | poolBit(CarbonPool::Soil)));
}

// --- living stock --------------------------------------------------------------

TEST(RulesChoices, ScatteredTreesAreTheirShareOfTheLivingStockAndTheLedgerStillBalances) {
    World w(20);
    w.scenario.scatteredTreesShare = 0.25;
    Simulation sim(w.scenario, species(), w.state, ThreadRunner(1, 1));
    const YearRecord start = sim.start();
    const double stand = test::curve(1, 1, 20) * 100;
    EXPECT_NEAR(start.totals.province[kLivingStockM3], stand / 0.75, stand * 1e-6);
    EXPECT_NEAR(start.totals.province[kStockM3], stand, stand * 1e-6);  // forest stock has no scattered trees
    const YearRecord next = sim.step(2008);                             // throws if the ledger does not balance
    const double grown = test::curve(1, 1, 21) * 100;
    EXPECT_NEAR(next.totals.province[kLivingStockM3], grown / 0.75, grown * 1e-5);
    EXPECT_NEAR(next.totals.byRegion.at(0)[kLivingStockM3], grown / 0.75, grown * 1e-5);
    EXPECT_LT(next.balanceError, 1e-6 * grown);
}

TEST(RulesChoices, ScatteredTreesShareIsReadAndBounded) {
    EXPECT_EQ(loadScenario(scenarioWith("choices-share0", ""), programmeKinds()).scatteredTreesShare, 0.0);
    const auto file = test::SyntheticInputs("choices-share").write();
    {
        std::ifstream in(file);
        std::string text((std::istreambuf_iterator<char>(in)), {});
        std::ofstream(file) << "scattered_trees_share = 0.95\n" << text;
    }
    EXPECT_NE(errorOf([&] { loadScenario(file, programmeKinds()); }).find(file.string() + ":1:25: 'scattered_trees_share'"),
              std::string::npos);
}

}  // namespace
}  // namespace forestsink
