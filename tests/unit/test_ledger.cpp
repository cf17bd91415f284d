#include "salesrep/load.hpp"

#include "book_fixture.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

using namespace salesrep;

namespace {

using salesrep::testing::day;
using salesrep::testing::eur;

std::string show(const Diags& ds) {
    std::string s;
    for (const auto& d : ds) s += fmt::format("{}:{}: {}\n", d.pos.line, d.pos.col, d.message);
    return s;
}

// A line that must parse without a diagnostic. The entry views its line, so the
// line is kept in the thread's scratch arena (callers often pass a temporary).
Entry ok(std::string_view line, const Settings& settings = eur()) {
    Entry e;
    Diags d;
    line = scratch_arena().keep(std::string(line));
    bool parsed = parse_entry(line, 3, 7, settings, e, d);
    INFO(line, "\n", show(d));
    REQUIRE(parsed);
    REQUIRE(d.empty());
    CHECK(e.file == 3);
    CHECK(e.line == 7);
    return e;
}

// A line that must fail with exactly one diagnostic: "col: message".
std::string bad(std::string_view line, const Settings& settings = eur()) {
    Entry e;
    Diags d;
    bool parsed = parse_entry(line, 3, 7, settings, e, d);
    INFO(line);
    CHECK_FALSE(parsed);
    REQUIRE_MESSAGE(d.size() == 1, show(d));
    CHECK(d[0].severity == Severity::error);
    CHECK(d[0].pos.file == 3);
    CHECK(d[0].pos.line == 7);
    return fmt::format("{}: {}", d[0].pos.col, d[0].message);
}

// The 1-based column of a part of a ledger line, as diagnostics find it (0: absent).
std::uint32_t col(std::string_view line, EntryPart part, const Settings& settings = eur()) {
    return entry_column(line, settings, part);
}

struct Ledger {
    std::vector<Entry> entries;
    Diags diags;
};

// The entries view the text, so it is kept in the thread's scratch arena.
Ledger ledger(std::string_view text, const Settings& settings = eur()) {
    Ledger l;
    parse_ledger(scratch_arena().keep(std::string(text)), 2, settings, l.entries, l.diags);
    return l;
}

}  // namespace

