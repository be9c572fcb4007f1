#include "app/WriteFailure.h"

#include "common/Error.h"
#include "common/TextFile.h"

#include <fmt/format.h>

#include <sys/statvfs.h>

#include <cerrno>
#include <cstdint>

namespace forestsink {
namespace {

namespace fs = std::filesystem;

// Below this much free space a failed write is taken as a full disk. A
// failed write of a large block (a COG strip, an overview) leaves the space
// it could not use free, so "no byte left" would miss it; 64 MiB is less than
// the outputs of a province run.
constexpr std::uintmax_t kFullBelowBytes = std::uintmax_t{64} << 20;

}  // namespace

std::string describeFilesystemError(const fs::filesystem_error& e) {
    const std::string reason = writeFailureReason(e.code().value());
    if (e.path1().empty()) return fmt::format("an empty path: {}", reason);
    if (e.path2().empty()) return fmt::format("{}: {}", e.path1().string(), reason);
    return fmt::format("{} → {}: {}", e.path1().string(), e.path2().string(), reason);
}

std::uintmax_t freeBytesAt(const fs::path& path) {
    fs::path p = fs::absolute(path);
    std::error_code ec;
    while (!fs::exists(p, ec) && p.has_parent_path() && p.parent_path() != p) p = p.parent_path();
    struct statvfs s {};
    if (::statvfs(p.c_str(), &s) != 0) return UINTMAX_MAX;
    return static_cast<std::uintmax_t>(s.f_bavail) * s.f_frsize;
}

void rethrowWriteFailure(const fs::path& finalFolder) {
    std::string what = "unknown";
    try {
        throw;
    } catch (const fs::filesystem_error& e) {
        if (e.code().value() != ENOSPC && freeBytesAt(fs::absolute(finalFolder).parent_path()) >= kFullBelowBytes)
            throw Error(describeFilesystemError(e));
        what = e.what();
    } catch (const std::bad_alloc&) {
        throw;
    } catch (const std::exception& e) {
        if (freeBytesAt(fs::absolute(finalFolder).parent_path()) >= kFullBelowBytes) throw;
        what = e.what();
    }
    throw Error(fmt::format("{}: the disk is full ({:.1f} MB free on its file system); the outputs could not be "
                            "written, and the previous outputs there, if any, are untouched. Free some space or "
                            "choose another --out. (The write that failed: {})",
                            finalFolder.string(), freeBytesAt(fs::absolute(finalFolder).parent_path()) / 1e6, what));
}

}  // namespace forestsink
