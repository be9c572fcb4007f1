#pragma once
// A batch file: a list of scenario files and sweeps of scenario parameters,
// crossed (every combination) or zipped (side by side), expanded into
// variants, each a scenario with its own output folder name.
//
// A batch file (TOML):
//   name = "Yunnan what-ifs"
//   scenarios = ["yunnan-baseline.toml", "yunnan-plan-2011-2020.toml"]
//   [[sweeps]]
//   scenario = "yunnan-plan-2011-2020.toml"
//   mode = "cross"                      # every combination, or "zip": values side by side
//   [[sweeps.parameters]]
//   path = "programmes[Afforestation of barren hills 2011-2015].stocking"
//   values = [0.5, 0.7, 0.85]
// Parameter paths: seed, carbon_price_yuan_per_t_co2e, and
// programmes[NAME].KEY with KEY cost_yuan_per_ha, the programme's amount, or
// one of its kind's own keys (declared in sim/programmes/<Kind>.cpp).
#include "scenarios/Scenario.h"

#include <filesystem>
#include <string>
#include <vector>

namespace forestsink {


struct BatchVariant {
    std::string name;        // its output folder: SCENARIO__KEY=VALUE…, or SCENARIO__N past 64 bytes
    std::string parameters;  // "stocking=0.5; species=Eucalyptus" for sweeps, "" otherwise
    Scenario scenario;
    std::string where;       // where the batch file asks for it: file:line:column of its scenario or values
};

struct Batch {
    std::filesystem::path file;
    std::string name;
    std::vector<BatchVariant> variants;
};

// Reads and expands a batch file; throws Error with file:line:column.
Batch loadBatch(const std::filesystem::path& file, const ProgrammeKinds& kinds);

// Sets one parameter of a scenario; throws Error naming `where`. A
// programme's own keys take the ranges its kind declares.
void setParameter(Scenario& scenario, const ProgrammeKinds& kinds, const std::string& path, const std::string& value,
                  const std::string& where);

}  // namespace forestsink
