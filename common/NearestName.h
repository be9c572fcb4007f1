#pragma once
// "Did you mean": the candidate nearest to a misspelt name, for messages.
#include <string>
#include <vector>

namespace forestsink {

// The candidate within three edits of `name` (or sharing its first four
// letters), the nearest first; empty when none is near.
std::string nearestName(const std::string& name, const std::vector<std::string>& candidates);

}  // namespace forestsink
