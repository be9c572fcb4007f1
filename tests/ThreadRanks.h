#pragma once
// A stand-in for the ranks of an MPI job, for tests: N ranks as N threads of
// this process, with the engine's collectives (common/ProcessGroup.h) done
// through shared memory and a barrier. A run split into bands can so be
// checked against one process without mpirun.
#include "common/ProcessGroup.h"

#include <barrier>
#include <cstring>
#include <functional>
#include <thread>
#include <vector>

namespace forestsink::test {

class ThreadRanks {
public:
    explicit ThreadRanks(int size) : size_(size), barrier_(size), slots_(static_cast<std::size_t>(size)) {}

    // Runs body(group) on `size` threads at once, one rank each.
    void run(const std::function<void(const ProcessGroup&)>& body) {
        std::vector<std::thread> threads;
        for (int r = 0; r < size_; ++r)
            threads.emplace_back([this, r, &body] { body(Rank(*this, r)); });
        for (auto& t : threads) t.join();
    }

private:
    struct Slot {
        void* data = nullptr;
        std::size_t rowBytes = 0;
        int firstRow = 0, rowCount = 0;
        uint64_t andBits = 0, orBits = 0;
    };

    class Rank final : public ProcessGroup {
    public:
        Rank(ThreadRanks& all, int rank) : all_(all), rank_(rank) {}
        int rank() const override { return rank_; }
        int size() const override { return all_.size_; }
        void barrier() const override { all_.barrier_.arrive_and_wait(); }

        void sumOnAll(std::vector<int64_t>& values) const override {
            mine().data = &values;
            barrier();
            std::vector<int64_t> sum(values.size(), 0);
            for (const Slot& s : all_.slots_) {
                const auto& v = *static_cast<std::vector<int64_t>*>(s.data);
                for (std::size_t k = 0; k < sum.size(); ++k) sum[k] += v.at(k);
            }
            barrier();  // every rank has read every other's values
            values = std::move(sum);
        }

        void andOrOnAll(uint64_t& andBits, uint64_t& orBits) const override {
            mine().andBits = andBits, mine().orBits = orBits;
            barrier();
            for (const Slot& s : all_.slots_) andBits &= s.andBits, orBits |= s.orBits;
            barrier();
        }

        // Each rank copies the others' own rows into its buffer: a rank's own
        // rows are only read, the rows it writes are only its own buffer's.
        void shareRows(void* rows, std::size_t rowBytes, int firstRow, int rowCount) const override {
            mine() = Slot{rows, rowBytes, firstRow, rowCount, 0, 0};
            barrier();
            for (int r = 0; r < all_.size_; ++r) {
                const Slot& s = all_.slots_[static_cast<std::size_t>(r)];
                if (r == rank_ || s.rowCount == 0) continue;
                const std::size_t at = static_cast<std::size_t>(s.firstRow) * rowBytes;
                std::memcpy(static_cast<char*>(rows) + at, static_cast<const char*>(s.data) + at,
                            static_cast<std::size_t>(s.rowCount) * rowBytes);
            }
            barrier();
        }

        // Rank r adds its rows in turn r to the running total the previous rank left.
        void addInRankOrder(std::vector<double>& running,
                            const std::function<void(std::vector<double>&)>& addMine) const override {
            for (int turn = 0; turn < all_.size_; ++turn) {
                if (turn == rank_) {
                    if (rank_ > 0) running = all_.chain_;
                    addMine(running);
                    all_.chain_ = running;
                }
                barrier();
            }
            running = all_.chain_;
            barrier();  // every rank has its copy before the next chain starts
        }

    private:
        Slot& mine() const { return all_.slots_[static_cast<std::size_t>(rank_)]; }
        ThreadRanks& all_;
        int rank_;
    };

    int size_;
    std::barrier<> barrier_;
    std::vector<Slot> slots_;
    std::vector<double> chain_;  // addInRankOrder's running total
};

}  // namespace forestsink::test
