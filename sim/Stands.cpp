#include "sim/Stands.h"

#include "common/Error.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <mutex>
#include <tuple>

namespace forestsink {

std::string eligibilityTestId(const RasterThreshold& r) {
    return fmt::format("{}|{:.17g}|{:.17g}", std::filesystem::weakly_canonical(r.path).string(), r.min, r.max);
}

bool gridHoldsStands(const Grid& grid, const Grid& data) {
    const OGRSpatialReference a = grid.spatialReference(), b = data.spatialReference();
    if (!a.IsSame(&b)) return false;
    return grid.cellWidth() > data.cellWidth() * (1 + 1e-6) && grid.cellHeight() > data.cellHeight() * (1 + 1e-6);
}

Grid sourceGridOver(const Grid& grid, const Grid& data) {
    const double w = data.cellWidth(), h = data.cellHeight();
    // The data cells whose centres lie in the grid (a centre on the grid's
    // left or top edge is in, on its right or bottom edge out), so that every
    // cell read belongs to a grid cell. Only the data's own cells can be study
    // cells: a grid reaching past the data reads the data's extent, which is
    // then read as it is, not warped.
    auto firstCentreFrom = [](double edgeInCells) { return std::ceil(edgeInCells - 0.5 - 1e-9); };
    double left = firstCentreFrom((grid.minX() - data.minX()) / w);
    double right = firstCentreFrom((grid.maxX() - data.minX()) / w);
    double top = firstCentreFrom((data.maxY() - grid.maxY()) / h);
    double bottom = firstCentreFrom((data.maxY() - grid.minY()) / h);
    if (left < data.cols && right > 0 && top < data.rows && bottom > 0) {
        left = std::max(left, 0.0), right = std::min(right, static_cast<double>(data.cols));
        top = std::max(top, 0.0), bottom = std::min(bottom, static_cast<double>(data.rows));
    }
    Grid source = data;
    source.geotransform[0] = data.minX() + left * w;
    source.geotransform[3] = data.maxY() - top * h;
    source.cols = static_cast<int>(right - left);
    source.rows = static_cast<int>(bottom - top);
    return source;
}

namespace {

// The grid row or column whose cell holds a source cell's centre (-1 outside).
std::vector<int> gridRowOfSourceRow(const Grid& source, const Grid& grid) {
    std::vector<int> out(static_cast<std::size_t>(source.rows));
    for (int r = 0; r < source.rows; ++r) {
        const double k = std::floor((grid.maxY() - source.centreY(r)) / grid.cellHeight());
        out[r] = k >= 0 && k < grid.rows ? static_cast<int>(k) : -1;
    }
    return out;
}
std::vector<int> gridColOfSourceCol(const Grid& source, const Grid& grid) {
    std::vector<int> out(static_cast<std::size_t>(source.cols));
    for (int c = 0; c < source.cols; ++c) {
        const double k = std::floor((source.centreX(c) - grid.minX()) / grid.cellWidth());
        out[c] = k >= 0 && k < grid.cols ? static_cast<int>(k) : -1;
    }
    return out;
}

// A source cell on its way into a stand: every code, then its age, volume and area.
struct Piece {
    int32_t col = 0;  // grid column
    LandClass landClass{};
    uint8_t species = 0, site = 0, treatment = 0, flags = 0, plantedStocking = 0;
    uint16_t region = 0, until = 0, bits = 0, age = 0;
    float volume = 0;
    double ha = 0;
    uint64_t place = 0;  // on the data's grid

