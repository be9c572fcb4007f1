// libFuzzer target: the batch loader (scenarios, sweeps, parameter paths,
// the expansion into variants). Seeds name the shipped scenarios.
#include "FuzzFolder.h"

#include "common/Error.h"
#include "scenarios/BatchFile.h"
#include "sim/programmes/ProgrammeKinds.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
    const auto path = forestsink::fuzz::writeInput("fuzzed.batch.toml", data, size);
    try {
        forestsink::loadBatch(path, forestsink::programmeKinds());
    } catch (const forestsink::Error&) {
    }
    return 0;
}
