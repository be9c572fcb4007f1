#pragma once
// A cheap scan of a TOML text before toml++ parses it: toml++ builds (and
// later destroys) nested tables recursively, so a header of 50,000 dotted
// parts ([a.a.a…]) overflows the stack. The scan refuses, with the line and
// column, any key of more than kMaxKeyParts dotted parts and any array or
// inline table nested deeper than kMaxNesting; scenario and batch files need
// four parts and three levels at most.
#include <cstddef>
#include <filesystem>
#include <string_view>

namespace forestsink {

struct TomlShapeLimits {
    static constexpr std::size_t kMaxBytes = std::size_t{4} << 20;  // the shipped files take a few kB
    static constexpr int kMaxKeyParts = 32;
    static constexpr int kMaxNesting = 32;
};

// Throws Error "FILE:LINE:COLUMN: …" when `text` goes beyond a limit. Strings
// and comments are skipped: their dots and brackets are text.
void checkTomlShape(std::string_view text, const std::filesystem::path& file);

}  // namespace forestsink
