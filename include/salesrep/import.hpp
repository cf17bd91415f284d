#pragma once
// import: a CRM export (CSV) plus a rules file -> new YAML files (teams, agents,
// clients) and ledger lines (an `open` entry per new deal, then the deals'
// history and outcomes) for a book. Pure: text in, text out; the CLI reads the
// files and writes the result (salesrep never edits an existing file: an import
// adds new ones).
#include "salesrep/book.hpp"
#include "salesrep/load.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace salesrep {

// ---- CSV (RFC 4180) ----------------------------------------------------------

struct CsvProblem {
    std::uint32_t line = 0;  // 1-based line where the record starts
    std::uint32_t col = 0;   // 1-based column of the problem (0: the record as a whole)
    std::string message;
};

struct Csv {
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;  // each exactly as wide as the header
    std::vector<std::uint32_t> lines;            // per row: the line it starts on
    std::vector<std::uint32_t> numbers;          // per row: its number among the records after the header
                                                 // (malformed ones counted): what a template's {_row} gives
    int column(std::string_view name) const;     // index in the header, -1 when absent
};

// Reads CSV text: a UTF-8 byte order mark is skipped; lines end in LF, CRLF or
// CR; a field in double quotes may hold the separator, line breaks and "" (one
// quote). The first record is the header. Empty lines are skipped. A record that
// is not well formed (a quote inside an unquoted field, text after a closing
// quote, an unterminated quoted field, invalid UTF-8, more or fewer fields than
// the header) is reported with the line it starts on and left out.
Csv parse_csv(std::string_view text, char separator, std::vector<CsvProblem>& problems);

// ---- ids -----------------------------------------------------------------------

// A valid id made from a name: ASCII letters lowercased, blanks and '-' become
// '-', letters, digits, '.' and '_' are kept, everything else is dropped; runs of
// '-' collapse, and leading characters that are not letters or digits and
// trailing '-' are trimmed. A name with nothing left gives "x".
std::string slug(std::string_view name);

// Parses `text` with a date format: %Y (4 digits), %y (2 digits: 70-99 -> 19xx,
// else 20xx), %m and %d (1 or 2 digits), %b / %B (month name or its first three
// letters, any case; also "Sept"), %H %M %S (digits, ignored), %% (a '%'); any
// other character must be itself. Impossible days are refused.
std::optional<Date> parse_date_as(std::string_view text, std::string_view format);

// ---- cells as CRMs write them ----------------------------------------------------

// Which of two numbers comes first in a numeric date such as 04/05/2021.
enum class DateOrder : std::uint8_t { unknown, month_first, day_first };

// The date formats tried when the rules give no `date_format`: ISO (2021-04-15,
// 2021/04/15), day and month name (15 Apr 2021, 15 Apr, 2021, 15-Apr-2021,
// Apr 15, 2021, April 15 2021) and, only with a DateOrder, numeric dates
// (04/15/2021, 04/15/21, 04-15-2021, 04.15.2021 month first; the same day first).
std::vector<std::string> default_date_formats(DateOrder order);

// Reads a date cell: `formats` are tried in order (empty: default_date_formats)
// on the whole text, then on the text less a time part at its end, which is
// accepted and dropped: " 00:02:00", "T23:30:00.000Z", " 3:02 PM", " 10:00 +02:00"
// (the date is the one written; no time zone is applied). On failure returns
// nullopt and sets `why` to the reason (without the cell's value), e.g. that a
// numeric date needs `date_order:`.
std::optional<Date> read_date(std::string_view text, const std::vector<std::string>& formats, DateOrder order,
                              std::string* why = nullptr);

// How amounts are written: `thousands` is the grouping mark ("" : any of `,`
// `.` `'` and the blanks, as the number shows; " " stands for any blank: space,
// no-break space U+00A0, narrow no-break space U+202F, thin space U+2009);
// `decimal` is the decimal mark (0: `.` or `,`, as the number shows).
struct AmountFormat {
    std::string thousands;
    char decimal = 0;
};

