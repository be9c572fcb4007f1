#pragma once
// SHA-256 of a file (OpenSSL), as lowercase hex, for run.json's input checksums.
#include <filesystem>
#include <string>
#include <string_view>

namespace forestsink {

std::string sha256OfFile(const std::filesystem::path& path);
std::string sha256OfText(std::string_view text);

}  // namespace forestsink
