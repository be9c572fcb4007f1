#pragma once
namespace forestsink {
inline constexpr const char* kVersion = "0.1.0";
}
