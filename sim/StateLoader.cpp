#include "sim/StateLoader.h"
#include "sim/RowBands.h"
#include "sim/CompiledProgramme.h"
#include "sim/Stands.h"

#include "common/ProgressSink.h"

#include "common/CsvFile.h"
#include "common/Error.h"
#include "raster/AlignedLayer.h"
#include "raster/CellArea.h"
#include "raster/Gdal.h"
#include "raster/LayerRows.h"
#include "raster/PolygonLattice.h"
#include "sim/MemoryNeed.h"

#include <fmt/format.h>
#include <functional>
#include <future>
#include <malloc.h>
#include <tbb/enumerable_thread_specific.h>

#include <algorithm>
#include <atomic>
#include <bitset>
#include <chrono>
#include <cmath>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <tuple>

namespace forestsink {
namespace {

// The layers as one thread sees them: GDAL datasets are per thread.
struct LayerSet {
    std::unique_ptr<AlignedLayer> landClass, species, age, volume, site, region, category;
    // Whether any layer was aligned by the warper: only such a layer can miss a
    // cell of the grid (covers), so a run without one skips the per-cell tests.
    bool anyWarped = false;
};

// The vector layers' attributes on the grid, by scenario layer name. Each
// (file, layer, rule) is rasterised once, here, and shared by every thread
// and by every field read from it.
using VectorInputs = std::map<std::string, std::shared_ptr<const FeatureField>>;

// What a vector layer's attribute may hold, for messages about a value that is not a number.
std::string allowedValues(const std::string& layer) {
    if (layer == "age") return "a number of years, 0 to 5000";
    if (layer == "volume") return "a number of m³/ha, 0 to 20000";
    if (layer == "species") return "numeric codes of the species table";
    if (layer == "region") return "numeric region ids, or region names in a text field";
    return "numeric codes of [layers." + layer + ".codes]";
}

VectorInputs rasteriseVectorLayers(const Scenario& s, const Grid& grid) {
    VectorInputs out;
    std::map<std::tuple<std::string, std::string, RasterizeRule>, std::shared_ptr<const FeatureRaster>> rasterised;
    for (const LayerSpec* spec : s.layers()) {
        if (!spec->vector) continue;
        const VectorSelection& v = *spec->vector;
        auto& features = rasterised[{spec->path.string(), v.layer, burnRule(v.rule)}];
        if (!features)
            features = std::make_shared<FeatureRaster>(spec->path, v.layer, v.rule, grid, "layer '" + spec->name + "'");
        auto field = std::make_shared<FeatureField>();
        field->features = features;
        field->field = v.field;
        field->values = features->read(v.field, spec->name == "region", allowedValues(spec->name),
                                        "layer '" + spec->name + "'");
        if (!field->values.names.empty() && s.regionNames)
            throw Error(fmt::format("{}: layer 'region': field {} holds region names already; 'names' is for numeric "
                                    "region ids",
                                    spec->where, v.field));
        out[spec->name] = std::move(field);
    }
    return out;
}

// Every state layer by nearest neighbour, all from the same source cell: a
// cell on a coarser grid keeps one source stand whole (scenarios/README.md,
// "How each layer meets the grid").
LayerSource sourceOf(const LayerSpec& spec, const VectorInputs& vectors) {
    const auto v = vectors.find(spec.name);
    return LayerSource{spec.name, spec.path, Resampling::Nearest, v == vectors.end() ? nullptr : v->second};
}

std::unique_ptr<LayerSet> openLayers(const Scenario& s, const Grid& grid, const VectorInputs& v) {
    auto set = std::make_unique<LayerSet>();
    set->landClass = std::make_unique<AlignedLayer>(sourceOf(s.landClass, v), grid);
    set->species = std::make_unique<AlignedLayer>(sourceOf(s.species, v), grid);
    set->age = std::make_unique<AlignedLayer>(sourceOf(s.age, v), grid);
    set->volume = std::make_unique<AlignedLayer>(sourceOf(s.volume, v), grid);
    set->site = std::make_unique<AlignedLayer>(sourceOf(s.siteClass, v), grid);
    if (s.region) set->region = std::make_unique<AlignedLayer>(sourceOf(*s.region, v), grid);
    if (s.forestCategory) set->category = std::make_unique<AlignedLayer>(sourceOf(*s.forestCategory, v), grid);
    for (const AlignedLayer* l : {set->landClass.get(), set->species.get(), set->age.get(), set->volume.get(),
                                  set->site.get(), set->region.get(), set->category.get()})
        set->anyWarped = set->anyWarped || (l && l->warped());
    return set;
}

// Opens every layer on the loading thread. A raster layer whose file is a
// vector source is told how to read it.
std::unique_ptr<LayerSet> openProbe(const Scenario& s, const Grid& grid, const VectorInputs& v) {
    try {
        return openLayers(s, grid, v);
    } catch (const Error&) {
        for (const LayerSpec* spec : s.layers())
            if (!spec->vector && isVectorSource(spec->path))
                throw Error(fmt::format("{}: layer '{}' is a vector source; give 'field = \"…\"' in [layers.{}] "
                                        "naming the attribute to read ({})",
                                        spec->path.string(), spec->name, spec->name, spec->where));
        throw;
    }
}

bool isNodata(double v, const std::optional<double>& nodata) {
    if (!nodata) return false;
    if (std::isnan(*nodata)) return std::isnan(v);
    return v == *nodata;
}

// Physical bounds of the input layers; a value beyond them is an input error
// (a unit mix-up, a wrong scale factor, a corrupt cell), not a forest.
// - Stand volume: the largest stand volumes measured anywhere, old-growth
//   coast redwood (Sequoia sempervirens) in northern California, are of the
//   order of 10,000 m³/ha of stem volume (Van Pelt et al. 2016, Forest
//   Ecology and Management 375: 279–308); Chinese inventory stands stay below
//   1,000 m³/ha. Twice the world record is allowed.
// - Stand age: the oldest known non-clonal trees, Great Basin bristlecone
//   pines (Pinus longaeva) in the White Mountains of California, are about
//   4,850 years old (Schulman 1958, National Geographic 113: 355–372; Currey
//   1965). 5,000 years bounds any stand.
constexpr double kMaxStandVolumeM3PerHa = 20000;
constexpr double kMaxStandAgeYears = 5000;

// A value as the file holds it: a Float32 cell's 1.4 shows as 1.4, not 1.399999976158142.
std::string shown(double v) {
    const float f = static_cast<float>(v);
    return static_cast<double>(f) == v ? fmt::format("{}", f) : fmt::format("{}", v);
}

// The first bad cell (in row-major order) and how many there are.
class Problems {
public:
    void add(std::size_t cell, std::string message) {
        std::lock_guard lock(mutex_);
        ++count_;
        if (cell < firstCell_) firstCell_ = cell, first_ = std::move(message);
    }
    void throwIfAny() const {
        if (count_ == 0) return;
        throw Error(count_ == 1 ? first_
                                : fmt::format("{}\n({} cells have problems in all; the first is shown)", first_,
                                              count_));
    }

private:
    std::mutex mutex_;
    std::size_t count_ = 0;
    std::size_t firstCell_ = std::numeric_limits<std::size_t>::max();
    std::string first_;
};

std::vector<Region> readRegionNames(const std::filesystem::path& path) {
    const CsvFile csv(path, {"id", "name"}, "region names file");
    std::vector<Region> regions;
    std::map<long, int> lineOfId;
    for (const auto& r : csv.records()) {
        const long id = csv.integer(r, "id", 1, 65534);
        if (lineOfId.count(id))
            throw Error(fmt::format("{}: duplicate region id {} (already on line {})", csv.where(r, "id"), id,
                                    lineOfId[id]));
        lineOfId[id] = r.line;
        regions.push_back(Region{static_cast<uint16_t>(id), csv.text(r, "name")});
    }
    return regions;
}

}  // namespace

namespace {

Grid gridOfLayer(const Scenario& s, const std::string& name) {
    for (const LayerSpec* layer : s.layers())
        if (layer->name == name && layer->vector) {
            if (s.grid.fromLayer)
                throw Error(fmt::format("{}: the grid names layer '{}', a vector source, which has no cells; give "
                                        "'crs', 'cell_size' and 'like = \"{}\"' instead",
                                        s.file.string(), name, name));
            return FeatureRaster::extentOf(layer->path, layer->vector->layer, "layer '" + name + "'");
        } else if (layer->name == name) {
            auto ds = openRaster(layer->path, "layer '" + layer->name + "'");
            return gridOfDataset(*ds, layer->path, "layer '" + layer->name + "'");
        }
    throw Error(fmt::format("{}: the grid names layer '{}', which is not in [layers]", s.file.string(), name));
}

}  // namespace

Grid resolveGrid(const Scenario& s) {
    if (s.grid.fromLayer) return gridOfLayer(s, *s.grid.fromLayer);
    const std::string wkt = crsWktOf(s.grid.crs, s.file.string() + ": grid.crs");
    if (s.grid.like) return gridCovering(gridOfLayer(s, *s.grid.like), wkt, s.grid.cellWidth, s.grid.cellHeight);
    Grid grid;
    grid.crsWkt = wkt;
    grid.geotransform = {s.grid.originX, s.grid.cellWidth, 0, s.grid.originY, 0, -s.grid.cellHeight};
    grid.cols = s.grid.cols;
    grid.rows = s.grid.rows;
    return grid;
}

namespace {

// What the messages about codes list, and the site class of each small code, built once.
struct CodeTables {
    std::array<int16_t, 256> siteOfSmallCode{}, categoryOfSmallCode{}, landClassOfSmallCode{};
    std::string mappedLandCodes, speciesCodes, categoryCodes;

