// The I/O floor of a run: the time GDAL alone takes to read a run's inputs and
// to write its output rasters with the same creation options, on the same
// number of threads (one dataset per thread, as the run does). The benchmark
// script compares a run's total time with this.
//
//   bench_gdal_io --threads 2 --tile-rows 64 --out-dir SCRATCH --inputs a.tif b.tif … --outputs x.tif y.tif …
//                 [--state-bytes N]
//
// Inputs are read in tiles of whole rows, every layer of a tile by the same
// thread; outputs are loaded into memory untimed, then written as COGs, one
// file per thread at a time, and the write time is what is counted.
// --state-bytes: first, and timed on its own, the first write of that many
// bytes of fresh memory (the run's state, from its run.json), held while the
// inputs are read as a run holds its state: any program that keeps the
// inputs in memory pays it, and on a virtual machine whose host hands pages
// back lazily it can cost more than reading the files.
#include "raster/Gdal.h"
#include "raster/GeoTiffWriter.h"
#include "common/Prefault.h"
#include "common/ThreadRunner.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <tbb/enumerable_thread_specific.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <iostream>
#include <memory>
#include <vector>

using namespace forestsink;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

double readInputs(const std::vector<std::string>& inputs, const ThreadRunner& runner) {
    auto first = openRaster(inputs.front(), "input");
    const int cols = first->GetRasterXSize(), rows = first->GetRasterYSize();
    tbb::enumerable_thread_specific<std::vector<GDALDatasetUniquePtr>> handles;
    const auto start = Clock::now();
    runner.forEachTile(rows, [&](int row, int count) {
        auto& ds = handles.local();
        if (ds.empty())
            for (const auto& f : inputs) ds.push_back(openRaster(f, "input"));
        for (auto& d : ds) {
            GDALRasterBand* band = d->GetRasterBand(1);
            const GDALDataType type = band->GetRasterDataType();
            std::vector<GByte> buffer(static_cast<std::size_t>(cols) * count * GDALGetDataTypeSizeBytes(type));
            if (band->RasterIO(GF_Read, 0, row, cols, count, buffer.data(), cols, count, type, 0, 0, nullptr) != CE_None)
                throw std::runtime_error("read failed: " + lastGdalError());
        }
    });
    return since(start);
}

// Maps `bytes` of fresh memory and writes it once (MADV_POPULATE_WRITE, as
// the run's reader does), in slices shared by the threads; returns the time.
double populate(std::size_t bytes, std::unique_ptr<char[]>& held, const ThreadRunner& runner) {
    if (bytes == 0) return 0.0;
    held.reset(new char[bytes]);  // uninitialised: no page is touched yet
    constexpr std::size_t kSlice = std::size_t{64} << 20;
    const int slices = static_cast<int>((bytes + kSlice - 1) / kSlice);
    const auto start = Clock::now();
    runner.forEachTile(slices, [&](int first, int count) {
        for (int s = first; s < first + count; ++s) {
            const std::size_t begin = static_cast<std::size_t>(s) * kSlice;
            prefaultForWriting(held.get() + begin, std::min(kSlice, bytes - begin));
        }
    });
    return since(start);
}

double writeOutputs(const std::vector<std::string>& outputs, const fs::path& outDir, const ThreadRunner& runner) {
    double seconds = 0;
    GDALDriver* mem = GetGDALDriverManager()->GetDriverByName("MEM");
    for (std::size_t first = 0; first < outputs.size(); first += runner.threads()) {
        const std::size_t last = std::min(outputs.size(), first + runner.threads());
        std::vector<GDALDatasetUniquePtr> loaded(last - first);
        std::vector<std::function<void()>> loads, writes;
        for (std::size_t i = first; i < last; ++i) {
            loads.push_back([&, i] {
                auto src = openRaster(outputs[i], "output");
                loaded[i - first].reset(mem->CreateCopy("", src.get(), FALSE, nullptr, nullptr, nullptr));
            });
            writes.push_back([&, i] {
                GDALDataset& src = *loaded[i - first];
                // The resampling the run used, as it recorded it.
                const char* recorded = src.GetMetadataItem("OVERVIEW_RESAMPLING");
                const auto resampling = overviewResamplingOf(recorded ? recorded : "");
                if (!resampling) throw std::runtime_error(outputs[i] + ": no OVERVIEW_RESAMPLING metadata");
                writeCog(outDir / fs::path(outputs[i]).filename(), src, *resampling);
            });
        }
        runner.runAll(loads);  // untimed
        const auto start = Clock::now();
        runner.runAll(writes);
        seconds += since(start);
    }
    return seconds;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"bench_gdal_io: GDAL's own time to read a run's inputs and write its outputs"};
    int threads = 2, tileRows = 64;
    std::string outDir;
    std::vector<std::string> inputs, outputs;
    std::size_t stateBytes = 0;
    app.add_option("--threads", threads)->capture_default_str();
    app.add_option("--tile-rows", tileRows)->capture_default_str();
    app.add_option("--out-dir", outDir)->required();
    app.add_option("--inputs", inputs)->required();
    app.add_option("--outputs", outputs)->required();
    app.add_option("--state-bytes", stateBytes, "fresh memory to write first (a run's memory.state_bytes)")
        ->capture_default_str();
    CLI11_PARSE(app, argc, argv);
    initGdal();
    fs::create_directories(outDir);
    const ThreadRunner runner(threads, tileRows);
    std::unique_ptr<char[]> state;
    const double fresh = populate(stateBytes, state, runner);
    const double read = readInputs(inputs, runner);
    state.reset();
    const double write = writeOutputs(outputs, outDir, runner);
    fmt::print("{{\"read_inputs_s\": {:.3f}, \"write_outputs_s\": {:.3f}, \"total_s\": {:.3f}, \"inputs\": {}, "
               "\"outputs\": {}, \"threads\": {}, \"state_bytes\": {}, \"populate_state_s\": {:.3f}}}\n",
               read, write, read + write, inputs.size(), outputs.size(), threads, stateBytes, fresh);
    return 0;
}
