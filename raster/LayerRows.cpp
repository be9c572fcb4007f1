#include "raster/LayerRows.h"

namespace forestsink {
namespace {

// The type a layer is read in: its own when LayerRows widens it exactly.
GDALDataType readType(const AlignedLayer& layer) {
    switch (const GDALDataType t = layer.dataType()) {
    case GDT_Byte:
    case GDT_UInt16:
    case GDT_Int16:
    case GDT_UInt32:
    case GDT_Int32:
    case GDT_Float32: return t;
    default: return GDT_Float64;
    }
}

}  // namespace

void LayerRows::read(AlignedLayer& layer, int firstRow, int rowCount) {
    type_ = readType(layer);
    const std::size_t bytes = static_cast<std::size_t>(layer.grid().cols) * rowCount * GDALGetDataTypeSizeBytes(type_);
    words_.resize((bytes + sizeof(double) - 1) / sizeof(double));
    layer.readRows(firstRow, rowCount, type_, words_.data());
}

}  // namespace forestsink
