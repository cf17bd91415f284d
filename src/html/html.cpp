// The report as one self-contained HTML page with inline SVG charts.
#include "salesrep/html.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <iterator>

namespace salesrep {

namespace {

constexpr const char* palette[] = {"#2f6db3", "#e8912d", "#3a8a3f", "#c8453b", "#6bb3b0", "#d9b63c", "#9a6fb0",
                                   "#b7b7b7"};
constexpr double chart_width = 820;
constexpr double char_width = 6.8;  // mean advance of a 12px sans-serif character

// A number as SVG wants it: at most two decimals, no trailing zeros.
std::string num(double v) {
    std::string s = fmt::format("{:.2f}", v);
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
    return s == "-0" ? "0" : s;
}

double text_width(const std::string& s) { return static_cast<double>(display_width(s)) * char_width; }

// A "nice" step (1, 2 or 5 × 10^k) for about five ticks up to `max`.
double nice_step(double max) {
    double raw = max / 5;
    double mag = std::pow(10.0, std::floor(std::log10(raw)));
    double norm = raw / mag;
    return (norm < 1.5 ? 1 : norm < 3 ? 2 : norm < 7 ? 5 : 10) * mag;
}

// An axis value: "0", "250", "1.5k", "300k", "1.2M"; `unit` appended.
std::string tick_text(double v, const std::string& unit) {
    auto trimmed = [](double x) { return num(std::round(x * 100) / 100); };
    std::string s = v >= 1e6 ? trimmed(v / 1e6) + "M" : v >= 1e4 ? trimmed(v / 1e3) + "k" : trimmed(v);
    return s + unit;
}

// A value in a tooltip: thousands separators, one decimal for percentages.
std::string value_text(double v, const std::string& unit) {
    if (unit == "%") return fmt::format("{:.1f}%", v);
    return thousands(fmt::format("{:.0f}", v)) + unit;
}

std::string color_of(const Chart& ch, std::size_t series, double value) {
    if (ch.series.size() <= 1 && ch.reference && ch.colors.empty()) {
        if (value < *ch.reference / 2) return "#c8453b";
        if (value < *ch.reference) return "#e8a33d";
        return "#3a8a3f";
    }
    if (series < ch.colors.size()) return ch.colors[series];
    return palette[series % std::size(palette)];
}

double value_at(const Chart& ch, std::size_t c, std::size_t s) {
    if (c >= ch.values.size() || s >= ch.values[c].size()) return 0;
    double v = ch.values[c][s];
    return std::isfinite(v) && v > 0 ? v : 0;
}

double stacked(const Chart& ch, std::size_t c) {
    double sum = 0;
    for (std::size_t s = 0; s < std::max<std::size_t>(ch.series.size(), 1); ++s) sum += value_at(ch, c, s);
    return sum;
}

std::string label_of(const std::vector<std::string>& v, std::size_t i) { return i < v.size() ? v[i] : std::string(); }

bool emphasised(const Chart& ch, std::size_t i) { return i < ch.emphasis.size() && ch.emphasis[i]; }

// The axis maximum (a whole number of steps) and its step.
std::pair<double, double> axis(const Chart& ch) {
    double max = ch.reference.value_or(0);
    for (std::size_t c = 0; c < ch.categories.size(); ++c) max = std::max(max, stacked(ch, c));
    if (!(max > 0)) max = 1;
    double step = nice_step(max);
    return {std::ceil(max / step - 1e-9) * step, step};
}

std::string legend(const Chart& ch, double y) {
    if (ch.series.size() <= 1) return "";
    std::string out = "<g class=\"legend\">";
    double x = 8;
    for (std::size_t s = 0; s < ch.series.size(); ++s) {
        if (color_of(ch, s, 0) == "none") continue;  // a spacer
        out += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"11\" height=\"11\" rx=\"2\" fill=\"{}\"/>", num(x),
                           num(y - 10), html_escape(color_of(ch, s, 0)));
        out += fmt::format("<text x=\"{}\" y=\"{}\">{}</text>", num(x + 16), num(y), html_escape(ch.series[s]));
        x += 16 + text_width(ch.series[s]) + 18;
    }
    return out + "</g>";
}

std::string segment_title(const Chart& ch, std::size_t c, std::size_t s, double v) {
    std::string name = ch.series.size() > 1 ? " — " + label_of(ch.series, s) : "";
    return fmt::format("<title>{}{}: {}</title>", html_escape(label_of(ch.categories, c)), html_escape(name),
                       html_escape(value_text(v, ch.unit)));
}

std::string svg_open(const Chart& ch, double height) {
    return fmt::format("<svg class=\"chart\" viewBox=\"0 0 {} {}\" width=\"{}\" height=\"{}\" role=\"img\" "
                       "preserveAspectRatio=\"xMinYMin meet\"><title>{}</title>",
                       num(chart_width), num(height), num(chart_width), num(height), html_escape(ch.title));
}

// The vertical grid lines and their ticks under a horizontal axis from x0
// (value 0) over plot_w (value axis_max).
std::string vertical_grid(double x0, double plot_w, double axis_max, double step, double top, double bottom,
                          const std::string& unit) {
    std::string out = "<g class=\"grid\">";
    for (double t = 0; t <= axis_max + step / 2; t += step) {
        const double x = x0 + t / axis_max * plot_w;
        out += fmt::format("<line x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\"/>", num(x), num(top - 2), num(bottom));
        out += fmt::format("<text class=\"tick\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>", num(x),
                           num(bottom + 16), html_escape(tick_text(t, unit)));
    }
    return out + "</g>";
}

// Row i's bar from x0: its series' segments stacked left to right (a spacer,
// colour "none", leaves a gap). Returns the bar's right end.
double stacked_bar(std::string& out, const Chart& ch, std::size_t i, double x0, double y, double row_h, double bar_h,
                   double axis_max, double plot_w) {
    double x = x0;
    for (std::size_t s = 0; s < std::max<std::size_t>(ch.series.size(), 1); ++s) {
        const double v = value_at(ch, i, s);
        if (v <= 0) continue;
        const double w = v / axis_max * plot_w;
        if (color_of(ch, s, v) == "none") {  // a spacer: the bar starts after it
            x += w;
            continue;
        }
        // A white edge between stacked segments keeps them apart on paper too.
        out += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"{}>{}</rect>", num(x),
                           num(y + (row_h - bar_h) / 2), num(std::max(w, 1.0)), num(bar_h),
                           html_escape(color_of(ch, s, v)), ch.series.size() > 1 ? " stroke=\"#fff\"" : "",
                           segment_title(ch, i, s, v));
        x += w;
    }
    return x;
}

