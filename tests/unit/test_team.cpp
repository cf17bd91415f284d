// A team on one book (SPEC §1, §7): files.write_to, git's conflict markers in
// a ledger, invoices and payments written twice.
#include "salesrep/check.hpp"
#include "salesrep/write_to.hpp"

#include "book_fixture.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace salesrep;
using salesrep::testing::BookTexts;
using salesrep::testing::day;

namespace {

using Msgs = std::vector<std::string>;

// check_book over a book that may have load problems: every diagnostic, sorted.
Msgs load_and_check(const BookTexts& t) {
    Diags d;
    Book b = salesrep::testing::load_book(t, d);
    check_book(b, day("2026-12-31"), d);
    sort_diagnostics(d);
    return salesrep::testing::lines_of(d, b.sources);
}

Settings settings_of(std::string_view text, Msgs* problems = nullptr) {
    Settings s;
    FilesSpec files;
    Diags d;
    SourceSet sources;
    std::uint32_t f = sources.add("salesrep.yaml", std::string(text));
    parse_settings(text, f, s, files, d);
    if (problems) *problems = salesrep::testing::lines_of(d, sources);
    else REQUIRE(d.empty());
    return s;
}

const std::string per_agent = "company: N\ncurrency: EUR\nfiles:\n  ledger: ledger/*.ledger\n"
                              "  write_to: ledger/{agent}.ledger\n";

}  // namespace

