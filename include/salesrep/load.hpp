#pragma once
// Parsers on text: YAML files and ledger text -> the Book's parts. They never
// touch the disk; every problem becomes a Diagnostic at file:line:col.
#include "salesrep/book.hpp"
#include "salesrep/diagnostic.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace salesrep {

using Diags = std::vector<Diagnostic>;

// One `files:` key of salesrep.yaml: its paths or globs, with their places.
struct FileRef {
    std::string pattern;
    SourcePos pos;
};
struct FilesSpec {
    std::vector<FileRef> funnel, team, clients, deals, targets, ledger;
    bool has_targets = false, has_ledger = false;  // given explicitly
    bool allow_outside = false;  // salesrep.yaml's `allow_outside: true`: files may lie outside the book
};

void parse_settings(std::string_view text, std::uint32_t file, Settings& out, FilesSpec& files, Diags& diags);
// The files a book reads where salesrep.yaml names none (SPEC §1): funnel.yaml,
// team.yaml, clients.yaml, deals.yaml, targets.yaml, sales.ledger.
void default_files(FilesSpec& files);
void parse_funnel(std::string_view text, std::uint32_t file, std::vector<Pipeline>& out, Diags& diags);
void parse_team(std::string_view text, std::uint32_t file, std::vector<Team>& teams,
                std::vector<Agent>& agents, Diags& diags);
void parse_clients(std::string_view text, std::uint32_t file, const Settings& settings,
                   std::vector<Client>& out, Diags& diags);
void parse_deals(std::string_view text, std::uint32_t file, const Settings& settings,
                 std::vector<Deal>& out, Diags& diags);
// The two readers parse_deals chooses between, for tests and fuzzing. From
// yaml-cpp's events (about twice as fast): false, with nothing appended or
// reported, unless the text is a plainly valid deals file. From yaml-cpp's node
// tree: any text, every error reported.
bool parse_deals_from_events(std::string_view text, std::uint32_t file, const Settings& settings,
                             std::vector<Deal>& out);
void parse_deals_from_tree(std::string_view text, std::uint32_t file, const Settings& settings,
                           std::vector<Deal>& out, Diags& diags);
void parse_targets(std::string_view text, std::uint32_t file, const Settings& settings,
                   std::vector<Target>& out, Diags& diags);

// Ledger text -> entries (appended to `out`).
// Lines that do not parse produce a diagnostic and no entry. The entries view
// `text` (which must outlive them) and, for quoted strings with escapes, strings
// kept in `arena` (default: scratch_arena()).
// `first_line` is the number of the text's first line (a slice of a file).
void parse_ledger(std::string_view text, std::uint32_t file, const Settings& settings,
                  std::vector<Entry>& out, Diags& diags, TextArena* arena = nullptr, std::uint32_t first_line = 1);
// The lines of a ledger text (its '\n's + 1), and of them those that may hold
// an entry (`slots`: not blank, not a comment, not starting with a blank).
struct LedgerLines {
    std::size_t lines = 0;
    std::size_t slots = 0;
};
LedgerLines count_ledger_lines(std::string_view text);
// The same as parse_ledger into out[0..], which must have count_ledger_lines(text).slots
// entries; returns how many it filled (fewer when lines have errors).
std::size_t parse_ledger_into(std::string_view text, std::uint32_t file, const Settings& settings, Entry* out,
                              Diags& diags, TextArena* arena, std::uint32_t first_line);
// Parses a single ledger line (no line end). Returns false with diagnostics on error.
bool parse_entry(std::string_view line, std::uint32_t file, std::uint32_t lineno,
                 const Settings& settings, Entry& out, Diags& diags, TextArena* arena = nullptr);
// The arena of this thread, alive as long as the thread: for single entries
// (tests, a write) whose strings have no other home.
TextArena& scratch_arena();
// The 1-based column of `part` in a ledger line, as parse_entry reads it; 0 when
// the line does not have that part.
std::uint32_t entry_column(std::string_view line, const Settings& settings, EntryPart part);

// SPEC §7 `open` and `client`: appends to book.deals and book.clients a record
// for each such entry of book.entries[first_entry..] (the earlier ones were added
// already), clients first, each group in replay order, so that of two records
// with one id the later is the duplicate that check reports. Rebuilds the
// book's indexes when it adds any. An `open` entry without an owner (no @agent,
// its client has none) is an error in `diags`.
void add_ledger_records(Book& book, Diags& diags, std::size_t first_entry = 0);

// Money totals must fit in int64 cents: an error (at the amount that makes
// the sum of every amount of the book, taken positive, too big) when the deals'
// amounts, the opening balances, the targets and the ledger's amounts could add
// up beyond it. Any total salesrep computes is a sum of some of them, so none
// can then overflow. Called by load_book once every file is read.
void check_money_sums(const Book& book, Diags& diags);

// The canonical one-line form of an entry (no line end): the parser reads it
// back to the same entry.
std::string format_entry(const Entry& e);
// A quoted ledger string: "..." with \" and \\ escaped.
std::string quote_ledger(std::string_view s);

// The parts of an entry that round-trip (for tests): everything but positions.
bool same_entry(const Entry& a, const Entry& b);

}  // namespace salesrep
