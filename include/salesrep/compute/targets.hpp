#pragma once
// Targets over a period and their attainment (SPEC §6, §9 Activity and attainment).
#include "salesrep/compute/activity.hpp"
#include "salesrep/rational.hpp"

#include <optional>
#include <string>
#include <vector>

namespace salesrep {

// The target of a scope for a metric over P, in hundredths (SPEC §6: teams and
// the company roll up per month, or per day when P is not whole months); none
// when no target of that scope or of a scope it sums overlaps P.
std::optional<Rational> agent_target(const Context& c, int agent, Metric m);
std::optional<Rational> team_target(const Context& c, int team, Metric m);
std::optional<Rational> company_target(const Context& c, Metric m);
// The target of a row; the total row under a selection: the listed teams'
// targets plus the listed agents' outside them (SPEC §9).
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

// The pace needed: remaining × 7 / the days from T to P's end, T included;
// none when T is not in P (or P has no end).
std::optional<Rational> needed_per_week(const Context& c, const Rational& remaining);

// A target or actual in hundredths, as printed: money with two decimals; counts
// whole when whole, else two decimals.
std::string metric_value_text(Metric m, const Rational& hundredths);

}  // namespace salesrep
