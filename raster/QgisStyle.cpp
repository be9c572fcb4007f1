#include "raster/QgisStyle.h"

#include "common/TextFile.h"
#include <cpl_string.h>
#include <fmt/format.h>

namespace forestsink {

// GDAL's XML escaping: & < > " and the control characters XML forbids.
std::string xmlEscape(const std::string& s) {
    char* escaped = CPLEscapeString(s.c_str(), static_cast<int>(s.size()), CPLES_XML);
    std::string out(escaped);
    CPLFree(escaped);
    return out;
}

// The parts of a QGIS 3.22 raster pipe that every renderer shares.
std::string rasterPipe(const std::string& renderer) {
    return fmt::format(R"(  <pipe>
{}    <brightnesscontrast brightness="0" contrast="0" gamma="1"/>
    <huesaturation saturation="0" grayscaleMode="0" colorizeOn="0"/>
    <rasterresampler maxOversampling="2"/>
  </pipe>
)",
                       renderer);
}

void writeQml(const std::filesystem::path& qml, const std::string& renderer) {
    writeTextFile(qml, fmt::format(R"(<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<qgis version="3.22.16-Białowieża" styleCategories="AllStyleCategories" hasScaleBasedVisibilityFlag="0">
{}  <blendMode>0</blendMode>
</qgis>
)",
                                   rasterPipe(renderer)));
}

std::string rampRenderer(const std::vector<RampStop>& stops) {
    std::string items;
    for (const auto& s : stops)
        items += fmt::format(R"(          <item alpha="255" value="{:g}" label="{}" color="{}"/>
)",
                             s.value, xmlEscape(s.label), s.colour);
    return fmt::format(R"(    <rasterrenderer type="singlebandpseudocolor" band="1" opacity="1" alphaBand="-1" nodataColor="" classificationMin="{0:g}" classificationMax="{1:g}">
      <rasterTransparency/>
      <minMaxOrigin><limits>None</limits><extent>WholeRaster</extent><statAccuracy>Estimated</statAccuracy></minMaxOrigin>
      <rastershader>
        <colorrampshader colorRampType="INTERPOLATED" classificationMode="2" clip="0" minimumValue="{0:g}" maximumValue="{1:g}">
{2}        </colorrampshader>
      </rastershader>
    </rasterrenderer>
)",
                       stops.front().value, stops.back().value, items);
}

std::string paletteRenderer(const std::vector<PaletteEntry>& entries) {
    std::string items;
    for (const auto& e : entries)
        items += fmt::format(R"(        <paletteEntry value="{}" alpha="255" color="{}" label="{}"/>
)",
                             e.value, e.colour, xmlEscape(e.label));
    return fmt::format(R"(    <rasterrenderer type="paletted" band="1" opacity="1" alphaBand="-1" nodataColor="">
      <rasterTransparency/>
      <minMaxOrigin><limits>None</limits><extent>WholeRaster</extent><statAccuracy>Estimated</statAccuracy></minMaxOrigin>
      <colorPalette>
{}      </colorPalette>
    </rasterrenderer>
)",
                       items);
}

}  // namespace forestsink
