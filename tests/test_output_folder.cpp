// The output folder: a set that replaces the previous set whole or not at all,
// refuses a user's folder, admits one writer, and cleans up after dead runs.
#include "SyntheticInputs.h"

#include "common/Error.h"
#include "report/OutputFolder.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

namespace forestsink {
namespace {

namespace fs = std::filesystem;

void write(const fs::path& p, const std::string& text) { std::ofstream(p) << text; }

std::string read(const fs::path& p) {
    std::ifstream in(p);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// Names next to the output folder that a run leaves (staging folders, not the lock file).
std::vector<std::string> stagingLeft(const fs::path& out) {
    std::vector<std::string> left;
    for (const auto& e : fs::directory_iterator(out.parent_path()))
        if (e.path().filename().string().find("forestsink-staging") != std::string::npos)
            left.push_back(e.path().filename().string());
    return left;
}

std::string errorOf(const std::function<void()>& f) {
    try {
        f();
    } catch (const Error& e) {
        return e.what();
    }
    return {};
}

TEST(OutputFolder, ACommitReplacesTheWholeSet) {
    const fs::path out = test::freshDir("t") / "out";
    {
        OutputFolder first(out);
        write(first.stagingPath("a.csv"), "first a\n");
        write(first.stagingPath("rasters/b.tif"), "first b\n");
        EXPECT_FALSE(fs::exists(out)) << "files appeared before the commit";
        first.commit();
    }
    {
        OutputFolder second(out);
        write(second.stagingPath("a.csv"), "second a\n");
        write(second.scratchPath("snapshot.tif"), "scratch\n");
        EXPECT_EQ(read(out / "a.csv"), "first a\n") << "the previous set changed before the commit";
        second.commit();
    }
    // b.tif, which the second run did not write, is gone; the scratch file was never committed.
    EXPECT_EQ(test::filesUnder(out), (std::vector<std::string>{".forestsink-output", "a.csv"}));
    EXPECT_EQ(read(out / "a.csv"), "second a\n");
    EXPECT_TRUE(stagingLeft(out).empty());
}

TEST(OutputFolder, AFailedRunLeavesThePreviousSetAndNoStaging) {
    const fs::path out = test::freshDir("t") / "out";
    fs::create_directories(out);
    write(out / "run.json", "{}\n");  // a set from before the marker file
    write(out / "summary.csv", "earlier\n");
    {
        OutputFolder failing(out);
        write(failing.stagingPath("summary.csv"), "unfinished\n");
        EXPECT_EQ(stagingLeft(out).size(), 1u);
    }  // destroyed without a commit, as when the run throws
    EXPECT_EQ(test::filesUnder(out), (std::vector<std::string>{"run.json", "summary.csv"}));
    EXPECT_EQ(read(out / "summary.csv"), "earlier\n");
    EXPECT_TRUE(stagingLeft(out).empty());
}

TEST(OutputFolder, AnUnrelatedFolderIsRefusedAndUntouched) {
    const fs::path out = test::freshDir("t") / "thesis";
    fs::create_directories(out);
    write(out / "chapter1.tex", "keep me\n");
    const std::string error = errorOf([&] { OutputFolder o(out); });
    EXPECT_EQ(error, out.string() + " exists and is not a forestsink output folder; choose an empty or new --out");
    EXPECT_EQ(test::filesUnder(out), std::vector<std::string>{"chapter1.tex"});
    EXPECT_TRUE(stagingLeft(out).empty());
}

TEST(OutputFolder, EmptyFoldersAndEarlierSetsAreAccepted) {
    const fs::path dir = test::freshDir("t");
    fs::create_directories(dir / "empty");
    fs::create_directories(dir / "batch");
    write(dir / "batch" / "comparison.csv", "old\n");
    fs::create_directories(dir / "marked");
    write(dir / "marked" / OutputFolder::kMarker, "x\n");
    write(dir / "marked" / "notes.txt", "x\n");
    for (const char* name : {"empty", "batch", "marked"}) {
        OutputFolder o(dir / name);
        write(o.stagingPath("a.csv"), "new\n");
        o.commit();
        EXPECT_EQ(test::filesUnder(dir / name), (std::vector<std::string>{".forestsink-output", "a.csv"})) << name;
    }
}

TEST(OutputFolder, ASecondWriterIsRefusedAtOnce) {
    const fs::path out = test::freshDir("t") / "out";
    OutputFolder first(out);
    const std::string error = errorOf([&] { OutputFolder second(out); });
    EXPECT_EQ(error, "another forestsink run (pid " + std::to_string(::getpid()) + ") is writing " + out.string());
    // The first still works, and after it a new writer may come.
    write(first.stagingPath("a.csv"), "a\n");
    first.commit();
}

TEST(OutputFolder, TheLockIsReleasedWithTheFolder) {
    const fs::path out = test::freshDir("t") / "out";
    { OutputFolder first(out); }
    EXPECT_EQ(errorOf([&] { OutputFolder second(out); }), "");
}

TEST(OutputFolder, StagingFoldersOfDeadProcessesAreRemoved) {
    const fs::path out = test::freshDir("t") / "out";
    const pid_t child = ::fork();
    if (child == 0) ::_exit(0);
    ::waitpid(child, nullptr, 0);  // now a pid that is not alive
    const fs::path dead = out.parent_path() / (".out.forestsink-staging-" + std::to_string(child));
    const fs::path alive = out.parent_path() / ".out.forestsink-staging-1";  // pid 1 is always alive
    const fs::path other = out.parent_path() / (".other.forestsink-staging-" + std::to_string(child));  // not ours
    for (const auto& d : {dead, alive, other}) {
        fs::create_directories(d / "rasters");
        write(d / "rasters" / "x.tif", "x");
    }
    OutputFolder o(out);
    EXPECT_FALSE(fs::exists(dead));
    EXPECT_TRUE(fs::exists(alive));
    EXPECT_TRUE(fs::exists(other));
}

TEST(OutputFolder, ABatchIsOneSet) {
    const fs::path out = test::freshDir("t") / "batch";
    {
        OutputFolder batch(out);
        OutputFolder variant = batch.subfolder("v1");
        write(variant.stagingPath("summary.csv"), "v1\n");
        write(variant.scratchPath("carbon.tif"), "scratch\n");
        EXPECT_TRUE(variant.has("summary.csv"));
        EXPECT_EQ(variant.root(), out / "v1");
        variant.commit();  // nothing of its own
        EXPECT_FALSE(fs::exists(out / "v1")) << "a variant appeared before the batch";
        write(batch.stagingPath("comparison.csv"), "c\n");
        batch.commit();
    }
    EXPECT_EQ(test::filesUnder(out),
              (std::vector<std::string>{".forestsink-output", "comparison.csv", "v1/summary.csv"}));
    {
        // A batch that fails after its variants ran leaves the previous batch whole.
        OutputFolder batch(out);
        OutputFolder variant = batch.subfolder("v2");
        write(variant.stagingPath("summary.csv"), "v2\n");
    }
    EXPECT_EQ(test::filesUnder(out),
              (std::vector<std::string>{".forestsink-output", "comparison.csv", "v1/summary.csv"}));
    EXPECT_TRUE(stagingLeft(out).empty());
}

}  // namespace
}  // namespace forestsink
