#include "app/BatchResume.h"

#include "common/Error.h"
#include "common/TextFile.h"
#include "common/Version.h"
#include "report/Sha256.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <fstream>

namespace forestsink {

namespace fs = std::filesystem;

const std::string& FileHashes::of(const fs::path& file) {
    const std::string key = fs::weakly_canonical(file).string();
    auto it = hashes_.find(key);
    if (it == hashes_.end()) it = hashes_.emplace(key, sha256OfFile(file)).first;
    return it->second;
}

namespace {

// The input files of a scenario, by role (as run.json lists them).
std::vector<std::pair<std::string, fs::path>> inputFiles(const Scenario& s) {
    std::vector<std::pair<std::string, fs::path>> files = {{"scenario", s.file}, {"species_table", s.speciesTable}};
    for (const LayerSpec* layer : s.layers()) files.emplace_back("layer:" + layer->name, layer->path);
    if (s.regionNames) files.emplace_back("region_names", *s.regionNames);
    for (const auto& p : s.programmes) {
        if (p.eligible.raster) files.emplace_back("eligibility:" + p.name, p.eligible.raster->path);
        if (p.priorityRaster) files.emplace_back("priority:" + p.name, *p.priorityRaster);
    }
    if (s.baseline) files.emplace_back("baseline", *s.baseline);
    return files;
}

}  // namespace

std::string variantFingerprint(const BatchVariant& v, std::optional<int> draws, FileHashes& hashes) {
    // Contents, not paths: a moved input folder with the same files still matches.
    std::string text = fmt::format("forestsink {}\nparameters {}\ndraws {}\n", kVersion, v.parameters,
                                   draws ? std::to_string(*draws) : "scenario");
    for (const auto& [role, path] : inputFiles(v.scenario)) text += role + " " + hashes.of(path) + "\n";
    return sha256OfText(text);
}

fs::path doneFolder(const fs::path& outRoot) {
    return outRoot.parent_path() / ("." + outRoot.filename().string() + ".forestsink-done");
}

void linkTree(const fs::path& from, const fs::path& to) {
    for (const auto& e : fs::recursive_directory_iterator(from)) {
        const fs::path target = to / fs::relative(e.path(), from);
        if (e.is_directory()) {
            fs::create_directories(target);
            continue;
        }
        fs::create_directories(target.parent_path());
        std::error_code ec;
        fs::remove(target, ec);
        fs::create_hard_link(e.path(), target, ec);
        if (ec) fs::copy_file(e.path(), target, fs::copy_options::overwrite_existing);
    }
}

void keepFinishedVariant(const fs::path& stagedVariant, const fs::path& done, const std::string& fingerprint,
                         const VariantSummary& summary) {
    const nlohmann::json record = {{"fingerprint", fingerprint}, {"summary", toJson(summary)}};
    writeTextFile(stagedVariant / kVariantRecord, record.dump(1) + "\n");
    const fs::path kept = done / summary.name;
    std::error_code ec;
    fs::remove_all(kept, ec);
    linkTree(stagedVariant, kept);
}

std::optional<VariantSummary> finishedVariant(const fs::path& folder, const std::string& fingerprint) {
    std::ifstream in(folder / kVariantRecord);
    if (!in) return std::nullopt;
    const nlohmann::json record = nlohmann::json::parse(in, nullptr, false);
    if (record.is_discarded() || !record.contains("fingerprint") || record["fingerprint"] != fingerprint)
        return std::nullopt;
    // Every output its run.json lists must be there.
    std::ifstream runJson(folder / "run.json");
    const nlohmann::json run = nlohmann::json::parse(runJson, nullptr, false);
    if (run.is_discarded() || !run.contains("outputs")) return std::nullopt;
    for (const auto& f : run["outputs"])
        if (!f.is_string() || !fs::is_regular_file(folder / f.get<std::string>())) return std::nullopt;
    return variantSummaryFromJson(record.at("summary"), (folder / kVariantRecord).string());
}

}  // namespace forestsink
