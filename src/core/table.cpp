// Table and Document renderers: aligned text, GitHub Markdown, CSV and JSON,
// returned as strings (a document's text also in parts, render_text_parts).
#include "salesrep/table.hpp"
#include "salesrep/diagnostic.hpp"


#include <algorithm>
#include <cassert>
#include <charconv>
#include <cmath>
#include <string_view>

#include <fmt/format.h>

namespace salesrep {

void Row::set(std::size_t i, std::string_view cell) {
    assert(i < size());
    Row row;
    row.reserve(size(), text_.size() + cell.size());
    for (std::size_t k = 0; k < size(); ++k) row.push_back(k == i ? cell : (*this)[k]);
    *this = std::move(row);
}

namespace {

// ---------------------------------------------------------------- UTF-8 ----

// One unit of text: a valid code point, or one byte of invalid UTF-8.
struct Unit {
    std::size_t len = 1;
    char32_t cp = 0;
    bool valid = false;
};

std::size_t sequence_length(unsigned char lead) {
    if (lead < 0x80) return 1;
    if (lead >= 0xC2 && lead <= 0xDF) return 2;
    if (lead >= 0xE0 && lead <= 0xEF) return 3;
    if (lead >= 0xF0 && lead <= 0xF4) return 4;
    return 0;  // a continuation byte or an impossible lead
}

// The second byte also rules out overlong forms, surrogates and > U+10FFFF.
bool continuation_ok(unsigned char lead, std::size_t k, unsigned char b) {
    if ((b & 0xC0) != 0x80) return false;
    if (k != 1) return true;
    if (lead == 0xE0) return b >= 0xA0;
    if (lead == 0xED) return b <= 0x9F;
    if (lead == 0xF0) return b >= 0x90;
    if (lead == 0xF4) return b <= 0x8F;
    return true;
}

Unit unit_at(std::string_view s, std::size_t i) {
    const auto lead = static_cast<unsigned char>(s[i]);
    const std::size_t n = sequence_length(lead);
    if (n == 1) return {1, lead, true};
    if (n == 0 || i + n > s.size()) return {};
    char32_t cp = lead & (0xFFu >> (n + 1));
    for (std::size_t k = 1; k < n; ++k) {
        const auto b = static_cast<unsigned char>(s[i + k]);
        if (!continuation_ok(lead, k, b)) return {};
        cp = (cp << 6) | (b & 0x3Fu);
    }
    return {n, cp, true};
}

bool is_wide(char32_t cp) {
    struct Range {
        char32_t from, to;
    };
    static constexpr Range wide[] = {
        {0x1100, 0x115F}, {0x2E80, 0xA4CF}, {0xAC00, 0xD7A3},   {0xF900, 0xFAFF},
        {0xFE30, 0xFE4F}, {0xFF00, 0xFF60}, {0xFFE0, 0xFFE6},   {0x1F300, 0x1F64F},
        {0x20000, 0x3FFFD},
    };
    for (const Range& r : wide)
        if (cp >= r.from && cp <= r.to) return true;
    return false;
}

std::size_t unit_width(const Unit& u) { return u.valid && is_wide(u.cp) ? 2 : 1; }

// The longest prefix of `s` that fits `width` cells, then "…".
std::string truncated(std::string_view s, std::size_t width) {
    if (display_width(s) <= width) return std::string(s);
    if (width == 0) return "";
    std::size_t used = 0;
    std::size_t end = 0;
    while (end < s.size()) {
        const Unit u = unit_at(s, end);
        if (used + unit_width(u) > width - 1) break;
        used += unit_width(u);
        end += u.len;
    }
    return std::string(s.substr(0, end)) + "…";
}

// ------------------------------------------------------------ helpers ----

constexpr std::size_t bar_cells = 20;  // cells of a 100 % bar
constexpr std::size_t min_shrunk_width = 8;
constexpr std::string_view bold_on = "\x1b[1m";
constexpr std::string_view reset = "\x1b[0m";

bool is_numeric(ColType type) {
    return type == ColType::money || type == ColType::count || type == ColType::pct ||
           type == ColType::number;
}

bool has_separators(ColType type) { return type == ColType::money || type == ColType::count; }

std::string_view cell_at(const Row& row, std::size_t i) { return i < row.size() ? row[i] : std::string_view(); }

bool emphasised(const Table& t, std::size_t r) { return r < t.emphasis.size() && t.emphasis[r]; }

std::string repeat(std::string_view piece, std::size_t n) {
    std::string out;
    out.reserve(piece.size() * n);
    for (std::size_t i = 0; i < n; ++i) out += piece;
    return out;
}

std::string styled(const std::string& s, std::string_view code, bool on) {
    if (!on || s.empty()) return s;
    return std::string(code) + s + std::string(reset);
}

void rtrim(std::string& s) {
    while (!s.empty() && s.back() == ' ') s.pop_back();
}

std::string join(const std::vector<std::string>& parts, std::string_view sep) {
    std::string out;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        if (i > 0) out += sep;
        out += parts[i];
    }
    return out;
}

std::optional<double> parse_pct(std::string_view s) {
    double v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || end != s.data() + s.size() || s.empty()) return std::nullopt;
    return v;
}

