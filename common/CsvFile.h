#pragma once
// A CSV file read with GDAL's CSV parser (quoted fields, embedded commas),
// keeping each record's line number so that errors read "file:line: column
// 'k': …".
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace forestsink {

class CsvFile {
public:
    struct Record {
        int line = 0;  // 1-based line where the record starts
        std::vector<std::string> fields;
    };

    // Reads the whole file; throws Error if it is not a regular file of at most
    // kMaxBytes, cannot be read, has no header, lacks a required column or has
    // a record with the wrong number of fields. `what` names the file in
    // messages ("species table").
    CsvFile(const std::filesystem::path& path, const std::vector<std::string>& requiredColumns,
            const std::string& what = "CSV file");

    // Tables of a few hundred species or regions take kilobytes; 16 MiB keeps
    // GDAL's line reader far below its own 2 GB refusal.
    static constexpr std::uintmax_t kMaxBytes = std::uintmax_t{16} << 20;

    const std::filesystem::path& path() const { return path_; }
    const std::vector<Record>& records() const { return records_; }
    bool hasColumn(const std::string& name) const;

    // Field accessors that throw Error "file:line: column 'name': …".
    const std::string& text(const Record& r, const std::string& column) const;
    double number(const Record& r, const std::string& column, double min, double max) const;
    long integer(const Record& r, const std::string& column, long min, long max) const;

    // "file:line: column 'name': <what>" for callers' own checks.
    std::string where(const Record& r, const std::string& column) const;

private:
    std::size_t columnIndex(const std::string& name) const;

    std::filesystem::path path_;
    std::vector<std::string> header_;
    std::vector<Record> records_;
};

}  // namespace forestsink
