#pragma once
#include <string>

namespace forestsink {

// A CSV field, quoted when needed.
std::string csvText(const std::string& s);

}  // namespace forestsink
