#pragma once
// A Table value and its renderers. Every report is a Table (or a Document of
// several) first, a format second; renderers return strings.
#include <cstddef>
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

// A cell holds its canonical (CSV) text; "" is an empty cell (JSON null).
using Row = std::vector<std::string>;

// A row from its cells, each moved or copied once (a braced list copies each twice).
template <class... Cells>
Row make_row(Cells&&... cells) {
    Row row;
    row.reserve(sizeof...(cells));
    (row.emplace_back(std::forward<Cells>(cells)), ...);
    return row;
}

struct Table {
    std::string name;    // "forecast": the CSV file name in `report --format csv -o DIR`
    std::string title;   // "Forecast, 2026-Q4"
    std::vector<Column> columns;
    std::vector<Row> rows;
    std::vector<bool> emphasis;  // per row: a totals / team row (bold, separated); may be shorter than rows
    std::vector<std::string> notes;  // printed under the table (text, md); not in CSV/JSON
};

struct TextStyle {
    std::size_t width = 0;  // terminal width to fit; 0: no limit
    bool color = false;     // ANSI colours (bold headers, emphasis rows, red/green bars)
    bool unicode = true;    // Unicode block bars and box-drawing rule
};

// Aligned columns: text left, numbers right with thousands separators; a rule
// under the header; emphasis rows after a rule; bars for `bar` columns; when the
// table is wider than `width`, the widest text columns are shortened with "…".
std::string render_text(const Table& t, const TextStyle& style);
// GitHub-flavoured Markdown: "### title", a pipe table with alignment row, notes as a list.
std::string render_markdown(const Table& t);
// RFC 4180 CSV: header row of keys, LF line ends, quotes only where needed.
std::string render_csv(const Table& t);
// JSON array of objects keyed by column key; money/count/pct/number as JSON
// numbers (money with two decimals), text/date as strings, "" as null.
std::string render_json(const Table& t, int indent = 2);

// Helpers shared by the renderers and by report builders.
std::string thousands(const std::string& canonical);  // "48000.00" -> "48,000.00"; "-1234" -> "-1,234"
std::string json_string(const std::string& s);        // a quoted, escaped JSON string
std::string csv_cell(const std::string& s);           // quoted when it holds , " CR or LF
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
    std::vector<Section> sections;
};
std::string render_text(const Document& d, const TextStyle& style);
std::string render_markdown(const Document& d);
// {"title":..., "subtitle":[...], "sections":[{"heading":..., "paragraphs":[...], "tables":{name: [rows]}}]}
std::string render_json(const Document& d);

}  // namespace salesrep
