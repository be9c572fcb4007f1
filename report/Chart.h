#pragma once
// Charts as PNG, drawn with PLplot (its Cairo driver): lines over the years,
// a shaded band (e.g. the draws' P5–P95), targets marked at their year, and
// a scatter of labelled points; the legend sits below the plot (pllegend),
// one entry a row, so no label is ever cut.
#include <filesystem>
#include <mutex>
#include <string>
#include <vector>

namespace forestsink {

// PLplot keeps global state per process: charts and maps draw one at a time.
std::mutex& plplotMutex();

struct ChartSeries {
    std::string label;
    std::vector<double> x, y;
};

struct ChartBand {  // a shaded range between two lines, e.g. P5 to P95
    std::string label;
    std::vector<double> x, low, high;
};

struct ChartMarker {  // a point to reach, e.g. a target at its year
    std::string label;
    double x, y;
};

void drawLineChart(const std::filesystem::path& png, const std::string& title, const std::string& xLabel,
                   const std::string& yLabel, const std::vector<ChartSeries>& series,
                   const std::vector<ChartMarker>& markers = {}, const std::vector<ChartBand>& bands = {});

struct ChartPoint {
    std::string label;
    double x, y;
};

// Points numbered on the plot, their labels in the legend below.
void drawScatterChart(const std::filesystem::path& png, const std::string& title, const std::string& xLabel,
                      const std::string& yLabel, const std::vector<ChartPoint>& points);

}  // namespace forestsink