    auto codes() const {
        return std::tie(col, landClass, species, site, region, treatment, until, flags, plantedStocking, bits);
    }
};

struct Stand {
    Piece codes;  // its codes (age and volume below)
    double ha = 0, ageHa = 0, volumeHa = 0;
    uint64_t place = UINT64_MAX;  // its first source cell's
};

// Which pieces of equal codes merge: level 0 is the rule of sim/Stands.h;
// each level above doubles the tolerances, for cells that would otherwise
// hold more than kMaxStandsPerCell stands.
struct MergeRule {
    int level = 0;
    int ageYears = kStandAgeToleranceYears;
    double volumeShare = kStandVolumeTolerance;
    bool treeless = false;  // land without trees merges too
    MergeRule widened() const {
        return {level + 1, ageYears * 2 + 1, volumeShare * 2, true};
    }
};

// The stands of one grid cell's pieces (sorted by codes, age, volume).
void mergeCell(const Piece* begin, const Piece* end, const MergeRule& rule, std::vector<Stand>& out,
               StandSummary& summary) {
    for (const Piece* p = begin; p != end;) {
        const Piece* group = p;
        Stand s;
        s.codes = *p;
        // Land without trees stays one stand per source cell: a programme
        // that plants or converts land takes it a source cell at a time.
        const bool merges = group->species != kNoSpecies || rule.treeless;
        do {
            s.ha += p->ha, s.ageHa += p->age * p->ha, s.volumeHa += static_cast<double>(p->volume) * p->ha;
            s.place = std::min(s.place, p->place);
            ++p;
        } while (merges && p != end && p->codes() == group->codes() && p->age - group->age <= rule.ageYears &&
                 p->volume - group->volume <= rule.volumeShare * std::max(group->volume, 1.0f));
        const double age = std::round(s.ageHa / s.ha);
        if (group->age != p[-1].age)  // ages merged: how far each piece's age is from its stand's
            for (const Piece* q = group; q != p; ++q)
                summary.mergedMicroHa += std::llround(q->ha * 1e6),
                    summary.ageDifferenceMicroHaYears += std::llround(q->ha * 1e6 * std::abs(q->age - age));
        out.push_back(s);
    }
}

}  // namespace

CellState::RowBand sourceRowsOf(const Grid& source, const Grid& grid, CellState::RowBand band) {
    const std::vector<int> rowOf = gridRowOfSourceRow(source, grid);
    int first = source.rows, last = -1;
    for (int r = 0; r < source.rows; ++r)
        if (rowOf[r] >= band.first && rowOf[r] < band.first + band.count) first = std::min(first, r), last = r;
    return last < 0 ? CellState::RowBand{0, 0} : CellState::RowBand{first, last - first + 1};
}

std::vector<int64_t> StandSummary::asCounts() const {
    return {static_cast<int64_t>(cells), static_cast<int64_t>(stands), static_cast<int64_t>(sourceCells),
            static_cast<int64_t>(multiStandCells), mergedMicroHa, ageDifferenceMicroHaYears, widenedCells};
}

void StandSummary::addCounts(const std::vector<int64_t>& n) {
    cells = static_cast<std::size_t>(n[0]), stands = static_cast<std::size_t>(n[1]);
    sourceCells = static_cast<std::size_t>(n[2]), multiStandCells = static_cast<std::size_t>(n[3]);
    mergedMicroHa = n[4], ageDifferenceMicroHaYears = n[5];
    widenedCells = static_cast<int>(n[6]);
}

CellState standsOfSourceCells(const CellState& source, const Grid& grid, const Grid& data, CellState::RowBand band,
                              const std::vector<std::vector<bool>>& passes, const ThreadRunner& runner,
                              StandSummary& summary, ProgressSink* progress) {
    // The source grid's first row and column on the data's grid (sourceGridOver).
    const int64_t rowOnData = std::llround((data.maxY() - source.grid.maxY()) / data.cellHeight());
    const int64_t colOnData = std::llround((source.grid.minX() - data.minX()) / data.cellWidth());
    const std::vector<int> rowOf = gridRowOfSourceRow(source.grid, grid), colOf = gridColOfSourceCol(source.grid, grid);
    // The source rows of each grid row (rows map in order, so each is one range).
    std::vector<std::pair<int, int>> sourceRows(static_cast<std::size_t>(grid.rows), {0, 0});
    for (int r = source.band.first; r < source.band.first + source.band.count; ++r)
        if (rowOf[r] >= 0) {
            auto& range = sourceRows[rowOf[r]];
            if (range.second == 0) range.first = r;
            range.second = r + 1;
        }
    std::vector<std::vector<Stand>> standsOfRow(static_cast<std::size_t>(grid.rows));
    std::mutex summaryMutex;
    runner.forEachTile(band.count, [&](int firstRow, int rowCount) {
        StandSummary mine;
        std::vector<Piece> pieces, byColumn;
        std::vector<std::size_t> columnStart(static_cast<std::size_t>(grid.cols) + 1);
        for (int row = band.first + firstRow; row < band.first + firstRow + rowCount; ++row) {
            pieces.clear();
            for (int r = sourceRows[row].first; r < sourceRows[row].second; ++r)
                source.cells.forEachInRow(r, [&](std::size_t i, int c) {
                    if (colOf[c] < 0) return;
                    Piece p;
                    p.col = colOf[c];
                    p.landClass = source.landClass[i], p.species = source.species[i], p.site = source.site[i];
                    p.treatment = source.treatment[i], p.flags = source.flags[i];
                    p.plantedStocking = source.plantedStocking[i], p.region = source.region[i];
                    p.until = source.until[i], p.age = source.age[i], p.volume = source.volume[i];
                    for (std::size_t k = 0; k < passes.size(); ++k) p.bits |= static_cast<uint16_t>(passes[k][i] << k);
                    p.ha = source.areaHa(i, r, c);
                    p.place = static_cast<uint64_t>((r + rowOnData) * data.cols + (c + colOnData));
                    pieces.push_back(p);
                });
            // Grouped by grid column (a counting sort, in the order they came),
            // then each column's sorted by codes, age and volume.
            std::fill(columnStart.begin(), columnStart.end(), 0);
            for (const Piece& p : pieces) ++columnStart[p.col + 1];
            for (int c = 0; c < grid.cols; ++c) columnStart[c + 1] += columnStart[c];
            byColumn.resize(pieces.size());
            for (const Piece& p : pieces) byColumn[columnStart[p.col]++] = p;
            pieces.swap(byColumn);
            for (std::size_t k = 0; k < pieces.size();) {
                std::size_t end = k;
                while (end < pieces.size() && pieces[end].col == pieces[k].col) ++end;
                std::sort(pieces.begin() + static_cast<std::ptrdiff_t>(k), pieces.begin() + static_cast<std::ptrdiff_t>(end),
                          [](const Piece& a, const Piece& b) {
                              return std::tuple_cat(a.codes(), std::tie(a.age, a.volume)) <
                                     std::tuple_cat(b.codes(), std::tie(b.age, b.volume));
                          });
                k = end;
            }
            mine.sourceCells += pieces.size();
            auto& stands = standsOfRow[row];
            for (std::size_t k = 0; k < pieces.size();) {
                std::size_t end = k;
                while (end < pieces.size() && pieces[end].col == pieces[k].col) ++end;
                const std::size_t first = stands.size();
                StandSummary cell;
                MergeRule rule;
                for (;; rule = rule.widened()) {
                    stands.resize(first), cell = StandSummary{};
                    mergeCell(&pieces[k], &pieces[0] + end, rule, stands, cell);
                    if (stands.size() - first <= static_cast<std::size_t>(kMaxStandsPerCell)) break;
                    if (rule.ageYears > UINT16_MAX)
                        throw Error(fmt::format(
                            "grid cell (row {}, column {}) holds source cells of {} different combinations of land "
                            "class, species, site class, region, forest category and eligibility tests; a cell "
                            "keeps at most {} stands: choose a finer grid",
                            row, pieces[k].col, stands.size() - first, kMaxStandsPerCell));
                }
                cell.widenedCells = rule.level > 0;
                const std::size_t n = stands.size() - first;
                mine.cells += 1, mine.stands += n, mine.multiStandCells += n > 1;
                mine.mostStands = std::max(mine.mostStands, n);
                mine.mergedMicroHa += cell.mergedMicroHa;
                mine.ageDifferenceMicroHaYears += cell.ageDifferenceMicroHaYears;
                mine.widenedCells += cell.widenedCells;
                k = end;
            }
            if (progress) progress->advance(1);
        }
        std::lock_guard lock(summaryMutex);
        summary.cells += mine.cells, summary.stands += mine.stands, summary.sourceCells += mine.sourceCells;
        summary.multiStandCells += mine.multiStandCells, summary.mostStands = std::max(summary.mostStands, mine.mostStands);
        summary.mergedMicroHa += mine.mergedMicroHa;
        summary.ageDifferenceMicroHaYears += mine.ageDifferenceMicroHaYears;
        summary.widenedCells += mine.widenedCells;
    });

    StudyCells cells(grid.cols);
    for (int row = 0; row < grid.rows; ++row) {
        std::vector<std::pair<int, int>> cellStands;  // (column, stands)
        for (const Stand& s : standsOfRow[row])
            if (!cellStands.empty() && cellStands.back().first == s.codes.col) ++cellStands.back().second;
            else cellStands.emplace_back(s.codes.col, 1);
        cells.addRowOfStands(cellStands);
    }
    cells.finish();
    CellState state;
    state.allocate(grid, std::move(cells), CellState::Fill::ByCaller);  // every field is set below
    state.band = band;
    state.cellAreaHa = source.cellAreaHa;  // replaced by the caller with the grid's
    state.regions = source.regions;
    state.hasForestCategories = source.hasForestCategories;
    const std::size_t n = state.cellCount();
    state.standHa.resize(n), state.standPlace.resize(n);
    if (!passes.empty()) state.eligibleBits.resize(n);
    for (int row = band.first; row < band.first + band.count; ++row) {
        std::size_t i = state.cells.rowBegin(row);
        for (const Stand& s : standsOfRow[row]) {
            const Piece& c = s.codes;
            state.landClass[i] = c.landClass, state.species[i] = c.species, state.site[i] = c.site;
            state.region[i] = c.region, state.treatment[i] = c.treatment, state.until[i] = c.until;
            state.flags[i] = c.flags, state.plantedStocking[i] = c.plantedStocking;
            state.age[i] = static_cast<uint16_t>(std::lround(s.ageHa / s.ha));
            state.volume[i] = static_cast<float>(s.volumeHa / s.ha);
            state.standHa[i] = s.ha;
            state.standPlace[i] = s.place;
            if (!passes.empty()) state.eligibleBits[i] = c.bits;
            ++i;
        }
        std::vector<Stand>().swap(standsOfRow[row]);
    }
    return state;
}

}  // namespace forestsink
