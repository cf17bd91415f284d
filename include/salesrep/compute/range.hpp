#pragma once
// The forecast as a range (SPEC §9b): P10, P50, P90 of won + the open deals
// that will be won, by reproducible trials, and the chance to reach the target.
#include "salesrep/compute/scopes.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace salesrep {

// SplitMix64 exactly as SPEC §9b writes it (all arithmetic mod 2^64).
struct SplitMix64 {
    std::uint64_t state = 0;
    explicit SplitMix64(std::uint64_t seed) : state(seed) {}
    std::uint64_t next() {
        std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    // One draw x = next() >> 11: 53 bits, 0 <= x < 2^53.
    std::uint64_t draw() { return next() >> 11; }
};

// A deal of probability num/den (0 <= num <= den, den > 0) is won when
// x × den < num × 2^53; as one comparison x < threshold, threshold =
// ceil(num × 2^53 / den) (0: never, 2^53: always).
std::uint64_t win_threshold(long long num, long long den);

// The index of percentile q in n sorted values: ceil(n × q / 100) − 1 (n >= 1).
std::size_t percentile_index(std::size_t n, int q);

struct RangeOptions {
    std::size_t trials = 10000;
    std::uint64_t seed = 1;
    bool calibrated = false;  // the stages' historical win rates where 10 or more deals closed
};

// Memory: 8 bytes per trial for each agent with a deal drawn, each team and the
// total (twice, while the rows are made). `--trials` is at most 1,000,000 and
// at most what keeps those totals within 2^25 cells (256 MiB).
inline constexpr std::size_t max_range_trials = 1000000;
inline constexpr std::size_t range_total_cells = std::size_t{1} << 25;
// The most trials this context's range may run (>= 1).
std::size_t range_trial_limit(const Context& c);
// The report's range: the default options, with no more trials than the limit
// (10,000 unless thousands of agents have deals in P).

struct RangeFigures {
    Money p10, p50, p90;
    long long reached = 0;  // trials whose total >= the row's sales target
    long long trials = 0;
    bool has_target = false;
};

RangeOptions report_range_options(const Context& c);

// One row per forecast row (forecast_rows' order and selection).
std::vector<ScopeRow<RangeFigures>> range_rows(const Context& c, const RangeOptions& o);

}  // namespace salesrep
