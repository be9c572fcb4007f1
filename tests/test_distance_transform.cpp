// The exact Euclidean distance transform behind "nearest to forest".
#include "SyntheticInputs.h"
#include "common/Error.h"
#include "raster/ComputedRaster.h"
#include "raster/Gdal.h"
#include "raster/GeoTiffWriter.h"
#include "raster/DistanceTransform.h"
#include "common/MemoryUse.h"
#include "app/Progress.h"
#include "app/RunCommand.h"
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>
#include <tuple>

namespace forestsink {
namespace {

// The distance transform in eighths of a cell against a brute-force
// Euclidean distance to the nearest target cell, on 1 and 2 threads, with
// targets everywhere and with a few.
TEST(DistanceTransform, EighthsMatchBruteForceDistances) {
    for (const int oneIn : {53, 1511}) {
        const int cols = 97, rows = 61;
        std::vector<uint8_t> classes(cols * rows, 3);
        std::vector<std::pair<int, int>> targets;
        uint64_t h = 7;
        for (int i = 0; i < cols * rows; ++i) {
            h = h * 6364136223846793005ULL + 1442695040888963407ULL;
            if ((h >> 40) % oneIn == 0) classes[i] = 1, targets.emplace_back(i % cols, i / cols);
        }
        ASSERT_GE(targets.size(), oneIn == 53 ? 20u : 2u);
        const auto eighths = distanceInEighths(classes.data(), cols, rows, 1, ThreadRunner(1, 1));
        EXPECT_EQ(eighths, distanceInEighths(classes.data(), cols, rows, 1, ThreadRunner(2, 7)));
        int wrong = 0;
        for (int r = 0; r < rows; ++r)
            for (int c = 0; c < cols; ++c) {
                double best = std::numeric_limits<double>::max();
                for (auto [tc, tr] : targets) best = std::min(best, std::hypot(tc - c, tr - r));
                // The transform is exact; the store rounds to the nearest eighth.
                if (std::abs(eighths[r * cols + c] / 8.0 - best) > 1.0 / 16 + 1e-6) ++wrong;
            }
        EXPECT_EQ(wrong, 0) << "targets: 1 cell in " << oneIn;
    }
}

// A band of rows from a bit mask (a rank of a run split into bands) gets
// exactly the whole transform's rows, whatever the band and the threads.
TEST(DistanceTransform, RowsOfABandFromABitMaskAreThoseOfTheWholeGrid) {
    const int cols = 601, rows = 83;  // wider than two strips; rows of 76 mask bytes
    std::vector<uint8_t> classes(static_cast<std::size_t>(cols) * rows, 0);
    std::vector<uint8_t> mask(maskRowBytes(cols) * rows, 0);
    uint64_t h = 11;
    for (int r = 0; r < rows; ++r)
        for (int c = 0; c < cols; ++c) {
            h = h * 6364136223846793005ULL + 1442695040888963407ULL;
            // Targets only in a few rows, so many distances cross the band edges.
            if ((r == 3 || r == 70) && (h >> 40) % 97 == 0) classes[r * cols + c] = 1, setMaskBit(mask.data(), cols, r, c);
        }
    const auto whole = distanceInEighths(classes.data(), cols, rows, 1, ThreadRunner(1, 1));
    for (auto [first, count] : std::vector<std::pair<int, int>>{{0, rows}, {0, 1}, {4, 30}, {34, 36}, {82, 1}, {20, 0}}) {
        const auto band = distanceInEighthsOfRows(mask.data(), cols, rows, first, count, ThreadRunner(2, 5));
        ASSERT_EQ(band.size(), static_cast<std::size_t>(cols) * count);
        EXPECT_TRUE(std::equal(band.begin(), band.end(), whole.begin() + static_cast<std::ptrdiff_t>(first) * cols))
            << "rows " << first << " to " << first + count - 1;
    }
}

TEST(DistanceTransform, NoTargetGivesTheLargestDistanceEverywhere) {
    std::vector<uint8_t> classes(40 * 30, 2);
    for (uint16_t d : distanceInEighths(classes.data(), 40, 30, 1, ThreadRunner(2, 4))) ASSERT_EQ(d, 65535);
}

// A single target in a corner: distances across a grid wider than one
// 256-column strip, against the closed form.
TEST(DistanceTransform, OneTargetInACorner) {
    const int cols = 600, rows = 40;
    std::vector<uint8_t> classes(cols * rows, 0);
    classes[(rows - 1) * cols + cols - 1] = 5;
    const auto d = distanceInEighths(classes.data(), cols, rows, 5, ThreadRunner(2, 3));
    for (int r = 0; r < rows; ++r)
        for (int c = 0; c < cols; ++c)
            ASSERT_EQ(d[r * cols + c], static_cast<uint16_t>(std::hypot(cols - 1 - c, rows - 1 - r) * 8 + 0.5))
                << c << "," << r;
}

// A caller that keeps only some cells' distances (the simulation asks for
// those of its non-forest study cells) skips columns: each distance asked is
// the one of the whole row, every row is given once, and the tiles' column
// distances start right at their edges (tiles of 5 rows, a band from row 9).
TEST(DistanceTransform, DistancesAskedForSomeColumnsOfEachRowAreThoseOfTheWholeRow) {
    const int cols = 1100, rows = 47;  // more than two 512-column strips
    std::vector<uint8_t> mask(maskRowBytes(cols) * rows, 0);
    uint64_t h = 3;
    for (int r = 0; r < rows; ++r)
        for (int c = 0; c < cols; ++c) {
            h = h * 6364136223846793005ULL + 1442695040888963407ULL;
            if ((h >> 40) % 401 == 0) setMaskBit(mask.data(), cols, r, c);
        }
    const int first = 9, count = 31;
    const auto whole = distanceInEighthsOfRows(mask.data(), cols, rows, 0, rows, ThreadRunner(1, 1));
    std::vector<int> timesGiven(rows, 0);
    std::vector<int> wrong(rows, 0);
    forEachDistanceRow(mask.data(), cols, rows, first, count, ThreadRunner(2, 5), [&](int row, DistanceRow& d) {
        ++timesGiven[row];
        for (int c = row % 7; c < cols; c += 3 + (c % 5))
            if (d.at(c) != whole[static_cast<std::size_t>(row) * cols + c]) ++wrong[row];
    });
    for (int r = 0; r < rows; ++r) {
        EXPECT_EQ(timesGiven[r], r >= first && r < first + count ? 1 : 0) << "row " << r;
        EXPECT_EQ(wrong[r], 0) << "row " << r;
    }
}

// The distances of the cells asked for, from envelopes of only the columns
// within their reach, are those of whole rows: on grids of dense and of
// sparse targets (where a cell may have none in its nearby columns and its
// reach is the whole row), cells asked twice (the stands of one cell), rows
// asked for nothing, and a band, on 1 and 2 threads.
TEST(DistanceTransform, DistancesOfAskedCellsAreThoseOfTheWholeRows) {
    const int cols = 700, rows = 53;
    for (const int oneIn : {7, 97, 4001}) {
        std::vector<uint8_t> mask(maskRowBytes(cols) * rows, 0);
        uint64_t h = 5 + oneIn;
        auto next = [&h] { return (h = h * 6364136223846793005ULL + 1442695040888963407ULL) >> 40; };
        for (int r = 0; r < rows; ++r)
            for (int c = 0; c < cols; ++c)
                if (next() % oneIn == 0) setMaskBit(mask.data(), cols, r, c);
        const auto whole = distanceInEighthsOfRows(mask.data(), cols, rows, 0, rows, ThreadRunner(1, 1));
        // Which cells are asked: a sparse, uneven pick, twice in a few columns, none in every fifth row.
        std::vector<std::vector<int>> askedOfRow(rows);
        for (int r = 0; r < rows; ++r)
            for (int c = 0; r % 5 != 4 && c < cols; ++c) {
                const auto pick = next() % 16;
                if (pick < 3) askedOfRow[r].push_back(c);
                if (pick == 0) askedOfRow[r].push_back(c);
            }
        for (const auto& [first, count, runner] : {std::tuple{0, rows, ThreadRunner(1, 1)},
                                                   std::tuple{11, 29, ThreadRunner(2, 4)}}) {
            std::vector<std::size_t> slotOfRow(rows + 1, 0);
            for (int r = 0; r < rows; ++r) slotOfRow[r + 1] = slotOfRow[r] + askedOfRow[r].size();
            std::vector<uint16_t> out(slotOfRow[rows], 7);
            distancesOfAskedCells(mask.data(), cols, rows, first, count, runner,
                                  [&](int row, AskedCells& asked) {
                                      for (std::size_t k = 0; k < askedOfRow[row].size(); ++k)
                                          asked.add(askedOfRow[row][k], slotOfRow[row] + k);
                                  },
                                  out.data());
            int wrong = 0, untouched = 0;
            for (int r = 0; r < rows; ++r)
                for (std::size_t k = 0; k < askedOfRow[r].size(); ++k) {
                    const uint16_t got = out[slotOfRow[r] + k];
                    if (r < first || r >= first + count) untouched += got == 7;
                    else wrong += got != whole[static_cast<std::size_t>(r) * cols + askedOfRow[r][k]];
                }
            EXPECT_EQ(wrong, 0) << "targets 1 in " << oneIn << ", rows " << first << "+" << count;
            EXPECT_EQ(untouched, static_cast<int>(slotOfRow[first] + (slotOfRow[rows] - slotOfRow[first + count])));
        }
    }
}

}  // namespace
}  // namespace forestsink
