#pragma once
// project.qgz: a QGIS project that loads every output raster, grouped by
// layer, styled, with each year's file given its year as a fixed temporal
// range, so that QGIS's temporal controller steps through the years.
#include "scenarios/Scenario.h"
#include "report/OutputFolder.h"
#include "species/SpeciesTable.h"
#include "raster/Grid.h"

#include <string>
#include <vector>

namespace forestsink {

// Writes project.qgz for the rasters already staged in `out`; returns its relative path.
std::string writeQgisProject(OutputFolder& out, const Scenario& scenario, const SpeciesTable& species, const Grid& grid);

}  // namespace forestsink
