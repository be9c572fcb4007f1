// forestsink-make-demo: builds a synthetic but calibrated province dataset
// (land class, species, age, volume, site class, region, elevation) on the
// Albers equal-area grid used for Chinese national rasters, at any resolution,
// deterministically from a seed.
//
//   forestsink-make-demo --province yunnan --resolution 1000 --seed 2007 --out data/yunnan-1km
//   forestsink-make-demo --province hubei --resolution 1000 --seed 2010 --out data/hubei-1km
//   forestsink-make-demo --subcompartments data/yunnan-xiaoban/subcompartments.gpkg --from data/yunnan-1km
//
// Calibration: land-class areas are set by score quantiles (exact to a cell
// at 1 km), forest stock by scaling the stocking of forest stands; the
// achieved figures are written to calibration.csv beside the layers.
#include "Noise.h"
#include "ProvinceModel.h"
#include "SubCompartments.h"

#include "common/CsvText.h"
#include "common/Error.h"
#include "common/TextFile.h"
#include "raster/Gdal.h"
#include "raster/Grid.h"
#include "species/BambooStand.h"
#include "species/SpeciesTable.h"

#include <CLI/CLI.hpp>
#include <cpl_string.h>
#include <fmt/format.h>
#include <fmt/os.h>
#include <gdal_alg.h>
#include <ogrsf_frmts.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>
#include <tbb/parallel_pipeline.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <vector>

namespace forestsink::demo {

std::unique_ptr<ProvinceModel> makeYunnanModel();
std::unique_ptr<ProvinceModel> makeHubeiModel();
std::unique_ptr<ProvinceModel> makeProvinceModel(const std::string& name) {
    if (name == "yunnan") return makeYunnanModel();
    if (name == "hubei") return makeHubeiModel();
    throw Error(fmt::format("unknown province '{}'; known: yunnan, hubei", name));
}

namespace {

namespace fs = std::filesystem;

constexpr const char* kAlbers = "+proj=aea +lat_1=25 +lat_2=47 +lat_0=0 +lon_0=105 +ellps=GRS80 +units=m +no_defs";
constexpr int kBandRows = 256;
constexpr int kHistogramBins = 1 << 20;

// Land-class codes of the demo rasters (mapped in scenarios/*.toml).
// Forest category of a stand: origin by species type, and public-welfare
// (ecological, 公益林) or commercial (商品林) forest by a stand-level draw.
// Shares are estimates [E]: about half of the forest of southern provinces is
// classed public-welfare, most of it natural; plantations are mostly commercial.
constexpr double kNaturalPublicWelfareShare = 0.60, kPlantationPublicWelfareShare = 0.25;

uint8_t forestCategory(bool plantation, double draw) {
    if (plantation) return draw < kPlantationPublicWelfareShare ? 3 : 4;
    return draw < kNaturalPublicWelfareShare ? 1 : 2;
}

// 1 tree forest, 3 other shrubland, 4 land suitable for forest (barren);
// 9–11 are the inventory classes added later (scenarios/LandClass.h).
enum Code : uint8_t {
    kForest = 1, kSparse = 2, kShrub = 3, kBarren = 4, kFarmland = 5, kBuiltUp = 6, kWater = 7, kOther = 8,
    kBamboo = 9, kSpecialShrub = 10, kUnclosed = 11
};

// Where bamboo grows among forest cells: patches tens of km across, below
// about 2,500 m (bamboo is a lowland and mid-mountain forest).
double bambooScore(const Place& p, double elevation, uint64_t seed) {
    return fractalNoise(seed ^ 0xBA3B00ULL, p.x, p.y, 20e3, 3) - clamp01((elevation - 1500) / 1000);
}

struct Histogram {
    double lo, hi;
    std::vector<uint64_t> counts = std::vector<uint64_t>(kHistogramBins, 0);
    int bin(double s) const {
        const double t = (s - lo) / (hi - lo);
        return std::clamp(static_cast<int>(t * kHistogramBins), 0, kHistogramBins - 1);
    }
    void add(double s) { ++counts[bin(s)]; }
    // Lowest bin whose cumulative count from the top reaches `cells`.
    int topBinsHolding(uint64_t cells) const {
        uint64_t sum = 0;
        for (int b = kHistogramBins - 1; b >= 0; --b)
            if ((sum += counts[b]) >= cells) return b;
        return 0;
    }
};

class Generator {
public:
    Generator(const ProvinceModel& model, double resolution, uint64_t seed, const fs::path& repo)
        : model_(model), resolution_(resolution), seed_(seed),
          species_(SpeciesTable::load(repo / "species" / model.speciesTableFile())) {
        initGdal();
        loadBoundary(repo / "data" / "boundaries" / model.boundaryFile());
        placeRegions();
    }

