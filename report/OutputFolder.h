#pragma once
// The output folder of a run. Files are written under a staging folder inside
// it and moved to their final names only by commit(), once the whole run has
// succeeded; if the run fails, the staging folder is removed and no file
// appears under a final name.
#include <filesystem>
#include <string>
#include <vector>

namespace forestsink {

class OutputFolder {
public:
    // Creates the folder if needed; throws Error if it cannot be written.
    explicit OutputFolder(const std::filesystem::path& root);
    ~OutputFolder();
    OutputFolder(const OutputFolder&) = delete;
    OutputFolder& operator=(const OutputFolder&) = delete;

    // Where to write `relative` (e.g. "rasters/volume_2020.tif") now.
    std::filesystem::path stagingPath(const std::string& relative);
    // A path for a file the run needs only while it runs (never committed;
    // removed with the staging folder).
    std::filesystem::path scratchPath(const std::string& name);
    // Whether `relative` has been staged (without staging it).
    bool has(const std::string& relative) const;
    // Moves every staged file to its final name.
    void commit();

    const std::filesystem::path& root() const { return root_; }
    const std::vector<std::string>& files() const { return files_; }

private:
    std::filesystem::path root_;
    std::filesystem::path staging_;
    std::vector<std::string> files_;
    bool committed_ = false;
};

}  // namespace forestsink