    CodeTables(const Scenario& s, const SpeciesTable& speciesTable) {
        landClassOfSmallCode.fill(-1);
        for (const auto& [code, c] : s.landClassCodes.classOfCode)
            if (code >= 0 && code < 256) landClassOfSmallCode[code] = static_cast<int16_t>(c);
        siteOfSmallCode.fill(-1);
        for (const auto& [code, site] : s.siteClassCodes.classOfCode)
            if (code >= 0 && code < 256) siteOfSmallCode[code] = static_cast<int16_t>(site);
        categoryOfSmallCode.fill(-1);
        for (const auto& [code, c] : s.forestCategoryCodes.classOfCode) {
            if (code >= 0 && code < 256) categoryOfSmallCode[code] = static_cast<int16_t>(c);
            categoryCodes += fmt::format("{}{}={}", categoryCodes.empty() ? "" : ", ", code,
                                         kForestCategoryNames[static_cast<int>(c)]);
        }
        for (const auto& [code, c] : s.landClassCodes.classOfCode)
            mappedLandCodes += fmt::format("{}{}={}", mappedLandCodes.empty() ? "" : ", ", code,
                                           kLandClassNames[static_cast<int>(c)]);
        for (const auto& g : speciesTable.groups())
            speciesCodes += fmt::format("{}{}", speciesCodes.empty() ? "" : ", ", g.code);
    }

    // The class a whole land-class code maps to; none when it is not mapped.
    // Codes 0-255 by table (every cell asks), others from the scenario's map.
    std::optional<LandClass> landClassOfCode(int64_t code, const Scenario& s) const {
        if (code >= 0 && code < 256) {
            const int16_t c = landClassOfSmallCode[static_cast<std::size_t>(code)];
            if (c < 0) return std::nullopt;
            return static_cast<LandClass>(c);
        }
        const auto it = s.landClassCodes.classOfCode.find(code);
        if (it == s.landClassCodes.classOfCode.end()) return std::nullopt;
        return it->second;
    }
};

// Whether a value read as a double is a whole code (a class raster stored as floats may hold 1.4).
inline bool isWholeCode(double value) { return std::trunc(value) == value && std::abs(value) <= 2147483647.0; }

// One tile of rows of every layer, in each file's own type (LayerRows): a
// class raster stored as floats still shows a code of 1.4, to be refused,
// where a read as integers would have rounded it to 1 (and a NaN nodata to 0).
// A thread keeps its tile's buffers from tile to tile.
struct TileValues {
    LayerRows landClass, species, site, region, category, age, volume;

    // `withLandClass`: false when the study area's pass kept the codes.
    void read(LayerSet& layers, int firstRow, int rowCount, bool withLandClass) {
        if (withLandClass) landClass.read(*layers.landClass, firstRow, rowCount);
        species.read(*layers.species, firstRow, rowCount);
        site.read(*layers.site, firstRow, rowCount);
        age.read(*layers.age, firstRow, rowCount);
        volume.read(*layers.volume, firstRow, rowCount);
        if (layers.region) region.read(*layers.region, firstRow, rowCount);  // read only where there is a layer
        if (layers.category) category.read(*layers.category, firstRow, rowCount);
    }
};

// How much of the study area each layer's file covers: cells of the study
// area, and of those, the ones outside each file's extent (by LayerIndex).
enum LayerIndex { kSpeciesLayer, kAgeLayer, kVolumeLayer, kSiteLayer, kRegionLayer, kLayerIndexCount };
struct Coverage {
    std::size_t studyCells = 0;
    std::array<std::size_t, kLayerIndexCount> outside{};
    void add(const Coverage& c) {
        studyCells += c.studyCells;
        for (int l = 0; l < kLayerIndexCount; ++l) outside[l] += c.outside[l];
    }
};

// Checks one cell's values and writes them into the state; a bad value is
// added to `problems` with the file, layer, cell and what is allowed.
class CellReader {
public:
    // `cellName`: what a cell of state.grid is called in messages ("grid cell", "lattice cell").
    CellReader(const Scenario& s, const SpeciesTable& table, const CodeTables& codes, CellState& state,
               Problems& problems, std::vector<double>& ignoredVolumeM3, std::vector<std::size_t>& ignoredCells,
               const std::string& cellName)
        : s_(s), table_(table), codes_(codes), state_(state), grid_(state.grid), problems_(problems),
          ignoredVolumeM3_(ignoredVolumeM3), ignoredCells_(ignoredCells), cellName_(cellName) {}

