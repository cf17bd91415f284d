// SPEC §9b: the forecast as a range (SplitMix64, thresholds, percentiles) and
// stage calibration (Wilson interval, verdicts). Reference values were computed
// apart, in Python, from the spec's text.
#include "salesrep/compute/calibration.hpp"
#include "salesrep/compute/range.hpp"
#include "salesrep/report.hpp"
#include "salesrep/views.hpp"

#include "book_fixture.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace salesrep;
using salesrep::testing::BookTexts;
using salesrep::testing::day;

namespace {

// A book replayed as of a day (keep it in place: contexts refer to it).
struct Replayed {
    Book book;
    Replay rep;
    Replayed(BookTexts t, std::string_view today) : book(salesrep::testing::book_of(t)) {
        rep = replay(book, day(today));
    }
    Context at(std::string_view period, const Selection& sel = {}) const {
        if (period.empty()) return Context(book, rep, rep.today, Period{}, false, sel);
        std::optional<Period> p = parse_period(period, book.settings.fiscal_year_start);
        REQUIRE(p.has_value());
        return Context(book, rep, rep.today, *p, true, sel);
    }
};

BookTexts book(std::string deals, std::string ledger, std::string targets = "") {
    BookTexts t;
    t.deals = std::move(deals);
    t.targets = std::move(targets);
    t.ledgers.push_back(std::move(ledger));
    return t;
}

// Only the columns after the forecast's 12: p10,p50,p90,chance_pct, with scope and id.
std::string range_csv(const Table& t) {
    std::string out;
    for (const Row& r : t.rows)
        out += std::string(r[0]) + "," + std::string(r[1]) + "," + std::string(r[12]) + "," + std::string(r[13]) + "," +
               std::string(r[14]) + "," + std::string(r[15]) + "\n";
    return out;
}

const std::string range_deals =
    "deals:\n"
    "  - { id: r1, client: globex, owner: bruno, amount: 1000, opened: 2026-10-01, stage: proposal, expected_close: 2026-12-15 }\n"
    "  - { id: r2, client: globex, owner: alice, amount: 2000, opened: 2026-10-01, stage: negotiation, expected_close: 2026-11-02 }\n"
    "  - { id: r3, client: globex, owner: alice, amount: 4000, opened: 2026-10-01, probability: 0, expected_close: 2026-12-01 }\n"
    "  - { id: r4, client: globex, owner: bruno, amount: 8000, opened: 2026-10-01, probability: 100, expected_close: 2026-12-01 }\n"
    "  - { id: r5, client: globex, owner: alice, amount: 16000, opened: 2026-10-01, stage: verbal, category: omitted, expected_close: 2026-12-01 }\n"
    "  - { id: r6, client: globex, owner: bruno, amount: 32000, opened: 2026-10-01, stage: verbal, expected_close: 2027-02-01 }\n"
    "  - { id: w1, client: globex, owner: alice, amount: 500, opened: 2026-09-01, stage: lead }\n";
const std::string range_ledger = "2026-10-05 won w1\n";

}  // namespace

