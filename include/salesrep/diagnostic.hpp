#pragma once
// Diagnostics: every problem found in a book, with the place it was found.
#include <cstdint>
#include <deque>
#include <memory>
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
// The text is a view of a buffer the file shares with every copy of its
// SourceSet (copying a book copies no text).
struct SourceFile {
    std::string path;  // as shown to the user (relative to the working directory when possible)
    std::string_view text;
    std::shared_ptr<const void> buffer;  // what `text` views
    // A file outside the book (read under allow_outside): its diagnostics never
    // show what it holds (no line, quoted values hidden), whoever wrote the book.
    bool outside = false;
    // Line `n` (1-based) without its line end, as line_of() gives it; the
    // starts of the lines are found once, at the first call (a book with
    // thousands of errors in a big file renders in time linear in its size).
    std::string_view line(std::uint32_t n) const;
    mutable std::vector<std::size_t> line_starts{};  // filled by line()
};

// Files never move once added (a deque), so views into their texts stay valid.
struct SourceSet {
    std::deque<SourceFile> files;
    std::uint32_t add(std::string path, std::string text) {
        auto owned = std::make_shared<const std::string>(std::move(text));
        std::string_view view = *owned;
        files.push_back({std::move(path), view, std::move(owned)});
        return static_cast<std::uint32_t>(files.size() - 1);
    }
    // A buffer of `size` bytes (from io.hpp's read_file_buffer).
    std::uint32_t add(std::string path, std::shared_ptr<const char[]> data, std::size_t size) {
        std::string_view view(data.get(), size);
        std::shared_ptr<const void> keep = std::move(data);
        files.push_back({std::move(path), view, std::move(keep)});
        return static_cast<std::uint32_t>(files.size() - 1);
    }
    // Replaces the text of file `f` (a copy of the book seeing one more line).
    void replace(std::uint32_t f, std::string text) {
        auto owned = std::make_shared<const std::string>(std::move(text));
        files[f].text = *owned;
        files[f].buffer = std::move(owned);
    }
};

// The text of line `line` (1-based) of `text`, without its line end.
std::string_view line_of(std::string_view text, std::uint32_t line);

// "file:line:col: error: message\n<the line>\n<caret>\n". Without a line, just
// "file: error: message\n". Tabs in the source line are kept under the caret so
// it lines up. The message is cleaned (shown_text); for a file outside the book
// the line is not shown and what the message quotes is hidden.
std::string render(const Diagnostic& d, const SourceSet& sources);

// Sorts by (file, line, col), errors before warnings at one place; keeps order otherwise.
void sort_diagnostics(std::vector<Diagnostic>& ds);

// "3 errors, 1 warning" style summary (always plural-aware).
std::string summary_line(std::size_t errors, std::size_t warnings);

// The length of the character at s[i] when it is one that must not reach a
// terminal or a reader: a C0 control (but tab, and LF when `keep_newline`),
// DEL, a C1 control (U+0080-U+009F), a bidirectional embedding, override or
// isolate (U+202A-U+202E, U+2066-U+2069: they reorder what is shown), or a
// byte that is not UTF-8 (length 1); 0 when the character is fine.
// Call it at the start of a character only (step with char_length).
std::size_t unsafe_char(std::string_view s, std::size_t i, bool keep_newline = false);
// The length of the character at s[i]: its UTF-8 sequence, else 1.
std::size_t char_length(std::string_view s, std::size_t i);
// Whether `s` holds a character unsafe_char refuses.
bool has_unsafe_char(std::string_view s, bool keep_newline = false);
// `s` with each such character replaced by U+FFFD (unchanged when it has none).
std::string shown_text(std::string_view s, bool keep_newline = false);

// The closest candidate by edit distance, if close enough to suggest. Bounded:
// a word of more than 256 bytes gets no suggestion, candidates whose length
// differs too much are skipped, the distance is computed in a band and given up
// once too far, and a run compares at most a few million pairs in all (past
// that, no more suggestions): any number of unknown ids stays fast.
std::string did_you_mean(std::string_view word, const std::vector<std::string_view>& candidates);
// Gives did_you_mean its whole budget of comparisons again (a process that
// loads many books, such as the unit tests, calls it between them).
void reset_suggestion_budget();
// " (did you mean 'x'?)" or "".
std::string suggestion_suffix(std::string_view word, const std::vector<std::string_view>& candidates);

}  // namespace salesrep
