// Forecast, activity and targets per agent, team and total (SPEC §6, §9).
#include "salesrep/compute/figures.hpp"
#include "salesrep/compute/status.hpp"

#include "memo.hpp"

#include <algorithm>

namespace salesrep {

void ForecastFigures::add(const ForecastFigures& o) {
    won.cents += o.won.cents;
    open_deals += o.open_deals;
    pipeline.cents += o.pipeline.cents;
    weighted.cents += o.weighted.cents;
    commit.cents += o.commit.cents;
    best_case.cents += o.best_case.cents;
}

void ActivityFigures::add(const ActivityFigures& o) {
    for (std::size_t i = 0; i < interactions.size(); ++i) interactions[i] += o.interactions[i];
    deals_opened += o.deals_opened;
    deals_won += o.deals_won;
    deals_lost += o.deals_lost;
    sales.cents += o.sales.cents;
    collected.cents += o.collected.cents;
}

long long ActivityFigures::actual(Metric m) const {
    switch (m) {
    case Metric::sales: return sales.cents;
    case Metric::collected: return collected.cents;
    case Metric::deals_won: return deals_won * 100;
    case Metric::deals_opened: return deals_opened * 100;
    case Metric::calls: return interactions[0] * 100;
    case Metric::meetings: return interactions[1] * 100;
    case Metric::emails: return interactions[2] * 100;
    case Metric::demos: return interactions[3] * 100;
    case Metric::visits: return interactions[4] * 100;
    case Metric::messages: return interactions[5] * 100;
    }
    return 0;
}

namespace {

// Builds agent rows, team rows (sum of their agents) and the total from
// per-agent figures and the figures of everything.
template <class F>
std::vector<ScopeRow<F>> group(const Context& c, const std::vector<F>& per_agent, const F& everything) {
    const Book& b = c.book;
    std::vector<ScopeRow<F>> rows;
    F kept_total;  // under a selection: the kept team rows plus kept agents outside them
    for (std::size_t a = 0; a < b.agents.size(); ++a) {
        if (!c.agent_selected[a]) continue;
        rows.push_back({Scope::agent, static_cast<int>(a), b.agents[a].id, per_agent[a]});
        if (!c.in_listed_team(static_cast<int>(a))) kept_total.add(per_agent[a]);
    }
    for (std::size_t t = 0; t < b.teams.size(); ++t) {
        if (!c.team_listed[t]) continue;
        F sum;
        for (std::size_t a = 0; a < b.agents.size(); ++a)
            if (b.agents[a].team == b.teams[t].id) sum.add(per_agent[a]);
        rows.push_back({Scope::team, static_cast<int>(t), b.teams[t].id, sum});
        kept_total.add(sum);
    }
    rows.push_back({Scope::company, -1, "", c.filtered ? kept_total : everything});
    return rows;
}

}  // namespace

namespace {

std::vector<ScopeRow<ForecastFigures>> compute_forecast_rows(const Context& c) {
    const Book& b = c.book;
    std::vector<ForecastFigures> per(b.agents.size());
    ForecastFigures all;
    for (std::size_t i = 0; i < b.deals.size(); ++i) {
        const DealState& s = c.replay.deals[i];
        if (!s.exists) continue;
        ForecastFigures f;
        int agent = -1;
        if (s.status == DealStatus::won && s.closed_on && c.period.contains(*s.closed_on)) {
            f.won = s.amount;
            agent = s.closed_owner;
        } else if (s.status == DealStatus::open && s.expected_close && c.period.contains(*s.expected_close)) {
            int pct = status_pct(b, s);
            f.open_deals = 1;
            f.pipeline = s.amount;
            f.weighted = weighted(s.amount, pct);
            Category cat = category_of(b, s);
            if (cat == Category::commit) f.commit = s.amount;
            if (cat == Category::best_case) f.best_case = s.amount;
            agent = s.owner;
        } else {
            continue;
        }
        all.add(f);
        if (agent >= 0) per[agent].add(f);
    }
    return group(c, per, all);
}

std::vector<ScopeRow<ActivityFigures>> compute_activity_rows(const Context& c) {
    const Book& b = c.book;
    const Replay& r = c.replay;
    std::vector<ActivityFigures> per(b.agents.size());
    ActivityFigures all;
    auto credit = [&](int agent, auto&& fn) {
        fn(all);
        if (agent >= 0) fn(per[agent]);
    };
    for (std::uint32_t i : applied_in_period(c)) {
        const Entry& e = b.entries[i];
        if (is_interaction(e.kind)) {
            std::size_t k = static_cast<std::size_t>(e.kind);
            credit(r.credited[i], [&](ActivityFigures& f) { ++f.interactions[k]; });
        } else if (e.kind == Kind::payment && e.amount) {
            int ci = r.client_of[i];
            int owner = ci >= 0 ? b.agent_index(b.clients[ci].owner) : -1;
            credit(owner, [&](ActivityFigures& f) { f.collected.cents += e.amount->cents; });
        }
    }
    for (std::size_t i = 0; i < b.deals.size(); ++i) {
        const DealState& s = r.deals[i];
        if (!s.exists) continue;
        if (c.period.contains(b.deals[i].opened))
            credit(b.agent_index(b.deals[i].owner), [](ActivityFigures& f) { ++f.deals_opened; });
        if (!s.closed_on || !c.period.contains(*s.closed_on)) continue;
        if (s.status == DealStatus::won)
            credit(s.closed_owner, [&](ActivityFigures& f) {
                ++f.deals_won;
                f.sales.cents += s.amount.cents;
            });
        if (s.status == DealStatus::lost) credit(s.closed_owner, [](ActivityFigures& f) { ++f.deals_lost; });
    }
    return group(c, per, all);
}

}  // namespace

std::vector<ScopeRow<ForecastFigures>> forecast_rows(const Context& c) {
    return c.memo().forecast.get([&c] { return compute_forecast_rows(c); });
}

std::vector<ScopeRow<ActivityFigures>> activity_rows(const Context& c) {
    return c.memo().activity.get([&c] { return compute_activity_rows(c); });
}

std::vector<int> past_due_deals(const Context& c) {
    std::vector<int> out;
    if (!c.period.from) return out;
    for (int i : c.deals_by_id()) {  // in id order
        const DealState& s = c.replay.deals[static_cast<std::size_t>(i)];
        if (s.exists && s.status == DealStatus::open && s.expected_close && *s.expected_close < *c.period.from &&
            c.keeps_owner(s.owner))
            out.push_back(i);
    }
    return out;
}

namespace {

// Σ value × overlap / length over the targets of one scope for a metric.
std::optional<Rational> sum_targets(const Context& c, Scope scope, const std::string& id, Metric m) {
    std::optional<Rational> sum;
    for (const Target& t : c.book.targets) {
        if (t.scope != scope || t.id != id) continue;
        for (const auto& [metric, value] : t.values) {
            if (metric != m) continue;
            Overlap o = target_overlap(c.period, t.period);
            if (o.num <= 0 || o.den <= 0) continue;
            Rational part = Rational::of(static_cast<__int128>(value) * o.num, o.den);
            sum = sum ? *sum + part : part;
        }
    }
    return sum;
}

}  // namespace

std::optional<Rational> agent_target(const Context& c, int agent, Metric m) {
    return sum_targets(c, Scope::agent, c.book.agents[agent].id, m);
}

std::optional<Rational> team_target(const Context& c, int team, Metric m) {
    const std::string& id = c.book.teams[team].id;
    if (auto own = sum_targets(c, Scope::team, id, m)) return own;
    std::optional<Rational> sum;
    for (std::size_t a = 0; a < c.book.agents.size(); ++a) {
        if (c.book.agents[a].team != id) continue;
        if (auto t = agent_target(c, static_cast<int>(a), m)) sum = sum ? *sum + *t : *t;
    }
    return sum;
}

std::optional<Rational> company_target(const Context& c, Metric m) {
    if (auto own = sum_targets(c, Scope::company, "", m)) return own;
    std::optional<Rational> sum;
    for (std::size_t a = 0; a < c.book.agents.size(); ++a)
        if (auto t = agent_target(c, static_cast<int>(a), m)) sum = sum ? *sum + *t : *t;
    return sum;
}

std::optional<Rational> row_target(const Context& c, Scope scope, int index, Metric m) {
    if (scope == Scope::agent) return agent_target(c, index, m);
    if (scope == Scope::team) return team_target(c, index, m);
    if (!c.filtered) return company_target(c, m);
    // the sum of the kept rows' targets: listed teams, and kept agents outside them
    std::optional<Rational> sum;
    auto add = [&sum](const std::optional<Rational>& t) {
        if (t) sum = sum ? *sum + *t : *t;
    };
    for (std::size_t a = 0; a < c.book.agents.size(); ++a)
        if (c.agent_selected[a] && !c.in_listed_team(static_cast<int>(a))) add(agent_target(c, static_cast<int>(a), m));
    for (std::size_t t = 0; t < c.book.teams.size(); ++t)
        if (c.team_listed[t]) add(team_target(c, static_cast<int>(t), m));
    return sum;
}

std::vector<TargetRow> target_rows(const Context& c) {
    std::vector<TargetRow> out;
    for (const auto& row : activity_rows(c)) {
        for (int k = 0; k < metric_count; ++k) {
            Metric m = static_cast<Metric>(k);
            auto t = row_target(c, row.scope, row.index, m);
            if (!t) continue;
            out.push_back({row.scope, row.id, m, row.figures.actual(m), *t});
        }
    }
    return out;
}

std::string pct_text(const Rational& num, const Rational& den) {
    if (den.is_zero()) return {};
    return format_fixed(num * Rational(100) / den, 1);
}

std::string metric_value_text(Metric m, const Rational& hundredths) {
    Rational v = hundredths / Rational(100);
    if (!metric_is_money(m) && v.is_integer()) return format_fixed(v, 0);
    return format_fixed(v, 2);
}

}  // namespace salesrep
