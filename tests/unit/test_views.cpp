// The views (src/core/views_*.cpp): the Table each returns for a small book -
// its columns, cells, row order, totals and the cells left empty when a
// percentage has a denominator of 0.
#include "compute_fixture.hpp"

#include <doctest/doctest.h>

using namespace salesrep;
using namespace salesrep::testing;

namespace {

// acme (enterprise pipeline), globex and initech (smb); today 2026-11-26.
const std::string views_deals =
    "deals:\n"
    "  - { id: v-b, client: globex,  owner: bruno, amount: 500,  opened: 2026-10-01, stage: proposal, expected_close: 2026-12-15,\n"
    "      title: Seats, next_action: { what: Send quote, due: 2026-11-30 } }\n"
    "  - { id: v-a, client: acme,    owner: alice, amount: 1000, opened: 2026-10-01, stage: solution, expected_close: 2026-11-20 }\n"
    "  - { id: v-c, client: initech, owner: dave,  amount: 2000, opened: 2026-09-01 }\n";
const std::string views_ledger = "2026-11-02 call v-a\n"
                                 "2026-11-05 invoice acme 900\n"
                                 "2026-11-10 won v-c\n"
                                 "2026-11-15 payment acme 400\n";

std::string keys(const Table& t) {
    std::string out;
    for (const Column& c : t.columns) out += (out.empty() ? "" : ",") + c.key;
    return out;
}

}  // namespace

