#pragma once
// One exception type for every user-facing failure: its message names the file
// (layer, line:column or cell), the bad value and what is allowed.
#include <stdexcept>
#include <string>

namespace forestsink {

class Error : public std::runtime_error {
public:
    explicit Error(const std::string& message) : std::runtime_error(message) {}
};

}  // namespace forestsink
