#include "mpi/MpiProcessGroup.h"

#include "common/Error.h"

#include <fmt/format.h>
#include <mpi.h>

#include <chrono>
#include <climits>
#include <thread>

namespace forestsink {
namespace {

// MPI counts are ints: a message of 2 GiB or more is a bug of ours, not the user's.
int byteCount(std::size_t n) {
    if (n > static_cast<std::size_t>(INT_MAX)) throw Error(fmt::format("an MPI message of {} bytes is too long", n));
    return static_cast<int>(n);
}

// Waits for a request without spinning: Open MPI's blocking calls poll a
// core at full speed, which would take it from the threads of a rank still
// at work on the same machine (rank 0 runs the main simulation while the
// others wait for it). Short sleeps first: most waits in a run split into
// bands are short.
void waitFor(MPI_Request& request) {
    for (int done = 0, k = 0;; ++k) {
        MPI_Test(&request, &done, MPI_STATUS_IGNORE);
        if (done) return;
        std::this_thread::sleep_for(k < 100 ? std::chrono::microseconds(50) : std::chrono::microseconds(2000));
    }
}

void waitForAllRanks() {
    MPI_Request request;
    MPI_Ibarrier(MPI_COMM_WORLD, &request);
    waitFor(request);
}

// Adds a collective's wall time and payload to a rank's traffic when it ends.
class Metered {
public:
    Metered(ProcessGroup::Traffic& t, std::size_t sent, std::size_t received) : t_(t), start_(Clock::now()) {
        t_.bytesSent += sent;
        t_.bytesReceived += received;
        ++t_.calls;
    }
    ~Metered() { t_.seconds += std::chrono::duration<double>(Clock::now() - start_).count(); }
    Metered(const Metered&) = delete;
    Metered& operator=(const Metered&) = delete;

private:
    using Clock = std::chrono::steady_clock;
    ProcessGroup::Traffic& t_;
    Clock::time_point start_;
};

class MpiProcessGroup final : public ProcessGroup {
public:
    MpiProcessGroup() {
        MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
        MPI_Comm_size(MPI_COMM_WORLD, &size_);
        MPI_Comm local;
        MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, rank_, MPI_INFO_NULL, &local);
        MPI_Comm_size(local, &sizeOnMachine_);
        MPI_Comm_free(&local);
    }
    ~MpiProcessGroup() override { MPI_Finalize(); }

    int rank() const override { return rank_; }
    int size() const override { return size_; }
    int sizeOnThisMachine() const override { return sizeOnMachine_; }

    Traffic traffic() const override { return traffic_; }

    std::vector<std::string> gatherToFirst(std::string bytes) const override {
        const Metered meter(traffic_, rank_ == 0 ? 0 : bytes.size(), 0);
        waitForAllRanks();
        const int mine = byteCount(bytes.size());
        std::vector<int> counts(rank_ == 0 ? size_ : 0), offsets(counts.size());
        MPI_Gather(&mine, 1, MPI_INT, counts.data(), 1, MPI_INT, 0, MPI_COMM_WORLD);
        std::string all;
        if (rank_ == 0) {
            std::size_t total = 0;
            for (int r = 0; r < size_; ++r) offsets[r] = byteCount(total), total += counts[r];
            all.resize(total);
            traffic_.bytesReceived += total - bytes.size();
        }
        MPI_Gatherv(bytes.data(), mine, MPI_BYTE, all.data(), counts.data(), offsets.data(), MPI_BYTE, 0,
                    MPI_COMM_WORLD);
        std::vector<std::string> each;
        for (int r = 0; r < static_cast<int>(counts.size()); ++r) each.push_back(all.substr(offsets[r], counts[r]));
        return each;
    }

    std::string broadcastFromFirst(std::string bytes) const override {
        const Metered meter(traffic_, 0, 0);
        waitForAllRanks();
        int n = byteCount(bytes.size());
        MPI_Bcast(&n, 1, MPI_INT, 0, MPI_COMM_WORLD);
        bytes.resize(static_cast<std::size_t>(n));
        (rank_ == 0 ? traffic_.bytesSent : traffic_.bytesReceived) += static_cast<std::size_t>(n);
        MPI_Bcast(bytes.data(), n, MPI_BYTE, 0, MPI_COMM_WORLD);
        return bytes;
    }

