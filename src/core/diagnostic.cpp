#include "salesrep/diagnostic.hpp"

#include "utf8.hpp"

#include <algorithm>
#include <atomic>
#include <fmt/format.h>

namespace salesrep {

std::string_view line_of(std::string_view text, std::uint32_t line) {
    if (line == 0) return {};
    std::size_t start = 0;
    for (std::uint32_t l = 1; l < line; ++l) {
        std::size_t nl = text.find('\n', start);
        if (nl == std::string_view::npos) return {};
        start = nl + 1;
    }
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view s = text.substr(start, end - start);
    if (!s.empty() && s.back() == '\r') s.remove_suffix(1);
    return s;
}

std::string_view SourceFile::line(std::uint32_t n) const {
    if (line_starts.empty()) {
        line_starts.push_back(0);
        for (std::size_t i = 0; i < text.size(); ++i)
            if (text[i] == '\n') line_starts.push_back(i + 1);
    }
    if (n == 0 || n > line_starts.size()) return {};
    const std::size_t start = line_starts[n - 1];
    if (start > text.size() || (start == text.size() && n > 1)) return {};
    std::size_t end = n < line_starts.size() ? line_starts[n] - 1 : text.size();
    std::string_view s = text.substr(start, end - start);
    if (!s.empty() && s.back() == '\r') s.remove_suffix(1);
    return s;
}

namespace {

// Messages quote what the user wrote; a quoted word of a 1 MB line is cut to its start.
std::string clip_quoted(std::string_view msg) {
    constexpr std::size_t longest = 80, kept = 60;
    if (msg.size() <= longest) return std::string(msg);
    std::string out;
    std::size_t i = 0;
    while (i < msg.size()) {
        std::size_t q = msg.find('\'', i);
        if (q == std::string_view::npos) break;
        bool opens = q == 0 || std::string_view(" (\"").find(msg[q - 1]) != std::string_view::npos;
        std::size_t close = opens ? msg.find('\'', q + 1) : std::string_view::npos;
        while (close != std::string_view::npos && close + 1 < msg.size() &&
               std::string_view(" ;,:.)?!").find(msg[close + 1]) == std::string_view::npos)
            close = msg.find('\'', close + 1);
        if (close == std::string_view::npos || close - q - 1 <= longest) {
            out.append(msg.substr(i, q + 1 - i));
            i = q + 1;
            continue;
        }
        std::size_t cut = q + 1 + kept;
        while (cut > q + 1 && (static_cast<unsigned char>(msg[cut]) & 0xC0) == 0x80) --cut;  // a whole character
        out.append(msg.substr(i, cut - i));
        out += fmt::format("...' ({} bytes)", close - q - 1);
        i = close + 1;
    }
    out.append(msg.substr(std::min(i, msg.size())));
    return out;
}

// What a message quotes ('...') replaced by '...'.
std::string hide_quoted(std::string_view msg) {
    std::string out;
    bool in = false;
    for (std::size_t i = 0; i < msg.size(); ++i) {
        const char c = msg[i];
        const bool opens = !in && c == '\'' && (i == 0 || std::string_view(" (\"").find(msg[i - 1]) != std::string_view::npos);
        const bool closes = in && c == '\'' && (i + 1 == msg.size() || std::string_view(" ;,:.)?!").find(msg[i + 1]) != std::string_view::npos);
        if (opens) { out += "'...'"; in = true; }
        else if (closes) in = false;
        else if (!in) out += c;
    }
    return out;
}

}  // namespace

std::size_t unsafe_char(std::string_view s, std::size_t i, bool keep_newline) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) return (c < 0x20 && c != '\t' && !(keep_newline && c == '\n')) || c == 0x7F ? 1 : 0;
    const std::size_t len = utf8_length(s, i);
    if (len == 0) return 1;
    const auto c1 = static_cast<unsigned char>(s[i + 1]);
    if (c == 0xC2 && c1 <= 0x9F) return len;  // C1
    if (c == 0xE2 && len == 3) {
        const auto c2 = static_cast<unsigned char>(s[i + 2]);
        if ((c1 == 0x80 && c2 >= 0xAA && c2 <= 0xAE) || (c1 == 0x81 && c2 >= 0xA6 && c2 <= 0xA9)) return len;
    }
    return 0;
}

