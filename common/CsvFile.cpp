#include "common/CsvFile.h"

#include "common/Error.h"
#include "common/InputFile.h"

#include <cpl_csv.h>
#include <cpl_error.h>
#include <cpl_string.h>
#include <cpl_vsi.h>
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>

namespace forestsink {

namespace {

// GDAL's CSV reader reports trouble (an unreadable file, a line too long)
// through its error handler: silenced here, the message goes into our Error.
struct QuietGdalErrors {
    QuietGdalErrors() {
        CPLPushErrorHandler(CPLQuietErrorHandler);
        CPLErrorReset();
    }
    ~QuietGdalErrors() { CPLPopErrorHandler(); }
};

}  // namespace

CsvFile::CsvFile(const std::filesystem::path& path, const std::vector<std::string>& requiredColumns,
                 const std::string& what)
    : path_(path) {
    requireInputFileOfAtMost(path, what, kMaxBytes);
    const QuietGdalErrors quiet;
    VSILFILE* fp = VSIFOpenL(path.c_str(), "rb");
    if (!fp) throw Error(fmt::format("{}: cannot open the {}", path.string(), what));
    int line = 1;
    bool first = true;
    while (char** tokens = CSVReadParseLine2L(fp, ',')) {
        CPLStringList list(tokens, TRUE);
        Record record{line, {}};
        int newlines = 1;
        for (int i = 0; i < list.size(); ++i) {
            std::string field = list[i];
            newlines += static_cast<int>(std::count(field.begin(), field.end(), '\n'));
            // Trim surrounding blanks and a Windows line end.
            const auto b = field.find_first_not_of(" \t\r");
            const auto e = field.find_last_not_of(" \t\r");
            record.fields.push_back(b == std::string::npos ? "" : field.substr(b, e - b + 1));
        }
        line += newlines;
        const bool blank = record.fields.empty() || (record.fields.size() == 1 && record.fields[0].empty());
        if (blank) continue;
        if (first) {
            header_ = record.fields;
            first = false;
            continue;
        }
        if (record.fields.size() != header_.size()) {
            VSIFCloseL(fp);
            throw Error(fmt::format("{}:{}: {} fields, but the header has {} columns", path.string(), record.line,
                                    record.fields.size(), header_.size()));
        }
        records_.push_back(std::move(record));
    }
    VSIFCloseL(fp);
    if (CPLGetLastErrorType() >= CE_Failure)
        throw Error(fmt::format("{}:{}: cannot read the {} ({})", path.string(), line, what, CPLGetLastErrorMsg()));
    if (first) throw Error(fmt::format("{}: the {} is empty; it needs a header line", path.string(), what));
    for (const auto& column : requiredColumns)
        if (!hasColumn(column))
            throw Error(fmt::format("{}:1: missing column '{}' (required columns: {})", path.string(), column,
                                    fmt::join(requiredColumns, ", ")));
}

bool CsvFile::hasColumn(const std::string& name) const {
    return std::find(header_.begin(), header_.end(), name) != header_.end();
}

std::size_t CsvFile::columnIndex(const std::string& name) const {
    const auto it = std::find(header_.begin(), header_.end(), name);
    if (it == header_.end()) throw Error(fmt::format("{}:1: missing column '{}'", path_.string(), name));
    return static_cast<std::size_t>(it - header_.begin());
}

std::string CsvFile::where(const Record& r, const std::string& column) const {
    return fmt::format("{}:{}: column '{}'", path_.string(), r.line, column);
}

const std::string& CsvFile::text(const Record& r, const std::string& column) const {
    return r.fields[columnIndex(column)];
}

double CsvFile::number(const Record& r, const std::string& column, double min, double max) const {
    const std::string& s = text(r, column);
    double value = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (s.empty() || ec != std::errc() || end != s.data() + s.size() || !std::isfinite(value))
        throw Error(fmt::format("{}: '{}' is not a number", where(r, column), s));
    if (value < min || value > max)
        throw Error(fmt::format("{}: {} is out of range; allowed {} to {}", where(r, column), s, min, max));
    return value;
}

long CsvFile::integer(const Record& r, const std::string& column, long min, long max) const {
    const std::string& s = text(r, column);
    long value = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (s.empty() || ec != std::errc() || end != s.data() + s.size())
        throw Error(fmt::format("{}: '{}' is not a whole number", where(r, column), s));
    if (value < min || value > max)
        throw Error(fmt::format("{}: {} is out of range; allowed {} to {}", where(r, column), s, min, max));
    return value;
}

}  // namespace forestsink
