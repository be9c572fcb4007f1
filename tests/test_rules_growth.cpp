// Growth rules, one test per behaviour, on small in-memory grids. Expected
// values come from the Chapman–Richards curve evaluated here from the species
// table's parameters, V(t) = vmax·s·(1 − e^(−kt))^c, and from the growth rule
// of README.md: with relative stocking S = V/C(a),
// V(a+1) = V + m·min(S/s_p, 1)·(C(a+1) − C(a)), s_p = 0.65 unless the species
// table says otherwise, m = 1 unless a scenario's [growth] calibrates it; a
// new stand (age 0) starts at its planting stocking, V(1) = p·C(1).
#include "RowOfCells.h"
#include "sim/programmes/ProgrammeKinds.h"
#include "SyntheticInputs.h"
#include "YunnanSpecies.h"

#include "sim/CellState.h"
#include "sim/Simulation.h"
#include "sim/StateLoader.h"
#include "common/Error.h"
#include "scenarios/GrowthChoice.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

namespace forestsink {
namespace {

using test::species;
using test::idx;
using test::curve;

namespace fs = std::filesystem;


// A row of `n` forest cells of 100 ha: Yunnan pine (code 1), medium site, age 30 on its curve.
struct World {
    Scenario scenario;
    CellState state;
    explicit World(int n) {
        scenario.startYear = 2007;
        scenario.endYear = 2015;
        scenario.seed = 5;
        scenario.forestClasses = {LandClass::Forest};
        test::allocateRowOfCells(state, n);
        for (int i = 0; i < n; ++i) stand(i, 1, 1, 30, curve(1, 1, 30));
    }
    void stand(int i, int code, int site, int age, double volume) {
        state.landClass[i] = LandClass::Forest;
        state.species[i] = static_cast<uint8_t>(idx(code));
        state.site[i] = static_cast<uint8_t>(site);
        state.region[i] = 1;
        state.age[i] = static_cast<uint16_t>(age);
        state.volume[i] = static_cast<float>(volume);
    }
    ProgrammeSpec& add(ProgrammeKind kind, int first, int last) { return test::addProgramme(scenario, kind, first, last); }
};

// Site multipliers scale a whole curve, so a stand already on its curve grows
// the same relative amount on any site; a new stand (age 0) shows which curve
// it is on. Three new stands, one per site, after three years.
TEST(RulesGrowth, NewStandsGrowOnTheCurveOfTheirOwnSiteClass) {
    World w(3);
    for (int site = 0; site < 3; ++site) w.stand(site, 4, site, 0, 0.0);  // Chinese fir, planted
    Simulation sim(w.scenario, species(), w.state, ThreadRunner(1, 1));
    sim.start();
    for (int year = 2008; year <= 2010; ++year) sim.step(year);
    const double good = curve(4, 0, 3), medium = curve(4, 1, 3), poor = curve(4, 2, 3);
    ASSERT_GT(good, medium * 1.25);  // the sites differ (1.3 / 1.0 / 0.7)
    EXPECT_NEAR(sim.state().volume[0], good, good * 1e-5);
    EXPECT_NEAR(sim.state().volume[1], medium, medium * 1e-5);
    EXPECT_NEAR(sim.state().volume[2], poor, poor * 1e-5);
}

// A stand on the good curve far above the poor one: on the poor curve it would
// be capped at 1.5 × the poor increment, on its own it grows the good increment.
TEST(RulesGrowth, GoodSiteStandGrowsTheGoodSiteIncrement) {
    World w(1);
    w.stand(0, 1, 0, 25, curve(1, 0, 25));
    Simulation sim(w.scenario, species(), w.state, ThreadRunner(1, 1));
    sim.start();
    sim.step(2008);
    sim.step(2009);
    const double expected = curve(1, 0, 27);
    EXPECT_NEAR(sim.state().volume[0], expected, expected * 1e-5);
    EXPECT_EQ(sim.state().age[0], 27);
}

// The loader maps raster codes to site classes by the names in
// [layers.site_class.codes]: swap the codes of good and poor and the cells
// coded 3 are good sites.
TEST(RulesGrowth, SiteClassCodesMapByTheirNamesInTheScenario) {
    test::SyntheticInputs in("in");
    const fs::path file = in.write();
    std::stringstream text;
    text << std::ifstream(file).rdbuf();
    std::string s = text.str();
    const std::string from = "codes = { good = [1], medium = [2], poor = [3] }";
    ASSERT_NE(s.find(from), std::string::npos);
    s.replace(s.find(from), from.size(), "codes = { good = [3], medium = [2], poor = [1] }");
    std::ofstream(file) << s;
    const Scenario scenario = loadScenario(file, programmeKinds());
    const LoadedState loaded = loadState(scenario, species(), ThreadRunner(1, 8));
    int checked = 0;
    for (int row = 0; row < in.rows; ++row)
        for (int col = 0; col < in.cols; ++col) {
            const std::size_t i = in.index(col, row);
            if (in.landClass[i] != 1 && in.landClass[i] != 2) continue;  // site is read on tree cells
            const int expected = in.site[i] == 3 ? 0 : in.site[i] == 2 ? 1 : 2;
            EXPECT_EQ(loaded.state.site[loaded.state.cells.find(row, col).value()], expected)
                << "col " << col << " row " << row;
            ++checked;
        }
    EXPECT_GT(checked, 40);
}

// The stocking plateau documented in species/README.md, written here, not read from the engine.
constexpr double kPlateau = 0.65;

// One year of the documented rule, in double, from the curve computed here.
double grownByHand(int code, int site, int age, double volume, double plateau = kPlateau, double multiplier = 1.0) {
    const double increment = curve(code, site, age + 1) - curve(code, site, age);
    return volume + multiplier * std::min(volume / curve(code, site, age) / plateau, 1.0) * increment;
}

// Below the plateau a stand grows the curve's increment times S / s_p.
TEST(RulesGrowth, BelowThePlateauAStandGrowsTheIncrementTimesItsStockingOverThePlateau) {
    World w(1);
    const double s = 0.4, v0 = s * curve(1, 1, 30);
    w.stand(0, 1, 1, 30, v0);
    Simulation sim(w.scenario, species(), w.state, ThreadRunner(1, 1));
    sim.start();
    sim.step(2008);
    const double increment = curve(1, 1, 31) - curve(1, 1, 30);
    const double expected = v0 + increment * s / kPlateau;
    EXPECT_NEAR(sim.state().volume[0], expected, expected * 1e-5);
    EXPECT_GT(sim.state().volume[0] - v0, s * increment * 1.5);  // faster than in proportion to its stocking
}

// At or above the plateau a stand grows the curve's increment, whatever its
// stocking: 0.8 and 1.4 of the curve grow the same m³/ha.
TEST(RulesGrowth, AboveThePlateauAStandGrowsTheCurveIncrement) {
    World w(3);
    const double stockings[] = {0.7, 0.8, 1.4};
    for (int i = 0; i < 3; ++i) w.stand(i, 4, 1, 12, stockings[i] * curve(4, 1, 12));  // Chinese fir, age 12
    Simulation sim(w.scenario, species(), w.state, ThreadRunner(1, 1));
    sim.start();
    sim.step(2008);
    const double increment = curve(4, 1, 13) - curve(4, 1, 12);
    for (int i = 0; i < 3; ++i) {
        const double expected = stockings[i] * curve(4, 1, 12) + increment;
        EXPECT_NEAR(sim.state().volume[i], expected, expected * 1e-5) << "stocking " << stockings[i];
    }
}

// dS/dt = (ΔC/C)·(f(S) − S): an over-stocked stand's relative stocking falls
// toward 1 every year and never below it; an under-stocked one's rises
// toward 1 and never above it. Twenty years, each year against the rule by hand.
TEST(RulesGrowth, RelativeStockingDriftsTowardFullFromBothSides) {
    World w(2);
    const int age0 = 15;
    w.stand(0, 1, 1, age0, 1.6 * curve(1, 1, age0));  // over-stocked
    w.stand(1, 1, 1, age0, 0.3 * curve(1, 1, age0));  // under-stocked
    w.scenario.endYear = 2027;
    Simulation sim(w.scenario, species(), w.state, ThreadRunner(1, 1));
    sim.start();
    double byHand[2] = {1.6 * curve(1, 1, age0), 0.3 * curve(1, 1, age0)};
    double lastS[2] = {1.6, 0.3};
    for (int year = 2008; year <= 2027; ++year) {
        sim.step(year);
        const int age = age0 + (year - 2007);
        for (int i = 0; i < 2; ++i) {
            byHand[i] = grownByHand(1, 1, age - 1, byHand[i]);
            const double v = sim.state().volume[i], s = v / curve(1, 1, age);
            EXPECT_NEAR(v, byHand[i], byHand[i] * 2e-5) << "cell " << i << " year " << year;
            if (i == 0) EXPECT_TRUE(s < lastS[i] && s > 1.0) << "over-stocked S " << s << " after " << lastS[i];
            else EXPECT_TRUE(s > lastS[i] && s < 1.0) << "under-stocked S " << s << " after " << lastS[i];
            lastS[i] = s;
        }
    }
    // The over-stocked stand's excess over the curve stays what it was: S − 1 shrinks as C(a0)/C(a).
    EXPECT_NEAR(lastS[0] - 1.0, 0.6 * curve(1, 1, age0) / curve(1, 1, age0 + 20), 1e-4);
    EXPECT_GT(lastS[1], 0.5);  // the thin stand has closed in from 0.3
}

// A species table's stocking_plateau replaces the default: with 0.5, a stand
// at 0.55 of its curve grows the full increment (at 0.65 it would not).
TEST(RulesGrowth, TheSpeciesTablesStockingPlateauIsTheOneUsed) {
    std::vector<SpeciesGroup> groups = species().groups();
    for (auto& g : groups) g.stockingPlateau = 0.5;
    SpeciesTable table = SpeciesTable::fromGroups(std::move(groups));
    table.setPath(species().path());
    World w(1);
    const double v0 = 0.55 * curve(1, 1, 30);
    w.stand(0, 1, 1, 30, v0);
    Simulation sim(w.scenario, table, w.state, ThreadRunner(1, 1));
    sim.start();
    sim.step(2008);
    const double expected = grownByHand(1, 1, 30, v0, 0.5);
    EXPECT_NEAR(sim.state().volume[0], expected, expected * 1e-5);
    EXPECT_GT(expected, grownByHand(1, 1, 30, v0) + 0.1);  // the two plateaus differ here
}

// The optional stocking_plateau column sets each group's plateau (0.65
// without it) and refuses a value outside 0.3–1, naming file:line and column.
TEST(RulesGrowth, TheSpeciesTablesStockingPlateauColumnIsRead) {
    const fs::path dir = test::freshDir("plateau-column");
    std::ifstream in(species().path());
    std::string line, text;
    for (int n = 0; std::getline(in, line); ++n)
        text += line + (n == 0 ? ",stocking_plateau" : n == 1 ? ",0.5" : ",0.8") + "\n";
    std::ofstream(dir / "species.csv") << text;
    const SpeciesTable table = SpeciesTable::load(dir / "species.csv");
    EXPECT_DOUBLE_EQ(table.group(0).stockingPlateau, 0.5);
    EXPECT_DOUBLE_EQ(table.group(1).stockingPlateau, 0.8);
    EXPECT_DOUBLE_EQ(species().group(0).stockingPlateau, kPlateau);  // the shipped table: the default
    const std::size_t firstRowEnd = text.find(",0.5\n");
    std::ofstream(dir / "species.csv") << text.substr(0, firstRowEnd) << ",0.2" << text.substr(firstRowEnd + 4);
    try {
        SpeciesTable::load(dir / "species.csv");
        ADD_FAILURE() << "a plateau of 0.2 was accepted";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("species.csv:2"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("stocking_plateau"), std::string::npos) << e.what();
    }
}

// A scenario's [growth] multipliers scale the increment: every group by
// `multiplier`, a group named in `by_species` by its own; relative stocking
// is still measured on the species table's curve.
TEST(RulesGrowth, GrowthMultipliersScaleTheIncrementByGroup) {
    GrowthSpec spec;
    spec.multiplier = 0.8;
    spec.bySpecies.push_back({"Chinese fir", 1.25, "test"});
    spec.source = "test";
    const SpeciesTable table = applyGrowthMultipliers(spec, species());
    World w(3);
    w.stand(0, 1, 1, 30, curve(1, 1, 30));        // Yunnan pine on its curve: 0.8
    w.stand(1, 4, 1, 12, curve(4, 1, 12));        // Chinese fir on its curve: 1.25
    w.stand(2, 1, 1, 30, 0.5 * curve(1, 1, 30));  // below the plateau: 0.8 × S/s_p
    Simulation sim(w.scenario, table, w.state, ThreadRunner(1, 1));
    sim.start();
    sim.step(2008);
    const double expected[] = {grownByHand(1, 1, 30, curve(1, 1, 30), kPlateau, 0.8),
                               grownByHand(4, 1, 12, curve(4, 1, 12), kPlateau, 1.25),
                               grownByHand(1, 1, 30, 0.5 * curve(1, 1, 30), kPlateau, 0.8)};
    for (int i = 0; i < 3; ++i) EXPECT_NEAR(sim.state().volume[i], expected[i], expected[i] * 1e-5) << "cell " << i;
    GrowthSpec unknown = spec;
    unknown.bySpecies[0].species = "Chinese firs";
    try {
        applyGrowthMultipliers(unknown, species());
        ADD_FAILURE() << "an unknown species group was accepted";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("did you mean 'Chinese fir'"), std::string::npos) << e.what();
    }
}

// [growth] must say where its multipliers come from, and keeps them in range.
TEST(RulesGrowth, TheGrowthTableNeedsASourceAndMultipliersInRange) {
    test::SyntheticInputs in("growth-keys");
    const fs::path file = in.write();
    const std::string text = [&] {
        std::stringstream t;
        t << std::ifstream(file).rdbuf();
        return t.str();
    }();
    auto loadWith = [&](const std::string& table) {
        std::ofstream(file) << text << "\n[growth]\n" << table;
        return loadScenario(file, programmeKinds());
    };
    EXPECT_DOUBLE_EQ(loadWith("multiplier = 0.9\nsource = \"test\"\n").growth.multiplier, 0.9);
    for (const auto& [table, expect] : std::vector<std::pair<std::string, std::string>>{
             {"multiplier = 0.9\n", "needs a 'source'"},
             {"multiplier = 7\nsource = \"test\"\n", "growth.multiplier"},
             {"multiplyer = 0.9\nsource = \"test\"\n", "did you mean 'multiplier'"}}) {
        try {
            loadWith(table);
            ADD_FAILURE() << "accepted: " << table;
        } catch (const Error& e) {
            EXPECT_NE(std::string(e.what()).find(expect), std::string::npos) << e.what();
        }
    }
}

// Severity 1 destroys the stand; it regrows from age 0 on its curve.
TEST(RulesGrowth, StandReplacingDisturbanceLetsTheStandRegrowFromAgeZero) {
    World w(1);
    w.stand(0, 1, 1, 40, curve(1, 1, 40));
    auto& d = w.add(ProgrammeKind::Disturbance, 2008, 2008);
    d.areaHaPerYear = 100;
    d.severity = 1.0;
    d.eligible.landClasses = {LandClass::Forest};
    Simulation sim(w.scenario, species(), w.state, ThreadRunner(1, 1));
    sim.start();
    const YearRecord y2008 = sim.step(2008);
    EXPECT_NEAR(y2008.provinceFlows[kLossM3], curve(1, 1, 40) * 100, curve(1, 1, 40) * 100 * 1e-6);
    EXPECT_EQ(sim.state().age[0], 1);
    EXPECT_NEAR(sim.state().volume[0], curve(1, 1, 1), curve(1, 1, 1) * 1e-5);
    sim.step(2009);
    sim.step(2010);
    EXPECT_EQ(sim.state().age[0], 3);
    EXPECT_NEAR(sim.state().volume[0], curve(1, 1, 3), curve(1, 1, 3) * 1e-5);
}

// A partial disturbance (severity < 1) keeps the stand's age: it grows on
// from its reduced volume by the stocking response (0.6 < s_p: 0.6 / 0.65 of
// the increment).
TEST(RulesGrowth, PartialDisturbanceKeepsTheAgeAndGrowsInProportionToWhatIsLeft) {
    World w(1);
    auto& d = w.add(ProgrammeKind::Disturbance, 2008, 2008);
    d.areaHaPerYear = 100;
    d.severity = 0.4;
    d.eligible.landClasses = {LandClass::Forest};
    Simulation sim(w.scenario, species(), w.state, ThreadRunner(1, 1));
    sim.start();
    sim.step(2008);
    EXPECT_EQ(sim.state().age[0], 31);
    const double expected = 0.6 * curve(1, 1, 30) + (curve(1, 1, 31) - curve(1, 1, 30)) * 0.6 / kPlateau;
    EXPECT_NEAR(sim.state().volume[0], expected, curve(1, 1, 31) * 1e-5);
}

}  // namespace
}  // namespace forestsink
