#pragma once
// The story of one deal or one client (salesrep show, SPEC §11): tables as of
// the context's day, the history last (the one `show --format csv` prints).
#include "salesrep/compute/common.hpp"
#include "salesrep/table.hpp"

#include <vector>

namespace salesrep {

// The deal's facts (fields with no value left out), the stages it went through,
// its pushes of the expected close when it has any, and every entry about it.
// The deal must exist as of c.today (ctx.replay.deals[deal].exists).
std::vector<Table> show_deal(const Context& ctx, int deal);

// The client's facts and balance, its deals, and every entry on it or its deals.
std::vector<Table> show_client(const Context& ctx, int client);

}  // namespace salesrep
