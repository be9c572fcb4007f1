// The console's units follow the study area: a province in Mha and billion
// m³, a county in kha and million m³, a plot in ha and m³.
#include "common/DisplayUnits.h"

#include <gtest/gtest.h>

namespace forestsink {
namespace {

TEST(DisplayUnits, UnitsScaleWithTheStudyArea) {
    const RunUnits province = unitsForStudyArea(38.3e6);
    EXPECT_EQ(province.area(18.18e6), "18.1800 Mha");
    EXPECT_EQ(province.volume(1.554e9), "1.5540 billion m³");
    EXPECT_EQ(province.mass(2768.68e6), "2768.68 Mt");
    const RunUnits county = unitsForStudyArea(90'000);
    EXPECT_EQ(county.area(900), "0.900 kha");  // not "0.0009 Mha"
    EXPECT_EQ(county.volume(2.5e6), "2.500 million m³");
    EXPECT_EQ(county.mass(12'345), "12.3 kt");
    const RunUnits plot = unitsForStudyArea(500);
    EXPECT_EQ(plot.area(123.45), "123.5 ha");
    EXPECT_EQ(plot.volume(4567.4), "4567 m³");
    EXPECT_EQ(plot.mass(80), "80.0 t");
}

TEST(DisplayUnits, TheBoundariesBelongToTheLargerUnit) {
    EXPECT_STREQ(unitsForStudyArea(1e6).area.name, "Mha");
    EXPECT_STREQ(unitsForStudyArea(999'999).area.name, "kha");
    EXPECT_STREQ(unitsForStudyArea(1e3).area.name, "kha");
    EXPECT_STREQ(unitsForStudyArea(999).area.name, "ha");
}

TEST(DisplayUnits, MoneyAndRoughAmounts) {
    EXPECT_EQ(moneyUnitFor(3.443e10)(3.443e10), "34.43 billion yuan");
    EXPECT_EQ(moneyUnitFor(2.5e7)(2.5e7), "25.0 million yuan");
    EXPECT_EQ(roughly(1.83e9, volumeUnitFor(1.83e9)), "1.83 billion m³");
    EXPECT_EQ(roughly(9.862e5, areaUnitFor(9.862e5)), "986 kha");
}

}  // namespace
}  // namespace forestsink
