#pragma once
// The output folder of a run: one set of files that replaces the previous set
// whole, or not at all.
//
// For --out DIR, the set is built in a sibling staging folder on the same file
// system, PARENT/.NAME.forestsink-staging-PID. commit() swaps it with DIR in one
// rename (renameat2 RENAME_EXCHANGE when DIR exists, then the previous set,
// now under the staging name, is removed; a plain rename when it does not). Until
// the swap succeeds the previous set is untouched; if the run fails or the swap
// fails, the staging folder is removed.
//
// Before any work the constructor
// - takes an advisory lock, flock on PARENT/.NAME.forestsink-lock: a second run
//   into the same DIR fails at once, naming the first one's pid;
// - refuses a DIR that exists, is not empty and is not a forestsink output set
//   (one holding the marker file .forestsink-output, or, from before the marker,
//   run.json or comparison.csv): it never replaces a user's folder;
// - removes staging folders of DIR left by processes that are no longer alive.
// The staging folder is registered (report/StagingRegistry.h) so that a stop
// signal removes it.
//
// A batch is one set: subfolder(name) stages a variant's files under NAME in
// the batch's staging tree; its commit does nothing of its own. In an MPI job
// rank 0 owns the set, and the other ranks write their variants into its
// staging tree (a shared file system).
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace forestsink {

class OutputFolder {
public:
    // The marker file every set holds.
    static constexpr const char* kMarker = ".forestsink-output";

    // Checks, locks and prepares DIR as above; throws Error with the reason.
    explicit OutputFolder(const std::filesystem::path& root);
    ~OutputFolder();
    OutputFolder(const OutputFolder&) = delete;
    OutputFolder& operator=(const OutputFolder&) = delete;

    // The set another process (MPI rank 0) stages at `staging` for `root`, for
    // this process to write subfolders into. It takes no lock, and commits and
    // removes nothing: its owner does.
    OutputFolder(const std::filesystem::path& root, const std::filesystem::path& stagingOfOwner);

    // A folder `name` inside this set, written and committed with it.
    OutputFolder subfolder(const std::string& name);

    // Where to write `relative` (e.g. "rasters/volume_2020.tif") now.
    std::filesystem::path stagingPath(const std::string& relative);
    // A path for a file the run needs only while it runs (never committed;
    // removed with the staging folder).
    std::filesystem::path scratchPath(const std::string& name);
    // Whether `relative` has been staged (without staging it).
    bool has(const std::string& relative) const;
    // Replaces the previous set with this one in one rename (see above).
    void commit();

    const std::filesystem::path& root() const { return root_; }
    const std::filesystem::path& stagingRoot() const { return staging_; }  // where root() is built until commit
    const std::vector<std::string>& files() const { return files_; }

private:
    OutputFolder(OutputFolder& parent, const std::string& name);
    void cleanUp();

    std::filesystem::path root_;
    std::filesystem::path staging_;  // the staging tree of this folder
    std::filesystem::path scratch_;  // inside the top staging tree, removed before the swap
    std::vector<std::string> files_;
    OutputFolder* parent_ = nullptr;  // set for a subfolder
    int lockFd_ = -1;
    std::optional<std::string> previousTmpDir_;  // GDAL's CPL_TMPDIR before this folder set it
    bool tmpDirSet_ = false;
    bool committed_ = false;
    bool ownedElsewhere_ = false;  // staged by another process, which commits or removes it
};

}  // namespace forestsink
