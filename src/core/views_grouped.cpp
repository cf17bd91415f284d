// Grouped reports as Tables: forecast, targets, activity, funnel.
#include "salesrep/compute/figures.hpp"
#include "salesrep/compute/status.hpp"
#include "salesrep/compute/funnel.hpp"
#include "salesrep/views.hpp"
#include "views_common.hpp"

#include <fmt/format.h>

namespace salesrep {

using namespace view;

namespace {

template <class F>
void mark_groups(Table& t, const std::vector<ScopeRow<F>>& rows) {
    t.emphasis.clear();
    for (const auto& r : rows) t.emphasis.push_back(r.scope != Scope::agent);
}

}  // namespace

Table forecast_table(const Context& c, const ViewOptions&) {
    Table t;
    t.name = "forecast";
    t.drop_order = {"best_case", "commit", "pipeline", "open_deals", "weighted"};  // at a narrow terminal, first first
    t.title = fmt::format("Forecast, {} (as of {})", c.period.label, format_date(c.today));
    t.columns = {col("scope", "Scope"), col("id", "Id"), col("won", "Won", ColType::money),
                 col("open_deals", "Open", ColType::count), col("pipeline", "Pipeline", ColType::money),
                 col("weighted", "Weighted", ColType::money), col("commit", "Commit", ColType::money),
                 col("best_case", "Best case", ColType::money), col("forecast", "Forecast", ColType::money),
                 col("target", "Target", ColType::money), col("attainment_pct", "Won %", ColType::pct, true),
                 col("projected_pct", "Projected %", ColType::pct)};
    auto rows = forecast_rows(c);
    for (const auto& r : rows) {
        const ForecastFigures& f = r.figures;
        auto target = row_target(c, r.scope, r.index, Metric::sales);
        Rational tgt = target ? *target : Rational();
        t.rows.push_back({scope_name(r.scope), r.id, money(f.won), std::to_string(f.open_deals), money(f.pipeline),
                          money(f.weighted), money(f.commit), money(f.best_case), money(f.forecast()),
                          target ? format_fixed(tgt / Rational(100), 2) : std::string(),
                          target ? pct_text(cents(f.won), tgt) : std::string(),
                          target ? pct_text(cents(f.forecast()), tgt) : std::string()});
    }
    mark_groups(t, rows);
    t.notes.push_back("Won: deals won in the period, by their owner on the day of the win. Open, pipeline, weighted, "
                      "commit and best case: open deals expected to close in the period. Forecast = won + weighted.");
    return t;
}

Table forecast_categories_table(const Context& c) {
    Table t;
    t.name = "forecast_categories";
    t.title = fmt::format("Forecast by category, {}", c.period.label);
    t.columns = {col("category", "Category"), col("deals", "Deals", ColType::count),
                 col("amount", "Amount", ColType::money), col("weighted", "Weighted", ColType::money),
                 col("share_pct", "Share %", ColType::pct, true)};
    long long n[4] = {};
    Money amount[4], w[4];
    Money total;
    for (std::size_t i = 0; i < c.book.deals.size(); ++i) {
        const DealState& s = c.replay.deals[i];
        if (!s.exists || !c.keeps_owner(s.owner)) continue;
        const DealForecast d = deal_forecast(c, static_cast<int>(i));
        if (!d.counts) continue;
        const int k = d.won ? 0 : d.category == Category::commit ? 1 : d.category == Category::best_case ? 2 : 3;
        ++n[k];
        amount[k].cents += s.amount.cents;
        w[k].cents += (d.won ? d.figures.won : d.figures.weighted).cents;
        total.cents += s.amount.cents;
    }
    const char* names[] = {"won", "commit", "best_case", "pipeline"};
    for (int k = 0; k < 4; ++k)
        t.rows.push_back({names[k], std::to_string(n[k]), money(amount[k]), money(w[k]),
                          pct_text(cents(amount[k]), cents(total))});
    return t;
}

Table forecast_explain_table(const Context& c) {
    const Book& b = c.book;
    Table t;
    t.name = "forecast_explain";
    t.title = fmt::format("Forecast arithmetic per deal, {}", c.period.label);
    t.columns = {col("deal", "Deal"), col("owner", "Owner"), col("state", "State"),
                 col("date", "Won / close", ColType::date), col("amount", "Amount", ColType::money),
                 col("status_pct", "Status %", ColType::pct), col("weighted", "Weighted", ColType::money),
                 col("category", "Category"), col("why", "Arithmetic")};
    for (const DealRow& r : deal_rows(c)) {
        const DealState& s = *r.state;
        const Deal& d = b.deals[r.deal];
        int owner = s.status == DealStatus::won ? s.closed_owner : s.owner;
        std::string owner_id = owner >= 0 ? b.agents[owner].id : "";
        if (won_in_period(c, s)) {
            t.rows.push_back({d.id, owner_id, "won", format_date(*s.closed_on), money(s.amount), "100.0",
                              money(s.amount), "", fmt::format("won {}: counts in full", format_date(*s.closed_on))});
        } else if (in_forecast(c, s)) {
            std::string src = s.probability ? "override" : "stage " + std::string(r.stage_id);
            std::string late = *s.expected_close < c.today
                                   ? fmt::format("; expected {}, past: counts as closing today", format_date(*s.expected_close))
                                   : "";
            t.rows.push_back({d.id, owner_id, "open", format_date(*effective_close(s, c.today)), money(s.amount),
                              fmt::format("{}.0", r.status_pct), money(r.weighted),
                              std::string(category_name(r.category)),
                              fmt::format("{} x {}% ({}) = {}{}", money(s.amount), r.status_pct, src,
                                          money(r.weighted), late)});
        }
    }
    return t;
}

Table targets_table(const Context& c) {
    Table t;
    t.name = "targets";
    t.drop_order = {"needed_per_week", "remaining"};  // at a narrow terminal, first first
    t.title = fmt::format("Targets and attainment, {}", c.period.label);
    t.columns = {col("scope", "Scope"), col("id", "Id"), col("metric", "Metric"),
                 col("actual", "Actual", ColType::money), col("target", "Target", ColType::money),
                 col("attainment_pct", "Attained %", ColType::pct, true), col("remaining", "Remaining", ColType::money),
                 col("needed_per_week", "Needed / week", ColType::money)};
    for (const TargetRow& r : target_rows(c)) {
        Rational actual(r.actual);
        Rational remaining = r.target - actual;
        if (remaining < Rational()) remaining = Rational();
        const std::optional<Rational> per_week = needed_per_week(c, remaining);
        std::string pace = per_week ? metric_value_text(r.metric, *per_week) : std::string();
        t.rows.push_back({scope_name(r.scope), r.id, std::string(metric_name(r.metric)),
                          metric_value_text(r.metric, actual), metric_value_text(r.metric, r.target),
                          pct_text(actual, r.target), metric_value_text(r.metric, remaining), pace});
        t.emphasis.push_back(r.scope != Scope::agent);
    }
    return t;
}

Table activity_table(const Context& c) {
    Table t;
    t.name = "activity";
    t.drop_order = {"messages", "visits", "demos", "emails", "collected", "deals_lost"};  // at a narrow terminal, first first
    t.title = fmt::format("Activity, {}", c.period.label);
    t.columns = {col("scope", "Scope"), col("id", "Id"), col("calls", "Calls", ColType::count),
                 col("meetings", "Meetings", ColType::count), col("emails", "Emails", ColType::count),
                 col("demos", "Demos", ColType::count), col("visits", "Visits", ColType::count),
                 col("messages", "Messages", ColType::count), col("deals_opened", "Opened", ColType::count),
                 col("deals_won", "Won", ColType::count), col("sales", "Sales", ColType::money),
                 col("deals_lost", "Lost", ColType::count), col("collected", "Collected", ColType::money)};
    auto rows = activity_rows(c);
    for (const auto& r : rows) {
        const ActivityFigures& f = r.figures;
        Row row{scope_name(r.scope), r.id};
        for (long long n : f.interactions) row.push_back(std::to_string(n));
        row.push_back(std::to_string(f.deals_opened));
        row.push_back(std::to_string(f.deals_won));
        row.push_back(money(f.sales));
        row.push_back(std::to_string(f.deals_lost));
        row.push_back(money(f.collected));
        t.rows.push_back(std::move(row));
    }
    mark_groups(t, rows);
    return t;
}

namespace {
std::string mean_text(long long sum, long long n) {
    return n ? format_fixed(Rational::of(sum, n), 1) : std::string();
}
}  // namespace

Table funnel_table(const Context& c, bool use_period) {
    Funnel f = funnel(c, use_period);
    Table t;
    t.name = "funnel";
    t.drop_order = {"avg_days_won", "win_rate_pct"};  // at a narrow terminal, first first
    t.title = use_period ? fmt::format("Funnel of the deals opened in {}", c.period.label)
                         : std::string("Funnel of every deal");
    t.columns = {col("pipeline", "Pipeline"), col("stage", "Stage"), col("reached", "Reached", ColType::count),
                 col("conversion_pct", "Conversion %", ColType::pct, true), col("avg_days", "Avg days", ColType::number),
                 col("win_rate_pct", "Win rate %", ColType::pct), col("avg_days_won", "Avg days (won)", ColType::number)};
    for (const FunnelPipeline& p : f.pipelines) {
        const std::string& pid = c.book.pipelines[p.pipeline].id;
        for (const FunnelStage& s : p.stages) {
            t.rows.push_back({pid, s.stage, std::to_string(s.reached), pct_text(s.conversion_num, s.conversion_den),
                              mean_text(s.stay_days, s.stays), "", mean_text(s.won_stay_days, s.won_stays)});
            t.emphasis.push_back(false);
        }
        t.rows.push_back({pid, "won", std::to_string(p.won), "", mean_text(p.cycle_days, p.won),
                          pct_text(Rational(p.won), Rational(p.won + p.lost)), ""});
        t.rows.push_back({pid, "lost", std::to_string(p.lost), "", "", "", ""});
        t.rows.push_back({pid, "open", std::to_string(p.open), "", "", "", ""});
        for (int k = 0; k < 3; ++k) t.emphasis.push_back(true);
    }
    t.notes.push_back("Reached: deals that were ever in the stage or a later one, or won. Conversion: reached by the "
                      "next stage (after the last: won). Avg days: mean length of the stays that ended; avg days (won): the "
                      "same over the deals won. On the won row, "
                      "avg days is the mean sales cycle (opened to won) and win rate = won / (won + lost).");
    return t;
}

Table winrate_table(const Context& c, bool use_period) {
    Funnel f = funnel(c, use_period);
    Table t;
    t.name = "win_rates";
    t.title = "Win rate by segment, industry, source and owner";
    t.columns = {col("dimension", "By"), col("value", "Value"), col("won", "Won", ColType::count),
                 col("lost", "Lost", ColType::count), col("open", "Open", ColType::count),
                 col("win_rate_pct", "Win rate %", ColType::pct, true),
                 col("mean_won_amount", "Mean won", ColType::money)};
    for (const Breakdown& b : f.breakdowns) {
        std::string mean = b.won ? format_fixed(Rational::of(b.won_amount.cents, b.won * 100), 2) : std::string();
        t.rows.push_back({b.dimension, b.value.empty() ? "(none)" : b.value, std::to_string(b.won),
                          std::to_string(b.lost), std::to_string(b.open),
                          pct_text(Rational(b.won), Rational(b.won + b.lost)), mean});
    }
    return t;
}

Table paths_table(const Context& c, bool use_period) {
    Funnel f = funnel(c, use_period);
    Table t;
    t.name = "winning_paths";
    t.title = "Most frequent paths of won deals";
    t.columns = {col("path", "Path"), col("deals", "Deals", ColType::count)};
    for (const PathCount& p : f.paths) t.rows.push_back({p.path, std::to_string(p.deals)});
    return t;
}

}  // namespace salesrep
