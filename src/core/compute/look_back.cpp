// The report's look back: two computations of SPEC §9b served by one pass over
// the ledger (each a reader of the pass: ChangesPass, AccuracyPass).
#include "salesrep/compute/look_back.hpp"

#include "memo.hpp"

namespace salesrep {

const LookBack& look_back(const Context& c) {
    return c.memo().look_back.get([&c] {
        LookBack out;
        const unsigned fys = c.book.settings.fiscal_year_start;
        out.last_quarter = quarter_of(quarter_of(c.today, fys).from->plus(-1), fys);
        const Context last(c, out.last_quarter);
        ChangesPass changes(c, c.today.plus(-7));
        AccuracyPass accuracy(last, false);
        std::vector<Date> days = changes.days();
        for (Date d : accuracy.days()) days.push_back(d);
        SnapshotHooks hooks;
        hooks.as_of = [&](const Replay& r) {
            changes.as_of(r);
            accuracy.as_of(r);
        };
        hooks.before_close = [&](int deal, const DealState& s, const Entry& e) { changes.before_close(deal, s, e); };
        replay_snapshots(c.book, std::move(days), hooks, &c.replay);
        out.week = changes.result();
        out.last_quarter_accuracy = accuracy.result();
        return out;
    });
}

const Changes& week_changes(const Context& c) { return look_back(c).week; }

}  // namespace salesrep