TEST_SUITE("ledger") {
    TEST_CASE("interactions") {
        for (std::string_view kind : {"call", "meeting", "email", "demo", "visit", "message"}) {
            CAPTURE(kind);
            std::string line =
                fmt::format("2026-11-20 {} acme-renewal @alice \"CFO wants a 3-year quote\" next:2026-11-27", kind);
            Entry e = ok(line);
            CHECK(kind_name(e.kind) == kind);
            CHECK(is_interaction(e.kind));
            CHECK(e.date == day("2026-11-20"));
            CHECK_FALSE(e.time);
            CHECK(e.target == "acme-renewal");
            CHECK(e.agent == "alice");
            CHECK(e.has_note);
            CHECK(e.note == "CFO wants a 3-year quote");
            REQUIRE(e.next_date.has_value());
            CHECK(*e.next_date == day("2026-11-27"));
            CHECK_FALSE(e.has_next_what);
            CHECK(e.pos() == SourcePos{3, 7, 1});
            CHECK(col(line, EntryPart::date) == 1);
            CHECK(col(line, EntryPart::kind) == 12);
            CHECK(col(line, EntryPart::target) == 13 + kind.size());
        }
        SUBCASE("bare: no agent, no note") {
            const char* line = "2026-11-20 call acme";
            Entry e = ok(line);
            CHECK(e.kind == Kind::call);
            CHECK(e.agent.empty());
            CHECK_FALSE(e.has_note);
            CHECK(e.note.empty());
            CHECK_FALSE(e.next_date);
            CHECK(col(line, EntryPart::agent) == 0);
        }
        SUBCASE("an empty note is a note") {
            Entry e = ok("2026-11-20 email acme \"\"");
            CHECK(e.has_note);
            CHECK(e.note.empty());
        }
        SUBCASE("next_what goes with next") {
            const char* line = "2026-11-20 call acme-renewal next:2026-11-27 next_what:\"Send the quote\"";
            Entry e = ok(line);
            CHECK(*e.next_date == day("2026-11-27"));
            CHECK(e.has_next_what);
            CHECK(e.next_what == "Send the quote");
            CHECK(col(line, EntryPart::next) == 30);
            CHECK(bad("2026-11-20 call acme-renewal next_what:demo") ==
                  "17: 'next_what:' needs 'next:DATE' on the same entry (the day of the next action)");
        }
        SUBCASE("ref") {
            Entry e = ok("2026-11-20 visit acme ref:TRIP-7 \"on site\"");
            CHECK(e.ref == "TRIP-7");
            CHECK(e.note == "on site");
        }
    }

    TEST_CASE("note") {
        Entry e = ok("2026-11-20 note acme \"prefers email\" @bruno");
        CHECK(e.kind == Kind::note);
        CHECK_FALSE(is_interaction(e.kind));
        CHECK(e.note == "prefers email");
        CHECK(e.agent == "bruno");
        CHECK(bad("2026-11-20 note acme") == "21: 'note' needs a quoted note, e.g. \"what was said\"");
        CHECK(bad("2026-11-20 note acme @bruno") == "28: 'note' needs a quoted note, e.g. \"what was said\"");
    }

    TEST_CASE("texts of 65,535 bytes and more (kept out of the entry's 4-byte views)") {
        for (std::size_t n : {65534u, 65535u, 65536u, 200000u}) {
            const std::string note(n, 'n'), what(n + 1, 'w');
            Entry e = ok("2026-11-20 call acme-renewal \"" + note + "\" next:2026-11-30 next_what:\"" + what +
                         "\" ref:R-1 @bruno");
            CHECK(e.note == note);
            CHECK(e.next_what == what);
            CHECK(e.ref == "R-1");
            CHECK(e.agent == "bruno");
            CHECK(e.target == "acme-renewal");
            Entry copy = e;  // the far texts are copied with the entry
            CHECK(copy.note == note);
            copy.note = "short again";
            CHECK(copy.note == "short again");
            copy.note = note;  // and far again
            CHECK(copy.note == note);
            CHECK(copy.next_what == what);
            CHECK(e.note == note);
        }
    }

    TEST_CASE("stage") {
        const char* line = "2026-11-21 stage acme-renewal negotiation";
        Entry e = ok(line);
        CHECK(e.kind == Kind::stage);
        CHECK(e.stage == "negotiation");
        CHECK(col(line, EntryPart::stage) == 31);
        CHECK(e.agent.empty());
        const char* with_agent = "2026-11-21 stage acme-renewal @carol proposal";
        Entry a = ok(with_agent);
        CHECK(a.stage == "proposal");
        CHECK(a.agent == "carol");
        CHECK(col(with_agent, EntryPart::agent) == 32);  // the id, after the '@' at 31
        CHECK(col(with_agent, EntryPart::stage) == 38);
        CHECK(bad("2026-11-21 stage acme-renewal") ==
              "30: 'stage' needs the stage to move to, e.g. 'stage DEAL proposal'");
        CHECK(bad("2026-11-21 stage acme-renewal \"proposal\"") ==
              "31: 'stage' needs the stage to move to, e.g. 'stage DEAL proposal'");
        CHECK(bad("2026-11-21 stage acme-renewal proposal negotiation") ==
              "40: unexpected 'negotiation' for 'stage'; a note goes in double quotes");
        CHECK(bad("2026-11-21 stage acme-renewal pro/posal") == "31: 'pro/posal' is not a valid stage id");
    }

    TEST_CASE("won") {
        SUBCASE("with an amount, a time and a note") {
            const char* line = "2026-11-25 14:05 won acme-renewal 52000.00 \"signed\"";
            Entry e = ok(line);
            CHECK(e.kind == Kind::won);
            CHECK(e.time == 14 * 60 + 5);
            CHECK(col(line, EntryPart::kind) == 18);
            REQUIRE(e.amount.has_value());
            CHECK(e.amount->cents == 5200000);
            CHECK(col(line, EntryPart::amount) == 35);
            CHECK(e.note == "signed");
        }
        SUBCASE("without an amount") {
            Entry e = ok("2026-11-25 won acme-renewal @alice \"signed\"");
            CHECK_FALSE(e.amount.has_value());
            CHECK(e.agent == "alice");
            CHECK(e.note == "signed");
        }
        SUBCASE("zero is an amount") {
            Entry e = ok("2026-11-25 won acme-renewal 0");
            CHECK(e.amount->cents == 0);
        }
        SUBCASE("the currency code as a separate word") {
            Entry e = ok("2026-11-25 won acme-renewal 48000.5 EUR @alice");
            CHECK(e.amount->cents == 4800050);
            CHECK(e.agent == "alice");
        }
        SUBCASE("a quoted number is a note, not an amount") {
            Entry e = ok("2026-11-25 won acme-renewal \"48000\"");
            CHECK_FALSE(e.amount);
            CHECK(e.note == "48000");
        }
    }

    TEST_CASE("lost") {
        Entry e = ok("2026-11-25 lost acme-renewal reason:\"went with \\\"Initrode\\\"\" @bruno \"sad\"");
        CHECK(e.kind == Kind::lost);
        CHECK(e.reason() == "went with \"Initrode\"");
        CHECK(e.agent == "bruno");
        CHECK(e.note == "sad");
        Entry bare = ok("2026-11-25 lost acme-renewal reason:price");
        CHECK(bare.reason() == "price");
        CHECK_FALSE(bare.has_note);
        CHECK(bad("2026-11-25 lost acme-renewal 100") ==
              "30: unexpected '100' for 'lost'; a note goes in double quotes");
    }

    TEST_CASE("reopen") {
        const char* line = "2026-12-01 reopen acme-renewal";
        Entry e = ok(line);
        CHECK(e.kind == Kind::reopen);
        CHECK(e.stage.empty());
        CHECK(col(line, EntryPart::stage) == 0);
        const char* with_stage = "2026-12-01 reopen acme-renewal qualified @alice";
        Entry s = ok(with_stage);
        CHECK(s.stage == "qualified");
        CHECK(col(with_stage, EntryPart::stage) == 32);
        CHECK(s.agent == "alice");
        CHECK(bad("2026-12-01 reopen acme-renewal \"why\"") == "32: 'reopen' takes no further text here");
    }

    TEST_CASE("next") {
        const char* line = "2026-11-20 next acme-renewal 2026-11-28 \"Send revised quote\" @alice";
        Entry e = ok(line);
        CHECK(e.kind == Kind::next);
        CHECK(*e.next_date == day("2026-11-28"));
        CHECK(col(line, EntryPart::next) == 30);
        CHECK(e.has_next_what);
        CHECK(e.next_what == "Send revised quote");
        CHECK_FALSE(e.has_note);
        CHECK(e.agent == "alice");
        CHECK(bad("2026-11-20 next acme-renewal 2026-11-28") ==
              "40: 'next' needs what to do, in quotes: next DEAL YYYY-MM-DD \"what\"");
        CHECK(bad("2026-11-20 next acme-renewal \"Send it\"") ==
              "30: 'next' needs a date and what to do: next DEAL YYYY-MM-DD \"what\"");
        CHECK(bad("2026-11-20 next acme-renewal") ==
              "29: 'next' needs a date and what to do: next DEAL YYYY-MM-DD \"what\"");
        CHECK(bad("2026-11-20 next acme-renewal 2026-11-31 \"x\"") ==
              "30: '2026-11-31' is not a date; write next DEAL YYYY-MM-DD \"what\"");
        CHECK(bad("2026-11-20 next acme-renewal 2026-11-28 \"x\" \"y\"") ==
              "45: 'next' takes no further text here");
    }

    TEST_CASE("set") {
        const char* line = "2026-11-22 set acme-renewal amount:50000 close:2027-01-15 probability:60 owner:bruno "
                           "title:\"2027 renewal, \\\"gold\\\"\"";
        Entry e = ok(line);
        CHECK(e.kind == Kind::set);
        CHECK(e.set().amount->cents == 5000000);
        CHECK(*e.set().close == day("2027-01-15"));
        CHECK(*e.set().probability == 60);
        CHECK_FALSE(e.set().clear_probability);
        CHECK(e.set().owner == "bruno");
        CHECK(*e.set().title == "2027 renewal, \"gold\"");
        CHECK(col(line, EntryPart::amount) == 29);
        CHECK(col(line, EntryPart::close) == 42);
        CHECK(col(line, EntryPart::probability) == 59);
        CHECK(col(line, EntryPart::owner) == 74);
        SUBCASE("probability:- drops the override") {
            Entry c = ok("2026-11-22 set acme-renewal probability:-");
            CHECK(c.set().clear_probability);
            CHECK_FALSE(c.set().probability);
        }
        SUBCASE("probability bounds") {
            CHECK(*ok("2026-11-22 set d probability:0").set().probability == 0);
            CHECK(*ok("2026-11-22 set d probability:100").set().probability == 100);
            const char* msg = "probability '{}' must be a whole number from 0 to 100 (or '-' to drop the override)";
            CHECK(bad("2026-11-22 set d probability:101") == "30: " + fmt::format(fmt::runtime(msg), "101"));
            CHECK(bad("2026-11-22 set d probability:50.5") == "30: " + fmt::format(fmt::runtime(msg), "50.5"));
            CHECK(bad("2026-11-22 set d probability:-5") == "30: " + fmt::format(fmt::runtime(msg), "-5"));
            CHECK(bad("2026-11-22 set d probability:\"-\"") == "30: " + fmt::format(fmt::runtime(msg), "-"));
        }
        SUBCASE("an empty title is a title") {
            Entry t = ok("2026-11-22 set d title:\"\"");
            REQUIRE(t.set().title.has_value());
            CHECK(t.set().title->empty());
        }
        SUBCASE("category") {
            Entry c = ok("2026-11-22 set d category:omitted");
            CHECK(c.set().category == Category::omitted);
            CHECK(ok("2026-11-22 set d category:-").set().clear_category);
            CHECK(bad("2026-11-22 set d category:maybe") ==
                  "27: category 'maybe' must be pipeline, best_case, commit or omitted (or '-' to drop the override)");
            CHECK(format_entry(ok("2026-11-22 set d category:commit")) == "2026-11-22 set d category:commit");
            CHECK(format_entry(ok("2026-11-22 set d category:-")) == "2026-11-22 set d category:-");
        }
        SUBCASE("errors") {
            CHECK(bad("2026-11-20 set acme-renewal") ==
                  "16: 'set' changes nothing; give amount:X, close:DATE, probability:P (or -), owner:ID, "
                  "title:\"...\" or category:C (or -)");
            CHECK(bad("2026-11-20 set acme-renewal @alice") ==
                  "16: 'set' changes nothing; give amount:X, close:DATE, probability:P (or -), owner:ID, "
                  "title:\"...\" or category:C (or -)");
            CHECK(bad("2026-11-20 set d close:2026-02-30") ==
                  "24: '2026-02-30' is not a date; write close:YYYY-MM-DD");
            CHECK(bad("2026-11-20 set d owner:al!ce") == "24: 'al!ce' is not a valid agent id");
            CHECK(bad("2026-11-20 set d amount:-1") == "25: the amount must not be negative, found '-1'");
            CHECK(bad("2026-11-20 set d amount:1.234") == "29: amount '1.234' has more than two decimals");
            CHECK(bad("2026-11-20 set d amount:1 amount:2") == "27: 'amount:' given twice");
            CHECK(bad("2026-11-20 set d probability:10 probability:-") == "33: 'probability:' given twice");
            CHECK(bad("2026-11-20 set d amount:10 \"why\"") == "28: 'set' takes no further text here");
            CHECK(bad("2026-11-20 set d amonut:10") ==
                  "18: unknown field 'amonut:' for 'set' (did you mean 'amount'?); it takes ref:, amount:, close:, "
                  "probability:, owner:, title:, category:");
        }
    }

    TEST_CASE("invoice and payment") {
        const char* line = "2026-11-26 invoice acme 52000 ref:INV-2026-117";
        Entry i = ok(line);
        CHECK(i.kind == Kind::invoice);
        CHECK(i.amount->cents == 5200000);
        CHECK(i.ref == "INV-2026-117");
        CHECK(col(line, EntryPart::amount) == 25);
        Entry p = ok("2026-12-10 payment acme 26000.10 EUR \"first half\" ref:\"INV 2026/117\" @dave");
        CHECK(p.kind == Kind::payment);
        CHECK(p.amount->cents == 2600010);
        CHECK(p.note == "first half");
        CHECK(p.ref == "INV 2026/117");
        CHECK(p.agent == "dave");
        CHECK(bad("2026-12-10 payment acme") == "24: 'payment' needs an amount, e.g. 'payment CLIENT 1200.00'");
        CHECK(bad("2026-12-10 invoice acme \"x\"") == "25: 'invoice' needs an amount, e.g. 'invoice CLIENT 1200.00'");
        CHECK(bad("2026-12-10 invoice acme ref:X") == "30: 'invoice' needs an amount, e.g. 'invoice CLIENT 1200.00'");
        CHECK(bad("2026-12-10 invoice acme 10 ref:\"\"") == "32: 'ref:' has no value");
        CHECK(bad("2026-12-10 invoice acme 10 ref:a ref:b") == "34: 'ref:' given twice");
    }

    TEST_CASE("times") {
        CHECK(ok("2026-11-20 00:00 call acme").time == 0);
        CHECK(ok("2026-11-20 23:59 call acme").time == 23 * 60 + 59);
        CHECK(ok("2026-11-20 09:30 call acme").time == 9 * 60 + 30);
        const char* msg = "12: '{}' is not a time; write HH:MM from 00:00 to 23:59";
        CHECK(bad("2026-11-20 24:00 call acme") == fmt::format(fmt::runtime(msg), "24:00"));
        CHECK(bad("2026-11-20 12:60 call acme") == fmt::format(fmt::runtime(msg), "12:60"));
        CHECK(bad("2026-11-20 9:30 call acme") == fmt::format(fmt::runtime(msg), "9:30"));
        CHECK(bad("2026-11-20 09:30:00 call acme") == fmt::format(fmt::runtime(msg), "09:30:00"));
        CHECK(bad("2026-11-20 12:00") == "17: the entry has no kind; write e.g. 'call DEAL \"note\"'");
    }

    TEST_CASE("@agent and fields anywhere after the target") {
        const char* lines[] = {
            "2026-11-20 call acme-renewal @alice \"the note\" next:2026-11-27 ref:R1",
            "2026-11-20 call acme-renewal \"the note\" @alice ref:R1 next:2026-11-27",
            "2026-11-20 call acme-renewal next:2026-11-27 ref:R1 \"the note\" @alice",
            "2026-11-20 call acme-renewal ref:R1 next:2026-11-27 @alice \"the note\"",
            "2026-11-20\tcall  acme-renewal \t @alice   \"the note\"  next:2026-11-27  ref:R1  ",
        };
        Entry first = ok(lines[0]);
        for (const char* line : lines) {
            CAPTURE(line);
            Entry e = ok(line);
            CHECK(same_entry(e, first));
            CHECK(e.agent == "alice");
            CHECK(e.note == "the note");
            CHECK(e.ref == "R1");
            CHECK(*e.next_date == day("2026-11-27"));
        }
        SUBCASE("positional order is kept around agents and fields") {
            Entry w = ok("2026-11-25 won acme-renewal ref:X @alice 100 EUR \"n\"");
            CHECK(w.amount->cents == 10000);
            CHECK(w.note == "n");
            CHECK(w.ref == "X");
        }
        SUBCASE("invoice: amount, agent, note in any mix") {
            Entry e = ok("2026-11-26 invoice acme @alice ref:I-1 1200 \"setup fee\"");
            CHECK(e.amount->cents == 120000);
            CHECK(e.note == "setup fee");
            CHECK(e.agent == "alice");
        }
    }

    TEST_CASE("quoted strings") {
        SUBCASE("escapes") {
            Entry e = ok(R"(2026-11-20 call acme "He said \"no\", path C:\\tmp\\x")");
            CHECK(e.note == R"(He said "no", path C:\tmp\x)");
            Entry b = ok(R"(2026-11-20 call acme "\\")");
            CHECK(b.note == "\\");
            Entry q = ok(R"(2026-11-20 call acme "\"")");
            CHECK(q.note == "\"");
        }
        SUBCASE("non-ASCII text and separators inside quotes are text") {
            Entry e = ok("2026-11-20 call acme \"Réunion à 14h ; # @bob ref:x « ok » 日本\"");
            CHECK(e.note == "Réunion à 14h ; # @bob ref:x « ok » 日本");
            CHECK(e.agent.empty());
            CHECK(e.ref.empty());
        }
        SUBCASE("quoted field values") {
            Entry e = ok(R"(2026-11-20 call acme-renewal next:2026-11-27 next_what:"Call \"Jeanne\" \\ CFO")");
            CHECK(e.next_what == R"(Call "Jeanne" \ CFO)");
            Entry r = ok(R"(2026-11-20 invoice acme 10 ref:"A B")");
            CHECK(r.ref == "A B");
        }
        SUBCASE("errors") {
            CHECK(bad("2026-11-20 call acme \"open") == "22: unterminated quoted string; close it with \"");
            CHECK(bad("2026-11-20 call acme \"ends with \\\"") == "22: unterminated quoted string; close it with \"");
            CHECK(bad("2026-11-20 call acme next_what:\"x") == "32: unterminated quoted string; close it with \"");
            CHECK(bad(R"(2026-11-20 call acme "a\nb")") ==
                  "24: unknown escape in a quoted string; only \\\" and \\\\ are escapes (write a backslash as \\\\)");
            CHECK(bad(R"(2026-11-20 call acme "a"b)") == "25: a quoted string must be followed by a blank");
            CHECK(bad(R"(2026-11-20 call acme ref:"a"b)") == "29: a quoted value must be followed by a blank");
            CHECK(bad(R"(2026-11-20 call acme say"hi")") ==
                  "25: a quote inside a word; put blanks around a quoted string");
            CHECK(bad("2026-11-20 call acme \"a\" \"b\"") == "26: 'call' takes no further text here");
        }
        SUBCASE("a stop at every place of an 8-byte scan") {
            // The tokenizer looks at 8 bytes at a time: put the byte that ends a
            // word or a quoted string at each offset, before and after the last
            // full 8 bytes of the line.
            for (std::size_t k = 1; k <= 24; ++k) {
                CAPTURE(k);
                const std::string id(k, 'a'), text(k, 'n');
                Entry e = ok("2026-11-20 call " + id + " \"" + text + "\\\"" + text + "\" ref:" + id + " @" + id);
                CHECK(e.target == id);
                CHECK(e.note == text + "\"" + text);
                CHECK(e.ref == id);
                CHECK(e.agent == id);
                Entry f = ok("2026-11-20 call " + id + " next:2026-12-0" + std::to_string(1 + k % 9) + " next_what:\"" + text + "\"");
                CHECK(f.next_what == text);
                CHECK(f.next_date == *parse_date("2026-12-0" + std::to_string(1 + k % 9)));
                CHECK(bad("2026-11-20 call " + id + "\"x\"") == std::to_string(17 + k) +
                      ": a quote inside a word; put blanks around a quoted string");
                CHECK(bad("2026-11-20 call acme \"" + text) == "22: unterminated quoted string; close it with \"");
                // UTF-8 bytes that are a stop byte plus 0x80 (¢ holds 0xA2 = '"' | 0x80,
                // à 0xA0 = ' ' | 0x80, º 0xBA = ':' | 0x80, ܐ 0xDC = '\\' | 0x80) stop nothing.
                const std::string wide = text + "¢àºܐ";
                Entry u = ok("2026-11-20 call " + id + " \"" + wide + "\\\"" + wide + "\" ref:" + wide + "¢ @" + id);
                CHECK(u.note == wide + "\"" + wide);
                CHECK(u.ref == wide + "¢");
                CHECK(u.agent == id);
                CHECK(bad("2026-11-20 call acme \"" + text + "\\n\"") ==
                      std::to_string(23 + k) + ": unknown escape in a quoted string; only \\\" and \\\\ are escapes "
                                               "(write a backslash as \\\\)");
            }
        }
    }

    TEST_CASE("amounts") {
        CHECK(ok("2026-11-26 invoice acme 0.01").amount->cents == 1);
        CHECK(ok("2026-11-26 invoice acme 12.3").amount->cents == 1230);
        CHECK(ok("2026-11-26 invoice acme 52000 EUR").amount->cents == 5200000);
        CHECK(bad("2026-11-26 invoice acme 100.123") == "31: amount '100.123' has more than two decimals");
        CHECK(bad("2026-12-10 payment acme 0") == "25: the amount must be positive, found '0'");
        CHECK(bad("2026-12-10 payment acme 0.00") == "25: the amount must be positive, found '0.00'");
        CHECK(bad("2026-12-10 invoice acme -3") == "25: the amount must be positive, found '-3'");
        CHECK(bad("2026-11-25 won acme-renewal -5") == "29: the amount must not be negative, found '-5'");
        CHECK(bad("2026-11-26 invoice acme 52000 USD") == "31: currency 'USD' is not the book's currency 'EUR'");
        CHECK(bad("2026-11-26 invoice acme 52000 EUR EUR") ==
              "35: unexpected 'EUR' for 'invoice'; a note goes in double quotes");
        CHECK(bad("2026-11-26 invoice acme 52000 EUR", Settings{}) ==
              "31: currency 'EUR' given, but the book sets no currency");
        CHECK(bad("2026-11-26 invoice acme 12a") == "27: '12a' is not an amount");
        CHECK(bad("2026-11-26 invoice acme 1,200") == "26: '1,200' is not an amount");
    }

    TEST_CASE("the head of an entry") {
        CHECK(bad("2026-02-30 call acme") ==
              "1: '2026-02-30' is not a date; an entry starts with YYYY-MM-DD (a day that exists)");
        CHECK(bad("2026/11/20 call acme") ==
              "1: '2026/11/20' is not a date; an entry starts with YYYY-MM-DD (a day that exists)");
        CHECK(bad("call acme") == "1: 'call' is not a date; an entry starts with YYYY-MM-DD (a day that exists)");
        CHECK(bad("2026-11-20") == "11: the entry has no kind; write e.g. 'call DEAL \"note\"'");
        CHECK(bad("") == "1: an empty line is not an entry; an entry starts with YYYY-MM-DD");
        CHECK(bad(" \t ") == "1: an empty line is not an entry; an entry starts with YYYY-MM-DD");
        CHECK(bad("2026-11-20 cal acme \"x\"") ==
              "12: unknown entry kind 'cal' (did you mean 'call'?); kinds: call, meeting, email, demo, visit, "
              "message, note, stage, won, lost, reopen, next, set, invoice, payment, open, client");
        CHECK(bad("2026-11-20 teleport acme") ==
              "12: unknown entry kind 'teleport'; kinds: call, meeting, email, demo, visit, message, note, stage, "
              "won, lost, reopen, next, set, invoice, payment, open, client");
        CHECK(bad("2026-11-20 Call acme") ==
              "12: unknown entry kind 'Call' (did you mean 'call'?); kinds: call, meeting, email, demo, visit, "
              "message, note, stage, won, lost, reopen, next, set, invoice, payment, open, client");
        CHECK(bad("2026-11-20 call") == "16: 'call' needs a deal or client id after the kind");
        CHECK(bad("2026-11-20 stage") == "17: 'stage' needs a deal id after the kind");
        CHECK(bad("2026-11-20 invoice \"acme\" 10") == "20: 'invoice' needs a client id after the kind");
        CHECK(bad("2026-11-20 call @alice acme") == "17: 'call' needs a deal or client id after the kind");
        CHECK(bad("2026-11-20 call acme!") ==
              "17: 'acme!' is not a valid id: an id starts with a letter or digit and holds only letters, digits, "
              "'.', '_' and '-'");
        CHECK(bad("2026-11-20 call _acme") ==
              "17: '_acme' is not a valid id: an id starts with a letter or digit and holds only letters, digits, "
              "'.', '_' and '-'");
        CHECK(ok("2026-11-20 call A.b_c-9").target == "A.b_c-9");
    }

    TEST_CASE("agents") {
        CHECK(ok("2026-11-20 call acme @alice.m-2").agent == "alice.m-2");
        CHECK(bad("2026-11-20 call acme @ \"x\"") == "22: '@' with no agent id; write @ID, e.g. @alice");
        CHECK(bad("2026-11-20 call acme @-x") == "23: '-x' is not a valid agent id");
        CHECK(bad("2026-11-20 call acme @alice @bruno") == "29: more than one @agent; an entry names at most one");
        const char* line = "2026-11-20 call acme \"x\" @alice";
        Entry e = ok(line);
        CHECK(e.agent == "alice");
        CHECK(col(line, EntryPart::agent) == 27);  // the id, after the '@' at 26
    }

    TEST_CASE("unknown fields") {
        CHECK(bad("2026-11-20 call acme foo:bar") ==
              "22: unknown field 'foo:' for 'call'; it takes ref:, next:, next_what:");
        CHECK(bad("2026-11-20 call acme nxt:2026-11-27") ==
              "22: unknown field 'nxt:' for 'call' (did you mean 'next'?); it takes ref:, next:, next_what:");
        CHECK(bad("2026-11-20 note acme \"x\" next:2026-11-27") == "26: unknown field 'next:' for 'note'; it takes ref:");
        CHECK(bad("2026-11-20 won d reason:price") == "18: unknown field 'reason:' for 'won'; it takes ref:");
        CHECK(bad("2026-11-20 lost d reson:price") ==
              "19: unknown field 'reson:' for 'lost' (did you mean 'reason'?); it takes ref:, reason:");
        CHECK(bad("2026-11-20 call acme next:2026-13-01") == "27: '2026-13-01' is not a date; write next:YYYY-MM-DD");
        CHECK(bad("2026-11-20 call acme next:2026-11-27 next:2026-11-28") == "38: 'next:' given twice");
    }

    TEST_CASE("every problem of a line is reported") {
        Entry e;
        Diags d;
        CHECK_FALSE(parse_entry("2026-11-20 set d probability:200 close:2026-02-30 owner:-x", 0, 1, eur(), e, d));
        REQUIRE(d.size() == 3);
        CHECK(d[0].pos.col == 30);
        CHECK(d[1].pos.col == 40);
        CHECK(d[2].pos.col == 57);
    }

    TEST_CASE("extra unquoted words") {
        CHECK(bad("2026-11-20 call acme hello") == "22: unexpected 'hello' for 'call'; a note goes in double quotes");
        CHECK(bad("2026-11-20 call acme \"x\" hello") == "26: unexpected 'hello' for 'call'; a note goes in double quotes");
        // there are no end-of-line comments
        CHECK(bad("2026-11-20 call acme \"x\" ; a comment") ==
              "26: unexpected ';' for 'call'; a note goes in double quotes");
        CHECK(bad("2026-11-20 call acme # a comment") == "22: unexpected '#' for 'call'; a note goes in double quotes");
        CHECK(bad("2026-11-20 next d 2026-11-28 \"what\" extra") ==
              "37: unexpected 'extra' for 'next'; a note goes in double quotes");
        CHECK(bad("2026-11-20 won d 100 \"x\" \"y\"") == "26: 'won' takes no further text here");
    }
}

