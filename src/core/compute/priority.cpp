// Follow-up priority (SPEC §9): who to call first.
#include "salesrep/compute/priority.hpp"

#include "memo.hpp"

#include <algorithm>

namespace salesrep {

int days_since_contact(const Context& c, const DealState& s) { return c.today - s.last_contact; }

bool is_idle(const Context& c, int days_since_contact) { return days_since_contact > c.book.settings.idle_days; }

bool comes_first(const Book& book, const DealRow& x, const DealRow& y) {
    if (x.days_since_contact != y.days_since_contact) return x.days_since_contact > y.days_since_contact;
    if (x.weighted != y.weighted) return x.weighted > y.weighted;
    return book.deals[x.deal].id < book.deals[y.deal].id;
}

const std::vector<DealRow>& sorted_priority_rows(const Context& c) {
    return c.memo().priority_rows.get([&c] {
        std::vector<DealRow> rows = open_deal_rows(c);
        std::sort(rows.begin(), rows.end(),
                  [&c](const DealRow& x, const DealRow& y) { return comes_first(c.book, x, y); });
        return rows;
    });
}

std::vector<DealRow> priority_rows(const Context& c, std::size_t limit) {
    const std::vector<DealRow>& sorted = sorted_priority_rows(c);
    if (limit && sorted.size() > limit)
        return std::vector<DealRow>(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(limit));
    return sorted;
}

}  // namespace salesrep
