#include "salesrep/replay.hpp"
#include "salesrep/compute/status.hpp"

#include "book_fixture.hpp"

#include <doctest/doctest.h>
#include <algorithm>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <string>
#include <vector>

using namespace salesrep;
using salesrep::testing::BookTexts;
using salesrep::testing::day;

namespace {

using Msgs = std::vector<std::string>;

// Four deals on the default clients (globex: smb, owner bruno; acme:
// enterprise, owner alice; initech: startup, no owner). deals.yaml lines 2-5.
const std::string four_deals = R"(deals:
  - { id: g1, client: globex,  owner: alice, amount: 10000, opened: 2026-01-10, stage: qualified, expected_close: 2026-03-31 }
  - { id: g2, client: globex,  owner: bruno, amount: 5000,  opened: 2026-01-10 }
  - { id: a1, client: acme,    owner: carol, amount: 48000, opened: 2026-02-01, probability: 30, next_action: { what: Send quote, due: 2026-02-15 } }
  - { id: i1, client: initech, owner: dave,  amount: 700,   opened: 2026-03-01, title: Starter pack }
)";

Book make(std::vector<std::string> ledgers, std::string deals = four_deals) {
    BookTexts t;
    t.deals = std::move(deals);
    t.ledgers = std::move(ledgers);
    return salesrep::testing::book_of(t);
}
Book make(std::string ledger) { return make(std::vector<std::string>{std::move(ledger)}); }

struct Run {
    Replay r;
    Msgs diags;
};

Run run(const Book& b, std::string_view today) {
    Diags d;
    Replay r = replay(b, day(today), &d);
    return {std::move(r), salesrep::testing::lines_of(d, b.sources)};
}

const DealState& state(const Book& b, const Replay& r, std::string_view id) {
    int i = b.deal_index(id);
    REQUIRE_MESSAGE(i >= 0, id);
    REQUIRE(r.deals.size() == b.deals.size());
    return r.deals[static_cast<std::size_t>(i)];
}

const ClientState& client(const Book& b, const Replay& r, std::string_view id) {
    int i = b.client_index(id);
    REQUIRE_MESSAGE(i >= 0, id);
    return r.clients[static_cast<std::size_t>(i)];
}

std::string stage_id(const Book& b, const DealState& s) {
    return b.pipelines[static_cast<std::size_t>(s.pipeline)].stages[static_cast<std::size_t>(s.stage)].id;
}

// "stage@entered..left*" for each stay (* when ended).
std::vector<std::string> stays(const Book& b, const DealState& s) {
    std::vector<std::string> v;
    for (const auto& st : s.stays) {
        v.push_back(fmt::format("{}@{}..{}{}", b.pipelines[static_cast<std::size_t>(s.pipeline)].stages[static_cast<std::size_t>(st.stage)].id,
                                format_date(st.entered), st.left ? format_date(*st.left) : "",
                                st.ended ? "*" : ""));
    }
    return v;
}

// agent id of an index, "" for none
std::string agent_id(const Book& b, int i) { return i < 0 ? "" : b.agents[static_cast<std::size_t>(i)].id; }

std::vector<std::string> owners(const Book& b, const DealState& s) {
    std::vector<std::string> v;
    v.push_back(format_date(s.opened) + " " + agent_id(b, s.opening_owner));
    for (const auto& [d, a] : s.owner_changes) v.push_back(format_date(d) + " " + agent_id(b, a));
    return v;
}

// The credited agent of every entry, in Book::entries order.
std::vector<std::string> credited(const Book& b, const Replay& r) {
    std::vector<std::string> v;
    for (std::int32_t a : r.credited) v.push_back(agent_id(b, a));
    return v;
}

// "line kind" of the applied entries, in replay order.
std::vector<std::string> applied(const Book& b, const Replay& r) {
    std::vector<std::string> v;
    for (std::uint32_t i : r.applied) {
        const Entry& e = b.entries[i];
        v.push_back(fmt::format("{}:{} {}", b.sources.files[e.file].path, e.line, kind_name(e.kind)));
    }
    return v;
}

}  // namespace

