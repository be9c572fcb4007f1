#include "report/OutputFolder.h"

#include "common/Error.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>

namespace forestsink {

namespace fs = std::filesystem;

OutputFolder::OutputFolder(const fs::path& root) : root_(fs::absolute(root)) {
    std::error_code ec;
    if (fs::exists(root_, ec) && !fs::is_directory(root_, ec))
        throw Error(fmt::format("{}: output folder is a file, not a folder", root_.string()));
    fs::create_directories(root_, ec);
    if (ec) throw Error(fmt::format("{}: cannot create the output folder ({})", root_.string(), ec.message()));
    staging_ = root_ / fmt::format(".forestsink-staging-{}", ::getpid());
    fs::create_directories(staging_, ec);
    const fs::path probe = staging_ / ".write-test";
    std::ofstream(probe) << "ok";
    if (ec || !fs::exists(probe)) {
        fs::remove_all(staging_, ec);
        throw Error(fmt::format("{}: the output folder cannot be written (check its permissions)", root_.string()));
    }
    fs::remove(probe, ec);
}

OutputFolder::~OutputFolder() {
    std::error_code ec;
    fs::remove_all(staging_, ec);
}

fs::path OutputFolder::stagingPath(const std::string& relative) {
    const fs::path p = staging_ / relative;
    fs::create_directories(p.parent_path());
    if (std::find(files_.begin(), files_.end(), relative) == files_.end()) files_.push_back(relative);
    return p;
}

fs::path OutputFolder::scratchPath(const std::string& name) {
    const fs::path dir = staging_ / ".scratch";
    fs::create_directories(dir);
    return dir / name;
}

bool OutputFolder::has(const std::string& relative) const {
    return std::find(files_.begin(), files_.end(), relative) != files_.end();
}

void OutputFolder::commit() {
    for (const auto& relative : files_) {
        const fs::path target = root_ / relative;
        std::error_code ec;
        fs::create_directories(target.parent_path(), ec);
        // A statistics side-car from an earlier run would describe the old
        // raster: GDAL and QGIS would show its stale statistics.
        fs::remove(target.string() + ".aux.xml", ec);
        fs::rename(staging_ / relative, target, ec);
        if (ec) throw Error(fmt::format("{}: cannot move the finished file into place ({})", target.string(),
                                        ec.message()));
    }
    committed_ = true;
}

}  // namespace forestsink
