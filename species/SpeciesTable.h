#pragma once
// The species table, loaded from a CSV file (one row per species group; see
// species/README.md for the columns and their allowed ranges).
#include "species/SpeciesGroup.h"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <vector>

namespace forestsink {

class SpeciesTable {
public:
    // Throws Error with file:line and the column name on a missing column, a
    // non-numeric or out-of-range value, or a duplicate code.
    static SpeciesTable load(const std::filesystem::path& path);
    static SpeciesTable fromGroups(std::vector<SpeciesGroup> groups);

    const std::vector<SpeciesGroup>& groups() const { return groups_; }
    const SpeciesGroup& group(int index) const { return groups_[index]; }
    int size() const { return static_cast<int>(groups_.size()); }
    // Index of the group with this raster code, if any.
    std::optional<int> indexOfCode(long code) const;
    const std::filesystem::path& path() const { return path_; }
    void setPath(std::filesystem::path path) { path_ = std::move(path); }

private:
    std::vector<SpeciesGroup> groups_;
    std::array<int16_t, 256> indexByCode_{};  // -1 where no group has the code
    std::filesystem::path path_;
};

}  // namespace forestsink