    void run(const fs::path& outDir);

private:
    void loadBoundary(const fs::path& path);
    void placeRegions();
    Place place(int col, int row) const {
        const double x = grid_.centreX(col), y = grid_.centreY(row);
        return {x, y, (x - envMinX_) / (envMaxX_ - envMinX_), (y - envMinY_) / (envMaxY_ - envMinY_)};
    }
    std::vector<uint8_t> mask(int firstRow, int rowCount) const;
    int bandCount() const { return (grid_.rows + kBandRows - 1) / kBandRows; }
    // fn(col, row, result) on every province cell of every band, bands in
    // parallel; returns one Result per band, in band order, so that sums made
    // from them do not depend on the thread count.
    template <typename Result, typename Fn> std::vector<Result> forEachCell(Fn fn) const;

    struct Cell {
        uint8_t landClass = 0, species = 0, site = 0;
        uint8_t category = 0;  // forest category code of a stand: 1–4 (kCategoryCodes), 0 none
        uint16_t age = 0, region = 0;
        float stocking = 0;  // forest stands: multiple of the curve (before stock calibration)
        float volume = 0;    // sparse forest: m³/ha as is
        int16_t elevation = 0;
    };
    Cell describe(int col, int row) const;

    const ProvinceModel& model_;
    double resolution_;
    uint64_t seed_;
    SpeciesTable species_;
    std::unique_ptr<OGRGeometry> boundary_;
    double envMinX_ = 0, envMaxX_ = 0, envMinY_ = 0, envMaxY_ = 0;
    Grid grid_;
    std::vector<std::array<double, 2>> regionCentres_;
    double nonForestThreshold_ = 0;
    double mix_ = 0.5;  // conifer–broadleaf balance (calibrated where the province has a carbon target)
    // forest (tree or bamboo) ≥ t0 > special shrub ≥ t1 > sparse ≥ t2 > other shrub ≥ t3 > un-closed ≥ t4 > barren
    std::array<double, 5> forestThresholds_{};
    double bambooThreshold_ = 0;  // forest cells with a bamboo score at or above it are bamboo
};

void Generator::loadBoundary(const fs::path& path) {
    GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    if (!ds) throw Error(fmt::format("{}: cannot read the boundary", path.string()));
    OGRLayer* layer = ds->GetLayer(0);
    OGRSpatialReference albers;
    albers.SetFromUserInput(kAlbers);
    albers.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    auto geometry = std::make_unique<OGRMultiPolygon>();
    for (auto& feature : *layer) {
        std::unique_ptr<OGRGeometry> g(feature->GetGeometryRef()->clone());
        g->transformTo(&albers);
        if (auto* mp = dynamic_cast<OGRMultiPolygon*>(g.get()))
            for (auto* poly : *mp) geometry->addGeometry(poly);
        else
            geometry->addGeometry(g.get());
    }
    boundary_ = std::move(geometry);
    OGREnvelope env;
    boundary_->getEnvelope(&env);
    envMinX_ = env.MinX, envMaxX_ = env.MaxX, envMinY_ = env.MinY, envMaxY_ = env.MaxY;
    // Snap the grid to multiples of the resolution so grids of different
    // resolutions nest.
    const double minX = std::floor(env.MinX / resolution_) * resolution_;
    const double maxX = std::ceil(env.MaxX / resolution_) * resolution_;
    const double minY = std::floor(env.MinY / resolution_) * resolution_;
    const double maxY = std::ceil(env.MaxY / resolution_) * resolution_;
    char* wkt = nullptr;
    const char* options[] = {"FORMAT=WKT2_2019", nullptr};
    albers.exportToWkt(&wkt, options);
    grid_.crsWkt = wkt;
    CPLFree(wkt);
    grid_.geotransform = {minX, resolution_, 0, maxY, 0, -resolution_};
    grid_.cols = static_cast<int>(std::lround((maxX - minX) / resolution_));
    grid_.rows = static_cast<int>(std::lround((maxY - minY) / resolution_));
}

void Generator::placeRegions() {
    // Farthest-point sampling of a 20 km lattice of points inside the
    // province: well-spread centres, the same at every resolution.
    std::vector<std::array<double, 2>> candidates;
    for (double y = envMinY_ + 10e3; y < envMaxY_; y += 20e3)
        for (double x = envMinX_ + 10e3; x < envMaxX_; x += 20e3) {
            OGRPoint pt(x, y);
            if (boundary_->Contains(&pt)) candidates.push_back({x, y});
        }
    regionCentres_.push_back(candidates[mix64(seed_) % candidates.size()]);
    std::vector<double> nearest(candidates.size(), 1e300);
    while (static_cast<int>(regionCentres_.size()) < model_.regionCount()) {
        std::size_t best = 0;
        for (std::size_t i = 0; i < candidates.size(); ++i) {
            const auto& c = regionCentres_.back();
            nearest[i] = std::min(nearest[i], std::hypot(candidates[i][0] - c[0], candidates[i][1] - c[1]));
            if (nearest[i] > nearest[best]) best = i;
        }
        regionCentres_.push_back(candidates[best]);
    }
    // Number zones from north-west to south-east, so the ids read like a map.
    std::sort(regionCentres_.begin(), regionCentres_.end(), [](const auto& a, const auto& b) {
        return std::round(a[1] / 150e3) != std::round(b[1] / 150e3) ? a[1] > b[1] : a[0] < b[0];
    });
}

std::vector<uint8_t> Generator::mask(int firstRow, int rowCount) const {
    GDALDriver* mem = GetGDALDriverManager()->GetDriverByName("MEM");
    GDALDatasetUniquePtr ds(mem->Create("", grid_.cols, rowCount, 1, GDT_Byte, nullptr));
    std::array<double, 6> gt = grid_.geotransform;
    gt[3] += firstRow * gt[5];
    ds->SetGeoTransform(gt.data());
    int band = 1;
    double burn = 1;
    OGRGeometryH g = OGRGeometry::ToHandle(boundary_.get());
    if (GDALRasterizeGeometries(GDALDataset::ToHandle(ds.get()), 1, &band, 1, &g, nullptr, nullptr, &burn, nullptr,
                                nullptr, nullptr) != CE_None)
        throw Error("rasterizing the boundary failed: " + lastGdalError());
    std::vector<uint8_t> out(static_cast<std::size_t>(grid_.cols) * rowCount);
    if (ds->GetRasterBand(1)->RasterIO(GF_Read, 0, 0, grid_.cols, rowCount, out.data(), grid_.cols, rowCount, GDT_Byte,
                                       0, 0, nullptr) != CE_None)
        throw Error("reading the rasterized boundary failed");
    return out;
}

template <typename Result, typename Fn>
std::vector<Result> Generator::forEachCell(Fn fn) const {
    std::vector<Result> results(bandCount());
    tbb::parallel_for(0, bandCount(), [&](int b) {
        const int first = b * kBandRows, count = std::min(kBandRows, grid_.rows - first);
        const auto inside = mask(first, count);
        for (int r = 0; r < count; ++r)
            for (int c = 0; c < grid_.cols; ++c)
                if (inside[static_cast<std::size_t>(r) * grid_.cols + c]) fn(c, first + r, results[b]);
    });
    return results;
}

Generator::Cell Generator::describe(int col, int row) const {
    const Place p = place(col, row);
    Cell cell;
    const double e = model_.elevation(p, seed_);
    cell.elevation = static_cast<int16_t>(std::lround(e));
    // Region: nearest zone centre.
    double best = 1e300;
    for (std::size_t i = 0; i < regionCentres_.size(); ++i) {
        const double d = std::hypot(p.x - regionCentres_[i][0], p.y - regionCentres_[i][1]);
        if (d < best) best = d, cell.region = static_cast<uint16_t>(i + 1);
    }
    // Stand-level randomness: a 250 m lattice, so that at 30 m a stand spans
    // several cells and at 1 km every cell is its own stand.
    const auto sx = static_cast<int64_t>(std::floor(p.x / 250.0)), sy = static_cast<int64_t>(std::floor(p.y / 250.0));
    const uint64_t stand = hash3(seed_, sx, sy, 0x57A4D);

    if (model_.nonForestScore(p, e, seed_) >= nonForestThreshold_) {
        const double h = unit(mix64(stand ^ 0x11));
        cell.landClass = h < 0.78 ? kFarmland : h < 0.84 ? kBuiltUp : h < 0.87 ? kWater : kOther;
        return cell;
    }
    const double f = model_.forestScore(p, e, seed_);
    cell.landClass = f >= forestThresholds_[0] ? (bambooScore(p, e, seed_) >= bambooThreshold_ ? kBamboo : kForest)
                     : f >= forestThresholds_[1] ? kSpecialShrub
                     : f >= forestThresholds_[2] ? kSparse
                     : f >= forestThresholds_[3] ? kShrub
                     : f >= forestThresholds_[4] ? kUnclosed
                                                 : kBarren;
    if (cell.landClass != kForest && cell.landClass != kSparse) return cell;

    cell.species = static_cast<uint8_t>(model_.speciesCode(p, e, seed_, mix_));
    const SpeciesGroup& g = species_.group(*species_.indexOfCode(cell.species));
    cell.category = forestCategory(model_.isPlantation(cell.species), unit(mix64(stand ^ 0x55)));
    // Site class: patchy fertility, poorer high up.
    const double fertility = toUniform(fractalNoise(seed_ ^ 0x517EULL, p.x, p.y, 15e3, 3)) -
                             0.15 * clamp01((e - 2500) / 1500);
    cell.site = fertility > 0.75 ? 1 : fertility > 0.25 ? 2 : 3;

    // Age: an age class by the province's structure (plantations younger),
    // then uniform within the class.
    const double pick = unit(mix64(stand ^ 0x22));
    static constexpr std::array<double, 5> natural = {0.30, 0.28, 0.17, 0.17, 0.08};
    static constexpr std::array<double, 5> planted = {0.45, 0.30, 0.12, 0.10, 0.03};
    const auto& shares = model_.isPlantation(cell.species) ? planted : natural;
    const std::array<int, 6> edges = {0, g.ageClassMax[0], g.ageClassMax[1], g.ageClassMax[2], g.ageClassMax[3],
                                      g.ageClassMax[3] + (g.ageClassMax[3] - g.ageClassMax[2])};
    int ageClass = 0;
    for (double acc = shares[0]; ageClass < 4 && pick >= acc; acc += shares[++ageClass]) {}
    const double within = unit(mix64(stand ^ 0x33));
    cell.age = static_cast<uint16_t>(edges[ageClass] + 1 +
                                     std::floor(within * (edges[ageClass + 1] - edges[ageClass])));

    if (cell.landClass == kSparse) {
        // Sparse stands (canopy density 0.10–0.19) carry 10–25 % of the
        // stocking of a closed stand of their age [E].
        const double share = 0.10 + 0.15 * unit(mix64(stand ^ 0x44));
        cell.volume = static_cast<float>(share * g.curveVolume(cell.age, static_cast<SiteClass>(cell.site - 1)));
        return cell;
    }
    // Stocking relative to the curve: log-normal spread; 30 % of stands are
    // degraded to half stocking (the low-yield share the plan improves).
    // The spread is clipped at +2.4 sd so no stand is implausibly overstocked.
    double stocking = std::exp(0.25 * std::min(2.4, normal(mix64(stand ^ 0x55))));
    if (unit(mix64(stand ^ 0x66)) < 0.30) stocking *= 0.5;
    cell.stocking = static_cast<float>(stocking);
    return cell;
}

void Generator::run(const fs::path& outDir) {
    const double cellHa = resolution_ * resolution_ / 1e4;
    // Histograms hold integer counts, so per-thread copies sum to the same
    // thresholds whatever the thread count.
    tbb::enumerable_thread_specific<Histogram> histograms1(Histogram{-3, 3}), histograms2(Histogram{-3, 3});
    auto merged = [](tbb::enumerable_thread_specific<Histogram>& parts) {
        Histogram h{-3, 3};
        for (const Histogram& p : parts)
            for (int b = 0; b < kHistogramBins; ++b) h.counts[b] += p.counts[b];
        return h;
    };

    // Pass 1: non-forest land takes the highest non-forest scores.
    uint64_t provinceCells = 0;
    for (uint64_t n : forEachCell<uint64_t>([&](int c, int r, uint64_t& cells) {
             const Place p = place(c, r);
             histograms1.local().add(model_.nonForestScore(p, model_.elevation(p, seed_), seed_));
             ++cells;
         }))
        provinceCells += n;
    const Histogram h1 = merged(histograms1);
    const double provinceHa = provinceCells * cellHa;
    const Targets t = model_.targets(provinceHa);
    const auto nonForestCells = static_cast<uint64_t>(std::llround((provinceHa - t.forestryLandHa) / cellHa));
    nonForestThreshold_ = h1.lo + (h1.hi - h1.lo) * h1.topBinsHolding(nonForestCells) / kHistogramBins;

    // Pass 2: forestry land ranked by forest score: forest (tree forest and
    // bamboo), special shrubland, sparse forest, other shrubland, un-closed
    // plantations, barren land.
    forEachCell<char>([&](int c, int r, char&) {
        const Place p = place(c, r);
        const double e = model_.elevation(p, seed_);
        if (model_.nonForestScore(p, e, seed_) < nonForestThreshold_)
            histograms2.local().add(model_.forestScore(p, e, seed_));
    });
    const Histogram h2 = merged(histograms2);
    double cumulative = 0;
    const double shares[] = {t.forestHa - t.specialShrubHa, t.specialShrubHa, t.sparseHa, t.shrubHa, t.unclosedHa};
    for (int i = 0; i < 5; ++i) {
        cumulative += shares[i];
        const int bin = h2.topBinsHolding(static_cast<uint64_t>(std::llround(cumulative / cellHa)));
        forestThresholds_[i] = h2.lo + (h2.hi - h2.lo) * bin / kHistogramBins;
    }
    // Pass 2b: bamboo takes the forest cells of highest bamboo score.
    tbb::enumerable_thread_specific<Histogram> histograms3(Histogram{-3, 3});
    forEachCell<char>([&](int c, int r, char&) {
        const Place p = place(c, r);
        const double e = model_.elevation(p, seed_);
        if (model_.nonForestScore(p, e, seed_) < nonForestThreshold_ && model_.forestScore(p, e, seed_) >= forestThresholds_[0])
            histograms3.local().add(bambooScore(p, e, seed_));
    });
    const Histogram h3 = merged(histograms3);
    bambooThreshold_ = t.bambooHa > 0 ? h3.lo + (h3.hi - h3.lo) * h3.topBinsHolding(static_cast<uint64_t>(std::llround(t.bambooHa / cellHa))) / kHistogramBins
                                      : 1e300;

    // Pass 3: stock and carbon before scaling, to calibrate the stocking of
    // forest stands (and, with a carbon target, the species mix). Also the
    // mean unscaled stock of each species × site, for the low-yield share.
    double stockScale = 1;
    struct BandStock {
        double forestStock = 0, sparseStock = 0, fixedCarbon = 0, carbonPerScale = 0;
        std::map<std::pair<int, int>, std::pair<double, double>> bySpeciesSite;  // sum of V, cells
    };
    std::map<std::pair<int, int>, std::pair<double, double>> stockBySpeciesSite;
    auto calibrateStock = [&] {
        const auto bands = forEachCell<BandStock>([&](int c, int r, BandStock& b) {
            const Cell cell = describe(c, r);
            if (cell.landClass == kBamboo) b.fixedCarbon += kBambooCarbonTPerHa * cellHa;
            if (cell.landClass != kForest && cell.landClass != kSparse) return;
            const SpeciesGroup& g = species_.group(*species_.indexOfCode(cell.species));
            if (cell.landClass == kSparse) {
                b.sparseStock += cell.volume * cellHa;
                b.fixedCarbon += g.carbonFraction * g.totalBiomass(cell.volume) * cellHa;
                return;
            }
            const double v = cell.stocking * g.curveVolume(cell.age, static_cast<SiteClass>(cell.site - 1));
            b.forestStock += v * cellHa;
            if (v > 0) b.fixedCarbon += g.carbonFraction * g.biomassA * cellHa;
            b.carbonPerScale += g.carbonFraction * g.biomassB * v * cellHa;
            auto& s = b.bySpeciesSite[{cell.species, cell.site}];
            s.first += v, s.second += 1;
        });
        BandStock all;
        for (const BandStock& b : bands) {
            all.forestStock += b.forestStock, all.sparseStock += b.sparseStock;
            all.fixedCarbon += b.fixedCarbon, all.carbonPerScale += b.carbonPerScale;
            for (const auto& [key, s] : b.bySpeciesSite) {
                auto& a = all.bySpeciesSite[key];
                a.first += s.first, a.second += s.second;
            }
        }
        stockBySpeciesSite = all.bySpeciesSite;
        stockScale = (t.stockM3 - (t.stockIncludesSparse ? all.sparseStock : 0.0)) / all.forestStock;
        return all.fixedCarbon + stockScale * all.carbonPerScale;  // tree carbon once the stock is calibrated
    };
    calibrateStock();
    if (t.carbonT) {
        // More broadleaf (higher mix) means more carbon per m³: bisect the mix.
        double lo = 0, hi = 1;
        for (int i = 0; i < 24; ++i) {
            mix_ = (lo + hi) / 2;
            (calibrateStock() < *t.carbonT ? lo : hi) = mix_;
        }
        mix_ = (lo + hi) / 2;
        calibrateStock();
    }
    // Pass 4: write the layers band by band (each tile row written once).
    fs::create_directories(outDir);
    GDALDriver* gtiff = GetGDALDriverManager()->GetDriverByName("GTiff");
    struct Layer {
        const char* file;
        GDALDataType type;
        double nodata;
        const char* description;
        const char* units;
        GDALDatasetUniquePtr ds;
    };
    std::vector<Layer> layers;
    layers.push_back({"land_class.tif", GDT_Byte, 0, "land class (1 tree forest, 2 sparse forest, 3 other shrubland, "
                      "4 land suitable for forest (barren), 5 farmland, 6 built-up, 7 water, 8 other, 9 bamboo, "
                      "10 special shrubland, 11 un-closed plantation)", "class", nullptr});
    layers.push_back({"species.tif", GDT_Byte, 255, "species group code (0 no trees)", "code", nullptr});
    layers.push_back({"age.tif", GDT_UInt16, 65535, "stand age", "years", nullptr});
    layers.push_back({"volume.tif", GDT_Float32, -9999, "stand volume", "m3/ha", nullptr});
    layers.push_back({"site_class.tif", GDT_Byte, 0, "site class (1 good, 2 medium, 3 poor)", "class", nullptr});
    layers.push_back({"region.tif", GDT_UInt16, 0, "demo zone id (synthetic, not real prefectures)", "id", nullptr});
    layers.push_back({"elevation.tif", GDT_Int16, -32768, "synthetic elevation", "m", nullptr});
    layers.push_back({"forest_category.tif", GDT_Byte, 0, "forest category of stands (1 natural public-welfare, "
                      "2 natural commercial, 3 plantation public-welfare, 4 plantation commercial)", "class", nullptr});
    const fs::path tmpDir = outDir / ".partial";
    fs::create_directories(tmpDir);
    for (auto& l : layers) {
        CPLStringList o;
        o.SetNameValue("TILED", "YES");
        o.SetNameValue("BLOCKXSIZE", "256");
        o.SetNameValue("BLOCKYSIZE", std::to_string(kBandRows).c_str());
        o.SetNameValue("COMPRESS", "DEFLATE");
        o.SetNameValue("ZLEVEL", "6");
        o.SetNameValue("PREDICTOR", GDALDataTypeIsFloating(l.type) ? "3" : "2");
        o.SetNameValue("BIGTIFF", "IF_SAFER");
        l.ds.reset(gtiff->Create((tmpDir / l.file).c_str(), grid_.cols, grid_.rows, 1, l.type, o.List()));
        if (!l.ds) throw Error(fmt::format("{}: cannot create ({})", (tmpDir / l.file).string(), lastGdalError()));
        applyGrid(*l.ds, grid_);
        l.ds->SetMetadataItem("SOURCE", fmt::format("forestsink-make-demo --province {} --resolution {:g} --seed {} "
                                                    "(synthetic demo data)", model_.name(), resolution_, seed_).c_str());
        l.ds->GetRasterBand(1)->SetNoDataValue(l.nodata);
        l.ds->GetRasterBand(1)->SetDescription(l.description);
        l.ds->GetRasterBand(1)->SetUnitType(l.units);
    }

    // Bands are described in parallel and written in order, each layer of a
    // band by its own task: every dataset is used by one thread at a time and
    // every compressed tile row is written once.
    struct Band {
        int first = 0, count = 0;
        std::vector<std::vector<double>> values;  // by layer
        std::map<int, double> classHa;
        double stock = 0, livingStock = 0, carbon = 0, youngMiddleHa = 0, lowYieldHa = 0;
    };
    std::map<int, double> classHa;
    double stock = 0, livingStock = 0, carbon = 0, youngMiddleHa = 0, lowYieldHa = 0;
    auto describeBand = [&](Band& band) {
        const auto inside = mask(band.first, band.count);
        const std::size_t n = static_cast<std::size_t>(grid_.cols) * band.count;
        band.values.resize(layers.size());
        for (std::size_t l = 0; l < layers.size(); ++l) band.values[l].assign(n, layers[l].nodata);
        auto& v = band.values;
        for (std::size_t i = 0; i < n; ++i) {
            if (!inside[i]) continue;
            const int col = static_cast<int>(i % grid_.cols), row = band.first + static_cast<int>(i / grid_.cols);
            const Cell cell = describe(col, row);
            float volume = cell.volume;
            if (cell.landClass == kForest) {
                const SpeciesGroup& g = species_.group(*species_.indexOfCode(cell.species));
                const double curve = g.curveVolume(cell.age, static_cast<SiteClass>(cell.site - 1));
                volume = static_cast<float>(stockScale * cell.stocking * curve);
                band.stock += volume * cellHa;
                if (cell.age <= g.ageClassMax[1]) band.youngMiddleHa += cellHa;
                // Low-yield: below 0.7 of the mean stock of its species and site.
                const auto& s = stockBySpeciesSite.at({cell.species, cell.site});
                if (volume < 0.7 * stockScale * s.first / s.second) band.lowYieldHa += cellHa;
            }
            band.classHa[cell.landClass] += cellHa;
            if (cell.landClass == kBamboo) band.carbon += kBambooCarbonTPerHa * cellHa;
            const bool trees = cell.landClass == kForest || cell.landClass == kSparse;
            if (trees) {
                const SpeciesGroup& g = species_.group(*species_.indexOfCode(cell.species));
                band.livingStock += volume * cellHa;
                band.carbon += g.carbonFraction * g.totalBiomass(volume) * cellHa;
            }
            v[0][i] = cell.landClass;
            v[1][i] = trees ? cell.species : 0;
            v[2][i] = trees ? cell.age : 0;
            v[3][i] = trees ? volume : 0;
            v[4][i] = trees ? cell.site : 2;
            v[5][i] = cell.region;
            v[6][i] = cell.elevation;
            v[7][i] = trees ? cell.category : 0;
        }
    };
    auto writeBand = [&](const Band& band) {
        tbb::parallel_for(std::size_t{0}, layers.size(), [&](std::size_t l) {
            auto& layer = layers[l];
            if (layer.ds->GetRasterBand(1)->RasterIO(GF_Write, 0, band.first, grid_.cols, band.count,
                                                     const_cast<double*>(band.values[l].data()), grid_.cols,
                                                     band.count, GDT_Float64, 0, 0, nullptr) != CE_None)
                throw Error(fmt::format("{}: writing failed ({})", layer.file, lastGdalError()));
        });
        for (const auto& [c, ha] : band.classHa) classHa[c] += ha;
        stock += band.stock, livingStock += band.livingStock, carbon += band.carbon;
        youngMiddleHa += band.youngMiddleHa, lowYieldHa += band.lowYieldHa;
    };
    int nextBand = 0;
    tbb::parallel_pipeline(
        2 * tbb::this_task_arena::max_concurrency(),
        tbb::make_filter<void, std::shared_ptr<Band>>(tbb::filter_mode::serial_in_order,
                                                      [&](tbb::flow_control& fc) -> std::shared_ptr<Band> {
                                                          if (nextBand == bandCount()) {
                                                              fc.stop();
                                                              return nullptr;
                                                          }
                                                          auto band = std::make_shared<Band>();
                                                          band->first = nextBand++ * kBandRows;
                                                          band->count = std::min(kBandRows, grid_.rows - band->first);
                                                          return band;
                                                      }) &
            tbb::make_filter<std::shared_ptr<Band>, std::shared_ptr<Band>>(
                tbb::filter_mode::parallel, [&](std::shared_ptr<Band> band) {
                    describeBand(*band);
                    return band;
                }) &
            tbb::make_filter<std::shared_ptr<Band>, void>(tbb::filter_mode::serial_in_order,
                                                          [&](std::shared_ptr<Band> band) { writeBand(*band); }));
    for (auto& l : layers) {
        l.ds.reset();
        fs::rename(tmpDir / l.file, outDir / l.file);
    }
    fs::remove_all(tmpDir);

    // CSV fields escaped by GDAL, as the program writes its own tables (common/CsvText.h).
    {
        std::string csv = "id,name\n";
        for (int i = 1; i <= model_.regionCount(); ++i)
            csv += fmt::format("{},{}\n", i, csvText(fmt::format("Demo zone {:02d} (synthetic; not a real prefecture)", i)));
        writeTextFile(outDir / "regions.csv", csv);
    }
    {
        auto source = [&](const char* key) {
            const auto it = t.sources.find(key);
            return it == t.sources.end() ? std::string() : it->second;
        };
        std::string csv = "quantity,target,generated,unit,source\n";
        auto row = [&](const std::string& quantity, const std::string& target, double generated, const char* unit,
                       const std::string& note) {
            csv += fmt::format("{},{},{:.0f},{},{}\n", csvText(quantity), target, generated, unit, csvText(note));
        };
        auto whole = [](double v) { return fmt::format("{:.0f}", v); };
        row("province area", "", provinceHa, "ha", fmt::format("boundary polygon rasterized at {:g} m", resolution_));
        const double forestHa = classHa[kForest] + classHa[kBamboo] + classHa[kSpecialShrub];
        row("forestry land", whole(t.forestryLandHa),
            forestHa + classHa[kSparse] + classHa[kShrub] + classHa[kUnclosed] + classHa[kBarren], "ha",
            source("forestry_land"));
        row("forest area (tree forest + bamboo + special shrubland)", whole(t.forestHa), forestHa, "ha", source("forest"));
        row("tree forest", whole(t.forestHa - t.bambooHa - t.specialShrubHa), classHa[kForest], "ha",
            "derived: forest area minus bamboo and special shrubland");
        row("bamboo", whole(t.bambooHa), classHa[kBamboo], "ha", source("bamboo"));
        row("special shrubland", whole(t.specialShrubHa), classHa[kSpecialShrub], "ha", source("special_shrub"));
        row("land suitable for forest (barren)", whole(t.barrenHa), classHa[kBarren], "ha", source("barren"));
        row("other shrubland", whole(t.shrubHa), classHa[kShrub], "ha", source("shrub"));
        row("un-closed plantation", whole(t.unclosedHa), classHa[kUnclosed], "ha", source("unclosed"));
        row("sparse forest", whole(t.sparseHa), classHa[kSparse], "ha", source("sparse"));
        row(t.stockIncludesSparse ? "total living stock" : "forest stock", whole(t.stockM3),
            t.stockIncludesSparse ? livingStock : stock, "m3", source("stock"));
        if (t.carbonT)
            row("tree carbon", whole(*t.carbonT), carbon, "t C",
                fmt::format("{}; matched by the conifer-broadleaf mix ({:.4f})", source("carbon"), mix_));
        if (t.minLowYieldHa)
            row("low-yield forest (stock < 0.7 of its species and site mean)", whole(*t.minLowYieldHa), lowYieldHa, "ha",
                "at least the plan's improvement area");
        if (t.minYoungMiddleHa)
            row("young and middle-aged forest", whole(*t.minYoungMiddleHa), youngMiddleHa, "ha",
                "at least the plan's tending area");
        writeTextFile(outDir / "calibration.csv", csv);
    }
    fmt::print("{}: {} × {} cells of {:g} m; province {:.3f} Mha; forest {:.3f} Mha; forest stock {:.4f} billion m³; "
               "living stock {:.4f}; carbon {:.2f} Mt C; barren {:.3f} Mha; low-yield {:.2f} Mha; young+middle "
               "{:.2f} Mha; stocking scale {:.3f}; mix {:.4f}\n",
               outDir.string(), grid_.cols, grid_.rows, resolution_, provinceHa / 1e6,
               (classHa[kForest] + classHa[kBamboo] + classHa[kSpecialShrub]) / 1e6,
               stock / 1e9, livingStock / 1e9, carbon / 1e6, classHa[kBarren] / 1e6, lowYieldHa / 1e6,
               youngMiddleHa / 1e6, stockScale, mix_);
}

}  // namespace
}  // namespace forestsink::demo

