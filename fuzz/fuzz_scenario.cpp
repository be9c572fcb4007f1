// libFuzzer target: the scenario loader (TOML shape check, toml++, every
// key's checks). An Error is the expected outcome of a bad file; a crash, a
// sanitizer report, a hang or any other exception is a finding.
#include "FuzzFolder.h"

#include "common/Error.h"
#include "scenarios/Scenario.h"
#include "sim/programmes/ProgrammeKinds.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
    const auto path = forestsink::fuzz::writeInput("fuzzed.toml", data, size);
    try {
        forestsink::loadScenario(path, forestsink::programmeKinds());
    } catch (const forestsink::Error&) {
    }
    return 0;
}