// ------------------------------------------------------------------ text ----

// Control characters would break the layout (or drive the terminal): C0, DEL,
// C1, bidirectional overrides and isolates (diagnostic.hpp's unsafe_char).
// Tabs too: they would break a table's columns.
bool has_control(std::string_view s) { return s.find('\t') != std::string_view::npos || has_unsafe_char(s); }

// Control characters in s[from..] blanked (each of their bytes). For a CSV
// cell (`csv`), tabs and line feeds are kept: the cell is quoted.
void blank_controls(std::string& s, std::size_t from = 0, bool csv = false) {
    for (std::size_t k = from; k < s.size(); k += char_length(s, k)) {
        const auto c = static_cast<unsigned char>(s[k]);
        if (c >= 0x20 && c < 0x7F) continue;
        if (c == '\t' && !csv) s[k] = ' ';
        const std::size_t n = unsafe_char(s, k, csv);
        for (std::size_t j = 0; j < n; ++j) s[k + j] = ' ';
    }
}

std::string sanitized(std::string s) {
    blank_controls(s);
    return s;
}

// thousands(canonical), appended to `out`.
void append_thousands(std::string& out, std::string_view canonical) {
    std::size_t start = canonical.empty() || (canonical[0] != '-' && canonical[0] != '+') ? 0 : 1;
    std::size_t end = start;
    while (end < canonical.size() && canonical[end] >= '0' && canonical[end] <= '9') ++end;
    out += canonical.substr(0, start);
    for (std::size_t i = start; i < end; ++i) {
        if (i > start && (end - i) % 3 == 0) out += ',';
        out += canonical[i];
    }
    out += canonical.substr(end);
}

// Whether thousands() would change a canonical number: 4 or more integer digits.
bool needs_separators(std::string_view s) {
    std::size_t i = !s.empty() && (s[0] == '-' || s[0] == '+') ? 1 : 0;
    std::size_t digits = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++digits;
    return digits > 3;
}

// The bar drawn after a `bar` column's value, or "" when there is none.
std::string cell_bar(const Column& col, std::string_view cell, bool unicode) {
    if (!col.bar) return "";
    const std::optional<double> v = parse_pct(cell);
    return v ? bar(*v, bar_cells, unicode) : "";
}

std::string_view bar_colour(std::string_view cell) {
    const double v = parse_pct(cell).value_or(0);
    if (v < 50) return "\x1b[31m";
    if (v < 100) return "\x1b[33m";
    return "\x1b[32m";
}

// Column widths: the aligned value part, then (bar columns) " " and the bar.
struct Layout {
    std::vector<std::size_t> value;
    std::vector<std::size_t> bar;  // 0: no bar drawn
    std::vector<bool> dropped;     // left out to fit the width (Table::drop_order)
    std::vector<bool> cuttable;    // free text, which may be shortened with "…" (never an id)
};

std::size_t column_width(const Layout& l, std::size_t i) {
    return l.value[i] + (l.bar[i] > 0 ? 1 + l.bar[i] : 0);
}

std::size_t total_width(const Layout& l) {
    std::size_t total = 0, shown = 0;
    for (std::size_t i = 0; i < l.value.size(); ++i)
        if (!l.dropped[i]) total += column_width(l, i) + (shown++ > 0 ? 2 : 0);
    return total;
}

