#include "salesrep/table.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

using namespace salesrep;

namespace {

Column text(std::string key, std::string title) { return {std::move(key), std::move(title), ColType::text, false}; }

Column typed(std::string key, std::string title, ColType type, bool with_bar = false) {
    return {std::move(key), std::move(title), type, with_bar};
}

TextStyle plain(std::size_t width = 0) { return {width, false, false}; }

TextStyle fancy(std::size_t width = 0) { return {width, false, true}; }

std::string repeat(const std::string& piece, std::size_t n) {
    std::string out;
    for (std::size_t i = 0; i < n; ++i) out += piece;
    return out;
}

std::string full(std::size_t n) { return repeat("█", n); }

// A small forecast: two agents, a team and a total (emphasised).
Table small_forecast() {
    Table t;
    t.name = "forecast";
    t.title = "Forecast, 2026-Q4";
    t.columns = {text("id", "Agent"), typed("won", "Won", ColType::money), typed("open_deals", "Open", ColType::count),
                 typed("attainment_pct", "Att %", ColType::pct)};
    t.rows = {{"alice", "48000.00", "3", "62.5"},
              {"bob", "1234567.50", "1200", "120.0"},
              {"east", "1282567.50", "1203", ""}};
    t.emphasis = {false, false, true};
    return t;
}

Table small_table(std::string name, std::string title) {
    Table t;
    t.name = std::move(name);
    t.title = std::move(title);
    t.columns = {text("a", "A"), typed("n", "N", ColType::count)};
    t.rows = {{"x", "1234"}};
    t.notes = {"n1"};
    return t;
}

Document report() {
    Document d;
    d.title = "Northwind — report";
    d.subtitle = {"As of 2026-11-26", "Period 2026-Q4"};
    d.sections = {{"Forecast", {"Two deals past due.", "Targets met: 1."}, {small_table("forecast", "Forecast")}},
                  {"Empty", {}, {}}};
    return d;
}

std::vector<std::string> text_lines(const std::string& s) {
    std::vector<std::string> lines;
    std::istringstream in(s);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

void check_no_trailing_spaces(const std::string& s) {
    for (const std::string& line : text_lines(s)) CHECK_MESSAGE((line.empty() || line.back() != ' '), "'", line, "'");
}

}  // namespace

TEST_SUITE("table") {
    TEST_CASE("display_width counts code points, wide ones twice") {
        SUBCASE("ASCII and narrow text") {
            CHECK(display_width("") == 0);
            CHECK(display_width("alice") == 5);
            CHECK(display_width("café") == 4);
            CHECK(display_width("Zoë Ødegård") == 11);
            CHECK(display_width("…") == 1);
            CHECK(display_width("─═█▶") == 4);
            CHECK(display_width("—") == 1);
        }
        SUBCASE("East Asian wide and fullwidth") {
            CHECK(display_width("李小龙") == 6);
            CHECK(display_width("한국") == 4);
            CHECK(display_width("ｆｕｌｌ") == 8);
            CHECK(display_width("a李b") == 4);
            CHECK(display_width("😀") == 2);      // U+1F600
            CHECK(display_width("🌍") == 2);      // U+1F30D
            CHECK(display_width("🚀") == 1);      // U+1F680: outside the listed ranges
            CHECK(display_width("\xF0\xA0\x80\x80") == 2);  // U+20000
        }
        SUBCASE("range boundaries") {
            CHECK(display_width("\u10FF") == 1);
            CHECK(display_width("\u1100") == 2);
            CHECK(display_width("\u115F") == 2);
            CHECK(display_width("\u1160") == 1);
            CHECK(display_width("\u2E7F") == 1);
            CHECK(display_width("\u2E80") == 2);
            CHECK(display_width("\uA4CF") == 2);
            CHECK(display_width("\uA4D0") == 1);
            CHECK(display_width("\uD7A3") == 2);
            CHECK(display_width("\uD7A4") == 1);
            CHECK(display_width("\uFF60") == 2);
            CHECK(display_width("\uFF61") == 1);
            CHECK(display_width("\uFFE6") == 2);
            CHECK(display_width("\uFFE7") == 1);
            CHECK(display_width("\U0003FFFD") == 2);
            CHECK(display_width("\U0003FFFE") == 1);
        }
        SUBCASE("invalid UTF-8 counts one per byte") {
            CHECK(display_width("\xff") == 1);
            CHECK(display_width("a\x80z") == 3);
            CHECK(display_width("\xc3") == 1);              // truncated sequence
            CHECK(display_width("\xe6\x9d") == 2);          // truncated wide character
            CHECK(display_width("\xc0\xaf") == 2);          // overlong '/'
            CHECK(display_width("\xe0\x80\xaf") == 3);      // overlong, three bytes
            CHECK(display_width("\xed\xa0\x80") == 3);      // a surrogate
            CHECK(display_width("\xf4\x90\x80\x80") == 4);  // beyond U+10FFFF
            CHECK(display_width("\xc3x") == 2);             // lead without continuation
        }
    }

    TEST_CASE("a big document renders its tables on two cores, exactly as one by one") {
        // Over 5,000 rows, render_text(Document) renders tables in parallel,
        // biggest first, then joins them in document order.
        auto table = [](std::string name, int rows) {
            Table t;
            t.name = name;
            t.title = "Table " + name;
            t.columns = {{"id", "Id", ColType::text, false}, {"amount", "Amount", ColType::money, false},
                         {"pct", "Won %", ColType::pct, true}, {"note", "Note", ColType::text, false}};
            for (int i = 0; i < rows; ++i)
                t.rows.push_back({name + "-" + std::to_string(i), std::to_string(i * 1234) + ".50",
                                  std::to_string(i % 130) + ".0", i % 7 ? "plain" : "tab\there, wide 日本"});
            t.notes.push_back("note of " + name);
            return t;
        };
        Document d;
        d.sections.push_back({"", {}, {table("a", 30), table("b", 6000)}});
        d.sections.push_back({"", {}, {table("c", 10), table("d", 0)}});
        TextStyle style;
        style.width = 80;
        std::string expected;
        for (const Section& s : d.sections)
            for (const Table& t : s.tables) expected += (expected.empty() ? "" : "\n") + render_text(t, style);
        CHECK(render_text(d, style) == expected);
        // In parts: the same text, and the big table (6000 rows) a part of its
        // own, not copied into the small blocks around it.
        const std::vector<std::string> parts = render_text_parts(d, style);
        std::string joined;
        for (const std::string& p : parts) joined += p;
        CHECK(joined == expected);
        const std::string big = render_text(d.sections[0].tables[1], style);
        REQUIRE(big.size() > (64u << 10));
        CHECK(std::count(parts.begin(), parts.end(), big) == 1);
        CHECK(parts.size() == 3);  // table a and a blank line; table b; a blank line and tables c and d
        // A big table first, and two big ones in a row: the same text, each big
        // table a part of its own.
        Document big_first;
        big_first.sections.push_back({"", {}, {table("b", 6000), table("e", 6000), table("c", 10)}});
        std::string expected_big;
        for (const Table& t : big_first.sections[0].tables)
            expected_big += (expected_big.empty() ? "" : "\n") + render_text(t, style);
        const std::vector<std::string> big_parts = render_text_parts(big_first, style);
        std::string big_joined;
        for (const std::string& p : big_parts) big_joined += p;
        CHECK(big_joined == expected_big);
        CHECK(render_text(big_first, style) == expected_big);
        CHECK(big_parts.size() == 4);  // table b; a blank line; table e; a blank line and table c
        CHECK(big_parts[0] == render_text(big_first.sections[0].tables[0], style));
        CHECK(expected.find("b-5999") != std::string::npos);
        CHECK(expected.find("tab here") != std::string::npos);  // control characters blanked
        CHECK(expected.find("7,402,766.50") != std::string::npos);  // 5999 * 1234, with separators
    }

    TEST_CASE("thousands separates the integer part only") {
        CHECK(thousands("") == "");
        CHECK(thousands("0") == "0");
        CHECK(thousands("12") == "12");
        CHECK(thousands("123") == "123");
        CHECK(thousands("1234") == "1,234");
        CHECK(thousands("12345") == "12,345");
        CHECK(thousands("123456") == "123,456");
        CHECK(thousands("1234567") == "1,234,567");
        CHECK(thousands("48000.00") == "48,000.00");
        CHECK(thousands("999.99") == "999.99");
        CHECK(thousands("1000.00") == "1,000.00");
        CHECK(thousands("1234567.50") == "1,234,567.50");
        CHECK(thousands("12.34567") == "12.34567");
        CHECK(thousands("-1234") == "-1,234");
        CHECK(thousands("-123") == "-123");
        CHECK(thousands("-0.50") == "-0.50");
        CHECK(thousands("-1234567.89") == "-1,234,567.89");
        CHECK(thousands("+1234") == "+1,234");
        CHECK(thousands("-") == "-");
        CHECK(thousands("n/a") == "n/a");
        CHECK(thousands("92233720368547758.07") == "92,233,720,368,547,758.07");
    }

    TEST_CASE("json_string quotes and escapes") {
        CHECK(json_string("") == "\"\"");
        CHECK(json_string("alice") == "\"alice\"");
        CHECK(json_string("say \"hi\"") == "\"say \\\"hi\\\"\"");
        CHECK(json_string("C:\\dir") == "\"C:\\\\dir\"");
        CHECK(json_string("a\nb") == "\"a\\u000ab\"");
        CHECK(json_string("a\tb\r") == "\"a\\u0009b\\u000d\"");
        CHECK(json_string(std::string("\0", 1)) == "\"\\u0000\"");
        CHECK(json_string("\x1f\x1b") == "\"\\u001f\\u001b\"");
        CHECK(json_string("\x7f") == "\"\x7f\"");
        CHECK(json_string("/") == "\"/\"");
        CHECK(json_string("Zoë — 李") == "\"Zoë — 李\"");
    }

    TEST_CASE("csv_cell quotes only where needed") {
        CHECK(csv_cell("") == "");
        CHECK(csv_cell("alice") == "alice");
        CHECK(csv_cell("two words") == "two words");
        CHECK(csv_cell(" padded ") == " padded ");
        CHECK(csv_cell("stalled;idle") == "stalled;idle");
        CHECK(csv_cell("Smith, John") == "\"Smith, John\"");
        CHECK(csv_cell("say \"hi\"") == "\"say \"\"hi\"\"\"");
        CHECK(csv_cell("\"") == "\"\"\"\"");
        CHECK(csv_cell("a\nb") == "\"a\nb\"");
        CHECK(csv_cell("a\rb") == "\"a\rb\"");
        CHECK(csv_cell("Zoë") == "Zoë");
    }

    TEST_CASE("bar draws eighth blocks") {
        SUBCASE("nothing for zero, negative or not a number") {
            CHECK(bar(0, 20, true) == "");
            CHECK(bar(-5, 20, true) == "");
            CHECK(bar(std::nan(""), 20, true) == "");
            CHECK(bar(50, 0, true) == "");
            CHECK(bar(0, 20, false) == "");
        }
        SUBCASE("whole cells") {
            CHECK(bar(100, 20, true) == full(20));
            CHECK(bar(50, 20, true) == full(10));
            CHECK(bar(5, 20, true) == full(1));
            CHECK(bar(100, 1, true) == "█");
        }
        SUBCASE("each eighth") {
            CHECK(bar(12.5, 1, true) == "▏");
            CHECK(bar(25, 1, true) == "▎");
            CHECK(bar(37.5, 1, true) == "▍");
            CHECK(bar(50, 1, true) == "▌");
            CHECK(bar(62.5, 1, true) == "▋");
            CHECK(bar(75, 1, true) == "▊");
            CHECK(bar(87.5, 1, true) == "▉");
            CHECK(bar(62.5, 20, true) == full(12) + "▌");
            CHECK(bar(99, 20, true) == full(19) + "▊");
        }
        SUBCASE("rounds to the nearest eighth") {
            CHECK(bar(0.3, 20, true) == "");           // 0.48 eighth
            CHECK(bar(0.32, 20, true) == "▏");         // 0.512 eighth
            CHECK(bar(99.99, 20, true) == full(20));  // 159.98 eighths
        }
        SUBCASE("beyond 100 is capped with an arrow") {
            CHECK(bar(100.01, 20, true) == full(19) + "▶");
            CHECK(bar(250, 20, true) == full(19) + "▶");
            CHECK(bar(1e300, 4, true) == full(3) + "▶");
            CHECK(bar(std::numeric_limits<double>::infinity(), 2, true) == "█▶");
            CHECK(bar(120, 1, true) == "▶");
            CHECK(display_width(bar(500, 20, true)) == 20);
        }
        SUBCASE("ASCII rounds to whole cells") {
            CHECK(bar(100, 20, false) == repeat("#", 20));
            CHECK(bar(50, 20, false) == repeat("#", 10));
            CHECK(bar(62.5, 20, false) == repeat("#", 13));
            CHECK(bar(2, 20, false) == "");
            CHECK(bar(2.5, 20, false) == "#");
            CHECK(bar(120, 20, false) == repeat("#", 19) + ">");
            CHECK(bar(120, 1, false) == ">");
        }
    }

    TEST_CASE("render_csv") {
        SUBCASE("header of keys, canonical cells, LF") {
            CHECK(render_csv(small_forecast()) ==
                  "id,won,open_deals,attainment_pct\n"
                  "alice,48000.00,3,62.5\n"
                  "bob,1234567.50,1200,120.0\n"
                  "east,1282567.50,1203,\n");
        }
        SUBCASE("quotes where needed") {
            Table t;
            t.columns = {text("client", "Client"), text("name", "Name"), text("flags", "Flags")};
            t.rows = {{"acme", "Acme, Inc.", "stalled;idle"}, {"bolt", "The \"Bolt\" shop", ""}, {"cube", "line1\nline2", "x"}};
            CHECK(render_csv(t) ==
                  "client,name,flags\n"
                  "acme,\"Acme, Inc.\",stalled;idle\n"
                  "bolt,\"The \"\"Bolt\"\" shop\",\n"
                  "cube,\"line1\nline2\",x\n");
        }
        SUBCASE("missing cells are empty, extra cells ignored") {
            Table t;
            t.columns = {text("a", "A"), text("b", "B"), text("c", "C")};
            t.rows = {{"1"}, {"1", "2", "3", "4"}, {}};
            CHECK(render_csv(t) == "a,b,c\n1,,\n1,2,3\n,,\n");
        }
        SUBCASE("no rows: the header alone; notes and title are not data") {
            Table t = small_forecast();
            t.rows.clear();
            t.notes = {"a note"};
            CHECK(render_csv(t) == "id,won,open_deals,attainment_pct\n");
        }
    }

    TEST_CASE("render_json of a table") {
        SUBCASE("one object per line, numbers unquoted, empty as null") {
            CHECK(render_json(small_forecast()) ==
                  "[\n"
                  "  {\"id\": \"alice\", \"won\": 48000.00, \"open_deals\": 3, \"attainment_pct\": 62.5},\n"
                  "  {\"id\": \"bob\", \"won\": 1234567.50, \"open_deals\": 1200, \"attainment_pct\": 120.0},\n"
                  "  {\"id\": \"east\", \"won\": 1282567.50, \"open_deals\": 1203, \"attainment_pct\": null}\n"
                  "]\n");
        }
        SUBCASE("indent 4") {
            Table t;
            t.columns = {typed("n", "N", ColType::number)};
            t.rows = {{"3.5"}, {"-0.5"}};
            CHECK(render_json(t, 4) == "[\n    {\"n\": 3.5},\n    {\"n\": -0.5}\n]\n");
        }
        SUBCASE("compact when indent is 0") {
            CHECK(render_json(small_forecast(), 0) ==
                  "[{\"id\":\"alice\",\"won\":48000.00,\"open_deals\":3,\"attainment_pct\":62.5},"
                  "{\"id\":\"bob\",\"won\":1234567.50,\"open_deals\":1200,\"attainment_pct\":120.0},"
                  "{\"id\":\"east\",\"won\":1282567.50,\"open_deals\":1203,\"attainment_pct\":null}]\n");
        }
        SUBCASE("empty array") {
            Table t = small_forecast();
            t.rows.clear();
            CHECK(render_json(t) == "[]\n");
            CHECK(render_json(t, 0) == "[]\n");
        }
        SUBCASE("text and dates are strings even when they look like numbers") {
            Table t;
            t.columns = {text("deal", "Deal"), typed("close", "Close", ColType::date), text("zip", "Zip")};
            t.rows = {{"D-7", "2026-11-26", "007"}, {"say \"hi\"\n", "", "12"}};
            CHECK(render_json(t) ==
                  "[\n"
                  "  {\"deal\": \"D-7\", \"close\": \"2026-11-26\", \"zip\": \"007\"},\n"
                  "  {\"deal\": \"say \\\"hi\\\"\\u000a\", \"close\": null, \"zip\": \"12\"}\n"
                  "]\n");
        }
        SUBCASE("a numeric cell that is not a JSON number stays a string") {
            Table t;
            t.columns = {typed("v", "V", ColType::number)};
            t.rows = {{"1,000"}, {"+5"}, {".5"}, {"5."}, {"007"}, {"n/a"}, {"-"}, {"1e3"}, {"0"}, {"-0.25"}, {"2E-2"}};
            CHECK(render_json(t, 0) ==
                  "[{\"v\":\"1,000\"},{\"v\":\"+5\"},{\"v\":\".5\"},{\"v\":\"5.\"},{\"v\":\"007\"},"
                  "{\"v\":\"n/a\"},{\"v\":\"-\"},{\"v\":1e3},{\"v\":0},{\"v\":-0.25},{\"v\":2E-2}]\n");
        }
        SUBCASE("keys are escaped, missing cells are null, UTF-8 passes through") {
            Table t;
            t.columns = {text("a\"b", "A"), text("name", "Name")};
            t.rows = {{"李小龙"}};
            CHECK(render_json(t) == "[\n  {\"a\\\"b\": \"李小龙\", \"name\": null}\n]\n");
        }
    }

    TEST_CASE("render_markdown of a table") {
        SUBCASE("heading, alignment row, separators, bold emphasis") {
            Table t = small_forecast();
            t.notes = {"Past due: 2 deals.", "Targets from targets.yaml."};
            CHECK(render_markdown(t) ==
                  "### Forecast, 2026-Q4\n"
                  "\n"
                  "| Agent | Won | Open | Att % |\n"
                  "| --- | ---: | ---: | ---: |\n"
                  "| alice | 48,000.00 | 3 | 62.5 |\n"
                  "| bob | 1,234,567.50 | 1,200 | 120.0 |\n"
                  "| **east** | **1,282,567.50** | **1,203** |  |\n"
                  "\n"
                  "- Past due: 2 deals.\n"
                  "- Targets from targets.yaml.\n");
        }
        SUBCASE("pipes escaped, newlines flattened, dates left, numbers and bars plain") {
            Table t;
            t.title = "Deals";
            t.columns = {text("name", "Name | alias"), typed("close", "Close", ColType::date),
                         typed("p", "Status %", ColType::pct, true), typed("d", "Days", ColType::number)};
            t.rows = {{"a|b", "2026-11-26", "62.5", "3.5"}, {"x\ny", "", "", "12345.5"}};
            CHECK(render_markdown(t) ==
                  "### Deals\n"
                  "\n"
                  "| Name \\| alias | Close | Status % | Days |\n"
                  "| --- | --- | ---: | ---: |\n"
                  "| a\\|b | 2026-11-26 | 62.5 | 3.5 |\n"
                  "| x y |  |  | 12345.5 |\n");
        }
        SUBCASE("no rows") {
            Table t = small_forecast();
            t.rows.clear();
            CHECK(render_markdown(t) == "### Forecast, 2026-Q4\n\n_No rows._\n");
            t.notes = {"Nothing due."};
            CHECK(render_markdown(t) == "### Forecast, 2026-Q4\n\n_No rows._\n\n- Nothing due.\n");
        }
        SUBCASE("no title") {
            Table t;
            t.columns = {typed("n", "N", ColType::count)};
            t.rows = {{"1234"}};
            CHECK(render_markdown(t) == "| N |\n| ---: |\n| 1,234 |\n");
        }
        SUBCASE("consecutive emphasis rows, missing cells") {
            Table t;
            t.columns = {text("a", "A"), typed("m", "M", ColType::money)};
            t.rows = {{"x", "1.00"}, {"team"}, {"total", "-1234.00"}};
            t.emphasis = {false, true, true};
            CHECK(render_markdown(t) ==
                  "| A | M |\n"
                  "| --- | ---: |\n"
                  "| x | 1.00 |\n"
                  "| **team** |  |\n"
                  "| **total** | **-1,234.00** |\n");
        }
    }

    TEST_CASE("render_text layout") {
        SUBCASE("aligned columns, rule, emphasis after a rule, notes") {
            Table t = small_forecast();
            t.notes = {"Past due: 2 deals."};
            CHECK(render_text(t, plain()) ==
                  "Forecast, 2026-Q4\n"
                  "Agent           Won   Open  Att %\n"
                  "---------------------------------\n"
                  "alice     48,000.00      3   62.5\n"
                  "bob    1,234,567.50  1,200  120.0\n"
                  "---------------------------------\n"
                  "east   1,282,567.50  1,203\n"
                  "Past due: 2 deals.\n");
        }
        SUBCASE("Unicode rule") {
            Table t;
            t.columns = {text("a", "A"), typed("n", "N", ColType::count)};
            t.rows = {{"x", "1"}};
            CHECK(render_text(t, fancy()) == "A  N\n────\nx  1\n");
        }
        SUBCASE("a header wider than its cells sets the width") {
            Table t;
            t.columns = {text("id", "Identifier"), typed("days", "Days since contact", ColType::number)};
            t.rows = {{"D-1", "3.5"}, {"D-22", "12.0"}};
            CHECK(render_text(t, plain()) ==
                  "Identifier  Days since contact\n"
                  "------------------------------\n"
                  "D-1                        3.5\n"
                  "D-22                      12.0\n");
        }
        SUBCASE("empty cells are blank, missing cells too, no trailing spaces") {
            Table t;
            t.columns = {text("a", "A"), text("b", "Bee"), typed("c", "C", ColType::money), text("d", "D")};
            t.rows = {{"x", "", "", ""}, {"yy"}, {"", "", "5.00", "z"}};
            const std::string out = render_text(t, plain());
            CHECK(out ==
                  "A   Bee     C  D\n"
                  "----------------\n"
                  "x\n"
                  "yy\n"
                  "         5.00  z\n");
            check_no_trailing_spaces(out);
        }
        SUBCASE("dates are left-aligned, numbers right-aligned") {
            Table t;
            t.columns = {typed("d", "Due", ColType::date), typed("n", "Mean", ColType::number),
                         typed("p", "Pct", ColType::pct)};
            t.rows = {{"2026-11-26", "3.5", "5.0"}, {"", "123.4", "100.0"}};
            CHECK(render_text(t, plain()) ==
                  "Due          Mean    Pct\n"
                  "------------------------\n"
                  "2026-11-26    3.5    5.0\n"
                  "            123.4  100.0\n");
        }
        SUBCASE("wide characters align by display width") {
            Table t;
            t.columns = {text("name", "Name"), typed("n", "N", ColType::count)};
            t.rows = {{"李小龙", "1"}, {"Zoë", "22"}};
            CHECK(render_text(t, plain()) ==
                  "Name     N\n"
                  "----------\n"
                  "李小龙   1\n"
                  "Zoë     22\n");
        }
        SUBCASE("no title: the header comes first") {
            Table t;
            t.columns = {text("a", "A")};
            t.rows = {{"x"}};
            CHECK(render_text(t, plain()) == "A\n-\nx\n");
        }
        SUBCASE("no rows") {
            Table t = small_forecast();
            t.rows.clear();
            t.notes = {"Nothing due."};
            CHECK(render_text(t, plain()) == "Forecast, 2026-Q4\nNo rows.\nNothing due.\n");
        }
        SUBCASE("no columns") {
            Table t;
            t.title = "Nothing";
            t.rows = {{"x"}};
            CHECK(render_text(t, plain()) == "Nothing\nNo rows.\n");
            CHECK(render_markdown(t) == "### Nothing\n\n_No rows._\n");
            CHECK(render_csv(t) == "\n\n");
            CHECK(render_json(t) == "[\n  {}\n]\n");
        }
        SUBCASE("control characters become spaces") {
            Table t;
            t.columns = {text("a", "A"), text("b", "B")};
            t.rows = {{"x\ty", "\x1b[31m"}};
            CHECK(render_text(t, plain()) == "A    B\n----------\nx y   [31m\n");
        }
    }

    TEST_CASE("render_text emphasis blocks") {
        Table t;
        t.columns = {text("a", "A")};
        t.rows = {{"r1"}, {"t1"}, {"t2"}, {"r2"}, {"t3"}};
        SUBCASE("a rule before each block of emphasised rows") {
            t.emphasis = {false, true, true, false, true};
            CHECK(render_text(t, plain()) == "A\n--\nr1\n--\nt1\nt2\nr2\n--\nt3\n");
        }
        SUBCASE("no second rule when the first row is emphasised") {
            t.emphasis = {true, false};
            CHECK(render_text(t, plain()) == "A\n--\nr1\nt1\nt2\nr2\nt3\n");
        }
        SUBCASE("emphasis shorter than rows means the rest are plain") {
            t.emphasis = {false, true};
            CHECK(render_text(t, plain()) == "A\n--\nr1\n--\nt1\nt2\nr2\nt3\n");
        }
    }


    TEST_CASE("render_text bars") {
        Table t;
        t.columns = {text("id", "Agent"), typed("att", "Att %", ColType::pct, true), text("note", "Note")};
        t.rows = {{"alice", "62.5", "ok"}, {"bob", "120.0", ""}, {"carol", "", "new"}, {"dave", "0.0", "-"}};
        // Agent 5, then "Att %" 5 + " " + a 20-cell bar, then Note 4: 39 cells.
        SUBCASE("Unicode, padded to the widest bar") {
            CHECK(render_text(t, fancy()) ==
                  "Agent  Att %" + repeat(" ", 23) + "Note\n" +
                  repeat("─", 39) + "\n" +
                  "alice   62.5 " + full(12) + "▌" + repeat(" ", 9) + "ok\n" +
                  "bob    120.0 " + full(19) + "▶\n" +
                  "carol" + repeat(" ", 30) + "new\n" +
                  "dave     0.0" + repeat(" ", 23) + "-\n");
        }
        SUBCASE("ASCII") {
            CHECK(render_text(t, plain()) ==
                  "Agent  Att %" + repeat(" ", 23) + "Note\n" +
                  repeat("-", 39) + "\n" +
                  "alice   62.5 " + repeat("#", 13) + repeat(" ", 9) + "ok\n" +
                  "bob    120.0 " + repeat("#", 19) + ">\n" +
                  "carol" + repeat(" ", 30) + "new\n" +
                  "dave     0.0" + repeat(" ", 23) + "-\n");
        }
        SUBCASE("the bar area is as wide as the longest bar") {
            Table small;
            small.columns = {typed("p", "P", ColType::pct, true)};
            small.rows = {{"10.0"}, {"25.0"}};
            CHECK(render_text(small, plain()) == "   P\n----------\n10.0 ##\n25.0 #####\n");
        }
        SUBCASE("no bar area when every bar is empty") {
            Table none;
            none.columns = {typed("p", "P", ColType::pct, true), text("x", "X")};
            none.rows = {{"0.0", "a"}, {"", "b"}, {"n/a", "c"}};
            CHECK(render_text(none, plain()) == "  P  X\n------\n0.0  a\n     b\nn/a  c\n");
        }
        SUBCASE("coloured by level: red below 50, yellow below 100, green from 100") {
            Table c;
            c.columns = {typed("p", "P", ColType::pct, true)};
            c.rows = {{"49.9"}, {"50.0"}, {"99.9"}, {"100.0"}, {"150.0"}};
            const TextStyle s{0, true, false};
            CHECK(render_text(c, s) ==
                  "    \x1b[1mP\x1b[0m\n" + repeat("-", 26) + "\n" +
                  " 49.9 \x1b[31m" + repeat("#", 10) + "\x1b[0m\n" +
                  " 50.0 \x1b[33m" + repeat("#", 10) + "\x1b[0m\n" +
                  " 99.9 \x1b[33m" + repeat("#", 20) + "\x1b[0m\n" +
                  "100.0 \x1b[32m" + repeat("#", 20) + "\x1b[0m\n" +
                  "150.0 \x1b[32m" + repeat("#", 19) + ">\x1b[0m\n");
        }
        SUBCASE("an emphasised row is bold and keeps its coloured bar") {
            Table c;
            c.columns = {text("id", "Id"), typed("p", "P", ColType::pct, true)};
            c.rows = {{"a", "10.0"}, {"total", "30.0"}};
            c.emphasis = {false, true};
            const TextStyle s{0, true, false};
            CHECK(render_text(c, s) ==
                  "\x1b[1mId\x1b[0m        \x1b[1mP\x1b[0m\n" + repeat("-", 18) + "\n" +
                  "a      10.0 \x1b[31m##\x1b[0m\n" + repeat("-", 18) + "\n" +
                  "\x1b[1mtotal\x1b[0m  \x1b[1m30.0\x1b[0m \x1b[31m######\x1b[0m\n");
        }
    }

    TEST_CASE("render_text colour") {
        Table t;
        t.title = "Forecast";
        t.columns = {text("a", "A"), typed("n", "N", ColType::count)};
        t.rows = {{"x", "1"}, {"total", ""}};
        t.emphasis = {false, true};
        t.notes = {"note"};
        const TextStyle s{0, true, true};
        CHECK(render_text(t, s) ==
              "\x1b[1mForecast\x1b[0m\n"
              "\x1b[1mA\x1b[0m      \x1b[1mN\x1b[0m\n"
              "────────\n"
              "x      1\n"
              "────────\n"
              "\x1b[1mtotal\x1b[0m\n"
              "note\n");
    }

    TEST_CASE("render_text fits a width") {
        SUBCASE("the widest text column is cut with an ellipsis") {
            Table t;
            t.title = "A title longer than the width is left alone";
            t.columns = {text("deal", "Deal"), text("client", "Client"), typed("amount", "Amount", ColType::money)};
            t.rows = {{"D-1", "Northwind Traders International", "48000.00"}, {"D-2", "Acme", "1500.00"}};
            t.notes = {"Notes are never cut either, however long they are."};
            // Natural width: 4 + 2 + 31 + 2 + 9 = 48.
            const std::string natural = t.title + "\n"
                                        "Deal  Client" + repeat(" ", 30) + "Amount\n" + repeat("-", 48) + "\n" +
                                        "D-1   Northwind Traders International  48,000.00\n"
                                        "D-2   Acme" + repeat(" ", 30) + "1,500.00\n" + t.notes[0] + "\n";
            CHECK(render_text(t, plain()) == natural);
            CHECK(render_text(t, plain(48)) == natural);
            CHECK(render_text(t, plain(30)) ==
                  t.title + "\n" +
                  "Deal  Client" + repeat(" ", 12) + "Amount\n" + repeat("-", 30) + "\n" +
                  "D-1   Northwind Tr…  48,000.00\n"
                  "D-2   Acme" + repeat(" ", 12) + "1,500.00\n" + t.notes[0] + "\n");
            SUBCASE("never below 8 cells: the table overflows instead") {
                CHECK(render_text(t, plain(10)) ==
                      t.title + "\n" +
                      "Deal  Client       Amount\n" + repeat("-", 25) + "\n" +
                      "D-1   Northwi…  48,000.00\n"
                      "D-2   Acme       1,500.00\n" + t.notes[0] + "\n");
            }
        }
        SUBCASE("never below the header") {
            Table t;
            t.columns = {text("c", "Client of record"), text("x", "X")};
            t.rows = {{"Northwind Traders International", "y"}};
            CHECK(render_text(t, plain(10)) ==
                  "Client of record  X\n" + repeat("-", 19) + "\n" + "Northwind Trade…  y\n");
        }
        SUBCASE("the widest column shrinks first, then both evenly") {
            Table t;
            t.columns = {text("a", "A"), text("b", "B")};
            t.rows = {{"abcdefghi klmnopqrst", "ABCDEFGHI KL"}};  // free text: blanks in them
            CHECK(render_text(t, plain(28)) ==
                  "A" + repeat(" ", 15) + "B\n" + repeat("-", 28) + "\n" + "abcdefghi klm…  ABCDEFGHI KL\n");
            CHECK(render_text(t, plain(24)) ==
                  "A" + repeat(" ", 12) + "B\n" + repeat("-", 24) + "\n" + "abcdefghi …  ABCDEFGHI …\n");
        }
        SUBCASE("wide characters are cut whole") {
            Table t;
            t.columns = {text("name", "Name"), typed("n", "N", ColType::count)};
            t.rows = {{"李小龙 李小龙", "1"}, {"abcdefghij", "2"}};
            CHECK(render_text(t, plain(11)) ==
                  "Name      N\n" + repeat("-", 11) + "\n" + "李小龙 …  1\n" + "abcdefg…  2\n");
        }
        SUBCASE("ids (text without a blank) are never cut, however narrow") {
            Table t;
            t.columns = {text("deal", "Deal"), text("title", "Title"), typed("m", "Amount", ColType::money)};
            t.rows = {{"eaux-sud-tender-2026-2", "A long title of a deal", "1500.00"},
                      {"total (1 deal)", "", "1500.00"}};
            t.emphasis = {false, true};  // a total's label holds blanks: the column is still one of ids
            CHECK(render_text(t, plain(20)) ==
                  "Deal                    Title       Amount\n" + repeat("-", 42) + "\n" +
                  "eaux-sud-tender-2026-2  A long …  1,500.00\n" + repeat("-", 42) + "\n" +
                  "total (1 deal)                    1,500.00\n");
        }
        SUBCASE("columns of drop_order are left out, first first, and the footer names them") {
            Table t;
            t.columns = {text("deal", "Deal"), text("contact", "Contact"), text("phone", "Phone"),
                         typed("m", "Amount", ColType::money)};
            t.rows = {{"acme-renewal", "Maria Schmidt", "+49 30 1234567", "1500.00"}};
            t.drop_order = {"phone", "contact"};
            t.notes = {"A note."};
            // natural: 12 + 2 + 13 + 2 + 14 + 2 + 8 = 53; contact and phone shortened: 12+8+8+8+6 = 42
            CHECK(render_text(t, plain(53)).find("Left out") == std::string::npos);
            CHECK(render_text(t, plain(42)) ==
                  "Deal          Contact   Phone       Amount\n" + repeat("-", 42) + "\n" +
                  "acme-renewal  Maria S…  +49 30 …  1,500.00\n" + "A note.\n");
            CHECK(render_text(t, plain(41)) ==
                  "Deal          Contact          Amount\n" + repeat("-", 37) + "\n" +
                  "acme-renewal  Maria Schmidt  1,500.00\n" +
                  "Left out to fit 41 columns: Phone.\n" + "A note.\n");
            CHECK(render_text(t, plain(24)) ==
                  "Deal            Amount\n" + repeat("-", 22) + "\n" + "acme-renewal  1,500.00\n" +
                  "Left out to fit 24 columns:\nContact, Phone.\n" + "A note.\n");
            // without a width, and in every other format, nothing is left out
            CHECK(render_text(t, plain()).find("+49 30 1234567") != std::string::npos);
        }
        SUBCASE("numbers, dates and short text are never cut") {
            Table t;
            t.columns = {text("id", "Id"), typed("d", "Date", ColType::date), typed("m", "Amount", ColType::money)};
            t.rows = {{"abcdefgh", "2026-11-26", "1234567.00"}};
            CHECK(render_text(t, plain(5)) ==
                  "Id        Date              Amount\n" + repeat("-", 34) + "\n" +
                  "abcdefgh  2026-11-26  1,234,567.00\n");
        }
        SUBCASE("bars stay while cutting text is enough, else they go first") {
            Table t;
            t.columns = {text("name", "Name"), typed("p", "P", ColType::pct, true)};
            t.rows = {{"Northwind Traders", "50.0"}, {"Acme", "100.0"}};
            // Natural width: 17 + 2 + 5 + 1 + 20 = 45; without bars: 24.
            CHECK(render_text(t, plain(45)) ==
                  "Name" + repeat(" ", 19) + "P\n" + repeat("-", 45) + "\n" +
                  "Northwind Traders   50.0 " + repeat("#", 10) + "\n" +
                  "Acme" + repeat(" ", 15) + "100.0 " + repeat("#", 20) + "\n");
            CHECK(render_text(t, plain(36)) ==
                  "Name" + repeat(" ", 10) + "P\n" + repeat("-", 36) + "\n" +
                  "Northwi…   50.0 " + repeat("#", 10) + "\n" +
                  "Acme      100.0 " + repeat("#", 20) + "\n");
            CHECK(render_text(t, plain(35)) ==
                  "Name" + repeat(" ", 19) + "P\n" + repeat("-", 24) + "\n" +
                  "Northwind Traders   50.0\n" +
                  "Acme" + repeat(" ", 15) + "100.0\n");
            CHECK(render_text(t, plain(20)) ==
                  "Name" + repeat(" ", 15) + "P\n" + repeat("-", 20) + "\n" +
                  "Northwind Tr…   50.0\n" +
                  "Acme" + repeat(" ", 11) + "100.0\n");
        }
    }

    TEST_CASE("render_text never leaves trailing spaces") {
        Table t = small_forecast();
        t.columns.push_back(typed("bar", "Bar", ColType::pct, true));
        t.columns.push_back(text("last", "Last"));
        for (Row& row : t.rows) {
            row.push_back("10.0");
            row.push_back("");
        }
        for (const TextStyle& s : {plain(), fancy(), TextStyle{0, true, true}, plain(30), TextStyle{40, true, true}}) {
            const std::string out = render_text(t, s);
            check_no_trailing_spaces(out);
            CHECK(out.back() == '\n');
        }
    }

    TEST_CASE("render_text of a document") {
        const std::string table_text = "Forecast\nA      N\n--------\nx  1,234\nn1\n";
        SUBCASE("ASCII") {
            CHECK(render_text(report(), plain()) ==
                  "Northwind — report\n" + repeat("=", 18) + "\n" +
                  "As of 2026-11-26\n"
                  "Period 2026-Q4\n"
                  "\n"
                  "Forecast\n"
                  "--------\n"
                  "\n"
                  "Two deals past due.\n"
                  "Targets met: 1.\n"
                  "\n" +
                  table_text +
                  "\n"
                  "Empty\n"
                  "-----\n");
        }
        SUBCASE("Unicode and colour") {
            Document d;
            d.title = "李 report";
            d.sections = {{"Forecast", {}, {small_table("f", "")}}};
            CHECK(render_text(d, TextStyle{0, true, true}) ==
                  "\x1b[1m李 report\x1b[0m\n" + repeat("═", 9) + "\n" +
                  "\n"
                  "\x1b[1mForecast\x1b[0m\n" + repeat("─", 8) + "\n" +
                  "\n"
                  "\x1b[1mA\x1b[0m      \x1b[1mN\x1b[0m\n" + repeat("─", 8) + "\n" + "x  1,234\nn1\n");
        }
        SUBCASE("tables are separated by blank lines and share the style") {
            Document d;
            Table wide = small_table("w", "Wide");
            wide.rows = {{"Northwind Traders International", "1"}};
            d.sections = {{"", {}, {small_table("f", "F"), wide}}};
            CHECK(render_text(d, plain(15)) ==
                  render_text(small_table("f", "F"), plain(15)) + "\n" + render_text(wide, plain(15)));
            CHECK(render_text(wide, plain(15)) == "Wide\nA             N\n" + repeat("-", 15) + "\nNorthwind T…  1\nn1\n");
        }
        SUBCASE("empty document") {
            CHECK(render_text(Document{}, plain()) == "");
        }
    }

    TEST_CASE("render_markdown of a document") {
        CHECK(render_markdown(report()) ==
              "# Northwind — report\n"
              "\n"
              "As of 2026-11-26  \n"
              "Period 2026-Q4\n"
              "\n"
              "## Forecast\n"
              "\n"
              "Two deals past due.\n"
              "\n"
              "Targets met: 1.\n"
              "\n"
              "### Forecast\n"
              "\n"
              "| A | N |\n"
              "| --- | ---: |\n"
              "| x | 1,234 |\n"
              "\n"
              "- n1\n"
              "\n"
              "## Empty\n");
        SUBCASE("one subtitle line, tables in a row") {
            Document d;
            d.title = "T";
            d.subtitle = {"As of 2026-11-26"};
            Table empty = small_table("e", "Empty");
            empty.rows.clear();
            empty.notes.clear();
            d.sections = {{"S", {}, {empty, empty}}};
            CHECK(render_markdown(d) ==
                  "# T\n\nAs of 2026-11-26\n\n## S\n\n### Empty\n\n_No rows._\n\n### Empty\n\n_No rows._\n");
        }
        SUBCASE("empty document") {
            CHECK(render_markdown(Document{}) == "");
        }
    }

    TEST_CASE("render_json of a document") {
        Document d = report();
        Table second = small_table("balance", "Balance");
        second.rows.clear();
        d.sections[0].tables.push_back(second);
        d.sections[1].heading = "Say \"hi\"";
        CHECK(render_json(d) ==
              "{\n"
              "  \"title\": \"Northwind — report\",\n"
              "  \"subtitle\": [\"As of 2026-11-26\", \"Period 2026-Q4\"],\n"
              "  \"sections\": [\n"
              "    {\n"
              "      \"heading\": \"Forecast\",\n"
              "      \"paragraphs\": [\"Two deals past due.\", \"Targets met: 1.\"],\n"
              "      \"tables\": {\n"
              "        \"forecast\": [\n"
              "          {\"a\": \"x\", \"n\": 1234}\n"
              "        ],\n"
              "        \"balance\": []\n"
              "      }\n"
              "    },\n"
              "    {\n"
              "      \"heading\": \"Say \\\"hi\\\"\",\n"
              "      \"paragraphs\": [],\n"
              "      \"tables\": {}\n"
              "    }\n"
              "  ]\n"
              "}\n");
        SUBCASE("empty document") {
            CHECK(render_json(Document{}) ==
                  "{\n"
                  "  \"title\": \"\",\n"
                  "  \"subtitle\": [],\n"
                  "  \"sections\": []\n"
                  "}\n");
        }
    }

    TEST_CASE("CSV text cells cannot be spreadsheet formulas - numbers stay numbers") {
        CHECK(csv_text_cell("=HYPERLINK(\"http://x\")") == "\"'=HYPERLINK(\"\"http://x\"\")\"");
        CHECK(csv_text_cell("+44 1 23") == "'+44 1 23");
        CHECK(csv_text_cell("-cmd") == "'-cmd");
        CHECK(csv_text_cell("@SUM(A1)") == "'@SUM(A1)");
        CHECK(csv_text_cell("\tx") == "'\tx");
        CHECK(csv_text_cell("\r=1+1") == "' =1+1");  // a carriage return first: the quote, the CR blanked
        CHECK(csv_text_cell("-12.50") == "-12.50");
        CHECK(csv_text_cell("+3") == "+3");
        CHECK(csv_text_cell("-") == "'-");
        CHECK(csv_text_cell("a=b") == "a=b");
        CHECK(csv_text_cell("") == "");
        CHECK(csv_text_cell("a\x1b]52;c;x\x07" "b") == "a ]52;c;x b");
        CHECK(csv_text_cell("l1\nl2") == "\"l1\nl2\"");
        Table t;
        t.columns = {text("t", "T"), Column{"amount", "Amount", ColType::money, false}};
        t.rows = {{"=1+1", "-5.00"}};
        CHECK(render_csv(t) == "t,amount\n'=1+1,-5.00\n");
    }

    TEST_CASE("Markdown escapes HTML and blanks control characters") {
        Table t;
        t.title = "<b>T</b> & co";
        t.columns = {text("a", "A<")};
        t.rows = {{"<script>x</script> | \x1b[31m"}};
        CHECK(render_markdown(t) == "### &lt;b&gt;T&lt;/b&gt; &amp; co\n\n| A&lt; |\n| --- |\n"
                                    "| &lt;script&gt;x&lt;/script&gt; \\|  [31m |\n");
    }

    TEST_CASE("C1 controls and bidi overrides are blanked in tables, other UTF-8 kept") {
        Table t;
        t.columns = {text("a", "A")};
        t.rows = {{"x\u202Ey\u0085z \u00e9"}};
        CHECK(render_text(t, plain()).find("x   y  z \u00e9") != std::string::npos);
    }
}