TEST_SUITE("ledger text") {
    TEST_CASE("count_ledger_lines: every line, and a slot for each line that may hold an entry") {
        auto count = [](std::string_view t) {
            LedgerLines n = count_ledger_lines(t);
            return std::pair{n.lines, n.slots};
        };
        CHECK(count("") == std::pair<std::size_t, std::size_t>{1, 0});
        CHECK(count("2026-11-20 call acme") == std::pair<std::size_t, std::size_t>{1, 1});
        CHECK(count("2026-11-20 call acme\n") == std::pair<std::size_t, std::size_t>{2, 1});
        const std::string text = "; c\n# c\n\n\r\n  2026-11-20 call acme\n\t; c\n2026-11-20 call acme\r\n"
                                 "\xEF\xBB\xBFx\nnot an entry\n2026-11-21 call acme";
        CHECK(count(text) == std::pair<std::size_t, std::size_t>{10, 4});
        // parse_ledger_into never fills more: the slots are enough
        std::vector<Entry> out(count_ledger_lines(text).slots);
        Diags d;
        CHECK(parse_ledger_into(text, 2, eur(), out.data(), d, &scratch_arena(), 1) == 2);
        CHECK(d.size() == 3);  // the indented entry, the BOM in the middle, "not an entry"
    }

    TEST_CASE("comments, blank lines, numbering and order") {
        Ledger l = ledger("; a comment\n"
                          "# another\n"
                          "\n"
                          "   \t \n"
                          "  ; an indented comment\n"
                          "\t# and a tabbed one\n"
                          "2026-11-20 call acme \"first\"\n"
                          "2026-11-21 stage acme-renewal negotiation\n");
        INFO(show(l.diags));
        CHECK(l.diags.empty());
        REQUIRE(l.entries.size() == 2);
        CHECK(l.entries[0].line == 7);
        CHECK(l.entries[0].file == 2);
        CHECK(l.entries[0].kind == Kind::call);
        CHECK(l.entries[1].line == 8);
        CHECK(l.entries[1].kind == Kind::stage);
        CHECK(l.entries[1].pos() == SourcePos{2, 8, 1});
        SUBCASE("entries are appended after what is already there") {
            Diags d;
            parse_ledger("2026-12-01 call acme\n", 5, eur(), l.entries, d);
            REQUIRE(l.entries.size() == 3);
            CHECK(l.entries[0].line == 7);
            CHECK(l.entries[2].kind == Kind::call);
            CHECK(l.entries[2].file == 5);
            CHECK(l.entries[2].line == 1);
        }
    }

    TEST_CASE("an empty ledger") {
        CHECK(ledger("").entries.empty());
        CHECK(ledger("").diags.empty());
        CHECK(ledger("\n\n").entries.empty());
        CHECK(ledger("\xEF\xBB\xBF").entries.empty());
    }

    TEST_CASE("CRLF line ends") {
        Ledger l = ledger("2026-11-20 call acme \"a\"\r\n; c\r\n\r\n2026-11-21 note acme \"b\"\r\n");
        INFO(show(l.diags));
        CHECK(l.diags.empty());
        REQUIRE(l.entries.size() == 2);
        CHECK(l.entries[0].note == "a");
        CHECK(l.entries[1].note == "b");
        CHECK(l.entries[1].line == 4);
        Ledger r = ledger("2026-11-20 invoice acme 10 ref:R-1\r\n");
        REQUIRE(r.entries.size() == 1);
        CHECK(r.entries[0].ref == "R-1");
    }

    TEST_CASE("a UTF-8 byte order mark") {
        Ledger l = ledger("\xEF\xBB\xBF"
                          "2026-11-20 call acme\n2026-11-21 call acme\n");
        INFO(show(l.diags));
        CHECK(l.diags.empty());
        REQUIRE(l.entries.size() == 2);
        CHECK(l.entries[0].date == day("2026-11-20"));
        CHECK(l.entries[0].line == 1);
        // only at the very start
        Ledger m = ledger("2026-11-20 call acme\n\xEF\xBB\xBF"
                          "2026-11-21 call acme\n");
        REQUIRE(m.diags.size() == 1);
        CHECK(m.diags[0].pos == SourcePos{2, 2, 1});
    }

    TEST_CASE("a last line without a newline") {
        Ledger l = ledger("2026-11-20 call acme\n2026-11-21 payment acme 10");
        CHECK(l.diags.empty());
        REQUIRE(l.entries.size() == 2);
        CHECK(l.entries[1].kind == Kind::payment);
        CHECK(l.entries[1].line == 2);
        Ledger c = ledger("2026-11-20 call acme\r\n2026-11-21 call acme \"x\"\r");
        CHECK(c.diags.empty());
        REQUIRE(c.entries.size() == 2);
        CHECK(c.entries[1].note == "x");
    }

    TEST_CASE("invalid UTF-8") {
        Ledger l = ledger("2026-11-20 call acme \"caf\xE9\"\n"
                          "2026-11-21 call acme \"caf\xC3\xA9\"\n"
                          "2026-11-22 call acme \"\xF0\x9F\x98\"\n"
                          "2026-11-23 call acme \"\xC0\xAF\"\n"
                          "2026-11-24 call acme \"\xE0\x80\xAF\"\n"
                          "2026-11-25 call acme \"\xED\xA0\x80\"\n"
                          "2026-11-26 call acme \"\xF4\x90\x80\x80\"\n"
                          "; a comment may hold anything: \xFF\n");
        REQUIRE(l.entries.size() == 1);
        CHECK(l.entries[0].note == "café");
        REQUIRE(l.diags.size() == 6);
        const std::uint32_t lines[] = {1, 3, 4, 5, 6, 7};
        for (std::size_t i = 0; i < 6; ++i) {
            CAPTURE(i);
            CHECK(l.diags[i].severity == Severity::error);
            // the column of the first byte of the bad sequence
            CHECK(l.diags[i].pos == SourcePos{2, lines[i], i == 0 ? 26u : 23u});
            CHECK(l.diags[i].message == "invalid UTF-8; the ledger is UTF-8 text");
        }
    }

    TEST_CASE("leading blanks") {
        Ledger l = ledger("  2026-11-20 call acme\n\t2026-11-21 call acme\n2026-11-22 call acme\n");
        REQUIRE(l.entries.size() == 1);
        CHECK(l.entries[0].line == 3);
        REQUIRE(l.diags.size() == 2);
        CHECK(l.diags[0].pos == SourcePos{2, 1, 1});
        CHECK(l.diags[0].message ==
              "an entry starts at the beginning of the line, with its date; remove the leading blanks");
        CHECK(l.diags[1].pos == SourcePos{2, 2, 1});
    }

    TEST_CASE("every bad line is reported and the good ones kept") {
        Ledger l = ledger("2026-11-20 cal acme\n"
                          "2026-11-21 call acme\n"
                          "2026-02-30 call acme\n"
                          "2026-11-22 invoice acme 1.001\n"
                          "2026-11-23 payment acme 5\n");
        REQUIRE(l.entries.size() == 2);
        CHECK(l.entries[0].line == 2);
        CHECK(l.entries[1].line == 5);
        CHECK(l.entries[0].kind == Kind::call);
        CHECK(l.entries[1].kind == Kind::payment);
        REQUIRE(l.diags.size() == 3);
        CHECK(l.diags[0].pos == SourcePos{2, 1, 12});
        CHECK(l.diags[1].pos == SourcePos{2, 3, 1});
        CHECK(l.diags[2].pos == SourcePos{2, 4, 29});
    }
}

