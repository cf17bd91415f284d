// Lists of deals and clients as Tables: deals, priority, balance and the
// report's deal sections.
#include "salesrep/compute/balance.hpp"
#include "salesrep/compute/figures.hpp"
#include "salesrep/views.hpp"
#include "views_common.hpp"

#include "compute/memo.hpp"

#include <fmt/format.h>

namespace salesrep {

using namespace view;

Table deals_table(const Context& c, const DealFilter& f, const ViewOptions& o) {
    const Book& b = c.book;
    Table t;
    t.name = "deals";
    t.drop_order = {"next_action", "title", "category", "next_action_due", "closed", "slips", "last_contact", "flags", "days_in_stage", "pipeline", "status_pct", "weighted", "client"};  // at a narrow terminal, first first
    t.title = fmt::format("Deals as of {}", format_date(c.today));
    t.columns = {col("deal", "Deal"), col("client", "Client"), col("owner", "Owner"), col("pipeline", "Pipeline"),
                 col("stage", "Stage"), col("state", "State"), col("status_pct", "Status %", ColType::pct),
                 col("amount", "Amount", ColType::money), col("weighted", "Weighted", ColType::money),
                 col("expected_close", "Close", ColType::date), col("last_contact", "Last contact", ColType::date),
                 col("days_in_stage", "Days in stage", ColType::count), col("flags", "Flags"),
                 col("title", "Title"), col("category", "Category"), col("next_action_due", "Next due", ColType::date),
                 col("next_action", "Next action"), col("closed", "Closed", ColType::date),
                 col("slips", "Slips", ColType::count)};
    Money amount, weighted_sum;
    const std::vector<DealRow> rows = deal_rows(c, f);
    for (std::size_t k = 0; k < rows.size(); ++k) {
        const DealRow& r = rows[k];
        const Deal& d = b.deals[r.deal];
        const DealState& s = *r.state;
        bool open = s.status == DealStatus::open;
        t.rows.push_back(make_row(d.id, d.client, owner_id(b, s.owner),
                          s.pipeline >= 0 ? b.pipelines[s.pipeline].id : std::string(), r.stage_id,
                          std::string(status_name(s.status)), pct(r.status_pct), money(s.amount), money(r.weighted),
                          opt_date(s.expected_close), format_date(s.last_contact),
                          r.days_in_stage ? std::to_string(*r.days_in_stage) : std::string(), flags_text(r.flags),
                          s.title, open ? std::string(category_name(r.category)) : std::string(),
                          open && s.next_action ? opt_date(s.next_action->due) : std::string(),
                          open && s.next_action ? s.next_action->what : std::string(),
                          open ? std::string() : opt_date(s.closed_on), std::to_string(s.pushes.size())));
        amount.cents += s.amount.cents;
        weighted_sum.cents += r.weighted.cents;
    }
    if (o.totals && !t.rows.empty()) {
        Row total;
        for (std::size_t i = 0; i < t.columns.size(); ++i)
            total.push_back(i == 0   ? fmt::format("total ({} deals)", t.rows.size())
                            : i == 7 ? money(amount)
                            : i == 8 ? money(weighted_sum)
                                     : std::string());
        t.rows.push_back(std::move(total));
        t.emphasis.assign(t.rows.size(), false);
        t.emphasis.back() = true;
    }
    return t;
}

Table priority_table(const Context& c, const ViewOptions& o) {
    const Book& b = c.book;
    Table t;
    t.name = "priority";
    t.drop_order = {"phone", "contact", "next_action", "last_contact", "next_action_due", "flags", "client", "stage"};  // at a narrow terminal, first first
    t.title = fmt::format("Who to call first, as of {}", format_date(c.today));
    t.columns = {col("rank", "#", ColType::count), col("deal", "Deal"), col("client", "Client"),
                 col("owner", "Owner"), col("stage", "Stage"), col("days_since_contact", "Days", ColType::count),
                 col("last_contact", "Last contact", ColType::date), col("weighted", "Weighted", ColType::money),
                 col("next_action_due", "Next due", ColType::date), col("flags", "Flags"),
                 col("next_action", "Next action"), col("contact", "Contact"), col("phone", "Phone")};
    int rank = 0;
    const std::vector<DealRow>& rows = sorted_priority_rows(c);
    const std::size_t shown = o.limit ? std::min(o.limit, rows.size()) : rows.size();
    t.rows.reserve(shown);
    for (std::size_t k = 0; k < shown; ++k) {
        const DealRow& r = rows[k];
        const Deal& d = b.deals[r.deal];
        const DealState& s = *r.state;
        const Client* cl = c.client_of(r.deal);
        t.rows.push_back(make_row(std::to_string(++rank), d.id, d.client, owner_id(b, s.owner), r.stage_id,
                          std::to_string(r.days_since_contact), format_date(s.last_contact), money(r.weighted),
                          s.next_action ? opt_date(s.next_action->due) : std::string(), flags_text(r.flags),
                          s.next_action ? std::string_view(s.next_action->what) : std::string_view(),
                          cl ? std::string_view(cl->contact.name) : std::string_view(),
                          cl ? std::string_view(cl->contact.phone) : std::string_view()));
    }
    t.notes.push_back(fmt::format("Ordered by days since the last contact (call, meeting, email, demo, visit or "
                                  "message on the deal or its client), then weighted amount; idle after {} days.",
                                  b.settings.idle_days));
    return t;
}

Table priority_explain_table(const Context& c, const ViewOptions& o) {
    const Book& b = c.book;
    Table t;
    t.name = "priority_explain";
    t.title = "How each rank was computed";
    t.columns = {col("rank", "#", ColType::count), col("deal", "Deal"), col("opened", "Opened", ColType::date),
                 col("last_contact", "Last contact", ColType::date), col("days_since_contact", "Days", ColType::count),
                 col("amount", "Amount", ColType::money), col("status_pct", "Status %", ColType::pct),
                 col("weighted", "Weighted", ColType::money), col("why", "Arithmetic")};
    int rank = 0;
    for (const DealRow& r : priority_rows(c, o.limit)) {
        const Deal& d = b.deals[r.deal];
        const DealState& s = *r.state;
        std::string why = fmt::format("{} - {} = {} days; {} x {}% = {}", format_date(c.today),
                                      format_date(s.last_contact), r.days_since_contact, money(s.amount),
                                      r.status_pct, money(r.weighted));
        if (s.last_contact == d.opened && s.interactions == 0) why += " (no contact yet: counted from opening)";
        t.rows.push_back(make_row(std::to_string(++rank), d.id, format_date(d.opened), format_date(s.last_contact),
                          std::to_string(r.days_since_contact), money(s.amount), pct(r.status_pct),
                          money(r.weighted), why));
    }
    return t;
}

Table balance_table(const Context& c, const ViewOptions& o) {
    const Book& b = c.book;
    Table t;
    t.name = "balance";
    t.drop_order = {"last_payment", "opening", "name", "invoiced", "paid"};  // at a narrow terminal, first first
    t.title = fmt::format("Client balances as of {}", format_date(c.today));
    t.columns = {col("client", "Client"), col("name", "Name"), col("opening", "Opening", ColType::money),
                 col("invoiced", "Invoiced", ColType::money), col("paid", "Paid", ColType::money),
                 col("balance", "Balance", ColType::money), col("last_payment", "Last payment", ColType::date)};
    if (c.has_period) {
        t.columns.push_back(col("period_invoiced", fmt::format("Invoiced {}", c.period.label), ColType::money));
        t.columns.push_back(col("period_paid", fmt::format("Paid {}", c.period.label), ColType::money));
    }
    Money sums[6];
    for (const BalanceRow& r : balance_rows(c)) {
        const Client& cl = b.clients[r.client];
        Row row{cl.id, cl.name, money(r.opening), money(r.invoiced), money(r.paid), money(r.balance),
                opt_date(r.last_payment)};
        if (c.has_period) {
            row.push_back(money(r.period_invoiced));
            row.push_back(money(r.period_paid));
        }
        Money vals[6] = {r.opening, r.invoiced, r.paid, r.balance, r.period_invoiced, r.period_paid};
        for (int k = 0; k < 6; ++k) sums[k].cents += vals[k].cents;
        t.rows.push_back(std::move(row));
    }
    if (o.totals && !t.rows.empty()) {
        Row total{"total", "", money(sums[0]), money(sums[1]), money(sums[2]), money(sums[3]), ""};
        if (c.has_period) {
            total.push_back(money(sums[4]));
            total.push_back(money(sums[5]));
        }
        t.rows.push_back(total);
        t.emphasis.assign(t.rows.size(), false);
        t.emphasis.back() = true;
    }
    return t;
}

Table open_deals_detail_table(const Context& c) {
    const Book& b = c.book;
    Table t;
    t.name = "open_deals";
    t.drop_order = {"contact", "job_title", "industry", "next_action", "next_action_due", "probability", "company", "expected_close"};  // at a narrow terminal, first first
    t.title = "Open deals";
    t.columns = {col("deal", "Deal"), col("company", "Company"), col("industry", "Industry"),
                 col("contact", "Contact"), col("job_title", "Job title"), col("owner", "Owner"),
                 col("stage", "Stage"), col("status_pct", "Status %", ColType::pct),
                 col("amount", "Expected revenue", ColType::money), col("probability", "Probability %", ColType::pct),
                 col("expected_close", "Close", ColType::date), col("next_action", "Next action"),
                 col("next_action_due", "Due", ColType::date)};
    const std::vector<DealRow>& rows = open_deal_rows(c);
    t.rows.reserve(rows.size());
    using sv = std::string_view;
    for (std::size_t k = 0; k < rows.size(); ++k) {
        const DealRow& r = rows[k];
        const Deal& d = b.deals[r.deal];
        const DealState& s = *r.state;
        const Client* cl = c.client_of(r.deal);
        t.rows.push_back(make_row(d.id, cl ? sv(cl->name) : sv(d.client), cl ? sv(cl->industry) : sv(),
                          cl ? sv(cl->contact.name) : sv(), cl ? sv(cl->contact.title) : sv(), owner_id(b, s.owner),
                          r.stage_id, pct(r.status_pct), money(s.amount),
                          s.probability ? pct(*s.probability) : std::string(), opt_date(s.expected_close),
                          s.next_action ? sv(s.next_action->what) : sv(),
                          s.next_action ? opt_date(s.next_action->due) : std::string()));
    }
    return t;
}

namespace {
// `due`: per deal, the day it was due (days late counts from it); empty: its expected close.
Table deal_list(const Context& c, std::string name, std::string title, const std::vector<int>& deals,
                const std::vector<Date>& due = {}) {
    const Book& b = c.book;
    Table t;
    t.name = std::move(name);
    t.title = std::move(title);
    t.drop_order = {"weighted", "stage", "client"};  // at a narrow terminal, first first
    t.columns = {col("deal", "Deal"), col("client", "Client"), col("owner", "Owner"), col("stage", "Stage"),
                 col("amount", "Amount", ColType::money), col("weighted", "Weighted", ColType::money),
                 col("expected_close", "Close", ColType::date), col("days_late", "Days late", ColType::count)};
    t.rows.reserve(deals.size());
    for (std::size_t k = 0; k < deals.size(); ++k) {
        const int i = deals[k];
        DealRow r = deal_row(c, i);
        const DealState& s = *r.state;
        const std::optional<Date> was_due = k < due.size() ? std::optional<Date>(due[k]) : s.expected_close;
        int late = was_due ? c.today - *was_due : 0;
        t.rows.push_back(make_row(b.deals[i].id, b.deals[i].client, owner_id(b, s.owner), r.stage_id, money(s.amount),
                          money(r.weighted), opt_date(s.expected_close), late > 0 ? std::to_string(late) : ""));
    }
    return t;
}
}  // namespace

Table slipped_table(const Context& c) {
    return deal_list(c, "slipped", "Slipped deals (expected close before today)", past_due_deals(c));
}

// Carried over from P: deals still open that were expected to close in P and
// did not: their close was pushed from a day in P to a day after it, or (P not
// ended) their expected close in P has passed. Days late count from the day
// they were due in P.
Table carried_over_table(const Context& c) {
    std::vector<int> deals;
    std::vector<Date> due;
    for (const DealRow& r : open_deal_rows(c)) {
        const DealState& s = *r.state;
        std::optional<Date> was_due;
        for (const Push& p : s.pushes)
            if (c.period.contains(p.from) && c.period.to && p.to > *c.period.to) {
                was_due = p.from;
                break;
            }
        if (!was_due && s.expected_close && c.period.contains(*s.expected_close) && *s.expected_close < c.today)
            was_due = s.expected_close;
        if (!was_due) continue;
        deals.push_back(r.deal);
        due.push_back(*was_due);
    }
    return deal_list(c, "carried_over", fmt::format("Open deals carried over from {}", c.period.label), deals, due);
}

Table past_due_table(const Context& c) {
    return deal_list(c, "past_due",
                     fmt::format("Past due: open deals expected to close before today ({}); they count as closing today",
                                 format_date(c.today)),
                     past_due_deals(c));
}

}  // namespace salesrep
