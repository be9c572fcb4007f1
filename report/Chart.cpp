#include "report/Chart.h"

#include "common/Error.h"
#include "common/TextFile.h"

#include <fmt/format.h>
#include <fstream>

#include <plplot/plstream.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <mutex>
#include <vector>

namespace forestsink {
namespace {

// `label` in lines of at most `width` bytes, broken after a space, '_' or ';'
// where one is near, never inside a UTF-8 character.
std::vector<std::string> wrapLabel(const std::string& label, std::size_t width) {
    std::vector<std::string> lines;
    std::string rest = label;
    while (rest.size() > width) {
        std::size_t cut = width;
        while (cut > 0 && (static_cast<unsigned char>(rest[cut]) & 0xC0) == 0x80) --cut;
        const std::size_t soft = rest.find_last_of(" _;", cut - 1);
        if (soft != std::string::npos && soft >= width / 2) cut = soft + 1;
        lines.push_back(rest.substr(0, cut));
        rest = "  " + rest.substr(cut);
    }
    lines.push_back(rest);
    return lines;
}

}  // namespace

void drawLineChart(const std::filesystem::path& png, const std::string& title, const std::string& xLabel,
                   const std::string& yLabel, const std::vector<ChartSeries>& series,
                   const std::vector<ChartLine>& references) {
    if (series.empty()) throw Error("chart " + png.string() + ": nothing to draw");
    // PLplot keeps global state per process: draw one chart at a time.
    static std::mutex mutex;
    std::lock_guard lock(mutex);
    double x0 = 1e300, x1 = -1e300, y0 = 1e300, y1 = -1e300;
    for (const auto& s : series)
        for (std::size_t i = 0; i < s.x.size(); ++i)
            x0 = std::min(x0, s.x[i]), x1 = std::max(x1, s.x[i]), y0 = std::min(y0, s.y[i]), y1 = std::max(y1, s.y[i]);
    for (const auto& r : references) y0 = std::min(y0, r.y), y1 = std::max(y1, r.y);
    const double pad = (y1 - y0) * 0.08 + 1e-9;
    y0 -= pad, y1 += pad;
    if (x1 <= x0) x1 = x0 + 1;

    // The legend goes below the plot, one row per series and long labels
    // wrapped onto more rows: the page grows with it, so no label is ever cut.
    std::vector<std::vector<std::string>> legendLines;
    std::size_t legendRows = 0;
    for (const auto& s : series) legendRows += legendLines.emplace_back(wrapLabel(s.label, 84)).size();
    const double height = 740 + 26.0 * static_cast<double>(legendRows);
    const double plotTop = 1 - 72 / height, plotBottom = plotTop - 520 / height;

    auto pls = std::make_unique<plstream>();
    pls->sdev("pngcairo");
    pls->sfnam(png.c_str());
    pls->spage(0, 0, 1200, static_cast<PLINT>(height), 0, 0);
    pls->scolbg(255, 255, 255);
    pls->init();
    pls->schr(5.0, 1.0);  // in mm: PLplot would scale text with the page height
    pls->adv(0);  // open the page
    pls->scol0(15, 0, 0, 0);  // black ink on the white background set above
    pls->col0(15);
    pls->vpor(0.1, 0.95, plotBottom, plotTop);
    pls->wind(x0, x1, y0, y1);
    pls->box("bcnst", 0, 0, "bcnstv", 0, 0);
    pls->lab(xLabel.c_str(), yLabel.c_str(), title.c_str());

    // Colour-blind-safe palette (Okabe–Ito); past 8 series the line style changes too.
    static const int palette[][3] = {{0, 114, 178}, {213, 94, 0}, {0, 158, 115}, {204, 121, 167},
                                     {230, 159, 0}, {86, 180, 233}, {240, 228, 66}, {0, 0, 0}};
    const int colours = static_cast<int>(std::size(palette));
    std::vector<PLINT> options, lineColours, lineStyles;
    std::vector<const char*> labels;
    for (std::size_t i = 0; i < series.size(); ++i) {
        const int c = static_cast<int>(i) % colours;
        const int style = 1 + static_cast<int>(i / colours) % 8;
        pls->scol0(1 + c, palette[c][0], palette[c][1], palette[c][2]);
        pls->col0(1 + c);
        pls->width(2.0);
        pls->lsty(style);
        pls->line(static_cast<PLINT>(series[i].x.size()), series[i].x.data(), series[i].y.data());
        for (std::size_t k = 0; k < legendLines[i].size(); ++k) {  // the sample line on its first row only
            options.push_back(k == 0 ? PL_LEGEND_LINE : PL_LEGEND_NONE);
            lineColours.push_back(1 + c);
            lineStyles.push_back(style);
            labels.push_back(legendLines[i][k].c_str());
        }
    }
    pls->lsty(1);
    pls->width(1.0);
    const auto rows = static_cast<PLINT>(labels.size());
    std::vector<PLINT> textColours(labels.size(), 15);
    std::vector<PLFLT> lineWidths(labels.size(), 2.0);
    // Below the x axis label, from the plot's left edge (the y offset is in viewport heights).
    PLFLT legendWidth = 0, legendHeight = 0;
    pls->vpor(0.02, 0.98, plotBottom, plotTop);
    pls->legend(&legendWidth, &legendHeight, PL_LEGEND_BACKGROUND,
                PL_POSITION_LEFT | PL_POSITION_TOP | PL_POSITION_INSIDE | PL_POSITION_VIEWPORT, 0.0,
                1.0 + 90.0 / 520.0, 0.05, 0, 15, 1, rows, 1, rows, options.data(), 1.0, 0.85, 1.5, 0.0,
                textColours.data(), labels.data(), nullptr, nullptr, nullptr, nullptr, lineColours.data(),
                lineStyles.data(), lineWidths.data(), nullptr, nullptr, nullptr, nullptr);
    pls->vpor(0.1, 0.95, plotBottom, plotTop);
    pls->wind(x0, x1, y0, y1);
    pls->lsty(2);
    pls->col0(15);
    for (const auto& r : references) {
        const double xs[] = {x0, x1}, ys[] = {r.y, r.y};
        pls->line(2, xs, ys);
        pls->schr(0, 0.6);
        pls->ptex(x0 + (x1 - x0) * 0.01, r.y + (y1 - y0) * 0.012, 1, 0, 0, r.label.c_str());
    }
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

}  // namespace forestsink
