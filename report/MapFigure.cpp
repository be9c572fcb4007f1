#include "report/MapFigure.h"

#include "common/Error.h"
#include "raster/Gdal.h"
#include "report/Chart.h"

#include <cpl_string.h>
#include <fmt/format.h>
#include <gdal_alg.h>
#include <gdal_utils.h>
#include <ogrsf_frmts.h>
#include <plplot/plstream.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <mutex>

namespace forestsink {
namespace {

constexpr int kMapPixels = 700;  // the raster drawn at most this many cells across
// Region outlines are traced on a grid at most this many cells across: half a
// map pixel. (Polygonizing the 893 M cells of Yunnan at 30 m took 20 s.)
constexpr int kOutlineCells = 2 * kMapPixels;
constexpr int kInk = 15, kFirstClassColour = 16;
constexpr double kLegendChars = 26;  // the longest legend label that fits at the usual text size

// Characters of a UTF-8 text (its bytes that do not continue a character).
std::size_t charactersOf(const std::string& text) {
    return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

int hexByte(const std::string& colour, int i) { return std::stoi(colour.substr(1 + 2 * i, 2), nullptr, 16); }

// The raster at most `most` cells across (resampled by `resampling`), in memory.
GDALDatasetUniquePtr downsampled(const std::filesystem::path& tif, const std::string& what, int most,
                                 const std::string& resampling) {
    auto full = openRaster(tif, what);
    const bool wide = full->GetRasterXSize() >= full->GetRasterYSize();
    CPLStringList t;
    for (const std::string& a : {std::string("-of"), std::string("MEM"), std::string("-outsize"),
                                 wide ? std::to_string(std::min(most, full->GetRasterXSize())) : std::string("0"),
                                 wide ? std::string("0") : std::to_string(std::min(most, full->GetRasterYSize())),
                                 std::string("-r"), resampling})
        t.AddString(a.c_str());
    std::unique_ptr<GDALTranslateOptions, decltype(&GDALTranslateOptionsFree)> options(
        GDALTranslateOptionsNew(t.List(), nullptr), GDALTranslateOptionsFree);
    int error = 0;
    GDALDatasetUniquePtr small(GDALDataset::FromHandle(GDALTranslate("", GDALDataset::ToHandle(full.get()), options.get(), &error)));
    if (!small) throw Error(fmt::format("{}: GDAL could not downsample the {} ({})", tif.string(), what, lastGdalError()));
    return small;
}

// A round length near a quarter of the map's width: 1, 2 or 5 × 10^n.
double niceLength(double target) {
    const double power = std::pow(10.0, std::floor(std::log10(target)));
    for (double m : {5.0, 2.0, 1.0})
        if (m * power <= target) return m * power;
    return power;
}

void drawScaleBar(plstream& pls, double x0, double x1, double y0, double y1, bool geographic) {
    // Metres per map unit: 1 for a projected grid, a degree of longitude at the centre otherwise.
    const double metresPerUnit =
        geographic ? 111320.0 * std::cos((y0 + y1) / 2 * M_PI / 180.0) : 1.0;
    const double km = niceLength((x1 - x0) * metresPerUnit / 4 / 1000);
    const double length = km * 1000 / metresPerUnit;
    const double left = x0 + (x1 - x0) * 0.04, base = y0 + (y1 - y0) * 0.05, tick = (y1 - y0) * 0.012;
    pls.col0(kInk);
    pls.width(3.0);
    const double xs[] = {left, left, left + length, left + length}, ys[] = {base + tick, base, base, base + tick};
    pls.line(4, xs, ys);
    pls.width(1.0);
    pls.schr(0, 0.9);
    pls.ptex(left + length / 2, base + tick * 1.8, 1, 0, 0.5, fmt::format("{:g} km", km).c_str());
}

void drawNorthArrow(plstream& pls, double x0, double x1, double y0, double y1) {
    const double x = x1 - (x1 - x0) * 0.06, top = y1 - (y1 - y0) * 0.05, foot = y1 - (y1 - y0) * 0.14;
    const double wing = (x1 - x0) * 0.015;
    pls.col0(kInk);
    pls.width(2.0);
    const double xs[] = {x - wing, x, x + wing}, ys[] = {top - (top - foot) * 0.35, top, top - (top - foot) * 0.35};
    pls.line(3, xs, ys);
    const double sx[] = {x, x}, sy[] = {top, foot};
    pls.line(2, sx, sy);
    pls.width(1.0);
    pls.schr(0, 1.2);
    pls.ptex(x, foot - (y1 - y0) * 0.035, 1, 0, 0.5, "N");
}

}  // namespace

MapOutlines regionOutlines(const std::filesystem::path& regions, const std::filesystem::path& mapRaster) {
    OGRSpatialReference mapCrs;
    const auto map = openRaster(mapRaster, "map source");
    if (const OGRSpatialReference* s = map->GetSpatialRef()) mapCrs = *s;
    // Nearest, not the commonest code: as good at this size, and a tenth of the time.
    auto source = downsampled(regions, "region layer", kOutlineCells, "nearest");
    GDALDriver* memory = GetGDALDriverManager()->GetDriverByName("Memory");
    GDALDatasetUniquePtr vectors(memory->Create("regions", 0, 0, 0, GDT_Unknown, nullptr));
    OGRSpatialReference sourceCrs;
    if (const OGRSpatialReference* s = source->GetSpatialRef()) sourceCrs = *s;
    OGRLayer* layer = vectors->CreateLayer("regions", sourceCrs.IsEmpty() ? nullptr : &sourceCrs, wkbPolygon, nullptr);
    OGRFieldDefn id("id", OFTInteger);
    layer->CreateField(&id);
    GDALRasterBand* band = source->GetRasterBand(1);
    if (GDALPolygonize(band, band->GetMaskBand(), layer, 0, nullptr, nullptr, nullptr) != CE_None)
        throw Error(fmt::format("{}: GDAL could not polygonize the regions ({})", regions.string(), lastGdalError()));
    std::unique_ptr<OGRCoordinateTransformation> toMap;
    if (!sourceCrs.IsEmpty() && !sourceCrs.IsSame(&mapCrs)) {
        sourceCrs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        OGRSpatialReference target(mapCrs);
        target.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        toMap.reset(OGRCreateCoordinateTransformation(&sourceCrs, &target));
    }
    MapOutlines rings;
    for (auto& feature : *layer) {
        OGRGeometry* g = feature->GetGeometryRef();
        if (!g) continue;
        if (toMap) g->transform(toMap.get());
        const OGRPolygon* polygon = g->toPolygon();
        for (const OGRLinearRing* ring : *polygon) {
            std::vector<std::pair<double, double>> points;
            for (const OGRPoint& p : *ring) points.emplace_back(p.getX(), p.getY());
            rings.push_back(std::move(points));
        }
    }
    return rings;
}

void drawMap(const std::filesystem::path& png, const MapFigure& map) {
    const bool classes = !map.palette.empty();
    auto small = downsampled(map.raster, "map source", kMapPixels, classes ? "mode" : "average");
    const int nx = small->GetRasterXSize(), ny = small->GetRasterYSize();
    GDALRasterBand* band = small->GetRasterBand(1);
    int hasNodata = 0;
    const double nodata = band->GetNoDataValue(&hasNodata);
    std::vector<double> values(static_cast<std::size_t>(nx) * ny);
    if (band->RasterIO(GF_Read, 0, 0, nx, ny, values.data(), nx, ny, GDT_Float64, 0, 0, nullptr) != CE_None)
        throw Error(fmt::format("{}: reading the map failed ({})", map.raster.string(), lastGdalError()));
    double gt[6];
    small->GetGeoTransform(gt);
    const double x0 = gt[0], x1 = gt[0] + nx * gt[1], y1 = gt[3], y0 = gt[3] + ny * gt[5];
    OGRSpatialReference crs;
    if (const OGRSpatialReference* s = small->GetSpatialRef()) crs = *s;
    static const MapOutlines kNoOutlines;
    const MapOutlines& outlines = map.outlines ? *map.outlines : kNoOutlines;

    // PLplot's image takes z[x][y], y up; values off the legend (missing cells) are not drawn.
    const std::size_t colours = classes ? map.palette.size() : map.ramp.size();
    const double low = classes ? 0 : map.ramp.front().value, high = classes ? colours - 1.0 : map.ramp.back().value;
    std::vector<std::vector<double>> z(static_cast<std::size_t>(nx), std::vector<double>(static_cast<std::size_t>(ny)));
    for (int r = 0; r < ny; ++r)
        for (int c = 0; c < nx; ++c) {
            double v = values[static_cast<std::size_t>(r) * nx + c];
            const bool missing = (hasNodata && v == nodata) || std::isnan(v);
            if (classes) {
                const auto at = std::find_if(map.palette.begin(), map.palette.end(),
                                             [&](const PaletteEntry& e) { return e.value == std::lround(v); });
                v = missing || at == map.palette.end() ? -1 : static_cast<double>(at - map.palette.begin());
            } else {
                v = missing ? low - 1 : std::clamp(v, low, high);
            }
            z[static_cast<std::size_t>(c)][static_cast<std::size_t>(ny - 1 - r)] = v;
        }
    std::vector<const double*> columns;
    for (auto& column : z) columns.push_back(column.data());

    std::lock_guard lock(plplotMutex());
    auto pls = std::make_unique<plstream>();
    pls->sdev("pngcairo");
    pls->sfnam(png.c_str());
    pls->spage(0, 0, 1300, 1000, 0, 0);
    pls->scolbg(255, 255, 255);
    pls->init();
    pls->adv(0);
    pls->scmap0n(kFirstClassColour + static_cast<PLINT>(colours) + 1);  // room for the legend's colours
    pls->scol0(kInk, 0, 0, 0);
    // Colour map 1: the ramp's stops at their values, or one colour a class.
    std::vector<double> position, red, green, blue;
    for (std::size_t i = 0; i < colours; ++i) {
        const std::string& colour = classes ? map.palette[i].colour : map.ramp[i].colour;
        position.push_back(classes ? (colours > 1 ? static_cast<double>(i) / (colours - 1) : 0.0)
                                   : (map.ramp[i].value - low) / (high - low));
        red.push_back(hexByte(colour, 0) / 255.0), green.push_back(hexByte(colour, 1) / 255.0),
            blue.push_back(hexByte(colour, 2) / 255.0);
        pls->scol0(kFirstClassColour + static_cast<int>(i), hexByte(colour, 0), hexByte(colour, 1), hexByte(colour, 2));
    }
    pls->scmap1n(classes ? static_cast<PLINT>(colours) : 256);
    pls->scmap1l(true, static_cast<PLINT>(colours), position.data(), red.data(), green.data(), blue.data(), nullptr);
    // The map in its own proportions, left of the legend; a frame, no coordinates.
    pls->vpas(0.02, 0.66, 0.03, 0.90, (y1 - y0) / (x1 - x0));
    pls->wind(x0, x1, y0, y1);
    pls->col0(kInk);
    pls->box("bc", 0, 0, "bc", 0, 0);
    // Colours scale over the legend's range, not the data's (whose missing cells lie below it).
    pls->imagefr(columns.data(), nx, ny, x0, x1, y0, y1, low, high, low, high, nullptr, nullptr);
    pls->col0(kInk);
    pls->width(1.2);
    for (const auto& ring : outlines) {
        std::vector<double> xs, ys;
        for (const auto& [x, y] : ring) xs.push_back(x), ys.push_back(y);
        pls->line(static_cast<PLINT>(xs.size()), xs.data(), ys.data());
    }
    pls->width(1.0);
    drawScaleBar(*pls, x0, x1, y0, y1, crs.IsGeographic());
    drawNorthArrow(*pls, x0, x1, y0, y1);
    pls->schr(0, 1.1);
    pls->vpor(0.02, 0.98, 0.9, 0.99);  // the title across the page
    pls->wind(0, 1, 0, 1);
    pls->ptex(0.5, 0.4, 1, 0, 0.5, map.title.c_str());

    // The legend, right of the map: a box a stop or class, with its label.
    const auto n = static_cast<PLINT>(colours);
    std::vector<PLINT> opt(n, PL_LEGEND_COLOR_BOX), colour(n), textColours(n, kInk), patterns(n, 0);
    std::vector<PLFLT> scales(n, 0.9), widths(n, 1.0);
    std::vector<std::string> labels;
    for (std::size_t i = 0; i < colours; ++i) {
        colour[i] = kFirstClassColour + static_cast<int>(i);
        labels.push_back(classes ? map.palette[i].label : map.ramp[i].label);
    }
    if (map.outlines) {
        opt.push_back(PL_LEGEND_LINE), colour.push_back(kInk), textColours.push_back(kInk), patterns.push_back(0);
        scales.push_back(1), widths.push_back(1.2);
        labels.push_back("region boundary");
    }
    std::vector<const char*> text;
    for (const auto& l : labels) text.push_back(l.c_str());
    std::vector<PLINT> styles(opt.size(), 1);
    const auto entries = static_cast<PLINT>(opt.size());
    pls->vpor(0.68, 0.99, 0.03, 0.88);
    pls->wind(0, 1, 0, 1);
    pls->schr(0, 0.8);
    PLFLT w = 0, h = 0;
    if (!map.unit.empty()) pls->ptex(0.02, 0.98, 1, 0, 0, map.unit.c_str());
    // A long label ("land suitable for forest (barren)") would run off the
    // page: the legend's text shrinks until the longest fits.
    std::size_t longest = 1;
    for (const auto& l : labels) longest = std::max(longest, charactersOf(l));
    const double textScale = 0.8 * std::min(1.0, kLegendChars / static_cast<double>(longest));
    pls->legend(&w, &h, PL_LEGEND_BOUNDING_BOX, PL_POSITION_TOP | PL_POSITION_LEFT | PL_POSITION_INSIDE, 0.0, 0.05, 0.08,
                0, kInk, 1, entries, 1, entries, opt.data(), 1.0, textScale, 2.0, 0.0, textColours.data(), text.data(),
                colour.data(), patterns.data(), scales.data(), widths.data(), colour.data(), styles.data(),
                widths.data(), nullptr, nullptr, nullptr, nullptr);
    pls.reset();  // writes the file
    if (!std::filesystem::exists(png) || std::filesystem::file_size(png) == 0)
        throw Error("map " + png.string() + ": PLplot wrote no image");
}

}  // namespace forestsink
