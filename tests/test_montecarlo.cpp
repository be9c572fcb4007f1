// Monte Carlo: distributions, percentiles, target probabilities with a known
// answer, reproducibility; batches: sweep expansion and file errors.
#include "sim/programmes/ProgrammeKinds.h"
#include "CsvTable.h"
#include "SyntheticInputs.h"

#include "common/Error.h"
#include "app/BatchCommand.h"
#include "sim/MonteCarlo.h"
#include "sim/Sampling.h"
#include "sim/StateLoader.h"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <sstream>

namespace forestsink {
namespace {

namespace fs = std::filesystem;

struct Moments {
    double mean = 0, variance = 0, min = 1e300, max = -1e300;
};
Moments momentsOf(const Distribution& d, int n = 400000) {
    Rng rng(12345);
    std::vector<double> v(n);
    Moments m;
    for (double& x : v) x = sample(d, rng), m.mean += x, m.min = std::min(m.min, x), m.max = std::max(m.max, x);
    m.mean /= n;
    for (double x : v) m.variance += (x - m.mean) * (x - m.mean);
    m.variance /= n - 1;
    return m;
}

TEST(Distributions, NormalHasItsMeanAndSd) {
    const Moments m = momentsOf(Distribution{Distribution::Normal, 1.0, 0.1});
    EXPECT_NEAR(m.mean, 1.0, 0.001);
    EXPECT_NEAR(std::sqrt(m.variance), 0.1, 0.001);
}

TEST(Distributions, LogNormalHasItsMeanAndVariance) {
    // median m, sdlog s: mean = m·e^(s²/2), variance = (e^(s²) − 1)·m²·e^(s²).
    const double med = 2.0, s = 0.3;
    const Moments m = momentsOf(Distribution{Distribution::LogNormal, med, s});
    EXPECT_NEAR(m.mean, med * std::exp(s * s / 2), 0.005);
    EXPECT_NEAR(m.variance, (std::exp(s * s) - 1) * med * med * std::exp(s * s), 0.01);
}

TEST(Distributions, UniformHasItsMeanAndVarianceAndStaysInside) {
    const Moments m = momentsOf(Distribution{Distribution::Uniform, 0.95, 1.05});
    EXPECT_NEAR(m.mean, 1.0, 0.0005);
    EXPECT_NEAR(m.variance, 0.1 * 0.1 / 12, 2e-5);
    EXPECT_GE(m.min, 0.95);
    EXPECT_LE(m.max, 1.05);
}

TEST(Distributions, TriangularHasItsMeanAndVariance) {
    const double a = 0.67, c = 1.0, b = 1.21;  // low, mode, high
    const Moments m = momentsOf(Distribution{Distribution::Triangular, a, c, b});
    EXPECT_NEAR(m.mean, (a + b + c) / 3, 0.001);
    EXPECT_NEAR(m.variance, (a * a + b * b + c * c - a * b - a * c - b * c) / 18, 1e-4);
}

TEST(Distributions, TruncationKeepsDrawsWithinTheBounds) {
    Distribution d{Distribution::Normal, 1.0, 0.5};
    d.min = 0.8, d.max = 1.1;
    const Moments m = momentsOf(d, 100000);
    EXPECT_GE(m.min, 0.8);
    EXPECT_LE(m.max, 1.1);
    // Truncated normal: mean = μ + σ(φ(α) − φ(β))/(Φ(β) − Φ(α)).
    auto phi = [](double x) { return std::exp(-x * x / 2) / std::sqrt(2 * M_PI); };
    auto Phi = [](double x) { return 0.5 * std::erfc(-x / std::sqrt(2)); };
    const double alpha = (0.8 - 1) / 0.5, beta = (1.1 - 1) / 0.5;
    EXPECT_NEAR(m.mean, 1 + 0.5 * (phi(alpha) - phi(beta)) / (Phi(beta) - Phi(alpha)), 0.002);
}

TEST(Percentiles, InterpolateLikeNumpy) {
    const std::vector<double> v = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    EXPECT_DOUBLE_EQ(percentile(v, 5), 1.45);   // numpy.percentile(range(1, 11), 5)
    EXPECT_DOUBLE_EQ(percentile(v, 50), 5.5);
    EXPECT_DOUBLE_EQ(percentile(v, 95), 9.55);
    EXPECT_DOUBLE_EQ(percentile(v, 0), 1);
    EXPECT_DOUBLE_EQ(percentile(v, 100), 10);
    EXPECT_DOUBLE_EQ(percentile({7}, 95), 7);
}

// One forest cell, growth multiplier ~ uniform(0.5, 1.5), and a stock target
// that a draw reaches exactly when its multiplier is at least 0.8: P = 0.7.
TEST(MonteCarlo, ProbabilityOfReachingATargetMatchesTheKnownAnswer) {
    const SpeciesTable species = SpeciesTable::load(test::sourceDir() / "species" / "yunnan-species.csv");
    Scenario s;
    s.startYear = 2007;
    s.endYear = 2008;
    s.seed = 11;
    s.forestClasses = s.coverageClasses = {LandClass::Forest};
    Grid g;
    g.cols = g.rows = 1;
    CellState state;
    state.allocate(g);
    state.cellAreaHa = {100};
    state.regions = {{1, "zone"}};
    state.landClass[0] = LandClass::Forest;
    state.species[0] = 0;
    state.site[0] = 1;
    state.region[0] = 1;
    state.age[0] = 20;
    const SpeciesGroup& pine = species.group(0);
    state.volume[0] = static_cast<float>(pine.curveVolume(20, SiteClass::Medium));
    const double increment = pine.curveVolume(21, SiteClass::Medium) - pine.curveVolume(20, SiteClass::Medium);
    TargetSpec target;
    target.name = "stock";
    target.metric = TargetMetric::StockM3;
    target.year = 2008;
    target.value = (state.volume[0] + 0.8 * increment) * 100;
    s.targets = {target};
    s.uncertainty.growth = Distribution{Distribution::Uniform, 0.5, 1.5};
    const int draws = 4000;
    const auto results = runDraws(s, species, state, ThreadRunner(2, 1), draws);
    const double p = targetProbabilities(results, 1)[0];
    EXPECT_NEAR(p, 0.7, 4 * std::sqrt(0.7 * 0.3 / draws));
}

TEST(MonteCarlo, DrawsAreTheSameOnOneAndTwoThreads) {
    Scenario s = loadScenario(test::sourceDir() / "scenarios" / "yunnan-baseline.toml", programmeKinds());
    s.endYear = 2010;
    s.uncertainty.growth = Distribution{Distribution::LogNormal, 1.0, 0.1};
    s.uncertainty.disturbanceRate = Distribution{Distribution::LogNormal, 1.0, 0.3};
    const SpeciesTable species = SpeciesTable::load(s.speciesTable);
    const LoadedState loaded = loadState(s, species, ThreadRunner(2, 64));
    const auto a = runDraws(s, species, loaded.state, ThreadRunner(1, 64), 4);
    const auto b = runDraws(s, species, loaded.state, ThreadRunner(2, 17), 4);
    for (int d = 0; d < 4; ++d)
        for (std::size_t y = 0; y < a[d].years.size(); ++y)
            EXPECT_EQ(a[d].years[y].totals.province, b[d].years[y].totals.province) << "draw " << d << " year " << y;
    // Different draws differ.
    EXPECT_NE(a[0].years.back().totals.province[kStockM3], a[1].years.back().totals.province[kStockM3]);
}

// --- batches ---------------------------------------------------------------

fs::path writeBatch(const std::string& text) {
    const fs::path dir = test::freshDir("batch");
    const fs::path p = dir / "b.batch.toml";
    std::ofstream(p) << text;
    return p;
}

const std::string kScenario = (test::sourceDir() / "scenarios" / "yunnan-plan-2011-2020.toml").string();

TEST(Batch, CrossSweepMakesEveryCombination) {
    const Batch b = loadBatch(writeBatch(
        "scenarios = [\"" + kScenario + "\"]\n[[sweeps]]\nscenario = \"" + kScenario +
        "\"\nmode = \"cross\"\n[[sweeps.parameters]]\npath = \"programmes[Tending of young and middle-aged forest 2011-2015].growth_gain\"\n"
        "values = [0.1, 0.2, 0.3]\n[[sweeps.parameters]]\npath = \"seed\"\nvalues = [1, 2]\n"), programmeKinds());
    ASSERT_EQ(b.variants.size(), 7u);  // the scenario itself and 3 × 2
    EXPECT_EQ(b.variants[1].name, "yunnan-plan-2011-2020__growth_gain=0.1__seed=1");
    EXPECT_EQ(b.variants[6].name, "yunnan-plan-2011-2020__growth_gain=0.3__seed=2");
    const auto& tending = b.variants[6].scenario.programmes[9];
    EXPECT_EQ(tending.name, "Tending of young and middle-aged forest 2011-2015");
    EXPECT_DOUBLE_EQ(tending.growthGain, 0.3);
    EXPECT_EQ(b.variants[6].scenario.seed, 2u);
    EXPECT_DOUBLE_EQ(b.variants[0].scenario.programmes[9].growthGain, 0.15);  // untouched
}

TEST(Batch, ZipSweepPairsValues) {
    const Batch b = loadBatch(writeBatch(
        "[[sweeps]]\nscenario = \"" + kScenario +
        "\"\nmode = \"zip\"\n[[sweeps.parameters]]\npath = \"programmes[Afforestation of barren hills 2011-2015].species\"\n"
        "values = [\"Eucalyptus\", \"Alnus nepalensis\"]\n[[sweeps.parameters]]\npath = "
        "\"programmes[Afforestation of barren hills 2011-2015].stocking\"\nvalues = [0.6, 0.8]\n"), programmeKinds());
    ASSERT_EQ(b.variants.size(), 2u);
    EXPECT_EQ(b.variants[0].scenario.programmes[4].species->nameOrCode, "Eucalyptus");
    EXPECT_DOUBLE_EQ(b.variants[0].scenario.programmes[4].stocking, 0.6);
    EXPECT_EQ(b.variants[1].scenario.programmes[4].species->nameOrCode, "Alnus nepalensis");
    EXPECT_DOUBLE_EQ(b.variants[1].scenario.programmes[4].stocking, 0.8);
}

std::string batchError(const std::string& text) {
    try {
        loadBatch(writeBatch(text), programmeKinds());
    } catch (const Error& e) {
        return e.what();
    }
    return "";
}

TEST(Batch, ErrorsNameFileLineAndColumn) {
    const std::string sweep = "[[sweeps]]\nscenario = \"" + kScenario + "\"\n";
    EXPECT_NE(batchError(sweep + "mode = \"zip\"\n[[sweeps.parameters]]\npath = \"seed\"\nvalues = [1, 2]\n"
                                 "[[sweeps.parameters]]\npath = \"carbon_price_yuan_per_t_co2e\"\nvalues = [50]\n")
                  .find("b.batch.toml:8:8: a zip sweep needs the same number of values for every parameter; 'seed' has 2, "
                        "'carbon_price_yuan_per_t_co2e' has 1"),
              std::string::npos);
    EXPECT_NE(batchError(sweep + "[[sweeps.parameters]]\npath = \"programmes[Planting].stocking\"\nvalues = [0.5]\n")
                  .find("b.batch.toml:5:11: scenario " + kScenario + " has no programme named \"Planting\"; it has"),
              std::string::npos);
    EXPECT_NE(batchError(sweep + "[[sweeps.parameters]]\npath = \"growth\"\nvalues = [1]\n")
                  .find("b.batch.toml:5:1"), std::string::npos);
    EXPECT_NE(batchError(sweep + "[[sweeps.parameters]]\npath = \"seed\"\nvalues = [\"many\"]\n")
                  .find("b.batch.toml:5:11: 'seed' takes a number, not \"many\""),
              std::string::npos);
    EXPECT_NE(batchError("scenarioz = []\n").find("b.batch.toml:1:1: unknown key 'scenarioz' (did you mean 'scenarios'?)"),
              std::string::npos);
}

TEST(Batch, RunsEveryScenarioReadsInputsOnceAndCompares) {
    const fs::path demo = test::sourceDir() / "scenarios" / "yunnan-demo.toml";
    const fs::path file = writeBatch("name = \"t\"\nscenarios = [\"" + demo.string() + "\"]\n[[sweeps]]\nscenario = \"" +
                                     demo.string() + "\"\n[[sweeps.parameters]]\npath = \"seed\"\nvalues = [3, 4]\n");
    std::ostringstream log;
    BatchOptions o;
    o.batch = file;
    o.outDir = file.parent_path() / "out";
    o.threads = 2;
    o.log = &log;
    runBatch(o);
    EXPECT_NE(log.str().find("inputs read: 1 distinct sets for 3 scenarios"), std::string::npos) << log.str();
    const auto rows = test::readCsv(o.outDir / "comparison.csv");
    EXPECT_EQ(rows.size(), 3u * 4);  // 3 scenarios × 4 report years
    for (const auto& r : rows) {
        // Each row agrees with that scenario's own summary.
        for (const auto& s : test::readCsv(o.outDir / r.at("scenario") / "summary.csv"))
            if (s.at("region") == "all" && s.at("year") == r.at("year"))
                EXPECT_EQ(s.at("stock_m3"), r.at("stock_m3"));
    }
    std::ifstream png(o.outDir / "comparison.png", std::ios::binary);
    char magic[8] = {};
    png.read(magic, 8);
    EXPECT_EQ(std::string(magic + 1, 3), "PNG");
}

}  // namespace
}  // namespace forestsink
