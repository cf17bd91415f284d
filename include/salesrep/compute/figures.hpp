#pragma once
// Per-scope figures over a period: forecast (SPEC §9 Forecast), activity and
// target attainment (SPEC §9 Activity and attainment, §6 targets).
#include "salesrep/compute/common.hpp"
#include "salesrep/rational.hpp"

#include <array>
#include <optional>
#include <string>
#include <vector>

namespace salesrep {

struct ForecastFigures {
    Money won;
    long long open_deals = 0;
    Money pipeline, weighted, commit, best_case;
    Money forecast() const { return Money{won.cents + weighted.cents}; }
    void add(const ForecastFigures& o);
};

struct ActivityFigures {
    std::array<long long, 6> interactions{};  // calls, meetings, emails, demos, visits, messages
    long long deals_opened = 0, deals_won = 0, deals_lost = 0;
    Money sales, collected;
    void add(const ActivityFigures& o);
    // The actual value of a target metric, in hundredths (money in cents, counts × 100).
    long long actual(Metric m) const;
};

// One row of a grouped report: an agent, a team or the total.
template <class F>
struct ScopeRow {
    Scope scope = Scope::agent;
    int index = -1;  // agent or team index; -1 for the total
    std::string id;  // "" for the total
    F figures;
};

// The rows in SPEC §11 order: kept agents (team.yaml order), kept teams, total.
// Team rows sum all their agents; the total sums every deal/entry, or with a
// selection the kept agents' rows.
std::vector<ScopeRow<ForecastFigures>> forecast_rows(const Context& c);
std::vector<ScopeRow<ActivityFigures>> activity_rows(const Context& c);

// Open deals (kept) whose expected close is before P's start: past due.
std::vector<int> past_due_deals(const Context& c);

// The target of a scope for a metric over P (SPEC §6), in hundredths; none
// when no target of that scope (or, for teams and the total, of its agents)
// overlaps P.
std::optional<Rational> agent_target(const Context& c, int agent, Metric m);
std::optional<Rational> team_target(const Context& c, int team, Metric m);
std::optional<Rational> company_target(const Context& c, Metric m);
// The target of a row (the total row under a selection: the sum of the kept agents').
std::optional<Rational> row_target(const Context& c, Scope scope, int index, Metric m);

struct TargetRow {
    Scope scope = Scope::agent;
    std::string id;
    Metric metric = Metric::sales;
    long long actual = 0;  // hundredths
    Rational target;       // hundredths
};
// One row per scope and metric with a target overlapping P.
std::vector<TargetRow> target_rows(const Context& c);

// "62.5" (one decimal, half away from zero) of num/den × 100; "" when den is 0.
std::string pct_text(const Rational& num, const Rational& den);
// A target or actual in hundredths, as printed: money with two decimals; counts
// whole when whole, else two decimals.
std::string metric_value_text(Metric m, const Rational& hundredths);

}  // namespace salesrep
