#include "sim/StateLoader.h"

#include "common/ProgressSink.h"

#include "common/CsvFile.h"
#include "common/Error.h"
#include "raster/AlignedLayer.h"
#include "raster/CellArea.h"
#include "raster/Gdal.h"

#include <fmt/format.h>
#include <tbb/enumerable_thread_specific.h>

#include <bitset>
#include <cmath>
#include <limits>
#include <map>
#include <memory>
#include <mutex>

namespace forestsink {
namespace {

// The layers as one thread sees them: GDAL datasets are per thread.
struct LayerSet {
    std::unique_ptr<AlignedLayer> landClass, species, age, volume, site, region;
};

LayerSource sourceOf(const LayerSpec& spec, Resampling r) { return LayerSource{spec.name, spec.path, r}; }

std::unique_ptr<LayerSet> openLayers(const Scenario& s, const Grid& grid) {
    auto set = std::make_unique<LayerSet>();
    set->landClass = std::make_unique<AlignedLayer>(sourceOf(s.landClass, Resampling::Nearest), grid);
    set->species = std::make_unique<AlignedLayer>(sourceOf(s.species, Resampling::Nearest), grid);
    set->age = std::make_unique<AlignedLayer>(sourceOf(s.age, Resampling::Average), grid);
    set->volume = std::make_unique<AlignedLayer>(sourceOf(s.volume, Resampling::Average), grid);
    set->site = std::make_unique<AlignedLayer>(sourceOf(s.siteClass, Resampling::Nearest), grid);
    if (s.region) set->region = std::make_unique<AlignedLayer>(sourceOf(*s.region, Resampling::Nearest), grid);
    return set;
}

bool isNodata(double v, const std::optional<double>& nodata) {
    if (!nodata) return false;
    if (std::isnan(*nodata)) return std::isnan(v);
    return v == *nodata;
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
    const CsvFile csv(path, {"id", "name"});
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

Grid resolveGrid(const Scenario& s) {
    if (s.grid.fromLayer) {
        for (const LayerSpec* layer : s.layers()) {
            if (layer->name != *s.grid.fromLayer) continue;
            auto ds = openRaster(layer->path, "layer '" + layer->name + "'");
            return gridOfDataset(*ds, layer->path, "layer '" + layer->name + "'");
        }
    }
    initGdal();
    OGRSpatialReference srs;
    if (srs.SetFromUserInput(s.grid.crs.c_str()) != OGRERR_NONE)
        throw Error(fmt::format("{}: grid.crs '{}' is not a CRS that GDAL/PROJ can read", s.file.string(), s.grid.crs));
    char* wkt = nullptr;
    const char* options[] = {"FORMAT=WKT2_2019", nullptr};
    srs.exportToWkt(&wkt, options);
    Grid grid;
    grid.crsWkt = wkt;
    CPLFree(wkt);
    grid.geotransform = {s.grid.originX, s.grid.cellWidth, 0, s.grid.originY, 0, -s.grid.cellHeight};
    grid.cols = s.grid.cols;
    grid.rows = s.grid.rows;
    return grid;
}

LoadedState loadState(const Scenario& s, const SpeciesTable& speciesTable, const ThreadRunner& runner,
                      ProgressSink* progress) {
    LoadedState loaded;
    CellState& state = loaded.state;
    const Grid grid = resolveGrid(s);
    state.allocate(grid);
    state.cellAreaHa = cellAreaPerRowHa(grid);

    // Open once on this thread: fails early on a missing file and gives the notes.
    {
        auto probe = openLayers(s, grid);
        for (AlignedLayer* l : {probe->landClass.get(), probe->species.get(), probe->age.get(), probe->volume.get(),
                                probe->site.get(), probe->region.get()})
            if (l && l->warped()) loaded.notes.push_back(l->alignmentNote());
    }

    std::array<int16_t, 256> siteOfSmallCode{};
    siteOfSmallCode.fill(-1);
    for (const auto& [code, site] : s.siteClassCodes.classOfCode)
        if (code >= 0 && code < 256) siteOfSmallCode[code] = static_cast<int16_t>(site);

    std::string mappedLandCodes;
    for (const auto& [code, c] : s.landClassCodes.classOfCode)
        mappedLandCodes += fmt::format("{}{}={}", mappedLandCodes.empty() ? "" : ", ", code,
                                       kLandClassNames[static_cast<int>(c)]);
    std::string speciesCodes;
    for (const auto& g : speciesTable.groups()) speciesCodes += fmt::format("{}{}", speciesCodes.empty() ? "" : ", ", g.code);

    tbb::enumerable_thread_specific<std::unique_ptr<LayerSet>> layersOfThread;
    tbb::enumerable_thread_specific<std::bitset<65536>> regionsSeen;
    Problems problems;
    // Volume on cells whose class carries no trees is not part of any stand;
    // it is counted per row (summed in row order, so the note is the same for
    // any thread count) and reported.
    std::vector<double> ignoredVolumeM3(grid.rows, 0.0);
    std::vector<std::size_t> ignoredCells(grid.rows, 0);

    if (progress) progress->stage("read inputs", grid.rows);
    runner.forEachTile(grid.rows, [&](int firstRow, int rowCount) {
        auto& layers = layersOfThread.local();
        if (!layers) layers = openLayers(s, grid);
        const std::size_t n = static_cast<std::size_t>(grid.cols) * rowCount;
        std::vector<int32_t> lc(n), sp(n), site(n), reg(n, kNoRegion);
        std::vector<double> age(n), vol(n);
        layers->landClass->readRows(firstRow, rowCount, GDT_Int32, lc.data());
        layers->species->readRows(firstRow, rowCount, GDT_Int32, sp.data());
        layers->site->readRows(firstRow, rowCount, GDT_Int32, site.data());
        layers->age->readRows(firstRow, rowCount, GDT_Float64, age.data());
        layers->volume->readRows(firstRow, rowCount, GDT_Float64, vol.data());
        if (layers->region) layers->region->readRows(firstRow, rowCount, GDT_Int32, reg.data());
        auto& seen = regionsSeen.local();

        const std::size_t offset = static_cast<std::size_t>(firstRow) * grid.cols;
        for (std::size_t i = 0; i < n; ++i) {
            const std::size_t cell = offset + i;
            const int col = static_cast<int>(cell % grid.cols), row = static_cast<int>(cell / grid.cols);
            auto at = [&](const AlignedLayer& l) {
                return fmt::format("{}: layer '{}', cell (column {}, row {}; x {:.6g}, y {:.6g})",
                                   l.source().path.string(), l.source().name, col, row, grid.centreX(col),
                                   grid.centreY(row));
            };
            if (isNodata(lc[i], layers->landClass->nodata())) continue;
            const auto it = s.landClassCodes.classOfCode.find(lc[i]);
            if (it == s.landClassCodes.classOfCode.end()) {
                problems.add(cell, fmt::format("{}: land class code {} is not mapped; mapped codes: {} "
                                               "(add it to [layers.land_class.codes])",
                                               at(*layers->landClass), lc[i], mappedLandCodes));
                continue;
            }
            const LandClass landClass = it->second;
            if (landClass == LandClass::Outside) continue;
            state.landClass[cell] = landClass;

            if (layers->region && !isNodata(reg[i], layers->region->nodata())) {
                if (reg[i] < 1 || reg[i] > 65534) {
                    problems.add(cell, fmt::format("{}: region id {} is out of range; allowed 1 to 65534",
                                                   at(*layers->region), reg[i]));
                    continue;
                }
                state.region[cell] = static_cast<uint16_t>(reg[i]);
            }
            seen.set(state.region[cell]);

            // Negative or NaN values are refused on every cell of the study area.
            for (auto [layer, value, what] : {std::tuple{layers->age.get(), age[i], "age"},
                                              std::tuple{layers->volume.get(), vol[i], "volume"}}) {
                if (isNodata(value, layer->nodata())) continue;
                if (std::isnan(value) || value < 0 || std::isinf(value))
                    problems.add(cell, fmt::format("{}: {} {} is not allowed; allowed: a finite value ≥ 0{}",
                                                   at(*layer), what, value,
                                                   layer->nodata() ? fmt::format(" (or nodata {})", *layer->nodata())
                                                                   : std::string()));
            }
            if (!carriesTrees(landClass)) {
                if (vol[i] > 0 && !isNodata(vol[i], layers->volume->nodata())) {
                    ignoredVolumeM3[row] += vol[i] * state.cellAreaHa[row];
                    ++ignoredCells[row];
                }
                continue;
            }

            const auto speciesIndex = isNodata(sp[i], layers->species->nodata())
                                          ? std::nullopt
                                          : speciesTable.indexOfCode(sp[i]);
            if (!speciesIndex) {
                problems.add(cell, fmt::format("{}: species code {} on a {} cell is not in the species table {}; "
                                               "codes in the table: {}",
                                               at(*layers->species),
                                               isNodata(sp[i], layers->species->nodata()) ? "nodata"
                                                                                          : std::to_string(sp[i]),
                                               kLandClassNames[static_cast<int>(landClass)],
                                               speciesTable.path().string(), speciesCodes));
                continue;
            }
            const int siteClass = site[i] >= 0 && site[i] < 256 && !isNodata(site[i], layers->site->nodata())
                                      ? siteOfSmallCode[site[i]]
                                      : -1;
            if (siteClass < 0) {
                problems.add(cell, fmt::format("{}: site class code {} on a {} cell is not mapped in "
                                               "[layers.site_class.codes]",
                                               at(*layers->site), site[i],
                                               kLandClassNames[static_cast<int>(landClass)]));
                continue;
            }
            if (isNodata(age[i], layers->age->nodata()) || isNodata(vol[i], layers->volume->nodata())) {
                const bool noAge = isNodata(age[i], layers->age->nodata());
                problems.add(cell, fmt::format("{}: {} is nodata on a {} cell; tree-bearing cells need an age "
                                               "and a volume",
                                               at(noAge ? *layers->age : *layers->volume), noAge ? "age" : "volume",
                                               kLandClassNames[static_cast<int>(landClass)]));
                continue;
            }
            if (age[i] > 65535) {
                problems.add(cell, fmt::format("{}: age {} is too large; allowed 0 to 65535 years", at(*layers->age),
                                               age[i]));
                continue;
            }
            state.species[cell] = static_cast<uint8_t>(*speciesIndex);
            state.site[cell] = static_cast<uint8_t>(siteClass);
            state.age[cell] = static_cast<uint16_t>(std::lround(age[i]));
            state.volume[cell] = static_cast<float>(vol[i]);
        }
        if (progress) progress->advance(rowCount);
    });
    if (progress) progress->endStage();
    problems.throwIfAny();
    double ignoredM3 = 0;
    std::size_t ignored = 0;
    for (int row = 0; row < grid.rows; ++row) ignoredM3 += ignoredVolumeM3[row], ignored += ignoredCells[row];
    if (ignored > 0)
        loaded.notes.push_back(fmt::format(
            "layer 'volume' ({}): {} cells whose land class carries no trees have a volume ({:.4g} m³ in all); they "
            "hold no stand, so that volume is not counted",
            s.volume.path.string(), ignored, ignoredM3));

    // Regions: those named in the names file, and any other id found on the grid.
    std::bitset<65536> seen;
    for (const auto& s2 : regionsSeen) seen |= s2;
    std::map<uint16_t, std::string> names;
    if (s.regionNames)
        for (const auto& r : readRegionNames(*s.regionNames)) names[r.id] = r.name;
    for (std::size_t id = 0; id < seen.size(); ++id)
        if (seen[id] && !names.count(static_cast<uint16_t>(id)))
            names[static_cast<uint16_t>(id)] = id == kNoRegion ? (s.region ? "(no region)" : "study area")
                                                               : fmt::format("region {}", id);
    for (const auto& [id, name] : names) state.regions.push_back(Region{id, name});
    if (s.region && seen[kNoRegion])
        loaded.notes.push_back(fmt::format("layer 'region' ({}): some cells of the study area have no region; they "
                                           "are reported as '(no region)'",
                                           s.region->path.string()));
    return loaded;
}

}  // namespace forestsink
