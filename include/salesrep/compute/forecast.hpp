#pragma once
// The forecast per agent, team and total (SPEC §9 Forecast): which deals count,
// and what they add up to.
#include "salesrep/compute/scopes.hpp"

#include <optional>
#include <vector>

namespace salesrep {

// An open deal cannot close in the past: its effective close is the later of
// its expected close and T (none without an expected close).
std::optional<Date> effective_close(const DealState& s, Date today);

// The deal was won in P (its state as of T is won, the win dated in P).
bool won_in_period(const Context& c, const DealState& s);
// The deal counts in P's open figures (open_deals, pipeline, weighted, commit,
// best_case): open, not `omitted`, its effective close in P.
bool in_forecast(const Context& c, const DealState& s);
// The same rule for a state seen at another moment than c's (SPEC §9b: a deal
// just before it closed), `today` being that moment's day.
bool in_forecast(const Book& book, const Period& period, Date today, const DealState& s);

struct ForecastFigures {
    Money won;
    long long open_deals = 0;
    Money pipeline, weighted, commit, best_case;
    Money forecast() const { return Money{won.cents + weighted.cents}; }
    void add(const ForecastFigures& o);
};

// The figures one deal adds to its row, and the agent credited (-1: none):
// the owner on the day of the win for a won deal, else the owner as of T.
struct DealForecast {
    ForecastFigures figures;
    int agent = -1;
    bool counts = false;  // won in P, or in the forecast
    bool won = false;     // won in P (else, when it counts, open in the forecast)
    Category category = Category::pipeline;  // an open deal's, when it counts
};
DealForecast deal_forecast(const Context& c, int deal);

std::vector<ScopeRow<ForecastFigures>> forecast_rows(const Context& c);

// Open deals (kept) whose expected close has passed (flagged `slipped`), by id:
// they count in the period that holds T, and reports list them apart.
std::vector<int> past_due_deals(const Context& c);

}  // namespace salesrep
