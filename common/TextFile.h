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

}  // namespace forestsink
