#include "report/GrowthCalibrationFile.h"

#include "common/TextFile.h"

#include <fmt/format.h>

namespace forestsink {
namespace {

// A TOML basic string: quotes and backslashes escaped (names come from the user's scenario).
std::string quoted(const std::string& text) {
    std::string out = "\"";
    for (char c : text) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + "\"";
}

std::string leftOutText(const std::vector<std::string>& leftOut) {
    std::string out;
    for (const auto& name : leftOut) out += (out.empty() ? "" : ", ") + name;
    return out;
}

}  // namespace

std::string growthCalibrationText(const Scenario& scenario, const StockChangeTarget& target,
                                  const std::vector<std::string>& leftOut, const GrowthCalibration& fit) {
    const CalibrationTrial& last = fit.trials.back();
    const std::string without = leftOut.empty() ? "" : " without " + leftOutText(leftOut);
    std::string text = fmt::format(
        "# forestsink calibrate: {}{}\n# target: forest stock {} -> {} changes by {:.6g} m3 (province)\n"
        "# trials: multiplier, stock {}, stock {}, residual (m3)\n",
        scenario.file.string(), without, target.fromYear, target.toYear, target.changeM3, target.fromYear,
        target.toYear);
    for (const auto& t : fit.trials)
        text += fmt::format("#   {:.6f}  {:.6f}  {:.6f}  {:+.6f}\n", t.multiplier, t.stockFromM3, t.stockToM3,
                            t.residualM3);
    text += fmt::format("[growth]\nmultiplier = {:.6f}\n", fit.multiplier);
    if (!scenario.growth.bySpecies.empty()) {
        text += "by_species = { ";
        for (std::size_t i = 0; i < scenario.growth.bySpecies.size(); ++i)
            text += fmt::format("{}{} = {}", i ? ", " : "", quoted(scenario.growth.bySpecies[i].species),
                                scenario.growth.bySpecies[i].multiplier);
        text += " }  # kept from the scenario\n";
    }
    text += "source = " +
            quoted(fmt::format("fitted by forestsink calibrate: {}{} changes forest stock by {:.6g} m3 from {} to {} "
                               "(residual {:+.3g} m3)",
                               scenario.file.filename().string(), without, target.changeM3, target.fromYear,
                               target.toYear, last.residualM3)) +
            "\n";
    return text;
}

void writeGrowthCalibration(const std::filesystem::path& file, const Scenario& scenario,
                            const StockChangeTarget& target, const std::vector<std::string>& leftOut,
                            const GrowthCalibration& fit) {
    writeTextFile(file, growthCalibrationText(scenario, target, leftOut, fit));
}

}  // namespace forestsink
