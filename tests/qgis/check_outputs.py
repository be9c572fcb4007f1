"""Opens every forestsink output in QGIS itself, headless (QGIS 3.22, Debian's
python3-qgis, QT_QPA_PLATFORM=offscreen), and checks what a GIS user relies on:
each raster is valid, has the grid's CRS, its band name, nodata and the
statistics GDAL computes, picks up the .qml style beside it, and renders to a
non-empty image; each time-stack VRT opens as one band, styled, its bands
described with year and unit; the project opens with every raster in its
layer tree (not only among its map layers), styled, with a valid, named CRS
and the years as its time range.

    check_outputs.py OUTPUT_FOLDER
"""
import glob
import os
import sys

os.environ["QT_QPA_PLATFORM"] = "offscreen"

from osgeo import gdal  # noqa: E402
from qgis.core import (QgsApplication, QgsMapRendererSequentialJob, QgsMapSettings, QgsProject,  # noqa: E402
                       QgsRasterLayer)
from qgis.PyQt.QtCore import QSize  # noqa: E402
from qgis.PyQt.QtGui import QColor  # noqa: E402

RENDERERS = {"volume": "singlebandpseudocolor", "carbon": "singlebandpseudocolor",
             "sequestration": "singlebandpseudocolor", "age": "singlebandpseudocolor",
             "species": "paletted", "land_class": "paletted", "treatment": "paletted"}

failures = []


def check(condition, message):
    if not condition:
        failures.append(message)


def render(layer):
    settings = QgsMapSettings()
    settings.setLayers([layer])
    settings.setDestinationCrs(layer.crs())
    settings.setExtent(layer.extent())
    settings.setOutputSize(QSize(240, 240))
    settings.setBackgroundColor(QColor(0, 0, 0, 0))
    job = QgsMapRendererSequentialJob(settings)
    job.start()
    job.waitForFinished()
    image = job.renderedImage()
    colours = set()
    for y in range(image.height()):
        for x in range(image.width()):
            pixel = image.pixel(x, y)
            if (pixel >> 24) & 0xFF:  # not transparent
                colours.add(pixel)
    return colours