// Every cell as shown (separators, control characters blanked) and its width,
// computed once per table. Most cells are shown as they are: only the others
// are copied, back to back into `changed`. Eight bytes per cell: a table of
// 40,000 deals has half a million.
struct Shown {
    static constexpr std::uint32_t as_is = UINT32_MAX;
    const Table* table = nullptr;
    std::size_t cols = 0;
    std::vector<std::uint32_t> slot;   // per cell: its index in `ends`, or as_is
    std::vector<std::uint32_t> width;  // per cell: display width as shown
    std::string changed;
    std::vector<std::size_t> ends;     // where each changed cell ends in `changed`
    std::size_t bytes = 0;             // of every cell as shown
    std::string_view at(std::size_t r, std::size_t i) const {
        const std::uint32_t k = slot[r * cols + i];
        if (k == as_is) return cell_at(table->rows[r], i);
        const std::size_t b = k ? ends[k - 1] : 0;
        return std::string_view(changed).substr(b, ends[k] - b);
    }
    std::size_t width_at(std::size_t r, std::size_t i) const { return width[r * cols + i]; }
};

Shown shown_cells(const Table& t) {
    Shown sh;
    sh.table = &t;
    sh.cols = t.columns.size();
    sh.slot.reserve(t.rows.size() * sh.cols);
    sh.width.reserve(t.rows.size() * sh.cols);
    for (const Row& row : t.rows)
        for (std::size_t i = 0; i < sh.cols; ++i) {
            const std::string_view cell = cell_at(row, i);
            const bool separators = has_separators(t.columns[i].type) && needs_separators(cell);
            std::string_view shown = cell;
            std::uint32_t slot = Shown::as_is;
            if (separators || has_control(cell)) {
                const std::size_t start = sh.changed.size();
                if (separators) append_thousands(sh.changed, cell);
                else sh.changed += cell;
                blank_controls(sh.changed, start);
                slot = static_cast<std::uint32_t>(sh.ends.size());
                sh.ends.push_back(sh.changed.size());
                shown = std::string_view(sh.changed).substr(start);
            }
            sh.slot.push_back(slot);
            sh.width.push_back(static_cast<std::uint32_t>(std::min<std::size_t>(display_width(shown), UINT32_MAX)));
            sh.bytes += shown.size();
        }
    return sh;
}

Layout measure(const Table& t, const Shown& sh, bool bars, bool unicode) {
    Layout l;
    for (std::size_t i = 0; i < t.columns.size(); ++i) {
        const Column& col = t.columns[i];
        std::size_t value = display_width(col.title);
        std::size_t bar_width = 0;
        for (std::size_t r = 0; r < t.rows.size(); ++r) {
            value = std::max(value, sh.width_at(r, i));
            if (bars && col.bar) bar_width = std::max(bar_width, display_width(cell_bar(col, cell_at(t.rows[r], i), unicode)));
        }
        l.value.push_back(value);
        l.bar.push_back(bar_width);
    }
    l.dropped.assign(t.columns.size(), false);
    l.cuttable.assign(t.columns.size(), false);
    return l;
}

// Per column: free text, which may be shortened. A text column is free text
// when a cell of it (but a total's label) holds a blank; else it holds ids (or
// words such as flags), which are never cut.
std::vector<bool> free_text_columns(const Table& t, const Shown& sh) {
    std::vector<bool> out(t.columns.size(), false);
    for (std::size_t i = 0; i < t.columns.size(); ++i)
        for (std::size_t r = 0; r < t.rows.size() && t.columns[i].type == ColType::text && !out[i]; ++r)
            out[i] = !emphasised(t, r) && sh.at(r, i).find(' ') != std::string_view::npos;
    return out;
}

std::size_t shrunk_floor(const Table& t, std::size_t i) {
    return std::max(min_shrunk_width, display_width(t.columns[i].title));
}

