#pragma once
// What lets `forestsink batch --resume` skip the variants already run.
//
// Each finished variant's folder holds .forestsink-variant.json: its
// fingerprint (SHA-256 over its parameters, --draws, forestsink's version and
// the SHA-256 of its scenario file, species table, layers, region names,
// eligibility and priority rasters and baseline, the checksums run.json
// records) and its summary for the comparison. As each variant finishes, its
// files are also hard-linked into PARENT/.NAME.forestsink-done/VARIANT, which
// outlives an interrupted or failed batch (the output set itself is committed
// only whole) and is removed when the batch commits.
//
// A variant is resumed when its record, in the committed set or in the done
// folder, has the fingerprint the variant has now and every output its
// run.json lists is there; its files are linked into the new set.
#include "report/BatchComparison.h"

#include <filesystem>
#include <map>
#include <optional>
#include <string>

namespace forestsink {

inline constexpr const char* kVariantRecord = ".forestsink-variant.json";

// SHA-256 of files, each read once per batch.
class FileHashes {
public:
    const std::string& of(const std::filesystem::path& file);

private:
    std::map<std::string, std::string> hashes_;
};

std::string variantFingerprint(const BatchVariant& variant, std::optional<int> draws, FileHashes& hashes);

// PARENT/.NAME.forestsink-done for --out PARENT/NAME.
std::filesystem::path doneFolder(const std::filesystem::path& outRoot);

// Writes the record into the staged variant folder, then links the folder into `done`.
void keepFinishedVariant(const std::filesystem::path& stagedVariant, const std::filesystem::path& done,
                         const std::string& fingerprint, const VariantSummary& summary);

// A finished run of the variant in `folder` with this fingerprint, or none.
std::optional<VariantSummary> finishedVariant(const std::filesystem::path& folder, const std::string& fingerprint);

// Hard-links (or copies, across file systems) every file under `from` to the same place under `to`.
void linkTree(const std::filesystem::path& from, const std::filesystem::path& to);

}  // namespace forestsink
