#pragma once
// forestsink grid FILE [--crs CRS] [--cell-size S]: a ready-to-paste [grid]
// block for a raster, with the size of the grid and of the file's data in
// cells and hectares.
#include <filesystem>
#include <ostream>
#include <string>

namespace forestsink {

// `crs` empty keeps the file's CRS; `cellSize` 0 keeps the file's cell size
// (or, in another CRS of the same kind of unit, its width). Throws Error.
void printGridBlock(const std::filesystem::path& file, const std::string& crs, double cellSize, std::ostream& out);

}  // namespace forestsink
