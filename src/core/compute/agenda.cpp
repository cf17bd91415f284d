// The agent's day: the agenda of next actions and the journal of entries
// (SPEC §10, §11 agenda and journal).
#include "salesrep/compute/agenda.hpp"
#include "salesrep/load.hpp"

#include <algorithm>

namespace salesrep {

std::string_view due_name(Due d) {
    switch (d) {
    case Due::overdue: return "overdue";
    case Due::today: return "today";
    case Due::upcoming: return "upcoming";
    }
    return "";
}

std::vector<AgendaRow> agenda_rows(const Context& c, int days) {
    const Date last = c.today.plus(days);
    std::vector<AgendaRow> rows;
    for (int i : c.deals_by_id()) {
        const DealState& s = c.replay.deals[static_cast<std::size_t>(i)];
        if (!s.exists || s.status != DealStatus::open || !c.keeps_owner(s.owner)) continue;
        if (!s.next_action || !s.next_action->due || *s.next_action->due > last) continue;
        AgendaRow r;
        r.deal = i;
        r.owner = s.owner;
        r.due = *s.next_action->due;
        r.days_overdue = c.today - r.due;
        r.when = r.days_overdue > 0 ? Due::overdue : r.days_overdue == 0 ? Due::today : Due::upcoming;
        rows.push_back(r);
    }
    // deals_by_id is in id order, so a stable sort keeps ids ascending within a day
    auto owner_rank = [](int owner) { return owner < 0 ? INT32_MAX : owner; };
    std::stable_sort(rows.begin(), rows.end(), [&](const AgendaRow& a, const AgendaRow& b) {
        if (a.owner != b.owner) return owner_rank(a.owner) < owner_rank(b.owner);
        return a.due < b.due;
    });
    return rows;
}

std::vector<std::uint32_t> journal_entries(const Context& c, const JournalFilter& f) {
    auto listed = [](const std::vector<int>& v, int x) { return std::find(v.begin(), v.end(), x) != v.end(); };
    std::vector<std::uint32_t> out;
    for (std::uint32_t i : applied_in_period(c)) {
        const Entry& e = c.book.entries[i];
        if (!f.kinds.empty() && std::find(f.kinds.begin(), f.kinds.end(), e.kind) == f.kinds.end()) continue;
        if (!f.deals.empty() && !listed(f.deals, c.replay.deal_of[i])) continue;
        if (!f.clients.empty() && !listed(f.clients, c.replay.client_of[i])) continue;
        if (c.filtered) {
            const int agent = c.replay.credited[i];
            if (agent < 0 || !c.agent_selected[static_cast<std::size_t>(agent)]) continue;
        }
        out.push_back(i);
    }
    return out;
}

std::string entry_details(const Entry& e) {
    // The entry without the parts that have their own column, in ledger syntax.
    Entry x = e;
    x.time.reset();
    x.agent = {};
    x.note = {};
    x.has_note = false;
    if (x.kind == Kind::won || x.kind == Kind::invoice || x.kind == Kind::payment) x.amount.reset();
    if (x.kind == Kind::next) {  // its text is the `what`; its day reads as a next: field
        x.kind = Kind::note;
        x.has_next_what = false;
    }
    std::string line = format_entry(x);
    const std::size_t head = format_date(x.date).size() + 1 + kind_name(x.kind).size() + 1 + x.target.size();
    return line.size() > head + 1 ? line.substr(head + 1) : std::string();
}

}  // namespace salesrep
