// The two readers of deals.yaml: yaml-cpp's events (parse_deals_from_events, for
// a plainly valid file) must give exactly what its node tree gives, positions
// included; anything unusual makes the events reader decline.
#include "salesrep/load.hpp"
#include "salesrep/records.hpp"

#include "book_fixture.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <string>

using namespace salesrep;
using salesrep::testing::eur;

namespace {

// 90 deals in the forms people write: block maps, flow maps, comments between
// items, quoted and folded titles, next actions, optional fields left out.
std::string deals_text(const std::string& item_indent = "  ") {
    std::string t = "# deals of the test book\n\ndeals:\n";
    const std::string in = item_indent + "  ";
    for (int i = 0; i < 90; ++i) {
        if (i % 7 == 0) t += "# --- a comment between items ---\n\n";
        if (i % 5 == 0) {
            t += fmt::format("{}- {{ id: d{:03}, client: c{}, owner: alice, amount: {}.5, opened: 2026-0{}-1{} }}\n",
                             item_indent, i, i % 4, 1000 + i, 1 + i % 9, i % 10);
            continue;
        }
        t += fmt::format("{}- id: d{:03}\n", item_indent, i);
        t += fmt::format("{}client: c{}\n", in, i % 4);
        if (i % 3 == 0) t += fmt::format("{}title: \"Deal \\\"{}\\\" renewal\"\n", in, i);
        else if (i % 3 == 1) t += fmt::format("{}title: >\n{}  A folded title\n{}  for deal {}\n", in, in, in, i);
        t += fmt::format("{}owner: {}\n", in, i % 2 ? "bruno" : "alice");
        t += fmt::format("{}amount: \"{} EUR\"\n", in, 500 * i);
        t += fmt::format("{}opened: 2026-0{}-0{}\n", in, 1 + i % 9, 1 + i % 9);
        if (i % 4 == 0) t += fmt::format("{}stage: proposal\n", in);
        if (i % 6 == 0) t += fmt::format("{}probability: {}\n", in, i % 100);
        if (i % 2 == 0) t += fmt::format("{}expected_close: 2026-12-{:02}\n", in, 1 + i % 28);
        if (i % 8 == 0) t += fmt::format("{}next_action: {{ what: Call back, due: 2026-11-{:02} }}\n", in, 1 + i % 28);
        else if (i % 9 == 0) t += fmt::format("{}next_action:\n{}  what: \"Send: the quote\"\n", in, in);
        if (i % 10 == 3) t += fmt::format("{}source: referral\n{}pipeline: smb\n", in, in);
        if (i % 11 == 4) t += fmt::format("{}category: {}\n", in, i % 2 ? "commit" : "omitted");
    }
    return t;
}

// Every field of every deal, positions included (the deal's description, records.hpp).
void check_same(const std::vector<Deal>& a, const std::vector<Deal>& b) {
    CHECK(record::first_difference(a, b) == "");
}

}  // namespace

TEST_CASE("a deals file read whole: every deal, each at its own line") {
    for (std::string indent : {"  ", ""}) {
        INFO("item indent '" << indent << "'");
        Diags d;
        std::vector<Deal> whole;
        parse_deals(deals_text(indent), 4, eur(), whole, d);
        CHECK(d.empty());
        REQUIRE(whole.size() == 90);
        CHECK(whole.front().pos.line == 6);  // after a comment, a blank line, deals:, a comment and a blank line
        CHECK(whole.back().pos.line > 400);  // a deal late in the file keeps its own line
    }
}

