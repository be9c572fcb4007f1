#pragma once
// SHA-256 of a file (OpenSSL), as lowercase hex, for run.json's input checksums.
#include <filesystem>
#include <string>

namespace forestsink {

std::string sha256OfFile(const std::filesystem::path& path);

}  // namespace forestsink