// Narrows the widest free-text column, one cell at a time, down to its floor.
void shrink(Layout& l, const Table& t, std::size_t limit) {
    while (total_width(l) > limit) {
        std::size_t widest = t.columns.size();
        for (std::size_t i = 0; i < t.columns.size(); ++i) {
            if (!l.cuttable[i] || l.dropped[i]) continue;
            if (l.value[i] <= shrunk_floor(t, i)) continue;
            if (widest == t.columns.size() || l.value[i] > l.value[widest]) widest = i;
        }
        if (widest == t.columns.size()) return;
        --l.value[widest];
    }
}

// The width with every free-text column at its floor: what shrinking can reach.
std::size_t narrowest_width(Layout l, const Table& t) {
    for (std::size_t i = 0; i < t.columns.size(); ++i)
        if (l.cuttable[i]) l.value[i] = std::min(l.value[i], shrunk_floor(t, i));
    return total_width(l);
}

// Leaves out the columns of t.drop_order, first first, while shrinking text
// alone cannot reach `limit`.
void drop_columns(Layout& l, const Table& t, std::size_t limit) {
    for (const std::string& key : t.drop_order) {
        if (narrowest_width(l, t) <= limit) return;
        for (std::size_t i = 0; i < t.columns.size(); ++i)
            if (t.columns[i].key == key) l.dropped[i] = true;
    }
}

bool has_bars(const Layout& l) {
    for (std::size_t w : l.bar)
        if (w > 0) return true;
    return false;
}

// Even without a width to fit, a text column is at most this wide: one note of
// 1 MB would otherwise pad every line of its table to 1 MB.
constexpr std::size_t max_text_width = 200;

// The natural layout, text columns capped at max_text_width.
Layout measured(const Table& t, const Shown& sh, bool bars, const TextStyle& style) {
    Layout l = measure(t, sh, bars, style.unicode);
    for (std::size_t i = 0; i < t.columns.size(); ++i)
        if (t.columns[i].type == ColType::text)
            l.value[i] = std::min(l.value[i], std::max(max_text_width, display_width(t.columns[i].title)));
    return l;
}

// To fit the width: bars go first (unless shortening text is enough), then the
// columns of drop_order, then free text is shortened; ids, dates and numbers
// are never cut (a line may stay too long).
Layout fit(const Table& t, const Shown& sh, const TextStyle& style) {
    Layout l = measured(t, sh, true, style);
    if (style.width == 0 || total_width(l) <= style.width) return l;
    l.cuttable = free_text_columns(t, sh);
    if (has_bars(l) && narrowest_width(l, t) > style.width) {
        std::vector<bool> cuttable = std::move(l.cuttable);
        l = measured(t, sh, false, style);
        l.cuttable = std::move(cuttable);
    }
    drop_columns(l, t, style.width);
    shrink(l, t, style.width);
    return l;
}

std::string bar_part(const Column& col, std::string_view cell, std::size_t width, const TextStyle& style) {
    const std::string b = cell_bar(col, cell, style.unicode);
    if (b.empty()) return std::string(1 + width, ' ');
    const std::string pad(width - std::min(width, display_width(b)), ' ');
    return " " + styled(b, bar_colour(cell), style.color) + pad;
}

// One column of one line: `text` as shown, `cell` the canonical value (for bars).
void append_segment(std::string& out, const Column& col, std::size_t i, std::string_view text, std::size_t width,
                    std::string_view cell, const Layout& l, const TextStyle& style, bool bold) {
    const std::size_t target = l.value[i];
    std::string fitted_copy;
    std::string_view fitted = text;
    if (width > target) {
        fitted_copy = truncated(text, target);
        fitted = fitted_copy;
        width = display_width(fitted_copy);
    }
    const std::size_t pad = target > width ? target - width : 0;
    const bool right = is_numeric(col.type);
    if (right) out.append(pad, ' ');
    if (bold && style.color && !fitted.empty()) {
        out += bold_on;
        out += fitted;
        out += reset;
    } else {
        out += fitted;
    }
    if (!right) out.append(pad, ' ');
    if (l.bar[i] > 0) out += bar_part(col, cell, l.bar[i], style);
}

std::string segment(const Column& col, std::size_t i, const std::string& text, std::string_view cell,
                    const Layout& l, const TextStyle& style, bool bold) {
    std::string out;
    append_segment(out, col, i, text, display_width(text), cell, l, style, bold);
    return out;
}

