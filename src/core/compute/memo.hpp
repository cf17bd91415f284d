#pragma once
// Results a Context computes once and hands out many times: a report asks for
// the open deals, the figures and the funnel from several sections, and at
// 100,000 deals and 1,000,000 entries each pass costs tens of milliseconds.
#include "salesrep/compute/figures.hpp"
#include "salesrep/compute/funnel.hpp"
#include "salesrep/compute/status.hpp"

#include <map>
#include <mutex>
#include <optional>
#include <utility>
#include <vector>

namespace salesrep {

// Thread-safe: `report` builds its sections on several cores; each result is
// computed under `mutex` by the first to ask and never changes after.
struct ContextMemo {
    std::recursive_mutex mutex;
    std::optional<std::vector<DealRow>> deal_rows;      // every existing, kept deal, by id
    std::optional<std::vector<DealRow>> priority_rows;  // open ones in priority order
    std::optional<std::vector<ScopeRow<ForecastFigures>>> forecast;
    std::optional<std::vector<ScopeRow<ActivityFigures>>> activity;
    std::map<std::pair<bool, std::size_t>, Funnel> funnels;  // by (use_period, top_paths)
};

// The memoized rows themselves (no copy): every existing, kept deal by id, and
// the open ones in priority order.
const std::vector<DealRow>& all_deal_rows(const Context& c);
const std::vector<DealRow>& sorted_priority_rows(const Context& c);

}  // namespace salesrep
