#include "common/CsvText.h"

#include <cpl_string.h>

namespace forestsink {

// GDAL's CSV escaping: a field holding a comma, quote, semicolon, tab or line
// break is quoted, with inner quotes doubled.
std::string csvText(const std::string& s) {
    char* escaped = CPLEscapeString(s.c_str(), static_cast<int>(s.size()), CPLES_CSV);
    std::string out(escaped);
    CPLFree(escaped);
    return out;
}

}  // namespace forestsink
