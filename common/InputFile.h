#pragma once
// What an input path may be, checked before any library opens it: a regular
// file (a FIFO blocks GDAL forever, a folder or /dev/zero makes GDAL and
// toml++ report nonsense), or a GDAL virtual path (/vsizip/…, /vsicurl/…),
// which GDAL itself resolves.
#include <cstdint>
#include <filesystem>
#include <string>

namespace forestsink {

// Whether `path` is one of GDAL's virtual file systems ("/vsi…/").
bool isGdalVirtualPath(const std::filesystem::path& path);

// Throws Error "PATH: WHAT does not exist", "… is a folder, not a file", or
// "… is a FIFO (a named pipe), not a regular file" unless `path` is a regular
// file (symbolic links followed) or a GDAL virtual path. `what` names the
// input: "species table", "layer 'age' file", …
void requireInputFile(const std::filesystem::path& path, const std::string& what);

// As requireInputFile, and the file holds at most `maxBytes`: throws Error
// naming its size and the limit. Returns its size.
std::uintmax_t requireInputFileOfAtMost(const std::filesystem::path& path, const std::string& what,
                                        std::uintmax_t maxBytes);

}  // namespace forestsink
