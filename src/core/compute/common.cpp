#include "salesrep/compute/common.hpp"

#include "memo.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace salesrep {

Context::Context(const Book& b, const Replay& r, Date t, Period p, bool has_p, const Selection& sel)
    : book(b), replay(r), today(t), period(std::move(p)), has_period(has_p) {
    filtered = sel.active();
    agent_selected.assign(b.agents.size(), !filtered);
    team_listed.assign(b.teams.size(), !filtered);
    for (const auto& id : sel.agents)
        if (int a = b.agent_index(id); a >= 0) agent_selected[a] = true;
    for (const auto& id : sel.teams) {
        int t_ = b.team_index(id);
        if (t_ < 0) continue;
        team_listed[t_] = true;
        for (std::size_t a = 0; a < b.agents.size(); ++a)
            if (b.agents[a].team == id) agent_selected[a] = true;
    }
}

Context::Context(const Context& base, Period p) : Context(base) {
    period = std::move(p);
    has_period = true;
}

ContextMemo& Context::memo() const {
    if (!memo_.memo) memo_.memo = std::make_shared<ContextMemo>();
    return *memo_.memo;
}

bool Context::in_listed_team(int agent) const {
    if (!filtered || agent < 0) return false;
    int t = book.team_index(book.agents[agent].team);
    return t >= 0 && team_listed[t];
}

std::vector<std::string> selection_errors(const Book& book, const Selection& sel) {
    std::vector<std::string> out;
    std::vector<std::string_view> agents, teams;
    for (const auto& a : book.agents) agents.push_back(a.id);
    for (const auto& t : book.teams) teams.push_back(t.id);
    for (const auto& id : sel.agents)
        if (book.agent_index(id) < 0)
            out.push_back(fmt::format("unknown agent '{}'{}", id, suggestion_suffix(id, agents)));
    for (const auto& id : sel.teams)
        if (book.team_index(id) < 0)
            out.push_back(fmt::format("unknown team '{}'{}", id, suggestion_suffix(id, teams)));
    return out;
}

const std::vector<int>& Context::deals_by_id() const {
    if (!deals_sorted_) {
        deals_by_id_.resize(book.deals.size());
        for (std::size_t i = 0; i < deals_by_id_.size(); ++i) deals_by_id_[i] = static_cast<int>(i);
        auto by_id = [&](int x, int y) { return book.deals[x].id < book.deals[y].id; };
        if (!std::is_sorted(deals_by_id_.begin(), deals_by_id_.end(), by_id))
            std::sort(deals_by_id_.begin(), deals_by_id_.end(),
by_id);
        deals_sorted_ = true;
    }
    return deals_by_id_;
}

}  // namespace salesrep
