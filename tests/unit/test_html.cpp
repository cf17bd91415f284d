#include "salesrep/html.hpp"
#include "salesrep/report.hpp"

#include "book_fixture.hpp"
#include "salesrep/compute/common.hpp"
#include "salesrep/replay.hpp"
#include "salesrep/views.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

using namespace salesrep;

namespace {

std::size_t count_of(const std::string& text, const std::string& piece) {
    std::size_t n = 0;
    for (std::size_t at = text.find(piece); at != std::string::npos; at = text.find(piece, at + piece.size())) ++n;
    return n;
}

Table forecast() {
    Table t;
    t.name = "forecast";
    t.title = "Forecast, 2026-Q4";
    t.columns = {{"id", "Agent", ColType::text, false},
                 {"won", "Won", ColType::money, false},
                 {"attainment_pct", "Att %", ColType::pct, true}};
    t.rows = {{"alice", "48000.00", "62.5"}, {"bruno", "1234567.80", ""}, {"", "1282567.80", "120.0"}};
    t.emphasis = {false, false, true};
    t.notes = {"Won: closed won in the period."};
    return t;
}

Chart bars() {
    Chart c;
    c.section = "Forecast";
    c.title = "Sales attainment";
    c.categories = {"alice", "bruno", "total"};
    c.series = {"attainment"};
    c.values = {{62.5}, {0}, {120}};
    c.value_labels = {"62.5%", "no target", "120.0%"};
    c.emphasis = {false, false, true};
    c.reference = 100;
    c.reference_label = "100%";
    c.unit = "%";
    return c;
}

Chart columns() {
    Chart c;
    c.shape = Chart::Shape::columns;
    c.section = "Activity";
    c.title = "Activity per ISO week";
    c.categories = {"W45", "W46", "W47"};
    c.series = {"calls", "meetings"};
    c.values = {{3, 1}, {0, 0}, {5, 2}};
    c.value_labels = {"4", "0", "7"};
    return c;
}

Document document() {
    Document d;
    d.title = "Northwind Traders — sales report, 2026-Q4";
    d.subtitle = {"Period 2026-Q4 · as of 2026-11-26", "Amounts in EUR"};
    d.sections.push_back({"Summary", {"Won: 48,000.00 in 2 deals."}, {}});
    d.sections.push_back({"Forecast", {}, {forecast()}});
    return d;
}

}  // namespace

