#pragma once
// forestsink's version: the one CMake's project(VERSION …) declares.
namespace forestsink {
inline constexpr const char* kVersion = FORESTSINK_VERSION;
}
