// SPEC §9 activity: interactions and credits per agent, team and total (src/core/compute/activity.cpp).
// Results are compared as the CSV of their SPEC §11 columns, exact text (compute_fixture.hpp).
#include "compute_fixture.hpp"

#include <doctest/doctest.h>

using namespace salesrep;
using namespace salesrep::testing;

TEST_SUITE("compute") {
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
}
