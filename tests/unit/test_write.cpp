#include "salesrep/write.hpp"

#include "book_fixture.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace salesrep;
using salesrep::testing::day;
using salesrep::testing::ymd;

namespace {

const char* const kFunnel = R"(pipelines:
  - id: smb
    segments: [smb]
    stages:
      - { id: lead, probability: 10 }
      - { id: qualified, probability: 25 }
      - { id: proposal, probability: 50 }
  - id: enterprise
    segments: [enterprise]
    stages:
      - { id: discovery, probability: 10 }
      - { id: solution, probability: 30 }
)";
const char* const kTeam = R"(agents:
  - { id: alice, name: Alice Martin }
  - { id: bruno, name: Bruno Keller }
)";
const char* const kClients = R"(clients:
  - { id: acme, name: ACME, segment: enterprise, owner: alice }
  - { id: globex, name: Globex, segment: smb, owner: bruno }
)";
const char* const kDeals = R"(deals:
  - { id: acme-renewal, client: acme, owner: alice, amount: 48000, opened: 2026-09-01, stage: discovery }
  - { id: globex-pilot, client: globex, owner: bruno, amount: 5000, opened: 2026-11-10 }
)";

const Date kToday = ymd(2026, 11, 26);

// A book from texts, its ledger read from "sales.ledger" (no ledger source when `ledger` is null).
Book make_book(const char* ledger) {
    Book b;
    Diags d;
    FilesSpec files;
    std::uint32_t f = b.sources.add("salesrep.yaml", "company: Test\ncurrency: EUR\n");
    parse_settings(b.sources.files[f].text, f, b.settings, files, d);
    f = b.sources.add("funnel.yaml", kFunnel);
    parse_funnel(b.sources.files[f].text, f, b.pipelines, d);
    f = b.sources.add("team.yaml", kTeam);
    parse_team(b.sources.files[f].text, f, b.teams, b.agents, d);
    f = b.sources.add("clients.yaml", kClients);
    parse_clients(b.sources.files[f].text, f, b.settings, b.clients, d);
    f = b.sources.add("deals.yaml", kDeals);
    parse_deals(b.sources.files[f].text, f, b.settings, b.deals, d);
    if (ledger) {
        f = b.sources.add("sales.ledger", ledger);
        parse_ledger(b.sources.files[f].text, f, b.settings, b.entries, d);
    }
    b.ledger_files.push_back("sales.ledger");
    b.index();
    add_ledger_records(b, d);  // as load_book does
    REQUIRE(d.empty());
    return b;
}

// The entry a ledger line describes (the tests build entries by parsing, which
// is how the commands' entries look too). The entry views the line, so the line
// is kept in the thread's scratch arena, which outlives every test.
Entry entry(const std::string& line) {
    Entry e;
    Diags d;
    Settings s;
    s.currency = "EUR";
    REQUIRE(parse_entry(scratch_arena().keep(line), 0, 1, s, e, d));
    return e;
}

std::vector<std::string> messages(const NewEntry& n) {
    std::vector<std::string> v;
    for (const auto& d : n.problems) v.push_back(d.message);
    return v;
}

const char* const kLedger = "2026-11-20 call acme-renewal \"Intro\"\n"
                            "2026-11-21 stage acme-renewal solution\n"
                            "2026-11-25 14:05 won globex-pilot 5200\n";

}  // namespace

