#pragma once
// "Did you mean": the candidate nearest to a misspelt name, for messages.
#include <cstddef>
#include <string>
#include <vector>

namespace forestsink {

// The candidate within three edits of `name` (or sharing its first four
// letters), the nearest first; empty when none is near.
// Levenshtein distance: insertions, deletions and substitutions.
std::size_t editDistance(const std::string& a, const std::string& b);

std::string nearestName(const std::string& name, const std::vector<std::string>& candidates);

}  // namespace forestsink