std::string header_line(const Table& t, const Layout& l, const TextStyle& style) {
    std::vector<std::string> parts;
    for (std::size_t i = 0; i < t.columns.size(); ++i) {
        if (l.dropped[i]) continue;
        const Column& col = t.columns[i];
        parts.push_back(segment(col, i, sanitized(col.title), "", l, style, true));
    }
    std::string line = join(parts, "  ");
    rtrim(line);
    return line + "\n";
}

void append_row(std::string& out, const Table& t, const Shown& sh, std::size_t r, const Layout& l,
                const TextStyle& style) {
    const std::size_t start = out.size();
    const bool bold = emphasised(t, r);
    bool first = true;
    for (std::size_t i = 0; i < t.columns.size(); ++i) {
        if (l.dropped[i]) continue;
        if (!first) out += "  ";
        first = false;
        append_segment(out, t.columns[i], i, sh.at(r, i), sh.width_at(r, i), cell_at(t.rows[r], i), l, style, bold);
    }
    while (out.size() > start && out.back() == ' ') out.pop_back();
    out += '\n';
}

std::string rule(std::size_t width, bool unicode) { return repeat(unicode ? "─" : "-", width) + "\n"; }

void append_body(std::string& out, const Table& t, const Shown& sh, const Layout& l, const TextStyle& style) {
    const std::string line = rule(total_width(l), style.unicode);
    out += header_line(t, l, style);
    out += line;
    out.reserve(out.size() + sh.bytes + t.rows.size() * (total_width(l) + 1));  // an estimate: bars and padding vary
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
        if (r > 0 && emphasised(t, r) && !emphasised(t, r - 1)) out += line;
        append_row(out, t, sh, r, l, style);
    }
}

// `words` joined by blanks, in lines of at most `width` cells (0: one line);
// a word wider than that has a line of its own.
std::string wrapped(const std::vector<std::string>& words, std::size_t width) {
    std::string out, line;
    for (const std::string& w : words) {
        if (!line.empty() && width > 0 && display_width(line) + 1 + display_width(w) > width) {
            out += line + "\n";
            line.clear();
        }
        line += (line.empty() ? "" : " ") + w;
    }
    return out + line + "\n";
}

std::string notes_lines(const Table& t, std::string_view prefix) {
    std::string out;
    for (const std::string& note : t.notes) out += std::string(prefix) + note + "\n";
    return out;
}

void append_text(std::string& out, const Table& t, const TextStyle& style) {
    if (!t.title.empty()) {
        out += styled(sanitized(t.title), bold_on, style.color);
        out += '\n';
    }
    if (t.rows.empty() || t.columns.empty()) out += "No rows.\n";
    else {
        const Shown sh = shown_cells(t);
        const Layout l = fit(t, sh, style);
        append_body(out, t, sh, l, style);
        std::vector<std::string> dropped;
        for (std::size_t i = 0; i < t.columns.size(); ++i)
            if (l.dropped[i]) dropped.push_back(sanitized(t.columns[i].title));
        if (!dropped.empty()) {
            // "Left out to fit 80 columns: A, B, C.", broken between the names
            std::vector<std::string> words{fmt::format("Left out to fit {} columns:", style.width)};
            for (std::size_t i = 0; i < dropped.size(); ++i) words.push_back(dropped[i] + (i + 1 < dropped.size() ? "," : "."));
            out += wrapped(words, style.width);
        }
    }
    out += notes_lines(t, "");
}

// -------------------------------------------------------------- Markdown ----

// Text for Markdown: HTML's '<', '>' and '&' as entities (a Markdown viewer
// renders raw HTML: a deal titled <script> must stay text), control
// characters blanked, and in a table cell '|' escaped and line ends blanked.
std::string md_text(std::string_view s, bool cell = false) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0, n = 0; i < s.size(); i += n) {
        const char c = s[i];
        n = char_length(s, i);
        if (c == '<') out += "&lt;";
        else if (c == '>') out += "&gt;";
        else if (c == '&') out += "&amp;";
        else if (cell && c == '|') out += "\\|";
        else if (cell && (c == '\n' || c == '\r')) out += ' ';
        else if (unsafe_char(s, i, !cell)) out += ' ';
        else out.append(s.substr(i, n));
    }
    return out;
}
std::string md_escaped(std::string_view s) { return md_text(s, true); }