TEST_SUITE("team") {
    TEST_CASE("write_to: each agent's file, read by the ledger's glob") {
        Settings s = settings_of(per_agent);
        CHECK(s.write_to == "ledger/{agent}.ledger");
        CHECK(write_to_path(s, "alice") == "ledger/alice.ledger");
        CHECK(write_to_path(s, "") == "");
        CHECK(ledger_reads(s, "ledger/alice.ledger"));
        CHECK(ledger_reads(s, "./ledger/alice.ledger"));
        CHECK_FALSE(ledger_reads(s, "ledger/2026/alice.ledger"));  // '*' does not cross a '/'
        CHECK_FALSE(ledger_reads(s, "alice.ledger"));

        Settings two = settings_of("files:\n  ledger: [old.ledger, \"team/{agent}.ledger\"]\n"
                                   "  write_to: \"team/{agent}/{agent}.ledger\"\n");
        CHECK(write_to_path(two, "bo") == "team/bo/bo.ledger");
        CHECK(ledger_reads(two, "old.ledger"));
        CHECK_FALSE(ledger_reads(two, "team/bo/bo.ledger"));

        Settings none = settings_of("company: N\n");
        CHECK(none.write_to.empty());
        CHECK(write_to_path(none, "alice") == "");
        CHECK(ledger_reads(none, "sales.ledger"));  // the default ledger
        CHECK_FALSE(ledger_reads(none, "ledger/alice.ledger"));
    }

    TEST_CASE("write_to: a template that is not one file per agent inside the book is an error") {
        auto problem = [](std::string value) {
            Msgs m;
            settings_of("files:\n  write_to: " + value + "\n", &m);
            return m.size() == 1 ? m[0] : fmt::format("{} problems", m.size());
        };
        CHECK(problem("sales.ledger") ==
              "salesrep.yaml:2:13: error: files.write_to 'sales.ledger' has no '{agent}': it names each agent's "
              "ledger file, e.g. ledger/{agent}.ledger");
        CHECK(problem("\"/tmp/{agent}.ledger\"").find("must be a path inside the book") != std::string::npos);
        CHECK(problem("\"../x/{agent}.ledger\"").find("must be a path inside the book") != std::string::npos);
        CHECK(problem("\"a/../../{agent}.ledger\"").find("must be a path inside the book") != std::string::npos);
        CHECK(problem("\"ledger/*/{agent}.ledger\"").find("no glob characters") != std::string::npos);
        CHECK(problem("[a, b]") == "salesrep.yaml:2:13: error: 'write_to' of files must be text, found a list");
    }

    TEST_CASE("check: files.ledger must read what files.write_to writes") {
        BookTexts t;
        t.settings = per_agent;
        CHECK(load_and_check(t) == Msgs{});
        t.settings = "company: N\ncurrency: EUR\nfiles:\n  ledger: sales.ledger\n  write_to: ledger/{agent}.ledger\n";
        CHECK(load_and_check(t) == Msgs{"salesrep.yaml:5:13: error: files.write_to sends the entries of agent 'alice' to "
                               "'ledger/alice.ledger' (and 3 more agents' to theirs), which files.ledger does not "
                               "read: they would be written and never counted; make files.ledger read them, e.g. "
                               "'ledger: ledger/*.ledger'"});
        t.settings = "company: N\ncurrency: EUR\nfiles:\n  ledger: [ledger/a*.ledger, ledger/c*.ledger, "
                     "ledger/d*.ledger]\n  write_to: ledger/{agent}.ledger\n";
        Msgs m = load_and_check(t);
        REQUIRE(m.size() == 1);
        CHECK(m[0].find("agent 'bruno' to 'ledger/bruno.ledger', which files.ledger does not read") !=
              std::string::npos);
    }

    TEST_CASE("a conflict git left in a ledger: each marker line is an error that says so") {
        BookTexts t;
        t.ledgers = {"2026-11-20 call acme-renewal @alice\n"
                     "<<<<<<< HEAD\n"
                     "2026-11-21 call acme-renewal @alice \"ours\"\n"
                     "||||||| merged common ancestors\n"
                     "=======\n"
                     "2026-11-21 call acme-renewal @bruno \"theirs\"\n"
                     ">>>>>>> 3f2a9c1 (Tuesday's calls)\n"
                     "<<<<<<\n"};  // six: not a marker, a bad date
        Msgs m = load_and_check(t);
        REQUIRE(m.size() == 5);
        const std::string says = ": error: unresolved git merge conflict: '";
        CHECK(m[0] == "sales.ledger:2:1" + says +
                           "<<<<<<<' is a conflict marker git left in this file; keep the lines of both sides "
                           "(unless the same line is there twice), delete the marker lines (<<<<<<<, |||||||, "
                           "=======, >>>>>>>), then run 'salesrep check' and commit");
        CHECK(m[1].rfind("sales.ledger:4:1" + says + "|||||||'", 0) == 0);
        CHECK(m[2].rfind("sales.ledger:5:1" + says + "======='", 0) == 0);
        CHECK(m[3].rfind("sales.ledger:7:1" + says + ">>>>>>>'", 0) == 0);
        CHECK(m[4].rfind("sales.ledger:8:1: error: '<<<<<<' is not a date", 0) == 0);
    }

    TEST_CASE("the same invoice or payment twice is a warning naming the first - both count") {
        BookTexts t;
        t.ledgers = {"2026-11-26 invoice acme 52000 ref:INV-1\n"
                     "2026-11-26 invoice acme 52000 ref:INV-2\n"    // another ref
                     "2026-11-26 payment acme 52000 ref:INV-1\n"    // another kind
                     "2026-11-27 invoice acme 52000 ref:INV-1\n"    // another day
                     "2026-11-26 invoice globex 52000 ref:INV-1\n"  // another client
                     "2026-11-26 invoice acme 52000.01 ref:INV-1\n"  // another amount
                     "2026-11-26 payment acme 100\n",
                     "2026-11-26 10:00 invoice acme 52000.00 EUR ref:INV-1 \"again\"\n"
                     "2026-11-26 payment acme 100 \"a note does not make it another payment\"\n"
                     "2026-11-26 invoice acme 52000 ref:INV-1\n"};
        CHECK(load_and_check(t) == Msgs{
                              "ledger2.ledger:1:1: warning: invoice acme 52000.00 ref:INV-1 on 2026-11-26 is also at "
                              "ledger1.ledger:1: the same line twice, as a careless merge leaves? Both count; delete "
                              "one if it happened once",
                              "ledger2.ledger:2:1: warning: payment acme 100.00 without a ref on 2026-11-26 is also at "
                              "ledger1.ledger:7: the same line twice, as a careless merge leaves? Both count; delete "
                              "one if it happened once",
                              "ledger2.ledger:3:1: warning: invoice acme 52000.00 ref:INV-1 on 2026-11-26 is also at "
                              "ledger1.ledger:1: the same line twice, as a careless merge leaves? Both count; delete "
                              "one if it happened once",
                          });
    }
    TEST_CASE("a deal closed twice with no reopen between: both lines are named") {
        BookTexts t;
        t.ledgers = {"2026-11-30 won acme-renewal @alice\n"
                     "2026-11-10 lost acme-renewal\n"  // earlier: the first close in the replay
                     "2026-11-12 reopen acme-renewal\n",
                     "2026-11-30 17:00 won acme-renewal 13000 @bruno\n"};
        Msgs m = load_and_check(t);
        REQUIRE(m.size() == 2);
        CHECK(m[0] == "ledger1.ledger:1:1: warning: deal 'acme-renewal' is closed here (won) and again at "
                      "ledger2.ledger:1 (won on 2026-11-30) with no reopen between: two people closed the same "
                      "deal, as a merge of two clones may show; keep the right line and delete the other (or log a "
                      "reopen between them)");
        CHECK(m[1].rfind("ledger2.ledger:1:18: error: 'won' needs an open deal", 0) == 0);

        t.ledgers = {"2026-11-30 won acme-renewal\n2026-12-01 reopen acme-renewal\n2026-12-02 won acme-renewal\n"};
        CHECK(load_and_check(t) == Msgs{});
    }
}