TEST_SUITE("views") {

// The book of these tests, replayed as of 2026-11-26, over 2026-Q4.
struct ViewsBook : World {
    ViewsBook() : World(texts(views_deals, views_ledger), "2026-11-26") {}
};

TEST_CASE("views: deals - every deal in id order, SPEC §11 columns first, a total row only when asked") {
    ViewsBook w;
    Context c = w.at("2026-Q4");
    Table t = deals_table(c, {}, ViewOptions{false, false, 0});
    CHECK(t.name == "deals");
    CHECK(t.title == "Deals as of 2026-11-26");
    CHECK(keys(t) == "deal,client,owner,pipeline,stage,state,status_pct,amount,weighted,expected_close,last_contact,"
                     "days_in_stage,flags,title,category,next_action_due,next_action,closed,slips");
    CHECK(t.columns[6].type == ColType::pct);
    CHECK(t.columns[7].type == ColType::money);
    CHECK(t.columns[9].type == ColType::date);
    // v-a: slipped (close 11-20 passed), idle (24 days); v-b: 56 days in proposal (max 21)
    // and never contacted; v-c won: status 100, no category, no stage days, closed
    CHECK(render_csv(t) ==
          "deal,client,owner,pipeline,stage,state,status_pct,amount,weighted,expected_close,last_contact,days_in_stage,"
          "flags,title,category,next_action_due,next_action,closed,slips\n"
          "v-a,acme,alice,enterprise,solution,open,60.0,1000.00,600.00,2026-11-20,2026-11-02,56,slipped;idle,,best_case,,,,0\n"
          "v-b,globex,bruno,smb,proposal,open,50.0,500.00,250.00,2026-12-15,2026-10-01,56,stalled;idle,Seats,best_case,"
          "2026-11-30,Send quote,,0\n"
          "v-c,initech,dave,smb,lead,won,100.0,2000.00,2000.00,,2026-09-01,,,,,,,2026-11-10,0\n");
    CHECK(t.emphasis.empty());

    Table with_total = deals_table(c, {}, ViewOptions{true, false, 0});
    REQUIRE(with_total.rows.size() == 4);
    const Row& total = with_total.rows.back();
    CHECK(total[0] == "total (3 deals)");
    CHECK(total[7] == "3500.00");
    CHECK(total[8] == "2850.00");
    CHECK(std::count(total.begin(), total.end(), std::string()) == static_cast<long>(total.size()) - 3);
    CHECK(with_total.emphasis == std::vector<bool>{false, false, false, true});
}

TEST_CASE("views: priority - open deals only, the longest without contact first, at most limit rows") {
    ViewsBook w;
    Context c = w.at("2026-Q4");
    Table t = priority_table(c, ViewOptions{false, false, 0});
    CHECK(t.title == "Who to call first, as of 2026-11-26");
    CHECK(render_csv(t) ==
          "rank,deal,client,owner,stage,days_since_contact,last_contact,weighted,next_action_due,flags,next_action,"
          "contact,phone\n"
          "1,v-b,globex,bruno,proposal,56,2026-10-01,250.00,2026-11-30,stalled;idle,Send quote,,\n"
          "2,v-a,acme,alice,solution,24,2026-11-02,600.00,,slipped;idle,,,\n");
    Table one = priority_table(c, ViewOptions{false, false, 1});
    REQUIRE(one.rows.size() == 1);
    CHECK(one.rows[0][1] == "v-b");
    Table explain = priority_explain_table(c, ViewOptions{false, true, 0});
    REQUIRE(explain.rows.size() == 2);
    CHECK(explain.rows[0].back() == "2026-11-26 - 2026-10-01 = 56 days; 500.00 x 50% = 250.00 (no contact yet: counted from opening)");
    CHECK(explain.rows[1].back() == "2026-11-26 - 2026-11-02 = 24 days; 1000.00 x 60% = 600.00");
}

TEST_CASE("views: balance - every client in book order, the period's columns only with a period, a total row") {
    ViewsBook w;
    // acme: opening 1200.00 + invoiced 900.00 - paid 400.00
    Table all = balance_table(w.at(), ViewOptions{true, false, 0});
    CHECK(all.title == "Client balances as of 2026-11-26");
    CHECK(render_csv(all) == "client,name,opening,invoiced,paid,balance,last_payment\n"
                             "acme,ACME Industries SA,1200.00,900.00,400.00,1700.00,2026-11-15\n"
                             "globex,Globex,0.00,0.00,0.00,0.00,\n"
                             "initech,Initech,0.00,0.00,0.00,0.00,\n"
                             "total,,1200.00,900.00,400.00,1700.00,\n");
    CHECK(all.emphasis == std::vector<bool>{false, false, false, true});
    Table q3 = balance_table(w.at("2026-Q3"), ViewOptions{false, false, 0});
    CHECK(keys(q3) == "client,name,opening,invoiced,paid,balance,last_payment,period_invoiced,period_paid");
    CHECK(q3.columns[7].title == "Invoiced 2026-Q3");
    REQUIRE(q3.rows.size() == 3);
    CHECK(q3.rows[0] == Row{"acme", "ACME Industries SA", "1200.00", "900.00", "400.00", "1700.00", "2026-11-15",
                            "0.00", "0.00"});
    CHECK(balance_table(w.at("2026-Q4"), ViewOptions{false, false, 0}).rows[0][7] == "900.00");
}

TEST_CASE("views: past due, slipped and open deals - open deals only, days late from the expected close") {
    ViewsBook w;
    Context c = w.at("2026-Q4");
    CHECK(render_csv(past_due_table(c)) == "deal,client,owner,stage,amount,weighted,expected_close,days_late\n"
                                           "v-a,acme,alice,solution,1000.00,600.00,2026-11-20,6\n");
    CHECK(render_csv(slipped_table(c)) == render_csv(past_due_table(c)));  // the same deals, other titles
    CHECK(slipped_table(c).title != past_due_table(c).title);
    CHECK(render_csv(open_deals_detail_table(c)) ==
          "deal,company,industry,contact,job_title,owner,stage,status_pct,amount,probability,expected_close,"
          "next_action,next_action_due\n"
          "v-a,ACME Industries SA,,,,alice,solution,60.0,1000.00,,2026-11-20,,\n"
          "v-b,Globex,,,,bruno,proposal,50.0,500.00,,2026-12-15,Send quote,2026-11-30\n");
    // as of the day before v-a's close, nothing is past due
    World before(texts(views_deals, views_ledger), "2026-11-19");
    CHECK(past_due_table(before.at("2026-Q4")).rows.empty());
}

TEST_CASE("views: win rates and forecast - a percentage over 0 is an empty cell, never 0.0") {
    ViewsBook w;
    Context c = w.at("2026-Q4");
    // the Q4 cohort (v-a, v-b) has nothing closed: no win rate, no mean won amount
    CHECK(render_csv(winrate_table(c, true)) == "dimension,value,won,lost,open,win_rate_pct,mean_won_amount\n"
                                                "segment,enterprise,0,0,1,,\n"
                                                "segment,smb,0,0,1,,\n"
                                                "industry,(none),0,0,2,,\n"
                                                "source,(none),0,0,2,,\n"
                                                "owner,alice,0,0,1,,\n"
                                                "owner,bruno,0,0,1,,\n");
    // no targets: target, attainment and projection empty; dave's win counts in Q4
    CHECK(render_csv(forecast_table(c, {})) ==
          "scope,id,won,open_deals,pipeline,weighted,commit,best_case,forecast,target,attainment_pct,projected_pct\n"
          "agent,alice,0.00,1,1000.00,600.00,0.00,1000.00,600.00,,,\n"
          "agent,bruno,0.00,1,500.00,250.00,0.00,500.00,250.00,,,\n"
          "agent,carol,0.00,0,0.00,0.00,0.00,0.00,0.00,,,\n"
          "agent,dave,2000.00,0,0.00,0.00,0.00,0.00,2000.00,,,\n"
          "team,north,0.00,1,1000.00,600.00,0.00,1000.00,600.00,,,\n"
          "team,south,0.00,1,500.00,250.00,0.00,500.00,250.00,,,\n"
          "total,,2000.00,2,1500.00,850.00,0.00,1500.00,2850.00,,,\n");
}

}
