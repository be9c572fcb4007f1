#pragma once
// The state of every cell of the grid, as compact arrays (structure of arrays).
// Bytes per cell: land class 1, species 1, site 1, region 2, age 2, volume 4 = 11.
#include "raster/Grid.h"
#include "sim/LandClass.h"

#include <cstdint>
#include <string>
#include <vector>

namespace forestsink {

constexpr uint8_t kNoSpecies = 255;  // species index of cells without trees
constexpr uint16_t kNoRegion = 0;    // region id of cells that the region layer leaves out

struct Region {
    uint16_t id = 0;
    std::string name;
};

struct CellState {
    Grid grid;
    std::vector<double> cellAreaHa;  // per row (constant on an equal-area grid)

    std::vector<LandClass> landClass;
    std::vector<uint8_t> species;  // index into the species table, kNoSpecies if none
    std::vector<uint8_t> site;     // SiteClass as 0 good, 1 medium, 2 poor
    std::vector<uint16_t> region;  // region id (kNoRegion if unassigned)
    std::vector<uint16_t> age;     // stand age, years
    std::vector<float> volume;     // stand volume, m³/ha

    std::vector<Region> regions;  // every region of the run, by ascending id

    static constexpr std::size_t kBytesPerCell = sizeof(LandClass) + 2 * sizeof(uint8_t) + 2 * sizeof(uint16_t) +
                                                 sizeof(float);

    void allocate(const Grid& g) {
        grid = g;
        const std::size_t n = g.cellCount();
        landClass.assign(n, LandClass::Outside);
        species.assign(n, kNoSpecies);
        site.assign(n, 1);
        region.assign(n, kNoRegion);
        age.assign(n, 0);
        volume.assign(n, 0.0f);
    }
    std::size_t cellCount() const { return landClass.size(); }
};

}  // namespace forestsink
