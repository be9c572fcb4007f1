#include "common/TextFile.h"

#include "common/Error.h"

#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

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
