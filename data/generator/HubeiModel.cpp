// Hubei's synthetic landscape. Mountains in the west (Wudang, Shennongjia and
// the Three Gorges, 1,000–3,000 m), the Jianghan Plain in the centre and east
// (under 100 m, mostly farmland, water and towns), the Dabie Mountains in the
// north-east and low hills in the south-east. Species: Masson pine and
// Chinese fir on the hills, cypress on the western limestone, oak and other
// broadleaf in the mountains, poplar on the plain.
#include "Noise.h"
#include "ProvinceModel.h"

#include <algorithm>
#include <cmath>

namespace forestsink::demo {
namespace {

class HubeiModel final : public ProvinceModel {
public:
    std::string name() const override { return "hubei"; }
    std::string boundaryFile() const override { return "hubei.geojson"; }
    std::string speciesTableFile() const override { return "hubei-species.csv"; }
    int startYear() const override { return 2010; }
    int regionCount() const override { return 17; }  // Hubei has 17 prefecture-level divisions

    Targets targets(double provinceHa) const override {
        Targets t;
        // Coverage 38.46 % of the province's land (plan-targets.md, 2010).
        t.forestHa = 0.3846 * provinceHa;
        t.forestryLandHa = 8.50e6;  // [E]: the plan keeps at least 8.45 Mha
        t.barrenHa = 0.95e6;        // [E]: room for 5 years of 0.1733 Mha of planting
        t.shrubHa = 0.25e6;         // [E] other shrubland
        t.bambooHa = 0.10e6;        // [E, to verify] within the forest area
        t.specialShrubHa = 0.30e6;  // [E, to verify] within the forest area
        t.unclosedHa = 0.10e6;      // [E]: part of the 2009-2010 planting, not yet closed (the demo leaves little room)
        t.sparseHa = t.forestryLandHa - t.forestHa - t.barrenHa - t.shrubHa - t.unclosedHa;
        t.stockM3 = 313.2469e6;     // total living-tree stock, 2010
        t.stockIncludesSparse = true;
        t.carbonT = 0.14e9;         // forest vegetation carbon, 2010
        t.sources = {
            {"forestry_land", "estimate [E]: the plan keeps at least 8.45 Mha of forestry land"},
            {"forest", "38.46 % coverage of the province's land, Hubei plan 2010 (plan-targets.md)"},
            {"barren", "estimate [E]: five years of the plan's 2.6 million mu (0.1733 Mha) of planting"},
            {"shrub", "other shrubland: estimate [E]"},
            {"bamboo", "estimate [E, to verify]"},
            {"special_shrub", "estimate [E, to verify]"},
            {"unclosed", "estimate [E]: part of the 2009-2010 planting, not yet closed; the demo forestry land leaves little room"},
            {"sparse", "derived: the rest of forestry land"},
            {"stock", "total living-tree stock 313.2469 million m3, Hubei plan 2010 (plan-targets.md)"},
            {"carbon", "forest vegetation carbon 0.14 billion t C, Hubei plan 2010 (plan-targets.md)"},
        };
        return t;
    }

    // 1 at the centre of the Jianghan Plain, 0 beyond its edge.
    static double plain(const Place& p) { return clamp01(1.0 - std::hypot((p.u - 0.6) / 0.28, (p.v - 0.45) / 0.25)); }

    double elevation(const Place& p, uint64_t seed) const override {
        const double west = std::pow(clamp01((0.45 - p.u) / 0.45), 0.8);
        const double dabie = clamp01((p.u - 0.72) / 0.28) * clamp01((p.v - 0.55) / 0.45);
        const double southEast = clamp01((p.u - 0.65) / 0.35) * clamp01((0.3 - p.v) / 0.3);
        const double trend = 250 + 1500 * west + 900 * dabie + 500 * southEast - 200 * plain(p);
        const double rough = fractalNoise(seed ^ 0xE1E7ULL, p.x, p.y, 120e3, 6);
        return std::max(20.0, trend + (150 + 700 * west) * rough / 0.3 * 0.5);
    }

    double nonForestScore(const Place& p, double elevation, uint64_t seed) const override {
        const double basins = -fractalNoise(seed ^ 0xBA51ULL, p.x, p.y, 40e3, 4);
        const double patches = fractalNoise(seed ^ 0xFA12ULL, p.x, p.y, 8e3, 3);
        // The plain is farmed first; the hills and mountains keep their forest.
        return 0.5 * basins + 0.4 * patches + 1.5 * plain(p) - elevation / 1500.0;
    }

    double forestScore(const Place& p, double elevation, uint64_t seed) const override {
        return fractalNoise(seed ^ 0xF0E5ULL, p.x, p.y, 30e3, 5) + 0.3 * clamp01(elevation / 1500.0);
    }

    int speciesCode(const Place& p, double e, uint64_t seed, double mix) const override {
        const double q = toUniform(fractalNoise(seed ^ 0x5BECULL, p.x, p.y, 25e3, 4));
        const double b = toUniform(fractalNoise(seed ^ 0xB70AULL, p.x, p.y, 15e3, 3));
        if (e < 150) return q < 0.8 ? 3 : 1;                 // poplar on the plain
        if (p.u < 0.4 && q < 0.06) return 4;                 // cypress on the western limestone
        // `mix` is the broadleaf share (at least 15 % high in the mountains);
        // it is calibrated so that the province's tree carbon matches.
        if (b < (e > 1400 ? std::max(mix, 0.15) : mix)) return q < 0.5 ? 5 : 6;  // oak, other broadleaf
        return q < 0.7 ? 2 : 1;                              // Chinese fir, Masson pine
    }

    bool isPlantation(int code) const override { return code == 2 || code == 3; }
};

}  // namespace

std::unique_ptr<ProvinceModel> makeHubeiModel() { return std::make_unique<HubeiModel>(); }

}  // namespace forestsink::demo
