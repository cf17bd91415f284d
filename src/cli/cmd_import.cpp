// salesrep import FILE.csv --rules RULES.yaml [--new DIR] [--dry-run]: a CRM
// export becomes new files under imported/: YAML for teams, agents and clients,
// and a ledger file with an `open` entry per new deal and the deals' history and
// outcomes (import.hpp does the mapping; this file reads, checks and writes).
#include "cli.hpp"

#include "salesrep/check.hpp"
#include "salesrep/import.hpp"
#include "salesrep/io.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <fnmatch.h>
#include <span>
#include <unistd.h>

namespace fs = std::filesystem;

namespace salesrep::cli {

namespace {

struct ImportOptions {
    std::string csv, rules, new_dir;
    bool dry_run = false;
};

[[noreturn]] void fail(const std::string& message, int code = 1) {
    print_error(message);
    throw Exit{code};
}

std::string join_path(const std::string& root, const std::string& rel) {
    if (!rel.empty() && rel[0] == '/') return rel;
    if (root.empty() || root == ".") return rel;
    return root + (root.back() == '/' ? "" : "/") + rel;
}

std::string read_or_fail(const std::string& path, std::string_view what) {
    std::string err;
    auto text = read_file(path, err);
    if (!text) fail(fmt::format("cannot read {} '{}': {}", what, path, err));
    return std::move(*text);
}

// Reads a CSV; its malformed records become rejected rows.
Csv read_csv(const std::string& path, char sep, std::vector<Rejected>& rejected) {
    std::string text = read_or_fail(path, "the CSV file");
    std::vector<CsvProblem> problems;
    Csv csv = parse_csv(text, sep, problems);
    if (csv.header.empty()) {
        if (!problems.empty())
            fail(fmt::format("{}:{}:{}: {} (in the header row)", path, problems[0].line, problems[0].col,
                             problems[0].message));
        fail(fmt::format("'{}' is empty: a CSV export starts with a header row naming its columns", path));
    }
    for (auto& p : problems) rejected.push_back({path, p.line, p.col, std::move(p.message)});
    return csv;
}

// The files one import writes, named after the export: imported/STEM.team.yaml,
// imported/STEM.clients.yaml, imported/STEM.ledger; STEM-2, STEM-3, ... when an
// earlier import took the name (also with the STEM.deals.yaml of older versions).
ImportFiles pick_files(const std::string& root, const std::string& csv_path) {
    std::string stem = slug(fs::path(csv_path).stem().string());
    for (int n = 1;; ++n) {
        std::string base = "imported/" + (n == 1 ? stem : fmt::format("{}-{}", stem, n));
        ImportFiles f{base + ".team.yaml", base + ".clients.yaml", base + ".ledger"};
        bool taken = false;
        for (const auto& rel : {f.team, f.clients, base + ".deals.yaml", f.ledger}) {
            std::error_code ec;
            taken |= fs::exists(join_path(root, rel), ec);
        }
        if (!taken) return f;
    }
}

bool covers(const std::vector<FileRef>& refs, const std::string& rel) {
    for (const auto& r : refs)
        if (r.pattern == rel || ::fnmatch(r.pattern.c_str(), rel.c_str(), FNM_PATHNAME) == 0) return true;
    return false;
}

// A path as an item of a YAML flow list: quoted when it holds a glob or YAML's signs.
std::string flow_item(std::string_view path) {
    return path.find_first_of("*?[:#{},") != std::string_view::npos ? fmt::format("\"{}\"", path) : std::string(path);
}

// "" when `ledger` (the refs of files: ledger:) reads `rel` before its last
// file, the one that takes new entries; else the line of files: that does.
std::string ledger_reading(const std::vector<FileRef>& ledger, const std::string& rel) {
    if (!ledger.empty() && !covers({ledger.back()}, rel) && covers(ledger, rel)) return "";
    std::vector<std::string> pats;
    for (const auto& r : ledger)
        if (r.pattern != import_glob_ledger)
            pats.push_back(flow_item(r.pattern));
    if (pats.empty()) pats.push_back("sales.ledger");
    pats.insert(pats.end() - 1, flow_item(import_glob_ledger));
    return fmt::format("  ledger: [{}]", fmt::join(pats, ", "));
}

struct Slot {
    const char* key;               // files: key
    std::vector<FileRef>* refs;    // what the book lists
    std::string rel;               // the file this import writes
    std::string_view glob;         // what to add
    std::string* text;             // its content ("" when nothing new)
    const char* empty;             // the content of an empty file of that kind
};

std::string summary(const ImportResult& r) {
    auto line = [](std::string_view what, const KindCount& k) {
        return fmt::format("{}: {} new, {} already present\n", what, k.added, k.present);
    };
    return line("teams", r.teams) + line("agents", r.agents) + line("clients", r.clients) + line("deals", r.deals) +
           line("ledger entries", r.entries) + fmt::format("rejected rows: {}\n", r.rejected.size());
}

// FILE:LINE[:COL]: rejected: REASON, the reason cleaned (it quotes the export's
// cells, which may hold control characters).
void print_rejected(const Rejected& r) {
    fmt::print(stderr, "{}:{}{}: rejected: {}\n", shown_text(r.file), r.line, r.col ? fmt::format(":{}", r.col) : "",
               shown_text(r.reason));
}

// No row of the export became a deal: nothing is written (a book without the
// export's deals is not an import). Shows the first rejected rows and how many
// rows each reason rejected, the most common first.
int all_rejected(const ImportResult& r, const std::string& csv, std::size_t rows) {
    constexpr std::size_t shown = 10;
    for (std::size_t i = 0; i < r.rejected.size() && i < shown; ++i) {
        const Rejected& x = r.rejected[i];
        print_rejected(x);
    }
    if (r.rejected.size() > shown) fmt::print(stderr, "... and {} more rejected rows\n", r.rejected.size() - shown);
    if (rows == 0 && r.rejected.empty()) {
        fmt::print(stderr, "salesrep: error: {} has no rows after its header; nothing was written\n", csv);
        return 1;
    }
    std::vector<std::pair<std::string, std::size_t>> counts;  // in order of first appearance
    for (const auto& x : r.rejected) {
        const std::string& k = x.kind.empty() ? x.reason : x.kind;
        auto it = std::find_if(counts.begin(), counts.end(), [&](const auto& c) { return c.first == k; });
        if (it == counts.end()) counts.push_back({k, 1});
        else ++it->second;
    }
    std::stable_sort(counts.begin(), counts.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    fmt::print(stderr, "salesrep: error: every row of {} was rejected, so nothing was written; the reasons:\n", csv);
    for (std::size_t i = 0; i < counts.size() && i < shown; ++i)
        fmt::print(stderr, "  {} row{}: {}\n", counts[i].second, counts[i].second == 1 ? "" : "s", shown_text(counts[i].first));
    if (counts.size() > shown) fmt::print(stderr, "  ... and {} other reasons\n", counts.size() - shown);
    return 1;
}

// Diagnostics of the rules or of the book: printed, and nothing is written (exit 1).
[[noreturn]] void fail_with(const Diags& diags, const SourceSet& sources) {
    print_diagnostics(diags, sources, stderr, true);
    throw Exit{1};
}

// The rules file, parsed; its errors end the import.
ImportRules read_rules(const ImportOptions& o, SourceSet& rules_src, Diags& diags) {
    std::uint32_t rf = rules_src.add(o.rules, read_or_fail(o.rules, "the rules file"));
    ImportRules rules;
    if (!parse_rules(rules_src.files[rf].text, rf, rules, diags)) {
        sort_diagnostics(diags);
        fail_with(diags, rules_src);
    }
    return rules;
}

// The export and the tables it is joined with (relative to its directory).
ImportInput read_input(const ImportOptions& o, const ImportRules& rules, const SourceSet& rules_src, Diags& diags,
                       std::vector<Rejected>& rejected) {
    ImportInput input;
    input.export_name = o.csv;
    input.export_csv = read_csv(o.csv, rules.separator, rejected);
    std::string dir = fs::path(o.csv).parent_path().string();
    for (const auto& t : rules.tables) {
        std::string path = join_path(dir, t.file);
        std::string err = outside_error(dir.empty() ? "." : dir, path, t.file, "the export's directory");
        if (!err.empty()) {  // rules may come with a book: they name no file elsewhere
            diags.push_back({Severity::error, t.file_pos, fmt::format("table '{}': {}; a table's file is relative to "
                                                                      "the export's directory and stays inside it",
                                                                      t.name, err)});
            fail_with(diags, rules_src);
        }
        if (!read_file(path, err)) {
            diags.push_back({Severity::error, t.file_pos, fmt::format("cannot read table '{}' from '{}': {} (a "
                                                                      "table's file is relative to the export's "
                                                                      "directory)", t.name, path, err)});
            fail_with(diags, rules_src);
        }
        input.table_names.push_back(path);
        input.tables.push_back(read_csv(path, rules.separator, rejected));
    }
    return input;
}

// The book the import goes into, and the files it writes there.
struct ImportBook {
    std::string root;
    Book book;
    FilesSpec spec;                     // what the book's files: read
    std::optional<DirectoryLock> lock;  // as the writing commands take it, waiting as long as --wait says
    ImportFiles files;                  // relative to root
};

// A new book (--new DIR), from the rules.
void start_new_book(const ImportOptions& o, const ImportRules& rules, const SourceSet& rules_src, ImportBook& t) {
    t.root = o.new_dir;
    std::error_code ec;
    if (fs::exists(join_path(t.root, "salesrep.yaml"), ec))
        fail(fmt::format("'{}' already holds a book (salesrep.yaml); import into it without --new (-C {})", t.root,
                         t.root));
    if (!rules.has_funnel)
        fail(fmt::format("{}: the rules have no 'funnel:'; a new book (--new) takes its stages from there", o.rules));
    t.book = new_book(rules);
    t.book.root = t.root;
    t.book.sources = rules_src;  // the pipelines' places are in the rules file
    t.spec.funnel = {{"funnel.yaml", {}}};
    t.spec.team = {{std::string(import_glob_team), {}}};
    t.spec.clients = {{std::string(import_glob_clients), {}}};
    t.spec.deals = {{"deals.yaml", {}}};
    t.spec.ledger = {{std::string(import_glob_ledger), {}}, {"sales.ledger", {}}};
}

// The book found as every command finds it, locked unless --dry-run.
void find_target_book(const Globals& g, const ImportOptions& o, ImportBook& t) {
    BookLocation loc = find_book(g.book, std::getenv("SALESREP_BOOK"));
    if (!loc.error.empty()) fail(loc.error + " (or give --new DIR to import into a new book)");
    t.root = loc.root;
    if (!o.dry_run) t.lock.emplace(t.root);
    if (t.lock && !t.lock->error().empty()) fail(t.lock->error() + "; nothing was written");
}

// The diagnostics of the found book that stop an import: not a glob for the
// files of imports that matches no file yet (what a first import is for), nor
// an entry dated after --today.
Diags blocking_diagnostics(Diags& load, const FilesSpec& spec, const ImportFiles& files) {
    Diags shown;
    for (auto& d : load) {
        bool first_import = false;
        for (const auto* refs : {&spec.team, &spec.clients})
            for (const auto& r : *refs)
                first_import |= d.message == fmt::format("'{}' matches no file", r.pattern) &&
                                (covers({r}, files.team) || covers({r}, files.clients));
        if (!first_import && d.code != DiagCode::future_entry) shown.push_back(std::move(d));
    }
    sort_diagnostics(shown);
    return shown;
}

// The found book, loaded and checked: its errors end the import.
void load_target_book(Date today, ImportBook& t) {
    Diags load;
    t.book = load_book(t.root, load);
    // salesrep.yaml is the book's first source: its files: say what is read.
    Diags ignored;
    Settings s;
    parse_settings(t.book.sources.files[0].text, 0, s, t.spec, ignored);
    default_files(t.spec);
    check_on_cores(t.book, today, load);
    Diags shown = blocking_diagnostics(load, t.spec, t.files);
    bool errors = false;
    for (const auto& d : shown) errors |= d.severity == Severity::error;
    if (errors) {
        print_diagnostics(shown, t.book.sources, stderr, true);
        fmt::print(stderr, "salesrep: error: the book has errors; fix them before importing into it\n");
        throw Exit{1};
    }
}

// The rows mapped into the book; the rejected rows of reading and mapping in
// the order of the files (the export first, then the tables in the rules' order).
ImportResult map_rows(const ImportRules& rules, ImportInput input, std::vector<Rejected> rejected, ImportBook& t,
                      Date today, const std::string& note, Diags& diags, const SourceSet& rules_src) {
    std::vector<std::string> input_names{input.export_name};
    input_names.insert(input_names.end(), input.table_names.begin(), input.table_names.end());
    ImportResult result = import_rows(rules, std::move(input), t.book, today, note, diags);
    if (!diags.empty()) {
        sort_diagnostics(diags);
        fail_with(diags, rules_src);
    }
    rejected.insert(rejected.end(), result.rejected.begin(), result.rejected.end());
    auto rank = [&](const Rejected& r) {
        auto it = std::find(input_names.begin(), input_names.end(), r.file);
        return std::pair(it - input_names.begin(), r.line);
    };
    std::stable_sort(rejected.begin(), rejected.end(),
                     [&](const Rejected& a, const Rejected& b) { return rank(a) < rank(b); });
    result.rejected = std::move(rejected);
    return result;
}

// A glob of `refs` takes `rel` but matches no file of imported/ yet: the file
// must be written, even empty (a book's glob must match a file).
bool first_of_glob(const std::string& root, const std::vector<FileRef>& refs, const std::string& rel) {
    bool first = false;
    for (const auto& r : refs) {
        bool glob = r.pattern.find_first_of("*?[") != std::string::npos;
        if (!glob || !covers({r}, rel)) continue;
        std::error_code ec;
        bool any = false;
        if (fs::is_directory(join_path(root, "imported"), ec))
            for (const auto& e : fs::directory_iterator(join_path(root, "imported"), ec))
                any |= covers({r}, "imported/" + e.path().filename().string());
        first |= !any;
    }
    return first;
}

// Which files are written (an empty one where a glob needs it), and the lines
// of files: that make the book read those it does not read.
std::vector<std::string> unread_files(const ImportOptions& o, const ImportBook& t, std::span<Slot> slots,
                                      const std::string& note, const ImportResult& result) {
    std::vector<std::string> uncovered;
    for (auto& s : slots) {
        // The book's glob matches no file yet: the file is written even if empty
        // (a new book's globs must match a file).
        const bool must_write = o.new_dir.empty() ? first_of_glob(t.root, *s.refs, s.rel) : true;
        if (must_write && s.text->empty()) *s.text = fmt::format("# {}\n{}", note, s.empty);
        if (s.text->empty() || covers(*s.refs, s.rel)) continue;
        std::vector<std::string> pats;
        for (const auto& r : *s.refs) pats.push_back(flow_item(r.pattern));
        pats.push_back(flow_item(s.glob));
        uncovered.push_back(fmt::format("  {}: [{}]", s.key, fmt::join(pats, ", ")));
    }
    std::string ledger_line = ledger_reading(t.spec.ledger, t.files.ledger);
    if (!result.ledger_lines.empty() && !ledger_line.empty()) uncovered.push_back(ledger_line);
    return uncovered;
}

// The book with the import added must have no error.
void verify_or_fail(ImportBook& t, const ImportResult& result, Date today) {
    const ImportFiles& f = t.files;
    ImportFiles shown{join_path(t.root, f.team), join_path(t.root, f.clients), join_path(t.root, f.ledger)};
    Diags problems = verify_import(t.book, result, shown, today);
    Diags errors;
    for (auto& d : problems)
        if (d.severity == Severity::error) errors.push_back(std::move(d));
    if (!errors.empty()) {
        sort_diagnostics(errors);
        print_diagnostics(errors, t.book.sources, stderr, true);
        fail("the book with this import would have the errors above; nothing was written");
    }
}

// The summary on stdout, and the lines of files: the book needs; nothing is written.
[[noreturn]] void refuse_unread(const std::string& out, const ImportBook& t, const std::vector<std::string>& uncovered) {
    std::fputs(out.c_str(), stdout);
    std::fflush(stdout);
    const ImportFiles& f = t.files;
    fail(fmt::format("the book does not read the files this import writes ({}), so nothing was written.\n"
                     "The imported deals are 'open' entries in {}: 'ledger:' must read imported/*.ledger before "
                     "its last file, the one that takes new entries.\n"
                     "Make these keys of 'files:' in {} read so (each line replaces the line of its key, if "
                     "there is one), then import again:\nfiles:\n{}",
                     fmt::join(std::vector<std::string>{f.team, f.clients, f.ledger}, ", "), f.ledger,
                     join_path(t.root, "salesrep.yaml"), fmt::join(uncovered, "\n")));
}

using Writes = std::vector<std::pair<std::string, std::string>>;  // path, text

// What is written: new files only (salesrep.yaml of a new book last, so that
// a failed import leaves no book); each is created, never overwritten, and
// never through a symbolic link (write_new_file). Every one stays inside the
// book, even with allow_outside (which opens reading only, as for the ledger
// appends): a committed link 'imported' leading elsewhere is refused.
Writes planned_writes(const ImportOptions& o, const ImportRules& rules, const std::string& note, const ImportBook& t,
                      std::span<const Slot> slots, const ImportResult& result) {
    Writes writes;
    const std::string& root = t.root;
    if (!o.new_dir.empty()) {
        writes.push_back({join_path(root, "funnel.yaml"), new_book_funnel(rules, note)});
        writes.push_back({join_path(root, "deals.yaml"), new_book_deals(note)});
    }
    for (const auto& s : slots)
        if (!s.text->empty()) writes.push_back({join_path(root, s.rel), *s.text});
    if (!result.ledger_lines.empty())
        writes.push_back({join_path(root, t.files.ledger), fmt::format("{}\n", fmt::join(result.ledger_lines, "\n"))});
    if (!o.new_dir.empty()) {
        writes.push_back({join_path(root, "sales.ledger"), ""});
        writes.push_back({join_path(root, "salesrep.yaml"), new_book_settings(rules, note)});
    }
    for (const auto& w : writes)
        if (std::string e = outside_error(root, w.first, w.first, "the book's directory"); !e.empty())
            fail(e + ": import writes only inside the book, even with allow_outside; nothing was written");
    return writes;
}

// Writes every file, or none (those written are removed on a failure); adds
// "wrote PATH" lines to `out`.
void write_files(const ImportOptions& o, const std::string& root, const Writes& writes, std::string& out) {
    std::error_code ec;
    fs::create_directories(join_path(root, "imported"), ec);
    if (ec) fail(fmt::format("cannot create '{}': {}", join_path(root, "imported"), ec.message()));
    if (!o.new_dir.empty() && fs::exists(join_path(root, "sales.ledger"), ec))
        fail(fmt::format("'{}' exists; --new writes a book into a directory without one", join_path(root, "sales.ledger")));
    std::vector<std::string> written;
    for (const auto& [path, text] : writes) {
        std::string err = write_new_file(path, text);
        if (!err.empty()) {
            for (const auto& p : written) ::unlink(p.c_str());
            fail(err + "; nothing was written");
        }
        written.push_back(path);
    }
    for (const auto& p : written) out += fmt::format("wrote {}\n", p);
}

// `out` on stdout, then (unless -q) how long the import took.
int finish(const Globals& g, const ImportOptions& o, const std::string& out, std::size_t rows,
           std::chrono::steady_clock::time_point start) {
    std::fputs(out.c_str(), stdout);
    std::fflush(stdout);
    if (!g.quiet) {
        double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        fmt::print(stderr, "salesrep: import read {} rows of {} in {:.2f} s\n", rows, o.csv, secs);
    }
    return 0;
}

int run_import(const Globals& g, const ImportOptions& o) {
    auto start = std::chrono::steady_clock::now();
    Date today = resolve_today(g);
    SourceSet rules_src;
    Diags diags;
    ImportRules rules = read_rules(o, rules_src, diags);
    std::vector<Rejected> rejected;
    ImportInput input = read_input(o, rules, rules_src, diags, rejected);

    // The book: a new one from the rules, or the one found as every command finds it.
    ImportBook t;
    if (!o.new_dir.empty()) start_new_book(o, rules, rules_src, t);
    else find_target_book(g, o, t);
    t.files = pick_files(t.root, o.csv);
    if (o.new_dir.empty()) load_target_book(today, t);

    std::string note = fmt::format("Imported by salesrep from {} with the rules {}.", fs::path(o.csv).filename().string(),
                                   fs::path(o.rules).filename().string());
    std::size_t rows = input.export_csv.rows.size();
    ImportResult result = map_rows(rules, std::move(input), std::move(rejected), t, today, note, diags, rules_src);
    if (result.deals.added + result.deals.present == 0) return all_rejected(result, o.csv, rows);

    Slot slots[] = {
        {"team", &t.spec.team, t.files.team, import_glob_team, &result.team_yaml, "teams: []\nagents: []\n"},
        {"clients", &t.spec.clients, t.files.clients, import_glob_clients, &result.clients_yaml, "clients: []\n"},
    };
    std::vector<std::string> uncovered = unread_files(o, t, slots, note, result);
    verify_or_fail(t, result, today);
    for (const auto& r : result.rejected)
        print_rejected(r);
    std::string out = summary(result);
    if (!uncovered.empty()) refuse_unread(out, t, uncovered);
    Writes writes = planned_writes(o, rules, note, t, slots, result);
    if (o.dry_run) out += "dry run: nothing was written\n";
    else write_files(o, t.root, writes, out);
    return finish(g, o, out, rows, start);
}

}  // namespace

void setup_import(CLI::App& app, Globals& g) {
    auto opts = std::make_shared<ImportOptions>();
    CLI::App* sub = app.add_subcommand("import", "Import a CRM export (CSV) with a rules file");
    sub->footer(
        "Maps the rows of FILE.csv (and the further CSVs the rules join to it) to teams,\n"
        "agents, clients and deals, written as NEW files (no file is ever edited or\n"
        "appended to): imported/STEM.team.yaml, imported/STEM.clients.yaml, and\n"
        "imported/STEM.ledger with an 'open' entry per new deal, then its moves and its\n"
        "win or loss. Deals are ledger entries, like those of 'salesrep open', so no YAML\n"
        "file needs an edit and git merges an import line by line.\n"
        "Ids already in the book are skipped and counted, so importing again adds nothing.\n"
        "Every rejected row is listed on stderr as FILE:LINE: rejected: REASON.\n"
        "The book must read imported/*.yaml and, in 'ledger:', imported/*.ledger before\n"
        "its last file (the one new entries go to): ledger: [\"imported/*.ledger\",\n"
        "sales.ledger]; when it does not, import writes nothing and prints the lines to\n"
        "use. With --new DIR it writes a whole new book (salesrep.yaml and funnel.yaml\n"
        "from the rules' book: and funnel:, a deals.yaml without deals, sales.ledger).\n"
        "Cells are read as CRMs write them: amounts such as $22,700.00, 22 700,00 EUR,\n"
        "(1,200.00) (a currency other than the book's rejects the row), dates such as\n"
        "2021-04-15T10:00:00Z or 15 Apr, 2021 00:02:00 (04/15/2021 with csv: date_order:).\n"
        "A history: table adds stage and set close: entries, an activities: table calls,\n"
        "meetings, emails; deal ids may come from a template (id: \"deal-{_row}\").\n"
        "The rules format: examples/import/README.md and man salesrep; presets for\n"
        "common CRM exports: examples/import/*.rules.yaml.\n"
        "Exit status: 0 imported (even with rejected rows), 1 nothing written (bad rules,\n"
        "every row rejected, a book with errors, files: to extend, a path outside the book\n"
        "or a symbolic link where a file goes, the book's lock not had within --wait),\n"
        "2 wrong usage.\n\n"
        "Examples:\n"
        "  salesrep import ../shared/data/crm-sales-opportunities/sales_pipeline.csv \\\n"
        "      --rules examples/import/crm-sales-opportunities.rules.yaml --new /tmp/crm\n"
        "  salesrep import examples/import/opportunities/opportunities.csv \\\n"
        "      --rules examples/import/opportunities.rules.yaml --new /tmp/opps\n"
        "  salesrep -C mybook import export.csv --rules crm.rules.yaml --dry-run");
    sub->add_option("FILE", opts->csv, "The exported CSV file (one row per deal)")->required()->type_name("FILE");
    sub->add_option("--rules", opts->rules, "The rules file (YAML) mapping the export to the book")
        ->required()
        ->type_name("RULES");
    sub->add_option("--new", opts->new_dir, "Write a new book into DIR instead of importing into the current one")
        ->type_name("DIR");
    sub->add_flag("-n,--dry-run", opts->dry_run, "Show the counts and rejected rows; write nothing");
    sub->callback([&g, opts] { throw Exit{run_import(g, *opts)}; });
}

}  // namespace salesrep::cli
