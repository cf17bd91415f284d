// Tables that only the readers' reports show (report --for): the teams side by
// side, the largest open deals, this period against the ones before it.
#include "salesrep/compute/figures.hpp"
#include "salesrep/compute/funnel.hpp"
#include "salesrep/compute/status.hpp"
#include "salesrep/report.hpp"

#include "compute/memo.hpp"
#include "views_common.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace salesrep {

using namespace view;

namespace {

// The period before P of P's own kind (a fiscal quarter, a month, a fiscal
// year), else the as many days just before it.
Period period_before(const Period& p, unsigned fys) {
    const Date from = *p.from, to = *p.to;
    const Date before = from.plus(-1);
    if (quarter_of(from, fys) == p) return quarter_of(before, fys);
    if (month_of(from) == p) return month_of(before);
    if (year_of(from, fys) == p) return year_of(before, fys);
    Period q{before.plus(-(to - from)), before, ""};
    q.label = fmt::format("{}..{}", format_date(*q.from), format_date(*q.to));
    return q;
}

// The same day a year earlier (29 February: the 28th).
Date year_earlier(Date d) {
    const unsigned day = std::min(d.day(), days_in_month(d.year() - 1, d.month()));
    return Date::from_ymd(d.year() - 1, d.month(), day);
}

// P a year earlier, of P's own kind where it is one.
Period period_year_before(const Period& p, unsigned fys) {
    const Date from = year_earlier(*p.from);
    if (quarter_of(*p.from, fys) == p) return quarter_of(from, fys);
    if (month_of(*p.from) == p) return month_of(from);
    if (year_of(*p.from, fys) == p) return year_of(from, fys);
    Period q{from, year_earlier(*p.to), ""};
    q.label = fmt::format("{}..{}", format_date(*q.from), format_date(*q.to));
    return q;
}

// Won and lost in a period, and the mean sales cycle (opened to won) of the deals won.
struct Outcomes {
    Money won;
    long long deals_won = 0, deals_lost = 0, cycle_days = 0;
};

Outcomes outcomes(const Context& c) {
    const ActivityFigures f = activity_rows(c).back().figures;
    Outcomes o{f.sales, f.deals_won, f.deals_lost, 0};
    for (std::size_t i = 0; i < c.replay.deals.size(); ++i) {
        const DealState& s = c.replay.deals[i];
        if (won_in_period(c, s) && c.keeps_owner(s.closed_owner))
            o.cycle_days += *s.closed_on - s.opened;
    }
    return o;
}

}  // namespace

Table teams_table(const Context& c) {
    Table t;
    t.name = "teams";
    t.title = fmt::format("Teams side by side, {}", c.period.label);
    t.columns = {col("scope", "Scope"), col("id", "Id"), col("won", "Won", ColType::money),
                 col("target", "Target", ColType::money), col("attainment_pct", "Won %", ColType::pct, true),
                 col("forecast", "Forecast", ColType::money), col("pipeline", "Pipeline", ColType::money),
                 col("commit", "Commit", ColType::money), col("deals_won", "Deals won", ColType::count),
                 col("deals_lost", "Deals lost", ColType::count), col("win_rate_pct", "Win rate %", ColType::pct)};
    const auto forecast = forecast_rows(c);
    const auto activity = activity_rows(c);
    for (std::size_t k = 0; k < forecast.size(); ++k) {
        const auto& r = forecast[k];
        if (r.scope == Scope::agent) continue;
        const ForecastFigures& f = r.figures;
        const ActivityFigures& a = activity[k].figures;
        const auto target = row_target(c, r.scope, r.index, Metric::sales);
        t.rows.push_back({r.scope == Scope::team ? "team" : "total", r.id, money(f.won),
                          target ? format_fixed(*target / Rational(100), 2) : std::string(),
                          target ? pct_text(Rational(f.won.cents), *target) : std::string(), money(f.forecast()),
                          money(f.pipeline), money(f.commit), std::to_string(a.deals_won), std::to_string(a.deals_lost),
                          pct_text(Rational(a.deals_won), Rational(a.deals_won + a.deals_lost))});
        t.emphasis.push_back(r.scope != Scope::team);
    }
    t.notes.push_back("Win rate: deals won / (won + lost) in the period.");
    return t;
}

