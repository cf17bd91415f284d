#include "salesrep/compute/balance.hpp"

#include <algorithm>

namespace salesrep {

std::vector<BalanceRow> balance_rows(const Context& c) {
    const Book& b = c.book;
    std::vector<BalanceRow> rows(b.clients.size());
    for (std::size_t i = 0; i < b.clients.size(); ++i) {
        const ClientState& s = c.replay.clients[i];
        BalanceRow& r = rows[i];
        r.client = static_cast<int>(i);
        r.opening = b.clients[i].opening_balance;
        r.invoiced = s.invoiced;
        r.paid = s.paid;
        r.balance = Money{r.opening.cents + r.invoiced.cents - r.paid.cents};
        r.last_payment = s.last_payment;
    }
    if (c.has_period) {
        for (std::uint32_t i : applied_in_period(c)) {
            const Entry& e = b.entries[i];
            int ci = c.replay.client_of[i];
            if (ci < 0 || !e.amount) continue;
            if (e.kind == Kind::invoice) rows[ci].period_invoiced.cents += e.amount->cents;
            if (e.kind == Kind::payment) rows[ci].period_paid.cents += e.amount->cents;
        }
    }
    std::vector<BalanceRow> out;
    for (auto& r : rows)  // a client added by an entry after T is not there yet
        if (c.replay.clients[r.client].exists && c.keeps_owner(b.agent_index(b.clients[r.client].owner)))
            out.push_back(r);
    std::sort(out.begin(), out.end(),
              [&](const BalanceRow& x, const BalanceRow& y) { return b.clients[x.client].id < b.clients[y.client].id; });
    return out;
}

}  // namespace salesrep
