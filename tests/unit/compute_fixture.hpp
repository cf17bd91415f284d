#pragma once
// Shared by the unit tests of src/core/compute/ (test_targets.cpp, test_status.cpp,
// test_priority.cpp, test_forecast.cpp, test_activity.cpp, test_funnel.cpp,
// test_balance.cpp, test_scopes.cpp, test_common.cpp) and of the views: books of
// book_fixture.hpp replayed as of a day, and helpers that show results as text.
#include "salesrep/compute/balance.hpp"
#include "salesrep/compute/figures.hpp"
#include "salesrep/compute/funnel.hpp"
#include "salesrep/compute/status.hpp"
#include "salesrep/views.hpp"

#include "book_fixture.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace salesrep::testing {

using Ids = std::vector<std::string>;

// The default YAML of book_fixture.hpp (agents alice, bruno, carol in teams
// north/south/north, dave in none; clients acme (enterprise, owner alice),
// globex (smb, owner bruno), initech (startup, no owner)) with these deals,
// ledger, targets and settings.
inline BookTexts texts(std::string deals, std::string ledger = "", std::string targets = "",
                       std::string settings = default_settings) {
    BookTexts t;
    t.settings = std::move(settings);
    t.deals = std::move(deals);
    t.targets = std::move(targets);
    if (!ledger.empty()) t.ledgers.push_back(std::move(ledger));
    return t;
}

inline std::string fys(int month) {
    return default_settings + "fiscal_year_start: " + std::to_string(month) + "\n";
}

// A book replayed as of a day. Contexts refer to it: keep it in place.
struct World {
    Book book;
    Replay rep;

    World(const BookTexts& t, std::string_view today) : book(book_of(t)) {
        Diags d;
        rep = replay(book, day(today), &d);
        for (const auto& line : lines_of(d, book.sources))
            CHECK_MESSAGE(line.find(": warning: ") != std::string::npos, line);  // no error
    }
    World(const World&) = delete;

    // The context over a period (`2026-Q4`, `2026-11`, `2026`, `FROM..TO`);
    // "" is no period.
    Context at(std::string_view period = "", const Selection& sel = {}) const {
        if (period.empty()) return Context(book, rep, rep.today, Period{}, false, sel);
        std::optional<Period> p = parse_period(period, book.settings.fiscal_year_start);
        REQUIRE_MESSAGE(p.has_value(), period);
        return Context(book, rep, rep.today, *p, true, sel);
    }
};

inline Selection agents(Ids ids) { return Selection{std::move(ids), {}}; }
inline Selection teams(Ids ids) { return Selection{{}, std::move(ids)}; }

// The CSV of a table cut to its first n columns (the ones SPEC §11 fixes).
inline std::string csv(Table t, std::size_t n) {
    if (t.columns.size() > n) t.columns.resize(n);
    for (Row& r : t.rows)
        if (r.size() > n) r = Row(r.begin(), r.begin() + static_cast<std::ptrdiff_t>(n));
    return render_csv(t);
}

inline DealRow row_of(const Context& c, std::string_view id) {
    int i = c.book.deal_index(id);
    REQUIRE_MESSAGE(i >= 0, id);
    return deal_row(c, i);
}

// The first n lines of a text (each with its LF).
inline std::string first_lines(const std::string& s, std::size_t n) {
    std::size_t end = 0;
    for (std::size_t i = 0; i < n && end != std::string::npos; ++i) {
        end = s.find('\n', end);
        if (end != std::string::npos) ++end;
    }
    return end == std::string::npos ? s : s.substr(0, end);
}

inline Ids ids_of(const Context& c, const std::vector<DealRow>& rows) {
    Ids v;
    for (const DealRow& r : rows) v.push_back(c.book.deals[static_cast<std::size_t>(r.deal)].id);
    return v;
}

inline Ids ids_of(const Context& c, const std::vector<int>& deals) {
    Ids v;
    for (int i : deals) v.push_back(c.book.deals[static_cast<std::size_t>(i)].id);
    return v;
}

inline std::string money_text(Money m) { return format_money(m); }

// A target as printed, "(none)" when there is none.
inline std::string shown(const std::optional<Rational>& t, Metric m) { return t ? metric_value_text(m, *t) : "(none)"; }
inline std::string agent_tgt(const Context& c, std::string_view id, Metric m = Metric::sales) {
    int a = c.book.agent_index(id);
    REQUIRE_MESSAGE(a >= 0, id);
    return shown(agent_target(c, a, m), m);
}
inline std::string team_tgt(const Context& c, std::string_view id, Metric m = Metric::sales) {
    int t = c.book.team_index(id);
    REQUIRE_MESSAGE(t >= 0, id);
    return shown(team_target(c, t, m), m);
}
inline std::string company_tgt(const Context& c, Metric m = Metric::sales) { return shown(company_target(c, m), m); }

