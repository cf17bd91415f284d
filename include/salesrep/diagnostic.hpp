#pragma once
// Diagnostics: every problem found in a book, with the place it was found.
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

namespace salesrep {

// A place in a source file. `file` indexes SourceSet::files; line and col are
// 1-based; line 0 means "the file as a whole".
struct SourcePos {
    std::uint32_t file = 0;
    std::uint32_t line = 0;
    std::uint32_t col = 0;
    friend bool operator==(const SourcePos&, const SourcePos&) = default;
    friend auto operator<=>(const SourcePos&, const SourcePos&) = default;
};

enum class Severity { error, warning };

// Diagnostics that callers treat specially.
enum class DiagCode : std::uint8_t { none, future_entry };

struct Diagnostic {
    Severity severity = Severity::error;
    SourcePos pos;
    std::string message;
    DiagCode code = DiagCode::none;
};

// The text of every file a book was read from, so diagnostics can show the line.
struct SourceFile {
    std::string path;  // as shown to the user (relative to the working directory when possible)
    std::string text;
};

// Files never move once added (a deque), so views into their texts stay valid.
struct SourceSet {
    std::deque<SourceFile> files;
    std::uint32_t add(std::string path, std::string text) {
        files.push_back({std::move(path), std::move(text)});
        return static_cast<std::uint32_t>(files.size() - 1);
    }
};

// The text of line `line` (1-based) of `text`, without its line end.
std::string_view line_of(std::string_view text, std::uint32_t line);

// "file:line:col: error: message\n<the line>\n<caret>\n". Without a line, just
// "file: error: message\n". Tabs in the source line are kept under the caret so
// it lines up.
std::string render(const Diagnostic& d, const SourceSet& sources);

// Sorts by (file, line, col), errors before warnings at one place; keeps order otherwise.
void sort_diagnostics(std::vector<Diagnostic>& ds);

// "3 errors, 1 warning" style summary (always plural-aware).
std::string summary_line(std::size_t errors, std::size_t warnings);

// The closest candidate by edit distance, if close enough to suggest.
std::string did_you_mean(std::string_view word, const std::vector<std::string_view>& candidates);
// " (did you mean 'x'?)" or "".
std::string suggestion_suffix(std::string_view word, const std::vector<std::string_view>& candidates);

}  // namespace salesrep
