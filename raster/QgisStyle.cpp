#include "raster/QgisStyle.h"

#include <fmt/format.h>
#include <fmt/os.h>

namespace forestsink {
namespace {

std::string xmlEscape(const std::string& s) {
    std::string out;
    for (char c : s) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            default: out += c;
        }
    }
    return out;
}

// The parts of a QGIS 3.22 raster style that every renderer shares.
void write(const std::filesystem::path& qml, const std::string& renderer) {
    auto f = fmt::output_file(qml.string());
    f.print("<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
            "<qgis version=\"3.22.16-Białowieża\" styleCategories=\"AllStyleCategories\" hasScaleBasedVisibilityFlag=\"0\">\n"
            "  <pipe>\n{}"
            "    <brightnesscontrast brightness=\"0\" contrast=\"0\" gamma=\"1\"/>\n"
            "    <huesaturation saturation=\"0\" grayscaleMode=\"0\" colorizeOn=\"0\"/>\n"
            "    <rasterresampler maxOversampling=\"2\"/>\n"
            "  </pipe>\n"
            "  <blendMode>0</blendMode>\n"
            "</qgis>\n",
            renderer);
}

}  // namespace

void writeRampQml(const std::filesystem::path& qml, const std::vector<RampStop>& stops) {
    std::string items;
    for (const auto& s : stops)
        items += fmt::format("            <item alpha=\"255\" value=\"{:g}\" label=\"{}\" color=\"{}\"/>\n", s.value,
                             xmlEscape(s.label), s.colour);
    write(qml, fmt::format("    <rasterrenderer type=\"singlebandpseudocolor\" band=\"1\" opacity=\"1\" alphaBand=\"-1\" "
                           "nodataColor=\"\" classificationMin=\"{:g}\" classificationMax=\"{:g}\">\n"
                           "      <rasterTransparency/>\n"
                           "      <minMaxOrigin><limits>None</limits><extent>WholeRaster</extent>"
                           "<statAccuracy>Estimated</statAccuracy></minMaxOrigin>\n"
                           "      <rastershader>\n"
                           "        <colorrampshader colorRampType=\"INTERPOLATED\" classificationMode=\"2\" clip=\"0\" "
                           "minimumValue=\"{:g}\" maximumValue=\"{:g}\">\n{}"
                           "        </colorrampshader>\n"
                           "      </rastershader>\n"
                           "    </rasterrenderer>\n",
                           stops.front().value, stops.back().value, stops.front().value, stops.back().value, items));
}

void writePaletteQml(const std::filesystem::path& qml, const std::vector<PaletteEntry>& entries) {
    std::string items;
    for (const auto& e : entries)
        items += fmt::format("        <paletteEntry value=\"{}\" alpha=\"255\" color=\"{}\" label=\"{}\"/>\n", e.value,
                             e.colour, xmlEscape(e.label));
    write(qml, fmt::format("    <rasterrenderer type=\"paletted\" band=\"1\" opacity=\"1\" alphaBand=\"-1\" nodataColor=\"\">\n"
                           "      <rasterTransparency/>\n"
                           "      <minMaxOrigin><limits>None</limits><extent>WholeRaster</extent>"
                           "<statAccuracy>Estimated</statAccuracy></minMaxOrigin>\n"
                           "      <colorPalette>\n{}      </colorPalette>\n"
                           "    </rasterrenderer>\n",
                           items));
}

}  // namespace forestsink
