#pragma once
// Rows per agent, team and total (SPEC §9, §11 row order), and the percentages
// printed beside them.
#include "salesrep/compute/common.hpp"
#include "salesrep/rational.hpp"

#include <string>
#include <vector>

namespace salesrep {

// One row of a grouped report: an agent, a team or the total.
template <class F>
struct ScopeRow {
    Scope scope = Scope::agent;
    int index = -1;  // agent or team index; -1 for the total
    std::string id;  // "" for the total
    F figures;
};

// The rows in SPEC §11 order from per-agent figures and the figures of
// everything: kept agents (team.yaml order), kept teams (the sum of all their
// agents), total (everything; under a selection, the listed teams plus the
// kept agents outside them). F has add(const F&).
template <class F>
std::vector<ScopeRow<F>> scope_rows(const Context& c, const std::vector<F>& per_agent, const F& everything) {
    const Book& b = c.book;
    std::vector<ScopeRow<F>> rows;
    F kept_total;
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

// "62.5" (one decimal, half away from zero) of num/den × 100; "" when den is 0.
std::string pct_text(const Rational& num, const Rational& den);

}  // namespace salesrep
