#pragma once
// Where the built-in demo scenario lives: $FORESTSINK_DEMO_SCENARIO, else
// scenarios/yunnan-plan-2011-2020.toml beside the executable's build folder or in the
// source tree it was built from.
#include <filesystem>

namespace forestsink {

std::filesystem::path demoScenarioPath();

}  // namespace forestsink