    // Reads tile value i into state entry `index`, the study cell at grid
    // cell `cell`, whose land-class value is `landClassValue`.
    void read(const LayerSet& layers, const TileValues& v, std::size_t i, double landClassValue, std::size_t cell,
              std::size_t index, std::bitset<65536>& regionsSeen) {
        cell_ = cell;
        index_ = index;  // set as outside already (CellState::setOutside over its row)
        // Outside the land-class file the cell is outside the study area, whatever the warper filled in.
        if (layers.anyWarped && !layers.landClass->covers(row(), col())) return;
        const auto landClass = landClassOf(layers, landClassValue);
        if (!landClass) return;
        state_.landClass[index] = *landClass;
        countCoverage(layers);
        if (!readRegion(layers, v, i)) return;
        regionsSeen.set(state_.region[index]);
        checkPhysical(*layers.age, v.age[i], "age", kMaxStandAgeYears, "years");
        checkPhysical(*layers.volume, v.volume[i], "volume", kMaxStandVolumeM3PerHa, "m³/ha");
        if (!carriesTrees(*landClass)) {
            noteTreelessVolume(layers, v.volume[i]);
            return;
        }
        readStand(layers, v, i, *landClass);
    }

    const Coverage& coverage() const { return coverage_; }

private:
    int col() const { return static_cast<int>(cell_ % grid_.cols); }
    int row() const { return static_cast<int>(cell_ / grid_.cols); }
    // The place of the cell in the layer's file: the file's own pixel (column,
    // row and centre in its CRS) and, when the file was aligned, the grid cell.
    std::string at(const AlignedLayer& l, const std::optional<SourcePixel>& px) const {
        if (const FeatureField* v = l.vector()) return atFeature(l, *v);
        if (!l.warped() || !px)
            return fmt::format("{}: layer '{}', cell (column {}, row {}; x {:.6g}, y {:.6g})",
                               l.source().path.string(), l.source().name, col(), row(), grid_.centreX(col()),
                               grid_.centreY(row()));
        return fmt::format("{}: layer '{}', cell (column {}, row {}; x {:.10g}, y {:.10g} in the file's CRS), under "
                           "grid cell (column {}, row {})",
                           l.source().path.string(), l.source().name, px->col, px->row, px->x, px->y, col(), row());
    }
    std::string at(const AlignedLayer& l) const { return at(l, l.sourcePixel(row(), col())); }
    // A vector layer's place: the feature (FID) that gave the cell its value.
    std::string atFeature(const AlignedLayer& l, const FeatureField& v) const {
        const int32_t f = v.features->featureAt(cell_);
        if (f == FeatureRaster::kNoFeature)
            return fmt::format("{}: no feature covers {} (column {}, row {}; x {:.10g}, y {:.10g}) (layer '{}', "
                               "field {})",
                               v.features->where(), cellName_, col(), row(), grid_.centreX(col()),
                               grid_.centreY(row()), l.source().name, v.field);
        if (cellName_ != "grid cell")  // a lattice's column and row are not the grid's: its place too
            return fmt::format("{}, feature {}: field {} (layer '{}', {} (column {}, row {}; x {:.10g}, y {:.10g}))",
                               v.features->where(), v.features->fid(f), v.field, l.source().name, cellName_, col(),
                               row(), grid_.centreX(col()), grid_.centreY(row()));
        return fmt::format("{}, feature {}: field {} (layer '{}', grid cell (column {}, row {}))", v.features->where(),
                           v.features->fid(f), v.field, l.source().name, col(), row());
    }
    // What a layer's "no value" is, for messages.
    static std::string noValue(const AlignedLayer& l) {
        if (l.vector()) return "null";
        return l.nodata() ? fmt::format("nodata {}", shown(*l.nodata())) : std::string();
    }
    // A cell of the study area outside a file's footprint: none of its pixels is there to check.
    std::string outsideFile(const AlignedLayer& l) const {
        return fmt::format("{}: layer '{}': grid cell (column {}, row {}; x {:.10g}, y {:.10g}) of the study area is "
                           "outside the file's extent; the file covers {}",
                           l.source().path.string(), l.source().name, col(), row(), grid_.centreX(col()),
                           grid_.centreY(row()), l.extentInBothCrs());
    }

    void countCoverage(const LayerSet& layers) {
        ++coverage_.studyCells;
        if (!layers.anyWarped) return;
        const AlignedLayer* byIndex[] = {layers.species.get(), layers.age.get(), layers.volume.get(),
                                         layers.site.get(), layers.region.get()};
        for (int l = 0; l < kLayerIndexCount; ++l)
            if (byIndex[l] && !byIndex[l]->covers(row(), col())) ++coverage_.outside[l];
    }

    // A code of a class layer as a whole number; none, and a problem, when it
    // is not one (a class raster stored as floats holding 1.4).
    [[gnu::always_inline]] std::optional<int64_t> wholeCode(const AlignedLayer& layer, double value,
                                                            const char* what) {
        if (isWholeCode(value)) [[likely]] return static_cast<int64_t>(value);
        notWhole(layer, value, what);
        return std::nullopt;
    }
    [[gnu::noinline]] void notWhole(const AlignedLayer& layer, double value, const char* what) {
        problems_.add(cell_, fmt::format("{}: {} {} is not a whole number; a class {} must hold whole codes{}",
                                         at(layer), what, shown(value),
                                         layer.vector() ? "field" : "raster stored as floats",
                                         layer.vector() ? " or null"
                                         : layer.nodata() ? fmt::format(" or its nodata {}", shown(*layer.nodata()))
                                                          : std::string()));
    }

    // The cell's model class; none when the cell is outside the study area or its code is not mapped.
    std::optional<LandClass> landClassOf(const LayerSet& layers, double value) {
        if (isNodata(value, layers.landClass->nodata())) return std::nullopt;
        const auto code = wholeCode(*layers.landClass, value, "land class code");
        if (!code) return std::nullopt;
        const auto landClass = codes_.landClassOfCode(*code, s_);
        if (!landClass) {
            problems_.add(cell_, fmt::format("{}: land class code {} is not mapped; mapped codes: {} "
                                             "(add it to [layers.land_class.codes])",
                                             at(*layers.landClass), *code, codes_.mappedLandCodes));
            return std::nullopt;
        }
        if (*landClass == LandClass::Outside) return std::nullopt;
        return landClass;
    }

