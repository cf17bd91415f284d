// SPEC §9 forecast: won, open deals by category, targets, past due (src/core/compute/forecast.cpp).
// Results are compared as the CSV of their SPEC §11 columns, exact text (compute_fixture.hpp).
#include "compute_fixture.hpp"

#include <doctest/doctest.h>

using namespace salesrep;
using namespace salesrep::testing;

TEST_SUITE("compute") {
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
}
