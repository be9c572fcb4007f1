#pragma once
// The state of every study cell of the grid, as compact arrays (structure of
// arrays) indexed by state index (sim/StudyCells.h says which cell each is;
// cells outside the study area have none).
// Bytes per study cell: land class 1, species 1, site 1, region 2, age 2,
// volume 4, and the bookkeeping of programmes: treatment 1, until 2, flags 1,
// planting stocking 1 = 16; and, while programmes run, 2 bytes per block of 64
// study cells for the land classes each block holds (ClassBlocks).
#include "raster/CellAreas.h"
#include "raster/Grid.h"
#include "scenarios/ForestCategory.h"
#include "scenarios/LandClass.h"
#include "sim/ClassBlocks.h"
#include "sim/StudyCells.h"
#include "common/Prefault.h"

#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace forestsink {

constexpr uint8_t kNoSpecies = 255;  // species index of cells without trees
constexpr uint16_t kNoRegion = 0;    // region id of cells that the region layer leaves out
constexpr uint8_t kNoTreatment = 255;
// Cell flags.
constexpr uint8_t kDamaged = 1;      // damaged by a disturbance, not yet recovered
// A stand's forest category (scenarios/ForestCategory.h) sits in the flags
// too: bits 1–2 hold it, bit 3 says it is known (the scenario has the layer
// and the cell carries a stand), so it costs no byte of its own.
constexpr uint8_t kHasCategory = 8;
constexpr int kCategoryShift = 1;
constexpr uint8_t kCategoryBits = 6;

inline bool hasCategory(uint8_t flags) { return flags & kHasCategory; }
inline ForestCategory categoryOf(uint8_t flags) {
    return static_cast<ForestCategory>((flags & kCategoryBits) >> kCategoryShift);
}
inline uint8_t withCategory(uint8_t flags, ForestCategory c) {
    return static_cast<uint8_t>((flags & ~kCategoryBits) | kHasCategory | (static_cast<uint8_t>(c) << kCategoryShift));
}

// An allocator whose new elements are left uninitialised, so that sizing the
// state does not write every byte once before the reader writes it again:
// its pages are zeroed by the kernel when the thread that fills them first
// touches them, in parallel.
template <typename T>
struct DefaultInitAllocator : std::allocator<T> {
    template <typename U>
    struct rebind {
        using other = DefaultInitAllocator<U>;
    };
    DefaultInitAllocator() = default;
    template <typename U>
    DefaultInitAllocator(const DefaultInitAllocator<U>&) noexcept {}
    template <typename U>
    void construct(U* p) noexcept(std::is_nothrow_default_constructible_v<U>) {
        ::new (static_cast<void*>(p)) U;
    }
    template <typename U, typename... Args>
    void construct(U* p, Args&&... args) {
        ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
    }
};
// A state array: one value per study cell.
template <typename T>
using StateArray = std::vector<T, DefaultInitAllocator<T>>;

struct Region {
    uint16_t id = 0;
    std::string name;
};

struct CellState {
    Grid grid;
    StudyCells cells;      // where each state entry lies on the grid
    CellAreas cellAreaHa;  // per row, or a lattice on grids that are not equal-area

    StateArray<LandClass> landClass;
    StateArray<uint8_t> species;  // index into the species table, kNoSpecies if none
    StateArray<uint8_t> site;     // SiteClass as 0 good, 1 medium, 2 poor
    StateArray<uint16_t> region;  // region id (kNoRegion if unassigned)
    StateArray<uint16_t> age;     // stand age, years
    StateArray<float> volume;     // stand volume, m³/ha
    // Programme bookkeeping: the programme that last treated the cell (its
    // index in the scenario), and the year its effect ends (growth gain) or
    // the year the land becomes forest (afforestation, closure).
    StateArray<uint8_t> treatment;
    StateArray<uint16_t> until;
    StateArray<uint8_t> flags;
    StateArray<uint8_t> plantedStocking;  // percent of the curve a new stand (age 0) starts at

    // Stands (sim/Stands.h): on a grid coarser than the data, a cell holds
    // the stands of its source cells, each with its area. Empty on other
    // grids, where an entry is a whole cell (its area from cellAreaHa).
    StateArray<double> standHa;      // the stand's area, ha: the sum of its source cells' areas
    StateArray<uint64_t> standPlace;  // its first source cell's place on the data's grid (row-major)
    // Eligibility rasters tested on the source cells: bit k of a stand is
    // test eligibleTests[k] (its raster and range, sim/StateLoader.h
    // eligibilityTestId); every source cell of a stand passes it, or none does.
    StateArray<uint16_t> eligibleBits;
    std::vector<std::string> eligibleTests;

