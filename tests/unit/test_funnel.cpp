// SPEC §9 funnel: stages reached, conversion, days, win rates, cohorts (src/core/compute/funnel.cpp).
// Results are compared as the CSV of their SPEC §11 columns, exact text (compute_fixture.hpp).
#include "compute_fixture.hpp"

#include <doctest/doctest.h>

using namespace salesrep;
using namespace salesrep::testing;

TEST_SUITE("compute") {
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
}
