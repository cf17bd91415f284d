// SPEC §9b as Tables: the forecast as a range, stage calibration; and the
// deals pushed most often (§9 slips).
#include "salesrep/compute/calibration.hpp"
#include "salesrep/compute/figures.hpp"
#include "salesrep/compute/range.hpp"
#include "salesrep/views.hpp"
#include "views_common.hpp"

#include "compute/memo.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

namespace salesrep {

using namespace view;

namespace {

// A percentage computed in floating point (the Wilson bounds), one decimal,
// half away from zero.
std::string pct1(double v) { return fmt::format("{:.1f}", std::round(v * 10) / 10); }

}  // namespace

Table forecast_range_table(const Context& c, const ViewOptions& o, const RangeOptions& r) {
    Table t = forecast_table(c, o);
    t.name = "forecast_range";
    t.title = fmt::format("Forecast range, {} (as of {}; {} trials, seed {}{})", c.period.label, format_date(c.today),
                          r.trials, r.seed, r.calibrated ? ", calibrated" : "");
    t.columns.push_back(col("p10", "P10", ColType::money));
    t.columns.push_back(col("p50", "P50", ColType::money));
    t.columns.push_back(col("p90", "P90", ColType::money));
    t.columns.push_back(col("chance_pct", "Chance %", ColType::pct, true));
    const auto rows = range_rows(c, r);
    for (std::size_t i = 0; i < rows.size() && i < t.rows.size(); ++i) {
        const RangeFigures& f = rows[i].figures;
        Row& row = t.rows[i];
        row.push_back(format_money(f.p10));
        row.push_back(format_money(f.p50));
        row.push_back(format_money(f.p90));
        row.push_back(f.has_target ? pct_text(Rational(f.reached), Rational(f.trials)) : std::string());
    }
    t.notes.push_back(fmt::format(
        "P10 / P50 / P90: won + the open deals won in a trial, each won with its {} independently; 10 % of the "
        "trials end below P10, half below P50, 90 % below P90. Chance %: the share of trials that reach the "
        "sales target.",
        r.calibrated ? "stage's historical win rate (where 10 or more deals closed; else its status %)"
                     : "status %"));
    return t;
}

Table calibration_table(const Context& c, bool use_period) {
    Table t;
    t.name = "calibration";
    t.title = use_period ? fmt::format("Stage calibration of the deals opened in {}", c.period.label)
                         : std::string("Stage calibration of every deal");
    t.columns = {col("pipeline", "Pipeline"),
                 col("stage", "Stage"),
                 col("probability", "Stage %", ColType::pct),
                 col("closed", "Closed", ColType::count),
                 col("won", "Won", ColType::count),
                 col("win_rate_pct", "Win rate %", ColType::pct, true),
                 col("low_pct", "Low %", ColType::pct),
                 col("high_pct", "High %", ColType::pct),
                 col("verdict", "Verdict")};
    for (const StageCalibration& s : calibration(c, use_period)) {
        const Pipeline& p = c.book.pipelines[static_cast<std::size_t>(s.pipeline)];
        Row row{p.id, p.stages[static_cast<std::size_t>(s.stage)].id, fmt::format("{}.0", s.probability),
                std::to_string(s.closed), std::to_string(s.won), pct_text(Rational(s.won), Rational(s.closed))};
        if (s.closed > 0) {
            const WilsonInterval w = wilson_interval(s.won, s.closed);
            row.push_back(pct1(w.low_pct));
            row.push_back(pct1(w.high_pct));
        } else {
            row.push_back("");
            row.push_back("");
        }
        row.push_back(calibration_verdict(s));
        t.rows.push_back(std::move(row));
    }
    t.notes.push_back("Closed: deals that reached the stage (as in the funnel) and are won or lost; win rate: won / "
                      "closed, with its 95 % Wilson interval (low, high). Verdict: `too high` when the stage % is above "
                      "the interval, `too low` when below, else `ok`; none under 10 closed deals.");
    return t;
}

Table most_pushed_table(const Context& c, std::size_t limit) {
    const Book& b = c.book;
    std::vector<const DealRow*> pushed;
    for (const DealRow& r : all_deal_rows(c))  // kept, in id order
        if (!r.state->pushes.empty()) pushed.push_back(&r);
    std::stable_sort(pushed.begin(), pushed.end(), [](const DealRow* x, const DealRow* y) {
        return x->state->pushes.size() > y->state->pushes.size();
    });
    const std::size_t shown = std::min(pushed.size(), limit);
    Table t;
    t.name = "most_pushed";
    t.title = shown < pushed.size()
                  ? fmt::format("Most pushed deals ({} shown of {} pushed)", shown, pushed.size())
                  : fmt::format("Most pushed deals ({} pushed)", pushed.size());
    t.columns = {col("deal", "Deal"),
                 col("owner", "Owner"),
                 col("state", "State"),
                 col("slips", "Slips", ColType::count),
                 col("first_close", "First close", ColType::date),
                 col("expected_close", "Close now", ColType::date),
                 col("days_pushed", "Days pushed", ColType::count),
                 col("last_push", "Last push", ColType::date)};
    for (std::size_t k = 0; k < shown; ++k) {
        const DealState& s = *pushed[k]->state;
        const Push& first = s.pushes.front();
        const Push& last = s.pushes.back();
        t.rows.push_back(make_row(b.deals[static_cast<std::size_t>(pushed[k]->deal)].id,
                                  s.owner >= 0 ? std::string_view(b.agents[static_cast<std::size_t>(s.owner)].id) : "",
                                  status_name(s.status), std::to_string(s.pushes.size()), format_date(first.from),
                                  s.expected_close ? format_date(*s.expected_close) : std::string(),
                                  s.expected_close ? std::to_string(*s.expected_close - first.from) : std::string(),
                                  format_date(last.on)));
    }
    t.notes.push_back("Slips: the times the expected close was moved to a later day. First close: the expected close "
                      "before the first push; days pushed: from it to the close now. Ties by deal id.");
    return t;
}

Table pushes_table(const DealState& s) {
    Table t;
    t.name = "pushes";
    t.title = fmt::format("Pushes ({} slips)", s.pushes.size());
    t.columns = {col("date", "Date", ColType::date), col("from", "From", ColType::date),
                 col("to", "To", ColType::date), col("days", "Days later", ColType::count)};
    for (const Push& p : s.pushes)
        t.rows.push_back(make_row(format_date(p.on), format_date(p.from), format_date(p.to), std::to_string(p.to - p.from)));
    return t;
}

}  // namespace salesrep

