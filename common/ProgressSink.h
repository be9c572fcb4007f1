#pragma once
// What long work reports as it goes: stages of a known amount of work, units
// done, and what the current unit is. The engine and the writers report to
// this interface; the command line draws it (app/Progress). Implementations
// must accept advance() from any thread.
#include <string>

namespace forestsink {

class ProgressSink {
public:
    virtual ~ProgressSink() = default;
    // Starts a stage of `total` units of work (rows, years, runs…).
    virtual void stage(const std::string& name, double total) = 0;
    // Adds done units to the current stage; safe from any thread.
    virtual void advance(double units = 1) = 0;
    // Says what the current unit is (e.g. the year).
    virtual void detail(const std::string& text) = 0;
    // Ends the current stage.
    virtual void endStage() = 0;
};

}  // namespace forestsink
