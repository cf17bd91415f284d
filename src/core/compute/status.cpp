// Deal status and the deals list (SPEC §9 Status, Deals); the priority list is in priority.cpp.
#include "salesrep/compute/status.hpp"

#include "memo.hpp"
#include "salesrep/compute/priority.hpp"

#include <algorithm>

namespace salesrep {

int status_pct(const Book& book, const DealState& s) {
    if (s.status == DealStatus::won) return 100;
    if (s.status == DealStatus::lost) return 0;
    if (s.probability) return *s.probability;
    if (s.pipeline < 0) return 0;
    const auto& stages = book.pipelines[s.pipeline].stages;
    if (s.stage < 0 || s.stage >= static_cast<int>(stages.size())) return 0;
    return stages[s.stage].probability;
}

// SPEC §2: the deal's own override; else, with a probability override, the
// one its status % gives; else its stage's; else its status %'s.
Category category_of(const Book& book, const DealState& s) {
    if (s.category) return *s.category;
    if (!s.probability && s.pipeline >= 0 && s.status == DealStatus::open) {
        const auto& stages = book.pipelines[s.pipeline].stages;
        if (s.stage >= 0 && s.stage < static_cast<int>(stages.size()) && stages[s.stage].category)
            return *stages[s.stage].category;
    }
    const int pct = status_pct(book, s);
    return pct >= 75 ? Category::commit : pct >= 50 ? Category::best_case : Category::pipeline;
}

std::string flags_text(unsigned flags) {
    static const char* names[] = {"stalled", "slipped", "overdue", "idle"};
    std::string s;
    for (int i = 0; i < 4; ++i) {
        if (!(flags & (1u << i))) continue;
        if (!s.empty()) s += ';';
        s += names[i];
    }
    return s;
}

DealRow deal_row(const Context& c, int deal) {
    const Book& b = c.book;
    const DealState& s = c.replay.deals[deal];
    DealRow row;
    row.deal = deal;
    row.state = &s;
    const Stage* stage = nullptr;
    if (s.pipeline >= 0 && s.stage >= 0 && s.stage < static_cast<int>(b.pipelines[s.pipeline].stages.size()))
        stage = &b.pipelines[s.pipeline].stages[s.stage];
    row.stage_id = stage ? std::string_view(stage->id) : std::string_view();
    row.status_pct = status_pct(b, s);
    row.weighted = weighted(s.amount, row.status_pct);
    row.category = category_of(b, s);
    row.days_since_contact = days_since_contact(c, s);
    if (s.status != DealStatus::open) return row;
    row.days_in_stage = c.today - s.stage_entered;
    if (stage && stage->max_days && *row.days_in_stage > *stage->max_days) row.flags |= flag_stalled;
    if (s.expected_close && *s.expected_close < c.today) row.flags |= flag_slipped;
    if (s.next_action && s.next_action->due && *s.next_action->due < c.today) row.flags |= flag_overdue;
    if (is_idle(c, row.days_since_contact)) row.flags |= flag_idle;
    return row;
}

const std::vector<DealRow>& all_deal_rows(const Context& c) {
    return c.memo().deal_rows.get([&c] {
        std::vector<DealRow> rows;
        const std::vector<int>& ids = c.deals_by_id();
        rows.reserve(ids.size());
        for (std::size_t k = 0; k < ids.size(); ++k) {
            const int i = ids[k];
            const DealState& s = c.replay.deals[i];
            if (s.exists && c.keeps_owner(s.owner)) rows.push_back(deal_row(c, i));
        }
        return rows;
    });
}

const std::vector<DealRow>& open_deal_rows(const Context& c) {
    return c.memo().open_rows.get([&c] {
        std::vector<DealRow> rows;
        const std::vector<DealRow>& all = all_deal_rows(c);
        rows.reserve(all.size());
        for (const DealRow& row : all)
            if (row.state->status == DealStatus::open) rows.push_back(row);
        return rows;
    });
}

std::vector<DealRow> deal_rows(const Context& c, const DealFilter& f) {
    const bool any_state = f.open || f.won || f.lost;
    if (f.open && !f.won && !f.lost && f.stage.empty() && !f.opened) return open_deal_rows(c);
    const std::vector<DealRow>& all = all_deal_rows(c);
    if (!any_state && f.stage.empty() && !f.opened) return all;
    auto closed_in_p = [&](const DealState& s) { return !f.in_period || (s.closed_on && c.period.contains(*s.closed_on)); };
    std::vector<DealRow> rows;
    for (const DealRow& row : all) {
        const DealState& s = *row.state;
        const DealStatus st = s.status;
        if (any_state && !((f.open && st == DealStatus::open) || (f.won && st == DealStatus::won && closed_in_p(s)) ||
                           (f.lost && st == DealStatus::lost && closed_in_p(s))))
            continue;
        if (f.opened && !c.period.contains(s.opened)) continue;
        if (!f.stage.empty() && row.stage_id != f.stage) continue;
        rows.push_back(row);
    }
    return rows;
}

}  // namespace salesrep
