#include "common/NearestName.h"

#include <algorithm>
#include <cctype>

namespace forestsink {
namespace {

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

}  // namespace

std::size_t editDistance(const std::string& a, const std::string& b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

std::string nearestName(const std::string& name, const std::vector<std::string>& candidates) {
    std::string best;
    std::size_t bestDistance = 4;  // suggest only near misses
    const std::string key = lower(name);
    for (const auto& c : candidates) {
        const std::string other = lower(c);
        const bool samePrefix = key.size() >= 4 && other.compare(0, 4, key, 0, 4) == 0;
        const std::size_t d = samePrefix ? 1 : editDistance(key, other);
        if (d < bestDistance) bestDistance = d, best = c;
    }
    return best;
}

}  // namespace forestsink
