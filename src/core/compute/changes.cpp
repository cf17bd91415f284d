// Pipeline changes between two days (SPEC §9b): each deal of S(A) or S(B), or
// opened, won or lost in (A, B], gets one movement; the rows add them up by the
// deal's owner as of B.
#include "salesrep/compute/changes.hpp"

#include "salesrep/compute/forecast.hpp"

#include <algorithm>

namespace salesrep {

std::string_view movement_name(Movement m) {
    switch (m) {
    case Movement::won: return "won";
    case Movement::lost: return "lost";
    case Movement::pushed: return "pushed";
    case Movement::created: return "created";
    case Movement::pulled: return "pulled";
    case Movement::increased: return "increased";
    case Movement::decreased: return "decreased";
    case Movement::unchanged: return "unchanged";
    case Movement::created_won: return "created+won";
    case Movement::created_lost: return "created+lost";
    }
    return "unchanged";
}

void ChangeFigures::add(const ChangeFigures& o) {
    start.cents += o.start.cents;
    created.cents += o.created.cents;
    pulled.cents += o.pulled.cents;
    increased.cents += o.increased.cents;
    decreased.cents += o.decreased.cents;
    pushed.cents += o.pushed.cents;
    lost.cents += o.lost.cents;
    won.cents += o.won.cents;
    end.cents += o.end.cents;
}

void ChangeFigures::add(const DealMove& m) {
    start.cents += m.start.cents;
    end.cents += m.end.cents;
    switch (m.movement) {
    case Movement::won: won.cents += m.moved.cents; break;
    case Movement::lost: lost.cents += m.moved.cents; break;
    case Movement::pushed: pushed.cents += m.moved.cents; break;
    case Movement::created: created.cents += m.moved.cents; break;
    case Movement::pulled: pulled.cents += m.moved.cents; break;
    case Movement::increased: increased.cents += m.moved.cents; break;
    case Movement::decreased: decreased.cents += m.moved.cents; break;
    case Movement::unchanged: break;
    case Movement::created_won:  // created, then won: the two cancel
        created.cents += m.moved.cents;
        won.cents += m.moved.cents;
        break;
    case Movement::created_lost:
        created.cents += m.moved.cents;
        lost.cents += m.moved.cents;
        break;
    }
}

Money ChangeFigures::expected_end() const {
    return Money{start.cents + created.cents + pulled.cents + increased.cents - decreased.cents - pushed.cents -
                 lost.cents - won.cents};
}

namespace {

using Seen = ChangesPass::Seen;
using BeforeClose = ChangesPass::BeforeClose;

std::vector<Seen> seen_as_of(const Context& day) {
    std::vector<Seen> out(day.book.deals.size());
    for (std::size_t i = 0; i < out.size(); ++i) {
        const DealState& s = day.replay.deals[i];
        if (!s.exists) continue;
        out[i] = {true, s.status == DealStatus::open, in_forecast(day, s), s.status, s.amount, s.expected_close,
                  s.owner};
    }
    return out;
}

// The first rule of SPEC §9b that applies, or none.
std::optional<DealMove> movement_of(const Seen& a, const Seen& b, const std::optional<BeforeClose>& before,
                                    bool opened_after_a) {
    DealMove m;
    m.owner = b.owner;
    if (a.open) m.amount_a = a.amount, m.close_a = a.close;
    if (b.open) m.amount_b = b.amount, m.close_b = b.close;
    m.in_start = a.in_pipeline;
    m.in_end = b.in_pipeline;
    if (a.in_pipeline) m.start = a.amount;
    if (b.in_pipeline) m.end = b.amount;
    if (a.in_pipeline && !b.open) {
        m.movement = b.status == DealStatus::won ? Movement::won : Movement::lost;
        m.moved = a.amount;
    } else if (a.in_pipeline && !b.in_pipeline) {
        m.movement = Movement::pushed;
        m.moved = a.amount;
    } else if (b.in_pipeline && !a.in_pipeline) {
        m.movement = opened_after_a ? Movement::created : Movement::pulled;
        m.moved = b.amount;
    } else if (a.in_pipeline) {
        const long long diff = b.amount.cents - a.amount.cents;
        m.movement = diff > 0 ? Movement::increased : diff < 0 ? Movement::decreased : Movement::unchanged;
        m.moved = Money{diff < 0 ? -diff : diff};
    } else if (opened_after_a && b.exists && !b.open && before && before->in_pipeline) {
        m.movement = b.status == DealStatus::won ? Movement::created_won : Movement::created_lost;
        m.moved = before->amount;
    } else {
        return std::nullopt;
    }
    return m;
}

}  // namespace

// Every deal starts unseen, so that a pass that did not reach a day (since not
// before today: a caller's mistake) gives empty rows, not a crash.
ChangesPass::ChangesPass(const Context& c, Date since)
    : c_(c), since_(since), at_a_(c.book.deals.size()), at_b_(c.book.deals.size()), before_(c.book.deals.size()) {}

void ChangesPass::as_of(const Replay& r) {
    if (r.today != since_ && r.today != c_.today) return;
    const Context day(c_, r, r.today);
    (r.today == since_ ? at_a_ : at_b_) = seen_as_of(day);
}

// Only the deals opened after A can be created then closed; the last close by B counts.
void ChangesPass::before_close(int deal, const DealState& s, const Entry& e) {
    if (s.opened > since_ && e.date <= c_.today)
        before_[static_cast<std::size_t>(deal)] = BeforeClose{in_forecast(c_.book, c_.period, e.date, s), s.amount};
}

Changes ChangesPass::result() const {
    const Book& book = c_.book;
    Changes out;
    out.since = since_;
    out.until = c_.today;
    std::vector<ChangeFigures> per(book.agents.size());
    ChangeFigures all;
    for (int i : c_.deals_by_id()) {
        const auto k = static_cast<std::size_t>(i);
        const bool opened_after_a = book.deals[k].opened > since_;
        std::optional<DealMove> m = movement_of(at_a_[k], at_b_[k], before_[k], opened_after_a);
        if (!m) continue;
        m->deal = i;
        all.add(*m);
        if (m->owner >= 0) per[static_cast<std::size_t>(m->owner)].add(*m);
        if (c_.keeps_owner(m->owner)) out.deals.push_back(*m);
    }
    std::stable_sort(out.deals.begin(), out.deals.end(),
                     [](const DealMove& x, const DealMove& y) { return x.movement < y.movement; });
    out.rows = scope_rows(c_, per, all);
    return out;
}

Changes pipeline_changes(const Context& c, Date since) {
    ChangesPass pass(c, since);
    SnapshotHooks hooks;
    hooks.as_of = [&pass](const Replay& r) { pass.as_of(r); };
    hooks.before_close = [&pass](int deal, const DealState& s, const Entry& e) { pass.before_close(deal, s, e); };
    replay_snapshots(c.book, pass.days(), hooks, &c.replay);
    return pass.result();
}

}  // namespace salesrep