std::size_t char_length(std::string_view s, std::size_t i) {
    if (static_cast<unsigned char>(s[i]) < 0x80) return 1;
    const std::size_t len = utf8_length(s, i);
    return len ? len : 1;
}

bool has_unsafe_char(std::string_view s, bool keep_newline) {
    for (std::size_t i = 0; i < s.size(); i += char_length(s, i)) {
        const auto c = static_cast<unsigned char>(s[i]);
        if ((c < 0x20 || c >= 0x7F) && unsafe_char(s, i, keep_newline)) return true;
    }
    return false;
}

std::string shown_text(std::string_view s, bool keep_newline) {
    std::size_t i = 0;
    while (i < s.size() && static_cast<unsigned char>(s[i]) >= 0x20 && static_cast<unsigned char>(s[i]) < 0x7F) ++i;
    if (i == s.size()) return std::string(s);  // plain ASCII: the common case
    std::string out(s.substr(0, i));
    while (i < s.size()) {
        if (std::size_t bad = unsafe_char(s, i, keep_newline)) {
            out += "\xEF\xBF\xBD";
            i += bad;
            continue;
        }
        const auto c = static_cast<unsigned char>(s[i]);
        const std::size_t len = c < 0x80 ? 1 : utf8_length(s, i);
        out.append(s.substr(i, len));
        i += len;
    }
    return out;
}

std::string render(const Diagnostic& d, const SourceSet& sources) {
    const char* sev = d.severity == Severity::error ? "error" : "warning";
    // What a message quotes comes from the book: shown, never obeyed by the terminal.
    std::string path = shown_text(d.pos.file < sources.files.size() ? sources.files[d.pos.file].path : "<unknown>");
    const bool outside = d.pos.file < sources.files.size() && sources.files[d.pos.file].outside;
    std::string message = shown_text(outside ? hide_quoted(d.message) : clip_quoted(d.message));
    if (d.pos.line == 0 || outside) {
        if (d.pos.line == 0) return fmt::format("{}: {}: {}\n", path, sev, message);
        return fmt::format("{}:{}:{}: {}: {} (the file is outside the book: its text is not shown)\n", path,
                           d.pos.line, d.pos.col, sev, message);
    }
    std::string out = fmt::format("{}:{}:{}: {}: {}\n", path, d.pos.line, d.pos.col, sev, message);
    if (d.pos.file >= sources.files.size()) return out;
    std::string_view src = sources.files[d.pos.file].line(d.pos.line);
    // Very long lines are cut around the caret so the message stays readable.
    std::size_t col = d.pos.col ? d.pos.col - 1 : 0;
    std::size_t from = 0;
    bool cut_left = false, cut_right = false;
    if (src.size() > 200) {
        if (col > 100) {
            from = col - 60;
            while (from < src.size() && (static_cast<unsigned char>(src[from]) & 0xC0) == 0x80) ++from;
            cut_left = true;
        }
        if (from < src.size() && src.size() - from > 200) cut_right = true;
    }
    // The line as a terminal can show it: control characters (C0, DEL, C1),
    // text-direction overrides and bytes that are not UTF-8 become U+FFFD
    // (unsafe_char); tabs stay, in the caret line too, so it lines up.
    std::string line = cut_left ? "..." : "";
    std::string caret = cut_left ? "   " : "";
    std::size_t end = cut_right ? from + 200 : src.size();
    for (std::size_t i = from; i < end && i < src.size();) {
        auto c = static_cast<unsigned char>(src[i]);
        const std::size_t bad = unsafe_char(src, i);
        const std::size_t len = bad ? bad : c < 0x80 ? 1 : utf8_length(src, i);
        if (bad) line += "\xEF\xBF\xBD";
        else line.append(src.substr(i, len));
        if (i < col) caret += c == '\t' ? '\t' : ' ';
        i += len;
    }
    if (cut_right) line += "...";
    for (std::size_t i = std::max(src.size(), from); i < col; ++i) caret += ' ';
    out += line;
    out += '\n';
    out += caret;
    out += "^\n";
    return out;
}

