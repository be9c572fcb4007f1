#pragma once
// forestsink validate: checks a scenario, or a batch file and every variant
// it makes, and everything a run would read.
#include <filesystem>
#include <ostream>

namespace forestsink {

// Checks a scenario and its inputs (everything a run reads) without running
// it; throws Error on the first problem. Says "valid" on `log` when given.
void validateScenario(const std::filesystem::path& scenario, std::ostream* log);

// Checks a batch file: its sweeps, every variant's scenario and programmes,
// and each distinct set of inputs once.
void validateBatch(const std::filesystem::path& batch, std::ostream* log);

// A batch file (named *.batch.toml, or with top-level `scenarios` or `sweeps`) or a scenario, checked as such.
void validateFile(const std::filesystem::path& file, std::ostream* log);

}  // namespace forestsink
