// Every input that once crashed a fuzz target (tests/fuzz_regressions/TARGET/*), fed
// again to the same harness (fuzz/harness.hpp), and the limits the fuzzers cannot
// reach: deep nesting, very long lines, many entries.
#include "harness.hpp"

#include "book_fixture.hpp"
#include "temp_dir.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <sstream>
#include <string>
#include <vector>

using namespace salesrep;
using salesrep::testing::read_bytes;
namespace fs = std::filesystem;

namespace {

using Harness = void (*)(const std::uint8_t*, std::size_t);

const std::map<std::string, Harness>& harnesses() {
    static const std::map<std::string, Harness> m{
        {"ledger", fuzz::ledger},   {"settings", fuzz::settings}, {"funnel", fuzz::funnel},
        {"team", fuzz::team},       {"clients", fuzz::clients},   {"deals", fuzz::deals},
        {"targets", fuzz::targets}, {"values", fuzz::values},     {"check", fuzz::check},
    };
    return m;
}

// Gives the bytes to a fuzz harness, as libFuzzer does.
void feed(Harness h, std::string_view bytes) {
    h(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
}

// What a loader reports for one text: "line:col: message" lines.
std::string diags_of(std::string_view text, void (*parse)(std::string_view, std::uint32_t, Diags&)) {
    Diags d;
    parse(text, 0, d);
    std::string s;
    for (const auto& x : d) s += fmt::format("{}:{}: {}\n", x.pos.line, x.pos.col, x.message);
    return s;
}

void parse_deals_eur(std::string_view t, std::uint32_t f, Diags& d) {
    std::vector<Deal> out;
    Settings s;
    s.currency = "EUR";
    parse_deals(t, f, s, out, d);
}

}  // namespace

TEST_SUITE("fuzz regressions") {

TEST_CASE("every committed crashing input runs through its harness") {
    fs::path dir = SALESREP_FUZZ_REGRESSIONS;
    REQUIRE(fs::is_directory(dir));
    std::size_t files = 0;
    std::vector<fs::path> subdirs;
    for (const auto& sub : fs::directory_iterator(dir))
        if (sub.is_directory()) subdirs.push_back(sub.path());
    std::sort(subdirs.begin(), subdirs.end());
    for (const fs::path& sub : subdirs) {
        std::string target = sub.filename().string();
        INFO("directory tests/fuzz_regressions/", target);
        auto it = harnesses().find(target);
        REQUIRE_MESSAGE(it != harnesses().end(), "not a fuzz target: ", target);
        std::vector<fs::path> inputs;
        for (const auto& f : fs::directory_iterator(sub))
            if (f.is_regular_file() && f.path().filename() != "README.md") inputs.push_back(f.path());
        std::sort(inputs.begin(), inputs.end());
        for (const fs::path& input : inputs) {
            INFO("input ", input.filename().string());
            std::string bytes = read_bytes(input);
            CHECK_NOTHROW(feed(it->second, bytes));
            ++files;
        }
    }
    CHECK(files > 0);
}

TEST_CASE("empty and tiny inputs") {
    for (const auto& [name, h] : harnesses()) {
        INFO(name);
        for (std::string_view s : {std::string_view(), std::string_view("\0", 1), std::string_view("\n"),
                                   std::string_view("\xEF\xBB\xBF"), std::string_view("-"), std::string_view("[")})
            CHECK_NOTHROW(feed(h, s));
    }
}

// The check target's default book must itself be clean and hold the deals and
// clients of `open` and `client` entries: otherwise every input it completes
// stops at check_book and the reports (and add_ledger_records) go unfuzzed.
TEST_CASE("the check target's small book has records from the ledger and no error") {
    Diags diags;
    Book b = fuzz::book_from_parts({}, diags);
    check_book(b, salesrep::testing::day("2026-11-26"), diags);
    CHECK(salesrep::testing::lines_of(diags, b.sources).empty());
    CHECK(b.deal("nova-1") != nullptr);
    CHECK(b.deal("acme-2") != nullptr);
    CHECK(b.client("nova") != nullptr);
    CHECK_NOTHROW(feed(fuzz::check, {}));
}

}  // TEST_SUITE

TEST_SUITE("limits") {

TEST_CASE("YAML nested 100,000 levels deep is an error, not a stack overflow") {
    for (std::string_view open : {"[", "{a: ", "[x, ", "- "}) {
        std::string text = "deals: ";
        if (open == "- ") text = "deals:\n";
        for (int i = 0; i < 100000; ++i) text += open;
        text += "\n";
        INFO(open);
        std::string d = diags_of(text, parse_deals_eur);
        CHECK(d.find("nested too deeply") != std::string::npos);
        for (const auto& [name, h] : harnesses()) {
            if (name == "ledger" || name == "values") continue;
            INFO(name);
            CHECK_NOTHROW(feed(h, text));
        }
    }
}

TEST_CASE("deep flow nesting is located where it goes too deep") {
    std::string text = "deals:\n  - ";
    for (int i = 0; i < 5000; ++i) text += "[";
    CHECK(diags_of(text, parse_deals_eur) == "2:1988: invalid YAML: lists and maps nested too deeply; salesrep's files need only a few levels\n");
}

TEST_CASE("block nesting within the limit loads") {
    // 100 levels of lists inside lists: fine for yaml-cpp, then refused by type.
    std::string text = "deals:\n";
    for (int i = 0; i < 100; ++i) text += std::string(static_cast<std::size_t>(i) * 2 + 2, ' ') + "-\n";
    std::string d = diags_of(text, parse_deals_eur);
    CHECK(d == "3:5: a deal must be a map of keys and values, found a list\n");
}

TEST_CASE("YAML that is not UTF-8 text is refused at the byte") {
    CHECK(diags_of("deals:\n  - { id: a\xFF }\n", parse_deals_eur) ==
          "2:12: invalid UTF-8 (byte 0xFF); the file must be UTF-8 text\n");
    CHECK(diags_of(std::string_view("deals:\n  - {\0 }\n", 15), parse_deals_eur) ==
          "2:6: control character U+0000 in YAML text; remove it\n");
    CHECK(diags_of("deals: []\r  - x\n", parse_deals_eur) ==
          "1:10: carriage return without a line feed; end lines with LF or CRLF\n");
    CHECK(diags_of("deals:\r\n  - 1\r\n", parse_deals_eur) ==
          "2:5: a deal must be a map of keys and values, found a text value\n");
}

TEST_CASE("a byte order mark counts in the columns of line 1") {
    CHECK(diags_of("\xEF\xBB\xBF" "deals: [x]\n", parse_deals_eur) ==
          "1:12: a deal must be a map of keys and values, found a text value\n");
    CHECK(diags_of("\xEF\xBB\xBF" "deals: [x\n", parse_deals_eur) ==
          "1:11: invalid YAML: this '[' is never closed; add the missing ']'\n");
}

TEST_CASE("a ledger line of 1 MB and a note of 1 MB") {
    std::string note(1 << 20, 'x');
    std::string ledger = "2026-09-02 call acme-renewal \"" + note + "\"\n";
    ledger += "2026-09-03 call acme-renewal " + note + "\n";
    Diags diags;
    salesrep::testing::BookTexts t;
    t.ledgers.push_back(ledger);
    Book b = salesrep::testing::load_book(t, diags);
    REQUIRE(diags.size() == 1);
    CHECK(diags[0].pos.line == 2);
    CHECK(diags[0].pos.col == 30);
    REQUIRE(b.entries.size() == 1);
    CHECK(b.entries[0].note.size() == note.size());
    std::string shown = render(diags[0], b.sources);
    CHECK(shown.size() < 600);  // the line is cut around the caret
}

TEST_CASE("100,000 ledger entries on one deal") {
    std::string ledger;
    ledger.reserve(100000 * 48);
    for (int i = 0; i < 100000; ++i)
        ledger += fmt::format("2026-{:02}-{:02} call acme-renewal \"n{}\"\n", 9 + i % 3, 1 + i % 25, i);
    salesrep::testing::BookTexts t;
    t.ledgers.push_back(ledger);
    Book b = salesrep::testing::book_of(t);
    CHECK(b.entries.size() == 100000);
    Diags d;
    check_book(b, salesrep::testing::day("2026-11-26"), d);
    CHECK(d.empty());
}

}  // TEST_SUITE

TEST_SUITE("hostile text") {

TEST_CASE("control characters in the ledger are errors at their column") {
    Settings s;
    s.currency = "EUR";
    std::vector<Entry> out;
    Diags d;
    parse_ledger(std::string_view("2026-09-02 call acme \"a\0b\"\n2026-09-02 call acme \"\x1b[31m\"\n"
                                  "2026-09-02 call acme \"a\rb\"\r\n2026-09-02\tcall\tacme\r\n", 106),
                 0, s, out, d);
    REQUIRE(d.size() == 3);
    CHECK(d[0].pos.line == 1);
    CHECK(d[0].pos.col == 24);
    CHECK(d[0].message == "control character U+0000; a ledger line holds text only");
    CHECK(d[1].message == "control character U+001B; a ledger line holds text only");
    CHECK(d[2].pos.col == 24);  // a carriage return inside the line; a final one ends it
    CHECK(out.size() == 1);     // tabs are blanks
}

TEST_CASE("the source line under a diagnostic is safe for a terminal") {
    SourceSet sources;
    sources.add("sales.ledger", std::string("x\x1b[2Jy\xFFz\0w\tv\n", 12));
    Diagnostic d{Severity::error, {0, 1, 11}, "here"};
    CHECK(render(d, sources) ==
          "sales.ledger:1:11: error: here\n"
          "x\xEF\xBF\xBD[2Jy\xEF\xBF\xBDz\xEF\xBF\xBDw\tv\n"
          "          ^\n");
}

TEST_CASE("a quoted word of a huge line is cut in the message") {
    SourceSet sources;
    sources.add("f", "x\n");
    std::string word(5000, 'w');
    Diagnostic d{Severity::error, {0, 1, 1}, "unexpected '" + word + "' for 'call'; it's fine"};
    std::string shown = render(d, sources);
    CHECK(shown.substr(0, shown.find('\n')) ==
          "f:1:1: error: unexpected '" + std::string(60, 'w') + "...' (5000 bytes) for 'call'; it's fine");
}

TEST_CASE("a text cell of 1 MB does not widen its table beyond reason") {
    Table t;
    t.columns = {{"note", "Note", ColType::text, false}, {"n", "N", ColType::count, false}};
    t.rows = {{std::string(1 << 20, 'n'), "1"}, {"short", "2"}};
    std::string out = render_text(t, TextStyle{});
    CHECK(out.size() < 2000);  // the note is cut at 200 columns, with "…"
}

}  // TEST_SUITE

TEST_SUITE("limits") {

TEST_CASE("entries of years 1000 to 9999 replay in date order") {
    // the sort key once wrapped after the year 4840
    salesrep::testing::BookTexts t;
    t.ledgers.push_back("9999-12-30 won acme-renewal 100\n5000-01-02 stage acme-renewal contract\n"
                        "2026-09-10 stage acme-renewal shortlist\n");
    Book b = salesrep::testing::book_of(t);
    Diags d;
    check_book(b, salesrep::testing::day("9999-12-31"), d);
    CHECK(salesrep::testing::lines_of(d, b.sources) == std::vector<std::string>{});
}

}  // TEST_SUITE
