#pragma once
// Progress of a long run, on stderr. On a terminal: a bar redrawn in place,
// with the stage, the elapsed time and an estimate of the time left. When
// stderr is not a terminal (logs, CI): a plain line when a stage starts, every
// 30 s, and when it ends. Off: nothing (--quiet).
#include "common/ProgressSink.h"

#include <chrono>
#include <mutex>
#include <ostream>
#include <string>

namespace forestsink {

class Progress final : public ProgressSink {
public:
    enum class Mode { Off, Bar, Lines };
    // Bar when stderr is a terminal, Lines otherwise; Off when quiet.
    static Mode modeFor(bool quiet);

    explicit Progress(Mode mode, std::ostream& out);
    ~Progress() override;
    Progress(const Progress&) = delete;
    Progress& operator=(const Progress&) = delete;

    // Starts a stage of `total` units of work (rows, years, runs…).
    void stage(const std::string& name, double total) override;
    // Adds done units to the current stage; safe from any thread.
    void advance(double units = 1) override;
    // Says what the current unit is (e.g. the year), shown with the bar.
    void detail(const std::string& text) override;
    // Ends the current stage (a final line in Lines mode).
    void endStage() override;
    // Clears the bar before other output is printed to the same terminal.
    void clearLine();

    Mode mode() const { return mode_; }

private:
    using Clock = std::chrono::steady_clock;
    void drawLocked(bool force);

    Mode mode_;
    std::ostream& out_;
    std::mutex mutex_;
    std::string stage_, detail_;
    double total_ = 0, done_ = 0;
    Clock::time_point stageStart_, lastDraw_;
    bool barShown_ = false;
};

}  // namespace forestsink