// A book without deals (targets and balances need none).
inline const std::string no_deals = "deals: []\n";

// Deals for alice (north), bruno (south), dave (no team); today 2026-11-26.
inline const std::string forecast_deals =
    "deals:\n"
    "  - { id: c-commit,   client: globex,  owner: alice, amount: 1000,   opened: 2026-10-01, stage: negotiation, expected_close: 2026-12-10 }\n"
    "  - { id: c-best,     client: globex,  owner: alice, amount: 2000,   opened: 2026-10-01, stage: proposal, expected_close: 2026-12-10, probability: 90 }\n"
    "  - { id: c-pipe,     client: acme,    owner: alice, amount: 4000,   opened: 2026-10-01, stage: shortlist, expected_close: 2026-12-10 }\n"
    "  - { id: c-contract, client: acme,    owner: alice, amount: 8000,   opened: 2026-10-01, stage: contract, expected_close: 2026-12-10 }\n"
    "  - { id: c-solution, client: acme,    owner: alice, amount: 16000,  opened: 2026-10-01, stage: solution, expected_close: 2026-10-01 }\n"
    "  - { id: c-q74,      client: globex,  owner: bruno, amount: 32000,  opened: 2026-10-01, stage: qualified, expected_close: 2026-12-31, probability: 74 }\n"
    "  - { id: c-late,     client: globex,  owner: bruno, amount: 64000,  opened: 2026-09-01, stage: lead, expected_close: 2026-09-30 }\n"
    "  - { id: c-next,     client: globex,  owner: bruno, amount: 128000, opened: 2026-10-01, stage: verbal, expected_close: 2027-01-01 }\n"
    "  - { id: c-noclose,  client: globex,  owner: bruno, amount: 256000, opened: 2026-10-01 }\n"
    "  - { id: c-won,      client: initech, owner: dave,  amount: 5000,   opened: 2026-10-01, expected_close: 2027-02-01 }\n"
    "  - { id: c-won-old,  client: initech, owner: dave,  amount: 7000,   opened: 2026-09-01 }\n"
    "  - { id: c-lost,     client: initech, owner: dave,  amount: 9000,   opened: 2026-10-01, expected_close: 2026-12-01 }\n"
    "  - { id: c-lost-due, client: initech, owner: dave,  amount: 9000,   opened: 2026-09-01, expected_close: 2026-09-15 }\n";
inline const std::string forecast_ledger = "2026-11-20 won c-won 5500.50\n"
                                    "2026-09-15 won c-won-old\n"
                                    "2026-11-10 lost c-lost\n"
                                    "2026-09-20 lost c-lost-due\n";
inline const std::string forecast_targets = "targets:\n"
                                     "  - { agent: alice, period: 2026-Q4, sales: 40000 }\n"
                                     "  - { agent: bruno, period: 2026,    sales: 96000 }\n"
                                     "  - { agent: dave,  period: 2026-Q4, sales: 0 }\n"
                                     "  - { company: true, period: 2026,   sales: 400000 }\n";

inline const std::string activity_deals =
    "deals:\n"
    "  - { id: g1, client: globex,  owner: bruno, amount: 1000, opened: 2026-09-01 }\n"
    "  - { id: a1, client: acme,    owner: alice, amount: 1000, opened: 2026-09-01 }\n"
    "  - { id: i1, client: initech, owner: dave,  amount: 1000, opened: 2026-09-01 }\n";
inline const std::string activity_ledger = "2026-09-30 call g1 \"before the quarter\"\n"
                                    "2026-10-01 call g1\n"
                                    "2026-10-02 call g1 @carol\n"
                                    "2026-10-03 meeting acme\n"
                                    "2026-10-04 email initech \"nobody owns initech\"\n"
                                    "2026-10-05 demo i1\n"
                                    "2026-10-06 visit initech @alice\n"
                                    "2026-10-07 message a1\n"
                                    "2026-10-08 note g1 \"not an interaction\"\n"
                                    "2026-10-09 invoice acme 900\n"
                                    "2026-10-10 payment acme 500 @bruno\n"
                                    "2026-10-11 payment initech 300\n"
                                    "2026-12-31 call a1 \"last day of the quarter\"\n"
                                    "2027-01-01 call a1 \"next quarter\"\n";
inline const std::string activity_targets = "targets:\n"
                                     "  - { agent: alice, period: 2026-Q4, calls: 3, meetings: 0, collected: 1000 }\n"
                                     "  - { team: south,  period: 2026,    calls: 8 }\n";

}  // namespace salesrep::testing
