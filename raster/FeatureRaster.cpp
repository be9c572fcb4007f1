#include "raster/FeatureRaster.h"

#include "common/Error.h"
#include "common/InputFile.h"
#include "common/NearestName.h"
#include "raster/Gdal.h"

#include <cpl_string.h>
#include <fmt/format.h>
#include <gdal_alg.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <set>

namespace forestsink {
namespace {

GDALDatasetUniquePtr openVector(const std::filesystem::path& path, const std::string& what) {
    initGdal();
    requireInputFile(path, what + " file");
    CPLErrorReset();
    GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    if (!ds)
        throw Error(fmt::format("{}: cannot read {} as a vector source ({})", path.string(), what,
                                lastGdalError().empty() ? "unknown format" : lastGdalError()));
    return ds;
}

std::string joined(const std::vector<std::string>& names) {
    std::string out;
    for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
    return out.empty() ? "(none)" : out;
}

// The named layer, or the only one; an Error lists the layers otherwise.
OGRLayer* chooseLayer(GDALDataset& ds, const std::filesystem::path& path, const std::string& name,
                      const std::string& what) {
    std::vector<std::string> names;
    for (int i = 0; i < ds.GetLayerCount(); ++i) names.emplace_back(ds.GetLayer(i)->GetName());
    if (name.empty()) {
        if (names.size() == 1) return ds.GetLayer(0);
        throw Error(fmt::format("{}: {} has {} layers; name one with 'vector_layer': {}", path.string(), what,
                                names.size(), joined(names)));
    }
    if (OGRLayer* layer = ds.GetLayerByName(name.c_str())) return layer;
    const std::string near = nearestName(name, names);
    throw Error(fmt::format("{}: {}: no layer '{}'{}; layers: {}", path.string(), what, name,
                            near.empty() ? "" : fmt::format(" (did you mean '{}'?)", near), joined(names)));
}

OGRSpatialReference crsOfLayer(OGRLayer& layer, const std::filesystem::path& path, const std::string& what) {
    const OGRSpatialReference* srs = layer.GetSpatialRef();
    if (!srs)
        throw Error(fmt::format("{}, layer {}: {} has no CRS; give the source one (for a Shapefile, a .prj file)",
                                path.string(), layer.GetName(), what));
    OGRSpatialReference out(*srs);
    out.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    return out;
}

// A text attribute as a number, when all of it is one.
std::optional<double> numberIn(const char* text) {
    char* end = nullptr;
    const double v = CPLStrtod(text, &end);
    while (end && *end == ' ') ++end;
    if (end == text || !end || *end != '\0') return std::nullopt;
    return v;
}

// The layer's extent in its own CRS as a one-cell grid.
Grid extentGrid(OGRLayer& layer, const OGRSpatialReference& srs, const std::filesystem::path& path,
                const std::string& what) {
    OGREnvelope e;
    if (layer.GetExtent(&e, TRUE) != OGRERR_NONE || !(e.MaxX > e.MinX && e.MaxY > e.MinY))
        throw Error(fmt::format("{}, layer {}: {} has no extent (no features?)", path.string(), layer.GetName(), what));
    char* wkt = nullptr;
    const char* const wkt2[] = {"FORMAT=WKT2", nullptr};
    srs.exportToWkt(&wkt, wkt2);
    Grid g;
    g.crsWkt = wkt ? wkt : "";
    CPLFree(wkt);
    g.geotransform = {e.MinX, e.MaxX - e.MinX, 0, e.MaxY, 0, -(e.MaxY - e.MinY)};
    g.cols = g.rows = 1;
    return g;
}

}  // namespace

std::string ruleName(RasterizeRule rule) {
    return rule == RasterizeRule::Stands ? "stands" : rule == RasterizeRule::Centre ? "centre" : "all_touched";
}

RasterizeRule burnRule(RasterizeRule rule) {
    return rule == RasterizeRule::AllTouched ? RasterizeRule::AllTouched : RasterizeRule::Centre;
}

bool isVectorSource(const std::filesystem::path& path) {
    std::error_code ec;
    if (!isGdalVirtualPath(path) && !std::filesystem::is_regular_file(path, ec)) return false;  // a FIFO would block GDAL
    initGdal();
    CPLErrorReset();
    GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    return ds && ds->GetLayerCount() > 0 && ds->GetRasterCount() == 0;
}

namespace {

// Every feature of `layer` (FID order) with its geometry carried into `gridSrs`.
using FeatureGeometries = std::vector<std::pair<int64_t, std::unique_ptr<OGRGeometry>>>;
FeatureGeometries geometriesInCrs(OGRLayer& layer, const OGRSpatialReference& layerSrs,
                                  const OGRSpatialReference& gridSrs, const std::string& where) {
    std::unique_ptr<OGRCoordinateTransformation> toGrid;
    if (!layerSrs.IsSame(&gridSrs)) toGrid.reset(OGRCreateCoordinateTransformation(&layerSrs, &gridSrs));
    FeatureGeometries features;
    layer.ResetReading();
    for (auto& f : layer) {
        std::unique_ptr<OGRGeometry> g(f->StealGeometry());
        if (g && toGrid && g->transform(toGrid.get()) != OGRERR_NONE)
            throw Error(fmt::format("{}: feature {}: its geometry cannot be carried into the grid's CRS {}", where,
                                    f->GetFID(), crsName(gridSrs)));
        features.emplace_back(f->GetFID(), std::move(g));
    }
    std::sort(features.begin(), features.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    return features;
}

// A geometry's area in its CRS's units (0 for points and lines).
double areaOf(const std::unique_ptr<OGRGeometry>& g) { return g ? OGR_G_Area(OGRGeometry::ToHandle(g.get())) : 0.0; }

}  // namespace

FeatureRaster::FeatureRaster(const std::filesystem::path& path, const std::string& layerName, RasterizeRule rule,
                             const Grid& grid, const std::string& what)
    : path_(path), rule_(burnRule(rule)), dataset_(openVector(path, what)) {
    layer_ = chooseLayer(*dataset_, path, layerName, what);
    layerName_ = layer_->GetName();
    const OGRSpatialReference layerSrs = crsOfLayer(*layer_, path, what), gridSrs = grid.spatialReference();
    extent_ = extentGrid(*layer_, layerSrs, path, what);

    // Features in FID order, their geometries in the grid's CRS.
    const FeatureGeometries features = geometriesInCrs(*layer_, layerSrs, gridSrs, where());
    if (features.size() >= static_cast<std::size_t>(INT32_MAX))
        throw Error(fmt::format("{}: {} features; at most {} are allowed", where(), features.size(), INT32_MAX - 1));
    for (const auto& f : features) area_ += areaOf(f.second);

    std::vector<OGRGeometryH> geometries;
    std::vector<double> burn;
    for (std::size_t i = 0; i < features.size(); ++i) {
        fids_.push_back(features[i].first);
        if (!features[i].second || features[i].second->IsEmpty()) continue;  // nothing to burn
        geometries.push_back(OGRGeometry::ToHandle(features[i].second.get()));
        burn.push_back(static_cast<double>(i));
    }

    // A MEM dataset over our own buffer, so the grid is burned once, in place.
    cells_.assign(grid.cellCount(), kNoFeature);
    cellArea_ = grid.cellWidth() * grid.cellHeight();
    GDALDriver* mem = GetGDALDriverManager()->GetDriverByName("MEM");
    GDALDatasetUniquePtr target(mem->Create("", grid.cols, grid.rows, 0, GDT_Int32, nullptr));
    CPLStringList bandOptions;
    bandOptions.SetNameValue("DATAPOINTER", CPLSPrintf("%p", static_cast<void*>(cells_.data())));
    target->AddBand(GDT_Int32, bandOptions.List());
    auto gt = grid.geotransform;
    target->SetGeoTransform(gt.data());
    target->SetProjection(grid.crsWkt.c_str());
    CPLStringList options;
    if (rule_ == RasterizeRule::AllTouched) options.SetNameValue("ALL_TOUCHED", "TRUE");
    const int bands[] = {1};
    CPLErrorReset();
    if (!geometries.empty() &&
        GDALRasterizeGeometries(GDALDataset::ToHandle(target.get()), 1, bands, static_cast<int>(geometries.size()),
                                geometries.data(), nullptr, nullptr, burn.data(), options.List(), nullptr,
                                nullptr) != CE_None)
        throw Error(fmt::format("{}: rasterising {} onto the grid failed: {}", where(), what, lastGdalError()));
    target.reset();  // flushes into cells_

    std::vector<bool> seen(fids_.size(), false);
    for (int32_t f : cells_)
        if (f != kNoFeature) ++cellsCovered_, seen[f] = true;
    onGrid_ = static_cast<std::size_t>(std::count(seen.begin(), seen.end(), true));
}

Grid FeatureRaster::extentOf(const std::filesystem::path& path, const std::string& layerName,
                             const std::string& what) {
    auto ds = openVector(path, what);
    OGRLayer* layer = chooseLayer(*ds, path, layerName, what);
    return extentGrid(*layer, crsOfLayer(*layer, path, what), path, what);
}

std::vector<double> FeatureRaster::areasIn(const std::filesystem::path& path, const std::string& layerName,
                                           const Grid& grid, const std::string& what) {
    auto ds = openVector(path, what);
    OGRLayer* layer = chooseLayer(*ds, path, layerName, what);
    const std::string where = fmt::format("{}, layer {}", path.string(), layer->GetName());
    std::vector<double> areas;
    for (const auto& f : geometriesInCrs(*layer, crsOfLayer(*layer, path, what), grid.spatialReference(), where))
        areas.push_back(areaOf(f.second));
    return areas;
}

std::string FeatureRaster::where() const { return fmt::format("{}, layer {}", path_.string(), layerName_); }

std::string FeatureRaster::describe() const {
    const double coveredArea = static_cast<double>(cellsCovered_) * cellArea_;
    return fmt::format("{}: rasterised onto the grid from {} features ({} of them hold cells; {} cells covered, "
                       "{:+.2f} % of the features' own area in the grid's CRS), rule {}",
                       where(), featureCount(), featuresOnGrid(), cellsCovered(),
                       area_ > 0 ? 100.0 * (coveredArea / area_ - 1) : 0.0,
                       rule_ == RasterizeRule::Centre ? "cell centre (a cell takes the feature containing its centre)"
                                                      : "all touched (a cell takes a feature that touches it; where "
                                                        "several do, the one with the larger FID)");
}

FeatureRaster::Values FeatureRaster::read(const std::string& field, bool namesAllowed,
                                          const std::string& allowed, const std::string& what) const {
    OGRFeatureDefn* defn = layer_->GetLayerDefn();
    const int index = defn->GetFieldIndex(field.c_str());
    if (index < 0) {
        std::vector<std::string> names;
        for (int i = 0; i < defn->GetFieldCount(); ++i) names.emplace_back(defn->GetFieldDefn(i)->GetNameRef());
        const std::string near = nearestName(field, names);
        throw Error(fmt::format("{}: {}: no field '{}'{}; fields: {}", where(), what, field,
                                near.empty() ? "" : fmt::format(" (did you mean '{}'?)", near), joined(names)));
    }
    const OGRFieldType type = defn->GetFieldDefn(index)->GetType();
    const bool numeric = type == OFTInteger || type == OFTInteger64 || type == OFTReal;
    if (!numeric && type != OFTString)
        throw Error(fmt::format("{}: {}: field '{}' is of type {}; a number or text is needed", where(), what, field,
                                OGRFieldDefn::GetFieldTypeName(type)));
    const bool named = type == OFTString && namesAllowed;

    Values out;
    out.values.assign(fids_.size(), std::numeric_limits<double>::quiet_NaN());
    std::vector<std::string> text(named ? fids_.size() : 0);
    layer_->ResetReading();
    for (auto& f : *layer_) {
        const auto at = std::lower_bound(fids_.begin(), fids_.end(), f->GetFID());
        const std::size_t i = static_cast<std::size_t>(at - fids_.begin());
        if (!f->IsFieldSetAndNotNull(index)) continue;  // null: nodata
        if (named) {
            text[i] = f->GetFieldAsString(index);
        } else if (numeric) {
            out.values[i] = f->GetFieldAsDouble(index);
        } else if (const auto v = numberIn(f->GetFieldAsString(index))) {
            out.values[i] = *v;
        } else {
            throw Error(fmt::format("{}, feature {}: field {} = '{}' is not a number; allowed: {}", where(),
                                    f->GetFID(), field, f->GetFieldAsString(index), allowed));
        }
    }
    if (named) {
        // Ids in the names' byte order, so that they do not depend on the file's feature order.
        std::set<std::string> distinct;
        for (const auto& t : text)
            if (!t.empty()) distinct.insert(t);
        out.names.assign(distinct.begin(), distinct.end());
        for (std::size_t i = 0; i < text.size(); ++i)
            if (!text[i].empty())
                out.values[i] = static_cast<double>(
                    std::lower_bound(out.names.begin(), out.names.end(), text[i]) - out.names.begin() + 1);
    }
    return out;
}

}  // namespace forestsink
