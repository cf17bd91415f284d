#pragma once
// Follow-up priority (SPEC §9 Follow-up priority): days since the last contact,
// the `idle` flag, and the order of the list of who to call first.
#include "salesrep/compute/status.hpp"

#include <cstddef>
#include <vector>

namespace salesrep {

// T − the deal's last contact (the later of its opening and its latest
// interaction dated <= T on the deal or on its client: Replay's last_contact).
int days_since_contact(const Context& c, const DealState& s);
// days since contact > `priority.idle_days` of salesrep.yaml (default 7).
bool is_idle(const Context& c, int days_since_contact);
// The priority order: days since contact descending, then weighted amount
// descending, then deal id ascending.
bool comes_first(const Book& book, const DealRow& x, const DealRow& y);

// Open deals in priority order: days since contact desc, weighted desc, id asc.
std::vector<DealRow> priority_rows(const Context& c, std::size_t limit = 0);

}  // namespace salesrep
