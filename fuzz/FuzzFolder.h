#pragma once
// A per-process folder laid out like the source tree (scenarios/ holding the
// shipped scenario files, species/ and data/ beside it, as symbolic links),
// so that a fuzzed scenario or batch written into its scenarios/ resolves
// "../species/…" and "yunnan-baseline.toml" as a shipped one does. The
// loaders take paths, so each input is written to a file there first.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace forestsink::fuzz {

inline const std::filesystem::path& fuzzFolder() {
    namespace fs = std::filesystem;
    static const fs::path folder = [] {
        const char* tmp = std::getenv("TMPDIR");
        const fs::path root = fs::path(tmp ? tmp : "/tmp") / ("forestsink-fuzz-" + std::to_string(::getpid()));
        const fs::path source = FORESTSINK_SOURCE_DIR;
        fs::create_directories(root / "scenarios");
        for (const char* d : {"species", "data"}) fs::create_directory_symlink(source / d, root / d);
        for (const auto& e : fs::directory_iterator(source / "scenarios"))
            if (e.path().extension() == ".toml") fs::create_symlink(e.path(), root / "scenarios" / e.path().filename());
        std::atexit([] { std::error_code ec; fs::remove_all(fuzzFolder(), ec); });
        return root;
    }();
    return folder;
}

// Writes the fuzzer's bytes to scenarios/NAME in the fuzz folder.
inline std::filesystem::path writeInput(const std::string& name, const uint8_t* data, std::size_t size) {
    const std::filesystem::path path = fuzzFolder() / "scenarios" / name;
    std::ofstream(path, std::ios::binary | std::ios::trunc).write(reinterpret_cast<const char*>(data),
                                                                    static_cast<std::streamsize>(size));
    return path;
}

}  // namespace forestsink::fuzz