std::string bars_svg(const Chart& ch) {
    const std::size_t n = ch.categories.size();
    double label_w = 40, value_w = 30;
    for (std::size_t i = 0; i < n; ++i) {
        label_w = std::max(label_w, text_width(ch.categories[i]) + 14);
        value_w = std::max(value_w, text_width(label_of(ch.value_labels, i)) + 14);
    }
    label_w = std::min(label_w, 200.0);
    value_w = std::min(value_w, 340.0);
    const double x0 = label_w, plot_w = chart_width - label_w - value_w - 8;
    const double row_h = 26, bar_h = 16;
    const double top = (ch.series.size() > 1 ? 28 : 6) + (ch.reference ? 16 : 0);
    const double bottom = top + static_cast<double>(n) * row_h;
    const double height = bottom + 24;
    const auto axis_range = axis(ch);
    const double axis_max = axis_range.first, step = axis_range.second;
    auto x_of = [&](double v) { return x0 + v / axis_max * plot_w; };

    std::string out = svg_open(ch, height) + legend(ch, 16);
    out += vertical_grid(x0, plot_w, axis_max, step, top, bottom, ch.unit);
    std::string labels;  // drawn last, over the reference line
    for (std::size_t i = 0; i < n; ++i) {
        const double y = top + static_cast<double>(i) * row_h;
        out += fmt::format("<text class=\"cat{}\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>",
                           emphasised(ch, i) ? " em" : "", num(x0 - 8), num(y + row_h / 2 + 4),
                           html_escape(ch.categories[i]));
        const double x = stacked_bar(out, ch, i, x0, y, row_h, bar_h, axis_max, plot_w);
        if (const std::string label = label_of(ch.value_labels, i); !label.empty()) {
            double lx = x + 6;
            if (ch.reference) {  // a label that the reference line would cross starts after it
                const double rx = x_of(*ch.reference);
                if (lx < rx + 4 && lx + text_width(label) > rx - 4) lx = std::max(lx, rx + 6);
            }
            labels += fmt::format("<text class=\"val{}\" x=\"{}\" y=\"{}\">{}</text>", emphasised(ch, i) ? " em" : "",
                                  num(lx), num(y + row_h / 2 + 4), html_escape(label));
        }
    }
    if (ch.reference) {
        const double x = x_of(*ch.reference);
        out += fmt::format("<line class=\"ref\" x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\"/>", num(x), num(top - 4),
                           num(bottom));
        out += fmt::format("<text class=\"ref\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>", num(x),
                           num(top - 7), html_escape(ch.reference_label));
    }
    out += fmt::format("<line class=\"axis\" x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\"/>", num(x0), num(top - 2),
                       num(bottom));
    return out + labels + "</svg>";
}

