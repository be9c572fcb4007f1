#pragma once
// Sub-compartments (小班) for the vector-input demo, made from the 1 km demo
// layers over a small window.
#include <filesystem>

namespace forestsink::demo {

struct Window {
    int col = 0, row = 0, cols = 0, rows = 0;  // in the source layers' pixels
};

// Writes a GeoPackage with one layer, `xiaoban`: neighbouring cells with the
// same land class, species, site class, forest category and zone merged into
// stands of at most four cells (GDALPolygonize of the stand ids), each with
// its attributes (age and volume: means of its cells). Deterministic: the same
// layers give the same features, FIDs and attributes.
void writeSubCompartments(const std::filesystem::path& layers, const Window& window,
                          const std::filesystem::path& out);

}  // namespace forestsink::demo