    void barrier() const override {
        const Metered meter(traffic_, 0, 0);
        waitForAllRanks();
    }

    void sumOnAll(std::vector<int64_t>& values) const override {
        const std::size_t bytes = values.size() * sizeof(int64_t);
        const Metered meter(traffic_, bytes, bytes);
        MPI_Allreduce(MPI_IN_PLACE, values.data(), byteCount(values.size()), MPI_INT64_T, MPI_SUM, MPI_COMM_WORLD);
    }

    void andOrOnAll(uint64_t& andBits, uint64_t& orBits) const override {
        const Metered meter(traffic_, 2 * sizeof(uint64_t), 2 * sizeof(uint64_t));
        MPI_Allreduce(MPI_IN_PLACE, &andBits, 1, MPI_UINT64_T, MPI_BAND, MPI_COMM_WORLD);
        MPI_Allreduce(MPI_IN_PLACE, &orBits, 1, MPI_UINT64_T, MPI_BOR, MPI_COMM_WORLD);
    }

    void shareRows(void* rows, std::size_t rowBytes, int firstRow, int rowCount) const override {
        const Metered meter(traffic_, static_cast<std::size_t>(rowCount) * rowBytes, 0);
        const int mine[2] = {firstRow, rowCount};
        std::vector<int> bands(2 * static_cast<std::size_t>(size_));
        MPI_Allgather(mine, 2, MPI_INT, bands.data(), 2, MPI_INT, MPI_COMM_WORLD);
        std::vector<int> first(size_), count(size_);
        for (int r = 0; r < size_; ++r) first[r] = bands[2 * r], count[r] = bands[2 * r + 1];
        for (int r = 0; r < size_; ++r)
            if (r != rank_) traffic_.bytesReceived += static_cast<std::size_t>(count[r]) * rowBytes;
        // Counted in rows (a datatype of one row), so a band of many rows never overflows an int.
        MPI_Datatype row;
        MPI_Type_contiguous(byteCount(rowBytes), MPI_BYTE, &row);
        MPI_Type_commit(&row);
        MPI_Allgatherv(MPI_IN_PLACE, 0, MPI_DATATYPE_NULL, rows, count.data(), first.data(), row, MPI_COMM_WORLD);
        MPI_Type_free(&row);
    }

    void addInRankOrder(std::vector<double>& running,
                        const std::function<void(std::vector<double>&)>& addMine) const override {
        const int n = byteCount(running.size());
        const std::size_t bytes = running.size() * sizeof(double);
        const Metered meter(traffic_, rank_ + 1 < size_ ? bytes : 0, rank_ > 0 ? bytes : 0);
        constexpr int kTag = 7;
        if (rank_ > 0) {
            MPI_Request request;
            MPI_Irecv(running.data(), n, MPI_DOUBLE, rank_ - 1, kTag, MPI_COMM_WORLD, &request);
            waitFor(request);
        }
        addMine(running);
        if (rank_ + 1 < size_) MPI_Send(running.data(), n, MPI_DOUBLE, rank_ + 1, kTag, MPI_COMM_WORLD);
        waitForAllRanks();  // without spinning while the chain passes through the others
        MPI_Bcast(running.data(), n, MPI_DOUBLE, size_ - 1, MPI_COMM_WORLD);
        traffic_.bytesReceived += rank_ + 1 < size_ ? bytes : 0;
        traffic_.bytesSent += rank_ + 1 == size_ ? bytes * static_cast<std::size_t>(size_ - 1) : 0;
    }

    void abortAll(int exitCode) const override { MPI_Abort(MPI_COMM_WORLD, exitCode); }

private:
    int rank_ = 0, size_ = 1, sizeOnMachine_ = 1;
    mutable Traffic traffic_;  // only the main thread calls MPI
};

}  // namespace

std::unique_ptr<ProcessGroup> joinMpiJob(int& argc, char**& argv) {
    if (!launchedByMpi()) return nullptr;
    // Only the main thread calls MPI; the worker threads (oneTBB) never do.
    int provided = 0;
    MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided);
    return std::make_unique<MpiProcessGroup>();
}

}  // namespace forestsink
