#include "sim/RowSums.h"

#include "sim/CellState.h"

namespace forestsink {

std::vector<int32_t> regionIndexTable(const std::vector<Region>& regions) {
    std::vector<int32_t> index(65536, -1);
    for (std::size_t r = 0; r < regions.size(); ++r) index[regions[r].id] = static_cast<int32_t>(r);
    return index;
}

}  // namespace forestsink
