// The agent's day (SPEC §10 agenda and journal) on in-memory books: which next
// actions are due and in what order; which entries the journal keeps.
#include "salesrep/compute/agenda.hpp"
#include "salesrep/load.hpp"
#include "salesrep/report.hpp"
#include "salesrep/views.hpp"

#include "book_fixture.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace salesrep;
using salesrep::testing::BookTexts;
using salesrep::testing::day;

namespace {

using Ids = std::vector<std::string>;

const std::string agenda_deals = R"(deals:
  - { id: a-late,  client: acme,    owner: alice, amount: 1000, opened: 2026-09-01, stage: solution,
      next_action: { what: "Send quote", due: 2026-11-20 } }
  - { id: a-today, client: acme,    owner: alice, amount: 1000, opened: 2026-09-01, stage: solution,
      next_action: { what: "Call CFO", due: 2026-11-26 } }
  - { id: a-soon,  client: acme,    owner: alice, amount: 1000, opened: 2026-09-01, stage: solution,
      next_action: { what: "Demo", due: 2026-12-03 } }
  - { id: a-far,   client: acme,    owner: alice, amount: 1000, opened: 2026-09-01, stage: solution,
      next_action: { what: "Renewal talk", due: 2026-12-04 } }
  - { id: b-late,  client: globex,  owner: bruno, amount: 1000, opened: 2026-09-01, stage: lead,
      next_action: { what: "Chase", due: 2026-11-01 } }
  - { id: b-won,   client: globex,  owner: bruno, amount: 1000, opened: 2026-09-01, stage: lead,
      next_action: { what: "Sign", due: 2026-11-02 } }
  - { id: c-none,  client: initech, owner: carol, amount: 1000, opened: 2026-09-01, stage: lead }
  - { id: 0-dave,  client: initech, owner: dave, amount: 1000, opened: 2026-09-01, stage: lead,
      next_action: { what: "Find an owner", due: 2026-11-25 } }
)";

const std::string agenda_ledger = "2026-10-01 won b-won\n"
                           "2026-11-10 call acme @carol \"Account review\"\n"
                           "2026-11-11 next c-none 2026-11-12 \"Follow up\"\n"
                           "2026-11-12 invoice acme 500 ref:INV-1\n"
                           "2026-11-12 09:30 call a-late next:2026-11-20 next_what:\"Send quote\"\n"
                           "2026-11-13 set a-far close:2027-01-15 amount:1200\n"
                           "2026-11-14 stage b-late qualified\n"
                           "2026-12-01 call a-late \"in the future\"\n";

struct AgendaWorld {
    Book book;
    Replay rep;
    explicit AgendaWorld(std::string_view today) {
        BookTexts t;
        t.deals = agenda_deals;
        t.ledgers.push_back(agenda_ledger);
        book = salesrep::testing::book_of(t);
        rep = replay(book, day(today));
    }
    Context at(const Selection& sel = {}, std::string_view period = "") const {
        if (period.empty()) return Context(book, rep, rep.today, Period{}, false, sel);
        auto p = parse_period(period, 1);
        REQUIRE(p);
        return Context(book, rep, rep.today, *p, true, sel);
    }
};

Ids agenda_ids(const Context& c, int days) {
    Ids out;
    for (const AgendaRow& r : agenda_rows(c, days))
        out.push_back(c.book.deals[static_cast<std::size_t>(r.deal)].id + " " + std::string(due_name(r.when)) + " " +
                      std::to_string(r.days_overdue));
    return out;
}

Ids journal_lines(const Context& c, const JournalFilter& f) {
    Ids out;
    for (std::uint32_t i : journal_entries(c, f)) out.push_back(std::to_string(c.book.entries[i].line));
    return out;
}

}  // namespace

