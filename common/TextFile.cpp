#include "common/TextFile.h"

#include "common/Error.h"

#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

#include <sys/statvfs.h>

namespace forestsink {

std::string writeFailureReason(int error) {
    switch (error) {
        case ENOSPC: return "the disk is full";
        case EDQUOT: return "the disk quota is exhausted";
        case EROFS: return "the file system is read-only";
        case EACCES:
        case EPERM: return "permission denied";
        default: return std::strerror(error);
    }
}

std::string libraryWriteFailureReason(const std::filesystem::path& file, const std::string& libraryMessage) {
    struct statvfs fs {};
    const std::filesystem::path folder = file.has_parent_path() ? file.parent_path() : ".";
    if (::statvfs(folder.c_str(), &fs) == 0 &&
        static_cast<double>(fs.f_bavail) * static_cast<double>(fs.f_frsize) < 4.0 * (1 << 20))
        return fmt::format("the disk is full ({:.1f} MB free; {})",
                           static_cast<double>(fs.f_bavail) * static_cast<double>(fs.f_frsize) / 1e6, libraryMessage);
    return libraryMessage;
}

void writeTextFile(const std::filesystem::path& path, std::string_view text) {
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (!f) throw Error(fmt::format("{}: cannot create the file: {}", path.string(), writeFailureReason(errno)));
    errno = 0;
    const bool written = std::fwrite(text.data(), 1, text.size(), f) == text.size() && std::fflush(f) == 0;
    const int writeError = errno;
    const bool closed = std::fclose(f) == 0;
    const int closeError = errno;
    if (!written || !closed)
        throw Error(fmt::format("{}: cannot write the file: {}", path.string(),
                                writeFailureReason(!written ? writeError : closeError)));
}

}  // namespace forestsink
