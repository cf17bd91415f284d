// The forecast (SPEC §9 Forecast): which deals count in a period, and their sums.
#include "salesrep/compute/forecast.hpp"

#include "memo.hpp"
#include "salesrep/compute/status.hpp"

#include <algorithm>

namespace salesrep {

std::optional<Date> effective_close(const DealState& s, Date today) {
    if (!s.expected_close) return std::nullopt;
    return std::max(*s.expected_close, today);
}

bool won_in_period(const Context& c, const DealState& s) {
    return s.exists && s.status == DealStatus::won && s.closed_on && c.period.contains(*s.closed_on);
}

bool in_forecast(const Context& c, const DealState& s) { return in_forecast(c.book, c.period, c.today, s); }

bool in_forecast(const Book& book, const Period& period, Date today, const DealState& s) {
    if (!s.exists || s.status != DealStatus::open) return false;
    const std::optional<Date> close = effective_close(s, today);
    return close && period.contains(*close) && category_of(book, s) != Category::omitted;
}

void ForecastFigures::add(const ForecastFigures& o) {
    won.cents += o.won.cents;
    open_deals += o.open_deals;
    pipeline.cents += o.pipeline.cents;
    weighted.cents += o.weighted.cents;
    commit.cents += o.commit.cents;
    best_case.cents += o.best_case.cents;
}

DealForecast deal_forecast(const Context& c, int deal) {
    const DealState& s = c.replay.deals[static_cast<std::size_t>(deal)];
    DealForecast out;
    if (won_in_period(c, s)) {
        out.figures.won = s.amount;
        out.agent = s.closed_owner;
        out.counts = true;
        out.won = true;
    } else if (in_forecast(c, s)) {
        ForecastFigures& f = out.figures;
        f.open_deals = 1;
        f.pipeline = s.amount;
        f.weighted = weighted(s.amount, status_pct(c.book, s));
        out.category = category_of(c.book, s);
        if (out.category == Category::commit) f.commit = s.amount;
        if (out.category == Category::best_case) f.best_case = s.amount;
        out.agent = s.owner;
        out.counts = true;
    }
    return out;
}

std::vector<ScopeRow<ForecastFigures>> forecast_rows(const Context& c) {
    return c.memo().forecast.get([&c] {
        std::vector<ForecastFigures> per(c.book.agents.size());
        ForecastFigures all;
        for (std::size_t i = 0; i < c.book.deals.size(); ++i) {
            const DealForecast d = deal_forecast(c, static_cast<int>(i));
            if (!d.counts) continue;
            all.add(d.figures);
            if (d.agent >= 0) per[static_cast<std::size_t>(d.agent)].add(d.figures);
        }
        return scope_rows(c, per, all);
    });
}

std::vector<int> past_due_deals(const Context& c) {
    std::vector<int> out;
    for (const DealRow& r : deal_rows(c, DealFilter{.open = true}))  // kept, in id order
        if (r.flags & flag_slipped) out.push_back(r.deal);
    return out;
}

}  // namespace salesrep
