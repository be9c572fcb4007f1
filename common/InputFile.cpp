#include "common/InputFile.h"

#include "common/Error.h"

#include <fmt/format.h>

namespace forestsink {
namespace {

namespace fs = std::filesystem;

const char* kindOf(fs::file_type type) {
    switch (type) {
        case fs::file_type::directory: return "a folder";
        case fs::file_type::fifo: return "a FIFO (a named pipe)";
        case fs::file_type::socket: return "a socket";
        case fs::file_type::character: return "a character device";
        case fs::file_type::block: return "a block device";
        default: return "not a regular file";
    }
}

}  // namespace

bool isGdalVirtualPath(const fs::path& path) { return path.native().rfind("/vsi", 0) == 0; }

void requireInputFile(const fs::path& path, const std::string& what) {
    if (isGdalVirtualPath(path)) return;
    std::error_code ec;
    const fs::file_status status = fs::status(path, ec);  // follows symbolic links; never opens the file
    if (status.type() == fs::file_type::not_found || (ec && !fs::exists(status)))
        throw Error(fmt::format("{}: {} does not exist", path.string(), what));
    if (status.type() != fs::file_type::regular)
        throw Error(fmt::format("{}: {} is {}; give a regular file{}", path.string(), what, kindOf(status.type()),
                                status.type() == fs::file_type::directory ? "" : " (or a GDAL /vsi… path)"));
}

std::uintmax_t requireInputFileOfAtMost(const fs::path& path, const std::string& what, std::uintmax_t maxBytes) {
    requireInputFile(path, what);
    if (isGdalVirtualPath(path)) return 0;
    std::error_code ec;
    const std::uintmax_t size = fs::file_size(path, ec);
    if (ec) throw Error(fmt::format("{}: cannot read the size of {} ({})", path.string(), what, ec.message()));
    if (size > maxBytes)
        throw Error(fmt::format("{}: {} holds {} bytes; at most {} are allowed ({} MiB)", path.string(), what, size,
                                maxBytes, maxBytes >> 20));
    return size;
}

}  // namespace forestsink
