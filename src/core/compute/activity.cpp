// Activity per agent, team and total (SPEC §9 Activity and attainment).
#include "salesrep/compute/activity.hpp"

#include "memo.hpp"
#include "salesrep/compute/forecast.hpp"

namespace salesrep {

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

std::vector<ScopeRow<ActivityFigures>> compute_activity_rows(const Context& c) {
    const Book& b = c.book;
    const Replay& r = c.replay;
    std::vector<ActivityFigures> per(b.agents.size());
    ActivityFigures all;
    auto credit = [&](int agent, auto&& fn) {
        fn(all);
        if (agent >= 0) fn(per[static_cast<std::size_t>(agent)]);
    };
    // Interactions: credited to the @agent, else the default of SPEC §7.
    // Payments: to the client's owner.
    for (std::uint32_t i : applied_in_period(c)) {
        const Entry& e = b.entries[i];
        if (is_interaction(e.kind)) {
            std::size_t k = static_cast<std::size_t>(e.kind);
            credit(r.credited[i], [&](ActivityFigures& f) { ++f.interactions[k]; });
        } else if (e.kind == Kind::payment && e.amount) {
            int ci = r.client_of[i];
            int owner = ci >= 0 ? b.agent_index(b.clients[static_cast<std::size_t>(ci)].owner) : -1;
            credit(owner, [&](ActivityFigures& f) { f.collected.cents += e.amount->cents; });
        }
    }
    // Deals opened (by owner at opening), won and lost (by owner on that day) in P.
    for (const DealState& s : r.deals) {
        if (!s.exists) continue;
        if (c.period.contains(s.opened)) credit(s.opening_owner, [](ActivityFigures& f) { ++f.deals_opened; });
        if (won_in_period(c, s))  // as the forecast's `won`
            credit(s.closed_owner, [&](ActivityFigures& f) {
                ++f.deals_won;
                f.sales.cents += s.amount.cents;
            });
        if (s.status == DealStatus::lost && s.closed_on && c.period.contains(*s.closed_on))
            credit(s.closed_owner, [](ActivityFigures& f) { ++f.deals_lost; });
    }
    return scope_rows(c, per, all);
}

}  // namespace

std::vector<ScopeRow<ActivityFigures>> activity_rows(const Context& c) {
    return c.memo().activity.get([&c] { return compute_activity_rows(c); });
}

}  // namespace salesrep