std::string columns_svg(const Chart& ch) {
    const std::size_t n = ch.categories.size();
    const auto axis_range = axis(ch);
    const double axis_max = axis_range.first, step = axis_range.second;
    double axis_w = 16;
    for (double t = 0; t <= axis_max + step / 2; t += step) axis_w = std::max(axis_w, text_width(tick_text(t, ch.unit)));
    const double x0 = axis_w + 12, plot_w = chart_width - x0 - 8;
    const double top = (ch.series.size() > 1 ? 28 : 6) + 16, plot_h = 220;
    const double bottom = top + plot_h, height = bottom + 26;
    const double slot = plot_w / static_cast<double>(std::max<std::size_t>(n, 1));
    const double col_w = std::max(slot * 0.68, 1.0);
    auto y_of = [&](double v) { return bottom - v / axis_max * plot_h; };
    double widest = 0;
    for (const std::string& c : ch.categories) widest = std::max(widest, text_width(c) + 6);
    const std::size_t every = static_cast<std::size_t>(std::max(1.0, std::ceil(widest / slot)));

    std::string out = svg_open(ch, height) + legend(ch, 16);
    out += "<g class=\"grid\">";
    for (double t = 0; t <= axis_max + step / 2; t += step) {
        out += fmt::format("<line x1=\"{0}\" y1=\"{1}\" x2=\"{2}\" y2=\"{1}\"/>", num(x0), num(y_of(t)),
                           num(chart_width - 8));
        out += fmt::format("<text class=\"tick\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>", num(x0 - 6),
                           num(y_of(t) + 4), html_escape(tick_text(t, ch.unit)));
    }
    out += "</g>";
    for (std::size_t i = 0; i < n; ++i) {
        const double x = x0 + static_cast<double>(i) * slot + (slot - col_w) / 2;
        double sum = 0;
        for (std::size_t s = 0; s < std::max<std::size_t>(ch.series.size(), 1); ++s) {
            const double v = value_at(ch, i, s);
            if (v <= 0) continue;
            const double y1 = y_of(sum), y2 = y_of(sum + v);
            out += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\">{}</rect>", num(x),
                               num(y2), num(col_w), num(std::max(y1 - y2, 0.5)), html_escape(color_of(ch, s, v)),
                               segment_title(ch, i, s, v));
            sum += v;
        }
        const std::string label = label_of(ch.value_labels, i);
        if (!label.empty() && text_width(label) + 4 <= slot)
            out += fmt::format("<text class=\"val\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
                               num(x + col_w / 2), num(y_of(sum) - 4), html_escape(label));
        if (i % every == 0)
            out += fmt::format("<text class=\"cat{}\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
                               emphasised(ch, i) ? " em" : "", num(x + col_w / 2), num(bottom + 16),
                               html_escape(ch.categories[i]));
    }
    out += fmt::format("<line class=\"axis\" x1=\"{0}\" y1=\"{1}\" x2=\"{2}\" y2=\"{1}\"/>", num(x0), num(bottom),
                       num(chart_width - 8));
    return out + "</svg>";
}

// ------------------------------------------------------------- the page ----

