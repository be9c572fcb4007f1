#pragma once
// Writes a whole text file and checks every step (write, flush, close): a
// failure is an Error naming the file and the reason ("the disk is full"),
// never a silently truncated file.
#include <filesystem>
#include <string>
#include <string_view>

namespace forestsink {

void writeTextFile(const std::filesystem::path& path, std::string_view text);

// The reason for errno `error`, in words a user acts on.
std::string writeFailureReason(int error);

// Why a library's write of `file` failed: "the disk is full" when the file
// system holding it has less than 4 MiB left (libraries such as GDAL report a
// full disk as a seek or write error), else the library's own message.
std::string libraryWriteFailureReason(const std::filesystem::path& file, const std::string& libraryMessage);

}  // namespace forestsink