std::string md_row(const std::vector<std::string>& cells) { return "| " + join(cells, " | ") + " |\n"; }

std::string md_table(const Table& t) {
    std::vector<std::string> titles;
    std::vector<std::string> rules;
    for (const Column& col : t.columns) {
        titles.push_back(md_escaped(col.title));
        rules.push_back(is_numeric(col.type) ? "---:" : "---");
    }
    std::string out = md_row(titles) + md_row(rules);
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
        std::vector<std::string> cells;
        for (std::size_t i = 0; i < t.columns.size(); ++i) {
            const Column& col = t.columns[i];
            const std::string_view cell = cell_at(t.rows[r], i);
            std::string text = md_escaped(has_separators(col.type) ? std::string_view(thousands(cell)) : cell);
            cells.push_back(emphasised(t, r) && !text.empty() ? "**" + text + "**" : text);
        }
        out += md_row(cells);
    }
    return out;
}

// ------------------------------------------------------------------ JSON ----

bool digits(std::string_view s, std::size_t& i) {
    const std::size_t start = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    return i > start;
}

// RFC 8259's number grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
bool is_json_number(std::string_view s) {
    std::size_t i = 0;
    if (i < s.size() && s[i] == '-') ++i;
    const std::size_t int_start = i;
    if (!digits(s, i) || (s[int_start] == '0' && i - int_start > 1)) return false;
    if (i < s.size() && s[i] == '.' && !digits(s, ++i)) return false;
    if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
        ++i;
        if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
        if (!digits(s, i)) return false;
    }
    return i == s.size();
}

std::string json_value(const Column& col, std::string_view cell) {
    if (cell.empty()) return "null";
    if (is_numeric(col.type) && is_json_number(cell)) return std::string(cell);
    return json_string(cell);
}

std::string json_object(const Table& t, const Row& row, bool compact) {
    std::vector<std::string> members;
    for (std::size_t i = 0; i < t.columns.size(); ++i) {
        const Column& col = t.columns[i];
        members.push_back(json_string(col.key) + (compact ? ":" : ": ") + json_value(col, cell_at(row, i)));
    }
    return "{" + join(members, compact ? "," : ", ") + "}";
}

// The array without a final newline, its lines indented from column `base`.
std::string json_array(const Table& t, int indent, std::size_t base) {
    if (t.rows.empty()) return "[]";
    std::vector<std::string> objects;
    for (const Row& row : t.rows) objects.push_back(json_object(t, row, indent <= 0));
    if (indent <= 0) return "[" + join(objects, ",") + "]";
    const std::string inner(base + static_cast<std::size_t>(indent), ' ');
    return "[\n" + inner + join(objects, ",\n" + inner) + "\n" + std::string(base, ' ') + "]";
}

std::string json_list(const std::vector<std::string>& items) {
    std::vector<std::string> quoted;
    for (const std::string& item : items) quoted.push_back(json_string(item));
    return "[" + join(quoted, ", ") + "]";
}

std::string json_tables(const Section& s) {
    if (s.tables.empty()) return "{}";
    std::vector<std::string> members;
    for (const Table& t : s.tables) members.push_back("        " + json_string(t.name) + ": " + json_array(t, 2, 8));
    return "{\n" + join(members, ",\n") + "\n      }";
}

std::string json_section(const Section& s) {
    return "    {\n"
           "      \"heading\": " + json_string(s.heading) + ",\n"
           "      \"paragraphs\": " + json_list(s.paragraphs) + ",\n"
           "      \"tables\": " + json_tables(s) + "\n"
           "    }";
}

std::string json_sections(const Document& d) {
    if (d.sections.empty()) return "[]";
    std::vector<std::string> sections;
    for (const Section& s : d.sections) sections.push_back(json_section(s));
    return "[\n" + join(sections, ",\n") + "\n  ]";
}

// ------------------------------------------------------------- documents ----

std::string underlined(const std::string& s, const TextStyle& style, std::string_view uni, std::string_view ascii) {
    const std::string text = sanitized(s);
    return styled(text, bold_on, style.color) + "\n" + repeat(style.unicode ? uni : ascii, display_width(text)) + "\n";
}

