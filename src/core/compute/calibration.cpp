// Stage calibration (SPEC §9b): configured stage % against history.
#include "salesrep/compute/calibration.hpp"

#include "salesrep/compute/funnel.hpp"

#include <cmath>

namespace salesrep {

std::vector<StageCalibration> calibration(const Context& c, bool use_period) {
    const Book& b = c.book;
    std::vector<StageCalibration> out;
    std::vector<std::size_t> first(b.pipelines.size());  // index in `out` of each pipeline's first stage
    for (std::size_t p = 0; p < b.pipelines.size(); ++p) {
        first[p] = out.size();
        for (std::size_t k = 0; k < b.pipelines[p].stages.size(); ++k)
            out.push_back({static_cast<int>(p), static_cast<int>(k), b.pipelines[p].stages[k].probability});
    }
    for (std::size_t i = 0; i < b.deals.size(); ++i) {
        if (!in_funnel_cohort(c, static_cast<int>(i), use_period)) continue;
        const DealState& s = c.replay.deals[i];
        if (s.status == DealStatus::open) continue;
        const int n = static_cast<int>(b.pipelines[static_cast<std::size_t>(s.pipeline)].stages.size());
        const int furthest = furthest_reached(s, n);
        for (int k = 0; k <= furthest; ++k) {
            StageCalibration& sc = out[first[static_cast<std::size_t>(s.pipeline)] + static_cast<std::size_t>(k)];
            ++sc.closed;
            if (s.status == DealStatus::won) ++sc.won;
        }
    }
    return out;
}

WilsonInterval wilson_interval(long long won, long long closed) {
    const double z = 1.96, n = static_cast<double>(closed), p = static_cast<double>(won) / n;
    const double center = p + z * z / (2 * n);
    const double spread = z * std::sqrt(p * (1 - p) / n + z * z / (4 * n * n));
    const double denom = 1 + z * z / n;
    WilsonInterval w;
    w.low_pct = won == 0 ? 0.0 : 100 * (center - spread) / denom;
    w.high_pct = won == closed ? 100.0 : 100 * (center + spread) / denom;
    return w;
}

std::string_view calibration_verdict(const StageCalibration& s) {
    if (s.closed < min_closed_for_verdict) return "";
    const WilsonInterval w = wilson_interval(s.won, s.closed);
    if (s.probability > w.high_pct) return "too high";
    if (s.probability < w.low_pct) return "too low";
    return "ok";
}

}  // namespace salesrep