// ---------------------------------------------------------------------------
// Round trip: whatever format_entry writes, parse_entry reads back the same.

namespace {

class Gen {
public:
    explicit Gen(std::uint32_t seed) : rng_(seed) {}

    // Entries view their strings: the generated ones live as long as the Gen.
    std::string_view keep(std::string s) { return texts_.keep(std::move(s)); }

    int below(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }
    bool chance(int percent) { return below(100) < percent; }

    std::string id() {
        static const char* const ids[] = {"acme", "acme-renewal", "globex", "a", "A.b_c-9", "0x", "d1", "2026-11-20",
                                          "x.y"};
        std::string s = ids[below(static_cast<int>(std::size(ids)))];
        if (chance(30)) s += "-" + std::to_string(below(1000));
        return s;
    }

    std::string text() {
        static const char* const pieces[] = {
            "a", "b", "CFO", " ", " ", "  ", "\"", "\\", "\\\\", "\\\"", "é", "Réunion", "日本語", "«", "»", "€",
            ":", "@", "@bob", ";", "#", "ref:x", "next:2026-01-01", "-", "'", "\t", "1200.00", "EUR", "😀", ",",
        };
        std::string s;
        int n = below(8);
        for (int i = 0; i < n; ++i) s += pieces[below(static_cast<int>(std::size(pieces)))];
        return s;
    }

