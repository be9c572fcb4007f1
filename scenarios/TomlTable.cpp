#include "scenarios/TomlTable.h"

#include "common/Error.h"
#include "common/NearestName.h"
#include "common/InputFile.h"
#include "scenarios/TomlShape.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

namespace forestsink {
namespace {

const char* typeName(const toml::node& n) {
    switch (n.type()) {
        case toml::node_type::table: return "a table";
        case toml::node_type::array: return "an array";
        case toml::node_type::string: return "a string";
        case toml::node_type::integer: return "an integer";
        case toml::node_type::floating_point: return "a number";
        case toml::node_type::boolean: return "a boolean";
        default: return "a date or time";
    }
}

std::string shown(const toml::node& n) {
    std::ostringstream out;
    if (n.is_table()) return "a table";
    n.visit([&](auto&& v) { out << v; });
    std::string s = out.str();
    return s.size() > 60 ? s.substr(0, 57) + "..." : s;
}

std::string at(const std::filesystem::path& file, const toml::source_region& src) {
    return fmt::format("{}:{}:{}", file.string(), src.begin.line, src.begin.column);
}

}  // namespace

TomlTable::TomlTable(const toml::table& table, std::filesystem::path file, std::string keyPath)
    : table_(table), file_(std::move(file)), keyPath_(std::move(keyPath)) {}

toml::table TomlTable::parseFile(const std::filesystem::path& file, const std::string& what) {
    if (isGdalVirtualPath(file))
        throw Error(fmt::format("{}: a {} must be a file on disk, not a GDAL virtual path", file.string(), what));
    requireInputFileOfAtMost(file, what, TomlShapeLimits::kMaxBytes);
    std::ifstream in(file, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    if (!in) throw Error(fmt::format("{}: cannot read the {}", file.string(), what));
    const std::string content = text.str();
    checkTomlShape(content, file);
    try {
        return toml::parse(content, file.string());
    } catch (const toml::parse_error& e) {
        throw Error(fmt::format("{}: {}", at(file, e.source()), e.description()));
    }
}

std::string TomlTable::qualified(const std::string& key) const {
    return keyPath_.empty() ? key : keyPath_ + "." + key;
}

std::string TomlTable::where(const std::string& key) const {
    if (!key.empty() && table_.contains(key)) return at(file_, table_.get(key)->source());
    return at(file_, table_.source());
}

const toml::node& TomlTable::node(const std::string& key) const {
    const toml::node* n = table_.get(key);
    if (!n)
        throw Error(fmt::format("{}: missing key '{}'{}", where(), qualified(key),
                                keyPath_.empty() ? "" : " in table [" + keyPath_ + "]"));
    return *n;
}

void TomlTable::wrongType(const std::string& key, const std::string& expected) const {
    const toml::node& n = node(key);
    throw Error(fmt::format("{}: '{}' must be {}, not {} ({})", where(key), qualified(key), expected, typeName(n),
                            shown(n)));
}

std::string TomlTable::string(const std::string& key) const {
    const toml::node& n = node(key);
    if (!n.is_string()) wrongType(key, "a string");
    return *n.value<std::string>();
}

std::optional<std::string> TomlTable::optionalString(const std::string& key) const {
    if (!has(key)) return std::nullopt;
    return string(key);
}

int64_t TomlTable::integer(const std::string& key, int64_t min, int64_t max) const {
    const toml::node& n = node(key);
    if (!n.is_integer()) wrongType(key, "an integer");
    const int64_t v = *n.value<int64_t>();
    if (v < min || v > max)
        throw Error(fmt::format("{}: '{}' = {} is out of range; allowed {} to {}", where(key), qualified(key), v,
                                min, max));
    return v;
}

std::optional<int64_t> TomlTable::optionalInteger(const std::string& key, int64_t min, int64_t max) const {
    if (!has(key)) return std::nullopt;
    return integer(key, min, max);
}

double TomlTable::number(const std::string& key, double min, double max) const {
    const toml::node& n = node(key);
    if (!n.is_number()) wrongType(key, "a number");
    const double v = *n.value<double>();
    if (!(v >= min && v <= max))
        throw Error(fmt::format("{}: '{}' = {} is out of range; allowed {} to {}", where(key), qualified(key), v,
                                min, max));
    return v;
}

bool TomlTable::boolean(const std::string& key) const {
    const toml::node& n = node(key);
    if (!n.is_boolean()) wrongType(key, "true or false");
    return *n.value<bool>();
}

std::vector<int64_t> TomlTable::integers(const std::string& key, int64_t min, int64_t max) const {
    const toml::node& n = node(key);
    if (!n.is_array()) wrongType(key, "an array of integers");
    std::vector<int64_t> out;
    for (const toml::node& item : *n.as_array()) {
        if (!item.is_integer())
            throw Error(fmt::format("{}: '{}' must hold integers, not {} ({})", at(file_, item.source()),
                                    qualified(key), typeName(item), shown(item)));
        const int64_t v = *item.value<int64_t>();
        if (v < min || v > max)
            throw Error(fmt::format("{}: '{}' holds {}, out of range; allowed {} to {}", at(file_, item.source()),
                                    qualified(key), v, min, max));
        out.push_back(v);
    }
    return out;
}

std::vector<double> TomlTable::numbers(const std::string& key) const {
    const toml::node& n = node(key);
    if (!n.is_array()) wrongType(key, "an array of numbers");
    std::vector<double> out;
    for (const toml::node& item : *n.as_array()) {
        if (!item.is_number())
            throw Error(fmt::format("{}: '{}' must hold numbers, not {} ({})", at(file_, item.source()),
                                    qualified(key), typeName(item), shown(item)));
        const double v = *item.value<double>();
        if (!std::isfinite(v))
            throw Error(fmt::format("{}: '{}' holds {}; allowed: finite numbers", at(file_, item.source()),
                                    qualified(key), v));
        out.push_back(v);
    }
    return out;
}

std::vector<std::string> TomlTable::strings(const std::string& key) const {
    const toml::node& n = node(key);
    if (!n.is_array()) wrongType(key, "an array of strings");
    std::vector<std::string> out;
    for (const toml::node& item : *n.as_array()) {
        if (!item.is_string())
            throw Error(fmt::format("{}: '{}' must hold strings, not {} ({})", at(file_, item.source()),
                                    qualified(key), typeName(item), shown(item)));
        out.push_back(*item.value<std::string>());
    }
    return out;
}

std::vector<std::pair<std::string, std::string>> TomlTable::scalars(const std::string& key) const {
    const toml::node& n = node(key);
    if (!n.is_array()) wrongType(key, "an array of numbers or strings");
    std::vector<std::pair<std::string, std::string>> out;
    for (const toml::node& item : *n.as_array()) {
        std::string text;
        if (item.is_string()) text = *item.value<std::string>();
        // Numbers exactly as written: integers whole, decimals by their shortest round-trip form.
        else if (item.is_integer()) text = fmt::format("{}", *item.value<int64_t>());
        else if (item.is_floating_point()) text = fmt::format("{}", *item.value<double>());
        else
            throw Error(fmt::format("{}: '{}' must hold numbers or strings, not {} ({})", at(file_, item.source()),
                                    qualified(key), typeName(item), shown(item)));
        out.emplace_back(text, at(file_, item.source()));
    }
    return out;
}

TomlTable TomlTable::table(const std::string& key) const {
    const toml::node& n = node(key);
    if (!n.is_table()) wrongType(key, "a table");
    return TomlTable(*n.as_table(), file_, qualified(key));
}

std::optional<TomlTable> TomlTable::optionalTable(const std::string& key) const {
    if (!has(key)) return std::nullopt;
    return table(key);
}

std::vector<TomlTable> TomlTable::tables(const std::string& key) const {
    std::vector<TomlTable> out;
    if (!has(key)) return out;
    const toml::node& n = node(key);
    if (!n.is_array_of_tables()) wrongType(key, "an array of tables ([[" + qualified(key) + "]])");
    int i = 0;
    for (const toml::node& item : *n.as_array())
        out.emplace_back(*item.as_table(), file_, fmt::format("{}[{}]", qualified(key), i++));
    return out;
}

std::filesystem::path TomlTable::path(const std::string& key) const {
    const std::filesystem::path p = string(key);
    if (p.empty()) throw Error(fmt::format("{}: '{}' is an empty path", where(key), qualified(key)));
    if (p.is_absolute()) return p;
    return std::filesystem::absolute(file_).parent_path() / p;
}

std::vector<std::string> TomlTable::keys() const {
    std::vector<std::string> out;
    for (const auto& [k, v] : table_) out.emplace_back(k.str());
    return out;
}

void TomlTable::allowOnly(const std::vector<std::string>& allowed) const {
    for (const auto& [k, v] : table_) {
        const std::string key(k.str());
        if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
        const std::string best = nearestName(key, allowed);
        throw Error(fmt::format("{}: unknown key '{}'{}; allowed here: {}", at(file_, k.source()), qualified(key),
                                best.empty() ? "" : fmt::format(" (did you mean '{}'?)", best),
                                fmt::join(allowed, ", ")));
    }
}

}  // namespace forestsink