def main(out):
    app = QgsApplication([], False)
    app.initQgis()
    rasters = sorted(glob.glob(os.path.join(out, "rasters", "*.tif")))
    check(len(rasters) > 0, "no rasters in " + out)
    rasters_crs = QgsRasterLayer(rasters[0], "crs").crs() if rasters else None
    for path in rasters:
        name = os.path.basename(path)
        layer_name = name.rsplit("_", 1)[0]
        layer = QgsRasterLayer(path, name)  # loads the .qml beside it as its default style
        check(layer.isValid(), name + ": not valid in QGIS")
        ds = gdal.Open(path)
        band = ds.GetRasterBand(1)
        check(layer.crs().isValid() and "+proj=aea" in layer.crs().toProj(), name + ": CRS " + layer.crs().toProj())
        check("unknown" not in layer.crs().description().lower(), name + ": CRS has no name: '%s'" % layer.crs().description())
        check(band.GetDescription() in layer.bandName(1), name + ": band name " + layer.bandName(1))
        provider = layer.dataProvider()
        check(provider.sourceHasNoDataValue(1) and provider.sourceNoDataValue(1) == band.GetNoDataValue(),
              name + ": nodata %s, GDAL %s" % (provider.sourceNoDataValue(1), band.GetNoDataValue()))
        stats = provider.bandStatistics(1)
        gmin, gmax, gmean, _ = band.ComputeStatistics(False)
        check(abs(stats.minimumValue - gmin) < 1e-3 and abs(stats.maximumValue - gmax) < 1e-3
              and abs(stats.mean - gmean) < 1e-3 * max(1.0, abs(gmean)),
              name + ": statistics %s/%s/%s, GDAL %s/%s/%s" % (stats.minimumValue, stats.maximumValue, stats.mean,
                                                              gmin, gmax, gmean))
        check(layer.renderer() is not None and layer.renderer().type() == RENDERERS[layer_name],
              name + ": renderer " + (layer.renderer().type() if layer.renderer() else "none"))
        colours = render(layer)
        # Non-empty; and a layer with more than one value shows more than one colour.
        check(len(colours) >= (2 if gmax > gmin else 1), name + ": renders %d colours" % len(colours))
        ds = None
        for aux in glob.glob(path + ".aux.xml"):
            os.remove(aux)

    stacks = sorted(glob.glob(os.path.join(out, "rasters", "*.vrt")))
    check(len(stacks) > 0, "no time-stack VRTs in " + out)
    for path in stacks:
        name = os.path.basename(path)
        layer_name = name[:-len(".vrt")]
        layer = QgsRasterLayer(path, name)
        check(layer.isValid(), name + ": not valid in QGIS")
        renderer = layer.renderer()
        check(renderer is not None and renderer.type() == RENDERERS[layer_name],
              name + ": renderer " + (renderer.type() if renderer else "none") + ", not the layer's single-band style")
        ds = gdal.Open(path)
        check(renderer is not None and renderer.usesBands() == [ds.RasterCount],
              name + ": draws bands %s, not the last year's band alone" % (renderer.usesBands() if renderer else None))
        first_file = gdal.Open(sorted(glob.glob(os.path.join(out, "rasters", layer_name + "_*.tif")))[0])
        first = first_file.GetRasterBand(1)  # (the band needs its dataset held)
        for b in range(1, ds.RasterCount + 1):
            band = ds.GetRasterBand(b)
            year = band.GetDescription().rsplit(" ", 1)[-1]
            check(band.GetDescription() == first.GetDescription() + " " + year and year.isdigit(),
                  name + ": band %d described '%s', not '%s <year>'" % (b, band.GetDescription(), first.GetDescription()))
            check(band.GetUnitType() == first.GetUnitType(),
                  name + ": band %d unit '%s', its files' '%s'" % (b, band.GetUnitType(), first.GetUnitType()))
        ds = first_file = first = None
        for aux in glob.glob(path + ".aux.xml"):
            os.remove(aux)
    sequestration = glob.glob(os.path.join(out, "rasters", "sequestration_*.tif"))
    for path in sequestration[:1]:
        ds = gdal.Open(path)
        band = ds.GetRasterBand(1)
        check("CO2e" in band.GetDescription() and "CO2e" in band.GetUnitType() and "positive" in band.GetDescription(),
              "sequestration: description '%s' with unit '%s' does not state CO2e and its sign"
              % (band.GetDescription(), band.GetUnitType()))
        ds = band = None  # closed before QGIS tears GDAL down

    project = QgsProject.instance()
    check(project.read(os.path.join(out, "project.qgz")), "project.qgz does not open")
    layers = list(project.mapLayers().values())
    check(len(layers) == len(rasters), "project has %d layers for %d rasters" % (len(layers), len(rasters)))
    for layer in layers:
        check(layer.isValid(), "project layer " + layer.name() + " is not valid")
        check(layer.renderer().type() == RENDERERS[layer.name().rsplit(" ", 1)[0]], "project layer " + layer.name() + " is not styled")
        check(layer.temporalProperties().isActive(), "project layer " + layer.name() + " has no time")
    tree_layers = project.layerTreeRoot().findLayers()
    check(len(tree_layers) == len(rasters),
          "project layer tree has %d layers for %d rasters" % (len(tree_layers), len(rasters)))
    for node in tree_layers:
        check(node.layer() is not None and node.layer().isValid(), "layer tree entry " + node.name() + " has no valid layer")
    crs = project.crs()
    check(crs.isValid(), "project CRS is not valid")
    check(crs.isValid() and crs.toProj() == rasters_crs.toProj(),
          "project CRS %s is not the rasters' %s" % (crs.toProj(), rasters_crs.toProj()))
    check(crs.description() not in ("", "unknown") and "unknown" not in crs.description().lower(),
          "project CRS has no name: '%s'" % crs.description())
    time_range = project.timeSettings().temporalRange()
    check(time_range.begin().isValid() and time_range.end().isValid(), "project has no time range")
    app.exitQgis()
    for f in failures:
        print("FAIL:", f)
    print("%d rasters, %d stacks and the project checked; %d failures" % (len(rasters), len(stacks), len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
