#include "app/Progress.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>

namespace forestsink {
namespace {

std::string duration(double seconds) {
    const auto s = static_cast<long>(std::lround(std::max(0.0, seconds)));
    return s >= 3600 ? fmt::format("{}h{:02d}m", s / 3600, static_cast<int>(s % 3600 / 60))
                     : fmt::format("{}m{:02d}s", s / 60, static_cast<int>(s % 60));
}

}  // namespace

Progress::Mode Progress::modeFor(bool quiet) {
    if (quiet) return Mode::Off;
    return ::isatty(STDERR_FILENO) ? Mode::Bar : Mode::Lines;
}

Progress::Progress(Mode mode, std::ostream& out) : mode_(mode), out_(out) {}

Progress::~Progress() { clearLine(); }

void Progress::stage(const std::string& name, double total) {
    if (mode_ == Mode::Off) return;
    std::lock_guard lock(mutex_);
    stage_ = name;
    detail_.clear();
    total_ = std::max(total, 1e-9);
    done_ = 0;
    stageStart_ = Clock::now();
    drawLocked(true);
}

void Progress::advance(double units) {
    if (mode_ == Mode::Off) return;
    std::lock_guard lock(mutex_);
    done_ = std::min(total_, done_ + units);
    drawLocked(false);
}

void Progress::detail(const std::string& text) {
    if (mode_ == Mode::Off) return;
    std::lock_guard lock(mutex_);
    detail_ = text;
}

void Progress::endStage() {
    if (mode_ == Mode::Off) return;
    std::lock_guard lock(mutex_);
    done_ = total_;
    drawLocked(true);
    if (mode_ == Mode::Bar && barShown_) out_ << "\n" << std::flush;
    barShown_ = false;
}

void Progress::clearLine() {
    if (mode_ != Mode::Bar) return;
    std::lock_guard lock(mutex_);
    if (barShown_) out_ << "\r\033[K" << std::flush;
    barShown_ = false;
}

void Progress::drawLocked(bool force) {
    const auto now = Clock::now();
    const double sinceDraw = std::chrono::duration<double>(now - lastDraw_).count();
    if (!force && sinceDraw < (mode_ == Mode::Bar ? 0.25 : 30.0)) return;
    lastDraw_ = now;
    const double elapsed = std::chrono::duration<double>(now - stageStart_).count();
    const double fraction = done_ / total_;
    // Time left at the stage's average rate so far.
    const std::string eta = fraction > 0.01 && fraction < 1 ? ", ETA " + duration(elapsed * (1 - fraction) / fraction)
                            : fraction >= 1               ? ""
                                                          : ", ETA …";
    const std::string what = detail_.empty() ? stage_ : stage_ + " " + detail_;
    if (mode_ == Mode::Lines) {
        out_ << fmt::format("progress: {} {:.0f} % ({} elapsed{})\n", what, 100 * fraction, duration(elapsed), eta)
             << std::flush;
        return;
    }
    constexpr int kWidth = 30;
    const int filled = static_cast<int>(kWidth * fraction);
    out_ << fmt::format("\r\033[K{:<28.28} [{}{}] {:3.0f} % {}{}", what, std::string(filled, '#'),
                        std::string(kWidth - filled, '-'), 100 * fraction, duration(elapsed), eta)
         << std::flush;
    barShown_ = true;
}

}  // namespace forestsink
