#include "report/QgisProject.h"

#include "common/TextFile.h"

#include "common/Error.h"
#include "raster/Gdal.h"
#include "raster/QgisStyle.h"
#include "report/ReportRasters.h"

#include <cpl_conv.h>
#include <fmt/format.h>

#include <algorithm>

namespace forestsink {
namespace {

// The grid's CRS as WKT2, named: QGIS takes a CRS's name from its WKT.
std::string namedWkt(const OGRSpatialReference& srs, const std::string& name) {
    OGRSpatialReference named(srs);
    if (named.IsProjected()) named.SetProjCS(name.c_str());  // (a geographic CRS keeps its datum's name)
    char* wkt = nullptr;
    const char* options[] = {"FORMAT=WKT2_2019", nullptr};
    named.exportToWkt(&wkt, options);
    const std::string out = wkt ? wkt : "";
    CPLFree(wkt);
    return out;
}

std::string spatialRefSys(const Grid& grid) {
    const OGRSpatialReference srs = grid.spatialReference();
    char* proj4 = nullptr;
    srs.exportToProj4(&proj4);
    const std::string p4 = proj4 ? proj4 : "";
    CPLFree(proj4);
    const char* auth = srs.GetAuthorityName(nullptr);
    const char* code = srs.GetAuthorityCode(nullptr);
    return fmt::format("<spatialrefsys nativeFormat=\"Wkt\"><wkt>{}</wkt><proj4>{}</proj4><srsid>0</srsid><srid>0</srid>"
                       "<authid>{}</authid><description>{}</description><projectionacronym></projectionacronym>"
                       "<ellipsoidacronym></ellipsoidacronym><geographicflag>{}</geographicflag></spatialrefsys>",
                       xmlEscape(namedWkt(srs, crsDisplayName(srs))), xmlEscape(p4),
                       auth && code ? fmt::format("{}:{}", auth, code) : std::string(),
                       xmlEscape(crsDisplayName(srs)),
                       srs.IsGeographic() ? "true" : "false");
}

std::string yearRange(int year) {
    return fmt::format("<start>{}-01-01T00:00:00Z</start><end>{}-12-31T23:59:59Z</end>", year, year);
}

}  // namespace

std::string writeQgisProject(OutputFolder& out, const Scenario& scenario, const SpeciesTable& species, const Grid& grid) {
    const std::string srs = spatialRefSys(grid);
    std::string tree, layers;
    bool firstGroup = true;
    for (const auto& [layer, renderer] : layerRenderers(scenario, species)) {
        std::string groupLayers;
        for (int year : scenario.reportYears) {
            const std::string file = fmt::format("rasters/{}_{}.tif", layer, year);
            if (!out.has(file)) continue;  // e.g. no sequestration in the start year
            // QGIS replaces layer ids of 10 characters or fewer (and the
            // tree's reference with them): a longer id keeps each layer in the tree.
            const std::string id = fmt::format("forestsink_{}_{}", layer, year);
            const std::string name = fmt::format("{} {}", layer, year);
            groupLayers += fmt::format(R"(      <layer-tree-layer id="{0}" name="{1}" source="./{2}" providerKey="gdal" checked="Qt::Checked" expanded="0"><customproperties/></layer-tree-layer>
)",
                                       id, name, file);
            layers += fmt::format(R"(    <maplayer type="raster" hasScaleBasedVisibilityFlag="0" refreshOnNotifyEnabled="0" autoRefreshEnabled="0">
      <id>{0}</id>
      <datasource>./{2}</datasource>
      <layername>{1}</layername>
      <srs>{3}</srs>
      <provider>gdal</provider>
      <temporal enabled="1" mode="0" source="0" fetchMode="0">
        <fixedRange>{4}</fixedRange><fixedReferenceRange>{4}</fixedReferenceRange>
        <normalRange>{4}</normalRange><referenceRange>{4}</referenceRange>
      </temporal>
{5}      <blendMode>0</blendMode>
    </maplayer>
)",
                                  id, name, file, srs, yearRange(year), rasterPipe(renderer));
        }
        if (groupLayers.empty()) continue;
        // Volume shows first; the other groups are there to switch on.
        tree += fmt::format(R"(    <layer-tree-group name="{}" checked="{}" expanded="{}"><customproperties/>
{}    </layer-tree-group>
)",
                            layer, firstGroup ? "Qt::Checked" : "Qt::Unchecked", firstGroup ? 1 : 0, groupLayers);
        firstGroup = false;
    }
    const std::string qgs = fmt::format(R"(<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<qgis projectname="{0}" version="3.22.16-Białowieża">
  <homePath path=""/>
  <title>{0}</title>
  <projectCrs>{1}</projectCrs>
  <layer-tree-group><customproperties/>
{2}  </layer-tree-group>
  <mapcanvas name="theMapCanvas" annotationsVisible="1">
    <units>{3}</units>
    <extent><xmin>{4:.17g}</xmin><ymin>{5:.17g}</ymin><xmax>{6:.17g}</xmax><ymax>{7:.17g}</ymax></extent>
    <rotation>0</rotation>
    <destinationsrs>{1}</destinationsrs>
  </mapcanvas>
  <projectlayers>
{8}  </projectlayers>
  <ProjectTimeSettings timeStep="1" timeStepUnit="y" frameRate="1" cumulativeTemporalRange="0">
    <TemporalRange>{9}</TemporalRange>
  </ProjectTimeSettings>
  <properties>
    <Paths><Absolute type="bool">false</Absolute></Paths>
    <SpatialRefSys><ProjectionsEnabled type="int">1</ProjectionsEnabled></SpatialRefSys>
  </properties>
</qgis>
)",
                                        xmlEscape(scenario.name), srs, tree, grid.isGeographic() ? "degrees" : "meters",
                                        grid.minX(), grid.minY(), grid.maxX(), grid.maxY(), layers,
                                        fmt::format("<start>{}-01-01T00:00:00Z</start><end>{}-12-31T23:59:59Z</end>",
                                                    scenario.reportYears.front(), scenario.reportYears.back()));
    // A .qgz is a zip holding the .qgs.
    const std::string relative = "project.qgz";
    void* zip = CPLCreateZip(out.stagingPath(relative).c_str(), nullptr);
    if (!zip)
        throw Error(fmt::format("{}: cannot create the file: {}", out.stagingPath(relative).string(),
                                libraryWriteFailureReason(out.stagingPath(relative), lastGdalError())));
    bool ok = CPLCreateFileInZip(zip, "project.qgs", nullptr) == CE_None &&
              CPLWriteFileInZip(zip, qgs.data(), static_cast<int>(qgs.size())) == CE_None &&
              CPLCloseFileInZip(zip) == CE_None;
    ok = CPLCloseZip(zip) == CE_None && ok;
    if (!ok)
        throw Error(fmt::format("{}: cannot write the file: {}", out.stagingPath(relative).string(),
                                libraryWriteFailureReason(out.stagingPath(relative), lastGdalError())));
    return relative;
}

}  // namespace forestsink
