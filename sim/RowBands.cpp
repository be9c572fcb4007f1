#include "sim/RowBands.h"

namespace forestsink {

std::vector<CellState::RowBand> bandsByRowCells(const std::vector<int64_t>& cellsOfRow, int parts) {
    std::vector<CellState::RowBand> bands;
    const int rows = static_cast<int>(cellsOfRow.size());
    uint64_t total = 0;
    for (int64_t n : cellsOfRow) total += static_cast<uint64_t>(n);
    int row = 0;
    uint64_t before = 0;  // study cells in the rows before `row`
    for (int k = 0; k < parts; ++k) {
        // Integer arithmetic: the same bands on every machine.
        const uint64_t goal = total * static_cast<uint64_t>(k + 1) / static_cast<uint64_t>(parts);
        const int first = row;
        while (row < rows && (k + 1 == parts || before < goal)) before += static_cast<uint64_t>(cellsOfRow[row++]);
        bands.push_back({first, row - first});
    }
    return bands;
}

std::vector<CellState::RowBand> bandsByStudyCells(const StudyCells& cells, int parts) {
    std::vector<int64_t> cellsOfRow(static_cast<std::size_t>(cells.rows()));
    for (int row = 0; row < cells.rows(); ++row)
        cellsOfRow[row] = static_cast<int64_t>(cells.rowEnd(row) - cells.rowBegin(row));
    return bandsByRowCells(cellsOfRow, parts);
}

CellState cutBand(const CellState& whole, CellState::RowBand band) {
    StudyCells cells(whole.grid.cols);
    for (int row = 0; row < whole.grid.rows; ++row) {
        const bool inBand = row >= band.first && row < band.first + band.count;
        if (inBand) cells.addRow(whole.cells.runsBegin(row), whole.cells.runsEnd(row));
        else cells.addRow(std::vector<std::pair<int, int>>{});
    }
    cells.finish();
    CellState part;
    part.allocate(whole.grid, std::move(cells), CellState::Fill::ByCaller);  // every field is copied below
    part.band = band;
    part.cellAreaHa = whole.cellAreaHa;
    part.regions = whole.regions;
    part.hasForestCategories = whole.hasForestCategories;
    const std::size_t from = band.count > 0 ? whole.cells.rowBegin(band.first) : 0;
    auto copy = [&](auto& to, const auto& all) {
        std::copy(all.begin() + static_cast<std::ptrdiff_t>(from),
                  all.begin() + static_cast<std::ptrdiff_t>(from + part.cellCount()), to.begin());
    };
    copy(part.landClass, whole.landClass), copy(part.species, whole.species), copy(part.site, whole.site);
    copy(part.region, whole.region), copy(part.age, whole.age), copy(part.volume, whole.volume);
    copy(part.treatment, whole.treatment), copy(part.until, whole.until), copy(part.flags, whole.flags);
    copy(part.plantedStocking, whole.plantedStocking);
    if (whole.hasStands()) {
        part.standHa.resize(part.cellCount()), part.standPlace.resize(part.cellCount());
        copy(part.standHa, whole.standHa), copy(part.standPlace, whole.standPlace);
        if (!whole.eligibleBits.empty()) part.eligibleBits.resize(part.cellCount()), copy(part.eligibleBits, whole.eligibleBits);
        part.eligibleTests = whole.eligibleTests;
    }
    return part;
}

}  // namespace forestsink
