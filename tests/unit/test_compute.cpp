// The computations of SPEC §6 and §9 on in-memory books: target proration,
// status, priority, forecast, activity, targets, funnel and balances. Grouped
// results are compared as the CSV of their SPEC §11 columns, exact text.
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

using namespace salesrep;
using salesrep::testing::BookTexts;
using salesrep::testing::day;

namespace {

using Ids = std::vector<std::string>;

// The default YAML of book_fixture.hpp (agents alice, bruno, carol in teams
// north/south/north, dave in none; clients acme (enterprise, owner alice),
// globex (smb, owner bruno), initech (startup, no owner)) with these deals,
// ledger, targets and settings.
BookTexts texts(std::string deals, std::string ledger = "", std::string targets = "",
                std::string settings = salesrep::testing::default_settings) {
    BookTexts t;
    t.settings = std::move(settings);
    t.deals = std::move(deals);
    t.targets = std::move(targets);
    if (!ledger.empty()) t.ledgers.push_back(std::move(ledger));
    return t;
}

std::string fys(int month) {
    return salesrep::testing::default_settings + "fiscal_year_start: " + std::to_string(month) + "\n";
}

// A book replayed as of a day. Contexts refer to it: keep it in place.
struct World {
    Book book;
    Replay rep;

    World(const BookTexts& t, std::string_view today) : book(salesrep::testing::book_of(t)) {
        Diags d;
        rep = replay(book, day(today), &d);
        for (const auto& line : salesrep::testing::lines_of(d, book.sources))
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

Selection agents(Ids ids) { return Selection{std::move(ids), {}}; }
Selection teams(Ids ids) { return Selection{{}, std::move(ids)}; }

// The CSV of a table cut to its first n columns (the ones SPEC §11 fixes).
std::string csv(Table t, std::size_t n) {
    if (t.columns.size() > n) t.columns.resize(n);
    for (Row& r : t.rows)
        if (r.size() > n) r = Row(r.begin(), r.begin() + static_cast<std::ptrdiff_t>(n));
    return render_csv(t);
}

DealRow row_of(const Context& c, std::string_view id) {
    int i = c.book.deal_index(id);
    REQUIRE_MESSAGE(i >= 0, id);
    return deal_row(c, i);
}

// The first n lines of a text (each with its LF).
std::string first_lines(const std::string& s, std::size_t n) {
    std::size_t end = 0;
    for (std::size_t i = 0; i < n && end != std::string::npos; ++i) {
        end = s.find('\n', end);
        if (end != std::string::npos) ++end;
    }
    return end == std::string::npos ? s : s.substr(0, end);
}

Ids ids_of(const Context& c, const std::vector<DealRow>& rows) {
    Ids v;
    for (const DealRow& r : rows) v.push_back(c.book.deals[static_cast<std::size_t>(r.deal)].id);
    return v;
}

Ids ids_of(const Context& c, const std::vector<int>& deals) {
    Ids v;
    for (int i : deals) v.push_back(c.book.deals[static_cast<std::size_t>(i)].id);
    return v;
}

std::string money_text(Money m) { return format_money(m); }

// A target as printed, "(none)" when there is none.
std::string shown(const std::optional<Rational>& t, Metric m) { return t ? metric_value_text(m, *t) : "(none)"; }
std::string agent_tgt(const Context& c, std::string_view id, Metric m = Metric::sales) {
    int a = c.book.agent_index(id);
    REQUIRE_MESSAGE(a >= 0, id);
    return shown(agent_target(c, a, m), m);
}
std::string team_tgt(const Context& c, std::string_view id, Metric m = Metric::sales) {
    int t = c.book.team_index(id);
    REQUIRE_MESSAGE(t >= 0, id);
    return shown(team_target(c, t, m), m);
}
std::string company_tgt(const Context& c, Metric m = Metric::sales) { return shown(company_target(c, m), m); }

// A book without deals (targets and balances need none).
const std::string no_deals = "deals: []\n";

}  // namespace

TEST_SUITE("compute") {
    // ---------------------------------------------------------------- §6 targets

    TEST_CASE("targets: overlapping targets of one scope add up") {
        World w(texts(no_deals, "",
                      "targets:\n"
                      "  - { agent: alice, period: 2026,    sales: 480000 }\n"
                      "  - { agent: alice, period: 2026-Q4, sales: 150000 }\n"),
                "2026-11-26");
        CHECK(agent_tgt(w.at("2026-Q4"), "alice") == "270000.00");
        CHECK(agent_target(w.at("2026-Q4"), 0, Metric::sales) == Rational(27000000));  // hundredths
        CHECK(agent_tgt(w.at("2026-11"), "alice") == "90000.00");   // 40000 + 50000
        CHECK(agent_tgt(w.at("2026"), "alice") == "630000.00");
        CHECK(agent_tgt(w.at("2026-Q3"), "alice") == "120000.00");  // the year target only
        CHECK(agent_tgt(w.at("2027-Q1"), "alice") == "(none)");
        CHECK(agent_tgt(w.at("2026-Q4"), "alice", Metric::calls) == "(none)");
        CHECK(agent_tgt(w.at("2026-Q4"), "bruno") == "(none)");
        CHECK(agent_tgt(w.at(""), "alice") == "630000.00");  // no period: every target whole
    }

    TEST_CASE("targets: a fiscal year target over a calendar quarter spanning two fiscal years") {
        SUBCASE("fiscal_year_start 4: three calendar months across 1 April") {
            // FY2026 = 2026-04-01..2027-03-31, FY2027 = 2027-04-01..2028-03-31
            World w(texts(no_deals, "",
                          "targets:\n"
                          "  - { agent: alice, period: 2026, sales: 120000 }\n"
                          "  - { agent: alice, period: 2027, sales: 240000 }\n",
                          fys(4)),
                    "2026-11-26");
            CHECK(agent_tgt(w.at("2027-02-01..2027-04-30"), "alice") == "40000.00");  // 2/12 + 1/12
            CHECK(agent_tgt(w.at("2027-01-01..2027-03-31"), "alice") == "30000.00");  // calendar Q1 = FY2026 Q4
            CHECK(agent_tgt(w.at("2026-Q4"), "alice") == "30000.00");
            CHECK(agent_tgt(w.at("2027-Q1"), "alice") == "60000.00");  // 2027-04..06
            CHECK(agent_tgt(w.at("2026-Q1"), "alice") == "30000.00");  // 2026-04..06
            CHECK(agent_tgt(w.at("2026-01-01..2026-03-31"), "alice") == "(none)");  // FY2025
            // In days (P ends off a month boundary): 15/365 of FY2026 + 15/366 of
            // FY2027 (it holds 2028-02-29), summed exactly before rounding:
            // 4931.5068... + 9836.0655... = 14767.572... (14767.58 if each were rounded).
            Context c = w.at("2027-03-17..2027-04-15");
            CHECK(agent_target(c, 0, Metric::sales) ==
                  Rational::of(12000000LL * 15, 365) + Rational::of(24000000LL * 15, 366));
            CHECK(agent_tgt(c, "alice") == "14767.57");
        }
        SUBCASE("fiscal_year_start 2: calendar Q1 holds January of one fiscal year and Feb-Mar of the next") {
            // FY2025 = 2025-02-01..2026-01-31, FY2026 = 2026-02-01..2027-01-31
            World w(texts(no_deals, "",
                          "targets:\n"
                          "  - { agent: alice, period: 2025, sales: 120000 }\n"
                          "  - { agent: alice, period: 2026, sales: 240000 }\n",
                          fys(2)),
                    "2026-11-26");
            CHECK(agent_tgt(w.at("2026-01-01..2026-03-31"), "alice") == "50000.00");  // 10000 + 2 × 20000
            CHECK(agent_tgt(w.at("2026-Q1"), "alice") == "60000.00");                 // 2026-02..04
        }
    }

    TEST_CASE("targets: a quarter target over a month, fiscal quarters") {
        World w(texts(no_deals, "",
                      "targets:\n"
                      "  - { agent: alice, period: 2026-Q4, sales: 90000, meetings: 100 }\n"
                      "  - { agent: bruno, period: 2026-Q1, sales: 30000 }\n",
                      fys(4)),
                "2026-11-26");
        // fiscal 2026-Q4 = 2027-01..03, 2026-Q1 = 2026-04..06
        CHECK(agent_tgt(w.at("2027-02"), "alice") == "30000.00");
        CHECK(agent_tgt(w.at("2027-02"), "alice", Metric::meetings) == "33.33");  // 100/3
        CHECK(agent_tgt(w.at("2027-01-01..2027-03-31"), "alice", Metric::meetings) == "100");
        CHECK(agent_tgt(w.at("2026-12"), "alice") == "(none)");
        CHECK(agent_tgt(w.at("2026-05"), "bruno") == "10000.00");
        CHECK(agent_tgt(w.at("2026"), "bruno") == "30000.00");
        CHECK(agent_tgt(w.at("2026-03"), "bruno") == "(none)");
    }

    TEST_CASE("targets: proration in days when P does not start or end on a month boundary") {
        World w(texts(no_deals, "",
                      "targets:\n"
                      "  - { agent: alice, period: 2026,    sales: 480000 }\n"
                      "  - { agent: bruno, period: 2026-Q4, sales: 150000 }\n"
                      "  - { team: north,  period: 2026-11, meetings: 50 }\n"),
                "2026-11-26");
        Context c = w.at("2026-11-15..2026-12-31");
        CHECK(agent_target(c, 0, Metric::sales) == Rational::of(48000000LL * 47, 365));
        CHECK(agent_tgt(c, "alice") == "61808.22");                      // 47/365 of 480000
        CHECK(agent_tgt(c, "bruno") == "76630.43");                      // 47/92 of 150000
        CHECK(team_tgt(c, "north", Metric::meetings) == "26.67");        // 16/30 of 50
        CHECK(company_tgt(c) == "138438.65");                            // the agents', exact
        CHECK(agent_tgt(w.at("2026-11-15.."), "alice") == "61808.22");   // unbounded end: still days
        CHECK(agent_tgt(w.at("2026-12-01..2026-12-15"), "alice") == "19726.03");  // 15/365
        CHECK(agent_tgt(w.at("..2026-06-30"), "alice") == "240000.00");  // months: 6/12
        CHECK(agent_tgt(w.at("2026-11-01..2026-11-30"), "alice") == "40000.00");
        CHECK(team_tgt(w.at("2026-11-01..2026-11-30"), "north", Metric::meetings) == "50");
    }

    TEST_CASE("targets: sums are exact fractions, rounded only when printed") {
        World w(texts(no_deals, "",
                      "targets:\n"
                      "  - { agent: alice, period: 2026-Q4, sales: 100000 }\n"
                      "  - { agent: carol, period: 2026-Q4, sales: 100000 }\n"),
                "2026-11-26");
        Context c = w.at("2026-11");
        CHECK(agent_tgt(c, "alice") == "33333.33");
        CHECK(agent_tgt(c, "carol") == "33333.33");
        CHECK(team_tgt(c, "north") == "66666.67");  // not 33333.33 × 2
        CHECK(company_tgt(c) == "66666.67");
    }

    TEST_CASE("targets: per month, a team's own targets where it has one, else the sum of its agents' (SPEC rev. 2 §6)") {
        const std::string targets = "targets:\n"
                                    "  - { agent: alice, period: 2026,    sales: 120000, calls: 400 }\n"
                                    "  - { agent: carol, period: 2026,    sales: 60000 }\n"
                                    "  - { agent: dave,  period: 2026,    sales: 40000 }\n"
                                    "  - { team: north,  period: 2026-Q4, sales: 100000 }\n"
                                    "  - { team: south,  period: 2026-11, calls: 10 }\n";
        World w(texts(no_deals, "", targets), "2026-11-26");
        Context q4 = w.at("2026-Q4");
        CHECK(team_tgt(q4, "north") == "100000.00");                  // its own, not + 30000 + 15000
        CHECK(team_tgt(w.at("2026-Q3"), "north") == "45000.00");      // own Q4 target does not overlap
        // September: no own target, alice 10000 + carol 5000; October: its own, 100000 / 3
        CHECK(team_tgt(w.at("2026-09-01..2026-10-31"), "north") == "48333.33");
        CHECK(team_tgt(w.at("2026"), "north") == "235000.00");       // 9 months of 15000, then its own 100000
        CHECK(team_tgt(q4, "north", Metric::calls) == "100");         // no own calls target: alice's
        CHECK(team_tgt(q4, "south") == "(none)");                     // bruno has none
        CHECK(team_tgt(q4, "south", Metric::calls) == "10");
        CHECK(team_tgt(w.at("2026-Q3"), "south", Metric::calls) == "(none)");
        // The company: no target of its own, so per month the teams' (north's own
        // 100000 for Q4; south none) plus the agents without a team (dave 10000).
        CHECK(company_tgt(q4) == "110000.00");
        CHECK(company_tgt(q4, Metric::calls) == "110");               // north: alice's 100; south: its own 10 in November
        CHECK(company_tgt(q4, Metric::meetings) == "(none)");

        World w2(texts(no_deals, "", targets + "  - { company: true, period: 2026, sales: 1000000 }\n"),
                 "2026-11-26");
        CHECK(company_tgt(w2.at("2026-Q4")) == "250000.00");
        CHECK(company_tgt(w2.at("2026-Q4"), Metric::calls) == "110");  // explicit for sales only
        CHECK(company_tgt(w2.at("2025-Q4")) == "(none)");
    }

    // ------------------------------------------------------- §9 status, priority

    TEST_CASE("weighted amounts round half up to the cent") {
        CHECK(weighted(Money{5}, 50) == Money{3});      // 0.05 × 50 % = 0.025 -> 0.03
        CHECK(weighted(Money{101}, 50) == Money{51});   // 1.01 × 50 % = 0.505 -> 0.51
        CHECK(weighted(Money{1}, 50) == Money{1});
        CHECK(weighted(Money{49}, 1) == Money{0});      // 0.0049
        CHECK(weighted(Money{50}, 1) == Money{1});      // 0.005
        CHECK(weighted(Money{1234567}, 33) == Money{407407});  // 4074.0711
        CHECK(weighted(Money{1234567}, 100) == Money{1234567});
        CHECK(weighted(Money{1234567}, 0) == Money{0});

        World w(texts("deals:\n"
                      "  - { id: r1, client: globex, owner: bruno, amount: 0.05, opened: 2026-11-01, stage: proposal, expected_close: 2026-12-01 }\n"
                      "  - { id: r2, client: globex, owner: bruno, amount: 1.01, opened: 2026-11-01, stage: proposal, expected_close: 2026-12-01 }\n"),
                "2026-11-26");
        Context c = w.at("2026-Q4");
        CHECK(money_text(row_of(c, "r1").weighted) == "0.03");
        CHECK(money_text(row_of(c, "r2").weighted) == "0.51");
        // the forecast sums the rounded weighted amounts: 0.03 + 0.51
        auto rows = forecast_rows(c);
        REQUIRE(rows.size() == 7);
        CHECK(rows[1].id == "bruno");
        CHECK(money_text(rows[1].figures.weighted) == "0.54");
        CHECK(money_text(rows[1].figures.pipeline) == "1.06");
        CHECK(money_text(rows[6].figures.weighted) == "0.54");
    }

    TEST_CASE("status: a probability override and its removal") {
        const BookTexts t = texts("deals:\n"
                                  "  - { id: o1, client: globex, owner: bruno, amount: 1001, opened: 2026-11-01, stage: qualified }\n",
                                  "2026-11-02 set o1 probability:75\n"
                                  "2026-11-03 stage o1 lead\n"
                                  "2026-11-04 set o1 probability:-\n"
                                  "2026-11-05 set o1 probability:50\n"
                                  "2026-11-06 lost o1\n"
                                  "2026-11-07 reopen o1\n"
                                  "2026-11-08 set o1 probability:0\n");
        struct Expect {
            const char* today;
            const char* stage;
            int pct;
            const char* weighted;
            Category category;
        };
        const Expect expected[] = {
            {"2026-11-01", "qualified", 25, "250.25", Category::pipeline},   // the stage's
            {"2026-11-02", "qualified", 75, "750.75", Category::commit},     // override
            {"2026-11-03", "lead", 75, "750.75", Category::commit},          // lasts through a stage move
            {"2026-11-04", "lead", 10, "100.10", Category::pipeline},        // dropped: the stage's again
            {"2026-11-05", "lead", 50, "500.50", Category::best_case},
            {"2026-11-06", "lead", 0, "0.00", Category::pipeline},           // lost
            {"2026-11-07", "lead", 50, "500.50", Category::best_case},       // lasts through a reopen
            {"2026-11-08", "lead", 0, "0.00", Category::pipeline},           // an override of 0 is one
        };
        for (const Expect& e : expected) {
            CAPTURE(e.today);
            World w(t, e.today);
            DealRow r = row_of(w.at(), "o1");
            CHECK(r.stage_id == e.stage);
            CHECK(r.status_pct == e.pct);
            CHECK(money_text(r.weighted) == e.weighted);
            if (r.state->status == DealStatus::open) CHECK(r.category == e.category);
        }
        World w(t, "2026-11-08");
        CHECK(w.rep.deals[0].probability == 0);
        CHECK(csv(deals_table(w.at(), {}, ViewOptions{false}), 13) ==
              "deal,client,owner,pipeline,stage,state,status_pct,amount,weighted,expected_close,last_contact,"
              "days_in_stage,flags\n"
              "o1,globex,bruno,smb,lead,open,0.0,1001.00,0.00,,2026-11-01,1,\n");
    }

    TEST_CASE("status: a deal reopened after a loss starts its days in stage anew") {
        const BookTexts t = texts(
            "deals:\n"
            "  - { id: d1, client: globex, owner: bruno, amount: 8000, opened: 2026-01-05, stage: lead }\n"
            "  - { id: d2, client: globex, owner: bruno, amount: 2000, opened: 2026-01-05, stage: proposal }\n",
            "2026-01-09 stage d1 negotiation\n"
            "2026-01-16 lost d1 reason:\"budget\"\n"
            "2026-01-26 reopen d1\n"
            "2026-01-10 lost d2\n"
            "2026-01-20 reopen d2 qualified\n");
        {
            World w(t, "2026-01-25");  // lost
            DealRow r = row_of(w.at(), "d1");
            CHECK(r.state->status == DealStatus::lost);
            CHECK(r.stage_id == "negotiation");  // the stage it closed in
            CHECK(r.status_pct == 0);
            CHECK(money_text(r.weighted) == "0.00");
            CHECK_FALSE(r.days_in_stage.has_value());
            CHECK(r.flags == 0);
        }
        World w(t, "2026-02-01");
        DealRow r = row_of(w.at(), "d1");
        CHECK(r.state->status == DealStatus::open);
        CHECK(r.stage_id == "negotiation");  // reopened in its last stage
        CHECK(r.days_in_stage == 6);         // since the reopen on 01-26, not the move on 01-09
        CHECK(r.status_pct == 75);
        CHECK(money_text(r.weighted) == "6000.00");
        CHECK(r.category == Category::commit);
        CHECK(r.flags == flag_idle);  // 27 days since contact; 6 days in stage is not stalled (max 14)
        CHECK_FALSE(r.state->closed_on.has_value());

        DealRow r2 = row_of(w.at(), "d2");
        CHECK(r2.stage_id == "qualified");  // reopened into the named stage
        CHECK(r2.days_in_stage == 12);
        CHECK(r2.status_pct == 25);
        World w2(t, "2026-02-12");
        CHECK(row_of(w2.at(), "d2").flags == (flag_stalled | flag_idle));  // 23 days > 21
    }

    TEST_CASE("status: forecast categories") {
        World w(texts("deals:\n"
                      "  - { id: s-neg,  client: globex, owner: bruno, amount: 100, opened: 2026-11-01, stage: negotiation }\n"
                      "  - { id: s-prop, client: globex, owner: bruno, amount: 100, opened: 2026-11-01, stage: proposal, probability: 90 }\n"
                      "  - { id: s-prop2, client: globex, owner: bruno, amount: 100, opened: 2026-11-01, stage: proposal, probability: 10 }\n"
                      "  - { id: s-short, client: acme, owner: alice, amount: 100, opened: 2026-11-01, stage: shortlist }\n"
                      "  - { id: s-contract, client: acme, owner: alice, amount: 100, opened: 2026-11-01, stage: contract }\n"
                      "  - { id: s-solution, client: acme, owner: alice, amount: 100, opened: 2026-11-01, stage: solution }\n"
                      "  - { id: s-disc, client: acme, owner: alice, amount: 100, opened: 2026-11-01 }\n"
                      "  - { id: p74, client: initech, owner: dave, amount: 100, opened: 2026-11-01, probability: 74 }\n"
                      "  - { id: p50, client: initech, owner: dave, amount: 100, opened: 2026-11-01, probability: 50 }\n"
                      "  - { id: p49, client: initech, owner: dave, amount: 100, opened: 2026-11-01, probability: 49 }\n"
                      "  - { id: p75, client: initech, owner: dave, amount: 100, opened: 2026-11-01, probability: 75 }\n"),
                "2026-11-26");
        Context c = w.at();
        auto cat = [&](std::string_view id) { return std::string(category_name(row_of(c, id).category)); };
        CHECK(cat("s-neg") == "commit");        // the stage's category
        CHECK(cat("s-prop") == "commit");       // SPEC rev. 2 §2: a probability override's % beats the stage (90)
        CHECK(cat("s-prop2") == "pipeline");    // ... and 10
        CHECK(cat("s-short") == "pipeline");    // shortlist: 80 % but category pipeline
        CHECK(cat("s-contract") == "commit");   // 75, no category
        CHECK(cat("s-solution") == "best_case");  // 60
        CHECK(cat("s-disc") == "pipeline");     // 5
        CHECK(cat("p75") == "commit");
        CHECK(cat("p74") == "best_case");
        CHECK(cat("p50") == "best_case");
        CHECK(cat("p49") == "pipeline");
        CHECK(row_of(c, "s-prop").status_pct == 90);
    }

    TEST_CASE("priority: days since contact, then weighted, then id") {
        World w(texts("deals:\n"
                      "  - { id: b-low,    client: initech, owner: alice, amount: 1000,    opened: 2026-11-16, stage: lead }\n"
                      "  - { id: a-high,   client: initech, owner: bruno, amount: 1000,    opened: 2026-11-16, stage: proposal }\n"
                      "  - { id: c-tie,    client: initech, owner: carol, amount: 5000,    opened: 2026-11-16, stage: lead }\n"
                      "  - { id: z-old,    client: initech, owner: dave,  amount: 10,      opened: 2026-11-01, stage: lead }\n"
                      "  - { id: d-recent, client: initech, owner: alice, amount: 1000000, opened: 2026-11-20, stage: verbal }\n"
                      "  - { id: e-won,    client: initech, owner: alice, amount: 1,       opened: 2026-10-01 }\n",
                      "2026-11-25 call d-recent\n"
                      "2026-10-05 won e-won\n"),
                "2026-11-26");
        Context c = w.at();
        CHECK(ids_of(c, priority_rows(c)) == Ids{"z-old", "a-high", "c-tie", "b-low", "d-recent"});
        CHECK(csv(priority_table(c, {}), 10) ==
              "rank,deal,client,owner,stage,days_since_contact,last_contact,weighted,next_action_due,flags\n"
              "1,z-old,initech,dave,lead,25,2026-11-01,1.00,,stalled;idle\n"
              "2,a-high,initech,bruno,proposal,10,2026-11-16,500.00,,idle\n"
              "3,c-tie,initech,carol,lead,10,2026-11-16,500.00,,idle\n"
              "4,b-low,initech,alice,lead,10,2026-11-16,100.00,,idle\n"
              "5,d-recent,initech,alice,verbal,1,2026-11-25,900000.00,,\n");
        CHECK(ids_of(c, priority_rows(c, 2)) == Ids{"z-old", "a-high"});

        // a selection filters first, then ranks and limits
        Context alice = w.at("", agents({"alice"}));
        CHECK(ids_of(alice, priority_rows(alice)) == Ids{"b-low", "d-recent"});
        Context north = w.at("", teams({"north"}));
        CHECK(csv(priority_table(north, ViewOptions{true, false, 2}), 3) ==
              "rank,deal,client\n"
              "1,c-tie,initech\n"
              "2,b-low,initech\n");
        CHECK(ids_of(alice, deal_rows(alice)) == Ids{"b-low", "d-recent", "e-won"});
    }

    TEST_CASE("priority: a client's interaction counts for all its deals, a deal's not for its siblings") {
        World w(texts("deals:\n"
                      "  - { id: g1, client: globex, owner: bruno, amount: 1000, opened: 2026-11-01, stage: lead }\n"
                      "  - { id: g2, client: globex, owner: bruno, amount: 1000, opened: 2026-11-01, stage: lead }\n"
                      "  - { id: g3, client: globex, owner: bruno, amount: 1000, opened: 2026-11-21, stage: lead }\n"
                      "  - { id: a1, client: acme,   owner: alice, amount: 1000, opened: 2026-11-01 }\n",
                      "2026-11-18 email globex \"to the whole account\"\n"
                      "2026-11-24 call g1\n"
                      "2026-11-25 note globex \"a note is not a contact\"\n"
                      "2026-11-25 stage g2 qualified\n"
                      "2026-11-25 note g2 \"nor is this\"\n"
                      "2026-11-27 meeting globex \"after today: ignored\"\n"),
                "2026-11-26");
        Context c = w.at();
        CHECK(csv(priority_table(c, {}), 10) ==
              "rank,deal,client,owner,stage,days_since_contact,last_contact,weighted,next_action_due,flags\n"
              "1,a1,acme,alice,discovery,25,2026-11-01,50.00,,idle\n"
              "2,g2,globex,bruno,qualified,8,2026-11-18,250.00,,idle\n"
              "3,g3,globex,bruno,lead,5,2026-11-21,100.00,,\n"
              "4,g1,globex,bruno,lead,2,2026-11-24,100.00,,stalled\n");
        // idle is > idle_days (7): exactly 7 days is not idle
        World w7(texts("deals:\n"
                       "  - { id: x, client: globex, owner: bruno, amount: 1000, opened: 2026-11-19 }\n"),
                 "2026-11-26");
        CHECK(row_of(w7.at(), "x").days_since_contact == 7);
        CHECK(row_of(w7.at(), "x").flags == 0);
    }

    TEST_CASE("status: flags stalled, slipped, overdue, idle (each strictly past its limit)") {
        World w(texts("deals:\n"
                      "  - { id: x, client: globex, owner: bruno, amount: 1000, opened: 2026-11-01, expected_close: 2026-11-25, next_action: { what: Call, due: 2026-11-25 } }\n"
                      "  - { id: y, client: globex, owner: bruno, amount: 1000, opened: 2026-11-12, expected_close: 2026-11-26 }\n",
                      "2026-11-19 call y next:2026-11-26 next_what:\"Call back\"\n"),
                "2026-11-26");
        Context c = w.at();
        // x: 25 days in lead (max 14), closes 11-25, due 11-25, no contact since 11-01
        CHECK(flags_text(row_of(c, "x").flags) == "stalled;slipped;overdue;idle");
        CHECK(row_of(c, "x").days_since_contact == 25);  // y's call is not x's contact
        // y: 14 days in lead, closes today, due today, contacted 7 days ago
        DealRow y = row_of(c, "y");
        CHECK(y.flags == 0);
        REQUIRE(y.state->next_action);
        CHECK(y.state->next_action->what == "Call back");
    }

    // -------------------------------------------------------------- §9 forecast

    // Deals for alice (north), bruno (south), dave (no team); today 2026-11-26.
    const std::string forecast_deals =
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
    const std::string forecast_ledger = "2026-11-20 won c-won 5500.50\n"
                                        "2026-09-15 won c-won-old\n"
                                        "2026-11-10 lost c-lost\n"
                                        "2026-09-20 lost c-lost-due\n";
    const std::string forecast_targets = "targets:\n"
                                         "  - { agent: alice, period: 2026-Q4, sales: 40000 }\n"
                                         "  - { agent: bruno, period: 2026,    sales: 96000 }\n"
                                         "  - { agent: dave,  period: 2026-Q4, sales: 0 }\n"
                                         "  - { company: true, period: 2026,   sales: 400000 }\n";

    TEST_CASE("forecast: won, open deals expected in P by category, targets, past due") {
        World w(texts(forecast_deals, forecast_ledger, forecast_targets), "2026-11-26");
        Context c = w.at("2026-Q4");
        // alice: 750 + 1800 + 3200 + 6000 + 9600 weighted; commit c-commit + c-contract +
        // c-best (its probability override, 90 %, beats the stage's best_case: SPEC rev. 2 §2);
        // best_case c-solution (60 %; past due: counts as closing today, in P).
        // bruno: c-q74 (74 %: best_case, closes on P's last day); c-late is past due
        // (expected 2026-09-30): it counts as closing today, in P (SPEC rev. 2 §9);
        // c-next after P, c-noclose has no expected close.
        // dave: c-won won in P (expected close outside P: counted); c-won-old won before P.
        // Targets: dave's 0 gives empty percentages; the total has the company's own.
        CHECK(csv(forecast_table(c, {}), 12) ==
              "scope,id,won,open_deals,pipeline,weighted,commit,best_case,forecast,target,attainment_pct,projected_pct\n"
              "agent,alice,0.00,5,31000.00,21350.00,11000.00,16000.00,21350.00,40000.00,0.0,53.4\n"
              "agent,bruno,0.00,2,96000.00,30080.00,0.00,32000.00,30080.00,24000.00,0.0,125.3\n"
              "agent,carol,0.00,0,0.00,0.00,0.00,0.00,0.00,,,\n"
              "agent,dave,5500.50,0,0.00,0.00,0.00,0.00,5500.50,0.00,,\n"
              "team,north,0.00,5,31000.00,21350.00,11000.00,16000.00,21350.00,40000.00,0.0,53.4\n"
              "team,south,0.00,2,96000.00,30080.00,0.00,32000.00,30080.00,24000.00,0.0,125.3\n"
              "total,,5500.50,7,127000.00,51430.00,11000.00,48000.00,56930.50,100000.00,5.5,56.9\n");
        // past due: open deals whose expected close is before today (c-lost-due is closed)
        CHECK(ids_of(c, past_due_deals(c)) == Ids{"c-late", "c-solution"});
        CHECK(csv(past_due_table(c), 8) ==
              "deal,client,owner,stage,amount,weighted,expected_close,days_late\n"
              "c-late,globex,bruno,lead,64000.00,6400.00,2026-09-30,57\n"
              "c-solution,acme,alice,solution,16000.00,9600.00,2026-10-01,56\n");
        CHECK(ids_of(c, past_due_deals(w.at("2026-Q4", agents({"alice"})))) == Ids{"c-solution"});
        // the next quarter: c-next is expected then; the past-due deals close today, in Q4
        Context q1 = w.at("2027-Q1");
        auto rows = forecast_rows(q1);
        REQUIRE(rows.size() == 7);
        CHECK(money_text(rows[6].figures.won) == "0.00");
        CHECK(rows[6].figures.open_deals == 1);
        CHECK(money_text(rows[6].figures.pipeline) == "128000.00");
        CHECK(money_text(rows[6].figures.commit) == "128000.00");  // verbal: 90 %
        // a quarter that ended before today has no open deals: its forecast is what was won
        auto q3 = forecast_rows(w.at("2026-Q3"));
        CHECK(q3[6].figures.open_deals == 0);
        CHECK(money_text(q3[6].figures.won) == "7000.00");
        // omitted: out of every forecast figure, still a deal
        World o(texts(forecast_deals, forecast_ledger + "2026-11-25 set c-next category:omitted\n"
                                                         "2026-11-25 set c-late category:commit\n",
                      forecast_targets),
                "2026-11-26");
        auto q1o = forecast_rows(o.at("2027-Q1"));
        CHECK(q1o[6].figures.open_deals == 0);
        CHECK(money_text(q1o[6].figures.pipeline) == "0.00");
        auto q4o = forecast_rows(o.at("2026-Q4"));
        CHECK(money_text(q4o[6].figures.commit) == "75000.00");  // c-late's own category: 11000 + 64000
    }

    TEST_CASE("forecast and activity: owner change before a win") {
        World w(texts("deals:\n"
                      "  - { id: w1, client: globex, owner: alice, amount: 10000, opened: 2026-10-01, stage: proposal, expected_close: 2027-01-15 }\n"
                      "  - { id: l1, client: acme,   owner: alice, amount: 3000,  opened: 2026-10-02, expected_close: 2026-12-01 }\n",
                      "2026-10-05 call w1\n"
                      "2026-10-10 set w1 owner:bruno\n"
                      "2026-10-12 call w1\n"
                      "2026-10-14 call w1 @carol\n"
                      "2026-11-20 won w1 12000 @carol\n"
                      "2026-11-01 set l1 owner:carol\n"
                      "2026-11-02 lost l1 @alice reason:\"price\"\n"),
                "2026-11-26");
        Context c = w.at("2026-Q4");
        CHECK(csv(forecast_table(c, {}), 9) ==
              "scope,id,won,open_deals,pipeline,weighted,commit,best_case,forecast\n"
              "agent,alice,0.00,0,0.00,0.00,0.00,0.00,0.00\n"
              "agent,bruno,12000.00,0,0.00,0.00,0.00,0.00,12000.00\n"
              "agent,carol,0.00,0,0.00,0.00,0.00,0.00,0.00\n"
              "agent,dave,0.00,0,0.00,0.00,0.00,0.00,0.00\n"
              "team,north,0.00,0,0.00,0.00,0.00,0.00,0.00\n"
              "team,south,12000.00,0,0.00,0.00,0.00,0.00,12000.00\n"
              "total,,12000.00,0,0.00,0.00,0.00,0.00,12000.00\n");
        // calls: by the owner at that point, or the @agent; opened by the owner
        // at opening; won and lost by the owner on that day (not the @agent
        // who logged them)
        CHECK(csv(activity_table(c), 13) ==
              "scope,id,calls,meetings,emails,demos,visits,messages,deals_opened,deals_won,sales,deals_lost,collected\n"
              "agent,alice,1,0,0,0,0,0,2,0,0.00,0,0.00\n"
              "agent,bruno,1,0,0,0,0,0,0,1,12000.00,0,0.00\n"
              "agent,carol,1,0,0,0,0,0,0,0,0.00,1,0.00\n"
              "agent,dave,0,0,0,0,0,0,0,0,0.00,0,0.00\n"
              "team,north,2,0,0,0,0,0,2,0,0.00,1,0.00\n"
              "team,south,1,0,0,0,0,0,0,1,12000.00,0,0.00\n"
              "total,,3,0,0,0,0,0,2,1,12000.00,1,0.00\n");
        // closed deals: the stage they closed in, 100 / 0 %, the won amount, no days nor flags
        CHECK(csv(deals_table(c, {}, ViewOptions{false}), 13) ==
              "deal,client,owner,pipeline,stage,state,status_pct,amount,weighted,expected_close,last_contact,"
              "days_in_stage,flags\n"
              "l1,acme,carol,enterprise,discovery,lost,0.0,3000.00,0.00,2026-12-01,2026-10-02,,\n"
              "w1,globex,bruno,smb,proposal,won,100.0,12000.00,12000.00,2027-01-15,2026-10-14,,\n");

        // The day before the win: open, bruno's, expected after P: not in Q4's forecast.
        World before(texts("deals:\n"
                           "  - { id: w1, client: globex, owner: alice, amount: 10000, opened: 2026-10-01, stage: proposal, expected_close: 2027-01-15 }\n",
                           "2026-10-10 set w1 owner:bruno\n"
                           "2026-11-20 won w1 12000\n"),
                     "2026-11-19");
        auto rows = forecast_rows(before.at("2026-Q4"));
        CHECK(money_text(rows[6].figures.forecast()) == "0.00");
        CHECK(rows[6].figures.open_deals == 0);
        rows = forecast_rows(before.at("2027-Q1"));
        CHECK(rows[1].id == "bruno");
        CHECK(rows[1].figures.open_deals == 1);
        CHECK(money_text(rows[1].figures.weighted) == "5000.00");
    }

    // -------------------------------------------------------------- §9 activity

    const std::string activity_deals =
        "deals:\n"
        "  - { id: g1, client: globex,  owner: bruno, amount: 1000, opened: 2026-09-01 }\n"
        "  - { id: a1, client: acme,    owner: alice, amount: 1000, opened: 2026-09-01 }\n"
        "  - { id: i1, client: initech, owner: dave,  amount: 1000, opened: 2026-09-01 }\n";
    const std::string activity_ledger = "2026-09-30 call g1 \"before the quarter\"\n"
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
    const std::string activity_targets = "targets:\n"
                                         "  - { agent: alice, period: 2026-Q4, calls: 3, meetings: 0, collected: 1000 }\n"
                                         "  - { team: south,  period: 2026,    calls: 8 }\n";

    TEST_CASE("activity: credits, and a total that counts uncredited entries") {
        World w(texts(activity_deals, activity_ledger, activity_targets), "2027-01-15");
        Context c = w.at("2026-Q4");
        // g1's call: its owner bruno; @carol: carol; acme's meeting: acme's owner
        // alice; initech's email: nobody (total only); i1's demo: dave; payments:
        // the client's owner whatever the @agent (initech's: nobody).
        CHECK(csv(activity_table(c), 13) ==
              "scope,id,calls,meetings,emails,demos,visits,messages,deals_opened,deals_won,sales,deals_lost,collected\n"
              "agent,alice,1,1,0,0,1,1,0,0,0.00,0,500.00\n"
              "agent,bruno,1,0,0,0,0,0,0,0,0.00,0,0.00\n"
              "agent,carol,1,0,0,0,0,0,0,0,0.00,0,0.00\n"
              "agent,dave,0,0,0,1,0,0,0,0,0.00,0,0.00\n"
              "team,north,2,1,0,0,1,1,0,0,0.00,0,500.00\n"
              "team,south,1,0,0,0,0,0,0,0,0.00,0,0.00\n"
              "total,,3,1,1,1,1,1,0,0,0.00,0,800.00\n");
        auto rows = activity_rows(w.at("2026-09"));
        CHECK(rows[1].figures.interactions[0] == 1);  // bruno's call of 09-30
        CHECK(rows[6].figures.deals_opened == 3);
    }

    TEST_CASE("deals: bytewise id order, also for ids that share their first 8 or 16 bytes") {
        std::string deals = "deals:\n";
        const Ids given = {"abcdefgh1", "b", "abcdefgh", "A-2", "abcdefgh0", "a", "abcdefgi", "9z", "abcdefg", "a-1", "a.b",
                           "abcdefgh-0123456", "abcdefgh-01234567-b", "abcdefgh-01234567", "abcdefgh-01234567-a",
                           "abcdefgh-0123457", "abcdefgh-012345", "abcdefgh-01234567z"};
        for (const auto& id : given)
            deals += "  - { id: " + id + ", client: acme, owner: alice, amount: 1000, opened: 2026-09-01 }\n";
        World w(texts(deals), "2026-10-01");
        Context c = w.at();
        Ids expected = given;
        std::sort(expected.begin(), expected.end());
        CHECK(expected == Ids{"9z", "A-2", "a", "a-1", "a.b", "abcdefg", "abcdefgh", "abcdefgh-012345", "abcdefgh-0123456",
                              "abcdefgh-01234567", "abcdefgh-01234567-a", "abcdefgh-01234567-b", "abcdefgh-01234567z",
                              "abcdefgh-0123457", "abcdefgh0", "abcdefgh1", "abcdefgi", "b"});
        CHECK(ids_of(c, deal_rows(c)) == expected);
        CHECK(ids_of(c, c.deals_by_id()) == expected);
    }

    TEST_CASE("memo: a context's results are never those of another period") {
        World w(texts(activity_deals, activity_ledger, activity_targets), "2027-01-15");
        Context q4 = w.at("2026-Q4");
        const std::size_t deals_q4 = deal_rows(q4).size();
        CHECK(activity_rows(q4).back().figures.interactions[0] == 3);
        // a context over another period, made from q4 after q4 computed: its own figures
        Context sep(q4, *parse_period("2026-09", w.book.settings.fiscal_year_start));
        CHECK(activity_rows(sep).back().figures.interactions[0] == activity_rows(w.at("2026-09")).back().figures.interactions[0]);
        CHECK(activity_rows(sep).back().figures.deals_opened == 3);
        CHECK(activity_rows(q4).back().figures.deals_opened == 0);
        // a copy whose period is changed afterwards does not reuse the original's results
        Context copy = q4;
        copy.period = *parse_period("2026-09", w.book.settings.fiscal_year_start);
        CHECK(activity_rows(copy).back().figures.deals_opened == 3);
        CHECK(deal_rows(copy).size() == deals_q4);  // deals do not depend on the period
    }

    TEST_CASE("targets: actual, target and attainment per scope and metric") {
        World w(texts(activity_deals, activity_ledger, activity_targets), "2027-01-15");
        // metrics in §6 order; meetings' target of 0 leaves the percentage
        // empty; the total's targets are, per month, the teams' (their own
        // where they have one) plus the agents without a team (SPEC rev. 2 §6)
        CHECK(csv(targets_table(w.at("2026-Q4")), 6) ==
              "scope,id,metric,actual,target,attainment_pct\n"
              "agent,alice,collected,500.00,1000.00,50.0\n"
              "agent,alice,calls,1,3,33.3\n"
              "agent,alice,meetings,1,0,\n"
              "team,north,collected,500.00,1000.00,50.0\n"
              "team,north,calls,2,3,66.7\n"
              "team,north,meetings,1,0,\n"
              "team,south,calls,1,2,50.0\n"
              "total,,collected,800.00,1000.00,80.0\n"
              "total,,calls,3,5,60.0\n"
              "total,,meetings,1,0,\n");
        // a period with no overlapping target: no rows
        CHECK(csv(targets_table(w.at("2025-Q4")), 6) == "scope,id,metric,actual,target,attainment_pct\n");
    }

    // ------------------------------------------------------------- selection

    TEST_CASE("selection: kept rows, and a total that sums the kept rows without counting anyone twice") {
        SUBCASE("activity") {
            World w(texts(activity_deals, activity_ledger, activity_targets), "2027-01-15");
            CHECK(csv(activity_table(w.at("2026-Q4", agents({"alice"}))), 13) ==
                  "scope,id,calls,meetings,emails,demos,visits,messages,deals_opened,deals_won,sales,deals_lost,collected\n"
                  "agent,alice,1,1,0,0,1,1,0,0,0.00,0,500.00\n"
                  "total,,1,1,0,0,1,1,0,0,0.00,0,500.00\n");
            Selection both{{"alice"}, {"south"}};
            CHECK(csv(activity_table(w.at("2026-Q4", both)), 13) ==
                  "scope,id,calls,meetings,emails,demos,visits,messages,deals_opened,deals_won,sales,deals_lost,collected\n"
                  "agent,alice,1,1,0,0,1,1,0,0,0.00,0,500.00\n"
                  "agent,bruno,1,0,0,0,0,0,0,0,0.00,0,0.00\n"
                  "team,south,1,0,0,0,0,0,0,0,0.00,0,0.00\n"
                  "total,,2,1,0,0,1,1,0,0,0.00,0,500.00\n");
            // the total's targets: the sum of the kept rows' — team south's own (2) and alice's (3)
            CHECK(csv(targets_table(w.at("2026-Q4", both)), 6) ==
                  "scope,id,metric,actual,target,attainment_pct\n"
                  "agent,alice,collected,500.00,1000.00,50.0\n"
                  "agent,alice,calls,1,3,33.3\n"
                  "agent,alice,meetings,1,0,\n"
                  "team,south,calls,1,2,50.0\n"
                  "total,,collected,500.00,1000.00,50.0\n"
                  "total,,calls,2,5,40.0\n"
                  "total,,meetings,1,0,\n");
        }
        SUBCASE("forecast") {
            World w(texts(forecast_deals, forecast_ledger, forecast_targets), "2026-11-26");
            // the total's target: alice's, not the company's
            CHECK(csv(forecast_table(w.at("2026-Q4", agents({"alice"})), {}), 12) ==
                  "scope,id,won,open_deals,pipeline,weighted,commit,best_case,forecast,target,attainment_pct,projected_pct\n"
                  "agent,alice,0.00,5,31000.00,21350.00,11000.00,16000.00,21350.00,40000.00,0.0,53.4\n"
                  "total,,0.00,5,31000.00,21350.00,11000.00,16000.00,21350.00,40000.00,0.0,53.4\n");
            CHECK(csv(forecast_table(w.at("2026-Q4", Selection{{"dave"}, {"south"}}), {}), 12) ==
                  "scope,id,won,open_deals,pipeline,weighted,commit,best_case,forecast,target,attainment_pct,projected_pct\n"
                  "agent,bruno,0.00,2,96000.00,30080.00,0.00,32000.00,30080.00,24000.00,0.0,125.3\n"
                  "agent,dave,5500.50,0,0.00,0.00,0.00,0.00,5500.50,0.00,,\n"
                  "team,south,0.00,2,96000.00,30080.00,0.00,32000.00,30080.00,24000.00,0.0,125.3\n"
                  "total,,5500.50,2,96000.00,30080.00,0.00,32000.00,35580.50,24000.00,22.9,148.3\n");
            CHECK(csv(forecast_table(w.at("2026-Q4", teams({"north"})), {}), 4) ==
                  "scope,id,won,open_deals\n"
                  "agent,alice,0.00,5\n"
                  "agent,carol,0.00,0\n"
                  "team,north,0.00,5\n"
                  "total,,0.00,5\n");
            // no kept agent has a target: no total target
            CHECK(csv(forecast_table(w.at("2026-Q4", agents({"carol"})), {}), 12) ==
                  "scope,id,won,open_deals,pipeline,weighted,commit,best_case,forecast,target,attainment_pct,projected_pct\n"
                  "agent,carol,0.00,0,0.00,0.00,0.00,0.00,0.00,,,\n"
                  "total,,0.00,0,0.00,0.00,0.00,0.00,0.00,,,\n");
        }
    }

    // ------------------------------------------------------------ percentages

    TEST_CASE("percentages: one decimal, half away from zero - empty when the denominator is 0") {
        CHECK(pct_text(Rational(1373), Rational(2000)) == "68.7");  // 68.65 exactly
        CHECK(pct_text(Rational(-1373), Rational(2000)) == "-68.7");
        CHECK(pct_text(Rational(1), Rational(2000)) == "0.1");      // 0.05
        CHECK(pct_text(Rational(-1), Rational(2000)) == "-0.1");
        CHECK(pct_text(Rational(1), Rational(2001)) == "0.0");      // 0.04997...
        CHECK(pct_text(Rational(1), Rational(3)) == "33.3");
        CHECK(pct_text(Rational(2), Rational(3)) == "66.7");
        CHECK(pct_text(Rational(3), Rational(2)) == "150.0");
        CHECK(pct_text(Rational(0), Rational(5)) == "0.0");
        CHECK(pct_text(Rational(5), Rational(0)) == "");
        CHECK(pct_text(Rational(0), Rational(0)) == "");
        CHECK(pct_text(Rational::of(1, 3), Rational::of(2, 3)) == "50.0");

        CHECK(metric_value_text(Metric::sales, Rational(12345)) == "123.45");
        CHECK(metric_value_text(Metric::collected, Rational(0)) == "0.00");
        CHECK(metric_value_text(Metric::calls, Rational(300)) == "3");
        CHECK(metric_value_text(Metric::calls, Rational(250)) == "2.50");
        CHECK(metric_value_text(Metric::deals_won, Rational::of(100, 3)) == "0.33");
        CHECK(metric_value_text(Metric::meetings, Rational(0)) == "0");
    }

    // ---------------------------------------------------------------- §9 funnel

    const std::string funnel_deals =
        "deals:\n"
        "  - { id: f1, client: globex, owner: bruno, amount: 1000, opened: 2026-01-05, stage: lead }\n"
        "  - { id: f2, client: globex, owner: bruno, amount: 2000, opened: 2026-01-10, stage: qualified }\n"
        "  - { id: f3, client: globex, owner: alice, amount: 4000, opened: 2026-01-10 }\n"
        "  - { id: f4, client: globex, owner: alice, amount: 8000, opened: 2026-01-05, stage: lead }\n";
    const std::string funnel_ledger = "2026-01-15 stage f1 proposal\n"
                                      "2026-01-25 won f1\n"
                                      "2026-01-20 lost f2 reason:\"budget\"\n"
                                      "2026-01-09 stage f4 negotiation\n"
                                      "2026-01-16 lost f4\n"
                                      "2026-01-26 reopen f4\n";

    TEST_CASE("funnel: skipped stages count as reached - reopen after a loss") {
        World w(texts(funnel_deals, funnel_ledger), "2026-02-01");
        // f1 lead > proposal > won (skips qualified); f2 opened in qualified and
        // lost; f3 open in lead; f4 lead > negotiation, lost, reopened (open).
        // Avg days over ended stays: lead (10 + 4) / 2, qualified 10 (f2),
        // proposal 10 (f1), negotiation 7 (f4 until its loss; its stay since the
        // reopen has not ended). Empty pipelines: empty percentages.
        CHECK(csv(funnel_table(w.at(), false), 6) ==
              "pipeline,stage,reached,conversion_pct,avg_days,win_rate_pct\n"
              "smb,lead,4,75.0,7.0,\n"
              "smb,qualified,3,66.7,10.0,\n"
              "smb,proposal,2,100.0,10.0,\n"
              "smb,negotiation,2,50.0,7.0,\n"
              "smb,verbal,1,100.0,,\n"
              "smb,won,1,,20.0,50.0\n"
              "smb,lost,1,,,\n"
              "smb,open,2,,,\n"
              "enterprise,discovery,0,,,\n"
              "enterprise,solution,0,,,\n"
              "enterprise,shortlist,0,,,\n"
              "enterprise,contract,0,,,\n"
              "enterprise,won,0,,,\n"
              "enterprise,lost,0,,,\n"
              "enterprise,open,0,,,\n");
        Funnel f = funnel(w.at(), false);
        REQUIRE(f.paths.size() == 1);
        CHECK(f.paths[0].path == "smb: lead > proposal > won");
        CHECK(f.paths[0].deals == 1);

        // the same as of a day when f4 was still lost
        World lost(texts(funnel_deals, funnel_ledger), "2026-01-25");
        CHECK(first_lines(csv(funnel_table(lost.at(), false), 6), 9) ==
              "pipeline,stage,reached,conversion_pct,avg_days,win_rate_pct\n"
              "smb,lead,4,75.0,7.0,\n"
              "smb,qualified,3,66.7,10.0,\n"
              "smb,proposal,2,100.0,10.0,\n"
              "smb,negotiation,2,50.0,7.0,\n"
              "smb,verbal,1,100.0,,\n"
              "smb,won,1,,20.0,33.3\n"
              "smb,lost,2,,,\n"
              "smb,open,1,,,\n");
    }

    TEST_CASE("funnel: a deal won after a reopen - win rates by owner") {
        World w(texts(funnel_deals, funnel_ledger + "2026-01-30 won f4\n"), "2026-02-01");
        // negotiation stays: 01-09..01-16 and 01-26..01-30; cycles 20 (f1) and 25 (f4)
        CHECK(first_lines(csv(funnel_table(w.at(), false), 6), 9) ==
              "pipeline,stage,reached,conversion_pct,avg_days,win_rate_pct\n"
              "smb,lead,4,75.0,7.0,\n"
              "smb,qualified,3,66.7,10.0,\n"
              "smb,proposal,2,100.0,10.0,\n"
              "smb,negotiation,2,100.0,5.5,\n"
              "smb,verbal,2,100.0,,\n"
              "smb,won,2,,22.5,66.7\n"
              "smb,lost,1,,,\n"
              "smb,open,1,,,\n");
        // a reopen into the same stage is not a new step of the path
        CHECK(csv(paths_table(w.at(), false), 2) ==
              "path,deals\n"
              "smb: lead > negotiation > won,1\n"
              "smb: lead > proposal > won,1\n");
        std::string rates = csv(winrate_table(w.at(), false), 7);
        CHECK(rates.find("owner,alice,1,0,1,100.0,8000.00\n") != std::string::npos);
        CHECK(rates.find("owner,bruno,1,1,0,50.0,1000.00\n") != std::string::npos);
        CHECK(rates.find("segment,smb,2,1,1,66.7,4500.00\n") != std::string::npos);
    }

    TEST_CASE("funnel: the cohort of a period, and of a selection") {
        World w(texts(funnel_deals, funnel_ledger), "2026-02-01");
        // opened 2026-01-01..07: f1 and f4
        CHECK(first_lines(csv(funnel_table(w.at("2026-01-01..2026-01-07"), true), 6), 9) ==
              "pipeline,stage,reached,conversion_pct,avg_days,win_rate_pct\n"
              "smb,lead,2,100.0,7.0,\n"
              "smb,qualified,2,100.0,,\n"
              "smb,proposal,2,100.0,10.0,\n"
              "smb,negotiation,2,50.0,7.0,\n"
              "smb,verbal,1,100.0,,\n"
              "smb,won,1,,20.0,100.0\n"
              "smb,lost,0,,,\n"
              "smb,open,1,,,\n");
        // alice's deals: f3, f4; none won nor lost (as of T f4 is open)
        CHECK(first_lines(csv(funnel_table(w.at("", agents({"alice"})), false), 6), 9) ==
              "pipeline,stage,reached,conversion_pct,avg_days,win_rate_pct\n"
              "smb,lead,2,50.0,4.0,\n"
              "smb,qualified,1,100.0,,\n"
              "smb,proposal,1,100.0,,\n"
              "smb,negotiation,1,0.0,7.0,\n"
              "smb,verbal,0,,,\n"
              "smb,won,0,,,\n"
              "smb,lost,0,,,\n"
              "smb,open,2,,,\n");
    }

    // --------------------------------------------------------------- §9 balance

    TEST_CASE("balance: as of T, with and without a period") {
        const BookTexts t = texts(no_deals,
                                  "2026-09-15 invoice acme 1000 ref:INV-1\n"
                                  "2026-09-20 payment acme 500 ref:INV-1\n"
                                  "2026-11-26 invoice acme 52000 ref:INV-2\n"
                                  "2026-12-10 payment acme 26000 ref:INV-2\n"
                                  "2026-10-05 invoice globex 250.50\n");
        World w(t, "2026-12-31");
        CHECK(csv(balance_table(w.at(), ViewOptions{false}), 99) ==
              "client,name,opening,invoiced,paid,balance,last_payment\n"
              "acme,ACME Industries SA,1200.00,53000.00,26500.00,27700.00,2026-12-10\n"
              "globex,Globex,0.00,250.50,0.00,250.50,\n"
              "initech,Initech,0.00,0.00,0.00,0.00,\n");
        CHECK(csv(balance_table(w.at("2026-Q4"), ViewOptions{false}), 99) ==
              "client,name,opening,invoiced,paid,balance,last_payment,period_invoiced,period_paid\n"
              "acme,ACME Industries SA,1200.00,53000.00,26500.00,27700.00,2026-12-10,52000.00,26000.00\n"
              "globex,Globex,0.00,250.50,0.00,250.50,,250.50,0.00\n"
              "initech,Initech,0.00,0.00,0.00,0.00,,0.00,0.00\n");
        Table with_total = balance_table(w.at(), ViewOptions{true});
        REQUIRE(with_total.rows.size() == 4);
        CHECK(with_total.rows[3] == Row{"total", "", "1200.00", "53250.50", "26500.00", "27950.50", ""});

        // as of 2026-12-01 the December payment has not happened
        World early(t, "2026-12-01");
        CHECK(csv(balance_table(early.at("2026-Q4"), ViewOptions{false}), 99) ==
              "client,name,opening,invoiced,paid,balance,last_payment,period_invoiced,period_paid\n"
              "acme,ACME Industries SA,1200.00,53000.00,500.00,53700.00,2026-09-20,52000.00,0.00\n"
              "globex,Globex,0.00,250.50,0.00,250.50,,250.50,0.00\n"
              "initech,Initech,0.00,0.00,0.00,0.00,,0.00,0.00\n");
        auto rows = balance_rows(early.at("2026-09"));
        REQUIRE(rows.size() == 3);
        CHECK(money_text(rows[0].period_invoiced) == "1000.00");
        CHECK(money_text(rows[0].period_paid) == "500.00");
    }
}