// Reads an amount cell as CRMs write it: `$22,700.00`, `22 700,00 €`,
// `EUR 1.200,50`, `USD 900`, `1'200.50 CHF`, `-1,200.00`, `$-5`, `(1,200.00)`
// (negative), `1,200.00-`. A currency symbol or ISO code may stand before or
// after the number (with or without a blank); it must be `currency` (a symbol
// that several currencies use, such as `$`, is accepted for each of them; when
// `currency` is empty, no symbol or code is accepted). Groups are 3 digits after
// a first group of 1 to 3. Without `decimal`, a lone `.` or `,` followed by
// exactly three digits groups thousands (amounts have at most two decimals),
// else it is the decimal mark; with two marks, the last is the decimal one. More
// than two decimals are refused unless the extra ones are zeros. On failure
// returns nullopt with `why`, which quotes the text.
std::optional<Money> read_amount(std::string_view text, std::string_view currency, const AmountFormat& format,
                                 std::string& why);

// ---- rules ---------------------------------------------------------------------

// Where a field's value comes from: a column of the row being read (or
// TABLE.COLUMN of a joined table), a template holding {COLUMN} references, or a
// fixed value; `fallback` replaces an empty result.
struct FieldSpec {
    enum class From : std::uint8_t { none, column, templ, literal };
    From from = From::none;
    std::string text;  // the column, template or value
    std::string fallback;
    bool has_fallback = false;
    SourcePos pos;
    bool given() const { return from != From::none; }
};

// A further CSV, joined to the rows that name its key.
struct TableRule {
    std::string name;  // how the rules refer to it (TABLE.COLUMN, from: TABLE)
    std::string file;  // path, relative to the export's directory unless absolute
    std::string key;   // its column holding the key ("": not joined, only read row by row)
    std::string join;  // the column of the row being read that holds the key (default: `key`)
    SourcePos pos, file_pos, key_pos, join_pos;
};

// How one kind of record (teams, agents, clients, deals) is made.
struct KindRule {
    bool given = false;
    std::string from = "export";  // `export` or a table's name: the rows that describe the records
    bool keep_ids = false;        // id: keep (the key as is when it is a valid id) or slug (default)
    bool create_missing = true;   // missing: create | reject (for keys named by other records)
    FieldSpec key;
    FieldSpec id_template;  // deals: `id: "{LEADID}"`: the id made from a template (and the key, without `key:`)
    std::map<std::string, FieldSpec, std::less<>> fields;  // by field name (contact.name, ...)
    SourcePos pos, from_pos;
    const FieldSpec* field(std::string_view name) const;
};

// `history:`: a table with one row per change of a deal (its stage, its close
// date), as CRMs export "opportunity history"; each change becomes a `stage` or
// `set close:` entry.
struct HistoryRule {
    bool given = false;
    std::string from;  // a table of `tables:` (one without `key:` may have many rows per deal)
    FieldSpec deal, date, stage, close;
    SourcePos pos, from_pos;
};

// `activities:`: a table with one row per call, meeting, task, ...; each becomes
// an interaction entry (or a note) about a deal or a client.
struct ActivityRule {
    bool given = false;
    std::string from;
    FieldSpec date, type, owner, deal, client, note;
    std::vector<std::pair<std::string, std::string>> types;  // the export's type -> a ledger kind
    SourcePos pos, from_pos;
};

struct StatusRule {
    std::string value;    // as in the export
    std::string outcome;  // a stage id, `won` or `lost`
    SourcePos pos;
};

struct ImportRules {
    // book: (only for a new book)
    bool has_book = false;
    std::string company, currency;
    unsigned fiscal_year_start = 1;
    // funnel: (only for a new book)
    bool has_funnel = false;
    bool funnel_single = false;  // written as one `stages:` list
    std::vector<Pipeline> pipelines;
    SourcePos funnel_pos;
    // csv:
    char separator = ',';
    std::vector<std::string> date_formats;  // empty: default_date_formats(date_order)
    DateOrder date_order = DateOrder::unknown;
    AmountFormat amounts;  // thousands: and decimal:
    std::vector<TableRule> tables;
    struct Rewrite {
        std::string column;  // COLUMN (of the export) or TABLE.COLUMN
        std::vector<std::pair<std::string, std::string>> values;
        SourcePos pos;
    };
    std::vector<Rewrite> rewrites;
    KindRule teams, agents, clients, deals;
    HistoryRule history;
    ActivityRule activities;
    std::vector<StatusRule> statuses;
    std::string closed_stage;  // the stage won/lost deals were in when opened (empty: the first)
    SourcePos closed_stage_pos;
    SourcePos pos;
};

