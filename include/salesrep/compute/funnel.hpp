#pragma once
// Funnel conversion for a cohort of deals (SPEC §9 Funnel).
#include "salesrep/compute/common.hpp"
#include "salesrep/rational.hpp"

#include <string>
#include <vector>

namespace salesrep {

struct FunnelStage {
    std::string stage;
    long long reached = 0;
    Rational conversion_num{}, conversion_den{};  // reached(next) / reached(this)
    long long stay_days = 0, stays = 0;       // ended stays: total days and count
    long long won_stay_days = 0, won_stays = 0;  // the same, of the deals won as of T
};

struct FunnelPipeline {
    int pipeline = -1;
    std::vector<FunnelStage> stages;
    long long won = 0, lost = 0, open = 0;
    long long cycle_days = 0;  // sum over won deals of (won day - opened)
};

struct Breakdown {
    std::string dimension;  // segment, industry, source, owner
    std::string value;      // "" shown as (none)
    long long won = 0, lost = 0, open = 0;
    Money won_amount;
};

struct PathCount {
    std::string path;  // "lead > qualified > proposal > won"
    long long deals = 0;
};

struct Funnel {
    std::vector<FunnelPipeline> pipelines;
    std::vector<Breakdown> breakdowns;  // by dimension (segment, industry, source, owner), then value
    std::vector<PathCount> paths;       // most frequent first, then by path
};

// The funnel's cohort: the deal exists as of T, has a pipeline, is kept by the
// selection and, with `use_period`, was opened in P.
bool in_funnel_cohort(const Context& c, int deal, bool use_period);
// The funnel's "reached": the index of the furthest stage the deal was ever in
// (every stage when it was ever won, even if reopened since); -1: none. The
// deal reached stages 0..furthest (of its pipeline's `stages`).
int furthest_reached(const DealState& s, int stages);

// The cohort: deals opened in P when c.has_period, else every deal (existing as of T, kept).
Funnel funnel(const Context& c, bool use_period, std::size_t top_paths = 5);

}  // namespace salesrep
