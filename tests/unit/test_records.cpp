// SPEC §7 `open` and `client`: deals and clients brought in by ledger entries
// are the same records as those of the YAML files (add_ledger_records), exist
// from their day on, and are checked like them.
#include "book_fixture.hpp"

#include "salesrep/check.hpp"
#include "salesrep/compute/forecast.hpp"
#include "salesrep/compute/balance.hpp"
#include "salesrep/replay.hpp"
#include "salesrep/write.hpp"

#include <doctest/doctest.h>

using namespace salesrep;
using namespace salesrep::testing;

namespace {

std::vector<std::string> errors_of(const Book& b, Date today) {
    Diags d;
    check_book(b, today, d);
    std::vector<std::string> out;
    for (const auto& line : lines_of(d, b.sources))
        if (line.find(": error: ") != std::string::npos) out.push_back(line);
    return out;
}

// The book with deals.yaml's deal `yaml` and the same deal opened by a ledger line.
const std::string yaml_deal =
    "  - { id: globex-pilot, client: globex, owner: alice, amount: 5000, opened: 2026-11-10, stage: qualified, "
    "probability: 40, expected_close: 2026-12-20, title: \"Pilot\", category: commit }\n";
const std::string open_line =
    "2026-11-10 open globex-pilot client:globex amount:5000 stage:qualified close:2026-12-20 probability:40 "
    "category:commit @alice \"Pilot\"\n";
const std::string later =
    "2026-11-12 call globex-pilot \"demo booked\"\n2026-11-20 stage globex-pilot proposal\n"
    "2026-11-21 set globex-pilot amount:6500\n";

}  // namespace

