#pragma once
// Activity per agent, team and total (SPEC §9 Activity and attainment).
#include "salesrep/compute/scopes.hpp"

#include <array>
#include <vector>

namespace salesrep {

struct ActivityFigures {
    std::array<long long, 6> interactions{};  // calls, meetings, emails, demos, visits, messages
    long long deals_opened = 0, deals_won = 0, deals_lost = 0;
    Money sales, collected;
    void add(const ActivityFigures& o);
    // The actual value of a target metric, in hundredths (money in cents, counts × 100).
    long long actual(Metric m) const;
};

std::vector<ScopeRow<ActivityFigures>> activity_rows(const Context& c);

}  // namespace salesrep
