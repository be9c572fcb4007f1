#include "app/CommandNames.h"

#include "common/NearestName.h"
#include "common/Version.h"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <gdal.h>
#include <proj.h>
#include <tbb/version.h>

#include <algorithm>

namespace forestsink {

std::string versionText() {
    return fmt::format("forestsink {} (GDAL {}, PROJ {}, oneTBB {})", kVersion, GDALVersionInfo("RELEASE_NAME"),
                       proj_info().version, TBB_runtime_version());
}

std::optional<std::string> unknownCommandError(const std::string& word, const std::vector<std::string>& commands) {
    if (word.empty() || word[0] == '-' || std::find(commands.begin(), commands.end(), word) != commands.end())
        return std::nullopt;
    std::string best;
    std::size_t bestDistance = 3;  // suggest near misses only
    for (const auto& c : commands) {
        const bool prefix = c.compare(0, word.size(), word) == 0;
        const std::size_t d = prefix ? 1 : editDistance(word, c);
        if (d < bestDistance) bestDistance = d, best = c;
    }
    return fmt::format("unknown command '{}'{}; the commands are {} (forestsink --help)", word,
                       best.empty() ? "" : fmt::format(" (did you mean '{}'?)", best), fmt::join(commands, ", "));
}

}  // namespace forestsink