TEST_SUITE("write") {
    TEST_CASE("next_line_number counts a missing final newline") {
        CHECK(next_line_number("") == 1);
        CHECK(next_line_number("a\n") == 2);
        CHECK(next_line_number("a\nb\n") == 3);
        CHECK(next_line_number("a") == 2);  // "a\n" is added first
        CHECK(next_line_number("a\nb") == 3);
    }

    TEST_CASE("a right entry: its canonical line, read back, placed after the last line") {
        Book b = make_book(kLedger);
        NewEntry n = check_new_entry(b, entry("2026-11-26 call acme-renewal @bruno \"Quote\" next:2026-12-01"), kToday,
                                     "sales.ledger");
        CHECK(n.ok());
        CHECK(n.line == "2026-11-26 call acme-renewal @bruno \"Quote\" next:2026-12-01");
        CHECK(n.entry.agent == "bruno");
        CHECK(n.entry.next_date == day("2026-12-01"));
        CHECK(n.at == SourcePos{5, 4, 1});
    }

    TEST_CASE("every kind round-trips through check_new_entry") {
        Book b = make_book(kLedger);
        const char* lines[] = {
            "2026-11-26 call acme-renewal",
            "2026-11-26 09:30 meeting acme @alice \"Kick-off\"",
            "2026-11-26 email globex \"a \\\"quoted\\\" \\\\ word\"",
            "2026-11-26 demo acme-renewal next:2026-12-02 next_what:\"Follow up\"",
            "2026-11-26 visit acme",
            "2026-11-26 message acme-renewal \"Ping\"",
            "2026-11-26 note acme \"Remark\"",
            "2026-11-26 stage acme-renewal discovery",
            "2026-11-26 won acme-renewal 50000.50 \"Signed\"",
            "2026-11-26 lost acme-renewal \"Sad\" reason:\"No budget\"",
            "2026-11-26 next acme-renewal 2026-12-01 \"Call\"",
            "2026-11-26 set acme-renewal amount:1.00 close:2027-01-01 probability:30 owner:bruno title:\"T\"",
            "2026-11-26 set acme-renewal probability:-",
            "2026-11-26 invoice acme 100.00 \"n\" ref:INV-1",
            "2026-11-26 payment acme 100.00 ref:\"INV 1\"",
        };
        for (const char* line : lines) {
            CAPTURE(line);
            Entry e = entry(line);
            NewEntry n = check_new_entry(b, e, kToday, "sales.ledger");
            CHECK(n.ok());
            CHECK(n.line == line);
            CHECK(same_entry(n.entry, e));
        }
    }

    TEST_CASE("unknown ids are refused with a suggestion") {
        Book b = make_book(kLedger);
        NewEntry n = check_new_entry(b, entry("2026-11-26 won acme-renewl"), kToday, "sales.ledger");
        REQUIRE(n.problems.size() == 1);
        CHECK(n.on_entry(n.problems[0]));
        CHECK(n.problems[0].message == "unknown deal 'acme-renewl' (did you mean 'acme-renewal'?)");

        n = check_new_entry(b, entry("2026-11-26 set acme-renewal owner:alicee"), kToday, "sales.ledger");
        CHECK(messages(n) == std::vector<std::string>{"unknown agent 'alicee' (did you mean 'alice'?)"});
    }

    TEST_CASE("the deal must be open, or closed for reopen") {
        Book b = make_book(kLedger);
        NewEntry n = check_new_entry(b, entry("2026-11-26 won globex-pilot"), kToday, "sales.ledger");
        CHECK(messages(n) == std::vector<std::string>{
                                 "'won' needs an open deal, but 'globex-pilot' was won on 2026-11-25; log 'reopen "
                                 "globex-pilot' first if it is back in play"});
        n = check_new_entry(b, entry("2026-11-26 reopen acme-renewal"), kToday, "sales.ledger");
        CHECK(messages(n) == std::vector<std::string>{"'reopen' needs a closed deal, but 'acme-renewal' is open"});
        CHECK(check_new_entry(b, entry("2026-11-26 reopen globex-pilot qualified"), kToday, "sales.ledger").ok());
        // as of the entry's day: before the win, the deal was open
        CHECK(check_new_entry(b, entry("2026-11-24 set globex-pilot probability:80"), kToday, "sales.ledger").ok());
    }

    TEST_CASE("the stage belongs to the deal's pipeline") {
        Book b = make_book(kLedger);
        NewEntry n = check_new_entry(b, entry("2026-11-26 stage acme-renewal qualified"), kToday, "sales.ledger");
        CHECK(messages(n) == std::vector<std::string>{"unknown stage 'qualified' in pipeline 'enterprise'"});
        n = check_new_entry(b, entry("2026-11-26 stage acme-renewal solution"), kToday, "sales.ledger");
        CHECK(messages(n) ==
              std::vector<std::string>{"deal 'acme-renewal' is already in stage 'solution' (since 2026-11-21)"});
    }

    TEST_CASE("the date is not before the deal was opened") {
        Book b = make_book(kLedger);
        NewEntry n = check_new_entry(b, entry("2026-11-09 call globex-pilot"), kToday, "sales.ledger");
        CHECK(messages(n) == std::vector<std::string>{"entry dated 2026-11-09 is before deal 'globex-pilot' was "
                                                      "opened (2026-11-10); fix the date or the deal's 'opened:'"});
    }

    TEST_CASE("a backdated entry that makes a later entry wrong is refused, pointing at that entry") {
        Book b = make_book(kLedger);
        NewEntry n = check_new_entry(b, entry("2026-11-15 lost acme-renewal"), kToday, "sales.ledger");
        REQUIRE(n.problems.size() == 1);
        const Diagnostic& d = n.problems[0];
        CHECK_FALSE(n.on_entry(d));
        CHECK(d.pos == SourcePos{5, 2, 12});
        CHECK(d.message == "'stage' needs an open deal, but 'acme-renewal' was lost on 2026-11-15; log 'reopen "
                           "acme-renewal' first if it is back in play");
    }

    TEST_CASE("a future entry is checked as of its own day - errors the book already had then are not its") {
        // the second future win is wrong from 2026-12-06 on, with or without the new entry
        std::string ledger = std::string(kLedger) + "2026-12-05 won acme-renewal\n2026-12-06 won acme-renewal\n";
        Book b = make_book(ledger.c_str());
        CHECK(check_new_entry(b, entry("2026-12-10 call acme-renewal"), kToday, "sales.ledger").ok());
        NewEntry n = check_new_entry(b, entry("2026-12-10 stage acme-renewal solution"), kToday, "sales.ledger");
        REQUIRE(n.problems.size() == 1);
        CHECK(n.on_entry(n.problems[0]));
        CHECK(n.problems[0].message.starts_with("'stage' needs an open deal, but 'acme-renewal' was won on 2026-12-05"));
    }

    TEST_CASE("text that cannot stand in one line, and ids that are not ids") {
        Book b = make_book(kLedger);
        Entry e = entry("2026-11-26 call acme \"x\"");
        e.note = "two\nlines";
        CHECK(messages(check_new_entry(b, e, kToday, "sales.ledger")) ==
              std::vector<std::string>{"the note holds a line break; an entry is one line of the ledger, so write it "
                                       "on one line"});
        e.note = "bell\a";
        CHECK(messages(check_new_entry(b, e, kToday, "sales.ledger")) ==
              std::vector<std::string>{"the note holds a control character (0x07); remove it"});
        e.note = "caf\xE9";
        CHECK(messages(check_new_entry(b, e, kToday, "sales.ledger")) ==
              std::vector<std::string>{"the note is not valid UTF-8; the ledger is UTF-8 text"});
        e.note = "tab\there, caf\xC3\xA9";
        CHECK(check_new_entry(b, e, kToday, "sales.ledger").ok());
        e.target = "two words";
        CHECK(messages(check_new_entry(b, e, kToday, "sales.ledger")) ==
              std::vector<std::string>{"'two words' is not a valid deal or client id: an id starts with a letter or "
                                       "digit and holds only letters, digits, '.', '_' and '-'"});
    }

    TEST_CASE("a next action is not planned for a day before the entry's own") {
        Book b = make_book(kLedger);
        const std::string why = "the next action's day 2026-11-25 is before the entry's day 2026-11-26: a next "
                                "action is planned for a day from 2026-11-26 on (to record one planned earlier, "
                                "date the entry itself earlier)";
        // today's entry planning yesterday: refused, for `next` and for a next: field
        CHECK(messages(check_new_entry(b, entry("2026-11-26 next acme-renewal 2026-11-25 \"Call\""), kToday,
                                       "sales.ledger")) == std::vector<std::string>{why});
        CHECK(messages(check_new_entry(b, entry("2026-11-26 call acme-renewal next:2026-11-25"), kToday,
                                       "sales.ledger")) == std::vector<std::string>{why});
        // today itself, and later days, are fine
        CHECK(check_new_entry(b, entry("2026-11-26 next acme-renewal 2026-11-26 \"Call\""), kToday, "sales.ledger").ok());
        CHECK(check_new_entry(b, entry("2026-11-26 call acme-renewal next:2026-12-01"), kToday, "sales.ledger").ok());
        // a backdated entry may plan a day now past, from its own day on
        CHECK(check_new_entry(b, entry("2026-11-22 next acme-renewal 2026-11-24 \"Call\""), kToday, "sales.ledger").ok());
        CHECK(check_new_entry(b, entry("2026-11-22 call acme-renewal next:2026-11-22"), kToday, "sales.ledger").ok());
        CHECK(messages(check_new_entry(b, entry("2026-11-22 next acme-renewal 2026-11-21 \"Call\""), kToday,
                                       "sales.ledger")) ==
              std::vector<std::string>{"the next action's day 2026-11-21 is before the entry's day 2026-11-22: a next "
                                       "action is planned for a day from 2026-11-22 on (to record one planned "
                                       "earlier, date the entry itself earlier)"});
    }

    TEST_CASE("where the line goes: a ledger without a final newline, or one that does not exist yet") {
        Book b = make_book("2026-11-20 call acme");
        NewEntry n = check_new_entry(b, entry("2026-11-26 call acme"), kToday, "sales.ledger");
        CHECK(n.ok());
        CHECK(n.at == SourcePos{5, 2, 1});

        Book fresh = make_book(nullptr);
        n = check_new_entry(fresh, entry("2026-11-26 call acme"), kToday, "sales.ledger");
        CHECK(n.ok());
        CHECK(n.at == SourcePos{5, 1, 1});  // a new source, one past the book's
        n = check_new_entry(fresh, entry("2026-11-26 won acme-renewl"), kToday, "sales.ledger");
        REQUIRE(n.problems.size() == 1);
        CHECK(n.on_entry(n.problems[0]));
    }
}