namespace salesrep {

Table range_summary_table(const Context& c) {
    const RangeOptions o = report_range_options(c);
    Table t;
    t.name = "range";
    t.title = fmt::format("How sure: the forecast as a range, {} ({} trials, seed {})", c.period.label, o.trials, o.seed);
    t.columns = {col("scope", "Scope"),
                 col("id", "Id"),
                 col("won", "Won", ColType::money),
                 col("forecast", "Forecast", ColType::money),
                 col("target", "Target", ColType::money),
                 col("p10", "P10", ColType::money),
                 col("p50", "P50", ColType::money),
                 col("p90", "P90", ColType::money),
                 col("chance_pct", "Chance %", ColType::pct, true)};
    const auto forecast = forecast_rows(c);
    const auto range = range_rows(c, o);
    for (std::size_t i = 0; i < range.size(); ++i) {
        const auto& r = range[i];
        if (r.scope == Scope::agent) continue;
        const auto target = row_target(c, r.scope, r.index, Metric::sales);
        const RangeFigures& f = r.figures;
        t.rows.push_back({r.scope == Scope::team ? "team" : "total", r.id, format_money(forecast[i].figures.won),
                          format_money(forecast[i].figures.forecast()),
                          target ? format_fixed(*target / Rational(100), 2) : std::string(), format_money(f.p10),
                          format_money(f.p50), format_money(f.p90),
                          f.has_target ? pct_text(Rational(f.reached), Rational(f.trials)) : std::string()});
        t.emphasis.push_back(r.scope == Scope::company);
    }
    t.notes.push_back(fmt::format("Each open deal expected in the period is won (its full amount) with its status % as "
                                  "the chance, in {} trials: 10 % of them end below P10, half below P50, 90 % below P90. "
                                  "Chance %: the share that reach the sales target. `salesrep forecast --range` gives "
                                  "every agent's row.",
                                  thousands(std::to_string(o.trials))));
    return t;
}

std::vector<std::string> range_summary(const Context& c) {
    const auto range = range_rows(c, report_range_options(c));
    const RangeFigures& f = range.back().figures;
    std::string line = fmt::format("Total: 8 times in 10 between {} and {} (P10 to P90), {} in the middle (P50).",
                                   thousands(format_money(f.p10)), thousands(format_money(f.p90)),
                                   thousands(format_money(f.p50)));
    if (f.has_target)
        line += fmt::format(" Chance to reach the sales target: {}%.", pct_text(Rational(f.reached), Rational(f.trials)));
    return {line};
}

}  // namespace salesrep
