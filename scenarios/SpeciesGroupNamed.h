#pragma once
// The species-table group a scenario key names, by name or by code written as
// text; an Error naming the key, the nearest group name and all groups when
// there is none ([biomass] and [growth] by_species).
#include "species/SpeciesTable.h"

#include <string>

namespace forestsink {

int speciesGroupNamed(const SpeciesTable& species, const std::string& nameOrCode, const std::string& where,
                      const std::string& key);

}  // namespace forestsink