Table top_open_deals_table(const Context& c, std::size_t n, bool by_weighted) {
    const Book& b = c.book;
    std::vector<const DealRow*> rows;
    for (const DealRow& r : open_deal_rows(c))
        if (in_forecast(c, *r.state)) rows.push_back(&r);
    auto key = [by_weighted](const DealRow* r) { return by_weighted ? r->weighted.cents : r->state->amount.cents; };
    std::stable_sort(rows.begin(), rows.end(), [&](const DealRow* x, const DealRow* y) { return key(x) > key(y); });
    if (rows.size() > n) rows.resize(n);
    Table t;
    t.name = by_weighted ? "best_pipeline" : "largest_open_deals";
    t.title = by_weighted ? fmt::format("Best pipeline: the {} open deals of {} with the largest weighted amount", n,
                                        c.period.label)
                          : fmt::format("The {} largest open deals expected to close in {}", n, c.period.label);
    t.columns = {col("deal", "Deal"), col("company", "Company"), col("owner", "Owner"), col("stage", "Stage"),
                 col("status_pct", "Status %", ColType::pct), col("amount", "Amount", ColType::money),
                 col("weighted", "Weighted", ColType::money), col("expected_close", "Close", ColType::date)};
    for (const DealRow* r : rows) {
        const Deal& d = b.deals[r->deal];
        const Client* cl = c.client_of(r->deal);
        t.rows.push_back({d.id, cl ? cl->name : d.client, owner_id(b, r->state->owner), std::string(r->stage_id),
                          fmt::format("{}.0", r->status_pct), money(r->state->amount), money(r->weighted),
                          opt_date(r->state->expected_close)});
    }
    return t;
}

Table period_comparison_table(const Context& c) {
    Table t;
    t.name = "comparison";
    t.title = "This period against the one before and a year earlier";
    t.columns = {col("period", "Period"), col("from", "From", ColType::date), col("to", "To", ColType::date),
                 col("won", "Won", ColType::money), col("deals_won", "Deals won", ColType::count),
                 col("deals_lost", "Deals lost", ColType::count), col("win_rate_pct", "Win rate %", ColType::pct),
                 col("avg_cycle_days", "Sales cycle (days)", ColType::number),
                 col("change_pct", "Won change %", ColType::pct)};
    if (!c.period.bounded()) return t;
    const unsigned fys = c.book.settings.fiscal_year_start;
    const Outcomes now = outcomes(c);
    auto row = [&](const Period& p, const Outcomes& o, bool compare) {
        t.rows.push_back(
            {p.label, opt_date(p.from), opt_date(p.to), money(o.won), std::to_string(o.deals_won),
             std::to_string(o.deals_lost), pct_text(Rational(o.deals_won), Rational(o.deals_won + o.deals_lost)),
             o.deals_won ? format_fixed(Rational::of(o.cycle_days, o.deals_won), 1) : std::string(),
             compare ? pct_text(Rational(now.won.cents - o.won.cents), Rational(o.won.cents)) : std::string()});
    };
    row(c.period, now, false);
    for (const Period& p : {period_before(c.period, fys), period_year_before(c.period, fys)}) {
        Context before(c, p);
        row(p, outcomes(before), true);
    }
    t.notes.push_back("Won and deals won/lost: closed in the period, as of today. Sales cycle: mean days from opened to "
                      "won. Won change: how much more (or less) this period won than that period, in % of what that period won.");
    return t;
}

Table activity_comparison_table(const Context& c) {
    Table t;
    t.name = "activity_comparison";
    t.title = "Activity against the period before";
    if (!c.period.bounded()) return t;
    const Period before = period_before(c.period, c.book.settings.fiscal_year_start);
    t.title = fmt::format("Activity in {} against {}", c.period.label, before.label);
    const Context earlier(c, before);
    const ActivityFigures now = activity_rows(c).back().figures;
    const ActivityFigures then = activity_rows(earlier).back().figures;
    t.columns = {col("metric", "Metric"), col("now", c.period.label, ColType::number),
                 col("before", before.label, ColType::number), col("change", "Change", ColType::number)};
    for (int m = 0; m < metric_count; ++m) {
        const Metric metric = static_cast<Metric>(m);
        const long long a = now.actual(metric), b = then.actual(metric);  // hundredths
        auto text = [&](long long v) {
            return metric_is_money(metric) ? money(Money{v}) : std::to_string(v / 100);
        };
        t.rows.push_back({std::string(metric_name(metric)), text(a), text(b),
                          (a >= b ? "+" : "-") + text(a >= b ? a - b : b - a)});
    }
    return t;
}

}  // namespace salesrep
