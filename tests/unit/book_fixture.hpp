#pragma once
// Builds a Book from in-memory texts, the way the loader does from files, so
// the unit tests of replay and check never touch the disk. Each text is
// registered in Book::sources under the usual file name, so diagnostics have
// a file to name.
#include "salesrep/book.hpp"
#include "salesrep/diagnostic.hpp"
#include "salesrep/load.hpp"
#include "salesrep/period.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace salesrep::testing {

// A small book: two pipelines, two teams, four agents, three clients.
inline const std::string default_settings = "company: Northwind Traders\ncurrency: EUR\n";

inline const std::string default_funnel = R"(pipelines:
  - id: smb
    name: Small business
    segments: [smb, startup]
    stages:
      - { id: lead,        name: Lead,        probability: 10, max_days: 14 }
      - { id: qualified,   name: Qualified,   probability: 25, max_days: 21 }
      - { id: proposal,    name: Proposal,    probability: 50, max_days: 21, category: best_case }
      - { id: negotiation, name: Negotiation, probability: 75, max_days: 14, category: commit }
      - { id: verbal,      name: Verbal yes,  probability: 90, max_days: 7 }
  - id: enterprise
    segments: [enterprise]
    stages:
      - { id: discovery, probability: 5 }
      - { id: solution,  probability: 60 }
      - { id: shortlist, probability: 80, category: pipeline }
      - { id: contract,  probability: 75 }
)";

inline const std::string default_team = R"(teams:
  - { id: north, name: North region, lead: carol }
  - { id: south, name: South region }
agents:
  - { id: alice, name: Alice Martin, team: north, email: alice@example.com }
  - { id: bruno, name: Bruno Costa,  team: south }
  - { id: carol, name: Carol Diaz,   team: north, role: lead }
  - { id: dave,  name: Dave Roy,     role: director }
)";

inline const std::string default_clients = R"(clients:
  - { id: acme,    name: ACME Industries SA, segment: enterprise, owner: alice, opening_balance: 1200.00 }
  - { id: globex,  name: Globex,             segment: smb,        owner: bruno }
  - { id: initech, name: Initech,            segment: startup }
)";

inline const std::string default_deals = R"(deals:
  - { id: acme-renewal, client: acme, owner: alice, amount: 48000, opened: 2026-09-01, stage: solution }
)";

struct BookTexts {
    std::string settings = default_settings;
    std::string funnel = default_funnel;
    std::string team = default_team;
    std::string clients = default_clients;
    std::string deals = default_deals;
    std::string targets;               // empty: no targets file
    std::vector<std::string> ledgers;  // one text per ledger file, in file order
};

// Parses every text into a Book (sources registered, indexes built); every
// problem found while parsing goes to `diags`.
inline Book load_book(const BookTexts& t, Diags& diags) {
    Book b;
    b.root = "book";
    FilesSpec files;
    std::uint32_t f = b.sources.add("salesrep.yaml", t.settings);
    parse_settings(t.settings, f, b.settings, files, diags);
    f = b.sources.add("funnel.yaml", t.funnel);
    parse_funnel(t.funnel, f, b.pipelines, diags);
    f = b.sources.add("team.yaml", t.team);
    parse_team(t.team, f, b.teams, b.agents, diags);
    f = b.sources.add("clients.yaml", t.clients);
    parse_clients(t.clients, f, b.settings, b.clients, diags);
    f = b.sources.add("deals.yaml", t.deals);
    parse_deals(t.deals, f, b.settings, b.deals, diags);
    if (!t.targets.empty()) {
        f = b.sources.add("targets.yaml", t.targets);
        parse_targets(t.targets, f, b.settings, b.targets, diags);
    }
    // The entries view the texts registered in b.sources (never the caller's
    // BookTexts, which may be a temporary) and, for quoted strings with escapes,
    // the book's own arena.
    auto arena = std::make_shared<TextArena>();
    for (std::size_t i = 0; i < t.ledgers.size(); ++i) {
        std::string path = t.ledgers.size() == 1 ? "sales.ledger" : fmt::format("ledger{}.ledger", i + 1);
        b.ledger_files.push_back(path);
        f = b.sources.add(path, t.ledgers[i]);
        parse_ledger(b.sources.files[f].text, f, b.settings, b.entries, diags, arena.get());
    }
    b.arenas.push_back(std::move(arena));
    b.index();
    add_ledger_records(b, diags);  // as load_book does
    return b;
}

// "file:line:col: error: message" (no source line, no caret): one string per
// diagnostic, in the order given.
inline std::vector<std::string> lines_of(const Diags& diags, const SourceSet& sources) {
    std::vector<std::string> out;
    for (const Diagnostic& d : diags) {
        std::string path = d.pos.file < sources.files.size() ? sources.files[d.pos.file].path : "?";
        out.push_back(fmt::format("{}:{}:{}: {}: {}", path, d.pos.line, d.pos.col,
                                  d.severity == Severity::error ? "error" : "warning", d.message));
    }
    return out;
}

inline std::string joined(const std::vector<std::string>& v) {
    std::string s;
    for (const auto& x : v) s += x + "\n";
    return s;
}

// A Book that must load without a single diagnostic.
inline Book book_of(const BookTexts& t) {
    Diags diags;
    Book b = load_book(t, diags);
    INFO(joined(lines_of(diags, b.sources)));
    REQUIRE(diags.empty());
    return b;
}

// A book with the default YAML and one ledger text.
inline Book book_with_ledger(std::string ledger) {
    BookTexts t;
    t.ledgers.push_back(std::move(ledger));
    return book_of(t);
}

inline Date day(std::string_view text) {
    std::optional<Date> d = parse_date(text);
    REQUIRE_MESSAGE(d.has_value(), text);
    return *d;
}

inline Date ymd(int y, unsigned m, unsigned d) { return Date::from_ymd(y, m, d); }

// "FROM..TO", an unbounded side empty.
inline std::string span(const Period& p) {
    return (p.from ? format_date(*p.from) : "") + ".." + (p.to ? format_date(*p.to) : "");
}

// Settings with the currency EUR, the rest as defaults.
inline Settings eur() {
    Settings s;
    s.currency = "EUR";
    return s;
}

}  // namespace salesrep::testing

template <>
struct doctest::StringMaker<salesrep::SourcePos> {
    static doctest::String convert(const salesrep::SourcePos& p) {
        return fmt::format("{{file {} line {} col {}}}", p.file, p.line, p.col).c_str();
    }
};

template <>
struct doctest::StringMaker<std::vector<std::string>> {
    static doctest::String convert(const std::vector<std::string>& v) {
        std::string s = "{";
        for (const auto& x : v) s += "\n  \"" + x + "\"";
        s += v.empty() ? "}" : "\n}";
        return s.c_str();
    }
};
