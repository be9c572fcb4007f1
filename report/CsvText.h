#pragma once
// csvText moved to common/ so that the demo generator writes CSV the same way.
#include "common/CsvText.h"
