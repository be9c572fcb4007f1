// Text in the outputs is escaped by GDAL (CPLEscapeString), the same way everywhere.
#include "raster/QgisStyle.h"
#include "report/CsvText.h"

#include <gtest/gtest.h>

namespace forestsink {
namespace {

TEST(Escaping, CsvFieldsWithSeparatorsQuotesOrLineBreaksAreQuoted) {
    EXPECT_EQ(csvText("Demo zone 01"), "Demo zone 01");
    EXPECT_EQ(csvText("a, b"), "\"a, b\"");
    EXPECT_EQ(csvText("synthetic; not real"), "\"synthetic; not real\"");
    EXPECT_EQ(csvText("the \"plan\""), "\"the \"\"plan\"\"\"");
    EXPECT_EQ(csvText("two\nlines"), "\"two\nlines\"");
    EXPECT_EQ(csvText("cr\rx"), "\"cr\rx\"");
    EXPECT_EQ(csvText("思茅松"), "思茅松");
}

TEST(Escaping, XmlEscapesMarkupAndDropsForbiddenControlCharacters) {
    EXPECT_EQ(xmlEscape("a & b <c> \"d\""), "a &amp; b &lt;c&gt; &quot;d&quot;");
    EXPECT_EQ(xmlEscape(std::string("bell\x07here")), "bellhere");
    EXPECT_EQ(xmlEscape("思茅松 (plantation)"), "思茅松 (plantation)");
}

}  // namespace
}  // namespace forestsink