std::string text_title_block(const Document& d, const TextStyle& style) {
    std::string out = d.title.empty() ? "" : underlined(d.title, style, "═", "=");
    for (const std::string& line : d.subtitle) out += sanitized(line) + "\n";
    return out;
}

// Blocks that each end with a newline, separated by blank lines, as parts:
// small ones are joined, a big one (a table of thousands of rows) is a part of
// its own and never copied.
void add_block(std::vector<std::string>& parts, std::string&& block) {
    if (block.empty()) return;
    constexpr std::size_t big = 64u << 10;
    auto small = [](const std::string& s) { return s.size() < big; };
    if (!parts.empty()) {  // the blank line before it
        if (small(parts.back())) parts.back() += '\n';
        else parts.emplace_back("\n");
    }
    if (!parts.empty() && small(parts.back()) && small(block)) parts.back() += block;
    else parts.push_back(std::move(block));
}

// `tables`: each table of the section as rendered (never empty: a title or "No rows.").
void add_text_section(const Section& s, const TextStyle& style, std::string* tables, std::vector<std::string>& parts) {
    if (!s.heading.empty()) add_block(parts, underlined(s.heading, style, "─", "-"));
    std::string paragraphs;
    for (const std::string& p : s.paragraphs) paragraphs += sanitized(p) + "\n";
    add_block(parts, std::move(paragraphs));
    for (std::size_t i = 0; i < s.tables.size(); ++i) add_block(parts, std::move(tables[i]));
}

// Every table of a document rendered by `render`, in document order: each a
// job of `run`.
template <class Render>
std::vector<std::string> render_tables(const Document& d, Render render, const JobRunner& run) {
    std::vector<const Table*> tables;
    for (const Section& s : d.sections)
        for (const Table& t : s.tables) tables.push_back(&t);
    std::vector<std::string> out(tables.size());
    run_jobs(run, tables.size(), [&](std::size_t k) { out[k] = render(*tables[k]); });
    return out;
}

std::string md_subtitle(const std::vector<std::string>& lines) {
    std::string out;
    for (std::size_t i = 0; i < lines.size(); ++i) out += md_text(lines[i]) + (i + 1 < lines.size() ? "  \n" : "\n");
    return out;
}

void add_md_section(const Section& s, std::vector<std::string>& blocks) {
    if (!s.heading.empty()) blocks.push_back("## " + md_text(s.heading) + "\n");
    for (const std::string& p : s.paragraphs) blocks.push_back(md_text(p) + "\n");
    for (const Table& t : s.tables) blocks.push_back(render_markdown(t));
}

// Blocks that each end with a newline, separated by blank lines.
std::string join_blocks(const std::vector<std::string>& blocks) {
    std::vector<std::string> kept;
    for (const std::string& b : blocks)
        if (!b.empty()) kept.push_back(b);
    return join(kept, "\n");
}

}  // namespace

// ------------------------------------------------------------ public API ----

std::size_t display_width(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size() && static_cast<unsigned char>(s[i]) < 0x80) ++i;
    std::size_t width = i;  // ASCII: one cell per byte
    while (i < s.size()) {
        const Unit u = unit_at(s, i);
        width += unit_width(u);
        i += u.len;
    }
    return width;
}

std::string thousands(std::string_view canonical) {
    std::string out;
    append_thousands(out, canonical);
    return out;
}

std::string json_string(std::string_view s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"') out += "\\\"";
        else if (c == '\\') out += "\\\\";
        else if (static_cast<unsigned char>(c) < 0x20) out += fmt::format("\\u{:04x}", static_cast<unsigned>(c));
        else out += c;
    }
    return out + "\"";
}

