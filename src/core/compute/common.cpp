#include "salesrep/compute/common.hpp"

#include "memo.hpp"

#include <algorithm>
#include <cassert>
#include <cstdint>
#include <string_view>

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

Context::Context(const Context& base, const Replay& r, Date t)
    : book(base.book), replay(r), today(t), period(base.period), has_period(base.has_period),
      agent_selected(base.agent_selected), team_listed(base.team_listed), filtered(base.filtered) {}

std::shared_ptr<ContextMemo> Context::MemoSlot::fresh() { return std::make_shared<ContextMemo>(); }

bool Context::in_listed_team(int agent) const {
    if (!filtered || agent < 0) return false;
    int t = book.team_index(book.agents[agent].team);
    return t >= 0 && team_listed[t];
}

std::span<const std::uint32_t> applied_in_period(const Context& c) {
    const std::vector<std::uint32_t>& applied = c.replay.applied;
    const std::vector<Entry>& entries = c.book.entries;
    auto by_date = [&](std::uint32_t x, std::uint32_t y) { return entries[x].date < entries[y].date; };
    assert(std::is_sorted(applied.begin(), applied.end(), by_date));  // the replay's order (date first)
    (void)by_date;
    auto first = applied.begin(), last = applied.end();
    if (c.period.from)
        first = std::partition_point(first, last, [&](std::uint32_t i) { return entries[i].date < *c.period.from; });
    if (c.period.to)
        last = std::partition_point(first, last, [&](std::uint32_t i) { return entries[i].date <= *c.period.to; });
    return {first, last};
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
    if (!book.deals.empty() && book.deals_by_id.size() == book.deals.size()) return book.deals_by_id;  // from the loader
    return memo().deals_by_id.get([this] { return deals_in_id_order(book.deals); });
}

}  // namespace salesrep
