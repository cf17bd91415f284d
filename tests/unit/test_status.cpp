// SPEC §9 status: deal rows, weighted amounts, probability overrides, days in stage, categories, flags, the deals list (src/core/compute/status.cpp).
// Results are compared as the CSV of their SPEC §11 columns, exact text (compute_fixture.hpp).
#include "compute_fixture.hpp"

#include <doctest/doctest.h>

using namespace salesrep;
using namespace salesrep::testing;

TEST_SUITE("compute") {
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
}
