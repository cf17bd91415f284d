#pragma once
// Stage calibration (SPEC §9b): each stage's configured % against the win rate
// of the deals that reached it, with the Wilson score interval and a verdict.
#include "salesrep/compute/common.hpp"

#include <string_view>
#include <vector>

namespace salesrep {

struct StageCalibration {
    int pipeline = -1;
    int stage = -1;         // index in the pipeline's stages
    int probability = 0;    // the stage's configured %
    long long closed = 0;   // reached the stage (as in the funnel), won or lost as of T
    long long won = 0;      // of those, won as of T
};

// Per pipeline and stage (funnel.yaml order), over the funnel's cohort (deals
// opened in P with `use_period`, else every deal; kept by the selection).
std::vector<StageCalibration> calibration(const Context& c, bool use_period);

// The Wilson score interval at 95 % (z = 1.96) around won / closed, in
// percent; low = 0 when won = 0 and high = 100 when won = closed. closed > 0.
struct WilsonInterval {
    double low_pct = 0, high_pct = 100;
};
WilsonInterval wilson_interval(long long won, long long closed);

// The fewest closed deals for a verdict (and for `forecast --range --calibrated`
// to use a stage's historical rate).
inline constexpr long long min_closed_for_verdict = 10;

// "too high" (probability > high), "too low" (probability < low), "ok"; ""
// when closed < 10.
std::string_view calibration_verdict(const StageCalibration& s);

}  // namespace salesrep