TEST_SUITE("html") {
    TEST_CASE("html_escape: markup characters become references, control characters blanks") {
        CHECK(html_escape("<a href=\"x\">Tom & Jerry's</a>") ==
              "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;");
        CHECK(html_escape("a\tb\nc\x01" "d\x7f") == "a\tb\nc d ");
        CHECK(html_escape("Théo — 62.5 %") == "Théo — 62.5 %");
        CHECK(html_escape("") == "");
    }

    TEST_CASE("render_html: every text of the document is escaped") {
        Document d = document();
        d.title = "<script>alert(1)</script>";
        d.subtitle = {"\"quoted\" & <b>bold</b>"};
        d.sections[0].heading = "A <heading>";
        d.sections[0].paragraphs = {"<img src=x onerror=alert(1)>"};
        Table t = forecast();
        t.title = "<i>t</i>";
        t.columns[0].title = "<th>";
        t.rows[0].set(0, "</td><script>x</script>");
        t.notes = {"<note>"};
        d.sections[1].tables = {t};
        Chart c = bars();
        c.title = "<svg onload=x>";
        c.categories[0] = "<cat>";
        c.value_labels[0] = "<label>";
        c.caption = "<caption>";
        c.section = "A <heading>";
        std::string html = render_html(d, {c});
        CHECK(html.find("<script") == std::string::npos);
        CHECK(html.find("<img") == std::string::npos);
        CHECK(html.find("<b>") == std::string::npos);
        CHECK(html.find("<i>") == std::string::npos);
        CHECK(html.find("<cat>") == std::string::npos);
        CHECK(html.find("<label>") == std::string::npos);
        CHECK(html.find("<note>") == std::string::npos);
        CHECK(html.find("<svg onload") == std::string::npos);
        CHECK(html.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
        CHECK(html.find("&lt;/td&gt;&lt;script&gt;x&lt;/script&gt;") != std::string::npos);
        CHECK(html.find("&quot;quoted&quot; &amp; &lt;b&gt;bold&lt;/b&gt;") != std::string::npos);
        CHECK(html.find("&lt;cat&gt;") != std::string::npos);
        CHECK(html.find("<h2>A &lt;heading&gt;</h2>") != std::string::npos);
        CHECK(html.find("id=\"a-heading\"") != std::string::npos);
    }

    TEST_CASE("render_html: self-contained, no script, no external reference") {
        std::string html = render_html(document(), {bars(), columns()});
        CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
        CHECK(html.find("<meta charset=\"utf-8\">") != std::string::npos);
        CHECK(html.find("<style>") != std::string::npos);
        for (const char* bad : {"http://", "https://", "src=", "url(", "@import", "<script", "<link", "<img",
                                "<iframe", "xlink:href", "//cdn"})
            CHECK_MESSAGE(html.find(bad) == std::string::npos, bad);
        // The only links are fragments of the page itself.
        for (std::size_t at = html.find("href="); at != std::string::npos; at = html.find("href=", at + 1))
            CHECK(html.compare(at, 7, "href=\"#") == 0);
        CHECK(html.substr(html.size() - 8) == "</html>\n");
    }

    TEST_CASE("render_html: tables with numbers right-aligned, emphasis rows bold, bars for pct columns") {
        std::string html = render_html(document());
        CHECK(html.find("<h3>Forecast, 2026-Q4</h3>") != std::string::npos);
        CHECK(html.find("<th scope=\"col\">Agent</th><th class=\"num\" scope=\"col\">Won</th>") != std::string::npos);
        CHECK(html.find("<td>alice</td><td class=\"num\">48,000.00</td>") != std::string::npos);
        CHECK(html.find("<td class=\"num\">1,234,567.80</td>") != std::string::npos);
        CHECK(count_of(html, "<tr class=\"em\">") == 1);
        CHECK(html.find("<tr class=\"em\"><td></td><td class=\"num\">1,282,567.80</td>") != std::string::npos);
        CHECK(html.find("<span class=\"mid\" style=\"width:62.5%\"></span></span>62.5") != std::string::npos);
        CHECK(html.find("<span class=\"hi\" style=\"width:100%\"></span></span>120.0") != std::string::npos);
        CHECK(html.find("<li>Won: closed won in the period.</li>") != std::string::npos);
        CHECK(html.find("<p>Won: 48,000.00 in 2 deals.</p>") != std::string::npos);
        CHECK(html.find("<a href=\"#forecast\">Forecast</a>") != std::string::npos);
    }

    TEST_CASE("render_html: an empty table says so") {
        Document d;
        d.title = "T";
        Table t = forecast();
        t.rows.clear();
        d.sections.push_back({"Empty", {}, {t}});
        std::string html = render_html(d);
        CHECK(html.find("<p class=\"empty\">No rows.</p>") != std::string::npos);
        CHECK(html.find("<table>") == std::string::npos);
    }

    TEST_CASE("render_html: charts go into their section, before its tables - the others last") {
        Chart lost = columns();
        lost.section = "No such section";
        std::string html = render_html(document(), {bars(), lost});
        CHECK(count_of(html, "<svg") == 2);
        const auto forecast_heading = html.find("<h2>Forecast</h2>");
        const auto svg = html.find("<svg");
        const auto table = html.find("<table>");
        CHECK(forecast_heading < svg);
        CHECK(svg < table);
        const auto charts = html.find("<h2>Charts</h2>");
        REQUIRE(charts != std::string::npos);
        CHECK(html.find("<svg", svg + 1) > charts);
    }

    TEST_CASE("render_svg: horizontal bars with a reference line, labels and tooltips") {
        std::string svg = render_svg(bars());
        CHECK(svg.rfind("<svg class=\"chart\" viewBox=\"0 0 820 ", 0) == 0);
        CHECK(svg.substr(svg.size() - 6) == "</svg>");
        CHECK(count_of(svg, "<rect") == 2);  // bruno's 0 draws no bar
        CHECK(svg.find("<line class=\"ref\"") != std::string::npos);
        CHECK(svg.find(">100%</text>") != std::string::npos);
        CHECK(svg.find(">62.5%</text>") != std::string::npos);
        CHECK(svg.find(">no target</text>") != std::string::npos);
        CHECK(svg.find("<title>alice: 62.5%</title>") != std::string::npos);
        CHECK(svg.find("class=\"cat em\"") != std::string::npos);  // the total
        // Traffic-light colours against the reference: amber below it, green from it.
        CHECK(svg.find("fill=\"#e8a33d\"") != std::string::npos);
        CHECK(svg.find("fill=\"#3a8a3f\"") != std::string::npos);
        // The axis reaches the largest value, in steps of 1, 2 or 5 × 10^k, in percent.
        CHECK(svg.find(">20%</text>") != std::string::npos);
        CHECK(svg.find(">120%</text>") != std::string::npos);
        CHECK(svg.find(">140%</text>") == std::string::npos);
    }

    TEST_CASE("render_svg: stacked columns with a legend") {
        std::string svg = render_svg(columns());
        CHECK(count_of(svg, "<rect") == 4 + 2);  // 4 segments + 2 legend keys
        CHECK(svg.find("<g class=\"legend\">") != std::string::npos);
        CHECK(svg.find(">calls</text>") != std::string::npos);
        CHECK(svg.find(">meetings</text>") != std::string::npos);
        CHECK(svg.find(">W46</text>") != std::string::npos);
        CHECK(svg.find("<title>W47 — meetings: 2</title>") != std::string::npos);
    }

    TEST_CASE("render_svg: no data still draws an axis, never divides by zero") {
        Chart c = columns();
        c.values = {{0, 0}, {0, 0}, {0, 0}};
        std::string svg = render_svg(c);
        CHECK(svg.find("nan") == std::string::npos);
        CHECK(svg.find("inf") == std::string::npos);
        Chart empty;
        empty.title = "Nothing";
        CHECK(render_svg(empty).find("</svg>") != std::string::npos);
    }

    TEST_CASE("render_svg: a series coloured none is a spacer: not drawn, not in the legend, the next bar after it") {
        Chart c;
        c.title = "Waterfall";
        c.categories = {"won"};
        c.series = {"", "out"};
        c.colors = {"none", "#c8453b"};
        c.values = {{6, 4}};  // axis 0..10
        std::string svg = render_svg(c);
        CHECK(count_of(svg, "<rect") == 2);  // the legend's "out" and the bar
        CHECK(svg.find("fill=\"none\"") == std::string::npos);
        CHECK(svg.find("<title>won — out: 4</title>") != std::string::npos);
        CHECK(svg.find("<title>won — : 6</title>") == std::string::npos);
    }

    TEST_CASE("report_charts: attainment, forecast, activity per week, a funnel per pipeline, the range") {
        salesrep::testing::BookTexts t;
        t.deals = R"(deals:
  - { id: acme-renewal, client: acme, owner: alice, amount: 48000, opened: 2026-09-01, stage: solution, expected_close: 2026-12-15 }
  - { id: globex-crm,   client: globex, owner: bruno, amount: 10000, opened: 2026-10-01, expected_close: 2026-11-30 }
)";
        t.targets = "targets:\n  - { agent: alice, period: 2026-Q4, sales: 40000 }\n";
        t.ledgers = {"2026-10-05 call acme-renewal @alice\n"
                     "2026-10-06 meeting acme-renewal\n"
                     "2026-11-02 email globex-crm\n"
                     "2026-11-10 won acme-renewal 50000\n"};
        Book b = salesrep::testing::book_of(t);
        Replay r = replay(b, salesrep::testing::day("2026-11-26"));
        Context c(b, r, r.today, *parse_period("2026-Q4", 1), true, Selection{});
        std::vector<Chart> charts = report_charts(c);
        REQUIRE(charts.size() == 7);  // attainment, forecast, activity, funnels of smb and enterprise, range, waterfall

        const Chart& att = charts[0];
        // by name (the agents' and teams' of team.yaml), not by id
        CHECK(att.categories == std::vector<std::string>{"Alice Martin", "Bruno Costa", "Carol Diaz", "Dave Roy",
                                                         "North region", "South region", "total"});
        CHECK(att.value_labels[0] == "125.0% (50k of 40k)");
        CHECK(att.values[0][0] == doctest::Approx(125));
        CHECK(att.value_labels[1] == "no sales target");
        CHECK(att.reference == 100);

        const Chart& fc = charts[1];
        CHECK(fc.series.size() == 4);
        CHECK(fc.categories == std::vector<std::string>{"Alice Martin", "Bruno Costa", "Carol Diaz", "Dave Roy"});
        CHECK(fc.values[0][0] == doctest::Approx(50000));  // alice won
        CHECK(fc.values[1][3] == doctest::Approx(10000));  // bruno's lead: pipeline category
        CHECK(fc.value_labels[1] == "forecast 1.0k");      // 10 % of 10000
        // readable in print: stacked segments have a white edge, and the colours go dark to light
        CHECK(count_of(render_svg(fc), "stroke=\"#fff\">") > 0);
        CHECK(count_of(render_svg(att), "stroke=\"#fff\">") == 0);  // one series: nothing to keep apart
        CHECK(fc.colors == std::vector<std::string>{"#1f5f2a", "#2f6db3", "#f0a860", "#d6d6d6"});

        const Chart& act = charts[2];
        CHECK(act.shape == Chart::Shape::columns);
        CHECK(act.categories.front() == "W40");
        // 2026-W40 (from Thu 1 Oct) to W48, the week of 11-26: the 5 weeks still to come are not drawn as zero
        CHECK(act.categories.size() == 9);
        CHECK(act.categories.back() == "W48");
        CHECK(act.caption.find("The 5 ISO weeks still to come are not drawn.") != std::string::npos);
        CHECK(act.value_labels[1] == "2");   // W41: the call and the meeting
        CHECK(act.values[1][0] == 1);
        CHECK(act.values[1][1] == 1);

        CHECK(charts[3].title == "Funnel: Small business");
        CHECK(charts[3].categories.back() == "won");
        CHECK(charts[4].value_labels.back() == "1 · win rate 100.0% (0 lost)");

        // the range per team and total: P10, P50, P90, target (-1: none)
        const Chart& range = charts[5];
        CHECK(range.shape == Chart::Shape::range);
        CHECK(range.section == "How sure we are");
        CHECK(range.categories == std::vector<std::string>{"North region", "South region", "total"});
        CHECK(range.values[0] == std::vector<double>{50000, 50000, 50000, 40000});  // alice has won; no open deal
        CHECK(range.value_labels[0] == "P50 50k · chance 100.0%");
        CHECK(range.values[1][3] == -1);  // south: no sales target
        CHECK(range.values[1][0] == 0);   // P10: bruno's 10 % deal lost
        CHECK(range.values[1][2] == 10000);  // P90: won in more than 10 % of the trials
        CHECK(range.value_labels[1] == "P50 0");
        const std::string range_svg = render_svg(range);
        CHECK(count_of(range_svg, "<title>target: 40,000</title>") == 2);  // north and total
        CHECK(count_of(range_svg, "<title>P50: ") == 3);
        // The week's changes (11-19 to 11-26): globex-crm, 10000 expected 11-30, unchanged.
        const Chart& wf = charts[6];
        CHECK(wf.section == "What changed since last week");
        CHECK(wf.categories == std::vector<std::string>{"start", "created", "pulled in", "increased", "decreased",
                                                        "pushed out", "lost", "won", "end"});
        CHECK(wf.colors.front() == "none");
        CHECK(wf.values.front() == std::vector<double>{0, 10000, 0, 0});
        CHECK(wf.values.back() == std::vector<double>{0, 10000, 0, 0});
        CHECK(wf.value_labels.front() == "10k");
        CHECK(wf.value_labels[1] == "0");

        // Every chart goes in a section of the report.
        Document d = report_document(c, ViewOptions{});
        for (const Chart& ch : charts) {
            bool found = std::any_of(d.sections.begin(), d.sections.end(),
                                     [&](const Section& s) { return s.heading == ch.section; });
            CHECK_MESSAGE(found, ch.section);
        }
        std::string html = render_html(d, charts);
        CHECK(count_of(html, "<svg") == 7);
        CHECK(html.find("<h2>Charts</h2>") == std::string::npos);
    }
}
