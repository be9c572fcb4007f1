#pragma once
// What the command line says about itself: the versions behind `--version`,
// and an unknown command named with the nearest known one.
#include <optional>
#include <string>
#include <vector>

namespace forestsink {

// "forestsink 0.1.0 (GDAL 3.6.2, PROJ 9.1.1, oneTBB 2021.8.0)".
std::string versionText();

// The error for a first argument that is neither an option nor one of
// `commands`, with the nearest command; none when `word` is a command or an option.
std::optional<std::string> unknownCommandError(const std::string& word, const std::vector<std::string>& commands);

}  // namespace forestsink