constexpr const char* style_sheet = R"(
:root { color-scheme: light; --ink: #1d2330; --muted: #5f6b7a; --rule: #d9dee5; --band: #f4f6f9; --accent: #2f6db3; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
       color: var(--ink); background: #fff; }
main { max-width: 1180px; margin: 0 auto; padding: 28px 32px 48px; }
header h1 { font-size: 26px; margin: 0 0 6px; }
header p { margin: 0; color: var(--muted); }
nav { margin: 18px 0 8px; padding: 10px 0; border-top: 1px solid var(--rule); border-bottom: 1px solid var(--rule); }
nav a { color: var(--accent); text-decoration: none; margin-right: 16px; white-space: nowrap; }
section { margin-top: 30px; }
h2 { font-size: 20px; margin: 0 0 10px; padding-bottom: 4px; border-bottom: 2px solid var(--accent); }
section > p { margin: 4px 0; }
figure { margin: 16px 0 22px; }
figure svg { display: block; max-width: 100%; height: auto; }
figcaption { color: var(--muted); font-size: 12px; margin-top: 2px; }
figure h3, .table h3 { font-size: 15px; margin: 0 0 6px; }
svg text { font: 12px system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; fill: #2a303b; }
svg text.em { font-weight: 700; }
svg text.val { paint-order: stroke; stroke: #fff; stroke-width: 3px; stroke-linejoin: round; }
svg text.tick { fill: #7b8594; font-size: 11px; }
svg text.ref { fill: #1d2330; font-weight: 700; font-size: 11px; }
svg .grid line { stroke: #e6e9ee; stroke-width: 1; }
svg line.axis { stroke: #9aa3af; stroke-width: 1; }
svg line.ref { stroke: #1d2330; stroke-width: 1.5; stroke-dasharray: 5 3; }
svg rect:hover { opacity: .8; }
.table { margin: 14px 0 22px; overflow-x: auto; }
table { border-collapse: collapse; font-size: 13px; min-width: 40%; }
th, td { padding: 4px 10px; border-bottom: 1px solid var(--rule); vertical-align: top; }
th { text-align: left; background: var(--band); font-weight: 600; white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tbody tr:nth-child(even) td { background: #fafbfc; }
tr.em td { font-weight: 700; background: var(--band); border-top: 1px solid #b8c0cc; }
.pb { display: inline-block; width: 56px; height: 8px; margin-right: 6px; background: #e9ecf0; border-radius: 2px;
      vertical-align: middle; overflow: hidden; }
.pb > span { display: block; height: 100%; }
.lo { background: #c8453b; } .mid { background: #e8a33d; } .hi { background: #3a8a3f; }
.empty { color: var(--muted); font-style: italic; margin: 4px 0; }
ul.notes { color: var(--muted); font-size: 12px; margin: 6px 0 0; padding-left: 18px; }
footer { margin-top: 40px; color: var(--muted); font-size: 12px; }
@media print { main { max-width: none; padding: 0; } nav { display: none; } figure, .table { break-inside: avoid; }
  svg, .pb { -webkit-print-color-adjust: exact; print-color-adjust: exact; } }
)";

bool is_numeric(ColType t) { return t != ColType::text && t != ColType::date; }

std::optional<double> parse_number(std::string_view s) {
    double v = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (s.empty() || ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
    return v;
}

std::string cell_html(const Column& col, std::string_view cell) {
    std::string text = col.type == ColType::money || col.type == ColType::count ? thousands(cell) : std::string(cell);
    std::string out = html_escape(text);
    if (col.bar) {
        if (auto v = parse_number(cell)) {
            const char* cls = *v < 50 ? "lo" : *v < 100 ? "mid" : "hi";
            out = fmt::format("<span class=\"pb\"><span class=\"{}\" style=\"width:{}%\"></span></span>{}", cls,
                              num(std::clamp(*v, 0.0, 100.0)), out);
        }
    }
    return out;
}

std::string table_html(const Table& t) {
    std::string out = "<div class=\"table\">";
    if (!t.title.empty()) out += "<h3>" + html_escape(t.title) + "</h3>";
    if (t.rows.empty() || t.columns.empty()) {
        out += "<p class=\"empty\">No rows.</p>";
    } else {
        out += "<table><thead><tr>";
        for (const Column& col : t.columns)
            out += fmt::format("<th{} scope=\"col\">{}</th>", is_numeric(col.type) ? " class=\"num\"" : "",
                               html_escape(col.title));
        out += "</tr></thead><tbody>\n";
        for (std::size_t r = 0; r < t.rows.size(); ++r) {
            const bool em = r < t.emphasis.size() && t.emphasis[r];
            out += em ? "<tr class=\"em\">" : "<tr>";
            for (std::size_t i = 0; i < t.columns.size(); ++i) {
                const std::string_view cell = i < t.rows[r].size() ? t.rows[r][i] : std::string_view();
                out += fmt::format("<td{}>{}</td>", is_numeric(t.columns[i].type) ? " class=\"num\"" : "",
                                   cell_html(t.columns[i], cell));
            }
            out += "</tr>\n";
        }
        out += "</tbody></table>";
    }
    if (!t.notes.empty()) {
        out += "<ul class=\"notes\">";
        for (const std::string& n : t.notes) out += "<li>" + html_escape(n) + "</li>";
        out += "</ul>";
    }
    return out + "</div>\n";
}

std::string figure_html(const Chart& ch) {
    std::string out = "<figure>";
    if (!ch.title.empty()) out += "<h3>" + html_escape(ch.title) + "</h3>";
    out += render_svg(ch);
    if (!ch.caption.empty()) out += "<figcaption>" + html_escape(ch.caption) + "</figcaption>";
    return out + "</figure>\n";
}

// "Targets and attainment" -> "targets-and-attainment"; made unique with a number.
std::string anchor(const std::string& heading, std::vector<std::string>& used) {
    std::string id;
    for (unsigned char c : heading) {
        if (std::isalnum(c)) id += static_cast<char>(std::tolower(c));
        else if (!id.empty() && id.back() != '-') id += '-';
    }
    while (!id.empty() && id.back() == '-') id.pop_back();
    if (id.empty()) id = "section";
    std::string unique = id;
    for (int k = 2; std::find(used.begin(), used.end(), unique) != used.end(); ++k) unique = fmt::format("{}-{}", id, k);
    used.push_back(unique);
    return unique;
}

}  // namespace

std::string html_escape(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&#39;"; break;
        default:
            if ((static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n') || c == '\x7f') out += ' ';
            else out += c;
        }
    }
    return out;
}

namespace {

// Shape::range: per category a bar from values[0] to values[2], a dark tick at
// values[1] and, when values[3] >= 0, a red mark at it (the forecast range:
// P10-P90, P50 and the target).
std::string range_svg(const Chart& ch) {
    const std::size_t n = ch.categories.size();
    double label_w = 40, value_w = 30, max = 0;
    for (std::size_t i = 0; i < n; ++i) {
        label_w = std::max(label_w, text_width(ch.categories[i]) + 14);
        value_w = std::max(value_w, text_width(label_of(ch.value_labels, i)) + 14);
        for (std::size_t s = 0; s < 4; ++s) max = std::max(max, value_at(ch, i, s));
    }
    label_w = std::min(label_w, 200.0);
    value_w = std::min(value_w, 340.0);
    if (!(max > 0)) max = 1;
    const double step = nice_step(max), axis_max = std::ceil(max / step - 1e-9) * step;
    const double x0 = label_w, plot_w = chart_width - label_w - value_w - 8;
    const double row_h = 26, bar_h = 12, top = 28, bottom = top + static_cast<double>(n) * row_h;
    auto x_of = [&](double v) { return x0 + v / axis_max * plot_w; };
    std::string out = svg_open(ch, bottom + 24);
    out += R"(<g class="legend"><rect x="8" y="6" width="22" height="11" rx="2" fill="#9cc0e8"/>)"
           R"(<text x="36" y="16">P10–P90</text><rect x="112" y="4" width="3" height="15" fill="#1d2330"/>)"
           R"(<text x="121" y="16">P50</text><rect x="160" y="4" width="3" height="15" fill="#c8453b"/>)"
           R"(<text x="169" y="16">target</text></g>)";
    out += vertical_grid(x0, plot_w, axis_max, step, top, bottom, ch.unit);
    for (std::size_t i = 0; i < n; ++i) {
        const double y = top + static_cast<double>(i) * row_h, mid = y + row_h / 2;
        const double lo = value_at(ch, i, 0), p50 = value_at(ch, i, 1), hi = value_at(ch, i, 2);
        out += fmt::format("<text class=\"cat{}\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>",
                           emphasised(ch, i) ? " em" : "", num(x0 - 8), num(mid + 4), html_escape(ch.categories[i]));
        out += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"2\" fill=\"#9cc0e8\">"
                           "<title>{}: {} to {}</title></rect>",
                           num(x_of(lo)), num(mid - bar_h / 2), num(std::max(x_of(hi) - x_of(lo), 2.0)), num(bar_h),
                           html_escape(ch.categories[i]), html_escape(value_text(lo, ch.unit)),
                           html_escape(value_text(hi, ch.unit)));
        out += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"3\" height=\"{}\" fill=\"#1d2330\"><title>P50: {}</title></rect>",
                           num(x_of(p50) - 1.5), num(mid - bar_h / 2 - 3), num(bar_h + 6),
                           html_escape(value_text(p50, ch.unit)));
        if (i < ch.values.size() && ch.values[i].size() > 3 && ch.values[i][3] >= 0)
            out += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"3\" height=\"{}\" fill=\"#c8453b\"><title>target: {}</title></rect>",
                               num(x_of(value_at(ch, i, 3)) - 1.5), num(y + 2), num(row_h - 4),
                               html_escape(value_text(value_at(ch, i, 3), ch.unit)));
        if (const std::string label = label_of(ch.value_labels, i); !label.empty())
            out += fmt::format("<text class=\"val{}\" x=\"{}\" y=\"{}\">{}</text>", emphasised(ch, i) ? " em" : "",
                               num(x0 + plot_w + 8), num(mid + 4), html_escape(label));
    }
    return out + "</svg>";
}

}  // namespace

std::string render_svg(const Chart& chart) {
    if (chart.shape == Chart::Shape::range) return range_svg(chart);
    return chart.shape == Chart::Shape::columns ? columns_svg(chart) : bars_svg(chart);
}

std::string render_html(const Document& d, const std::vector<Chart>& charts) {
    std::vector<bool> placed(charts.size(), false);
    std::vector<std::string> used;
    std::vector<std::string> ids;
    for (const Section& s : d.sections) ids.push_back(anchor(s.heading, used));

    std::string out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                      "style-src 'unsafe-inline'\">\n"
                      "<meta name=\"generator\" content=\"salesrep\">\n";
    out += "<title>" + html_escape(d.title) + "</title>\n<style>" + style_sheet + "</style>\n</head>\n<body>\n<main>\n";
    out += "<header>\n<h1>" + html_escape(d.title) + "</h1>\n";
    for (const std::string& line : d.subtitle) out += "<p>" + html_escape(line) + "</p>\n";
    out += "</header>\n<nav>";
    for (std::size_t i = 0; i < d.sections.size(); ++i)
        if (!d.sections[i].heading.empty())
            out += fmt::format("<a href=\"#{}\">{}</a>", ids[i], html_escape(d.sections[i].heading));
    out += "</nav>\n";
    for (std::size_t i = 0; i < d.sections.size(); ++i) {
        const Section& s = d.sections[i];
        out += fmt::format("<section id=\"{}\">\n", ids[i]);
        if (!s.heading.empty()) out += "<h2>" + html_escape(s.heading) + "</h2>\n";
        for (const std::string& p : s.paragraphs) out += "<p>" + html_escape(p) + "</p>\n";
        for (std::size_t k = 0; k < charts.size(); ++k)
            if (!placed[k] && !s.heading.empty() && charts[k].section == s.heading) {
                out += figure_html(charts[k]);
                placed[k] = true;
            }
        for (const Table& t : s.tables) out += table_html(t);
        out += "</section>\n";
    }
    if (std::find(placed.begin(), placed.end(), false) != placed.end()) {
        out += "<section id=\"charts\">\n<h2>Charts</h2>\n";
        for (std::size_t k = 0; k < charts.size(); ++k)
            if (!placed[k]) out += figure_html(charts[k]);
        out += "</section>\n";
    }
    out += "<footer>Written by salesrep from the book's plain-text files.</footer>\n</main>\n</body>\n</html>\n";
    return out;
}

}  // namespace salesrep
