#pragma once
// Results a Context computes once and hands out many times: a report asks for
// the open deals, the figures and the funnel from several sections, and at
// 100,000 deals and 1,000,000 entries each pass costs tens of milliseconds.
#include "salesrep/compute/look_back.hpp"
#include "salesrep/compute/figures.hpp"
#include "salesrep/compute/funnel.hpp"
#include "salesrep/compute/range.hpp"
#include "salesrep/compute/status.hpp"

#include <map>
#include <mutex>
#include <optional>
#include <utility>
#include <vector>

namespace salesrep {

// Thread-safe: `report` builds its sections on several cores. Each result is
// computed once, by the first to ask (std::call_once: another asking for the
// same result waits, one asking for another does not), and never changes after.
struct ContextMemo {
    template <class T>
    struct Slot {
        std::once_flag once;
        T value{};
        // The value, computed by `make` on first use.
        template <class Make>
        const T& get(Make&& make) {
            std::call_once(once, [&] { value = make(); });
            return value;
        }
    };
    Slot<std::vector<int>> deals_by_id;
    Slot<std::vector<DealRow>> deal_rows;      // every existing, kept deal, by id
    Slot<std::vector<DealRow>> open_rows;      // the open ones, by id
    Slot<std::vector<DealRow>> priority_rows;  // open ones in priority order
    Slot<std::vector<ScopeRow<ForecastFigures>>> forecast;
    Slot<std::vector<ScopeRow<ActivityFigures>>> activity;
    Slot<std::vector<ScopeRow<RangeFigures>>> range;  // with the default RangeOptions (the report's)
    Slot<LookBack> look_back;  // SPEC §9b: the report's changes of the week and accuracy of last quarter
    std::mutex funnels_mutex;  // held while a funnel is computed (the report asks for one)
    std::map<std::pair<bool, std::size_t>, Funnel> funnels;  // by (use_period, top_paths)
};

// The memoized rows themselves (no copy): every existing, kept deal by id, the
// open ones by id, and the open ones in priority order.
const std::vector<DealRow>& all_deal_rows(const Context& c);
const std::vector<DealRow>& open_deal_rows(const Context& c);
const std::vector<DealRow>& sorted_priority_rows(const Context& c);

}  // namespace salesrep
