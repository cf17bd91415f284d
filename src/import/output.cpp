// import: the output: the new YAML texts (teams, agents, clients) and ledger
// lines (the new deals' `open` entries, history, outcomes), a new book's
// salesrep.yaml, funnel.yaml and deals.yaml, and the check of the book with the
// import.
#include "map.hpp"

#include "salesrep/check.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <tuple>

namespace salesrep {
namespace import_detail {

namespace {

// The `open` entry of a new deal (SPEC §7): its strings are views of `d`.
Entry open_entry(const Deal& d) {
    Entry e;
    e.date = d.opened;
    e.kind = Kind::open;
    e.target = d.id;
    e.agent = d.owner;
    e.amount = d.amount;
    e.stage = d.stage;
    e.note = d.title;
    e.has_note = !d.title.empty();
    EntryDetails& x = e.change_details();
    x.set.close = d.expected_close;
    x.record.client = d.client;
    x.record.pipeline = d.pipeline;
    x.record.source = d.source;
    return e;
}

// The comment that heads a written YAML file.
std::string file_header(std::string_view note, std::string_view what) {
    return fmt::format("# {}\n# {}: written once by 'salesrep import'; later changes go in the ledger.\n", note, what);
}

// `, key: value` (` key: value` after the opening brace) of a flow map; nothing when the value is empty.
void add_kv(std::string& s, std::string_view key, std::string_view value) {
    if (value.empty()) return;
    s += fmt::format("{}{}: {}", s.back() == '{' ? " " : ", ", key, yaml_scalar(value));
}

// The new teams, agents or clients of `records`, one flow map a line (its
// fields written by `fields`); those the book has are counted as present.
template <class Record, class Fields>
std::string yaml_items(const std::vector<Record>& records, KindCount& count, Fields&& fields) {
    std::string items;
    for (const auto& x : records) {
        if (x.present) { ++count.present; continue; }
        ++count.added;
        std::string s = "  - {";
        fields(s, x);
        items += s + " }\n";
    }
    return items;
}

}  // namespace

std::string Importer::team_items() {
    return yaml_items(teams_, res_.teams, [](std::string& s, const NewTeam& t) {
        add_kv(s, "id", t.id);
        add_kv(s, "name", t.name);
        add_kv(s, "lead", t.lead);
    });
}

std::string Importer::agent_items() {
    return yaml_items(agents_, res_.agents, [](std::string& s, const NewAgent& a) {
        add_kv(s, "id", a.id);
        add_kv(s, "name", a.name);
        add_kv(s, "team", a.team);
        if (a.role && *a.role != Role::agent) add_kv(s, "role", role_name(*a.role));
        add_kv(s, "email", a.email);
    });
}

std::string Importer::client_items() {
    return yaml_items(clients_, res_.clients, [](std::string& s, const NewClient& c) {
        add_kv(s, "id", c.id);
        add_kv(s, "name", c.name);
        add_kv(s, "industry", c.industry);
        add_kv(s, "segment", c.segment);
        add_kv(s, "owner", c.owner);
        const Contact& k = c.contact;
        if (!k.name.empty() || !k.title.empty() || !k.email.empty() || !k.phone.empty()) {
            std::string ct = "{";
            add_kv(ct, "name", k.name);
            add_kv(ct, "title", k.title);
            add_kv(ct, "email", k.email);
            add_kv(ct, "phone", k.phone);
            s += ", contact: " + ct + " }";
        }
    });
}

// Each new deal: an `open` entry on the day it was opened, first among the
// lines of that day (rank -1); then its moves (0) and its outcome (1).
void Importer::write_ledger_lines() {
    std::vector<Line> all;
    all.reserve(deals_.size() + entries_.size() + lines_.size());
    for (const auto& d : deals_) {
        if (d.present) { ++res_.deals.present; continue; }
        ++res_.deals.added;
        all.push_back({d.deal.opened, -1, format_entry(open_entry(d.deal))});
    }
    for (const auto& e : entries_)
        all.push_back({e.date, e.kind == Kind::won || e.kind == Kind::lost ? 1 : 0, format_entry(e)});
    for (auto& l : lines_) all.push_back(std::move(l));
    std::stable_sort(all.begin(), all.end(),
                     [](const Line& a, const Line& b) { return std::tie(a.date, a.rank) < std::tie(b.date, b.rank); });
    for (auto& l : all) res_.ledger_lines.push_back(std::move(l.text));
    res_.entries.added = all.size() - res_.deals.added;
}

void Importer::write_output(std::string_view note) {
    std::string teams = team_items(), agents = agent_items();
    if (res_.teams.added || res_.agents.added)
        res_.team_yaml = file_header(note, "teams and agents") + (teams.empty() ? "teams: []\n" : "teams:\n" + teams) +
                         (agents.empty() ? "agents: []\n" : "agents:\n" + agents);
    std::string clients = client_items();
    if (res_.clients.added) res_.clients_yaml = file_header(note, "clients") + "clients:\n" + clients;
    write_ledger_lines();
}

}  // namespace import_detail

using import_detail::yaml_scalar;

Book new_book(const ImportRules& rules) {
    Book b;
    b.settings.company = rules.company;
    b.settings.currency = rules.currency;
    b.settings.fiscal_year_start = rules.fiscal_year_start;
    b.pipelines = rules.pipelines;
    b.index();
    return b;
}

std::string new_book_settings(const ImportRules& rules, std::string_view note) {
    std::string s = fmt::format("# {}\n", note);
    if (!rules.company.empty()) s += fmt::format("company: {}\n", yaml_scalar(rules.company));
    if (!rules.currency.empty()) s += fmt::format("currency: {}\n", rules.currency);
    s += fmt::format("fiscal_year_start: {}\n", rules.fiscal_year_start);
    s += fmt::format("files:\n  funnel: funnel.yaml\n  team: \"{}\"\n  clients: \"{}\"\n  deals: deals.yaml\n"
                     "  # imported deals are opened in imported/*.ledger; new entries go to the last file\n"
                     "  ledger: [\"{}\", sales.ledger]\n",
                     import_glob_team, import_glob_clients, import_glob_ledger);
    return s;
}

std::string new_book_deals(std::string_view note) {
    return fmt::format("# {}\n# No deal here: the imported deals are opened by 'open' entries in imported/*.ledger,\n"
                       "# and new ones with 'salesrep open'. Deals may also be listed here.\ndeals: []\n",
                       note);
}

std::string new_book_funnel(const ImportRules& rules, std::string_view note) {
    std::string s = fmt::format("# {}\n", note);
    auto stage = [](const Stage& st, std::string_view indent) {
        std::string l = fmt::format("{}- {{ id: {}, name: {}, probability: {}", indent, st.id, yaml_scalar(st.name),
                                    st.probability);
        if (st.max_days) l += fmt::format(", max_days: {}", *st.max_days);
        if (st.category) l += fmt::format(", category: {}", category_name(*st.category));
        return l + " }\n";
    };
    if (rules.funnel_single && !rules.pipelines.empty()) {
        s += "stages:\n";
        for (const auto& st : rules.pipelines[0].stages) s += stage(st, "  ");
        return s;
    }
    s += "pipelines:\n";
    for (const auto& p : rules.pipelines) {
        s += fmt::format("  - id: {}\n    name: {}\n", p.id, yaml_scalar(p.name));
        if (!p.segments.empty()) {
            std::vector<std::string> segs;
            for (const auto& seg : p.segments) segs.push_back(yaml_scalar(seg));
            s += fmt::format("    segments: [{}]\n", fmt::join(segs, ", "));
        }
        s += "    stages:\n";
        for (const auto& st : p.stages) s += stage(st, "      ");
    }
    return s;
}

Diags verify_import(Book& book, const ImportResult& result, const ImportFiles& files, Date today) {
    Diags diags;
    if (!result.team_yaml.empty()) {
        std::uint32_t f = book.sources.add(files.team, result.team_yaml);
        parse_team(book.sources.files[f].text, f, book.teams, book.agents, diags);
    }
    if (!result.clients_yaml.empty()) {
        std::uint32_t f = book.sources.add(files.clients, result.clients_yaml);
        parse_clients(book.sources.files[f].text, f, book.settings, book.clients, diags);
    }
    if (!result.ledger_lines.empty()) {
        std::string text;
        for (const auto& l : result.ledger_lines) text += l + "\n";
        std::uint32_t f = book.sources.add(files.ledger, std::move(text));
        std::size_t first = book.entries.size();
        parse_ledger(book.sources.files[f].text, f, book.settings, book.entries, diags);
        add_ledger_records(book, diags, first);  // the deals of the `open` entries
        // The book reads imported/*.ledger before its last ledger file: its
        // entries come before that file's in reading order (which orders the
        // entries of one day and time), as they will when the book is loaded.
        if (!book.ledger_files.empty()) {
            auto last = std::find_if(book.sources.files.begin(), book.sources.files.end(),
                                     [&](const SourceFile& s) { return s.path == book.ledger_files.back(); });
            auto from = book.entries.begin() + static_cast<std::ptrdiff_t>(first);
            auto at = std::find_if(book.entries.begin(), from, [&](const Entry& e) {
                return last != book.sources.files.end() && e.file == last - book.sources.files.begin();
            });
            std::rotate(at, from, book.entries.end());
        }
    }
    book.index();
    check_money_sums(book, diags);  // no amount of the export may make totals wrap around
    check_book(book, today, diags);
    return diags;
}


}  // namespace salesrep
