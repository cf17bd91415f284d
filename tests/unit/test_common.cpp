// The computing context (src/core/compute/common.cpp, memo.hpp): memoised results per period.
// Results are compared as the CSV of their SPEC §11 columns, exact text (compute_fixture.hpp).
#include "compute_fixture.hpp"

#include <doctest/doctest.h>

using namespace salesrep;
using namespace salesrep::testing;

TEST_SUITE("compute") {
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
}