    bool readRegion(const LayerSet& layers, const TileValues& v, std::size_t i) {
        if (!layers.region) return true;
        const double value = v.region[i];
        if (isNodata(value, layers.region->nodata())) return true;
        if (!layers.region->covers(row(), col())) return true;  // no region there, as for nodata
        const auto id = wholeCode(*layers.region, value, "region id");
        if (!id) return false;
        if (*id < 1 || *id > 65534) {
            problems_.add(cell_, fmt::format("{}: region id {} is out of range; allowed 1 to 65534",
                                             at(*layers.region), *id));
            return false;
        }
        state_.region[index_] = static_cast<uint16_t>(*id);
        return true;
    }

    // Values outside [0, max] (NaN and infinities too) are refused on every cell of the study area.
    // An averaged layer reports the file's first bad pixel under the cell, with its value as stored.
    [[gnu::always_inline]] void checkPhysical(const AlignedLayer& layer, double value, const char* what, double max,
                                              const char* unit) {
        if (value >= 0 && value <= max) [[likely]] return;
        badPhysical(layer, value, what, max, unit);
    }
    [[gnu::noinline]] void badPhysical(const AlignedLayer& layer, double value, const char* what, double max,
                                       const char* unit) {
        if (isNodata(value, layer.nodata()) || !layer.covers(row(), col())) return;
        auto isBad = [&](double v) { return !isNodata(v, layer.nodata()) && !(v >= 0 && v <= max); };
        if (isBad(value)) {
            const auto px = layer.sourcePixel(row(), col(), isBad);
            problems_.add(cell_, fmt::format("{}: {} {} is not allowed; allowed: 0 to {} {}{}", at(layer, px), what,
                                             shown(px && layer.warped() ? px->value : value), max, unit,
                                             noValue(layer).empty() ? "" : " (or " + noValue(layer) + ")"));
        }
    }

    // Volume on a cell whose class carries no trees is part of no stand: counted for the note.
    void noteTreelessVolume(const LayerSet& layers, double volume) {
        if (volume > 0 && !isNodata(volume, layers.volume->nodata())) {
            ignoredVolumeM3_[row()] += volume * state_.cellAreaHa.at(row(), col());
            ++ignoredCells_[row()];
        }
    }

    void readStand(const LayerSet& layers, const TileValues& v, std::size_t i, LandClass landClass) {
        const char* className = kLandClassNames[static_cast<int>(landClass)].data();
        if (layers.anyWarped)
            for (const AlignedLayer* l : {layers.species.get(), layers.site.get(), layers.age.get(), layers.volume.get()})
                if (!l->covers(row(), col())) {
                    problems_.add(cell_, outsideFile(*l) + fmt::format("; a {} cell needs a value there", className));
                    return;
                }
        const double age = v.age[i], volume = v.volume[i];
        const bool noSpecies = isNodata(v.species[i], layers.species->nodata());
        std::optional<int64_t> sp;
        if (!noSpecies && !(sp = wholeCode(*layers.species, v.species[i], "species code"))) return;
        const auto speciesIndex = noSpecies ? std::nullopt : table_.indexOfCode(static_cast<long>(*sp));
        if (!speciesIndex) {
            problems_.add(cell_, fmt::format("{}: species code {} on a {} cell is not in the species table {}; "
                                             "codes in the table: {}",
                                             at(*layers.species), noSpecies ? "nodata" : std::to_string(*sp), className,
                                             table_.path().string(), codes_.speciesCodes));
            return;
        }
        const bool noSite = isNodata(v.site[i], layers.site->nodata());
        std::optional<int64_t> site;
        if (!noSite && !(site = wholeCode(*layers.site, v.site[i], "site class code"))) return;
        const int siteClass = site && *site >= 0 && *site < 256 ? codes_.siteOfSmallCode[*site] : -1;
        if (siteClass < 0) {
            problems_.add(cell_, fmt::format("{}: site class code {} on a {} cell is not mapped in "
                                             "[layers.site_class.codes]",
                                             at(*layers.site), noSite ? "nodata" : std::to_string(*site), className));
            return;
        }
        const bool noAge = isNodata(age, layers.age->nodata());
        if (noAge || isNodata(volume, layers.volume->nodata())) {
            problems_.add(cell_, fmt::format("{}: {} is nodata on a {} cell; tree-bearing cells need an age "
                                             "and a volume",
                                             at(noAge ? *layers.age : *layers.volume), noAge ? "age" : "volume",
                                             className));
            return;
        }
        if (!(age <= kMaxStandAgeYears && volume <= kMaxStandVolumeM3PerHa)) return;  // refused by checkPhysical
        state_.species[index_] = static_cast<uint8_t>(*speciesIndex);
        state_.site[index_] = static_cast<uint8_t>(siteClass);
        state_.age[index_] = static_cast<uint16_t>(std::lround(age));
        state_.volume[index_] = static_cast<float>(volume);
        if (layers.category) readCategory(*layers.category, v.category[i], className);
    }

    // Every stand needs a forest category when the scenario gives the layer.
    void readCategory(const AlignedLayer& layer, double value, const char* className) {
        const bool none = isNodata(value, layer.nodata());
        std::optional<int64_t> code;
        if (!none && !(code = wholeCode(layer, value, "forest category code"))) return;
        const int c = code && *code >= 0 && *code < 256 ? codes_.categoryOfSmallCode[*code] : -1;
        if (c < 0) {
            problems_.add(cell_, fmt::format("{}: forest category code {} on a {} cell is not mapped; mapped codes: {} "
                                             "(add it to [layers.forest_category.codes])",
                                             at(layer), none ? "nodata" : std::to_string(*code), className,
                                             codes_.categoryCodes));
            return;
        }
        state_.flags[index_] = withCategory(state_.flags[index_], static_cast<ForestCategory>(c));
    }

