#pragma once
// The console of a run: its lines on stdout, and the progress bar on stderr
// that they must not overwrite. Silent when `out` is null (--quiet).
#include "app/Progress.h"

#include <fmt/format.h>
#include <fmt/ostream.h>

#include <iostream>
#include <ostream>

namespace forestsink {

struct Console {
    std::ostream* out = nullptr;
    Progress* progress = nullptr;

    template <typename... Args>
    void say(fmt::format_string<Args...> f, Args&&... args) const {
        if (!out) return;
        if (progress) progress->clearLine();
        fmt::print(*out, f, std::forward<Args>(args)...);
        out->flush();
    }

    // A warning, on stderr (silent with --quiet, like every other line).
    template <typename... Args>
    void warn(fmt::format_string<Args...> f, Args&&... args) const {
        if (!out) return;
        if (progress) progress->clearLine();
        out->flush();
        fmt::print(std::cerr, "warning: {}\n", fmt::format(f, std::forward<Args>(args)...));
        std::cerr.flush();
    }
};

}  // namespace forestsink
