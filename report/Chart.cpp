#include "report/Chart.h"

#include "common/Error.h"

#include <plplot/plstream.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <mutex>

namespace forestsink {

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

    auto pls = std::make_unique<plstream>();
    pls->sdev("pngcairo");
    pls->sfnam(png.c_str());
    pls->spage(0, 0, 1200, 720, 0, 0);
    pls->scolbg(255, 255, 255);
    pls->init();
    pls->adv(0);  // open the page
    pls->scol0(15, 0, 0, 0);  // black ink on the white background set above
    pls->col0(15);
    pls->vpor(0.1, 0.72, 0.12, 0.9);
    pls->wind(x0, x1, y0, y1);
    pls->box("bcnst", 0, 0, "bcnstv", 0, 0);
    pls->lab(xLabel.c_str(), yLabel.c_str(), title.c_str());

    // Colour-blind-safe palette (Okabe–Ito).
    static const int palette[][3] = {{0, 114, 178}, {213, 94, 0}, {0, 158, 115}, {204, 121, 167},
                                     {230, 159, 0}, {86, 180, 233}, {240, 228, 66}, {0, 0, 0}};
    const int colours = static_cast<int>(std::size(palette));
    for (std::size_t i = 0; i < series.size(); ++i) {
        const int c = static_cast<int>(i) % colours;
        pls->scol0(1 + c, palette[c][0], palette[c][1], palette[c][2]);
        pls->col0(1 + c);
        pls->width(2.0);
        pls->lsty(1 + static_cast<int>(i / colours) % 8);
        pls->line(static_cast<PLINT>(series[i].x.size()), series[i].x.data(), series[i].y.data());
        // Legend to the right of the plot.
        pls->vpor(0.74, 0.99, 0.12, 0.9);
        pls->wind(0, 1, 0, 1);
        const double ly = 0.97 - 0.05 * static_cast<double>(i);
        const double lx[] = {0.0, 0.12}, lyy[] = {ly, ly};
        pls->line(2, lx, lyy);
        pls->col0(15);
        pls->schr(0, 0.7);
        pls->ptex(0.15, ly, 1, 0, 0, series[i].label.substr(0, 48).c_str());
        pls->vpor(0.1, 0.72, 0.12, 0.9);
        pls->wind(x0, x1, y0, y1);
    }
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
}

}  // namespace forestsink
