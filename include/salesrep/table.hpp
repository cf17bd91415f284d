#pragma once
// A Table value and its renderers. Every report is a Table (or a Document of
// several) first, a format second; renderers return strings.
#include "salesrep/jobs.hpp"

#include <algorithm>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace salesrep {

// What a column holds decides alignment and formatting in every format.
enum class ColType {
    text,   // free text / ids: left-aligned, quoted in JSON
    money,  // "48000.00" canonical; table: "48,000.00"; JSON: number 48000.00
    count,  // "12"; table: "1,234"; JSON: number
    pct,    // "62.5"; JSON: number
    number, // "3.5" (mean days, etc.): right-aligned; JSON: number
    date,   // "2026-11-26"; JSON: string
};

struct Column {
    std::string key;    // CSV header and JSON key: "days_since_contact"
    std::string title;  // table / Markdown heading: "Days since contact"
    ColType type = ColType::text;
    bool bar = false;   // table/HTML: draw a horizontal bar for this pct column (0-100+)
};

// The cells of one row, back to back in one string: a table of 100,000 rows
// allocates per row, not per cell. A cell holds its canonical (CSV) text; ""
// is an empty cell (JSON null).
class Row {
public:
    Row() = default;
    explicit Row(std::size_t cells) : ends_(cells, 0) {}  // `cells` empty cells
    Row(std::initializer_list<std::string_view> cells) {
        ends_.reserve(cells.size());
        for (std::string_view c : cells) push_back(c);
    }
    template <class It>
    Row(It first, It last) {
        for (; first != last; ++first) push_back(*first);
    }

    std::size_t size() const { return ends_.size(); }
    bool empty() const { return ends_.empty(); }
    // const: `row[i] = text` must not compile (it would assign a temporary); use set()
    const std::string_view operator[](std::size_t i) const {
        const std::size_t from = i == 0 ? 0 : ends_[i - 1];
        return std::string_view(text_).substr(from, ends_[i] - from);
    }
    const std::string_view front() const { return (*this)[0]; }
    const std::string_view back() const { return (*this)[size() - 1]; }

    void reserve(std::size_t cells, std::size_t bytes) {
        ends_.reserve(cells);
        text_.reserve(bytes);
    }
    void push_back(std::string_view cell) {
        text_.append(cell);
        ends_.push_back(static_cast<std::uint32_t>(text_.size()));
    }
    void set(std::size_t i, std::string_view cell);  // replaces cell i

    class iterator {
    public:
        using iterator_category = std::random_access_iterator_tag;
        using value_type = std::string_view;
        using difference_type = std::ptrdiff_t;
        using pointer = void;
        using reference = std::string_view;
        iterator() = default;
        iterator(const Row* row, std::size_t i) : row_(row), i_(i) {}
        const std::string_view operator*() const { return (*row_)[i_]; }
        const std::string_view operator[](difference_type n) const { return (*row_)[i_ + static_cast<std::size_t>(n)]; }
        iterator& operator++() { ++i_; return *this; }
        iterator operator++(int) { iterator t = *this; ++i_; return t; }
        iterator& operator--() { --i_; return *this; }
        iterator operator--(int) { iterator t = *this; --i_; return t; }
        iterator& operator+=(difference_type n) { i_ = static_cast<std::size_t>(static_cast<difference_type>(i_) + n); return *this; }
        iterator& operator-=(difference_type n) { return *this += -n; }
        friend iterator operator+(iterator a, difference_type n) { return a += n; }
        friend iterator operator+(difference_type n, iterator a) { return a += n; }
        friend iterator operator-(iterator a, difference_type n) { return a -= n; }
        friend difference_type operator-(const iterator& a, const iterator& b) {
            return static_cast<difference_type>(a.i_) - static_cast<difference_type>(b.i_);
        }
        friend bool operator==(const iterator& a, const iterator& b) { return a.i_ == b.i_; }
        friend auto operator<=>(const iterator& a, const iterator& b) { return a.i_ <=> b.i_; }

    private:
        const Row* row_ = nullptr;
        std::size_t i_ = 0;
    };
    iterator begin() const { return {this, 0}; }
    iterator end() const { return {this, size()}; }

    // Cell by cell (so a row is a key of a map).
    friend bool operator==(const Row& a, const Row& b) { return a.ends_ == b.ends_ && a.text_ == b.text_; }
    friend bool operator<(const Row& a, const Row& b) {
        return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end());
    }

