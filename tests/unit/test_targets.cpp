// SPEC §6 targets: proration of targets over a period, and the targets table (src/core/compute/targets.cpp).
// Results are compared as the CSV of their SPEC §11 columns, exact text (compute_fixture.hpp).
#include "compute_fixture.hpp"

#include <doctest/doctest.h>

using namespace salesrep;
using namespace salesrep::testing;

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
}