// Parses a rules file; every problem is a diagnostic at file:line:col.
// Returns false when there were errors.
bool parse_rules(std::string_view text, std::uint32_t file, ImportRules& out, Diags& diags);

// ---- the import ----------------------------------------------------------------

struct ImportInput {
    std::string export_name;  // the export as shown in messages
    Csv export_csv;
    std::vector<std::string> table_names;  // parallel to rules.tables: each CSV as shown
    std::vector<Csv> tables;               // parallel to rules.tables
};

struct Rejected {
    std::string file;  // as shown
    std::uint32_t line = 0;
    std::uint32_t col = 0;  // 0: the row as a whole
    std::string reason;
    std::string kind{};  // the reason without the row's values, to count rows rejected alike ("" : the reason)
};

struct KindCount {
    std::size_t added = 0, present = 0;
};

struct ImportResult {
    // Each file's text, or "" when it has nothing new.
    std::string team_yaml, clients_yaml;
    // The lines of the import's ledger file: canonical, without line ends, in
    // date order; within a day the `open` entries of new deals first, outcomes last.
    std::vector<std::string> ledger_lines;
    std::vector<Rejected> rejected;  // in file order, then line
    // deals: the `open` entries (new) and the deals the book has (present);
    // entries: the other ledger lines.
    KindCount teams, agents, clients, deals, entries;
    bool nothing_new() const { return team_yaml.empty() && clients_yaml.empty() && ledger_lines.empty(); }
};

// Maps the rows to records of `book` (the book imported into, or new_book()'s
// skeleton): ids that the book already has are skipped and counted as present;
// rows that cannot be imported are rejected with their reason. Problems of the
// rules themselves (a column that the CSV lacks, a stage that no pipeline has)
// are errors in `diags`, and then nothing is imported. `today` is the day as of
// which present deals are replayed (an outcome is added to a deal still open).
// `note` becomes the comment at the top of each YAML file.
ImportResult import_rows(const ImportRules& rules, ImportInput input, const Book& book, Date today,
                         std::string_view note, Diags& diags);

// A new book's skeleton from the rules' `book:` and `funnel:`: settings and
// pipelines, nothing else.
Book new_book(const ImportRules& rules);

// The paths (relative to a book's root) of the new files an import writes.
struct ImportFiles {
    std::string team, clients;  // YAML files
    std::string ledger;         // its ledger file: the new deals' `open` entries, their history and outcomes
};

// salesrep.yaml, funnel.yaml and deals.yaml of a new book. salesrep.yaml names
// the imported files by the globs below, so later imports add to the book
// without editing it; its ledger: reads imported/*.ledger before sales.ledger,
// the file that takes new entries. deals.yaml has no deal (they are opened in
// the ledger), as the file is required.
std::string new_book_settings(const ImportRules& rules, std::string_view note);
std::string new_book_funnel(const ImportRules& rules, std::string_view note);
std::string new_book_deals(std::string_view note);
// The globs that a book's files: must list so that `files` are read.
inline constexpr std::string_view import_glob_team = "imported/*.team.yaml";
inline constexpr std::string_view import_glob_clients = "imported/*.clients.yaml";
inline constexpr std::string_view import_glob_ledger = "imported/*.ledger";
// What earlier versions wrote the deals to (imported/STEM.deals.yaml): books
// that read them keep doing so; no import writes one any more.
inline constexpr std::string_view import_glob_deals = "imported/*.deals.yaml";

// Adds the import to `book` (the new YAML and ledger files read as files of the
// book, their texts added to its sources; the ledger file's entries read just
// before those of the book's last ledger file, as `ledger: ["imported/*.ledger",
// sales.ledger]` reads them; the deals of its `open` entries added as records,
// as load_book does) and checks it as of `today`. Returns the parse and check
// diagnostics: errors mean the import must not be written. The new files are
// shown under the paths of `files`.
Diags verify_import(Book& book, const ImportResult& result, const ImportFiles& files, Date today);

}  // namespace salesrep
