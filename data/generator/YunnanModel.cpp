// Yunnan's synthetic landscape. Terrain falls from the Hengduan mountains in
// the north-west (4,000–6,000 m) across the central plateau (about 1,900 m) to
// the southern and south-eastern lowlands (500–1,200 m). Species zones follow
// DESIGN.md / issue 2: tropical broadleaf, rubber and Eucalyptus in the south;
// Simao pine in the south-centre; Yunnan pine on the central plateau with
// evergreen broadleaf, oak and Alnus; Armand pine higher up; Chinese fir in the
// east; fir and spruce in the north-west mountains.
#include "Noise.h"
#include "ProvinceModel.h"

#include <algorithm>
#include <cmath>

namespace forestsink::demo {
namespace {

class YunnanModel final : public ProvinceModel {
public:
    std::string name() const override { return "yunnan"; }
    std::string boundaryFile() const override { return "yunnan.geojson"; }
    std::string speciesTableFile() const override { return "yunnan-species.csv"; }
    int startYear() const override { return 2007; }
    int regionCount() const override { return 16; }  // Yunnan has 16 prefecture-level divisions

    Targets targets(double) const override {
        Targets t;
        t.forestryLandHa = 24.76e6;
        t.forestHa = 18.18e6;
        // Within the forest area: bamboo and special shrubland [E, to verify]
        // (scenarios/README.md, "Land classes"); the rest is tree forest.
        t.bambooHa = 0.33e6;
        t.specialShrubHa = 2.20e6;
        t.barrenHa = 2.67e6;
        // Pre-2003 coverage 52.9 % of 38.3 Mha counts the other shrubland with
        // the 18.18 Mha of forest area: 0.529 · 38.3 − 18.18 ≈ 2.08 Mha (derived).
        t.shrubHa = 2.08e6;
        // Un-closed plantations in 2007 [E]: half of the plan's 1.69 Mha planted
        // 2006–2009, the 2006–2007 plantings, none closed yet.
        t.unclosedHa = 0.845e6;
        t.sparseHa = t.forestryLandHa - t.forestHa - t.barrenHa - t.shrubHa - t.unclosedHa;  // the rest (derived)
        t.stockM3 = 1.554e9;
        t.minLowYieldHa = 4.0e6;     // the plan's improvement of low-yield forest by 2020
        t.minYoungMiddleHa = 4.0e6;  // the plan's tending by 2020
        t.sources = {
            {"forestry_land", "forestry land 24.76 Mha: Yunnan plan, 2007 inventory re-survey (plan-targets.md)"},
            {"forest", "forest area 18.18 Mha (tree forest + bamboo + special shrubland): Yunnan plan (plan-targets.md)"},
            {"bamboo", "estimate [E, to verify]: about 1.8 % of the forest area"},
            {"special_shrub", "estimate [E, to verify]: about 12 % of the forest area (national 7th inventory about 18 % [R])"},
            {"barren", "land suitable for forest (barren hills and land) 2.67 Mha: Yunnan plan (plan-targets.md)"},
            {"shrub", "other shrubland 2.08 Mha: derived, 52.9 % pre-2003 coverage x 38.3 Mha minus forest area"},
            {"unclosed", "estimate [E]: half of the 1.69 Mha planted 2006-2009 (plan-targets.md), not yet closed"},
            {"sparse", "sparse forest: derived, the rest of forestry land"},
            {"stock", "forest stock 1.554 billion m3: Yunnan plan (plan-targets.md)"},
        };
        return t;
    }

    double elevation(const Place& p, uint64_t seed) const override {
        const double nw = std::pow(clamp01((p.v - 0.5) / 0.5) * clamp01((0.5 - p.u) / 0.5), 0.7);
        const double south = clamp01((0.35 - p.v) / 0.35);
        const double southEast = clamp01((p.u - 0.6) / 0.4) * clamp01((0.55 - p.v) / 0.55);
        const double trend = 1900 + 3200 * nw - 1200 * south - 700 * southEast;
        const double rough = fractalNoise(seed ^ 0xE1E7ULL, p.x, p.y, 160e3, 6);
        return std::max(76.0, trend + (450 + 900 * nw) * rough / 0.3 * 0.5);
    }

    double nonForestScore(const Place& p, double elevation, uint64_t seed) const override {
        // Basins (bazi) and valleys are farmed and built up: low local relief
        // relative to the regional trend, plus the eastern plateau's farmland.
        const double basins = -fractalNoise(seed ^ 0xBA51ULL, p.x, p.y, 40e3, 4);
        const double patches = fractalNoise(seed ^ 0xFA12ULL, p.x, p.y, 8e3, 3);
        return basins + 0.5 * patches + 0.25 * p.u - elevation / 8000.0;
    }

    double forestScore(const Place& p, double elevation, uint64_t seed) const override {
        const double wet = 0.25 * (1.0 - p.v) + 0.15 * clamp01(elevation / 3000.0);
        return fractalNoise(seed ^ 0xF0E5ULL, p.x, p.y, 30e3, 5) + wet;
    }

    int speciesCode(const Place& p, double e, uint64_t seed, double) const override {
        const double q = toUniform(fractalNoise(seed ^ 0x5BECULL, p.x, p.y, 25e3, 4));
        // Zone edges wander by about ±40 km rather than follow a parallel.
        const double v = p.v + 0.06 * fractalNoise(seed ^ 0x20E5ULL, p.x, p.y, 120e3, 3) / 0.3;
        if (e > 3000) return q < 0.78 ? 9 : 8;                           // fir/spruce, high-mountain oak
        if (e > 2600) return q < 0.35 ? 3 : q < 0.55 ? 9 : q < 0.8 ? 1 : 8;  // Armand pine, fir, Yunnan pine, oak
        if (v < 0.2 && e < 1300)                                          // the tropical south
            return q < 0.5 ? 10 : (q < 0.72 && e < 1000) ? 11 : q < 0.85 ? 5 : 7;
        if (v < 0.42 && e < 2000)                                         // south-centre: Simao pine
            return q < 0.5 ? 2 : q < 0.72 ? 7 : q < 0.82 ? 5 : q < 0.93 ? 1 : 6;
        if (p.u > 0.72 && q < 0.22) return 4;                               // Chinese fir in the east
        return q < 0.55 ? 1 : q < 0.72 ? 7 : q < 0.87 ? 8 : q < 0.94 ? 6 : 3;  // central plateau
    }

    bool isPlantation(int code) const override {
        return code == 2 || code == 4 || code == 5 || code == 6 || code == 11;
    }
};

}  // namespace

std::unique_ptr<ProvinceModel> makeYunnanModel() { return std::make_unique<YunnanModel>(); }

}  // namespace forestsink::demo
