#include "sim/ReportRasters.h"

#include "common/Error.h"
#include "raster/Gdal.h"
#include "raster/GeoTiffWriter.h"
#include "raster/QgisStyle.h"
#include "sim/LayerStyles.h"

#include <fmt/format.h>
#include <gdal_utils.h>

#include <functional>
#include <memory>

namespace forestsink {
namespace {

const char* const kColours[] = {"#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d",
                                "#666666", "#1f78b4", "#b2df8a", "#fb9a99", "#cab2d6", "#ff7f00", "#6a3d9a"};

struct Layer {
    std::string name;
    GDALDataType type;
    std::string description, units;
    double nodata;
    OverviewResampling overviews;
    std::string renderer;  // QGIS style
    std::function<double(std::size_t)> value;  // value of an in-study cell
};

template <typename T>
std::vector<T> fill(const CellState& state, const ThreadRunner& runner, double nodata,
                    const std::function<double(std::size_t)>& value) {
    std::vector<T> out(state.cellCount());
    const int cols = state.grid.cols;
    runner.forEachTile(state.grid.rows, [&](int first, int count) {
        for (std::size_t i = static_cast<std::size_t>(first) * cols; i < static_cast<std::size_t>(first + count) * cols; ++i)
            out[i] = static_cast<T>(state.landClass[i] == LandClass::Outside ? nodata : value(i));
    });
    return out;
}

std::vector<Layer> layers(const Scenario& scenario, const SpeciesTable& species, const CellState& state,
                          const std::vector<float>& carbon, const std::vector<float>* previousCarbon) {
    std::vector<PaletteEntry> speciesPalette = {{0, "#e8e8e8", "no trees"}};
    for (int i = 0; i < species.size(); ++i)
        speciesPalette.push_back({species.group(i).code, kColours[i % std::size(kColours)], species.group(i).name});
    const std::vector<PaletteEntry>& classPalette = kLandClassPalette;
    std::vector<PaletteEntry> treatmentPalette = {{0, "#f0f0f0", "none"}};
    for (std::size_t p = 0; p < scenario.programmes.size(); ++p)
        treatmentPalette.push_back({static_cast<int>(p + 1), kColours[p % std::size(kColours)],
                                    fmt::format("{} ({})", scenario.programmes[p].name, kindName(scenario.programmes[p].kind))});
    std::vector<Layer> out = {
        {"volume", GDT_Float32, "stand volume", "m3/ha", kRasterNodata, OverviewResampling::Average,
         rampRenderer(kVolumeRamp), [&](std::size_t i) { return state.volume[i]; }},
        {"carbon", GDT_Float32, "tree biomass carbon density", "t C/ha", kRasterNodata, OverviewResampling::Average,
         rampRenderer(kCarbonRamp), [&](std::size_t i) { return carbon[i]; }},
        {"age", GDT_UInt16, "stand age", "years", 65535, OverviewResampling::Average,
         rampRenderer(kAgeRamp), [&](std::size_t i) { return state.age[i]; }},
        {"species", GDT_Byte, "species group code", "code", 255, OverviewResampling::Mode,
         paletteRenderer(speciesPalette),
         [&](std::size_t i) { return state.species[i] == kNoSpecies ? 0 : species.group(state.species[i]).code; }},
        {"land_class", GDT_Byte, "land class", "class", 0, OverviewResampling::Mode,
         paletteRenderer(classPalette),
         [&](std::size_t i) { return static_cast<int>(state.landClass[i]); }},
        {"treatment", GDT_Byte, "last programme (position in the scenario + 1)", "code", 255, OverviewResampling::Mode,
         paletteRenderer(treatmentPalette),
         [&](std::size_t i) { return state.treatment[i] == kNoTreatment ? 0 : state.treatment[i] + 1; }},
    };
    if (previousCarbon)
        out.insert(out.begin() + 2,
                   Layer{"sequestration", GDT_Float32, "change of tree carbon over the year", "t CO2e/ha/yr",
                         kRasterNodata, OverviewResampling::Average,
                         rampRenderer(kSequestrationRamp),
                         [&, previousCarbon](std::size_t i) {
                             return (static_cast<double>(carbon[i]) - (*previousCarbon)[i]) * kCo2PerC;
                         }});
    return out;
}

}  // namespace

std::vector<float> carbonDensity(const CellState& state, const BiomassParameters& bio, const ThreadRunner& runner) {
    return fill<float>(state, runner, kRasterNodata, [&](std::size_t i) -> double {
        const float v = state.volume[i];
        const uint8_t s = state.species[i];
        // Same expression, in the same precision, as the accounting.
        return s != kNoSpecies && v > 0 ? static_cast<float>((bio.a[s] + bio.b[s] * v) *
                                                             static_cast<double>(bio.carbonFraction[s]))
                                        : 0.0f;
    });
}

std::vector<std::string> writeReportRasters(OutputFolder& out, int year, const Scenario& scenario,
                                            const SpeciesTable& species, const CellState& state,
                                            const BiomassParameters& biomass, const std::vector<float>* previousCarbon,
                                            const ThreadRunner& runner) {
    const std::vector<float> carbon = carbonDensity(state, biomass, runner);
    const std::vector<Layer> all = layers(scenario, species, state, carbon, previousCarbon);
    std::vector<std::string> written;
    std::vector<std::function<void()>> jobs;
    for (const Layer& layer : all) {
        const std::string name = fmt::format("rasters/{}_{}.tif", layer.name, year);
        const auto path = out.stagingPath(name);
        const auto qml = out.stagingPath(fmt::format("rasters/{}_{}.qml", layer.name, year));
        written.push_back(name);
        written.push_back(fmt::format("rasters/{}_{}.qml", layer.name, year));
        // One file, one dataset, one job: GDAL's own threading stays off.
        jobs.push_back([&, path, qml] {
            BandInfo info;
            info.description = layer.description;
            info.units = layer.units;
            info.nodata = layer.nodata;
            info.metadata = {{"YEAR", std::to_string(year)}, {"LAYER", layer.name}, {"UNITS", layer.units},
                             {"SCENARIO", scenario.name}, {"PRODUCER", "forestsink"}};
            switch (layer.type) {
                case GDT_Float32: {
                    const auto v = fill<float>(state, runner, layer.nodata, layer.value);
                    writeCog(path, state.grid, GDT_Float32, v.data(), info, layer.overviews);
                    break;
                }
                case GDT_UInt16: {
                    const auto v = fill<uint16_t>(state, runner, layer.nodata, layer.value);
                    writeCog(path, state.grid, GDT_UInt16, v.data(), info, layer.overviews);
                    break;
                }
                default: {
                    const auto v = fill<uint8_t>(state, runner, layer.nodata, layer.value);
                    writeCog(path, state.grid, GDT_Byte, v.data(), info, layer.overviews);
                }
            }
            writeQml(qml, layer.renderer);
        });
    }
    runner.runAll(jobs);
    return written;
}

std::vector<std::pair<std::string, std::string>> layerRenderers(const Scenario& scenario, const SpeciesTable& species) {
    // The renderers do not depend on cell values: build the layers on an empty state.
    const CellState empty;
    const std::vector<float> none;
    std::vector<std::pair<std::string, std::string>> out;
    for (const Layer& l : layers(scenario, species, empty, none, &none)) out.emplace_back(l.name, l.renderer);
    return out;
}

std::vector<std::string> writeLayerStacks(OutputFolder& out, const Scenario& scenario) {
    std::vector<std::string> written;
    for (const char* layer : {"volume", "carbon", "sequestration", "age", "species", "land_class", "treatment"}) {
        std::vector<std::string> files;
        std::vector<int> years;
        for (int year : scenario.reportYears) {
            if (std::string(layer) == "sequestration" && year == scenario.startYear) continue;
            files.push_back(out.stagingPath(fmt::format("rasters/{}_{}.tif", layer, year)).string());
            years.push_back(year);
        }
        if (files.empty()) continue;
        std::vector<const char*> names;
        for (const auto& f : files) names.push_back(f.c_str());
        const char* args[] = {"-separate", nullptr};
        std::unique_ptr<GDALBuildVRTOptions, decltype(&GDALBuildVRTOptionsFree)> options(
            GDALBuildVRTOptionsNew(const_cast<char**>(args), nullptr), GDALBuildVRTOptionsFree);
        const std::string relative = fmt::format("rasters/{}.vrt", layer);
        int usageError = 0;
        CPLErrorReset();
        GDALDatasetUniquePtr vrt(GDALDataset::FromHandle(GDALBuildVRT(out.stagingPath(relative).c_str(),
                                                                      static_cast<int>(names.size()), nullptr,
                                                                      names.data(), options.get(), &usageError)));
        if (!vrt) throw Error(fmt::format("{}: cannot build the VRT ({})", relative, lastGdalError()));
        for (std::size_t b = 0; b < years.size(); ++b)
            vrt->GetRasterBand(static_cast<int>(b) + 1)->SetDescription(std::to_string(years[b]).c_str());
        vrt.reset();
        written.push_back(relative);
    }
    return written;
}

}  // namespace forestsink
