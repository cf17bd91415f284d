// salesrep show (src/core/show.cpp): the tables of one deal's or client's story.
#include "salesrep/show.hpp"

#include "compute_fixture.hpp"

#include <doctest/doctest.h>

using namespace salesrep;
using namespace salesrep::testing;

namespace {

const std::string show_deals =
    "deals:\n"
    "  - { id: s-a, client: acme, owner: alice, amount: 1000, opened: 2026-10-01, stage: discovery, expected_close: 2026-11-20,\n"
    "      title: Renewal, source: referral, next_action: { what: Call back, due: 2026-11-30 } }\n"
    "  - { id: s-b, client: acme, owner: bruno, amount: 500, opened: 2026-10-05 }\n"
    "  - { id: s-c, client: globex, owner: bruno, amount: 700, opened: 2026-10-05 }\n";
const std::string show_ledger = "2026-10-10 call s-a \"first call\"\n"
                                "2026-10-12 stage s-a solution\n"
                                "2026-10-15 09:30 meeting acme @carol\n"
                                "2026-10-20 set s-a close:2026-12-20\n"
                                "2026-10-25 lost s-b reason:\"budget\"\n"
                                "2026-10-26 call s-c\n"
                                "2026-11-05 invoice acme 900\n"
                                "2026-11-15 payment acme 400\n";

}  // namespace

TEST_SUITE("show") {

// The titles and names of the tables, in order.
std::string names(const std::vector<Table>& ts) {
    std::string out;
    for (const Table& t : ts) out += t.name + " (" + t.title + ");";
    return out;
}

struct ShowBook : World {
    ShowBook() : World(texts(show_deals, show_ledger), "2026-11-26") {}
    std::vector<Table> deal(std::string_view id) {
        REQUIRE(book.deal_index(id) >= 0);
        return show_deal(at(), book.deal_index(id));
    }
    std::vector<Table> client(std::string_view id) {
        REQUIRE(book.client_index(id) >= 0);
        return show_client(at(), book.client_index(id));
    }
};

TEST_CASE("show: an open deal - facts with values only, its stages, its pushes, then its history") {
    ShowBook w;
    std::vector<Table> ts = w.deal("s-a");
    CHECK(names(ts) == "deal (Deal s-a);stages (Stages);pushes (Pushes (1 slips));history (History);");
    REQUIRE(ts.size() == 4);
    // no contact (the client has none): the field is left out, as are closed and lost reason;
    // the last contact is the client's meeting (it counts for all its deals)
    CHECK(render_csv(ts[0]) == "field,value\n"
                               "deal,s-a\n"
                               "title,Renewal\n"
                               "client,ACME Industries SA (acme)\n"
                               "owner,alice\n"
                               "pipeline,enterprise\n"
                               "state,open\n"
                               "stage,solution\n"
                               "status,60.0%\n"
                               "amount,\"1,000.00\"\n"
                               "weighted,600.00\n"
                               "category,best_case\n"
                               "opened,2026-10-01\n"
                               "expected close,2026-12-20\n"
                               "slips,1\n"
                               "in stage since,2026-10-12\n"
                               "days in stage,45\n"
                               "last contact,2026-10-15 (42 days ago)\n"
                               "next action,Call back (due 2026-11-30)\n"
                               "flags,idle\n"
                               "source,referral\n");
    // the stay in the current stage runs to today
    CHECK(render_csv(ts[1]) == "stage,entered,left,days\n"
                               "discovery,2026-10-01,2026-10-12,11\n"
                               "solution,2026-10-12,,45\n");
    CHECK(render_csv(ts[2]) == "date,from,to,days\n"
                               "2026-10-20,2026-11-20,2026-12-20,30\n");
    // only the deal's own entries (not the client's meeting), with their file and line
    CHECK(render_csv(ts[3]) == "date,time,kind,target,agent,detail,source\n"
                               "2026-10-10,,call,s-a,alice,\"\"\"first call\"\"\",sales.ledger:1\n"
                               "2026-10-12,,stage,s-a,alice,solution,sales.ledger:2\n"
                               "2026-10-20,,set,s-a,alice,close:2026-12-20,sales.ledger:4\n");
}

TEST_CASE("show: a lost deal - no category, next action or stage days, and no pushes table") {
    ShowBook w;
    std::vector<Table> ts = w.deal("s-b");
    CHECK(names(ts) == "deal (Deal s-b);stages (Stages);history (History);");
    REQUIRE(ts.size() == 3);
    CHECK(render_csv(ts[0]) == "field,value\n"
                               "deal,s-b\n"
                               "client,ACME Industries SA (acme)\n"
                               "owner,bruno\n"
                               "pipeline,enterprise\n"
                               "state,lost\n"
                               "stage,discovery\n"
                               "status,0.0%\n"
                               "amount,500.00\n"
                               "weighted,0.00\n"
                               "opened,2026-10-05\n"
                               "closed,2026-10-25\n"
                               "lost reason,budget\n"
                               "last contact,2026-10-15 (42 days ago)\n");
    CHECK(render_csv(ts[1]) == "stage,entered,left,days\n"
                               "discovery,2026-10-05,2026-10-25,20\n");
    CHECK(render_csv(ts[2]) == "date,time,kind,target,agent,detail,source\n"
                               "2026-10-25,,lost,s-b,bruno,\"reason:\"\"budget\"\"\",sales.ledger:5\n");
}

TEST_CASE("show: a client - its facts and balance, its deals only, every entry on it or its deals") {
    ShowBook w;
    std::vector<Table> ts = w.client("acme");
    CHECK(names(ts) == "client (Client acme);deals (Deals);history (History);");
    REQUIRE(ts.size() == 3);
    CHECK(render_csv(ts[0]) == "field,value\n"
                               "client,acme\n"
                               "name,ACME Industries SA\n"
                               "segment,enterprise\n"
                               "owner,alice\n"
                               "balance,\"1,700.00 (opening 1,200.00 + invoiced 900.00 - paid 400.00)\"\n"
                               "last payment,2026-11-15\n");
    // globex's s-c is not listed; no total row
    REQUIRE(ts[1].rows.size() == 2);
    CHECK(ts[1].rows[0][0] == "s-a");
    CHECK(ts[1].rows[1][0] == "s-b");
    CHECK(ts[1].rows[1][5] == "lost");
    // s-c's call (globex) is not in acme's history; the meeting on acme is, with its time
    CHECK(render_csv(ts[2]) == "date,time,kind,target,agent,detail,source\n"
                               "2026-10-10,,call,s-a,alice,\"\"\"first call\"\"\",sales.ledger:1\n"
                               "2026-10-12,,stage,s-a,alice,solution,sales.ledger:2\n"
                               "2026-10-15,09:30,meeting,acme,carol,'@carol,sales.ledger:3\n"
                               "2026-10-20,,set,s-a,alice,close:2026-12-20,sales.ledger:4\n"
                               "2026-10-25,,lost,s-b,bruno,\"reason:\"\"budget\"\"\",sales.ledger:5\n"
                               "2026-11-05,,invoice,acme,alice,900.00,sales.ledger:7\n"
                               "2026-11-15,,payment,acme,alice,400.00,sales.ledger:8\n");
    CHECK(ts[2].rows[2][5] == "@carol");  // the cell as it is; the CSV guards the leading @
    // a client without deals or entries: its facts, an empty deals table, an empty history
    std::vector<Table> none = w.client("initech");
    REQUIRE(none.size() == 3);
    CHECK(none[1].rows.empty());
    CHECK(none[2].rows.empty());
}

}