// parse_deals_from_events: yaml-cpp's events instead of its node tree, for a
// plainly valid file only; the tree reader stays the reference.
TEST_CASE("deals read from yaml-cpp's events are the deals read from its node tree") {
    for (std::string indent : {"  ", ""}) {
        INFO("item indent '" << indent << "'");
        const std::string text = deals_text(indent);
        Diags d;
        std::vector<Deal> tree, events;
        parse_deals_from_tree(text, 4, eur(), tree, d);
        REQUIRE(d.empty());
        REQUIRE(tree.size() == 90);
        REQUIRE(parse_deals_from_events(text, 4, eur(), events));
        check_same(tree, events);
    }
    // a flow list of flow maps, quoted keys and values, CRLF line ends
    const std::string flow = "deals: [ {\"id\": d1, client: 'c1', owner: alice, amount: '12.50', opened: 2026-01-02},\r\n"
                             "  {id: d2, client: c2, owner: bruno, opened: 2026-01-03, next_action: {due: 2026-02-01, what: x}} ]\r\n";
    Diags d;
    std::vector<Deal> tree, events;
    parse_deals_from_tree(flow, 4, eur(), tree, d);
    REQUIRE(d.empty());
    REQUIRE(parse_deals_from_events(flow, 4, eur(), events));
    check_same(tree, events);
    // a file that ends in a quoted value (closed) is taken too
    const std::string quoted_last = "deals:\n  - id: d1\n    client: c1\n    owner: alice\n    opened: 2026-01-02\n"
                                    "    title: \"Renewal, 2027\"\n";
    std::vector<Deal> q_tree, q_events;
    parse_deals_from_tree(quoted_last, 4, eur(), q_tree, d);
    REQUIRE(d.empty());
    REQUIRE(parse_deals_from_events(quoted_last, 4, eur(), q_events));
    check_same(q_tree, q_events);
    CHECK(q_events[0].title == "Renewal, 2027");
    // what parse_deals itself returns
    std::vector<Deal> chosen;
    parse_deals(flow, 4, eur(), chosen, d);
    CHECK(d.empty());
    check_same(tree, chosen);
}

TEST_CASE("deals from events: anything not plainly valid declines, and parse_deals then reports what the tree reader reports") {
    const std::string head = "deals:\n  - id: d1\n    client: c1\n    owner: alice\n    opened: 2026-01-02\n";
    const std::vector<std::string> texts = {
        head + "    amount: 12,5\n",                           // a bad amount
        head + "    amount: -5\n",                             // negative
        head + "    expected_close: 2026-02-30\n",             // no such day
        head + "    probability: 101\n",                       // out of range
        head + "    stage:\n",                                 // null
        head + "    stage: ~\n",                               // null
        head + "    colour: red\n",                            // unknown key
        head + "    owner: bruno\n",                           // twice
        head + "    title: &t Big\n  - id: d2\n    client: c1\n    owner: alice\n    opened: 2026-01-02\n    title: *t\n",
        head + "    title: !!str Big\n",                       // a tag
        head + "    next_action: call them\n",                 // not a map
        head + "    next_action: { due: 2026-02-01 }\n",       // no what
        head + "    next_action: { what: x, when: soon }\n",   // unknown key
        head + "    pipeline: [a, b]\n",                       // a list
        head + "    category: comit\n",                       // no such category
        head + "    title: \"open quote\n",                    // quote left open at the end
        "deals:\n  - client: c1\n    owner: alice\n    opened: 2026-01-02\n",  // no id
        "deals:\n  - id: 'bad id'\n    client: c1\n    owner: alice\n    opened: 2026-01-02\n",
        head + "clients: []\n",                                // another top-level key
        "deals: []\n",
        "deals:\n",
        "",
        "# nothing but a comment\n",
        "deals:\n  - just a text\n",
        "\xEF\xBB\xBF" + head,                                 // a byte order mark
        head + "\tsource: x\n",                                // a tab in indentation
        head + "    title: [unclosed\n",                       // a syntax error
        head + "    title: ok\n---\ndeals: []\n",              // a second document
    };
    for (const std::string& text : texts) {
        INFO(text);
        std::vector<Deal> events{Deal{}};
        const bool taken = parse_deals_from_events(text, 4, eur(), events);
        Diags via_tree, chosen_diags;
        std::vector<Deal> tree, chosen;
        parse_deals_from_tree(text, 4, eur(), tree, via_tree);
        parse_deals(text, 4, eur(), chosen, chosen_diags);
        // all declined but the last, a second document: YAML::Load reads the
        // first document only, and so do the events
        CHECK(taken == (&text == &texts.back()));
        if (taken) {
            CHECK(via_tree.empty());
            events.erase(events.begin());
            check_same(tree, events);
        } else {
            CHECK(events.size() == 1);  // nothing appended
        }
        check_same(tree, chosen);
        REQUIRE(chosen_diags.size() == via_tree.size());
        for (std::size_t i = 0; i < via_tree.size(); ++i) {
            CHECK(chosen_diags[i].message == via_tree[i].message);
            CHECK(chosen_diags[i].pos == via_tree[i].pos);
        }
    }
}