    const Scenario& s_;
    const SpeciesTable& table_;
    const CodeTables& codes_;
    CellState& state_;
    const Grid& grid_;
    Problems& problems_;
    std::vector<double>& ignoredVolumeM3_;
    std::vector<std::size_t>& ignoredCells_;
    const std::string& cellName_;
    std::size_t cell_ = 0;   // grid cell (row-major), for messages and their order
    std::size_t index_ = 0;  // its state index
    Coverage coverage_;
};

// The study area must meet the grid, and each file cover (most of) the study area.
void checkCoverage(const Scenario& s, const LayerSet& layers, const Coverage& c) {
    const AlignedLayer& lc = *layers.landClass;
    if (c.studyCells == 0)
        throw Error(fmt::format("{}: layer 'land_class': no cell of the grid lies in the study area (no cell has a "
                                "mapped land class other than outside); check the grid and the file's CRS.\n"
                                "  the file covers {}\n  the grid covers {}",
                                lc.source().path.string(), lc.extentInBothCrs(), lc.gridExtentInBothCrs()));
    const AlignedLayer* byIndex[] = {layers.species.get(), layers.age.get(), layers.volume.get(), layers.site.get(),
                                     layers.region.get()};
    for (int l = 0; l < kLayerIndexCount; ++l) {
        if (!byIndex[l]) continue;
        const double share = 1.0 - static_cast<double>(c.outside[l]) / static_cast<double>(c.studyCells);
        if (share < s.grid.minLayerCover)
            throw Error(fmt::format(
                "{}: layer '{}' covers only {:.2f} % of the study area ({} of its {} cells lie outside the file's "
                "extent); at least {:g} % is required (grid.min_layer_cover).\n  the file covers {}\n  the grid "
                "covers {}",
                byIndex[l]->source().path.string(), byIndex[l]->source().name, share * 100, c.outside[l],
                c.studyCells, s.grid.minLayerCover * 100, byIndex[l]->extentInBothCrs(),
                byIndex[l]->gridExtentInBothCrs()));
    }
}

// Notes what alignment did to each raster layer, and what rasterising did to
// each vector source (once, with the layers read from it).
void noteAlignment(const LayerSet* probe, std::vector<std::string>& notes) {
    std::vector<std::pair<const FeatureRaster*, std::string>> sources;
    for (AlignedLayer* l : {probe->landClass.get(), probe->species.get(), probe->age.get(), probe->volume.get(),
                            probe->site.get(), probe->region.get(), probe->category.get()}) {
        if (!l) continue;
        if (!l->vector()) {
            if (l->warped()) notes.push_back(l->alignmentNote());
            continue;
        }
        const std::string read = fmt::format("{} (field {})", l->source().name, l->vector()->field);
        const FeatureRaster* f = l->vector()->features.get();
        const auto it = std::find_if(sources.begin(), sources.end(), [&](const auto& s) { return s.first == f; });
        if (it == sources.end()) sources.emplace_back(f, read);
        else it->second += ", " + read;
    }
    for (const auto& [features, layers] : sources)
        notes.push_back(fmt::format("{}; read as layers {}", features->describe(), layers));
}

// On a grid other than the land-class raster's, how many study cells cover
// source cells of more than one land-class code (their least and greatest
// codes differ): each holds one stand, the source cell's under its centre,
// so these are the cells whose composition the grid samples (issue 19 item 4).
void noteMixedCells(const Scenario& s, const CellState& state, const ProcessGroup& ranks,
                    std::vector<std::string>& notes) {
    if (gridOfLayer(s, "land_class").sameAs(state.grid)) return;
    AlignedLayer least(LayerSource{"land_class", s.landClass.path, Resampling::Min, nullptr, std::nullopt}, state.grid);
    AlignedLayer greatest(LayerSource{"land_class", s.landClass.path, Resampling::Max, nullptr, std::nullopt}, state.grid);
    constexpr int kBandRows = 256;
    const int cols = state.grid.cols;
    std::vector<int32_t> lo(static_cast<std::size_t>(cols) * kBandRows), hi(lo.size());
    std::vector<int64_t> counts{0, 0};  // study cells, mixed ones
    for (int first = state.band.first; first < state.band.first + state.band.count; first += kBandRows) {
        const int count = std::min(kBandRows, state.band.first + state.band.count - first);
        least.readRows(first, count, GDT_Int32, lo.data());
        greatest.readRows(first, count, GDT_Int32, hi.data());
        for (int row = first; row < first + count; ++row)
            state.cells.forEachInRow(row, [&](std::size_t, int col) {
                const std::size_t k = static_cast<std::size_t>(row - first) * cols + col;
                ++counts[0];
                counts[1] += lo[k] != hi[k];
            });
    }
    ranks.sumOnAll(counts);
    if (counts[1] == 0) return;
    notes.push_back(fmt::format(
        "grid other than the land-class raster's: {} of the {} study cells ({:.1f} %) cover source cells of more "
        "than one land-class code; each holds one stand, the source cell's under its centre, so a coarser grid is a "
        "systematic sample of the data's cells (scenarios/README.md, \"How each layer meets the grid\")",
        counts[1], counts[0], 100.0 * static_cast<double>(counts[1]) / static_cast<double>(counts[0])));
}

// Regions: those named in the names file, and any other id found on the grid.
// Regions from polygons with a name field are named as in the attribute.
void collectRegions(const Scenario& s, const AlignedLayer* regionLayer, const std::bitset<65536>& seen,
                    LoadedState& loaded) {
    std::map<uint16_t, std::string> names;
    if (s.regionNames)
        for (const auto& r : readRegionNames(*s.regionNames)) names[r.id] = r.name;
    if (regionLayer && regionLayer->vector()) {
        const auto& attributeNames = regionLayer->vector()->values.names;
        for (std::size_t i = 0; i < attributeNames.size(); ++i)
            if (seen[i + 1]) names[static_cast<uint16_t>(i + 1)] = attributeNames[i];
    }
    for (std::size_t id = 0; id < seen.size(); ++id)
        if (seen[id] && !names.count(static_cast<uint16_t>(id)))
            names[static_cast<uint16_t>(id)] = id == kNoRegion ? (s.region ? "(no region)" : "study area")
                                                               : fmt::format("region {}", id);
    for (const auto& [id, name] : names) loaded.state.regions.push_back(Region{id, name});
    if (s.region && seen[kNoRegion])
        loaded.notes.push_back(fmt::format("layer 'region' ({}): some cells of the study area have no region; they "
                                           "are reported as '(no region)'",
                                           s.region->path.string()));
}

// Whether a land-class value makes its cell a study cell: any value but
// nodata and the codes mapped to "outside". Codes that are not whole or not
// mapped count, so that the reader reports them.
bool isStudyValue(double value, const Scenario& s, const CodeTables& codes, const AlignedLayer& layer) {
    if (isNodata(value, layer.nodata())) return false;
    if (!isWholeCode(value)) return true;
    const auto landClass = codes.landClassOfCode(static_cast<int64_t>(value), s);
    return !landClass || *landClass != LandClass::Outside;
}

// The grid cells inside the land-class raster's extent; the whole grid for a
// vector source (or a path the probe will refuse).
std::size_t mostStudyCells(const Scenario& s, const Grid& grid) {
    if (s.landClass.vector || isVectorSource(s.landClass.path)) return grid.cellCount();
    return AlignedLayer(LayerSource{s.landClass.name, s.landClass.path, Resampling::Nearest, nullptr}, grid)
        .coveredCells();
}

using LayersOfThread = tbb::enumerable_thread_specific<std::unique_ptr<LayerSet>>;

// The study cells of rows [first, first + count), as runs per row, from the
// land-class layer alone; with `keepCodes`, when that layer is a byte raster
// on the grid, also each study cell's code, so that the reader need not
// decode the file again (the cells of a row in column order).
struct StudyArea {
    std::vector<std::vector<std::pair<int, int>>> runsOfRow;
    std::vector<std::vector<uint8_t>> codesOfRow;  // empty when not kept
};

StudyArea findStudyArea(const Scenario& s, const CodeTables& codes, const Grid& grid, const VectorInputs& vectors,
                        const ThreadRunner& runner, LayersOfThread& layersOfThread, int first, int count,
                        bool keepCodes) {
    StudyArea area;
    auto& runsOfRow = area.runsOfRow;
    runsOfRow.resize(grid.rows);
    tbb::enumerable_thread_specific<LayerRows> valuesOfThread;
    // A byte raster's 256 values, tested once (the 30 m province asks 893 M times).
    std::array<bool, 256> studyByte{};
    auto& mine = layersOfThread.local();
    if (!mine) mine = openLayers(s, grid, vectors);
    for (int b = 0; b < 256; ++b) studyByte[b] = isStudyValue(b, s, codes, *mine->landClass);
    const AlignedLayer& probe = *mine->landClass;
    if (keepCodes && probe.dataType() == GDT_Byte && !probe.warped() && !probe.vector()) area.codesOfRow.resize(grid.rows);
    runner.forEachTile(count, [&](int firstRow, int rowCount) {
        firstRow += first;
        auto& layers = layersOfThread.local();
        if (!layers) layers = openLayers(s, grid, vectors);
        const AlignedLayer& landClass = *layers->landClass;
        LayerRows& values = valuesOfThread.local();
        values.read(*layers->landClass, firstRow, rowCount);
        for (int row = firstRow; row < firstRow + rowCount; ++row) {
            const std::size_t rowStart = static_cast<std::size_t>(row - firstRow) * grid.cols;
            auto& runs = runsOfRow[row];
            for (int col = 0; col < grid.cols; ++col) {
                const bool study = values.type() == GDT_Byte ? studyByte[values.byteAt(rowStart + col)]
                                                             : isStudyValue(values[rowStart + col], s, codes, landClass);
                if (!study || !landClass.covers(row, col)) continue;
                if (!runs.empty() && runs.back().first + runs.back().second == col) ++runs.back().second;
                else runs.emplace_back(col, 1);
            }
            if (area.codesOfRow.empty()) continue;
            std::size_t n = 0;
            for (const auto& run : runs) n += static_cast<std::size_t>(run.second);
            auto& kept = area.codesOfRow[row];
            kept.resize(n);
            uint8_t* out = kept.data();
            for (const auto& [col, count] : runs) out = std::copy_n(values.bytes() + rowStart + col, count, out);
        }
    });
    return area;
}

StudyCells indexOf(std::vector<std::vector<std::pair<int, int>>>& runsOfRow, int cols) {
    StudyCells cells(cols);
    for (auto& runs : runsOfRow) {
        cells.addRow(runs);
        std::vector<std::pair<int, int>>().swap(runs);
    }
    cells.finish();
    return cells;
}

// This rank's band of rows, balanced by study cells: each rank counts the
// study cells of an equal share of the rows, and the counts are shared.
// This rank's equal share of `rows` rows.
CellState::RowBand evenShareOfRows(int rows, const ProcessGroup& ranks) {
    const int first = static_cast<int>(static_cast<int64_t>(rows) * ranks.rank() / ranks.size());
    return {first, static_cast<int>(static_cast<int64_t>(rows) * (ranks.rank() + 1) / ranks.size()) - first};
}

CellState::RowBand bandOfRank(const Scenario& s, const CodeTables& codes, const Grid& grid, const VectorInputs& vectors,
                              const ThreadRunner& runner, LayersOfThread& layersOfThread, const ProcessGroup& ranks) {
    const int rows = grid.rows;
    const auto [first, count] = evenShareOfRows(rows, ranks);
    std::vector<int64_t> cellsOfRow(static_cast<std::size_t>(rows), 0);
    const auto runsOfRow = findStudyArea(s, codes, grid, vectors, runner, layersOfThread, first, count, false).runsOfRow;
    for (int row = first; row < first + count; ++row)
        for (const auto& run : runsOfRow[row]) cellsOfRow[row] += run.second;
    ranks.shareRows(cellsOfRow.data(), sizeof(int64_t), first, count);
    return bandsByRowCells(cellsOfRow, ranks.size())[static_cast<std::size_t>(ranks.rank())];
}

}  // namespace

namespace {

// What a grid of stands is built of: the land-class raster's cells, or for
// polygons a lattice finer than the grid (raster/PolygonLattice.h). None when
// the grid keeps one stand per cell, that under its centre.
struct StandSource {
    Grid data;
    std::optional<PolygonLattice> polygons;
};

std::optional<StandSource> standSourceOf(const Scenario& s, const Grid& grid) {
    if (!s.landClass.vector) {
        Grid data = gridOfLayer(s, "land_class");
        if (!gridHoldsStands(grid, data)) return std::nullopt;
        return StandSource{std::move(data), std::nullopt};
    }
    const VectorSelection& v = *s.landClass.vector;
    // "centre" and "all_touched" keep one polygon per cell, as the user asked.
    if (v.rule != RasterizeRule::Stands) return std::nullopt;
    auto lattice = polygonLatticeUnder(grid, gridOfLayer(s, "land_class"),
                                       FeatureRaster::areasIn(s.landClass.path, v.layer, grid, "layer 'land_class'"));
    if (!lattice) return std::nullopt;
    return StandSource{lattice->lattice, std::move(lattice)};
}

}  // namespace

namespace {

// Which study cells of a row a rank keeps (the runs of columns it is given).
using KeepRuns = std::function<void(int row, std::vector<std::pair<int, int>>& runs)>;

// The state on `grid`, one stand per cell (each layer aligned to the grid).
// `fixedBand`: this rank's rows, when the caller chose them; `keepRuns`, when
// given, leaves out the study cells of those rows that are not this rank's;
// `cellName`, what messages call a cell of `grid`.
LoadedState loadOnGrid(const Scenario& s, const Grid& grid, const SpeciesTable& speciesTable, const ThreadRunner& runner,
                       ProgressSink* progress, const ProcessGroup& ranks, std::optional<CellState::RowBand> fixedBand,
                       bool noteMixed, const KeepRuns& keepRuns = {}, const std::string& cellName = "grid cell") {
    LoadedState loaded;
    CellState& state = loaded.state;
    // Refused before anything is read when even the cells inside the land
    // class file's extent (the most the study area can hold) cannot fit (a
    // rank's band is known only once the study cells are counted)…
    if (ranks.size() == 1)
        requireMemory(estimateMemoryNeed(grid, s, runner.threads(), runner.tileRows(), 0,
                                         StudyCellCount{mostStudyCells(s, grid), true}),
                      memoryLimits());
    // The cells' areas (PROJ, a tenth of a second at any size) while the study area is found.
    std::future<CellAreas> cellAreas = std::async(std::launch::async, [&grid] { return cellAreasOf(grid); });
    const VectorInputs vectors = rasteriseVectorLayers(s, grid);
    const auto probe = openProbe(s, grid, vectors);
    noteAlignment(probe.get(), loaded.notes);
    const CodeTables codes(s, speciesTable);

    LayersOfThread layersOfThread;
    if (progress) progress->stage("find the study area", grid.rows);
    const CellState::RowBand band = fixedBand                ? *fixedBand
                                    : ranks.size() == 1      ? CellState::RowBand{0, grid.rows}
                                                             : bandOfRank(s, codes, grid, vectors, runner, layersOfThread, ranks);
    // The codes are kept unless some study cells are left out (keepRuns). A
    // byte a study cell, freed row by row as the reader writes the rows' 16
    // bytes of state: the two together never hold more than the state.
    StudyArea area = findStudyArea(s, codes, grid, vectors, runner, layersOfThread, band.first, band.count, !keepRuns);
    if (keepRuns)
        runner.forEachTile(band.count, [&](int first, int count) {
            for (int row = band.first + first; row < band.first + first + count; ++row) keepRuns(row, area.runsOfRow[row]);
        });
    StudyCells study = indexOf(area.runsOfRow, grid.cols);
    std::vector<std::vector<uint8_t>>& landClassCodes = area.codesOfRow;
    if (progress) progress->endStage();
    // …and before a byte of the state is allocated when the study cells cannot.
    requireMemory(estimateMemoryNeed(grid, s, runner.threads(), runner.tileRows(), 0, StudyCellCount{study.size(), false},
                                     band.count),
                  memoryLimits());
    state.allocate(grid, std::move(study), CellState::Fill::ByCaller);  // the reader sets every entry
    state.band = band;
    state.cellAreaHa = cellAreas.get();
    state.hasForestCategories = s.forestCategory.has_value();

    tbb::enumerable_thread_specific<std::bitset<65536>> regionsSeen;
    Problems problems;
    Coverage coverage;
    std::mutex coverageMutex;
    // Volume on cells whose class carries no trees is counted per row (summed
    // in row order, so the note is the same for any thread count) and reported.
    std::vector<double> ignoredVolumeM3(grid.rows, 0.0);
    std::vector<std::size_t> ignoredCells(grid.rows, 0);

    tbb::enumerable_thread_specific<TileValues> tileValues;
    std::atomic<int64_t> freshMemoryNs{0};
    if (progress) progress->stage("read inputs", band.count);
    runner.forEachTile(band.count, [&](int firstRow, int rowCount) {
        firstRow += band.first;  // only this rank's rows are read
        auto& layers = layersOfThread.local();
        if (!layers) layers = openLayers(s, grid, vectors);
        TileValues& values = tileValues.local();
        const auto mapping = std::chrono::steady_clock::now();
        state.prefault(state.cells.rowBegin(firstRow), state.cells.rowBegin(firstRow + rowCount));
        freshMemoryNs += std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - mapping)
                             .count();
        const bool codesKept = !landClassCodes.empty();
        values.read(*layers, firstRow, rowCount, !codesKept);
        CellReader reader(s, speciesTable, codes, state, problems, ignoredVolumeM3, ignoredCells, cellName);
        std::bitset<65536>& seen = regionsSeen.local();
        for (int row = firstRow; row < firstRow + rowCount; ++row) {
            const uint8_t* kept = codesKept ? landClassCodes[row].data() : nullptr;
            const std::size_t rowBegin = state.cells.rowBegin(row);
            state.setOutside(rowBegin, state.cells.rowEnd(row));  // the first write: the state was allocated unfilled
            state.cells.forEachInRow(row, [&](std::size_t index, int col) {
                const std::size_t i = static_cast<std::size_t>(row - firstRow) * grid.cols + col;
                const double landClass = kept ? kept[index - rowBegin] : values.landClass[i];
                reader.read(*layers, values, i, landClass, state.cells.gridCell(row, col), index, seen);
            });
            if (codesKept) std::vector<uint8_t>().swap(landClassCodes[row]);
        }
        {
            std::lock_guard lock(coverageMutex);
            coverage.add(reader.coverage());
        }
        if (progress) progress->advance(rowCount);
    });
    loaded.freshMemorySeconds = static_cast<double>(freshMemoryNs.load()) * 1e-9 / runner.threads();
    // The rows' codes were freed into the heap, as small blocks: hand their pages back to the system.
    if (!landClassCodes.empty()) malloc_trim(0);
    if (progress) progress->endStage();
    // What every rank read: coverage, ignored volume and regions over the whole grid.
    std::vector<int64_t> counts{static_cast<int64_t>(coverage.studyCells)};
    for (std::size_t n : coverage.outside) counts.push_back(static_cast<int64_t>(n));
    ranks.sumOnAll(counts);
    coverage.studyCells = static_cast<std::size_t>(counts[0]);
    for (int l = 0; l < kLayerIndexCount; ++l) coverage.outside[l] = static_cast<std::size_t>(counts[l + 1]);
    checkCoverage(s, *probe, coverage);  // the same on every rank
    problems.throwIfAny();  // this rank's cells (an MPI job stops every rank)
    // Summed over the ranks' rows in rank order: one process's row order when
    // the bands do not overlap (those of a grid in another CRS may).
    std::vector<double> ignoredSum{0.0};
    ranks.addInRankOrder(ignoredSum, [&](std::vector<double>& sum) {
        for (int row = band.first; row < band.first + band.count; ++row) sum[0] += ignoredVolumeM3[row];
    });
    std::vector<int64_t> ignoredCount{0};
    for (int row = band.first; row < band.first + band.count; ++row)
        ignoredCount[0] += static_cast<int64_t>(ignoredCells[row]);
    ranks.sumOnAll(ignoredCount);
    const double ignoredM3 = ignoredSum[0];
    const std::size_t ignored = static_cast<std::size_t>(ignoredCount[0]);
    if (ignored > 0)
        loaded.notes.push_back(fmt::format(
            "layer 'volume' ({}): {} cells whose land class carries no trees have a volume ({:.4g} m³ in all); they "
            "hold no stand, so that volume is not counted",
            s.volume.path.string(), ignored, ignoredM3));
    std::bitset<65536> seen;
    for (const auto& s2 : regionsSeen) seen |= s2;
    std::vector<int64_t> seenByRanks(seen.size());
    for (std::size_t id = 0; id < seen.size(); ++id) seenByRanks[id] = seen[id];
    ranks.sumOnAll(seenByRanks);
    for (std::size_t id = 0; id < seen.size(); ++id) seen[id] = seenByRanks[id] > 0;
    collectRegions(s, probe->region.get(), seen, loaded);
    if (noteMixed && !probe->landClass->vector()) noteMixedCells(s, state, ranks, loaded.notes);
    return loaded;
}

// How the polygons of a vector land class meet a grid of stands, for its note.
std::string polygonLatticeText(const PolygonLattice& p) {
    const Grid& l = p.lattice;
    return fmt::format("grid coarser than the land-class polygons: they are rasterised on a lattice of {:.6g} × "
                       "{:.6g} cells in the grid's CRS units, {} × {} a grid cell (nine polygons in ten cover {:.0f} "
                       "lattice cells or more)",
                       l.cellWidth(), l.cellHeight(), p.factor, p.factor, p.smallPolygonCells);
}

// The state of a grid coarser than the land-class raster, built of stands
// (sim/Stands.h): read on the raster's own cells over the grid, then each
// grid cell keeps the stands of the source cells whose centres it holds.
// The programmes' eligibility rasters are tested on the source cells too.
LoadedState loadAsStands(const Scenario& s, const Grid& grid, const StandSource& standSource,
                         const SpeciesTable& speciesTable, const ThreadRunner& runner, ProgressSink* progress,
                         const ProcessGroup& ranks) {
    const Grid& data = standSource.data;
    const Grid sourceGrid = sourceGridOver(grid, data);
    // Bands of grid rows split evenly (any split gives the same answer).
    const CellState::RowBand band = evenShareOfRows(grid.rows, ranks);
    const CentreToCell toGrid(sourceGrid, grid);
    const CellState::RowBand sourceBand = sourceRowsOf(toGrid, band, runner);
    LoadedState source = loadOnGrid(s, sourceGrid, speciesTable, runner, progress, ranks, sourceBand, false,
                                    [&](int row, std::vector<std::pair<int, int>>& runs) {
                                        keepCellsInRows(toGrid, row, band, runs);
                                    },
                                    standSource.polygons ? "lattice cell" : "source cell");
    // Each distinct test once (programmes may share one), as a bit of the stands.
    std::vector<std::vector<bool>> passes;
    std::vector<std::string> tests;
    for (std::size_t p = 0; p < s.programmes.size(); ++p) {
        if (!s.programmes[p].eligible.raster) continue;
        const std::string test = eligibilityTestId(*s.programmes[p].eligible.raster);
        if (std::find(tests.begin(), tests.end(), test) != tests.end()) continue;
        if (tests.size() == 16)
            throw Error(fmt::format("{}: more than 16 different eligibility-raster tests; on a grid coarser than the "
                                    "land-class raster each is tested on the source cells and kept as one of 16 bits "
                                    "per stand (programme '{}' has the 17th)",
                                    s.file.string(), s.programmes[p].name));
        passes.push_back(eligibilityRasterPasses(s.programmes[p], static_cast<int>(p), source.state, s.seed));
        tests.push_back(test);
    }
    StandSummary summary;
    LoadedState loaded;
    loaded.notes = std::move(source.notes);
    loaded.freshMemorySeconds = source.freshMemorySeconds;  // the source cells' state (the stands' is built after)
    if (progress) progress->stage("build stands", band.count);
    loaded.state = standsOfSourceCells(source.state, grid, data, band, passes, runner, summary, progress);
    if (progress) progress->endStage();
    source.state = CellState{};
    loaded.state.cellAreaHa = cellAreasOf(grid);
    loaded.state.eligibleTests = std::move(tests);
    std::vector<int64_t> counts = summary.asCounts();
    ranks.sumOnAll(counts);
    summary.addCounts(counts);
    loaded.notes.push_back(fmt::format(
        "{}: each of the {} study cells keeps the stands of the {} cells whose centres it holds{} ({} source cells), "
        "merged where every code and the age are equal and the volumes within {:.0f} %: {} stands, {:.2f} a cell; {} "
        "cells ({:.1f} %) hold more than one; {:.0f} ha of source cells merged with others of another age, by {:.2f} "
        "years on average{}",
        standSource.polygons ? polygonLatticeText(*standSource.polygons) : "grid coarser than the land-class raster",
        summary.cells, standSource.polygons ? "lattice" : "raster's",
        toGrid.sameCrs() ? "" : " (each centre carried into the grid's CRS by PROJ)", summary.sourceCells,
        kStandVolumeTolerance * 100, summary.stands,
        summary.cells ? static_cast<double>(summary.stands) / static_cast<double>(summary.cells) : 0.0,
        summary.multiStandCells,
        summary.cells ? 100.0 * static_cast<double>(summary.multiStandCells) / static_cast<double>(summary.cells) : 0.0,
        static_cast<double>(summary.mergedMicroHa) * 1e-6,
        summary.mergedMicroHa > 0 ? static_cast<double>(summary.ageDifferenceMicroHaYears) /
                                        static_cast<double>(summary.mergedMicroHa)
                                  : 0.0,
        summary.widenedCells ? fmt::format("; {} cells, which would hold more than {} stands, merged with doubled "
                                           "tolerances (ages and volumes; land without trees by 16, 256… source cells)",
                                           summary.widenedCells, kMaxStandsPerCell)
                             : std::string()));
    loaded.notes.push_back(
        "rasters of this grid show each cell's area-weighted mean over its stands (volume, carbon, age, "
        "sequestration) and, for codes (land class, species, last programme), the code of the largest area among "
        "them (ties: the lower code)");
    return loaded;
}

}  // namespace

