#include "scenarios/SpeciesGroupNamed.h"

#include "common/Error.h"
#include "common/NearestName.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <vector>

namespace forestsink {

int speciesGroupNamed(const SpeciesTable& species, const std::string& nameOrCode, const std::string& where,
                      const std::string& key) {
    for (int i = 0; i < species.size(); ++i)
        if (species.group(i).name == nameOrCode || std::to_string(species.group(i).code) == nameOrCode) return i;
    std::vector<std::string> names;
    for (const auto& g : species.groups()) names.push_back(g.name);
    const std::string near = nearestName(nameOrCode, names);
    throw Error(fmt::format("{}: '{}' names '{}', which is not a group of the species table {}{}; groups: {}", where,
                            key, nameOrCode, species.path().string(),
                            near.empty() ? "" : fmt::format(" (did you mean '{}'?)", near), fmt::join(names, ", ")));
}

}  // namespace forestsink
