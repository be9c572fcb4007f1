// libFuzzer target: the species-table reader (GDAL's CSV parser, then every
// column's checks).
#include "FuzzFolder.h"

#include "common/Error.h"
#include "species/SpeciesTable.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
    const auto path = forestsink::fuzz::writeInput("fuzzed-species.csv", data, size);
    try {
        forestsink::SpeciesTable::load(path);
    } catch (const forestsink::Error&) {
    }
    return 0;
}
