#include "scenarios/TomlShape.h"

#include "common/Error.h"

#include <fmt/format.h>

namespace forestsink {
namespace {

// Walks the text once, tracking strings, comments, bracket depth and the
// dotted parts of the key being read.
class ShapeScan {
public:
    ShapeScan(std::string_view text, const std::filesystem::path& file) : text_(text), file_(file) {}

    void run() {
        while (i_ < text_.size()) {
            const char c = text_[i_];
            if (c == '"' || c == '\'') skipString(c);
            else if (c == '#') skipComment();
            else {
                structural(c);
                advance();
            }
        }
    }

private:
    void structural(char c) {
        switch (c) {
            case '.': ++dots_; break;
            case '[':
            case '{':
                if (++depth_ > TomlShapeLimits::kMaxNesting)
                    fail(fmt::format("arrays, tables and inline tables nested more than {} deep",
                                     TomlShapeLimits::kMaxNesting));
                dots_ = 0;
                break;
            case ']':
            case '}':
                if (depth_ > 0) --depth_;
                dots_ = 0;
                break;
            case '=':
            case ',':
            case '\n': dots_ = 0; break;
            default: break;
        }
        // A key of n parts has n − 1 dots; a number (1.5, 1e-3, a time) has one.
        if (dots_ >= TomlShapeLimits::kMaxKeyParts)
            fail(fmt::format("a key of more than {} dotted parts", TomlShapeLimits::kMaxKeyParts));
    }

    void skipString(char quote) {
        const bool multiLine = text_.substr(i_, 3) == std::string_view(quote == '"' ? "\"\"\"" : "'''");
        const std::size_t open = multiLine ? 3 : 1;
        for (std::size_t k = 0; k < open; ++k) advance();
        while (i_ < text_.size()) {
            const char c = text_[i_];
            if (c == '\\' && quote == '"') {  // an escape: the next character is text
                advance();
                advance();
                continue;
            }
            if (c == quote) {
                if (!multiLine) {
                    advance();
                    return;
                }
                if (text_.substr(i_, 3) == std::string_view(quote == '"' ? "\"\"\"" : "'''")) {
                    for (int k = 0; k < 3; ++k) advance();
                    return;
                }
            }
            if (c == '\n' && !multiLine) return;  // toml++ reports the unterminated string
            advance();
        }
    }

    void skipComment() {
        while (i_ < text_.size() && text_[i_] != '\n') advance();
    }

    void advance() {
        if (i_ >= text_.size()) return;
        if (text_[i_] == '\n') ++line_, column_ = 1;
        else ++column_;
        ++i_;
    }

    [[noreturn]] void fail(const std::string& what) const {
        throw Error(fmt::format("{}:{}:{}: {}; the file is refused before it is read (at most {} dotted parts per "
                                "key and {} levels of nesting are allowed)",
                                file_.string(), line_, column_, what, TomlShapeLimits::kMaxKeyParts,
                                TomlShapeLimits::kMaxNesting));
    }

    std::string_view text_;
    const std::filesystem::path& file_;
    std::size_t i_ = 0;
    int line_ = 1, column_ = 1;
    int depth_ = 0, dots_ = 0;
};

}  // namespace

void checkTomlShape(std::string_view text, const std::filesystem::path& file) { ShapeScan(text, file).run(); }

}  // namespace forestsink
