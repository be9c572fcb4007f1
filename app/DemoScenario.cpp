#include "app/DemoScenario.h"

#include "common/Error.h"

#include <cstdlib>

namespace forestsink {

namespace fs = std::filesystem;

fs::path demoScenarioPath() {
    const fs::path relative = fs::path("scenarios") / "yunnan-plan-2011-2020.toml";
    if (const char* env = std::getenv("FORESTSINK_DEMO_SCENARIO")) return env;
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec)
        for (fs::path dir = exe.parent_path(); !dir.empty() && dir != dir.root_path(); dir = dir.parent_path())
            if (fs::exists(dir / relative)) return dir / relative;
    const fs::path source = fs::path(FORESTSINK_SOURCE_DIR) / relative;
    if (fs::exists(source)) return source;
    throw Error("the built-in demo scenario (" + relative.string() +
                ") was not found; give a scenario file or set FORESTSINK_DEMO_SCENARIO");
}

}  // namespace forestsink
