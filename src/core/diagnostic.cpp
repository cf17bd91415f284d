#include "salesrep/diagnostic.hpp"

#include "utf8.hpp"

#include <algorithm>
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

}  // namespace

std::string render(const Diagnostic& d, const SourceSet& sources) {
    const char* sev = d.severity == Severity::error ? "error" : "warning";
    std::string path = d.pos.file < sources.files.size() ? sources.files[d.pos.file].path : "<unknown>";
    std::string message = clip_quoted(d.message);
    if (d.pos.line == 0) return fmt::format("{}: {}: {}\n", path, sev, message);
    std::string out = fmt::format("{}:{}:{}: {}: {}\n", path, d.pos.line, d.pos.col, sev, message);
    if (d.pos.file >= sources.files.size()) return out;
    std::string_view src = line_of(sources.files[d.pos.file].text, d.pos.line);
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
    // The line as a terminal can show it: control characters and bytes that are
    // not UTF-8 become U+FFFD; tabs stay, in the caret line too, so it lines up.
    std::string line = cut_left ? "..." : "";
    std::string caret = cut_left ? "   " : "";
    std::size_t end = cut_right ? from + 200 : src.size();
    for (std::size_t i = from; i < end && i < src.size();) {
        auto c = static_cast<unsigned char>(src[i]);
        std::size_t len = 1;
        if (c >= 0x80) len = utf8_length(src, i);
        bool shown = c == '\t' || (c >= 0x20 && c != 0x7F && len > 0);
        if (!shown) len = 1;
        if (shown) line.append(src.substr(i, len));
        else line += "\xEF\xBF\xBD";
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

// Optimal string alignment distance: insertions, deletions, substitutions and
// transpositions of neighbours ("alcie" is one step from "alice").
static std::size_t edit_distance(std::string_view a, std::string_view b) {
    const std::size_t n = a.size(), m = b.size();
    std::vector<std::size_t> d((n + 1) * (m + 1));
    auto at = [&](std::size_t i, std::size_t j) -> std::size_t& { return d[i * (m + 1) + j]; };
    for (std::size_t i = 0; i <= n; ++i) at(i, 0) = i;
    for (std::size_t j = 0; j <= m; ++j) at(0, j) = j;
    for (std::size_t i = 1; i <= n; ++i) {
        for (std::size_t j = 1; j <= m; ++j) {
            std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            at(i, j) = std::min({at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                at(i, j) = std::min(at(i, j), at(i - 2, j - 2) + 1);
        }
    }
    return at(n, m);
}

std::string did_you_mean(std::string_view word, const std::vector<std::string_view>& candidates) {
    std::string_view best;
    std::size_t best_d = std::string_view::npos;
    for (std::string_view c : candidates) {
        std::size_t d = edit_distance(word, c);
        if (d < best_d || (d == best_d && c < best)) { best_d = d; best = c; }
    }
    // close enough: at most a third of the word's length (at least 1, at most 3)
    std::size_t limit = std::clamp<std::size_t>(word.size() / 3, 1, 3);
    if (best_d == std::string_view::npos || best_d > limit) return {};
    return std::string(best);
}

std::string suggestion_suffix(std::string_view word, const std::vector<std::string_view>& candidates) {
    std::string s = did_you_mean(word, candidates);
    return s.empty() ? std::string{} : fmt::format(" (did you mean '{}'?)", s);
}

}  // namespace salesrep
