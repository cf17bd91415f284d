#pragma once
// Client balances (SPEC §9 Balances).
#include "salesrep/compute/common.hpp"

#include <optional>
#include <vector>

namespace salesrep {

struct BalanceRow {
    int client = -1;
    Money opening, invoiced, paid, balance;
    std::optional<Date> last_payment;
    Money period_invoiced, period_paid;  // within P (when a period is given)
};

// One row per client (kept: owned by a selected agent), by id.
std::vector<BalanceRow> balance_rows(const Context& c);

}  // namespace salesrep
