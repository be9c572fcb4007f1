#pragma once
// A CSV output read back for tests: rows as column → text.
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

namespace forestsink::test {

inline std::vector<std::string> splitCsvLine(const std::string& line) {
    std::vector<std::string> out;
    std::string field;
    bool quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quoted) {
            if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') field += '"', ++i;
            else if (c == '"') quoted = false;
            else field += c;
        } else if (c == '"') quoted = true;
        else if (c == ',') out.push_back(field), field.clear();
        else field += c;
    }
    out.push_back(field);
    return out;
}

inline std::vector<std::map<std::string, std::string>> readCsv(const std::filesystem::path& path) {
    std::ifstream in(path);
    std::string line;
    std::getline(in, line);
    const auto header = splitCsvLine(line);
    std::vector<std::map<std::string, std::string>> rows;
    while (std::getline(in, line)) {
        const auto fields = splitCsvLine(line);
        std::map<std::string, std::string> row;
        for (std::size_t i = 0; i < header.size() && i < fields.size(); ++i) row[header[i]] = fields[i];
        rows.push_back(row);
    }
    return rows;
}

inline double num(const std::map<std::string, std::string>& row, const std::string& column) {
    return std::stod(row.at(column));
}

}  // namespace forestsink::test
