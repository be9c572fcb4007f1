#include "common/ThreadRunner.h"

#include "common/Error.h"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <fmt/format.h>

#include <atomic>
#include <exception>
#include <mutex>
#include <thread>

namespace forestsink {
namespace {

// Under ThreadSanitizer (tests/sanitizers/tsan_batch.sh) the tasks run on
// plain std::threads instead of oneTBB's scheduler: libtbb is not built with
// TSan, which then cannot see its hand-offs and reports TBB's own bookkeeping.
// The same tasks run at once, as many as the runner's threads; only the
// scheduler differs. `task(i)` for i in [0, count). As with oneTBB, the first
// exception stops the tasks not yet started and is rethrown to the caller.
[[maybe_unused]] void runOnPlainThreads(int threads, std::size_t count, const std::function<void(std::size_t)>& task) {
    std::atomic<std::size_t> next{0};
    std::mutex failureMutex;
    std::exception_ptr failure;
    std::vector<std::thread> workers;
    for (int w = 0; w < threads && static_cast<std::size_t>(w) < count; ++w)
        workers.emplace_back([&] {
            try {
                for (std::size_t i = next++; i < count; i = next++) task(i);
            } catch (...) {
                next = count;
                const std::lock_guard<std::mutex> lock(failureMutex);
                if (!failure) failure = std::current_exception();
            }
        });
    for (auto& w : workers) w.join();
    if (failure) std::rethrow_exception(failure);
}

#if defined(__SANITIZE_THREAD__)
constexpr bool kPlainThreads = true;
#else
constexpr bool kPlainThreads = false;
#endif

}  // namespace

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
    if (kPlainThreads) return runOnPlainThreads(threads_, static_cast<std::size_t>(tiles), [&](std::size_t t) {
        runTile(static_cast<int>(t));
    });
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
    if (kPlainThreads) return runOnPlainThreads(threads_, jobs.size(), [&](std::size_t i) { jobs[i](); });
    arena_->execute([&] {
        tbb::parallel_for(std::size_t{0}, jobs.size(), [&](std::size_t i) { jobs[i](); });
    });
}

}  // namespace forestsink