private:
    std::string text_;                 // the cells, back to back
    std::vector<std::uint32_t> ends_;  // where each cell ends in text_
};

// A row from its cells (anything a string_view is made from), each copied once.
template <class... Cells>
Row make_row(const Cells&... cells) {
    Row row;
    row.reserve(sizeof...(cells), (std::string_view(cells).size() + ... + std::size_t{0}));
    (row.push_back(std::string_view(cells)), ...);
    return row;
}

struct Table {
    std::string name;    // "forecast": the CSV file name in `report --format csv -o DIR`
    std::string title;   // "Forecast, 2026-Q4"
    std::vector<Column> columns;
    std::vector<Row> rows;
    std::vector<bool> emphasis;  // per row: a totals / team row (bold, separated); may be shorter than rows
    std::vector<std::string> notes;  // printed under the table (text, md); not in CSV/JSON
    // Text at a terminal's width: the keys of the columns that may be left out
    // when the table does not fit, the first first (contact, phone...).
    std::vector<std::string> drop_order;
};

struct TextStyle {
    std::size_t width = 0;  // terminal width to fit; 0: no limit
    bool color = false;     // ANSI colours (bold headers, emphasis rows, red/green bars)
    bool unicode = true;    // Unicode block bars and box-drawing rule
};

// Aligned columns: text left, numbers right with thousands separators; a rule
// under the header; emphasis rows after a rule; bars for `bar` columns. When the
// table is wider than `width`: bars go, then the columns of drop_order (a line
// under the table names them), then the widest free-text columns (those with
// blanks in them) are shortened with "…". Ids, dates and numbers are never cut.
std::string render_text(const Table& t, const TextStyle& style);
// GitHub-flavoured Markdown: "### title", a pipe table with alignment row, notes as a list.
std::string render_markdown(const Table& t);
// RFC 4180 CSV: header row of keys, LF line ends, quotes only where needed.
std::string render_csv(const Table& t);
// JSON array of objects keyed by column key; money/count/pct/number as JSON
// numbers (money with two decimals), text/date as strings, "" as null.
std::string render_json(const Table& t, int indent = 2);

// Helpers shared by the renderers and by report builders.
std::string thousands(std::string_view canonical);  // "48000.00" -> "48,000.00"; "-1234" -> "-1,234"
std::string json_string(std::string_view s);            // a quoted, escaped JSON string
std::string csv_cell(std::string_view s);              // quoted when it holds , " CR or LF
// A text column's cell: csv_cell, after a leading ' when it starts with = + - @
// tab or CR and is not a plain number (spreadsheet formula injection), with
// control characters but line feeds blanked.
std::string csv_text_cell(std::string_view s);
// A horizontal bar of `cells` character cells for pct (0..100; more is capped,
// with a final '▶'), using Unicode eighth blocks (or '#' when !unicode).
std::string bar(double pct_value, std::size_t cells, bool unicode);
// Display width of UTF-8 text (code points; wide CJK counted 2).
std::size_t display_width(std::string_view s);

// A document: the sections of `report`.
struct Section {
    std::string heading;                 // "Forecast"
    std::vector<std::string> paragraphs; // plain text lines before the tables
    std::vector<Table> tables;
};
struct Document {
    std::string title;                   // "Northwind Traders — sales report, 2026-Q4"
    std::vector<std::string> subtitle;   // "As of 2026-11-26", ...
    // The headline figures as numbers, one row (JSON only: "summary": {...};
    // the other formats say them in the sections' sentences). No columns: none.
    Table summary;
    std::vector<Section> sections;
};
std::string render_text(const Document& d, const TextStyle& style);
// render_text's text in parts, in order (their concatenation is render_text's
// result): a big report's tables are written as they were rendered, without
// being copied into one string first. Each table is rendered as a job of `run`.
std::vector<std::string> render_text_parts(const Document& d, const TextStyle& style, const JobRunner& run = {});
std::string render_markdown(const Document& d);
// {"title":..., "subtitle":[...], "summary":{key: value} (when it has one),
//  "sections":[{"heading":..., "paragraphs":[...], "tables":{name: [rows]}}]}
std::string render_json(const Document& d);

}  // namespace salesrep
