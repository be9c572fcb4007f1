#pragma once
// What makes one province's synthetic landscape: its boundary, its calibration
// targets, and the rules for terrain, land classes and species zones.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace forestsink::demo {

// A cell centre: Albers metres, and its place within the boundary's envelope
// (u = 0 west … 1 east, v = 0 south … 1 north).
struct Place {
    double x, y, u, v;
};

// Areas (ha) and stock (m³) the generated start year must match.
struct Targets {
    double forestryLandHa;  // forest + sparse + shrub + barren; the rest of the province is non-forest
    double forestHa, sparseHa, shrubHa, barrenHa;
    double forestStockM3;
    std::vector<std::string> sources;  // one line per figure, for calibration.csv
};

class ProvinceModel {
public:
    virtual ~ProvinceModel() = default;
    virtual std::string name() const = 0;
    virtual std::string boundaryFile() const = 0;     // under data/boundaries
    virtual std::string speciesTableFile() const = 0;  // under species/
    virtual int startYear() const = 0;
    virtual Targets targets() const = 0;
    virtual int regionCount() const = 0;

    virtual double elevation(const Place& p, uint64_t seed) const = 0;
    // Higher scores become non-forest land first (basins and valleys: farms, towns).
    virtual double nonForestScore(const Place& p, double elevation, uint64_t seed) const = 0;
    // Among forestry land, higher scores become forest, then sparse forest,
    // shrubland, and the lowest barren land.
    virtual double forestScore(const Place& p, double elevation, uint64_t seed) const = 0;
    // Species code of a tree-bearing cell, and whether it is a plantation type.
    virtual int speciesCode(const Place& p, double elevation, uint64_t seed) const = 0;
    virtual bool isPlantation(int speciesCode) const = 0;
};

std::unique_ptr<ProvinceModel> makeProvinceModel(const std::string& name);

}  // namespace forestsink::demo