TEST_SUITE("agenda") {
    TEST_CASE("agenda: overdue, today and within N days, per owner in team.yaml order") {
        AgendaWorld w("2026-11-26");
        // alice's a-far is due in 8 days: not within 7; b-won is closed; c-none's next action
        // (from the ledger) is overdue; 0-dave is dave's, the last agent of team.yaml.
        CHECK(agenda_ids(w.at(), 7) == Ids{"a-late overdue 6", "a-today today 0", "a-soon upcoming -7",
                                            "b-late overdue 25", "c-none overdue 14", "0-dave overdue 1"});
        CHECK(agenda_ids(w.at(), 8).size() == 7);
        CHECK(agenda_ids(w.at(), 0) == Ids{"a-late overdue 6", "a-today today 0", "b-late overdue 25",
                                            "c-none overdue 14", "0-dave overdue 1"});
    }

    TEST_CASE("agenda: --agent and --team keep the selected owners' deals") {
        AgendaWorld w("2026-11-26");
        CHECK(agenda_ids(w.at(Selection{{"bruno"}, {}}), 7) == Ids{"b-late overdue 25"});
        CHECK(agenda_ids(w.at(Selection{{}, {"north"}}), 0) == Ids{"a-late overdue 6", "a-today today 0",
                                                                    "c-none overdue 14"});
        CHECK(agenda_ids(w.at(Selection{{"dave"}, {}}), 7) == Ids{"0-dave overdue 1"});
        CHECK(agenda_ids(w.at(Selection{{}, {"south"}}), 0) == Ids{"b-late overdue 25"});
    }

    TEST_CASE("agenda: as of an earlier day, a next action set later is not known yet") {
        AgendaWorld w("2026-11-10");
        // c-none's next action is written on 2026-11-11
        CHECK(agenda_ids(w.at(Selection{{"carol"}, {}}), 30).empty());
    }

    TEST_CASE("agenda: the CSV columns of SPEC §11") {
        AgendaWorld w("2026-11-26");
        const Context c = w.at(Selection{{"alice"}, {}});
        std::string csv = render_csv(agenda_table(c, agenda_rows(c, 7), 7));
        CHECK(csv.substr(0, csv.find('\n')) == "due,deal,client,owner,what,days_overdue,when,stage,weighted");
        CHECK(csv.find("2026-11-20,a-late,acme,alice,Send quote,6,overdue,solution,600.00\n") != std::string::npos);
        CHECK(csv.find("2026-12-03,a-soon,acme,alice,Demo,,upcoming,") != std::string::npos);
    }

    TEST_CASE("journal: every applied entry in replay order - future entries left out") {
        AgendaWorld w("2026-11-26");
        CHECK(journal_lines(w.at(), {}) == Ids{"1", "2", "3", "4", "5", "6", "7"});
    }

    TEST_CASE("journal: a period, kinds, a deal, a client and its deals") {
        AgendaWorld w("2026-11-26");
        CHECK(journal_lines(w.at({}, "2026-11-11..2026-11-12"), {}) == Ids{"3", "4", "5"});
        JournalFilter kinds;
        kinds.kinds = {Kind::call, Kind::invoice};
        CHECK(journal_lines(w.at(), kinds) == Ids{"2", "4", "5"});
        JournalFilter deal;
        deal.deals = {w.book.deal_index("a-late")};
        CHECK(journal_lines(w.at(), deal) == Ids{"5"});
        JournalFilter client;
        client.clients = {w.book.client_index("acme")};  // on acme and on a-late, a-far
        CHECK(journal_lines(w.at(), client) == Ids{"2", "4", "5", "6"});
    }

    TEST_CASE("journal: --agent keeps the entries credited to the agent, not the owner's") {
        AgendaWorld w("2026-11-26");
        // line 2: @carol on alice's client; line 4: an invoice is credited to nobody
        // but the client's owner; line 5: alice owns a-late
        CHECK(journal_lines(w.at(Selection{{"carol"}, {}}), {}) == Ids{"2", "3"});
        CHECK(journal_lines(w.at(Selection{{"alice"}, {}}), {}).front() != "2");
    }

    TEST_CASE("journal: details are what the other columns do not show, in ledger syntax") {
        AgendaWorld w("2026-11-26");
        auto details = [&](std::uint32_t line) { return entry_details(w.book.entries[line - 1]); };
        CHECK(details(1) == "");
        CHECK(details(2) == "");
        CHECK(details(3) == "next:2026-11-12");
        CHECK(details(4) == "ref:INV-1");
        CHECK(details(5) == "next:2026-11-20 next_what:\"Send quote\"");
        CHECK(details(6) == "amount:1200.00 close:2027-01-15");
        CHECK(details(7) == "qualified");
    }
}

// The report's summary as numbers (issue 19): the same figures as its sentences.
TEST_SUITE("report summary") {
    TEST_CASE("summary: won, target, forecast, pipeline, coverage and win rate as numbers") {
        BookTexts t;
        t.deals = R"(deals:
  - { id: won-1,  client: acme,   owner: alice, amount: 30000, opened: 2026-09-01, stage: solution }
  - { id: lost-1, client: acme,   owner: alice, amount: 5000,  opened: 2026-09-01, stage: solution }
  - { id: open-1, client: globex, owner: bruno, amount: 40000, opened: 2026-09-01, stage: negotiation,
      expected_close: 2026-12-15 }
  - { id: open-2, client: globex, owner: bruno, amount: 10000, opened: 2026-09-01, stage: proposal,
      expected_close: 2027-02-01 }
)";
        t.targets = "targets:\n  - { company: true, period: 2026-Q4, sales: 100000 }\n";
        t.ledgers.push_back("2026-10-05 won won-1\n2026-10-06 lost lost-1\n");
        Book b = salesrep::testing::book_of(t);
        Replay r = replay(b, day("2026-11-26"));
        Context c(b, r, day("2026-11-26"), *parse_period("2026-Q4", 1), true, {});
        const std::string csv = render_csv(summary_table(c));
        CHECK(csv == "period,period_start,period_end,as_of,currency,won,deals_won,target,attainment_pct,forecast,"
                     "projected_pct,pipeline,open_deals,weighted,commit,best_case,remaining,coverage,win_rate,"
                     "deals_lost\n"
                     "2026-Q4,2026-10-01,2026-12-31,2026-11-26,EUR,30000.00,1,100000.00,30.0,60000.00,60.0,"
                     "40000.00,1,30000.00,40000.00,0.00,70000.00,0.57,50.0,1\n");
        // the document carries it, and its JSON says it as an object of numbers
        const std::string json = render_json(report_document(c, {}));
        CHECK(json.find("\"summary\": {\"period\": \"2026-Q4\", \"period_start\": \"2026-10-01\", "
                        "\"period_end\": \"2026-12-31\", \"as_of\": \"2026-11-26\", \"currency\": \"EUR\", "
                        "\"won\": 30000.00, \"deals_won\": 1, \"target\": 100000.00") != std::string::npos);
    }
}
