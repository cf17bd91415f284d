// Scopes (src/core/compute/scopes.cpp): selections of agents and teams, and percentages.
// Results are compared as the CSV of their SPEC §11 columns, exact text (compute_fixture.hpp).
#include "compute_fixture.hpp"

#include <doctest/doctest.h>

using namespace salesrep;
using namespace salesrep::testing;

TEST_SUITE("compute") {
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
}
