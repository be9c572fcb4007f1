#pragma once
// Failures while a run writes its outputs, in the user's words: a full disk
// says so and names the final folder (not a staging path, nor libtiff's
// "TIFFAppendToStrip: Seek error"), and a std::filesystem error names its
// path and the reason.
#include <cstdint>
#include <exception>
#include <filesystem>
#include <string>

namespace forestsink {

// "PATH: the disk is full" and the like, from a filesystem_error.
std::string describeFilesystemError(const std::filesystem::filesystem_error& e);

// Free bytes on the file system holding `path` (or its nearest existing parent).
std::uintmax_t freeBytesAt(const std::filesystem::path& path);

// Call inside a catch block while writing the outputs of `finalFolder`:
// throws Error saying the disk is full when the file system of its staging
// folder has (almost) no space left, an Error naming the path for a
// filesystem_error, and otherwise rethrows the current exception as it is.
[[noreturn]] void rethrowWriteFailure(const std::filesystem::path& finalFolder);

}  // namespace forestsink
