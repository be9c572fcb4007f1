// Every text file the program writes is checked: a failed write is an error
// naming the file and the reason.
#include "SyntheticInputs.h"

#include "common/Error.h"
#include "common/TextFile.h"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

namespace forestsink {
namespace {

TEST(TextFile, WritesTheWholeText) {
    const auto path = test::freshDir("text-file") / "a.csv";
    writeTextFile(path, "year,value\n2020,1.5\n");
    std::ifstream in(path);
    EXPECT_EQ(std::string(std::istreambuf_iterator<char>(in), {}), "year,value\n2020,1.5\n");
}

TEST(TextFile, AFullDeviceIsAnErrorSayingTheDiskIsFull) {
    // /dev/full accepts the open and fails every write with ENOSPC.
    std::string text(1 << 16, 'x');  // more than stdio's buffer: fwrite itself fails
    try {
        writeTextFile("/dev/full", text);
        FAIL() << "a write to /dev/full succeeded";
    } catch (const Error& e) {
        EXPECT_STREQ(e.what(), "/dev/full: cannot write the file: the disk is full");
    }
    try {
        writeTextFile("/dev/full", "short");  // buffered: the flush fails
        FAIL() << "a write to /dev/full succeeded";
    } catch (const Error& e) {
        EXPECT_STREQ(e.what(), "/dev/full: cannot write the file: the disk is full");
    }
}

TEST(TextFile, AMissingFolderIsAnErrorNamingTheFile) {
    try {
        writeTextFile("/nonexistent-folder/summary.csv", "x");
        FAIL();
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("/nonexistent-folder/summary.csv: cannot create the file"),
                  std::string::npos)
            << e.what();
    }
}

}  // namespace
}  // namespace forestsink