std::vector<std::string> standEligibilityTests(const Scenario& s) {
    std::vector<std::string> tests;
    if (!standSourceOf(s, resolveGrid(s))) return tests;
    for (const ProgrammeSpec& p : s.programmes)
        if (p.eligible.raster) tests.push_back(eligibilityTestId(*p.eligible.raster));
    std::sort(tests.begin(), tests.end());
    tests.erase(std::unique(tests.begin(), tests.end()), tests.end());
    return tests;
}

std::size_t cellsRead(const Scenario& s) {
    const Grid grid = resolveGrid(s);
    const auto standSource = standSourceOf(s, grid);
    return standSource ? sourceGridOver(grid, standSource->data).cellCount() : grid.cellCount();
}

std::string loadedStateIdentity(const Scenario& s) {
    const Grid grid = resolveGrid(s);
    std::string id = fmt::format("grid {} {}", grid.cols, grid.rows);
    for (double g : grid.geotransform) id += fmt::format(" {:.17g}", g);
    id += "|" + grid.crsWkt;
    for (const std::string& test : standEligibilityTests(s)) id += "|test " + test;
    return id;
}

LoadedState loadState(const Scenario& s, const SpeciesTable& speciesTable, const ThreadRunner& runner,
                      ProgressSink* progress, const ProcessGroup& ranks) {
    const Grid grid = resolveGrid(s);
    if (const auto standSource = standSourceOf(s, grid))
        return loadAsStands(s, grid, *standSource, speciesTable, runner, progress, ranks);
    return loadOnGrid(s, grid, speciesTable, runner, progress, ranks, std::nullopt, true);
}

}  // namespace forestsink
