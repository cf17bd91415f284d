// SPEC §9 balance: what each client owes as of a day (src/core/compute/balance.cpp).
// Results are compared as the CSV of their SPEC §11 columns, exact text (compute_fixture.hpp).
#include "compute_fixture.hpp"

#include <doctest/doctest.h>

using namespace salesrep;
using namespace salesrep::testing;

TEST_SUITE("compute") {
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
