#pragma once
// Line charts as PNG, drawn with PLplot (its Cairo driver): one line per
// series over the years, optional horizontal target lines, and a legend.
#include <filesystem>
#include <string>
#include <vector>

namespace forestsink {

struct ChartSeries {
    std::string label;
    std::vector<double> x, y;
};

struct ChartLine {  // a horizontal reference, e.g. a target
    std::string label;
    double y;
};

void drawLineChart(const std::filesystem::path& png, const std::string& title, const std::string& xLabel,
                   const std::string& yLabel, const std::vector<ChartSeries>& series,
                   const std::vector<ChartLine>& references = {});

}  // namespace forestsink