    Date date() { return Date::from_ymd(2000 + below(40), 1 + below(12), 1 + below(28)); }

    Money money(bool positive) {
        static const std::int64_t cents[] = {0, 1, 99, 100, 4800000, 5200050, 123456789012LL};
        std::int64_t c = chance(50) ? cents[below(7)] : below(10000000);
        if (positive && c == 0) c = 1;
        return Money{c};
    }

    Entry entry() {
        Entry e;
        e.kind = static_cast<Kind>(below(kind_count));
        e.date = date();
        if (chance(30)) e.time = static_cast<int>(below(24 * 60));
        e.target = keep(id());
        if (chance(50)) e.agent = chance(50) ? "alice" : "bob.smith-2";
        if (chance(20)) {
            e.ref = keep(text());
            if (e.ref.empty()) e.ref = "INV-1";
        }
        auto note = [&](int percent) {
            if (chance(percent)) {
                e.has_note = true;
                e.note = keep(text());
            }
        };
        switch (e.kind) {
        case Kind::call: case Kind::meeting: case Kind::email: case Kind::demo: case Kind::visit: case Kind::message:
            note(70);
            if (chance(40)) e.next_date = date();
            if (e.next_date && chance(60)) {  // next_what: only goes with next:
                e.has_next_what = true;
                e.next_what = keep(text());
            }
            break;
        case Kind::note:
            note(100);
            break;
        case Kind::stage:
            e.stage = chance(50) ? "proposal" : "Stage_2.b";
            break;
        case Kind::reopen:
            if (chance(50)) e.stage = "qualified";
            break;
        case Kind::won:
            if (chance(60)) e.amount = money(false);
            note(50);
            break;
        case Kind::lost:
            if (chance(50)) e.change_details().reason = keep(text());
            note(50);
            break;
        case Kind::next:
            e.next_date = date();
            e.next_what = keep(text());
            e.has_next_what = true;
            break;
        case Kind::set: {
            bool any = false;
            while (!any) {
                if (chance(40)) { e.change_details().set.amount = money(false); any = true; }
                if (chance(30)) { e.change_details().set.close = date(); any = true; }
                if (chance(30)) { e.change_details().set.probability = below(101); any = true; }
                else if (chance(20)) { e.change_details().set.clear_probability = true; any = true; }
                if (chance(25)) { e.change_details().set.owner = chance(50) ? "carol" : "z9"; any = true; }
                if (chance(25)) { e.change_details().set.title = keep(text()); any = true; }
            }
            break;
        }
        case Kind::invoice: case Kind::payment:
            e.amount = money(true);
            note(50);
            break;
        case Kind::open: {
            EntryDetails& d = e.change_details();  // one copy: a later change_details() would free it
            RecordFields& r = d.record;
            r.client = chance(50) ? "acme" : "globex-2";
            e.amount = money(false);
            if (chance(40)) e.stage = "qualified";
            if (chance(40)) d.set.close = date();
            if (chance(30)) d.set.probability = below(101);
            if (chance(30)) d.set.category = static_cast<Category>(below(4));
            if (chance(30)) r.pipeline = "smb";
            if (chance(30)) r.source = filled();
            note(60);  // the title
            break;
        }
        case Kind::client: {
            RecordFields& r = e.change_details().record;
            r.name = filled();
            for (std::string_view* field : {&r.industry, &r.contact, &r.job_title, &r.email, &r.phone})
                if (chance(40)) *field = filled();
            if (chance(40)) r.segment = "enterprise";
            break;
        }
        }
        return e;
    }
    // A text that is not empty (a field's value).
    std::string_view filled() {
        std::string_view t = keep(text());
        return t.empty() ? "x" : t;
    }

private:
    std::mt19937 rng_;
    TextArena texts_;
};

}  // namespace

