#include "salesrep/check.hpp"
#include "salesrep/io.hpp"

#include "book_fixture.hpp"

#include <doctest/doctest.h>

#include <functional>
#include <string>
#include <vector>

using namespace salesrep;
using salesrep::testing::BookTexts;
using salesrep::testing::day;

namespace {

using Msgs = std::vector<std::string>;

const std::string default_clients_with_unknown_owner = "clients:\n"
                                                       "  - { id: acme, segment: enterprise, owner: zed }\n";

// check_book over a book built from `t` (which must load cleanly), as of 2026-12-31.
Msgs check(const BookTexts& t, std::string_view today = "2026-12-31") {
    Book b = salesrep::testing::book_of(t);
    Diags d;
    check_book(b, day(today), d);
    return salesrep::testing::lines_of(d, b.sources);
}

}  // namespace

TEST_SUITE("check") {
    TEST_CASE("a clean book has nothing to say") {
        BookTexts t;
        t.deals = "deals:\n"
                  "  - { id: acme-renewal, client: acme, owner: alice, amount: 48000, opened: 2026-09-01, stage: solution }\n"
                  "  - { id: globex-pilot, client: globex, owner: bruno, opened: 2026-10-01, pipeline: enterprise }\n";
        t.targets = "targets:\n"
                    "  - { agent: alice, period: 2026, sales: 480000 }\n"
                    "  - { team: north, period: 2026-Q4, sales: 100000 }\n"
                    "  - { company: true, period: 2026-Q4, sales: 1000000 }\n";
        t.ledgers = {"2026-11-20 call acme-renewal @alice \"CFO wants a 3-year quote\" next:2026-11-27\n"
                     "2026-11-21 stage acme-renewal contract\n"
                     "2026-11-25 14:05 won acme-renewal 52000.00\n"
                     "2026-11-26 invoice acme 52000 ref:INV-2026-117\n"
                     "2026-12-10 payment acme 26000 ref:INV-2026-117\n"};
        CHECK(check(t) == Msgs{});
    }

    TEST_CASE("a big book: check_on_cores runs the records' checks beside the replay, with check_book's diagnostics in its order") {
        // From 100,000 entries the two halves are jobs of their own.
        BookTexts t;
        t.clients = default_clients_with_unknown_owner;
        std::string ledger;
        for (int i = 0; i < 100000; ++i) ledger += "2026-10-01 note acme-renewal \"n\"\n";
        ledger += "2026-10-02 call nowhere\n";
        ledger += "2026-10-03 payment acme 10\n2026-10-03 payment acme 10\n";  // a warning of the records' half
        t.ledgers = {ledger};
        const Msgs got = check(t);
        REQUIRE(got.size() == 3);
        CHECK(got[0].rfind("clients.yaml:", 0) == 0);   // the YAML checks first
        CHECK(got[1].find("sales.ledger:100003:") != std::string::npos);  // the money line twice
        CHECK(got[2].rfind("sales.ledger:100001:", 0) == 0);  // then the replay
        Book b = salesrep::testing::book_of(t);
        Diags on_cores;
        const Replay r = check_on_cores(b, day("2026-12-31"), on_cores);
        CHECK(salesrep::testing::lines_of(on_cores, b.sources) == got);
        CHECK(r.applied.size() == 100002);
    }

    TEST_CASE("look_up_ids: slices of a big ledger looked up in any order, or on the cores, give one answer") {
        // 150,000 entries: three slices of 65,536. Each names a deal, a client or nothing known.
        BookTexts t;
        std::string ledger;
        for (int i = 0; i < 50000; ++i)
            ledger += "2026-10-01 note acme-renewal @bruno \"n\"\n"
                      "2026-10-01 payment globex 10\n"
                      "2026-10-01 call nowhere @zed\n";
        t.ledgers = {ledger};
        Book b = salesrep::testing::book_of(t);
        REQUIRE(b.entries.size() == 150000);
        const EntryIds one = look_up_ids(b);
        const int deal = b.deal_index("acme-renewal"), acme = b.client_index("acme"), globex = b.client_index("globex");
        REQUIRE((deal >= 0 && acme >= 0 && globex >= 0));
        for (std::size_t i : std::vector<std::size_t>{0, 65535, 65537, 131071, 131074, 149999}) {  // each kind; the ends of slices
            CAPTURE(i);
            const std::size_t k = i % 3;
            CHECK(one.deal_of[i] == (k == 0 ? deal : -1));
            CHECK(one.client_of[i] == (k == 0 ? acme : k == 1 ? globex : -1));  // a deal's entry: its client
            CHECK(one.agent_of[i] == (k == 0 ? b.agent_index("bruno") : -1));  // none, or unknown: -1
        }
        const JobRunner backwards = [](std::size_t n, const std::function<void(std::size_t)>& job) {
            for (std::size_t k = n; k-- > 0;) job(k);
        };
        for (const JobRunner& run : {backwards, JobRunner(run_on_cores)}) {
            const EntryIds other = look_up_ids(b, run);
            CHECK(other.deal_of == one.deal_of);
            CHECK(other.client_of == one.client_of);
            CHECK(other.agent_of == one.agent_of);
            CHECK(other.client_of_deal == one.client_of_deal);
        }
    }

    TEST_CASE("pipelines: duplicate ids, duplicate stages, a segment in two pipelines") {
        BookTexts t;
        t.funnel = "pipelines:\n"
                   "  - id: smb\n"
                   "    segments: [smb, startup]\n"
                   "    stages:\n"
                   "      - { id: lead, probability: 10 }\n"
                   "      - { id: qualified, probability: 25 }\n"
                   "      - { id: lead, probability: 30 }\n"
                   "  - id: enterprise\n"
                   "    segments: [enterprise, smb]\n"
                   "    stages:\n"
                   "      - { id: lead, probability: 5 }\n"
                   "      - { id: solution, probability: 50 }\n"
                   "  - id: smb\n"
                   "    stages:\n"
                   "      - { id: x, probability: 5 }\n";
        CHECK(check(t) == Msgs{
                              "funnel.yaml:13:5: error: duplicate pipeline id 'smb' (first defined at funnel.yaml:2); "
                              "ids must be unique",
                              "funnel.yaml:7:9: error: duplicate stage (in pipeline 'smb') id 'lead' (first defined at "
                              "funnel.yaml:5); ids must be unique",
                              "funnel.yaml:8:5: warning: segment 'smb' is listed by pipelines 'smb' and 'enterprise'; "
                              "its clients get 'smb'",
                          });
    }

    TEST_CASE("team: duplicate ids, unknown lead, unknown team") {
        BookTexts t;
        t.team = "teams:\n"
                 "  - { id: north, lead: carl }\n"
                 "  - { id: south }\n"
                 "  - { id: north }\n"
                 "agents:\n"
                 "  - { id: alice, team: nort }\n"
                 "  - { id: bruno, team: south }\n"
                 "  - { id: carol, team: north }\n"
                 "  - { id: dave }\n"
                 "  - { id: alice }\n"
                 "  - { id: alice }\n";
        CHECK(check(t) == Msgs{
                              "team.yaml:4:5: error: duplicate team id 'north' (first defined at team.yaml:2); ids "
                              "must be unique",
                              "team.yaml:10:5: error: duplicate agent id 'alice' (first defined at team.yaml:6); ids "
                              "must be unique",
                              "team.yaml:11:5: error: duplicate agent id 'alice' (first defined at team.yaml:6); ids "
                              "must be unique",
                              "team.yaml:2:24: error: unknown agent 'carl' as lead of team 'north' (did you mean "
                              "'carol'?); agents are listed in the team file",
                              "team.yaml:6:24: error: unknown team 'nort' for agent 'alice' (did you mean 'north'?)",
                          });
    }

    TEST_CASE("clients: duplicate ids, unknown owner") {
        BookTexts t;
        t.clients = "clients:\n"
                    "  - { id: acme, segment: enterprise, owner: alic }\n"
                    "  - { id: globex, segment: smb, owner: bruno }\n"
                    "  - { id: acme }\n"
                    "  - { id: initech, owner: zed }\n";
        CHECK(check(t) == Msgs{
                              "clients.yaml:4:5: error: duplicate client id 'acme' (first defined at clients.yaml:2); "
                              "ids must be unique",
                              "clients.yaml:2:45: error: unknown agent 'alic' as owner of client 'acme' (did you mean "
                              "'alice'?); agents are listed in the team file",
                              "clients.yaml:5:27: error: unknown agent 'zed' as owner of client 'initech'; agents are "
                              "listed in the team file",
                          });
    }

    TEST_CASE("deals: duplicate ids, unknown client, owner, pipeline, stage - a deal named like a client") {
        BookTexts t;
        t.deals = "deals:\n"
                  "  - { id: d1, client: acm, owner: bob, opened: 2026-01-10 }\n"
                  "  - { id: d2, client: acme, owner: alice, opened: 2026-01-10, pipeline: entreprise }\n"
                  "  - { id: d3, client: globex, owner: bruno, opened: 2026-01-10, stage: qualifed }\n"
                  "  - { id: d4, client: globex, owner: bruno, opened: 2026-01-10, stage: won }\n"
                  "  - { id: globex, client: globex, owner: bruno, opened: 2026-01-10 }\n"
                  "  - { id: d1, client: acme, owner: alice, opened: 2026-01-10 }\n"
                  "  - { id: d5, client: acme, owner: alice, opened: 2026-01-10, expected_close: 2026-01-01 }\n"
                  "  - { id: d6, client: acme, owner: alice, opened: 2026-01-10, stage: qualified, pipeline: smb }\n"
                  "  - { id: d7, client: acme, owner: alice, opened: 2026-01-10, stage: qualified }\n";
        CHECK(check(t) == Msgs{
                              "deals.yaml:7:5: error: duplicate deal id 'd1' (first defined at deals.yaml:2); ids "
                              "must be unique",
                              "deals.yaml:2:23: error: unknown client 'acm' for deal 'd1' (did you mean 'acme'?)",
                              "deals.yaml:2:35: error: unknown agent 'bob' as owner of deal 'd1'; agents are listed "
                              "in the team file",
                              "deals.yaml:3:73: error: unknown pipeline 'entreprise' for deal 'd2' (did you mean "
                              "'enterprise'?)",
                              "deals.yaml:4:72: error: unknown stage 'qualifed' in pipeline 'smb' (did you mean "
                              "'qualified'?)",
                              "deals.yaml:5:72: error: unknown stage 'won' in pipeline 'smb'; a deal opens in a stage, "
                              "and its outcome is a ledger entry",
                              "deals.yaml:6:5: error: deal id 'globex' is also a client id (at clients.yaml:3); deals "
                              "and clients share one namespace, rename one",
                              "deals.yaml:8:5: warning: deal 'd5' is expected to close (2026-01-01) before it was "
                              "opened (2026-01-10)",
                              // acme is enterprise: qualified is not one of its stages
                              "deals.yaml:10:70: error: unknown stage 'qualified' in pipeline 'enterprise'",
                          });
    }

    TEST_CASE("targets: unknown agent or team, overlaps, fractional counts") {
        BookTexts t;
        t.targets = "targets:\n"
                    "  - { agent: alice, period: 2026, sales: 480000 }\n"
                    "  - { agent: alice, period: 2026-Q4, sales: 150000, calls: 10.5 }\n"
                    "  - { agent: alic, period: 2026, sales: 1 }\n"
                    "  - { team: nort, period: 2026, sales: 1 }\n"
                    "  - { company: true, period: 2026-Q1, sales: 1 }\n"
                    "  - { company: true, period: 2026-Q2, sales: 1 }\n"
                    "  - { company: true, period: 2026-06, sales: 1, calls: 3 }\n"
                    "  - { agent: alice, period: 2027, sales: 1 }\n"
                    "  - { agent: alice, period: 2026-11, calls: 5, collected: 0.5 }\n"
                    "  - { team: north, period: 2026-11, calls: 5 }\n";
        CHECK(check(t) == Msgs{
                              "targets.yaml:3:29: warning: sales target for alice over 2026-Q4 overlaps the one over "
                              "2026 (line 2); overlapping targets add up",
                              "targets.yaml:3:5: warning: target calls 10.50 is not a whole number",
                              "targets.yaml:4:14: error: unknown agent 'alic' in a target (did you mean 'alice'?)",
                              "targets.yaml:5:13: error: unknown team 'nort' in a target (did you mean 'north'?)",
                              "targets.yaml:8:30: warning: sales target for the company over 2026-06 overlaps the one "
                              "over 2026-Q2 (line 7); overlapping targets add up",
                              "targets.yaml:10:29: warning: calls target for alice over 2026-11 overlaps the one over "
                              "2026-Q4 (line 3); overlapping targets add up",
                          });
    }

    TEST_CASE("the ledger's rules, by replay") {
        BookTexts t;
        t.ledgers = {"2026-08-20 call acme-renewal\n"
                     "2026-09-02 stage acme-renewal solution\n"
                     "2026-09-03 call acme-renewl\n"
                     "2027-01-05 call acme\n"};
        CHECK(check(t) == Msgs{
                              "sales.ledger:1:1: error: entry dated 2026-08-20 is before deal 'acme-renewal' was opened "
                              "(2026-09-01); fix the date or the deal's 'opened:'",
                              "sales.ledger:2:31: error: deal 'acme-renewal' is already in stage 'solution' (since "
                              "2026-09-01)",
                              "sales.ledger:3:17: error: unknown deal or client 'acme-renewl' (did you mean "
                              "'acme-renewal'?)",
                              "sales.ledger:4:1: warning: entry dated 2027-01-05 is after today (2026-12-31); it is "
                              "ignored until then",
                          });
    }
}
