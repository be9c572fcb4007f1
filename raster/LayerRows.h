#pragma once
// Rows of an aligned layer kept in the file's own type (Byte, Int16, UInt16,
// Int32, UInt32, Float32), so that GDAL copies its blocks instead of
// converting every cell to a double. `operator[]` gives the value a read as
// Float64 would have given, to the bit: integers are exact in a double, and
// a float widens exactly, so a class raster stored as floats still shows its
// 1.4. Other types (and vector layers, whose attributes are doubles) are
// read as Float64.
#include "raster/AlignedLayer.h"

#include <cstdint>
#include <cstring>
#include <vector>

namespace forestsink {

class LayerRows {
public:
    // Reads `rowCount` full rows of `layer` from `firstRow`; the buffer is kept
    // from call to call (fresh pages would be zeroed by the kernel each time).
    void read(AlignedLayer& layer, int firstRow, int rowCount);

    [[gnu::always_inline]] double operator[](std::size_t i) const {
        switch (type_) {
        case GDT_Byte: return at<uint8_t>(i);
        case GDT_UInt16: return at<uint16_t>(i);
        case GDT_Int16: return at<int16_t>(i);
        case GDT_UInt32: return at<uint32_t>(i);
        case GDT_Int32: return at<int32_t>(i);
        case GDT_Float32: return at<float>(i);
        default: return at<double>(i);
        }
    }

    GDALDataType type() const { return type_; }
    // Cell i of a Byte layer, as stored; all of them.
    uint8_t byteAt(std::size_t i) const { return bytes()[i]; }
    const uint8_t* bytes() const { return reinterpret_cast<const uint8_t*>(words_.data()); }

private:
    template <typename T>
    double at(std::size_t i) const {
        T v;
        std::memcpy(&v, reinterpret_cast<const unsigned char*>(words_.data()) + i * sizeof(T), sizeof(T));
        return static_cast<double>(v);
    }

    GDALDataType type_ = GDT_Float64;
    std::vector<double> words_;  // the rows' bytes, in doubles for alignment
};

}  // namespace forestsink
