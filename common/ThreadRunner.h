#pragma once
// Runs a function over the tiles (bands of whole rows) of a grid, in parallel
// with oneTBB inside an arena of N threads, or serially on the calling thread
// when N = 1 (for debugging and determinism tests). Which thread runs a tile
// never changes a result: per-tile work writes only its own rows.
#include <tbb/task_arena.h>

#include <functional>
#include <memory>
#include <vector>

namespace forestsink {

class ThreadRunner {
public:
    ThreadRunner(int threads, int tileRows);

    int threads() const { return threads_; }
    int tileRows() const { return tileRows_; }
    bool serial() const { return threads_ == 1; }

    // fn(firstRow, rowCount) for every tile of a grid of `rows` rows.
    void forEachTile(int rows, const std::function<void(int, int)>& fn) const;
    // Runs independent jobs, in parallel inside the arena or one after the
    // other when serial.
    void runAll(const std::vector<std::function<void()>>& jobs) const;

private:
    int threads_;
    int tileRows_;
    std::unique_ptr<tbb::task_arena> arena_;
};

}  // namespace forestsink
