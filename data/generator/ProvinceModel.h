#pragma once
// What makes one province's synthetic landscape: its boundary, its calibration
// targets, and the rules for terrain, land classes and species zones.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace forestsink::demo {

// A cell centre: Albers metres, and its place within the boundary's envelope
// (u = 0 west … 1 east, v = 0 south … 1 north).
struct Place {
    double x, y, u, v;
};

// Areas (ha), stock (m³) and carbon (t C) the generated start year must match.
struct Targets {
    double forestryLandHa = 0;  // every inventory class but non-forest; the rest of the province is non-forest
    // Forest area (森林面积) = tree forest + bamboo + special shrubland; tree
    // forest is forestHa − bambooHa − specialShrubHa. shrubHa is the other
    // (not state-designated) shrubland.
    double forestHa = 0, bambooHa = 0, specialShrubHa = 0;
    double sparseHa = 0, shrubHa = 0, unclosedHa = 0, barrenHa = 0;
    double stockM3 = 0;
    bool stockIncludesSparse = false;  // total living stock (forest + sparse) rather than forest stock
    std::optional<double> carbonT;     // tree carbon of forest + sparse, matched by the species mix
    std::optional<double> minLowYieldHa, minYoungMiddleHa;  // checks reported in calibration.csv
    // Source of each figure, for calibration.csv: forestry_land, forest, bamboo, special_shrub, barren, shrub,
    // unclosed, sparse, stock, carbon.
    std::map<std::string, std::string> sources;
};

class ProvinceModel {
public:
    virtual ~ProvinceModel() = default;
    virtual std::string name() const = 0;
    virtual std::string boundaryFile() const = 0;     // under data/boundaries
    virtual std::string speciesTableFile() const = 0;  // under species/
    virtual int startYear() const = 0;
    virtual Targets targets(double provinceHa) const = 0;
    virtual int regionCount() const = 0;

    virtual double elevation(const Place& p, uint64_t seed) const = 0;
    // Higher scores become non-forest land first (basins and valleys: farms, towns).
    virtual double nonForestScore(const Place& p, double elevation, uint64_t seed) const = 0;
    // Among forestry land, higher scores become forest (tree forest or
    // bamboo), then special shrubland, sparse forest, other shrubland,
    // un-closed plantations, and the lowest land suitable for forest (barren).
    virtual double forestScore(const Place& p, double elevation, uint64_t seed) const = 0;
    // Species code of a tree-bearing cell, and whether it is a plantation type.
    // `mix` in [0, 1] shifts the conifer–broadleaf balance where the province
    // calibrates carbon (0.5 otherwise).
    virtual int speciesCode(const Place& p, double elevation, uint64_t seed, double mix) const = 0;
    virtual bool isPlantation(int speciesCode) const = 0;
};

std::unique_ptr<ProvinceModel> makeProvinceModel(const std::string& name);

}  // namespace forestsink::demo
