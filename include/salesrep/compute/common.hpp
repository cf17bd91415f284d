#pragma once
// What every computation takes: the book, its replay as of T, the period and
// the selection of agents/teams (SPEC §9, last paragraphs).
#include "salesrep/book.hpp"
#include "salesrep/period.hpp"
#include "salesrep/replay.hpp"

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <type_traits>
#include <vector>

namespace salesrep {

// What a Context computed once (deal rows, figures, funnels): src/core/compute/memo.hpp.
struct ContextMemo;

struct Selection {
    std::vector<std::string> agents;  // --agent (ids)
    std::vector<std::string> teams;   // --team (ids)
    bool active() const { return !agents.empty() || !teams.empty(); }
};

struct Context {
    const Book& book;
    const Replay& replay;
    Date today;
    Period period;            // the reporting period P
    bool has_period = false;  // a period was asked for (funnel/balance use it only then)
    std::vector<bool> agent_selected;  // per agent: kept by the selection (all when none)
    std::vector<bool> team_listed;     // per team: listed with --team (all when no selection)
    bool filtered = false;

    Context(const Book& b, const Replay& r, Date t, Period p, bool has_p, const Selection& sel);
    // Under a selection: the agent belongs to a team listed with --team.
    bool in_listed_team(int agent) const;
    // A deal is kept when its owner (as of T) is a selected agent (or no selection).
    bool keeps_owner(int agent) const { return !filtered || (agent >= 0 && agent_selected[agent]); }
    // The same book, replay, day and selection over another period.
    Context(const Context& base, Period p);
    // The same book, period and selection as of another day, from its replay
    // (SPEC §9b: the replays of several days in one pass).
    Context(const Context& base, const Replay& r, Date t);
    // Deal indexes in id order (bytewise), computed once.
    const std::vector<int>& deals_by_id() const;
    // The deal's client, or null (as the replay found it: no lookup by id).
    const Client* client_of(int deal) const {
        const auto i = static_cast<std::size_t>(deal);
        const int ci = i < replay.client_of_deal.size() ? replay.client_of_deal[i] : book.client_index(book.deals[i].client);
        return ci < 0 ? nullptr : &book.clients[static_cast<std::size_t>(ci)];
    }
    // Results computed once per Context (thread-safe); a copy starts with none
    // (it may change its period).
    ContextMemo& memo() const { return *memo_.memo; }

private:
    struct MemoSlot {
        static std::shared_ptr<ContextMemo> fresh();
        std::shared_ptr<ContextMemo> memo = fresh();
        MemoSlot() = default;
        MemoSlot(const MemoSlot&) : memo(fresh()) {}
        MemoSlot& operator=(const MemoSlot&) {
            memo = fresh();
            return *this;
        }
    };
    mutable MemoSlot memo_;
};

// The applied entries dated in c.period, in replay order: a range of
// Replay::applied, which is in date order, so found by binary search.
std::span<const std::uint32_t> applied_in_period(const Context& c);

// The unknown ids of a selection, as messages ("unknown agent 'x' (did you mean 'y'?)").
std::vector<std::string> selection_errors(const Book& book, const Selection& sel);

}  // namespace salesrep