int main(int argc, char** argv) {
    CLI::App app{"forestsink-make-demo: synthetic, calibrated province datasets for forestsink"};
    std::string province = "yunnan";
    double resolution = 1000;
    uint64_t seed = 2007;
    std::string out;
    std::string repo = FORESTSINK_SOURCE_DIR;
    std::string subcompartments, from;
    std::vector<int> window = {530, 400, 30, 24};
    app.add_option("--province", province, "Province model")->capture_default_str()->check(CLI::IsMember({"yunnan", "hubei"}));
    app.add_option("--resolution", resolution, "Cell size in metres (1000, 250, 100, 30, …)")
        ->capture_default_str()
        ->check(CLI::Range(10.0, 100000.0));
    app.add_option("--seed", seed, "Seed")->capture_default_str();
    app.add_option("--out", out, "Output folder");
    app.add_option("--subcompartments", subcompartments,
                   "Instead: write sub-compartment polygons (GeoPackage) made from the layers in --from");
    app.add_option("--from", from, "Folder of demo layers for --subcompartments");
    app.add_option("--window", window, "Window of --from for --subcompartments: column row columns rows")
        ->expected(4)
        ->capture_default_str();
    app.add_option("--repo", repo, "forestsink source tree (boundaries, species tables)")->capture_default_str();
    CLI11_PARSE(app, argc, argv);
    try {
        if (!subcompartments.empty()) {
            if (from.empty()) throw forestsink::Error("--subcompartments needs --from FOLDER of demo layers");
            forestsink::demo::writeSubCompartments(from, {window[0], window[1], window[2], window[3]}, subcompartments);
            return 0;
        }
        if (out.empty()) throw forestsink::Error("--out FOLDER is required");
        auto model = forestsink::demo::makeProvinceModel(province);
        forestsink::demo::Generator(*model, resolution, seed, repo).run(out);
    } catch (const std::exception& e) {
        std::cerr << "forestsink-make-demo: error: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
