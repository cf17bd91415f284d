// The data of the HTML report's charts, from the same computations as its tables.
#include "salesrep/compute/changes.hpp"
#include "salesrep/compute/figures.hpp"
#include "salesrep/compute/funnel.hpp"
#include "salesrep/compute/range.hpp"
#include "salesrep/html.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace salesrep {

namespace {

// The report's section heading (report.cpp) that the charts go in: right after
// the summary, so that the first screen of the page shows the whole picture.
constexpr const char* charts_section = "Summary";

double to_double(const Rational& r) { return static_cast<double>(r.num) / static_cast<double>(r.den); }

// An amount for a chart label: "950", "12.5k", "480k", "1.25M" (rounded half away from zero).
std::string compact(Money m) {
    Rational units = Rational::of(m.cents, 100);
    const long long whole = m.cents / 100;
    const long long size = whole < 0 ? -whole : whole;
    if (size >= 1'000'000) return format_fixed(units / Rational(1'000'000), 2) + "M";
    if (size >= 10'000) return format_fixed(units / Rational(1'000), 0) + "k";
    if (size >= 1'000) return format_fixed(units / Rational(1'000), 1) + "k";
    return format_fixed(units, 0);
}

// A row's label on a chart: the agent's or team's name (its id when it has
// none), "total" for the total. Readers of the HTML page know people by name.
std::string row_label(const Context& c, Scope scope, int index) {
    const Book& b = c.book;
    if (scope == Scope::agent && index >= 0) {
        const Agent& a = b.agents[static_cast<std::size_t>(index)];
        return a.name.empty() ? a.id : a.name;
    }
    if (scope == Scope::team && index >= 0) {
        const Team& t = b.teams[static_cast<std::size_t>(index)];
        return t.name.empty() ? t.id : t.name;
    }
    return "total";
}

Chart attainment_chart(const Context& c) {
    Chart ch;
    ch.section = charts_section;
    ch.title = fmt::format("Sales attainment, {}", c.period.label);
    ch.caption = "Won ÷ sales target over the period; the line marks 100 %.";
    ch.series = {"attainment"};
    ch.reference = 100;
    ch.reference_label = "100%";
    ch.unit = std::string(1, '%');  // not = "%": a GCC 12 -Wrestrict false positive
    for (const auto& r : forecast_rows(c)) {
        auto target = row_target(c, r.scope, r.index, Metric::sales);
        ch.categories.push_back(row_label(c, r.scope, r.index));
        ch.emphasis.push_back(r.scope != Scope::agent);
        if (!target || target->is_zero()) {
            ch.values.push_back({0});
            ch.value_labels.push_back("no sales target");
            continue;
        }
        Rational won(r.figures.won.cents);
        ch.values.push_back({to_double(won / *target) * 100});
        ch.value_labels.push_back(fmt::format("{}% ({} of {})", pct_text(won, *target), compact(r.figures.won),
                                              compact(Money{round_half_away(*target)})));
    }
    return ch;
}

Chart forecast_chart(const Context& c) {
    Chart ch;
    ch.section = charts_section;
    ch.title = fmt::format("Forecast by category, {}", c.period.label);
    ch.caption = "Won, then the amounts of the open deals expected to close in the period, by forecast category "
                 "(pipeline: the rest). Label: the forecast (won + weighted).";
    ch.series = {"won", "commit", "best case", "pipeline"};
    // From dark to light, so that the four still differ when printed in grey.
    ch.colors = {"#1f5f2a", "#2f6db3", "#f0a860", "#d6d6d6"};
    for (const auto& r : forecast_rows(c)) {
        if (r.scope != Scope::agent) continue;
        const ForecastFigures& f = r.figures;
        Money rest{f.pipeline.cents - f.commit.cents - f.best_case.cents};
        ch.categories.push_back(row_label(c, r.scope, r.index));
        ch.values.push_back({static_cast<double>(f.won.cents) / 100, static_cast<double>(f.commit.cents) / 100,
                             static_cast<double>(f.best_case.cents) / 100, static_cast<double>(rest.cents) / 100});
        ch.value_labels.push_back(f.won.cents == 0 && f.open_deals == 0 ? std::string("none")
                                                                       : "forecast " + compact(f.forecast()));
    }
    return ch;
}

std::vector<Chart> funnel_charts(const Context& c) {
    std::vector<Chart> out;
    Funnel f = funnel(c, false);
    for (const FunnelPipeline& p : f.pipelines) {
        const Pipeline& pl = c.book.pipelines[p.pipeline];
        Chart ch;
        ch.section = charts_section;
        ch.title = fmt::format("Funnel: {}", pl.name.empty() ? pl.id : pl.name);
        ch.caption = "Deals that reached each stage (or a later one, or won), and the conversion to the next.";
        ch.series = {"reached"};
        for (const FunnelStage& s : p.stages) {
            ch.categories.push_back(s.stage);
            ch.values.push_back({static_cast<double>(s.reached)});
            std::string conv = pct_text(s.conversion_num, s.conversion_den);
            ch.value_labels.push_back(conv.empty() ? std::to_string(s.reached)
                                                   : fmt::format("{} · {}% → next", s.reached, conv));
        }
        ch.categories.push_back("won");
        ch.values.push_back({static_cast<double>(p.won)});
        std::string rate = pct_text(Rational(p.won), Rational(p.won + p.lost));
        ch.value_labels.push_back(rate.empty() ? std::to_string(p.won)
                                               : fmt::format("{} · win rate {}% ({} lost)", p.won, rate, p.lost));
        ch.emphasis.assign(ch.categories.size(), false);
        ch.emphasis.back() = true;
        out.push_back(std::move(ch));
    }
    return out;
}

