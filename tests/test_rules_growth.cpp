// Growth rules, one test per behaviour, on small in-memory grids. Expected
// values come from the Chapman–Richards curve evaluated here from the species
// table's parameters, V(t) = vmax·s·(1 − e^(−kt))^c, and from the growth rule
// of README.md: V(a+1) = V + min(V/C(a), 1.5)·(C(a+1) − C(a)), a new stand
// (age 0) starting on its curve at its planting stocking.
#include "RowOfCells.h"
#include "sim/programmes/ProgrammeKinds.h"
#include "SyntheticInputs.h"
#include "YunnanSpecies.h"

#include "sim/CellState.h"
#include "sim/Simulation.h"
#include "sim/StateLoader.h"

#include <gtest/gtest.h>

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
// from its reduced volume in proportion to its stocking.
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
    EXPECT_NEAR(sim.state().volume[0], 0.6 * curve(1, 1, 31), curve(1, 1, 31) * 1e-5);
}

}  // namespace
}  // namespace forestsink
