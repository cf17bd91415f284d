// The forecast as a range (SPEC §9b): trials of a SplitMix64 generator over the
// open deals expected to close in P.
#include "salesrep/compute/range.hpp"

#include "salesrep/compute/calibration.hpp"
#include "salesrep/compute/figures.hpp"
#include "salesrep/compute/status.hpp"

#include "memo.hpp"

#include <algorithm>

namespace salesrep {

std::uint64_t win_threshold(long long num, long long den) {
    const unsigned __int128 scaled = static_cast<unsigned __int128>(num) << 53;
    const unsigned __int128 d = static_cast<unsigned __int128>(den);
    return static_cast<std::uint64_t>((scaled + d - 1) / d);
}

std::size_t percentile_index(std::size_t n, int q) {
    return (n * static_cast<std::size_t>(q) + 99) / 100 - 1;
}

namespace {

// Per trial, the amounts won by a scope's open deals. scope_rows sums them.
struct TrialTotals {
    std::vector<long long> t;
    void add(const TrialTotals& o) {
        if (t.size() < o.t.size()) t.resize(o.t.size(), 0);
        for (std::size_t i = 0; i < o.t.size(); ++i) t[i] += o.t[i];
    }
};

// The deals drawn, in id order: for each its threshold, amount and agent slot.
struct Draws {
    std::vector<std::uint64_t> threshold;
    std::vector<long long> amount;
    std::vector<std::uint32_t> slot;  // agent index; agents.size(): no agent
};

Draws deals_to_draw(const Context& c, const RangeOptions& o) {
    const Book& b = c.book;
    // --calibrated: the stage rates over every deal, whatever the period and selection.
    std::vector<std::vector<StageCalibration>> rates(b.pipelines.size());
    if (o.calibrated) {
        const Context all(b, c.replay, c.today, c.period, false, Selection{});
        for (const StageCalibration& s : calibration(all, false))
            rates[static_cast<std::size_t>(s.pipeline)].push_back(s);
    }
    Draws d;
    for (int i : c.deals_by_id()) {
        const DealState& s = c.replay.deals[static_cast<std::size_t>(i)];
        if (!in_forecast(c, s)) continue;  // the whole book: the selection only picks the rows
        std::uint64_t thr = win_threshold(status_pct(b, s), 100);
        if (o.calibrated && !s.probability && s.pipeline >= 0) {
            const auto& stages = rates[static_cast<std::size_t>(s.pipeline)];
            if (s.stage >= 0 && static_cast<std::size_t>(s.stage) < stages.size()) {
                const StageCalibration& sc = stages[static_cast<std::size_t>(s.stage)];
                if (sc.closed >= min_closed_for_verdict) thr = win_threshold(sc.won, sc.closed);
            }
        }
        d.threshold.push_back(thr);
        d.amount.push_back(s.amount.cents);
        d.slot.push_back(s.owner >= 0 ? static_cast<std::uint32_t>(s.owner) : static_cast<std::uint32_t>(b.agents.size()));
    }
    return d;
}

}  // namespace

namespace {

std::vector<ScopeRow<RangeFigures>> compute_range(const Context& c, const RangeOptions& o) {
    const std::size_t n = std::max<std::size_t>(o.trials, 1), agents = c.book.agents.size();
    const Draws d = deals_to_draw(c, o);
    // Only the agents with a deal drawn keep one total per trial: the others' are 0.
    std::vector<TrialTotals> per_agent(agents);
    std::vector<std::size_t> active;
    for (std::uint32_t slot : d.slot)
        if (slot < agents && per_agent[slot].t.empty()) {
            per_agent[slot].t.assign(n, 0);
            active.push_back(slot);
        }
    TrialTotals everything;
    everything.t.assign(n, 0);
    std::vector<long long> sums(agents + 1);
    SplitMix64 rng(o.seed);
    const std::size_t deals = d.threshold.size();
    for (std::size_t trial = 0; trial < n; ++trial) {
        std::fill(sums.begin(), sums.end(), 0);
        for (std::size_t k = 0; k < deals; ++k) {
            const long long won = -static_cast<long long>(rng.draw() < d.threshold[k]);  // all ones when won
            sums[d.slot[k]] += d.amount[k] & won;
        }
        long long all = sums[agents];
        for (std::size_t a : active) {
            per_agent[a].t[trial] = sums[a];
            all += sums[a];
        }
        everything.t[trial] = all;
    }
    const auto forecast = forecast_rows(c);
    auto totals = scope_rows(c, per_agent, everything);
    per_agent.clear();  // copied into the rows
    everything.t.clear();
    std::vector<ScopeRow<RangeFigures>> out;
    out.reserve(totals.size());
    for (std::size_t r = 0; r < totals.size(); ++r) {
        std::vector<long long>& t = totals[r].figures.t;
        t.resize(n, 0);  // a team without agents summed nothing
        const long long won = forecast[r].figures.won.cents;
        for (long long& x : t) x += won;
        std::sort(t.begin(), t.end());
        RangeFigures f;
        f.p10 = Money{t[percentile_index(n, 10)]};
        f.p50 = Money{t[percentile_index(n, 50)]};
        f.p90 = Money{t[percentile_index(n, 90)]};
        f.trials = static_cast<long long>(n);
        if (auto target = row_target(c, totals[r].scope, totals[r].index, Metric::sales)) {
            f.has_target = true;
            // the first total >= the target (exact: total × den >= num)
            auto first = std::partition_point(t.begin(), t.end(), [&](long long x) {
                return static_cast<__int128>(x) * target->den < target->num;
            });
            f.reached = static_cast<long long>(t.end() - first);
        }
        out.push_back({totals[r].scope, totals[r].index, totals[r].id, f});
        std::vector<long long>().swap(t);  // done with this row's trials
    }
    return out;
}

}  // namespace

std::size_t range_trial_limit(const Context& c) {
    const Book& b = c.book;
    std::vector<bool> has_deal(b.agents.size(), false);
    std::size_t rows = b.teams.size() + 2;  // teams, the total, and the total's own copy
    for (std::size_t i = 0; i < b.deals.size(); ++i) {
        const DealState& s = c.replay.deals[i];
        if (s.owner >= 0 && !has_deal[static_cast<std::size_t>(s.owner)] && in_forecast(c, s)) {
            has_deal[static_cast<std::size_t>(s.owner)] = true;
            rows += 2;  // its totals and their copy in its row
        }
    }
    return std::clamp<std::size_t>(range_total_cells / rows, 1, max_range_trials);
}

RangeOptions report_range_options(const Context& c) {
    RangeOptions o;
    o.trials = std::min(o.trials, range_trial_limit(c));
    return o;
}

std::vector<ScopeRow<RangeFigures>> range_rows(const Context& c, const RangeOptions& o) {
    const RangeOptions plain = report_range_options(c);
    if (o.trials == plain.trials && o.seed == plain.seed && o.calibrated == plain.calibrated)
        return c.memo().range.get([&c, &o] { return compute_range(c, o); });
    return compute_range(c, o);
}

}  // namespace salesrep
