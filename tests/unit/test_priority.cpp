// SPEC §9 priority: the follow-up list of open deals (priority_rows, in src/core/compute/status.cpp).
// Results are compared as the CSV of their SPEC §11 columns, exact text (compute_fixture.hpp).
#include "compute_fixture.hpp"

#include <doctest/doctest.h>

using namespace salesrep;
using namespace salesrep::testing;

TEST_SUITE("compute") {
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
}
