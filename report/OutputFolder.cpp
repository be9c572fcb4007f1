#include "report/OutputFolder.h"

#include "common/Error.h"
#include "report/StagingRegistry.h"

#include <cpl_conv.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <signal.h>
#include <stdio.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <thread>

namespace forestsink {

namespace fs = std::filesystem;

namespace {

// DIR as an absolute path without a trailing separator; a symbolic link to a
// folder is followed, so the swap replaces the folder, not the link.
fs::path normalRoot(const fs::path& root) {
    fs::path p = fs::absolute(root).lexically_normal();
    if (p.filename().empty() && p.has_parent_path() && p != p.root_path()) p = p.parent_path();
    std::error_code ec;
    if (fs::is_symlink(p, ec)) {
        const fs::path target = fs::canonical(p, ec);
        if (!ec) p = target;
    }
    return p;
}

std::string stagingPrefix(const fs::path& root) { return "." + root.filename().string() + ".forestsink-staging-"; }

// Whether replacing `dir` loses nothing of the user's: it does not exist, is
// empty, or is a set an earlier run wrote.
bool replaceable(const fs::path& dir) {
    std::error_code ec;
    if (!fs::exists(dir, ec)) return true;
    if (fs::is_empty(dir, ec) && !ec) return true;
    for (const char* f : {OutputFolder::kMarker, "run.json", "comparison.csv"})
        if (fs::is_regular_file(dir / f, ec)) return true;
    return false;
}

void refuseUnlessReplaceable(const fs::path& dir) {
    if (!replaceable(dir))
        throw Error(fmt::format("{} exists and is not a forestsink output folder; choose an empty or new --out",
                                dir.string()));
}

std::string readPid(int fd) {
    // The holder writes its pid right after taking the lock: wait a moment for it.
    for (int attempt = 0; attempt < 20; ++attempt) {
        char buffer[32] = {};
        const ssize_t n = ::pread(fd, buffer, sizeof buffer - 1, 0);
        std::string s(buffer, n > 0 ? static_cast<std::size_t>(n) : 0);
        while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
        if (!s.empty()) return s;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return "unknown";
}

// flock on PARENT/.NAME.forestsink-lock, held until the folder is destroyed. The
// lock file stays: removing it would let two runs lock two different files.
int takeLock(const fs::path& root) {
    const fs::path lockPath = root.parent_path() / ("." + root.filename().string() + ".forestsink-lock");
    const int fd = ::open(lockPath.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0)
        throw Error(fmt::format("{}: the output folder cannot be written (check its permissions): {}: {}",
                                root.string(), lockPath.string(), std::strerror(errno)));
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        const int e = errno;
        const std::string pid = e == EWOULDBLOCK ? readPid(fd) : "";
        ::close(fd);
        if (e == EWOULDBLOCK)
            throw Error(fmt::format("another forestsink run (pid {}) is writing {}", pid, root.string()));
        throw Error(fmt::format("{}: cannot lock {} ({})", root.string(), lockPath.string(), std::strerror(e)));
    }
    const std::string pid = std::to_string(::getpid()) + "\n";
    if (::ftruncate(fd, 0) != 0 || ::pwrite(fd, pid.data(), pid.size(), 0) != static_cast<ssize_t>(pid.size())) {
        // The lock holds without the pid; a second run then names pid "unknown".
    }
    return fd;
}

// Removes PARENT/.NAME.forestsink-staging-PID folders whose process is gone.
void removeStaleStaging(const fs::path& root) {
    const std::string prefix = stagingPrefix(root);
    std::vector<fs::path> stale;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(root.parent_path(), ec)) {
        const std::string n = e.path().filename().string();
        if (n.size() <= prefix.size() || n.compare(0, prefix.size(), prefix) != 0) continue;
        const std::string digits = n.substr(prefix.size());
        if (digits.size() > 9 || !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
            continue;
        const pid_t pid = static_cast<pid_t>(std::stol(digits));
        if (pid == ::getpid() || (::kill(pid, 0) == -1 && errno == ESRCH)) stale.push_back(e.path());
    }
    for (const auto& p : stale) fs::remove_all(p, ec);
}

}  // namespace

OutputFolder::OutputFolder(const fs::path& root) : root_(normalRoot(root)) {
    std::error_code ec;
    if (fs::exists(root_, ec) && !fs::is_directory(root_, ec))
        throw Error(fmt::format("{}: output folder is a file, not a folder", root_.string()));
    fs::create_directories(root_.parent_path(), ec);
    if (ec) throw Error(fmt::format("{}: cannot create the output folder ({})", root_.string(), ec.message()));
    lockFd_ = takeLock(root_);
    try {
        refuseUnlessReplaceable(root_);
        removeStaleStaging(root_);  // our own pid's too: a leftover of an earlier process
        staging_ = root_.parent_path() / (stagingPrefix(root_) + std::to_string(::getpid()));
        scratch_ = staging_ / ".scratch";
        registerStagingFolder(staging_);
        {
            auto hold = holdStagingFolders();
            fs::create_directory(staging_, ec);
        }
        // GDAL's temporary files (the COG driver's overviews) go to the scratch
        // folder, not the working directory, and leave with the staging folder.
        fs::create_directory(scratch_, ec);
        if (const char* previous = CPLGetConfigOption("CPL_TMPDIR", nullptr)) previousTmpDir_ = previous;
        CPLSetConfigOption("CPL_TMPDIR", scratch_.c_str());
        tmpDirSet_ = true;
        std::ofstream marker(staging_ / kMarker);
        marker << "forestsink output set: a later forestsink run into this folder replaces it whole.\n";
        marker.close();
        if (ec || !marker)
            throw Error(fmt::format("{}: the output folder cannot be written (check its permissions)", root_.string()));
    } catch (...) {
        cleanUp();
        throw;
    }
}

OutputFolder::OutputFolder(OutputFolder& parent, const std::string& name)
    : root_(parent.root_ / name), staging_(parent.staging_ / name), scratch_(parent.scratch_ / name),
      parent_(&parent) {
    auto hold = holdStagingFolders();
    fs::create_directories(staging_);
}

OutputFolder OutputFolder::subfolder(const std::string& name) { return OutputFolder(*this, name); }

OutputFolder::OutputFolder(const fs::path& root, const fs::path& stagingOfOwner)
    : root_(normalRoot(root)), staging_(stagingOfOwner), scratch_(stagingOfOwner / ".scratch"), ownedElsewhere_(true) {
    std::error_code ec;
    if (!fs::is_directory(staging_, ec))
        throw Error(fmt::format("{}: the staging folder {} of this output set cannot be seen here; MPI ranks need "
                                "--out on a file system they share",
                                root_.string(), staging_.string()));
    if (const char* previous = CPLGetConfigOption("CPL_TMPDIR", nullptr)) previousTmpDir_ = previous;
    CPLSetConfigOption("CPL_TMPDIR", scratch_.c_str());
    tmpDirSet_ = true;
}


void OutputFolder::cleanUp() {
    if (parent_) return;  // the top folder removes the whole tree
    if (!staging_.empty() && !ownedElsewhere_) {
        {
            auto hold = holdStagingFolders();  // waits for good once a stop signal has removed it
            std::error_code ec;
            fs::remove_all(staging_, ec);
        }
        unregisterStagingFolder(staging_);
    }
    if (tmpDirSet_) CPLSetConfigOption("CPL_TMPDIR", previousTmpDir_ ? previousTmpDir_->c_str() : nullptr);
    tmpDirSet_ = false;
    if (lockFd_ >= 0) ::close(lockFd_);
    lockFd_ = -1;
}

OutputFolder::~OutputFolder() { cleanUp(); }

fs::path OutputFolder::stagingPath(const std::string& relative) {
    const fs::path p = staging_ / relative;
    {
        auto hold = holdStagingFolders();
        fs::create_directories(p.parent_path());
    }
    if (std::find(files_.begin(), files_.end(), relative) == files_.end()) files_.push_back(relative);
    return p;
}

fs::path OutputFolder::scratchPath(const std::string& name) {
    auto hold = holdStagingFolders();
    fs::create_directories(scratch_);
    return scratch_ / name;
}

bool OutputFolder::has(const std::string& relative) const {
    return std::find(files_.begin(), files_.end(), relative) != files_.end();
}

void OutputFolder::commit() {
    if (parent_) {  // committed with the top folder
        committed_ = true;
        return;
    }
    if (ownedElsewhere_) throw Error(fmt::format("{}: only the process that staged this output set commits it", root_.string()));
    std::error_code ec;
    auto hold = holdStagingFolders();
    fs::remove_all(scratch_, ec);
    // The lock keeps other forestsink runs out, not the user: check again.
    refuseUnlessReplaceable(root_);
    const bool replacing = fs::exists(root_, ec);
    const int rc = replacing ? ::renameat2(AT_FDCWD, staging_.c_str(), AT_FDCWD, root_.c_str(), RENAME_EXCHANGE)
                             : ::rename(staging_.c_str(), root_.c_str());
    if (rc != 0) {
        const int e = errno;
        throw Error(fmt::format("{}: cannot put the new outputs in place ({}); the previous outputs are untouched",
                                root_.string(), std::strerror(e)));
    }
    committed_ = true;
    fs::remove_all(staging_, ec);  // the previous set, now under the staging name
}

}  // namespace forestsink
