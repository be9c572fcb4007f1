#include "common/ThreadRunner.h"

#include "common/Error.h"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <fmt/format.h>

namespace forestsink {

ThreadRunner::ThreadRunner(int threads, int tileRows) : threads_(threads), tileRows_(tileRows) {
    if (threads < 1) throw Error(fmt::format("--threads {} is not allowed; give 1 or more", threads));
    if (tileRows < 1) throw Error(fmt::format("--tile-rows {} is not allowed; give 1 or more", tileRows));
    arena_ = std::make_unique<tbb::task_arena>(threads);
}

void ThreadRunner::forEachTile(int rows, const std::function<void(int, int)>& fn) const {
    const int tiles = (rows + tileRows_ - 1) / tileRows_;
    auto runTile = [&](int t) {
        const int first = t * tileRows_;
        fn(first, std::min(tileRows_, rows - first));
    };
    if (serial()) {
        for (int t = 0; t < tiles; ++t) runTile(t);
        return;
    }
    arena_->execute([&] {
        tbb::parallel_for(tbb::blocked_range<int>(0, tiles, 1), [&](const tbb::blocked_range<int>& r) {
            for (int t = r.begin(); t != r.end(); ++t) runTile(t);
        }, tbb::simple_partitioner());
    });
}

void ThreadRunner::runAll(const std::vector<std::function<void()>>& jobs) const {
    if (serial()) {
        for (const auto& job : jobs) job();
        return;
    }
    arena_->execute([&] {
        tbb::parallel_for(std::size_t{0}, jobs.size(), [&](std::size_t i) { jobs[i](); });
    });
}

}  // namespace forestsink
