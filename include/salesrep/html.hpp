#pragma once
// The report as one self-contained HTML page: inline CSS, inline SVG charts,
// no script, no external reference. Like the other renderers, it returns a string.
#include "salesrep/table.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace salesrep {

struct Context;

// One chart, drawn as inline SVG. Values only place the bars; every number a
// reader sees is a label computed exactly by the caller.
struct Chart {
    enum class Shape {
        bars,     // one horizontal bar per category (series stacked left to right)
        columns,  // one vertical column per category (series stacked bottom up)
        range,    // per category values {low, middle, high, mark}: a bar from low to high, a
                  // tick at middle, and a mark (e.g. the target; < 0: none)
    };
    Shape shape = Shape::bars;
    std::string section;                       // heading of the Document section it is drawn in
    std::string title;                         // "Sales attainment per agent, 2026-Q4"
    std::string caption;                       // one line under the chart: what is measured
    std::vector<std::string> categories;       // "alice", "2026-W45", ...
    std::vector<std::string> series;           // legend, in stacking order; one series: no legend
    std::vector<std::string> colors;           // per series, "#rrggbb" (default: a palette); one series with
                                               // a reference: red below half of it, amber below it, green from it;
                                               // "none" (bars): a spacer, not drawn nor in the legend (a waterfall)
    std::vector<std::vector<double>> values;   // [category][series], >= 0
    std::vector<std::string> value_labels;     // per category, at the end of its bar ("" none)
    std::vector<bool> emphasis;                // per category: drawn bold (e.g. a total); may be shorter
    std::optional<double> reference;           // a line across at this value (100 for attainment %)
    std::string reference_label;               // "100%"
    std::string unit;                          // after the axis's numbers ("%")
};

// The report's charts (SPEC §9 figures over c.period, the funnel over every
// deal as in the report), all in the report's "Summary" section: sales
// attainment per agent, team and total, the forecast by category per agent, the
// activity per ISO week (per month past 60 weeks) and the funnel per pipeline;
// and in "How sure we are" the forecast as a range per team and total (§9b).
// in "What changed since last week" the week's changes of the pipeline as
// a waterfall (SPEC §9b).
std::vector<Chart> report_charts(const Context& c);

// The chart as an <svg> element (with a <title> for screen readers).
std::string render_svg(const Chart& chart);

// A whole page: the title, the subtitle lines, then each section with its
// paragraphs, its charts (those whose `section` names its heading) and its
// tables; charts naming no section come last. Every text is escaped.
std::string render_html(const Document& d, const std::vector<Chart>& charts = {});

// `&`, `<`, `>`, `"` and `'` as character references; control characters
// other than tab and newline become blanks.
std::string html_escape(std::string_view s);

}  // namespace salesrep
