#include "report/Chart.h"

#include "common/Error.h"
#include "common/TextFile.h"

#include <fmt/format.h>
#include <fstream>

#include <fmt/format.h>
#include <plplot/plstream.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <mutex>
#include <vector>

namespace forestsink {
namespace {

// Colour-blind-safe palette (Okabe–Ito), in colour map 0 entries 1–8.
constexpr int kPalette[][3] = {{0, 114, 178}, {213, 94, 0}, {0, 158, 115}, {204, 121, 167},
                               {230, 159, 0}, {86, 180, 233}, {240, 228, 66}, {0, 0, 0}};
constexpr int kColours = static_cast<int>(std::size(kPalette));
constexpr int kInk = 15, kBandColour = 14;

struct Range {
    double x0 = 1e300, x1 = -1e300, y0 = 1e300, y1 = -1e300;
    void add(double x, double y) { x0 = std::min(x0, x), x1 = std::max(x1, x), y0 = std::min(y0, y), y1 = std::max(y1, y); }
    void pad() {
        const double p = (y1 - y0) * 0.08 + 1e-9;
        y0 -= p, y1 += p;
        if (x1 <= x0) x1 = x0 + 1;
        const double q = (x1 - x0) * 0.02;  // a marker at either end shows whole
        x0 -= q, x1 += q;
    }
};

// One legend entry: a line, a filled box or a symbol, with its text.
struct LegendEntry {
    std::string text;
    PLINT kind = PL_LEGEND_LINE;
    int colour = kInk, style = 1;
    std::string symbol;
};

// A page whose plot leaves room below for `entries` legend rows.
struct Layout {
    double plotBottom = 0, legendTop = 0;  // of the page, 0 to 1 from the bottom
};

std::unique_ptr<plstream> openPage(const std::filesystem::path& png, std::size_t entries, Layout& layout) {
    auto pls = std::make_unique<plstream>();
    pls->sdev("pngcairo");
    pls->sfnam(png.c_str());
    const int legendPixels = 36 * static_cast<int>(entries) + 20;
    const int height = 640 + legendPixels;
    pls->spage(0, 0, 1200, height, 0, 0);
    pls->scolbg(255, 255, 255);
    pls->init();
    pls->adv(0);
    pls->scol0(kInk, 0, 0, 0);
    pls->scol0(kBandColour, 190, 215, 235);
    for (int c = 0; c < kColours; ++c) pls->scol0(1 + c, kPalette[c][0], kPalette[c][1], kPalette[c][2]);
    pls->col0(kInk);
    layout.plotBottom = (legendPixels + 100.0) / height;  // room for the x axis' numbers and label
    layout.legendTop = (legendPixels + 0.0) / height;
    return pls;
}

void drawAxes(plstream& pls, const Range& r, double plotBottom, const std::string& title, const std::string& xLabel,
              const std::string& yLabel) {
    pls.vpor(0.11, 0.97, plotBottom, 0.93);
    pls.wind(r.x0, r.x1, r.y0, r.y1);
    pls.col0(kInk);
    pls.schr(0, 1.0);
    pls.box("bcnstg", 0, 0, "bcnstvg", 0, 0);
    pls.lab(xLabel.c_str(), yLabel.c_str(), title.c_str());
}

// The legend below the plot, one entry a row, left-aligned: labels are never cut.
void drawLegend(plstream& pls, const std::vector<LegendEntry>& entries, const Layout& layout) {
    if (entries.empty()) return;
    // Its own viewport under the plot's axis labels.
    pls.vpor(0.11, 0.97, 0.002, layout.legendTop);
    pls.wind(0, 1, 0, 1);
    const auto n = static_cast<PLINT>(entries.size());
    std::vector<PLINT> opt(n), colours(n), styles(n), textColours(n, kInk), boxPatterns(n, 0), symbolNumbers(n, 1);
    std::vector<PLFLT> widths(n, 2.0), boxScales(n, 0.8), boxWidths(n, 1.0), symbolScales(n, 1.2);
    std::vector<const char*> text(n), symbols(n);
    for (PLINT i = 0; i < n; ++i) {
        opt[i] = entries[i].kind;
        colours[i] = entries[i].colour;
        styles[i] = entries[i].style;
        text[i] = entries[i].text.c_str();
        symbols[i] = entries[i].symbol.empty() ? "#(728)" : entries[i].symbol.c_str();
    }
    PLFLT width = 0, height = 0;
    pls.schr(0, 0.8);
    pls.legend(&width, &height, PL_LEGEND_BACKGROUND | PL_LEGEND_BOUNDING_BOX,
               PL_POSITION_TOP | PL_POSITION_LEFT | PL_POSITION_INSIDE, 0.0, 0.0, 0.06, 0, kInk, 1, n, 1, n,
               opt.data(), 1.0, 0.8, 1.8, 0.0, textColours.data(), text.data(), colours.data(), boxPatterns.data(),
               boxScales.data(), boxWidths.data(), colours.data(), styles.data(), widths.data(), colours.data(),
               symbolScales.data(), symbolNumbers.data(), symbols.data());
}

void finish(std::unique_ptr<plstream> pls, const std::filesystem::path& png) {
    pls.reset();  // writes the file
    if (!std::filesystem::exists(png) || std::filesystem::file_size(png) == 0)
        throw Error("chart " + png.string() + ": PLplot wrote no image (is plplot-driver-cairo installed?)");
    // PLplot does not report a failed write: a whole PNG ends with its IEND chunk.
    std::ifstream written(png, std::ios::binary | std::ios::ate);
    char end[8] = {};
    written.seekg(-8, std::ios::end);
    if (!written.read(end, 8) || std::string(end, 4) != "IEND")
        throw Error(fmt::format("chart {}: the image was cut short: {}", png.string(),
                                libraryWriteFailureReason(png, "PLplot could not write it whole")));
}

}  // namespace

std::mutex& plplotMutex() {
    static std::mutex mutex;
    return mutex;
}

void drawLineChart(const std::filesystem::path& png, const std::string& title, const std::string& xLabel,
                   const std::string& yLabel, const std::vector<ChartSeries>& series,
                   const std::vector<ChartMarker>& markers, const std::vector<ChartBand>& bands) {
    if (series.empty()) throw Error("chart " + png.string() + ": nothing to draw");
    std::lock_guard lock(plplotMutex());
    Range r;
    for (const auto& s : series)
        for (std::size_t i = 0; i < s.x.size(); ++i) r.add(s.x[i], s.y[i]);
    for (const auto& b : bands)
        for (std::size_t i = 0; i < b.x.size(); ++i) r.add(b.x[i], b.low[i]), r.add(b.x[i], b.high[i]);
    for (const auto& m : markers) r.add(m.x, m.y);
    r.pad();

    std::vector<LegendEntry> legend;
    Layout layout;
    auto pls = openPage(png, series.size() + bands.size() + markers.size(), layout);
    drawAxes(*pls, r, layout.plotBottom, title, xLabel, yLabel);
    for (const auto& b : bands) {  // under the lines
        std::vector<double> xs(b.x), ys(b.low);
        xs.insert(xs.end(), b.x.rbegin(), b.x.rend());
        ys.insert(ys.end(), b.high.rbegin(), b.high.rend());
        pls->col0(kBandColour);
        pls->fill(static_cast<PLINT>(xs.size()), xs.data(), ys.data());
        legend.push_back({b.label, PL_LEGEND_COLOR_BOX, kBandColour, 1, ""});
    }
    for (std::size_t i = 0; i < series.size(); ++i) {
        const int colour = 1 + static_cast<int>(i) % kColours, style = 1 + static_cast<int>(i / kColours) % 8;
        pls->col0(colour);
        pls->width(2.0);
        pls->lsty(style);
        pls->line(static_cast<PLINT>(series[i].x.size()), series[i].x.data(), series[i].y.data());
        legend.push_back({series[i].label, PL_LEGEND_LINE, colour, style, ""});
    }
    pls->lsty(1);
    // Each target at its year: a symbol and a dotted drop to the axis.
    for (const auto& m : markers) {
        pls->col0(kInk);
        pls->lsty(3);
        const double xs[] = {m.x, m.x}, ys[] = {r.y0, m.y};
        pls->line(2, xs, ys);
        pls->lsty(1);
        pls->schr(0, 1.6);
        pls->string(1, &m.x, &m.y, "#(841)");  // a square
        legend.push_back({m.label, PL_LEGEND_SYMBOL, kInk, 1, "#(841)"});
    }
    drawLegend(*pls, legend, layout);
    finish(std::move(pls), png);
}

void drawScatterChart(const std::filesystem::path& png, const std::string& title, const std::string& xLabel,
                      const std::string& yLabel, const std::vector<ChartPoint>& points) {
    if (points.empty()) throw Error("chart " + png.string() + ": nothing to draw");
    std::lock_guard lock(plplotMutex());
    Range r;
    r.add(0, 0);  // from the origin: cost and CO2e compare as ratios
    for (const auto& p : points) r.add(p.x, p.y);
    const double xPad = (r.x1 - r.x0) * 0.06;
    r.x1 += xPad;
    r.pad();
    Layout layout;
    auto pls = openPage(png, points.size(), layout);
    drawAxes(*pls, r, layout.plotBottom, title, xLabel, yLabel);
    std::vector<LegendEntry> legend;
    for (std::size_t i = 0; i < points.size(); ++i) {
        const int colour = 1 + static_cast<int>(i) % kColours;
        pls->col0(colour);
        pls->schr(0, 1.4);
        pls->string(1, &points[i].x, &points[i].y, "#(840)");  // a circle
        pls->col0(kInk);
        pls->schr(0, 0.8);
        const std::string number = std::to_string(i + 1);
        pls->ptex(points[i].x + (r.x1 - r.x0) * 0.008, points[i].y + (r.y1 - r.y0) * 0.015, 1, 0, 0, number.c_str());
        legend.push_back({fmt::format("{}  {}", i + 1, points[i].label), PL_LEGEND_SYMBOL, colour, 1, "#(840)"});
    }
    drawLegend(*pls, legend, layout);
    finish(std::move(pls), png);
}

}  // namespace forestsink
