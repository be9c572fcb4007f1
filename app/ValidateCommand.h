#pragma once
// forestsink validate: checks a scenario and everything a run would read.
#include <filesystem>
#include <ostream>

namespace forestsink {

// Checks a scenario and its inputs (everything a run reads) without running
// it; throws Error on the first problem. Says "valid" on `log` when given.
void validateScenario(const std::filesystem::path& scenario, std::ostream* log);

}  // namespace forestsink
