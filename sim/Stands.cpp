#include "sim/Stands.h"

#include "common/Error.h"
#include "raster/CentreToCell.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <mutex>
#include <tuple>

namespace forestsink {

std::string eligibilityTestId(const RasterThreshold& r) {
    return fmt::format("{}|{:.17g}|{:.17g}", std::filesystem::weakly_canonical(r.path).string(), r.min, r.max);
}

bool gridHoldsStands(const Grid& grid, const Grid& data) {
    const OGRSpatialReference a = grid.spatialReference(), b = data.spatialReference();
    if (a.IsSame(&b))
        return grid.cellWidth() > data.cellWidth() * (1 + 1e-6) && grid.cellHeight() > data.cellHeight() * (1 + 1e-6);
    // In another CRS the data's cells lie askew in the grid's: a cell whose
    // sides are √2 data cells long or more holds a data cell's centre however
    // it turns, so no cell of the study area is left without a stand.
    const auto [width, height] = CentreToCell(data, grid).gridCellInSourceCells();
    return std::min(width, height) >= std::sqrt(2.0);
}

Grid sourceGridOver(const Grid& grid, const Grid& data) {
    Grid source = data;
    const double w = data.cellWidth(), h = data.cellHeight();
    const OGRSpatialReference a = grid.spatialReference(), b = data.spatialReference();
    if (!a.IsSame(&b)) {
        // The data's cells under the grid's extent carried into the data's
        // CRS; those whose centres fall outside the grid are left out as the
        // stands are built.
        const CentreToCell::Window window = CentreToCell(data, grid).sourceWindow();
        source.geotransform[0] = data.minX() + window.firstCol * w;
        source.geotransform[3] = data.maxY() - window.firstRow * h;
        source.cols = window.cols, source.rows = window.rows;
        return source;
    }
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
    source.geotransform[0] = data.minX() + left * w;
    source.geotransform[3] = data.maxY() - top * h;
    source.cols = static_cast<int>(right - left);
    source.rows = static_cast<int>(bottom - top);
    return source;
}

namespace {

// The grid rows that the centres of a source row's cells reach (none: last < first).
struct GridRowsOfSourceRow {
    int first = std::numeric_limits<int>::max();
    int last = -1;
};

// Of source rows [0, rows), or of `only` among them.
std::vector<GridRowsOfSourceRow> gridRowsOfSourceRows(const CentreToCell& toGrid, int rows, const ThreadRunner& runner,
                                                      CellState::RowBand only = {0, -1}) {
    if (only.count < 0) only = {0, rows};
    std::vector<GridRowsOfSourceRow> reach(static_cast<std::size_t>(rows));
    runner.forEachTile(only.count, [&](int first, int count) {
        std::vector<int32_t> rowOf, colOf;
        for (int r = only.first + first; r < only.first + first + count; ++r) {
            toGrid.row(r, rowOf, colOf);
            for (std::size_t c = 0; c < rowOf.size(); ++c)
                if (colOf[c] >= 0) reach[r].first = std::min(reach[r].first, rowOf[c]), reach[r].last = std::max(reach[r].last, rowOf[c]);
        }
    });
    return reach;
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
    // Land without trees merges this many source cells into a stand at most
    // (1, then 16, 256…), so that a programme planting it still takes small
    // stands, and a failed planting fails on them, not on all of the cell's
    // barren land at once. (Steps of 2 kept twice the stands, 38 M against
    // 20 M at 1 km over Yunnan's 30 m cells, for no closer an answer.)
    int treelessPieces = 1;
    MergeRule widened() const {
        return {level + 1, ageYears * 2 + 1, volumeShare * 2, treelessPieces * 16};
    }
};

// The stands of one grid cell's pieces (sorted by codes, age, volume).
void mergeCell(const Piece* begin, const Piece* end, const MergeRule& rule, std::vector<Stand>& out,
               StandSummary& summary) {
    for (const Piece* p = begin; p != end;) {
        const Piece* group = p;
        Stand s;
        s.codes = *p;
        // Land without trees stays one stand per source cell (treelessPieces
        // 1): a programme that plants or converts land takes it a source
        // cell at a time.
        const bool trees = group->species != kNoSpecies;
        int pieces = 0;
        do {
            s.ha += p->ha, s.ageHa += p->age * p->ha, s.volumeHa += static_cast<double>(p->volume) * p->ha;
            s.place = std::min(s.place, p->place);
            ++p, ++pieces;
        } while ((trees || pieces < rule.treelessPieces) && p != end && p->codes() == group->codes() &&
                 p->age - group->age <= rule.ageYears &&
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

CellState::RowBand sourceRowsOf(const CentreToCell& toGrid, CellState::RowBand band, const ThreadRunner& runner) {
    const Grid& source = toGrid.source();
    if (band.first == 0 && band.count == toGrid.grid().rows) return {0, source.rows};  // every row holds centres of the grid
    const std::vector<GridRowsOfSourceRow> reach = gridRowsOfSourceRows(toGrid, source.rows, runner);
    int first = source.rows, last = -1;
    for (int r = 0; r < source.rows; ++r)
        if (reach[r].first < band.first + band.count && reach[r].last >= band.first)
            first = std::min(first, r), last = r;
    return last < 0 ? CellState::RowBand{0, 0} : CellState::RowBand{first, last - first + 1};
}

void keepCellsInRows(const CentreToCell& toGrid, int sourceRow, CellState::RowBand band,
                     std::vector<std::pair<int, int>>& runs) {
    if (toGrid.sameCrs() || runs.empty()) return;  // sourceRowsOf's rows hold only cells of the band
    std::vector<int32_t> rowOf, colOf;
    toGrid.row(sourceRow, rowOf, colOf);
    std::vector<std::pair<int, int>> kept;
    for (const auto& [start, length] : runs)
        for (int c = start; c < start + length; ++c) {
            if (colOf[c] < 0 || rowOf[c] < band.first || rowOf[c] >= band.first + band.count) continue;
            if (!kept.empty() && kept.back().first + kept.back().second == c) ++kept.back().second;
            else kept.emplace_back(c, 1);
        }
    runs.swap(kept);
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

namespace {

// One grid row's stands from its pieces (in the order they came): grouped by
// column (a counting sort), each column's sorted by codes, age and volume,
// then merged by the narrowest rule that keeps the cell within
// kMaxStandsPerCell stands.
void standsOfRowPieces(std::vector<Piece>& pieces, int row, int gridCols, std::vector<Piece>& byColumn,
                       std::vector<std::size_t>& columnStart, std::vector<Stand>& stands, StandSummary& mine) {
    columnStart.assign(static_cast<std::size_t>(gridCols) + 1, 0);
    for (const Piece& p : pieces) ++columnStart[p.col + 1];
    for (int c = 0; c < gridCols; ++c) columnStart[c + 1] += columnStart[c];
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
        const std::size_t n = stands.size() - first;
        mine.cells += 1, mine.stands += n, mine.multiStandCells += n > 1;
        mine.mostStands = std::max(mine.mostStands, n);
        mine.mergedMicroHa += cell.mergedMicroHa;
        mine.ageDifferenceMicroHaYears += cell.ageDifferenceMicroHaYears;
        mine.widenedCells += rule.level > 0;
        k = end;
    }
}

// Pieces held at once by a thread (40 bytes each) when grid rows in another
// CRS are built a few at a time, each chunk from one pass over the source
// rows whose centres reach it.
constexpr std::size_t kPiecesPerChunk = std::size_t{1} << 23;

}  // namespace

CellState standsOfSourceCells(const CellState& source, const Grid& grid, const Grid& data, CellState::RowBand band,
                              const std::vector<std::vector<bool>>& passes, const ThreadRunner& runner,
                              StandSummary& summary, ProgressSink* progress) {
    // The source grid's first row and column on the data's grid (sourceGridOver).
    const int64_t rowOnData = std::llround((data.maxY() - source.grid.maxY()) / data.cellHeight());
    const int64_t colOnData = std::llround((source.grid.minX() - data.minX()) / data.cellWidth());
    const CentreToCell toGrid(source.grid, grid);
    // The source rows whose centres reach each grid row, as one range [first, second).
    std::vector<std::pair<int, int>> sourceRows(static_cast<std::size_t>(grid.rows), {0, 0});
    const std::vector<GridRowsOfSourceRow> reach = gridRowsOfSourceRows(toGrid, source.grid.rows, runner, source.band);
    for (int r = source.band.first; r < source.band.first + source.band.count; ++r)
        for (int row = reach[r].first; row <= reach[r].last; ++row) {
            auto& range = sourceRows[row];
            if (range.second == 0) range.first = r;
            range.second = r + 1;
        }
    // Grid rows built together: one in the same CRS (its source rows are its
    // own); in another, twice the grid rows a source row's centres reach, so
    // that a source row is carried into the grid's CRS about 1.5 times, within
    // kPiecesPerChunk.
    int span = 0;
    for (int r = source.band.first; r < source.band.first + source.band.count; ++r)
        span = std::max(span, reach[r].last - reach[r].first + 1);
    const std::size_t piecesPerRow = std::max<std::size_t>(1, source.cellCount() / std::max(1, band.count));
    const int chunkRows =
        toGrid.sameCrs() ? 1
                         : static_cast<int>(std::clamp<std::size_t>(
                               std::min<std::size_t>(2 * static_cast<std::size_t>(span), kPiecesPerChunk / piecesPerRow), 1, 64));
    std::vector<std::vector<Stand>> standsOfRow(static_cast<std::size_t>(grid.rows));
    std::mutex summaryMutex;
    runner.forEachTile(band.count, [&](int firstRow, int rowCount) {
        StandSummary mine;
        std::vector<std::vector<Piece>> piecesOfRow(static_cast<std::size_t>(chunkRows));
        std::vector<Piece> byColumn;
        std::vector<std::size_t> columnStart;
        std::vector<int32_t> rowOf, colOf;
        const int tileEnd = band.first + firstRow + rowCount;
        for (int chunk = band.first + firstRow; chunk < tileEnd; chunk += chunkRows) {
            const int chunkEnd = std::min(chunk + chunkRows, tileEnd);
            int from = std::numeric_limits<int>::max(), to = 0;
            for (int row = chunk; row < chunkEnd; ++row)
                if (sourceRows[row].second > 0)
                    from = std::min(from, sourceRows[row].first), to = std::max(to, sourceRows[row].second);
            for (auto& pieces : piecesOfRow) pieces.clear();
            // Source rows in order, each row's cells in order: every grid row
            // gets its pieces in the same order whatever the chunks.
            for (int r = from; r < to; ++r) {
                toGrid.row(r, rowOf, colOf);
                source.cells.forEachInRow(r, [&](std::size_t i, int c) {
                    const int row = rowOf[c];
                    if (row < chunk || row >= chunkEnd || colOf[c] < 0) return;
                    Piece p;
                    p.col = colOf[c];
                    p.landClass = source.landClass[i], p.species = source.species[i], p.site = source.site[i];
                    p.treatment = source.treatment[i], p.flags = source.flags[i];
                    p.plantedStocking = source.plantedStocking[i], p.region = source.region[i];
                    p.until = source.until[i], p.age = source.age[i], p.volume = source.volume[i];
                    for (std::size_t k = 0; k < passes.size(); ++k) p.bits |= static_cast<uint16_t>(passes[k][i] << k);
                    p.ha = source.areaHa(i, r, c);
                    p.place = static_cast<uint64_t>((r + rowOnData) * data.cols + (c + colOnData));
                    piecesOfRow[row - chunk].push_back(p);
                });
            }
            for (int row = chunk; row < chunkEnd; ++row) {
                standsOfRowPieces(piecesOfRow[row - chunk], row, grid.cols, byColumn, columnStart, standsOfRow[row], mine);
                if (progress) progress->advance(1);
            }
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