    bool hasStands() const { return !standHa.empty(); }
    // Entry i's area: Σ weightInRow over a row, times rowScale, gives hectares
    // (CellAreas, where a whole cell weighs 1 on grids constant along rows).
    double weightInRow(std::size_t i, int row, int col) const {
        return hasStands() ? standHa[i] : cellAreaHa.weightInRow(row, col);
    }
    double rowScale(int row) const { return hasStands() ? 1.0 : cellAreaHa.rowScale(row); }
    double areaHa(std::size_t i, int row, int col) const { return hasStands() ? standHa[i] : cellAreaHa.at(row, col); }
    // What ties and draws are hashed on: the cell's place on the grid, or a
    // stand's first source cell's place on the data's grid, so that a stand
    // of one source cell draws as that cell does on the data's grid.
    std::size_t placeOf(std::size_t i, int row, int col) const {
        return hasStands() ? standPlace[i] : cells.gridCell(row, col);
    }

    // The land classes of each block of 64 study cells (built by the
    // simulation at each year's beginning); every change of a cell's class
    // after loading goes through setLandClass, which keeps them.
    ClassBlocks classBlocks;
    void setLandClass(std::size_t i, LandClass c) {
        landClass[i] = c;
        classBlocks.mark(i, c);
    }
    // Cell i's stand is damaged by a disturbance (flag kDamaged), which keeps the block masks.
    void markDamaged(std::size_t i) {
        flags[i] |= kDamaged;
        classBlocks.markDamaged(i);
    }

    // The grid rows this state holds: all of them, or an MPI rank's band
    // (sim/RowBands.h); rows outside the band have no study cells here.
    struct RowBand {
        int first = 0, count = 0;
    };
    RowBand band;

    std::vector<Region> regions;  // every region of the run, by ascending id
    bool hasForestCategories = false;  // the scenario gave a forest-category layer

    static constexpr std::size_t kBytesPerCell = sizeof(LandClass) + 2 * sizeof(uint8_t) + 2 * sizeof(uint16_t) +
                                                 sizeof(float) + 3 * sizeof(uint8_t) + sizeof(uint16_t);

    // Whether allocate gives every entry the values of a cell outside the study
    // area (setOutside), or leaves them for the caller to set, each once.
    enum class Fill { Outside, ByCaller };

    // Every cell of the grid a study cell (tests, benchmarks): state index = grid index.
    void allocate(const Grid& g) { allocate(g, StudyCells::wholeGrid(g.rows, g.cols)); }
    // The study cells of `study` only.
    void allocate(const Grid& g, StudyCells study, Fill fill = Fill::Outside) {
        grid = g;
        cells = std::move(study);
        band = {0, g.rows};
        const std::size_t n = cells.size();
        classBlocks.clear();  // built again for these cells by the simulation
        // Fresh arrays of n entries, left unset (StateArray), in 4 KB pages: a
        // request for huge pages (MADV_HUGEPAGE) made the kernel compact memory
        // on the readers' first writes (2–5 s more reading the 30 m province,
        // and no faster simulation).
        fresh(landClass, n), fresh(species, n), fresh(site, n), fresh(region, n), fresh(age, n);
        fresh(volume, n), fresh(treatment, n), fresh(until, n), fresh(flags, n), fresh(plantedStocking, n);
        fresh(standHa, 0), fresh(standPlace, 0), fresh(eligibleBits, 0);  // one stand per cell until sim/Stands.h says otherwise
        eligibleTests.clear();
        if (fill == Fill::Outside) setOutside(0, n);
    }
    // Maps the fresh pages of entries [first, end) of every array before they
    // are first written (common/Prefault.h).
    void prefault(std::size_t first, std::size_t end) {
        if (end <= first) return;
        auto range = [&](const auto& a) { prefaultForWriting(a.data() + first, (end - first) * sizeof(a[0])); };
        range(landClass), range(species), range(site), range(region), range(age);
        range(volume), range(treatment), range(until), range(flags), range(plantedStocking);
    }
    // Entries [first, end) as cells outside the study area: no stand, no
    // region, never treated. An array at a time, so whole cache lines are
    // written in a stream (ten arrays written in turn for each entry were a
    // third of the reader's time at 30 m).
    void setOutside(std::size_t first, std::size_t end) {
        if (end <= first) return;
        auto fill = [&](auto& a, auto value) { std::fill(a.begin() + first, a.begin() + end, value); };
        fill(landClass, LandClass::Outside), fill(species, kNoSpecies), fill(site, uint8_t{1});
        fill(region, kNoRegion), fill(age, uint16_t{0}), fill(volume, 0.0f), fill(treatment, kNoTreatment);
        fill(until, uint16_t{0}), fill(flags, uint8_t{0}), fill(plantedStocking, uint8_t{100});
    }
    std::size_t cellCount() const { return landClass.size(); }  // state entries: the study cells, or their stands
    // The state's bytes: its arrays and the index of its runs.
    std::size_t stateBytes() const {
        return cellCount() * kBytesPerCell + standHa.size() * sizeof(double) + standPlace.size() * sizeof(uint64_t) +
               eligibleBits.size() * sizeof(uint16_t) + cells.indexBytes();
    }

private:
    template <typename T>
    static void fresh(StateArray<T>& v, std::size_t n) {
        StateArray<T>().swap(v);  // the old entries' memory is freed first
        v.resize(n);
    }
};

}  // namespace forestsink