std::string csv_cell(std::string_view s) {
    if (s.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(s);
    std::string out = "\"";
    for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

std::string csv_text_cell(std::string_view s) {
    // A plain number ("-12", "-12.50") is data; anything else starting so is
    // what a spreadsheet would run as a formula.
    auto number = [](std::string_view v) {
        std::size_t i = v.size() > 1 && (v[0] == '-' || v[0] == '+') ? 1 : 0, digits = 0, dots = 0;
        for (; i < v.size(); ++i) {
            if (v[i] >= '0' && v[i] <= '9') ++digits;
            else if (v[i] == '.' && dots++ == 0) continue;
            else return false;
        }
        return digits > 0;
    };
    const bool plain_start = s.empty() || std::string_view("=+-@\t\r").find(s[0]) == std::string_view::npos;
    if (plain_start && !has_unsafe_char(s, true)) return csv_cell(s);  // the common case: one copy
    std::string text = plain_start || number(s)
                           ? std::string(s)
                           : "'" + std::string(s);
    blank_controls(text, 0, true);  // line feeds stay (quoted), other controls are blanked
    return csv_cell(text);
}

std::string bar(double pct_value, std::size_t cells, bool unicode) {
    static constexpr std::string_view eighths[] = {"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"};
    if (cells == 0 || !(pct_value > 0)) return "";  // also NaN
    if (pct_value > 100) return repeat(unicode ? "█" : "#", cells - 1) + (unicode ? "▶" : ">");
    const double scaled = pct_value * static_cast<double>(cells) / 100;
    if (!unicode) return repeat("#", static_cast<std::size_t>(std::lround(scaled)));
    const auto total = static_cast<std::size_t>(std::lround(scaled * 8));
    return repeat("█", total / 8) + std::string(eighths[total % 8]);
}

std::string render_text(const Table& t, const TextStyle& style) {
    std::string out;
    append_text(out, t, style);
    return out;
}

std::string render_markdown(const Table& t) {
    std::string out = t.title.empty() ? "" : "### " + md_text(t.title) + "\n\n";
    out += t.rows.empty() || t.columns.empty() ? "_No rows._\n" : md_table(t);
    if (!t.notes.empty()) out += "\n" + notes_lines(t, "- ");
    return out;
}

std::string render_csv(const Table& t) {
    std::vector<std::string> keys;
    for (const Column& col : t.columns) keys.push_back(csv_cell(col.key));
    std::string out = join(keys, ",") + "\n";
    for (const Row& row : t.rows) {
        std::vector<std::string> cells;
        for (std::size_t i = 0; i < t.columns.size(); ++i)
            cells.push_back(t.columns[i].type == ColType::text ? csv_text_cell(cell_at(row, i)) : csv_cell(cell_at(row, i)));
        out += join(cells, ",") + "\n";
    }
    return out;
}

std::string render_json(const Table& t, int indent) { return json_array(t, indent, 0) + "\n"; }

std::vector<std::string> render_text_parts(const Document& d, const TextStyle& style, const JobRunner& run) {
    std::vector<std::string> tables = render_tables(d, [&style](const Table& t) { return render_text(t, style); }, run);
    std::vector<std::string> parts;
    add_block(parts, text_title_block(d, style));
    std::string* next = tables.data();
    for (const Section& s : d.sections) {
        add_text_section(s, style, next, parts);
        next += s.tables.size();
    }
    return parts;
}

std::string render_text(const Document& d, const TextStyle& style) {
    std::vector<std::string> parts = render_text_parts(d, style);
    if (parts.size() == 1) return std::move(parts.front());
    std::size_t size = 0;
    for (const std::string& p : parts) size += p.size();
    std::string out;
    out.reserve(size);
    for (const std::string& p : parts) out += p;
    return out;
}

std::string render_markdown(const Document& d) {
    std::vector<std::string> blocks;
    if (!d.title.empty()) blocks.push_back("# " + md_text(d.title) + "\n");
    blocks.push_back(md_subtitle(d.subtitle));
    for (const Section& s : d.sections) add_md_section(s, blocks);
    return join_blocks(blocks);
}

std::string render_json(const Document& d) {
    std::string summary;
    if (!d.summary.columns.empty() && !d.summary.rows.empty())
        summary = "  \"summary\": " + json_object(d.summary, d.summary.rows.front(), false) + ",\n";
    return "{\n"
           "  \"title\": " + json_string(d.title) + ",\n"
           "  \"subtitle\": " + json_list(d.subtitle) + ",\n" + summary +
           "  \"sections\": " + json_sections(d) + "\n"
           "}\n";
}

}  // namespace salesrep
