#pragma once
// How report.html writes text and numbers: escaped text, numbers with
// thousands separators, and each target metric with its unit.
#include "scenarios/Programme.h"

#include <string>

namespace forestsink {

// HTML text needs the same escapes as XML.
std::string html(const std::string& s);

// Fixed decimals, thousands separated by commas ("1,830,000,000").
std::string number(double v, int decimals = 0);

// The unit of a target metric ("m³", "%", "ha", "t C", "t CO2e") and the
// decimals it is shown with (0, but 2 for a percentage).
const char* metricUnit(TargetMetric metric);
int metricDecimals(TargetMetric metric);

// A value of a metric in a sentence, scaled to its size ("1.83 billion m³", "55 %").
std::string metricInWords(double value, TargetMetric metric);

}  // namespace forestsink
