// Targets over a period and their attainment (SPEC §6; the filtered total of §9).
#include "salesrep/compute/targets.hpp"

#include <algorithm>

namespace salesrep {

namespace {

// The targets for one metric, by scope: each agent's, each team's, the company's.
struct MetricTargets {
    std::vector<std::vector<const Target*>> agent, team;
    std::vector<const Target*> company;
    std::optional<Date> first, last;  // the span of all of them

    MetricTargets(const Book& b, Metric m) : agent(b.agents.size()), team(b.teams.size()) {
        for (const Target& t : b.targets) {
            if (std::none_of(t.values.begin(), t.values.end(), [m](const auto& v) { return v.first == m; })) continue;
            if (t.scope == Scope::company) company.push_back(&t);
            else if (t.scope == Scope::team) {
                if (int i = b.team_index(t.id); i >= 0) team[static_cast<std::size_t>(i)].push_back(&t);
            } else if (int i = b.agent_index(t.id); i >= 0) {
                agent[static_cast<std::size_t>(i)].push_back(&t);
            }
            first = std::min(first.value_or(*t.period.from), *t.period.from);
            last = std::max(last.value_or(*t.period.to), *t.period.to);
        }
    }
};

// Σ value × overlap(P, T) / length(T) over `targets` for metric m; none when
// none of them overlaps P (SPEC §6).
std::optional<Rational> share(const std::vector<const Target*>& targets, Metric m, const Period& p) {
    std::optional<Rational> sum;
    for (const Target* t : targets) {
        const Overlap o = target_overlap(p, t->period);
        if (o.num <= 0 || o.den <= 0) continue;
        for (const auto& [metric, value] : t->values) {
            if (metric != m) continue;
            const Rational part = Rational::of(static_cast<__int128>(value) * o.num, o.den);
            sum = sum ? *sum + part : part;
        }
    }
    return sum;
}

void add_to(std::optional<Rational>& sum, const std::optional<Rational>& x) {
    if (x) sum = sum ? *sum + *x : *x;
}

// P cut into the units targets roll up by (SPEC §6): its calendar months when
// each bounded end of P is a month boundary, else its days; only the units
// within the span of the metric's targets.
std::vector<Period> units(const Period& p, const MetricTargets& ts) {
    if (!ts.first) return {};
    const Date from = p.from ? std::max(*p.from, *ts.first) : *ts.first;
    const Date to = p.to ? std::min(*p.to, *ts.last) : *ts.last;
    if (from > to) return {};
    const Period span{from, to, ""};
    if ((!p.from || is_month_start(*p.from)) && (!p.to || is_month_end(*p.to))) return months_in(span);
    std::vector<Period> days;
    for (Date d = from; d <= to; d = d.plus(1)) days.push_back(Period{d, d, ""});
    return days;
}

std::optional<Rational> team_share(const Book& b, const MetricTargets& ts, int team, Metric m, const Period& u) {
    if (auto own = share(ts.team[static_cast<std::size_t>(team)], m, u)) return own;
    std::optional<Rational> sum;
    for (std::size_t a = 0; a < b.agents.size(); ++a)
        if (b.agents[a].team == b.teams[static_cast<std::size_t>(team)].id) add_to(sum, share(ts.agent[a], m, u));
    return sum;
}

std::optional<Rational> company_share(const Book& b, const MetricTargets& ts, Metric m, const Period& u) {
    if (auto own = share(ts.company, m, u)) return own;
    std::optional<Rational> sum;
    for (std::size_t t = 0; t < b.teams.size(); ++t) add_to(sum, team_share(b, ts, static_cast<int>(t), m, u));
    for (std::size_t a = 0; a < b.agents.size(); ++a)
        if (b.agents[a].team.empty()) add_to(sum, share(ts.agent[a], m, u));
    return sum;
}

// Σ over P's units of what `unit` gives; none when no unit gives anything.
template <class F>
std::optional<Rational> rolled_up(const Context& c, const MetricTargets& ts, F unit) {
    std::optional<Rational> sum;
    for (const Period& u : units(c.period, ts)) add_to(sum, unit(u));
    return sum;
}

}  // namespace

std::optional<Rational> agent_target(const Context& c, int agent, Metric m) {
    const MetricTargets ts(c.book, m);
    return share(ts.agent[static_cast<std::size_t>(agent)], m, c.period);
}

std::optional<Rational> team_target(const Context& c, int team, Metric m) {
    const MetricTargets ts(c.book, m);
    return rolled_up(c, ts, [&](const Period& u) { return team_share(c.book, ts, team, m, u); });
}

std::optional<Rational> company_target(const Context& c, Metric m) {
    const MetricTargets ts(c.book, m);
    return rolled_up(c, ts, [&](const Period& u) { return company_share(c.book, ts, m, u); });
}

std::optional<Rational> row_target(const Context& c, Scope scope, int index, Metric m) {
    if (scope == Scope::agent) return agent_target(c, index, m);
    if (scope == Scope::team) return team_target(c, index, m);
    if (!c.filtered) return company_target(c, m);
    std::optional<Rational> sum;
    for (std::size_t t = 0; t < c.book.teams.size(); ++t)
        if (c.team_listed[t]) add_to(sum, team_target(c, static_cast<int>(t), m));
    for (std::size_t a = 0; a < c.book.agents.size(); ++a)
        if (c.agent_selected[a] && !c.in_listed_team(static_cast<int>(a)))
            add_to(sum, agent_target(c, static_cast<int>(a), m));
    return sum;
}

std::vector<TargetRow> target_rows(const Context& c) {
    std::vector<TargetRow> out;
    for (const auto& row : activity_rows(c)) {
        for (int k = 0; k < metric_count; ++k) {
            const Metric m = static_cast<Metric>(k);
            auto t = row_target(c, row.scope, row.index, m);
            if (!t) continue;
            out.push_back({row.scope, row.id, m, row.figures.actual(m), *t});
        }
    }
    return out;
}

std::optional<Rational> needed_per_week(const Context& c, const Rational& remaining) {
    if (!c.period.to || !c.period.contains(c.today)) return std::nullopt;
    const long long days_left = *c.period.to - c.today + 1;
    return remaining * Rational(7) / Rational(days_left);
}

std::string metric_value_text(Metric m, const Rational& hundredths) {
    Rational v = hundredths / Rational(100);
    if (!metric_is_money(m) && v.is_integer()) return format_fixed(v, 0);
    return format_fixed(v, 2);
}

}  // namespace salesrep