TEST_SUITE("ledger records") {
    TEST_CASE("a deal opened by an entry is the deal deals.yaml would hold, in every figure") {
        BookTexts yaml, ledger;
        yaml.deals = default_deals + yaml_deal;
        yaml.ledgers = {later};
        ledger.ledgers = {open_line + later};
        Book a = book_of(yaml), b = book_of(ledger);
        REQUIRE(b.deals.size() == 2);
        const Deal& d = b.deals[1];
        CHECK(d.from_entry);
        CHECK(d.owner == "alice");
        CHECK(d.title == "Pilot");
        CHECK(d.opened == day("2026-11-10"));
        CHECK(d.pos == SourcePos{b.deals[1].pos.file, 1, 17});
        for (const char* t : {"2026-11-09", "2026-11-10", "2026-11-15", "2026-11-26"}) {
            INFO("as of ", t);
            Replay ra = replay(a, day(t)), rb = replay(b, day(t));
            const DealState &sa = ra.deals[1], &sb = rb.deals[1];
            CHECK(sa.exists == sb.exists);
            CHECK(sa.amount == sb.amount);
            CHECK(sa.stage == sb.stage);
            CHECK(sa.probability == sb.probability);
            CHECK(sa.category == sb.category);
            CHECK(sa.expected_close == sb.expected_close);
            CHECK(sa.owner == sb.owner);
            CHECK(sa.last_contact == sb.last_contact);
            Period q = *parse_period("2026-Q4", 1);
            Context ca(a, ra, day(t), q, true, {}), cb(b, rb, day(t), q, true, {});
            auto fa = forecast_rows(ca), fb = forecast_rows(cb);
            REQUIRE(fa.size() == fb.size());
            for (std::size_t i = 0; i < fa.size(); ++i) {
                CHECK(fa[i].figures.weighted == fb[i].figures.weighted);
                CHECK(fa[i].figures.commit == fb[i].figures.commit);
                CHECK(fa[i].figures.open_deals == fb[i].figures.open_deals);
            }
        }
        CHECK(errors_of(b, day("2026-11-26")).empty());
    }

    TEST_CASE("without @agent the deal is its client owner, with neither it is an error") {
        BookTexts t;
        t.ledgers = {"2026-11-10 open globex-2 client:globex amount:10\n2026-11-10 open initech-1 client:initech amount:10\n"};
        Diags diags;
        Book b = load_book(t, diags);
        CHECK(b.deal("globex-2")->owner == "bruno");
        CHECK(b.deal("initech-1")->owner.empty());
        CHECK(joined(lines_of(diags, b.sources)) ==
              "sales.ledger:2:17: error: deal 'initech-1' has no owner: its client 'initech' has none either; write "
              "@AGENT on the 'open' entry\n");
    }

    TEST_CASE("a client and its first deal on one day, in any order of the files") {
        BookTexts t;
        t.ledgers = {"2026-11-10 open nova-1 client:nova amount:100 @bruno\n2026-11-11 call nova-1\n",
                     "2026-11-10 client nova name:\"Nova SA\" segment:smb contact:\"Ana Ruiz\" title:CTO @alice\n"};
        Book b = book_of(t);
        REQUIRE(b.client("nova"));
        const Client& c = *b.client("nova");
        CHECK(c.name == "Nova SA");
        CHECK(c.contact.name == "Ana Ruiz");
        CHECK(c.contact.title == "CTO");
        CHECK(c.owner == "alice");
        CHECK(c.since == day("2026-11-10"));
        CHECK(b.pipelines[static_cast<std::size_t>(b.pipeline_of(*b.deal("nova-1")))].id == "smb");
        CHECK(errors_of(b, day("2026-11-26")).empty());
        // before its day the client is not there yet, as a deal opened later is not
        Replay r = replay(b, day("2026-11-09"));
        CHECK_FALSE(r.clients[static_cast<std::size_t>(b.client_index("nova"))].exists);
        CHECK_FALSE(r.deals[static_cast<std::size_t>(b.deal_index("nova-1"))].exists);
        Context c9(b, r, day("2026-11-09"), *parse_period("2026-Q4", 1), false, {});
        for (const auto& row : balance_rows(c9)) CHECK(b.clients[static_cast<std::size_t>(row.client)].id != "nova");
    }

    TEST_CASE("nothing names the id before its day, and the id is new") {
        BookTexts t;
        t.ledgers = {"2026-11-09 call nova \"early\"\n"
                     "2026-11-10 client nova name:Nova @alice\n"
                     "2026-11-08 open nova-1 client:nova amount:1 @alice\n"
                     "2026-11-10 open acme-renewal client:acme amount:1\n"
                     "2026-11-10 client globex name:Again\n"
                     "2026-11-11 client nova name:Twice\n"};
        Diags diags;
        Book b = load_book(t, diags);
        REQUIRE(diags.empty());
        CHECK(joined(errors_of(b, day("2026-11-26"))) ==
              "sales.ledger:5:19: error: duplicate client id 'globex' (first defined at clients.yaml:3); ids must be unique\n"
              "sales.ledger:6:19: error: duplicate client id 'nova' (first defined at sales.ledger:2); ids must be unique\n"
              "sales.ledger:4:17: error: duplicate deal id 'acme-renewal' (first defined at deals.yaml:2); ids must be unique\n"
              "sales.ledger:3:24: error: deal 'nova-1' is opened on 2026-11-08, before its client 'nova' was added "
              "(2026-11-10, at sales.ledger:2); open it on or after that day\n"
              "sales.ledger:1:1: error: entry dated 2026-11-09 is before client 'nova' was added (2026-11-10); fix the "
              "date or that of its 'client' entry (sales.ledger:2)\n");
    }

    TEST_CASE("a write checks an open or client entry against the book, like any entry") {
        BookTexts t;
        t.ledgers = {"2026-11-10 client nova name:Nova @alice\n"};
        Book b = book_of(t);
        Settings s = b.settings;
        auto line = [&](std::string text) {
            Entry e;
            Diags d;
            REQUIRE(parse_entry(scratch_arena().keep(std::move(text)), 0, 1, s, e, d));
            return check_new_entry(b, e, day("2026-11-26"), "sales.ledger");
        };
        NewEntry ok = line("2026-11-12 open nova-1 client:nova amount:100 \"First\"");
        CHECK(ok.ok());
        CHECK(ok.line == "2026-11-12 open nova-1 client:nova amount:100.00 \"First\"");
        NewEntry early = line("2026-11-09 open nova-2 client:nova amount:100");
        REQUIRE(early.problems.size() == 1);
        CHECK(early.problems[0].message.find("before its client 'nova' was added") != std::string::npos);
        NewEntry dup = line("2026-11-12 client nova name:Again");
        REQUIRE(dup.problems.size() == 1);
        CHECK(dup.problems[0].message.find("duplicate client id 'nova'") != std::string::npos);
        NewEntry unknown = line("2026-11-12 open x-1 client:novaa amount:1 @alice");
        REQUIRE(unknown.problems.size() == 1);
        CHECK(unknown.problems[0].message == "unknown client 'novaa' for deal 'x-1' (did you mean 'nova'?)");
    }
}
