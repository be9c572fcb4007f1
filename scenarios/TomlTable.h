#pragma once
// Typed, checked access to one table of a TOML file. Every error names
// file:line:column, the key, the bad value and what is allowed; unknown keys
// are refused with a "did you mean" suggestion.
#include <toml++/toml.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace forestsink {


class TomlTable {
public:
    TomlTable(const toml::table& table, std::filesystem::path file, std::string keyPath);

    // Parses a whole file; throws Error with file:line:column on a syntax
    // error. The file must be a regular file of at most
    // TomlShapeLimits::kMaxBytes whose keys and nesting stay within
    // TomlShapeLimits (checked before toml++ sees it). `what` names it in
    // messages: "scenario file", "batch file".
    static toml::table parseFile(const std::filesystem::path& file, const std::string& what = "scenario file");

    bool has(const std::string& key) const { return table_.contains(key); }
    bool isInteger(const std::string& key) const { return has(key) && table_.get(key)->is_integer(); }
    bool isNumber(const std::string& key) const { return has(key) && table_.get(key)->is_number(); }
    std::string string(const std::string& key) const;
    std::optional<std::string> optionalString(const std::string& key) const;
    int64_t integer(const std::string& key, int64_t min, int64_t max) const;
    std::optional<int64_t> optionalInteger(const std::string& key, int64_t min, int64_t max) const;
    double number(const std::string& key, double min, double max) const;
    bool boolean(const std::string& key) const;
    std::vector<int64_t> integers(const std::string& key, int64_t min, int64_t max) const;
    std::vector<double> numbers(const std::string& key) const;
    std::vector<std::string> strings(const std::string& key) const;
    // An array of numbers or strings as text (numbers in shortest form), each
    // with its file:line:column.
    std::vector<std::pair<std::string, std::string>> scalars(const std::string& key) const;
    TomlTable table(const std::string& key) const;
    std::optional<TomlTable> optionalTable(const std::string& key) const;
    // An array of tables ([[key]] in TOML); empty if the key is absent.
    std::vector<TomlTable> tables(const std::string& key) const;
    // A number with a default when the key is absent.
    double number(const std::string& key, double min, double max, double fallback) const {
        return has(key) ? number(key, min, max) : fallback;
    }
    // A path relative to the file's folder, made absolute.
    std::filesystem::path path(const std::string& key) const;

    std::vector<std::string> keys() const;
    // Refuses any key not in `allowed`, suggesting the nearest allowed one.
    void allowOnly(const std::vector<std::string>& allowed) const;

    // "file:line:column" of a key's value (or of the table when key is empty).
    std::string where(const std::string& key = "") const;
    std::string qualified(const std::string& key) const;  // "layers.volume.path"
    const std::filesystem::path& file() const { return file_; }

private:
    const toml::node& node(const std::string& key) const;
    [[noreturn]] void wrongType(const std::string& key, const std::string& expected) const;

    const toml::table& table_;
    std::filesystem::path file_;
    std::string keyPath_;
};

}  // namespace forestsink