TEST_SUITE("range") {
    TEST_CASE("SplitMix64: the reference outputs") {
        SplitMix64 one(1);
        CHECK(one.next() == 0x910a2dec89025cc1ull);
        CHECK(one.next() == 0xbeeb8da1658eec67ull);
        CHECK(one.next() == 0xf893a2eefb32555eull);
        SplitMix64 zero(0);
        CHECK(zero.next() == 0xe220a8397b1dcdafull);
        CHECK(zero.next() == 0x6e789e6aa1b965f4ull);
        SplitMix64 top(~0ull);  // 2^64 - 1: the state wraps
        CHECK(top.next() == 0xe4d971771b652c20ull);
        SplitMix64 known(1234567);  // the published test vector of the algorithm
        CHECK(known.next() == 6457827717110365317ull);
        CHECK(known.next() == 3203168211198807973ull);
        SplitMix64 d(1);
        CHECK(d.draw() == (0x910a2dec89025cc1ull >> 11));
        CHECK(d.draw() < (1ull << 53));
    }

    TEST_CASE("thresholds: x < threshold exactly when x × den < num × 2^53") {
        const std::uint64_t two53 = 1ull << 53;
        CHECK(win_threshold(0, 100) == 0);            // 0 %: never won, not even x = 0
        CHECK(win_threshold(100, 100) == two53);      // 100 %: every x < 2^53 is won
        CHECK(win_threshold(50, 100) == two53 / 2);
        CHECK(win_threshold(33, 100) == 2972375754064528ull);  // ceil(33 × 2^53 / 100)
        CHECK(win_threshold(7, 3) == 21016798261062315ull);    // more than one (past 2^53): always won
        // the boundary, checked against the spec's form in 128 bits
        for (long long den : {100LL, 3LL, 7LL, 12LL, 99991LL})
            for (long long num : {1LL, 2LL, den / 2, den - 1}) {
                const std::uint64_t t = win_threshold(num, den);
                auto won = [&](std::uint64_t x) {
                    return static_cast<unsigned __int128>(x) * static_cast<unsigned __int128>(den) <
                           static_cast<unsigned __int128>(num) << 53;
                };
                CHECK(won(t - 1));
                CHECK_FALSE(won(t));
            }
    }

    TEST_CASE("percentile index: ceil(N × q / 100) − 1") {
        CHECK(percentile_index(1, 10) == 0);
        CHECK(percentile_index(1, 90) == 0);
        CHECK(percentile_index(10, 10) == 0);
        CHECK(percentile_index(10, 50) == 4);
        CHECK(percentile_index(10, 90) == 8);
        CHECK(percentile_index(3, 50) == 1);
        CHECK(percentile_index(7, 10) == 0);
        CHECK(percentile_index(7, 90) == 6);
        CHECK(percentile_index(10000, 10) == 999);
        CHECK(percentile_index(10000, 50) == 4999);
        CHECK(percentile_index(10000, 90) == 8999);
        CHECK(percentile_index(11, 10) == 1);
    }

    TEST_CASE("range: trials in id order over the whole book, whatever the selection") {
        // drawn: r1 (50 %), r2 (75 %, past due: counts today), r3 (0 %), r4 (100 %);
        // not r5 (omitted) nor r6 (2027). alice has won 500.00 and a target of 2500.00.
        Replayed w(book(range_deals, range_ledger, "targets:\n  - { agent: alice, period: 2026-Q4, sales: 2500 }\n"),
                   "2026-11-10");
        RangeOptions o;
        o.trials = 10;
        const std::string all = range_csv(forecast_range_table(w.at("2026-Q4"), {}, o));
        CHECK(all ==
              "agent,alice,500.00,2500.00,2500.00,60.0\n"
              "agent,bruno,8000.00,9000.00,9000.00,\n"
              "agent,carol,0.00,0.00,0.00,\n"
              "agent,dave,0.00,0.00,0.00,\n"
              "team,north,500.00,2500.00,2500.00,60.0\n"
              "team,south,8000.00,9000.00,9000.00,\n"
              "total,,8500.00,10500.00,11500.00,100.0\n");  // its target: north's 2500.00
        // bruno alone: the same draws, so the same row
        const std::string bruno = range_csv(forecast_range_table(w.at("2026-Q4", Selection{{"bruno"}, {}}), {}, o));
        CHECK(bruno == "agent,bruno,8000.00,9000.00,9000.00,\n"
                       "total,,8000.00,9000.00,9000.00,\n");
        // one trial: every percentile is that trial
        o.trials = 1;
        const auto one = range_rows(w.at("2026-Q4"), o);
        CHECK(one.back().figures.p10 == one.back().figures.p90);
        // a period that ended: no open deal, the range is what was won
        o.trials = 100;
        const auto past = range_rows(w.at("2026-Q3"), o);
        CHECK(past.back().figures.p10 == Money{0});
        CHECK(past.back().figures.p90 == Money{0});
    }

    TEST_CASE("range --calibrated: the stage's win rate where 10 or more closed, else the status %") {
        // 10 smb deals reached lead and closed, none won: lead's rate is 0, so
        // the open lead deal is never won; the 'qualified' one keeps its 25 %.
        std::string deals = "deals:\n";
        std::string ledger;
        for (int i = 0; i < 10; ++i) {
            deals += fmt::format("  - {{ id: h{}, client: globex, owner: bruno, amount: 100, opened: 2026-01-01, stage: lead }}\n", i);
            ledger += fmt::format("2026-02-01 lost h{}\n", i);
        }
        deals += "  - { id: o1, client: globex, owner: bruno, amount: 1000, opened: 2026-10-01, stage: lead, expected_close: 2026-12-01 }\n";
        Replayed w(book(deals, ledger), "2026-11-10");
        RangeOptions o;
        o.trials = 1000;
        CHECK(range_rows(w.at("2026-Q4"), o).back().figures.p90 == Money{100000});  // 10 %: won in some trials
        o.calibrated = true;
        CHECK(range_rows(w.at("2026-Q4"), o).back().figures.p90 == Money{0});
    }

    TEST_CASE("Wilson interval at 95 %: edges") {
        const WilsonInterval none = wilson_interval(0, 10);
        CHECK(none.low_pct == 0.0);  // exactly 0 (the formula gives -2e-15)
        CHECK(none.high_pct == doctest::Approx(27.754016876661655));
        const WilsonInterval all = wilson_interval(10, 10);
        CHECK(all.high_pct == 100.0);
        CHECK(all.low_pct == doctest::Approx(72.24598312333833));
        const WilsonInterval mid = wilson_interval(18, 33);
        CHECK(mid.low_pct == doctest::Approx(37.98565794374957));
        CHECK(mid.high_pct == doctest::Approx(70.1573108741085));
        const WilsonInterval single = wilson_interval(1, 1);
        CHECK(single.high_pct == 100.0);
        CHECK(single.low_pct == doctest::Approx(20.654329147389294));
    }

    TEST_CASE("calibration: closed and won over the funnel's reached, verdicts from 10 closed") {
        // smb: c00..c11 in lead, c00..c05 won (a win reaches every stage), the rest lost;
        // enterprise: e0..e9 opened in solution and lost (they reached discovery too).
        std::string deals = "deals:\n";
        std::string ledger;
        for (int i = 0; i < 12; ++i) {
            deals += fmt::format("  - {{ id: c{:02}, client: globex, owner: bruno, amount: 100, opened: 2026-01-01, stage: lead }}\n", i);
            ledger += fmt::format("2026-02-01 {} c{:02}\n", i < 6 ? "won" : "lost", i);
        }
        for (int i = 0; i < 10; ++i) {
            deals += fmt::format("  - {{ id: e{}, client: acme, owner: alice, amount: 100, opened: 2026-01-01, stage: solution }}\n", i);
            ledger += fmt::format("2026-02-01 lost e{}\n", i);
        }
        deals += "  - { id: open1, client: acme, owner: alice, amount: 100, opened: 2026-01-01, stage: shortlist }\n";
        Replayed w(book(deals, ledger), "2026-03-01");
        CHECK(render_csv(calibration_table(w.at(""), false)) ==
              "pipeline,stage,probability,closed,won,win_rate_pct,low_pct,high_pct,verdict\n"
              "smb,lead,10.0,12,6,50.0,25.4,74.6,too low\n"
              "smb,qualified,25.0,6,6,100.0,61.0,100.0,\n"
              "smb,proposal,50.0,6,6,100.0,61.0,100.0,\n"
              "smb,negotiation,75.0,6,6,100.0,61.0,100.0,\n"
              "smb,verbal,90.0,6,6,100.0,61.0,100.0,\n"
              "enterprise,discovery,5.0,10,0,0.0,0.0,27.8,ok\n"
              "enterprise,solution,60.0,10,0,0.0,0.0,27.8,too high\n"
              "enterprise,shortlist,80.0,0,0,,,,\n"
              "enterprise,contract,75.0,0,0,,,,\n");
        // report --format csv -o DIR writes it as calibration.csv, the funnel of every deal
        bool written = false;
        for (const Table& t : report_csv_tables(w.at("2026-Q1")))
            if (t.name == "calibration") written = render_csv(t) == render_csv(calibration_table(w.at(""), false));
        CHECK(written);
        // the cohort of a selection: alice's deals only
        CHECK(render_csv(calibration_table(w.at("", Selection{{"alice"}, {}}), false)).find("smb,lead,10.0,0,0,,,,\n") !=
              std::string::npos);
    }

    TEST_CASE("slips: the most pushed deals, most first, ties by id, at most the limit, and one deal's pushes") {
        const std::string deals =
            "deals:\n"
            "  - { id: p0, client: globex, owner: bruno, amount: 100, opened: 2026-01-01, expected_close: 2026-02-01 }\n"
            "  - { id: p1, client: globex, owner: bruno, amount: 100, opened: 2026-01-01, expected_close: 2026-02-01 }\n"
            "  - { id: p2, client: globex, owner: alice, amount: 100, opened: 2026-01-01, expected_close: 2026-02-01 }\n"
            "  - { id: p3, client: globex, owner: alice, amount: 100, opened: 2026-01-01 }\n";
        // p0: pulled in (not a slip); p1: pushed twice; p2: once, then won;
        // p3: a first close (not a slip), then pushed twice
        const std::string ledger = "2026-01-10 set p0 close:2026-01-20\n"
                                   "2026-01-10 set p1 close:2026-03-01\n"
                                   "2026-02-10 set p1 close:2026-04-01\n"
                                   "2026-01-11 set p2 close:2026-02-15\n"
                                   "2026-02-20 won p2\n"
                                   "2026-01-05 set p3 close:2026-01-31\n"
                                   "2026-01-12 set p3 close:2026-02-28\n"
                                   "2026-01-13 set p3 close:2026-03-31\n";
        Replayed w(book(deals, ledger), "2026-03-01");
        const Table top = most_pushed_table(w.at(""), 2);
        CHECK(top.title == "Most pushed deals (2 shown of 3 pushed)");
        CHECK(render_csv(top) == "deal,owner,state,slips,first_close,expected_close,days_pushed,last_push\n"
                                 "p1,bruno,open,2,2026-02-01,2026-04-01,59,2026-02-10\n"
                                 "p3,alice,open,2,2026-01-31,2026-03-31,59,2026-01-13\n");
        CHECK(most_pushed_table(w.at("")).rows.size() == 3);
        CHECK(render_csv(pushes_table(w.rep.deals[static_cast<std::size_t>(w.book.deal_index("p3"))])) ==
              "date,from,to,days\n"
              "2026-01-12,2026-01-31,2026-02-28,28\n"
              "2026-01-13,2026-02-28,2026-03-31,31\n");
    }

    TEST_CASE("range: the trials' memory is bounded by the agents with deals drawn, the teams and the total") {
        // 40 agents in no team, each with one open deal in 2026-Q4: rows 2 × 40 + 0 teams + 2
        BookTexts t;
        t.team = "agents:\n";
        std::string deals = "deals:\n";
        for (int i = 0; i < 40; ++i) {
            t.team += fmt::format("  - {{ id: a{:02} }}\n", i);
            deals += fmt::format("  - {{ id: d{:02}, client: globex, owner: a{:02}, amount: 100, opened: 2026-10-01, "
                                 "stage: lead, expected_close: 2026-12-01 }}\n", i, i);
        }
        t.deals = deals;
        Replayed w(t, "2026-11-10");
        CHECK(range_trial_limit(w.at("2026-Q4")) == (std::size_t{1} << 25) / 82);
        CHECK(report_range_options(w.at("2026-Q4")).trials == 10000);
        // no deal in 2027-Q1: only the total's rows
        CHECK(range_trial_limit(w.at("2027-Q1")) == max_range_trials);
    }
}
