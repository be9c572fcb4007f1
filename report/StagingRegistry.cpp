#include "report/StagingRegistry.h"

#include <algorithm>
#include <string>
#include <vector>

namespace forestsink {

namespace fs = std::filesystem;

namespace {

std::mutex& registryMutex() {
    static std::mutex m;
    return m;
}

std::vector<fs::path>& registry() {
    static std::vector<fs::path> folders;
    return folders;
}

}  // namespace

void registerStagingFolder(const fs::path& dir) {
    std::lock_guard lock(registryMutex());
    registry().push_back(dir);
}

void unregisterStagingFolder(const fs::path& dir) {
    std::lock_guard lock(registryMutex());
    auto& r = registry();
    r.erase(std::remove(r.begin(), r.end(), dir), r.end());
}

std::unique_lock<std::mutex> holdStagingFolders() { return std::unique_lock(registryMutex()); }

void removeStagingFoldersForStop() {
    registryMutex().lock();  // never unlocked: the process exits next
    for (const auto& dir : registry()) {
        // A worker may still be closing a file in it; try again a few times.
        for (int attempt = 0; attempt < 5; ++attempt) {
            std::error_code ec;
            fs::remove_all(dir, ec);
            if (!fs::exists(dir, ec)) break;
        }
    }
}

}  // namespace forestsink