TEST_SUITE("ledger round trip") {
    TEST_CASE("parse_entry(format_entry(e)) is e, for many random entries") {
        Gen gen(20261120);
        Settings settings = eur();
        int kinds_seen[kind_count] = {};
        int with_quotes = 0, with_backslash = 0, non_ascii = 0, empty_notes = 0, refs = 0, clears = 0, times = 0;
        constexpr int count = 5000;
        for (int i = 0; i < count; ++i) {
            Entry e = gen.entry();
            std::string line = format_entry(e);
            Entry back;
            Diags diags;
            bool parsed = parse_entry(line, 1, static_cast<std::uint32_t>(i + 1), settings, back, diags);
            INFO("entry ", i, ": ", line, "\n", show(diags));
            REQUIRE(parsed);
            REQUIRE(diags.empty());
            REQUIRE(same_entry(back, e));
            // and the canonical form is a fixed point
            REQUIRE(format_entry(back) == line);

            ++kinds_seen[static_cast<int>(e.kind)];
            with_quotes += line.find("\\\"") != std::string::npos;
            with_backslash += line.find("\\\\") != std::string::npos;
            non_ascii += line.find("\xC3") != std::string::npos || line.find("\xE6") != std::string::npos;
            empty_notes += e.has_note && e.note.empty();
            refs += !e.ref.empty();
            clears += e.set().clear_probability;
            times += e.time.has_value();
        }
        for (int k = 0; k < kind_count; ++k) {
            CAPTURE(kind_name(static_cast<Kind>(k)));
            CHECK(kinds_seen[k] > 100);
        }
        CHECK(with_quotes > 100);
        CHECK(with_backslash > 100);
        CHECK(non_ascii > 100);
        CHECK(empty_notes > 50);
        CHECK(refs > 100);
        CHECK(clears > 20);
        CHECK(times > 100);
    }

    TEST_CASE("canonical forms") {
        Entry e;
        e.date = day("2026-11-25");
        e.time = 14 * 60 + 5;
        e.kind = Kind::won;
        e.target = "acme-renewal";
        e.amount = Money{5200000};
        e.agent = "alice";
        e.has_note = true;
        e.note = "said \"yes\"";
        CHECK(format_entry(e) == R"(2026-11-25 14:05 won acme-renewal 52000.00 @alice "said \"yes\"")");

        Entry s;
        s.date = day("2026-11-22");
        s.kind = Kind::set;
        s.target = "d";
        s.change_details().set.clear_probability = true;
        s.change_details().set.title = "";
        s.ref = "-";
        CHECK(format_entry(s) == R"(2026-11-22 set d probability:- title:"" ref:"-")");

        Entry c;
        c.date = day("2026-11-20");
        c.kind = Kind::call;
        c.target = "acme";
        c.next_date = day("2026-11-27");
        c.has_next_what = true;
        c.next_what = "quote";
        c.ref = "a b";
        CHECK(format_entry(c) == R"(2026-11-20 call acme next:2026-11-27 next_what:"quote" ref:"a b")");

        CHECK(quote_ledger("") == "\"\"");
        CHECK(quote_ledger(R"(a"b\c)") == R"("a\"b\\c")");
    }

    TEST_CASE("same_entry ignores positions but nothing else") {
        const char* line_a = "2026-11-20 call acme \"x\"";
        const char* line_b = "2026-11-20   call   acme   \"x\"";
        Entry a = ok(line_a);
        Entry b = ok(line_b);
        CHECK(col(line_b, EntryPart::target) != col(line_a, EntryPart::target));
        CHECK(same_entry(a, b));
        Entry c = b;
        c.has_note = false;
        CHECK_FALSE(same_entry(a, c));
        c = b;
        c.time = 0;
        CHECK_FALSE(same_entry(a, c));
        c = b;
        c.change_details().set.clear_probability = true;
        CHECK_FALSE(same_entry(a, c));
        c = b;
        c.change_details().set.title = "";
        CHECK_FALSE(same_entry(a, c));
    }
}