std::optional<Chart> activity_chart(const Context& c) {
    if (!c.period.bounded()) return std::nullopt;
    std::vector<Period> parts = weeks_in(c.period);
    const char* per = "ISO week";
    if (parts.size() > 60) {
        parts = months_in(c.period);
        per = "month";
    }
    if (parts.size() > 60) {
        parts = quarters_in(c.period, c.book.settings.fiscal_year_start);
        per = "fiscal quarter";
    }
    // Weeks (months) that begin after today have no activity yet: not drawn as zero.
    const std::size_t all = parts.size();
    parts.erase(std::remove_if(parts.begin(), parts.end(), [&](const Period& p) { return *p.from > c.today; }),
                parts.end());
    if (parts.empty() || parts.size() > 60) return std::nullopt;
    Chart ch;
    ch.shape = Chart::Shape::columns;
    ch.section = charts_section;
    ch.title = fmt::format("Activity per {}, {}", per, c.period.label);
    ch.caption = fmt::format("Interactions logged per {} (each clipped to the period).", per);
    if (parts.size() < all)
        ch.caption += fmt::format(" The {} {}s still to come are not drawn.", all - parts.size(), per);
    ch.series = {"calls", "meetings", "emails", "demos", "visits", "messages"};
    for (const Period& p : parts) {
        Context sub(c, p);
        const ActivityFigures a = activity_rows(sub).back().figures;
        std::vector<double> v;
        long long total = 0;
        for (long long n : a.interactions) {
            v.push_back(static_cast<double>(n));
            total += n;
        }
        std::string label = p.label;
        if (auto w = label.find("-W"); w != std::string::npos) label = label.substr(w + 1);  // "W45"
        ch.categories.push_back(label);
        ch.values.push_back(std::move(v));
        ch.value_labels.push_back(std::to_string(total));
    }
    return ch;
}

// The forecast as a range per team and total (SPEC §9b), in "How sure we are".
Chart range_chart(const Context& c) {
    Chart ch;
    ch.shape = Chart::Shape::range;
    ch.section = "How sure we are";
    ch.title = fmt::format("The forecast as a range, {}", c.period.label);
    const RangeOptions o = report_range_options(c);
    ch.caption = fmt::format("Bar: P10 to P90 of {} trials (8 times in 10 the period ends in it); dark tick: P50; "
                             "red: the sales target. Label: P50 and the chance to reach the target.",
                             thousands(std::to_string(o.trials)));
    const auto range = range_rows(c, o);
    for (const auto& r : range) {
        if (r.scope == Scope::agent) continue;
        const RangeFigures& f = r.figures;
        const auto target = row_target(c, r.scope, r.index, Metric::sales);
        ch.categories.push_back(row_label(c, r.scope, r.index));
        ch.emphasis.push_back(r.scope == Scope::company);
        ch.values.push_back({static_cast<double>(f.p10.cents) / 100, static_cast<double>(f.p50.cents) / 100,
                             static_cast<double>(f.p90.cents) / 100, target ? to_double(*target) / 100 : -1.0});
        ch.value_labels.push_back(f.has_target ? fmt::format("P50 {} · chance {}%", compact(f.p50),
                                                             pct_text(Rational(f.reached), Rational(f.trials)))
                                               : fmt::format("P50 {}", compact(f.p50)));
    }
    return ch;
}

// SPEC §9b: the week's changes of the total as a waterfall, in their own
// section. Each step floats on a spacer (drawn in no colour) at the level the
// previous step left.
Chart waterfall_chart(const Context& c) {
    const Changes& changes = week_changes(c);
    const ChangeFigures& f = changes.rows.back().figures;
    Chart ch;
    ch.section = "What changed since last week";
    ch.title = fmt::format("Pipeline expected in {}: {} to {}", c.period.label, format_date(changes.since),
                           format_date(changes.until));
    ch.caption = "The open pipeline at the start and the end; in green what came in, in red what went out.";
    ch.series = {"", "pipeline", "in", "out"};
    ch.colors = {"none", "#2f6db3", "#3a8a3f", "#c8453b"};
    const std::pair<const char*, long long> steps[] = {
        {"start", f.start.cents},         {"created", f.created.cents},      {"pulled in", f.pulled.cents},
        {"increased", f.increased.cents}, {"decreased", -f.decreased.cents}, {"pushed out", -f.pushed.cents},
        {"lost", -f.lost.cents},          {"won", -f.won.cents},             {"end", f.end.cents}};
    long long level = 0;
    for (std::size_t i = 0; i < std::size(steps); ++i) {
        const auto [name, cents] = steps[i];
        const bool total = i == 0 || i + 1 == std::size(steps);
        const long long from = total ? 0 : level;
        level = total ? cents : level + cents;
        const double base = static_cast<double>(std::min(from, level)) / 100;
        const double size = static_cast<double>(total ? cents : cents < 0 ? -cents : cents) / 100;
        ch.categories.push_back(name);
        ch.values.push_back({base, total ? size : 0, !total && cents > 0 ? size : 0, !total && cents < 0 ? size : 0});
        const std::string sign = total || cents == 0 ? "" : cents < 0 ? "−" : "+";
        ch.value_labels.push_back(sign + compact(Money{cents < 0 ? -cents : cents}));
        ch.emphasis.push_back(total);
    }
    return ch;
}

}  // namespace

std::vector<Chart> report_charts(const Context& c) {
    std::vector<Chart> out;
    out.push_back(attainment_chart(c));
    out.push_back(forecast_chart(c));
    if (auto a = activity_chart(c)) out.push_back(std::move(*a));
    for (Chart& ch : funnel_charts(c)) out.push_back(std::move(ch));
    out.push_back(range_chart(c));
    out.push_back(waterfall_chart(c));
    return out;
}

}  // namespace salesrep