void sort_diagnostics(std::vector<Diagnostic>& ds) {
    std::stable_sort(ds.begin(), ds.end(), [](const Diagnostic& a, const Diagnostic& b) {
        if (a.pos != b.pos) return a.pos < b.pos;
        return a.severity == Severity::error && b.severity == Severity::warning;
    });
}

std::string summary_line(std::size_t errors, std::size_t warnings) {
    return fmt::format("{} error{}, {} warning{}", errors, errors == 1 ? "" : "s", warnings,
                       warnings == 1 ? "" : "s");
}

// Optimal string alignment distance (insertions, deletions, substitutions and
// transpositions of neighbours: "alcie" is one step from "alice"), computed
// only within `limit` of the diagonal: `limit + 1` when it is more than `limit`.
static std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t limit) {
    const std::size_t n = a.size(), m = b.size();
    const std::size_t far = limit + 1;
    if ((n > m ? n - m : m - n) > limit) return far;
    // three rows of m + 1 cells; cells outside the band count as `far`
    std::vector<std::size_t> rows(3 * (m + 1), far);
    std::size_t* prev2 = rows.data();
    std::size_t* prev = prev2 + (m + 1);
    std::size_t* cur = prev + (m + 1);
    for (std::size_t j = 0; j <= std::min(m, limit); ++j) prev[j] = j;
    for (std::size_t i = 1; i <= n; ++i) {
        const std::size_t lo = i > limit ? i - limit : 0, hi = std::min(m, i + limit);
        std::fill(cur, cur + m + 1, far);
        if (lo == 0) cur[0] = i;
        std::size_t best = far;
        for (std::size_t j = std::max<std::size_t>(lo, 1); j <= hi; ++j) {
            const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            std::size_t v = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) v = std::min(v, prev2[j - 2] + 1);
            cur[j] = std::min(v, far);
            best = std::min(best, cur[j]);
        }
        if (lo == 0) best = std::min(best, cur[0]);
        if (best > limit) return far;  // every path is already too far
        std::size_t* t = prev2;
        prev2 = prev;
        prev = cur;
        cur = t;
    }
    return std::min(prev[m], far);
}

namespace {
// Pairs compared by did_you_mean in this run, across threads.
std::atomic<std::uint64_t> compared{0};
constexpr std::uint64_t max_compared = 4'000'000;
constexpr std::size_t max_word = 256;
}  // namespace

std::string did_you_mean(std::string_view word, const std::vector<std::string_view>& candidates) {
    if (word.size() > max_word || candidates.empty()) return {};
    if (compared.fetch_add(candidates.size(), std::memory_order_relaxed) > max_compared) return {};
    // close enough: at most a third of the word's length (at least 1, at most 3)
    const std::size_t limit = std::clamp<std::size_t>(word.size() / 3, 1, 3);
    std::string_view best;
    std::size_t best_d = limit + 1;
    for (std::string_view c : candidates) {
        const std::size_t diff = c.size() > word.size() ? c.size() - word.size() : word.size() - c.size();
        if (diff > limit || diff > best_d) continue;
        std::size_t d = edit_distance(word, c, std::min(limit, best_d));
        if (d < best_d || (d == best_d && d <= limit && c < best)) { best_d = d; best = c; }
    }
    if (best_d > limit) return {};
    return std::string(best);
}

void reset_suggestion_budget() { compared.store(0, std::memory_order_relaxed); }

std::string suggestion_suffix(std::string_view word, const std::vector<std::string_view>& candidates) {
    std::string s = did_you_mean(word, candidates);
    return s.empty() ? std::string{} : fmt::format(" (did you mean '{}'?)", s);
}

}  // namespace salesrep