TEST_SUITE("replay") {
    TEST_CASE("the YAML alone") {
        Book b = make("");
        Run run1 = run(b, "2026-02-10");
        CHECK(run1.diags == Msgs{});
        const Replay& r = run1.r;
        CHECK(r.today == day("2026-02-10"));
        CHECK(r.applied.empty());
        CHECK(r.clients.size() == 3);

        const DealState& g1 = state(b, r, "g1");
        CHECK(g1.exists);
        CHECK(g1.pipeline == 0);  // globex is smb
        CHECK(g1.status == DealStatus::open);
        CHECK(stage_id(b, g1) == "qualified");
        CHECK(g1.stage_entered == day("2026-01-10"));
        CHECK(stays(b, g1) == std::vector<std::string>{"qualified@2026-01-10.."});
        CHECK(g1.amount.cents == 1000000);
        CHECK_FALSE(g1.probability);
        CHECK(g1.expected_close == day("2026-03-31"));
        CHECK(agent_id(b, g1.owner) == "alice");
        CHECK(owners(b, g1) == std::vector<std::string>{"2026-01-10 alice"});
        CHECK_FALSE(g1.next_action);
        CHECK_FALSE(g1.closed_on);
        CHECK(g1.closed_owner == -1);
        CHECK(g1.last_contact == day("2026-01-10"));
        CHECK(g1.interactions == 0);
        CHECK(status_pct(b, g1) == 25);
        CHECK(category_of(b, g1) == Category::pipeline);

        const DealState& g2 = state(b, r, "g2");
        CHECK(stage_id(b, g2) == "lead");  // default: the first stage

        const DealState& a1 = state(b, r, "a1");
        CHECK(a1.exists);
        CHECK(a1.pipeline == 1);  // acme is enterprise
        CHECK(stage_id(b, a1) == "discovery");
        CHECK(a1.probability == 30);
        CHECK(status_pct(b, a1) == 30);
        REQUIRE(a1.next_action);
        CHECK(a1.next_action->what == "Send quote");
        CHECK(a1.next_action->due == day("2026-02-15"));

        const DealState& i1 = state(b, r, "i1");
        CHECK_FALSE(i1.exists);  // opened after today
        CHECK(i1.pipeline == 0);  // initech is a startup: smb

        Replay later = replay(b, day("2026-03-01"));
        CHECK(state(b, later, "i1").exists);
        CHECK(state(b, later, "i1").title == "Starter pack");
        CHECK(client(b, later, "acme").invoiced.cents == 0);
    }

    TEST_CASE("stage moves, forward and back") {
        Book b = make("2026-01-20 stage g1 proposal\n"
                      "2026-02-05 stage g1 qualified @carol\n"
                      "2026-02-10 stage g1 negotiation\n");
        auto [r, diags] = run(b, "2026-02-28");
        CHECK(diags == Msgs{});
        const DealState& g1 = state(b, r, "g1");
        CHECK(stage_id(b, g1) == "negotiation");
        CHECK(g1.stage == 3);
        CHECK(g1.stage_entered == day("2026-02-10"));
        CHECK(stays(b, g1) == std::vector<std::string>{"qualified@2026-01-10..2026-01-20*",
                                                        "proposal@2026-01-20..2026-02-05*",
                                                        "qualified@2026-02-05..2026-02-10*",
                                                        "negotiation@2026-02-10.."});
        CHECK(status_pct(b, g1) == 75);
        CHECK(g1.interactions == 0);
        CHECK(g1.last_contact == day("2026-01-10"));  // a stage move is not a contact

        Replay mid = replay(b, day("2026-01-25"));
        const DealState& m = state(b, mid, "g1");
        CHECK(stage_id(b, m) == "proposal");
        CHECK(m.stage_entered == day("2026-01-20"));
        CHECK(m.stays.size() == 2);
    }

    TEST_CASE("set: amount, close, title and the probability override") {
        Book b = make("2026-01-15 set g1 probability:40 amount:12000.50 close:2026-04-30 title:\"Pilot, 20 seats\"\n"
                      "2026-01-20 stage g1 proposal\n"
                      "2026-01-25 lost g1 reason:\"budget\"\n"
                      "2026-02-01 reopen g1\n"
                      "2026-02-02 stage g1 lead\n"
                      "2026-02-03 set g1 probability:-\n"
                      "2026-02-04 set g1 probability:0\n");
        auto at = [&](std::string_view t) { return state(b, replay(b, day(t)), "g1"); };

        DealState s = at("2026-01-15");
        CHECK(s.probability == 40);
        CHECK(s.amount.cents == 1200050);
        CHECK(s.expected_close == day("2026-04-30"));
        CHECK(s.title == "Pilot, 20 seats");
        CHECK(status_pct(b, s) == 40);

        s = at("2026-01-20");  // kept through a stage move
        CHECK(stage_id(b, s) == "proposal");
        CHECK(s.probability == 40);
        CHECK(status_pct(b, s) == 40);
        CHECK(category_of(b, s) == Category::pipeline);  // SPEC rev. 2 §2: the override.s % (40), not the stage.s best_case

        s = at("2026-01-25");
        CHECK(s.status == DealStatus::lost);
        CHECK(s.lost_reason == "budget");
        CHECK(status_pct(b, s) == 0);
        CHECK(s.probability == 40);

        s = at("2026-02-01");  // kept through a reopen
        CHECK(s.status == DealStatus::open);
        CHECK(s.lost_reason.empty());
        CHECK(s.probability == 40);
        CHECK(status_pct(b, s) == 40);

        s = at("2026-02-02");
        CHECK(stage_id(b, s) == "lead");
        CHECK(status_pct(b, s) == 40);
        CHECK(category_of(b, s) == Category::pipeline);

        s = at("2026-02-03");  // dropped: the stage's again
        CHECK_FALSE(s.probability);
        CHECK(status_pct(b, s) == 10);
        CHECK(s.amount.cents == 1200050);  // the other fields stay

        s = at("2026-02-04");  // an override of 0 is an override
        CHECK(s.probability == 0);
        CHECK(status_pct(b, s) == 0);
    }

    TEST_CASE("owner changes") {
        Book b = make("2026-01-12 call g1\n"
                      "2026-01-15 set g1 owner:bruno\n"
                      "2026-01-16 call g1\n"
                      "2026-01-17 call g1 @carol\n"
                      "2026-01-18 note g1 \"x\"\n"
                      "2026-01-20 won g1\n"
                      "2026-01-21 call g1\n");
        auto [r, diags] = run(b, "2026-01-31");
        CHECK(diags == Msgs{});
        const DealState& g1 = state(b, r, "g1");
        CHECK(agent_id(b, g1.owner) == "bruno");
        CHECK(owners(b, g1) == std::vector<std::string>{"2026-01-10 alice", "2026-01-15 bruno"});
        CHECK(g1.status == DealStatus::won);
        CHECK(g1.closed_on == day("2026-01-20"));
        CHECK(agent_id(b, g1.closed_owner) == "bruno");
        // the set itself is credited to the owner before it
        CHECK(credited(b, r) == std::vector<std::string>{"alice", "alice", "bruno", "carol", "bruno", "bruno", "bruno"});
        CHECK(agent_id(b, state(b, replay(b, day("2026-01-14")), "g1").owner) == "alice");
    }

    TEST_CASE("credited agent defaults") {
        const std::string deals = four_deals + "  - { id: z1, client: globex, owner: zed, opened: 2026-01-10 }\n"
                                               "  - { id: z2, client: initech, owner: zed, opened: 2026-01-10 }\n";
        Book b = make({"2026-01-12 call g1\n"          // the deal's owner
                       "2026-01-12 call globex\n"      // the client's owner
                       "2026-01-12 call initech\n"     // nobody
                       "2026-01-12 call initech @dave\n"
                       "2026-01-12 payment globex 10\n"
                       "2026-01-12 call z1\n"          // the deal's owner is not an agent: the client's
                       "2026-01-12 call z2\n"},        // ... and none
                      deals);
        auto [r, diags] = run(b, "2026-01-31");
        CHECK(diags == Msgs{});
        CHECK(credited(b, r) == std::vector<std::string>{"alice", "bruno", "", "dave", "bruno", "bruno", ""});
        CHECK(r.deal_of == std::vector<std::int32_t>{0, -1, -1, -1, -1, 4, 5});
        CHECK(r.client_of == std::vector<std::int32_t>{1, 1, 2, 2, 1, 1, 2});
    }

    TEST_CASE("next action") {
        Book b = make("2026-01-12 next g1 2026-01-19 \"Send the deck\"\n"
                      "2026-01-14 call g1 \"talked\" next:2026-01-21 next_what:\"Demo\"\n"
                      "2026-01-15 call g1 \"no plan\"\n"
                      "2026-02-02 meeting a1 next:2026-02-20 next_what:\"Pricing\"\n");
        auto [r, diags] = run(b, "2026-02-10");
        CHECK(diags == Msgs{});
        auto at = [&](std::string_view t) { return state(b, replay(b, day(t)), "g1"); };
        DealState s = at("2026-01-12");
        REQUIRE(s.next_action);
        CHECK(s.next_action->what == "Send the deck");
        CHECK(s.next_action->due == day("2026-01-19"));
        s = at("2026-01-15");  // from next: on an interaction; an interaction without next: keeps it
        REQUIRE(s.next_action);
        CHECK(s.next_action->what == "Demo");
        CHECK(s.next_action->due == day("2026-01-21"));
        const DealState& a1 = state(b, r, "a1");  // replaces the YAML's next_action
        REQUIRE(a1.next_action);
        CHECK(a1.next_action->what == "Pricing");
        CHECK(a1.next_action->due == day("2026-02-20"));
    }

    TEST_CASE("won, lost, reopen") {
        Book b = make("2026-01-15 stage g1 proposal\n"
                      "2026-01-20 won g1 12500 @bruno \"signed\"\n"
                      "2026-02-01 reopen g1\n"
                      "2026-02-05 lost g1 reason:price\n"
                      "2026-02-10 reopen g1 lead\n"
                      "2026-02-12 won g1\n"
                      "2026-02-13 reopen g1 proposal\n"
                      "2026-01-20 won g2\n");
        auto at = [&](std::string_view t) { return state(b, replay(b, day(t)), "g1"); };

        DealState s = at("2026-01-20");
        CHECK(s.status == DealStatus::won);
        CHECK(s.amount.cents == 1250000);  // the won amount
        CHECK(s.closed_on == day("2026-01-20"));
        CHECK(agent_id(b, s.closed_owner) == "alice");  // the owner, not the @agent who logged it
        CHECK(status_pct(b, s) == 100);
        CHECK(stage_id(b, s) == "proposal");  // the stage it closed in
        CHECK(stays(b, s) == std::vector<std::string>{"qualified@2026-01-10..2026-01-15*",
                                                       "proposal@2026-01-15..2026-01-20*"});

        s = at("2026-02-01");  // back into its last stage, entered anew
        CHECK(s.status == DealStatus::open);
        CHECK(stage_id(b, s) == "proposal");
        CHECK(s.stage_entered == day("2026-02-01"));
        CHECK_FALSE(s.closed_on);
        CHECK(s.closed_owner == -1);
        CHECK(s.amount.cents == 1250000);
        CHECK(s.stays.size() == 3);

        s = at("2026-02-05");
        CHECK(s.status == DealStatus::lost);
        CHECK(s.lost_reason == "price");
        CHECK(s.closed_on == day("2026-02-05"));
        CHECK(status_pct(b, s) == 0);

        s = at("2026-02-10");  // into a given stage
        CHECK(s.status == DealStatus::open);
        CHECK(stage_id(b, s) == "lead");
        CHECK(s.stage_entered == day("2026-02-10"));

        s = at("2026-02-12");
        CHECK(s.status == DealStatus::won);
        CHECK(s.amount.cents == 1250000);  // without an amount: its current one
        CHECK(s.closed_on == day("2026-02-12"));

        s = at("2026-02-13");  // reopening into the stage it closed in still enters it anew
        CHECK(stays(b, s) == std::vector<std::string>{
                                 "qualified@2026-01-10..2026-01-15*", "proposal@2026-01-15..2026-01-20*",
                                 "proposal@2026-02-01..2026-02-05*", "lead@2026-02-10..2026-02-12*",
                                 "proposal@2026-02-13.."});
        CHECK(s.stage_entered == day("2026-02-13"));

        DealState g2 = state(b, replay(b, day("2026-01-31")), "g2");
        CHECK(g2.status == DealStatus::won);
        CHECK(g2.amount.cents == 500000);
        CHECK(stage_id(b, g2) == "lead");
    }

    TEST_CASE("last contact") {
        Book b = make("2026-01-12 call g1\n"
                      "2026-01-20 email globex\n"      // the client: counts for g1 and g2
                      "2026-01-25 meeting g2\n"        // another deal of the client: not g1
                      "2026-01-28 note g1 \"x\"\n"     // not an interaction
                      "2026-01-29 stage g1 proposal\n"
                      "2026-01-29 note globex \"y\"\n"
                      "2026-01-05 call acme\n"         // before a1 opened
                      "2026-02-20 call globex\n");     // after today
        auto [r, diags] = run(b, "2026-02-10");
        CHECK(diags == Msgs{"sales.ledger:8:1: warning: entry dated 2026-02-20 is after today (2026-02-10); it is "
                            "ignored until then"});
        CHECK(state(b, r, "g1").last_contact == day("2026-01-20"));
        CHECK(state(b, r, "g1").interactions == 1);
        CHECK(state(b, r, "g2").last_contact == day("2026-01-25"));
        CHECK(state(b, r, "g2").interactions == 1);
        CHECK(state(b, r, "a1").last_contact == day("2026-02-01"));  // the day it was opened
        CHECK(client(b, r, "globex").last_interaction == day("2026-01-20"));
        CHECK(client(b, r, "acme").last_interaction == day("2026-01-05"));
        CHECK_FALSE(client(b, r, "initech").last_interaction);
        CHECK(state(b, replay(b, day("2026-02-20")), "g1").last_contact == day("2026-02-20"));
    }

    TEST_CASE("backdated entries are applied in date order") {
        Book b = make("2026-01-20 stage g1 proposal\n"
                      "2026-01-25 call g1\n"
                      "2026-01-15 stage g1 negotiation\n"   // appended later, dated earlier
                      "2026-01-12 payment globex 10\n"
                      "2026-01-22 payment globex 20\n"
                      "2026-01-18 payment globex 30\n");
        auto [r, diags] = run(b, "2026-01-31");
        CHECK(diags == Msgs{});
        const DealState& g1 = state(b, r, "g1");
        CHECK(stage_id(b, g1) == "proposal");
        CHECK(stays(b, g1) == std::vector<std::string>{"qualified@2026-01-10..2026-01-15*",
                                                        "negotiation@2026-01-15..2026-01-20*",
                                                        "proposal@2026-01-20.."});
        CHECK(applied(b, r) == std::vector<std::string>{"sales.ledger:4 payment", "sales.ledger:3 stage",
                                                         "sales.ledger:6 payment", "sales.ledger:1 stage",
                                                         "sales.ledger:5 payment", "sales.ledger:2 call"});
        CHECK(client(b, r, "globex").last_payment == day("2026-01-22"));
        CHECK(client(b, r, "globex").paid.cents == 6000);

        // a backdated win makes a later-written, earlier-read move invalid
        Book w = make("2026-01-25 stage g1 proposal\n"
                      "2026-01-20 won g1\n");
        auto [rw, dw] = run(w, "2026-01-31");
        CHECK(dw == Msgs{"sales.ledger:1:12: error: 'stage' needs an open deal, but 'g1' was won on 2026-01-20; log "
                         "'reopen g1' first if it is back in play"});
        CHECK(state(w, rw, "g1").status == DealStatus::won);
        CHECK(stage_id(w, state(w, rw, "g1")) == "qualified");
    }

    TEST_CASE("same-day order: time (none is 00:00), then file order, then line") {
        Book b = make(std::vector<std::string>{"2026-01-20 14:00 stage g1 negotiation\n"
                                               "2026-01-20 stage g1 proposal\n"
                                               "2026-01-20 09:00 set g1 amount:1\n"
                                               "2026-01-20 00:00 set g1 amount:2\n",
                                               "2026-01-20 00:00 stage g1 verbal\n"
                                               "2026-01-20 set g1 amount:3\n"
                                               "2026-01-20 23:59 set g1 amount:4\n"
                                               "2026-01-19 23:59 call g1\n"});
        auto [r, diags] = run(b, "2026-01-20");
        CHECK(diags == Msgs{});
        CHECK(applied(b, r) == std::vector<std::string>{
                                   "ledger2.ledger:4 call",   // the day before
                                   "ledger1.ledger:2 stage",  // 00:00, first file
                                   "ledger1.ledger:4 set",    //   its next line
                                   "ledger2.ledger:1 stage",  // 00:00, second file
                                   "ledger2.ledger:2 set",
                                   "ledger1.ledger:3 set",    // 09:00
                                   "ledger1.ledger:1 stage",  // 14:00
                                   "ledger2.ledger:3 set",    // 23:59
                               });
        const DealState& g1 = state(b, r, "g1");
        CHECK(stage_id(b, g1) == "negotiation");
        CHECK(stays(b, g1) == std::vector<std::string>{
                                  "qualified@2026-01-10..2026-01-20*", "proposal@2026-01-20..2026-01-20*",
                                  "verbal@2026-01-20..2026-01-20*", "negotiation@2026-01-20.."});
        CHECK(g1.amount.cents == 400);
    }

    TEST_CASE("future entries: a warning, and ignored") {
        Book b = make("2026-01-15 stage g1 proposal\n"
                      "2026-02-05 won g1\n"
                      "2026-02-06 invoice globex 100\n");
        auto [r, diags] = run(b, "2026-01-31");
        CHECK(diags == Msgs{
                           "sales.ledger:2:1: warning: entry dated 2026-02-05 is after today (2026-01-31); it is "
                           "ignored until then",
                           "sales.ledger:3:1: warning: entry dated 2026-02-06 is after today (2026-01-31); it is "
                           "ignored until then",
                       });
        CHECK(state(b, r, "g1").status == DealStatus::open);
        CHECK(client(b, r, "globex").invoiced.cents == 0);
        CHECK(r.applied.size() == 1);
        CHECK(credited(b, r) == std::vector<std::string>{"alice", "", ""});
        CHECK(r.deal_of == std::vector<std::int32_t>{0, -1, -1});
        // without a place for diagnostics, replay still works
        Replay quiet = replay(b, day("2026-01-31"));
        CHECK(quiet.applied.size() == 1);
    }

    TEST_CASE("entries that break a rule are reported and not applied") {
        SUBCASE("before the deal was opened") {
            Book b = make("2026-01-05 call g1\n2026-01-09 stage g1 proposal\n");
            auto [r, diags] = run(b, "2026-01-31");
            CHECK(diags == Msgs{
                               "sales.ledger:1:1: error: entry dated 2026-01-05 is before deal 'g1' was opened "
                               "(2026-01-10); fix the date or the deal's 'opened:'",
                               "sales.ledger:2:1: error: entry dated 2026-01-09 is before deal 'g1' was opened "
                               "(2026-01-10); fix the date or the deal's 'opened:'",
                           });
            CHECK(state(b, r, "g1").interactions == 0);
            CHECK(stage_id(b, state(b, r, "g1")) == "qualified");
            CHECK(r.applied.empty());
            CHECK(credited(b, r) == std::vector<std::string>{"", ""});
        }
        SUBCASE("a deal that does not exist yet") {
            Book b = make("2026-02-20 call i1\n");
            auto [r, diags] = run(b, "2026-02-25");
            CHECK(diags == Msgs{"sales.ledger:1:1: error: entry dated 2026-02-20 is before deal 'i1' was opened "
                                "(2026-03-01); fix the date or the deal's 'opened:'"});
        }
        SUBCASE("a move to the current stage") {
            Book b = make("2026-01-12 stage g1 qualified\n2026-01-13 stage g2 lead @bruno\n");
            auto [r, diags] = run(b, "2026-01-31");
            CHECK(diags == Msgs{
                               "sales.ledger:1:21: error: deal 'g1' is already in stage 'qualified' (since 2026-01-10)",
                               "sales.ledger:2:21: error: deal 'g2' is already in stage 'lead' (since 2026-01-10)",
                           });
            CHECK(state(b, r, "g1").stays.size() == 1);
        }
        SUBCASE("stage, won, lost, set, next on a closed deal") {
            Book b = make("2026-01-20 lost g1\n"
                          "2026-01-21 stage g1 proposal\n"
                          "2026-01-21 won g1\n"
                          "2026-01-21 lost g1\n"
                          "2026-01-21 set g1 amount:5\n"
                          "2026-01-21 next g1 2026-02-01 \"x\"\n"
                          "2026-01-21 call g1 \"still allowed\"\n");
            auto [r, diags] = run(b, "2026-01-31");
            std::string tail = " needs an open deal, but 'g1' was lost on 2026-01-20; log 'reopen g1' first if it is "
                               "back in play";
            CHECK(diags == Msgs{
                               "sales.ledger:2:12: error: 'stage'" + tail,
                               "sales.ledger:3:12: error: 'won'" + tail,
                               "sales.ledger:4:12: error: 'lost'" + tail,
                               "sales.ledger:5:12: error: 'set'" + tail,
                               "sales.ledger:6:12: error: 'next'" + tail,
                           });
            const DealState& g1 = state(b, r, "g1");
            CHECK(g1.status == DealStatus::lost);
            CHECK(g1.amount.cents == 1000000);
            CHECK(g1.interactions == 1);
        }
        SUBCASE("reopen on an open deal") {
            Book b = make("2026-01-21 reopen g1\n");
            auto [r, diags] = run(b, "2026-01-31");
            CHECK(diags == Msgs{"sales.ledger:1:12: error: 'reopen' needs a closed deal, but 'g1' is open"});
            CHECK(state(b, r, "g1").stays.size() == 1);
        }
        SUBCASE("unknown stages") {
            Book b = make("2026-01-21 stage g1 proposl\n"
                          "2026-01-21 stage g1 won\n"
                          "2026-01-21 stage a1 proposal\n"
                          "2026-02-21 lost a1\n"
                          "2026-02-22 reopen a1 lead\n");
            auto [r, diags] = run(b, "2026-02-28");
            CHECK(diags == Msgs{
                               "sales.ledger:1:21: error: unknown stage 'proposl' in pipeline 'smb' (did you mean "
                               "'proposal'?)",
                               "sales.ledger:2:21: error: unknown stage 'won' in pipeline 'smb'; to close the deal "
                               "write 'won g1'",
                               "sales.ledger:3:1: error: entry dated 2026-01-21 is before deal 'a1' was opened "
                               "(2026-02-01); fix the date or the deal's 'opened:'",
                               "sales.ledger:5:22: error: unknown stage 'lead' in pipeline 'enterprise'",
                           });
            CHECK(state(b, r, "a1").status == DealStatus::lost);
        }
        SUBCASE("unknown ids and targets of the wrong kind") {
            Book b = make("2026-01-21 call globx\n"
                          "2026-01-21 stage g3 proposal\n"
                          "2026-01-21 invoice g1 100\n"
                          "2026-01-21 stage globex proposal\n"
                          "2026-01-21 call globex next:2026-02-01\n"
                          "2026-01-21 call g1 @alicia\n"
                          "2026-01-21 set g1 owner:brno amount:1\n"
                          "2026-01-21 payment globx 5\n"
                          "2026-01-21 call globx @alice\n");
            auto [r, diags] = run(b, "2026-01-31");
            CHECK(diags == Msgs{
                               "sales.ledger:1:17: error: unknown deal or client 'globx' (did you mean 'globex'?)",
                               "sales.ledger:2:18: error: unknown deal 'g3' (did you mean 'g1'?)",
                               "sales.ledger:3:20: error: 'invoice' is about a client, but 'g1' is a deal; write its "
                               "client 'globex'",
                               "sales.ledger:4:18: error: 'stage' is about a deal, but 'globex' is a client",
                               "sales.ledger:5:24: error: 'next:' sets a deal's next action, but 'globex' is a client; "
                               "log it on one of its deals",
                               "sales.ledger:6:21: error: unknown agent 'alicia' (did you mean 'alice'?)",
                               "sales.ledger:7:19: error: unknown agent 'brno' (did you mean 'bruno'?)",
                               "sales.ledger:8:20: error: unknown client 'globx' (did you mean 'globex'?)",
                               "sales.ledger:9:17: error: unknown deal or client 'globx' (did you mean 'globex'?)",
                           });
            CHECK(r.applied.empty());
            // an entry not applied credits no one, whatever its @agent
            CHECK(credited(b, r) == std::vector<std::string>(9, ""));
            CHECK(state(b, r, "g1").amount.cents == 1000000);  // the whole set is refused
        }
    }

    TEST_CASE("invoices and payments per client") {
        Book b = make("2026-01-11 invoice globex 1000\n"
                      "2026-01-12 invoice globex 500.50 ref:INV-2\n"
                      "2026-01-20 payment globex 700\n"
                      "2026-01-25 payment globex 300 EUR\n"
                      "2026-01-15 payment acme 200\n"
                      "2026-01-16 invoice acme 50 @carol\n");
        auto [r, diags] = run(b, "2026-01-31");
        CHECK(diags == Msgs{});
        const ClientState& g = client(b, r, "globex");
        CHECK(g.invoiced.cents == 150050);
        CHECK(g.paid.cents == 100000);
        CHECK(g.last_payment == day("2026-01-25"));
        CHECK_FALSE(g.last_interaction);  // invoices and payments are not contacts
        const ClientState& a = client(b, r, "acme");
        CHECK(a.invoiced.cents == 5000);
        CHECK(a.paid.cents == 20000);
        CHECK(a.last_payment == day("2026-01-15"));
        CHECK(b.clients[static_cast<std::size_t>(b.client_index("acme"))].opening_balance.cents == 120000);
        const ClientState& i = client(b, r, "initech");
        CHECK(i.invoiced.cents == 0);
        CHECK_FALSE(i.last_payment);
        CHECK(credited(b, r) == std::vector<std::string>{"bruno", "bruno", "bruno", "bruno", "alice", "carol"});
        CHECK(r.client_of == std::vector<std::int32_t>{1, 1, 1, 1, 0, 0});

        Replay early = replay(b, day("2026-01-19"));
        CHECK(client(b, early, "globex").paid.cents == 0);
        CHECK_FALSE(client(b, early, "globex").last_payment);
        CHECK(client(b, early, "globex").invoiced.cents == 150050);
    }

    TEST_CASE("status_pct and category_of") {
        // smb: lead 10, qualified 25, proposal 50 best_case, negotiation 75 commit, verbal 90
        // enterprise: discovery 5, solution 60, shortlist 80 (category pipeline), contract 75
        Book b = make("");
        Replay r = replay(b, day("2026-02-10"));
        DealState s = state(b, r, "g2");  // smb, lead
        auto pct_cat = [&](const DealState& d) {
            return fmt::format("{} {}", status_pct(b, d), category_name(category_of(b, d)));
        };
        CHECK(pct_cat(s) == "10 pipeline");
        s.probability = 49;
        CHECK(pct_cat(s) == "49 pipeline");
        s.probability = 50;
        CHECK(pct_cat(s) == "50 best_case");
        s.probability = 74;
        CHECK(pct_cat(s) == "74 best_case");
        s.probability = 75;
        CHECK(pct_cat(s) == "75 commit");
        s.probability = 100;
        CHECK(pct_cat(s) == "100 commit");
        s.probability.reset();
        s.stage = 4;  // verbal: 90, no category
        CHECK(pct_cat(s) == "90 commit");
        s.stage = 2;  // proposal: category best_case
        CHECK(pct_cat(s) == "50 best_case");
        s.probability = 95;  // SPEC rev. 2 §2: a probability override gives its % category, not the stage's
        CHECK(pct_cat(s) == "95 commit");
        s.stage = 3;
        s.probability = 10;
        CHECK(pct_cat(s) == "10 pipeline");
        s.category = Category::best_case;  // the deal's own category beats everything
        CHECK(pct_cat(s) == "10 best_case");
        s.probability.reset();
        CHECK(pct_cat(s) == "75 best_case");
        s.category = Category::omitted;
        CHECK(pct_cat(s) == "75 omitted");
        s.category.reset();
        CHECK(pct_cat(s) == "75 commit");

        DealState e = state(b, r, "a1");  // enterprise, discovery, override 30
        CHECK(pct_cat(e) == "30 pipeline");
        e.probability.reset();
        CHECK(pct_cat(e) == "5 pipeline");
        e.stage = 1;
        CHECK(pct_cat(e) == "60 best_case");
        e.stage = 2;
        CHECK(pct_cat(e) == "80 pipeline");
        e.stage = 3;
        CHECK(pct_cat(e) == "75 commit");

        DealState w = s;
        w.status = DealStatus::won;
        CHECK(status_pct(b, w) == 100);
        w.status = DealStatus::lost;
        CHECK(status_pct(b, w) == 0);
        CHECK(status_name(DealStatus::open) == "open");
        CHECK(status_name(DealStatus::won) == "won");
        CHECK(status_name(DealStatus::lost) == "lost");
    }
}
