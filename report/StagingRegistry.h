#pragma once
// The staging folders this process is writing, so that a stop signal can remove
// them. OutputFolder registers and unregisters its own; app/StopSignals calls
// removeStagingFoldersForStop() from its signal thread.
//
// One mutex guards the registry and every change to a staging tree's folders
// (creating them, swapping a finished set into place, removing one). Once a stop
// has removed the folders it keeps the mutex for good: a thread that would
// create a folder, commit or clean up waits until the process exits, so nothing
// is recreated or swapped in after the removal.
#include <filesystem>
#include <mutex>

namespace forestsink {

void registerStagingFolder(const std::filesystem::path& dir);
void unregisterStagingFolder(const std::filesystem::path& dir);

// Holds the mutex for its lifetime.
std::unique_lock<std::mutex> holdStagingFolders();

// Removes every registered folder and keeps the mutex (see above). For the
// signal thread only; it must exit the process right after.
void removeStagingFoldersForStop();

}  // namespace forestsink
