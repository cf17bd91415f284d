// salesrep show DEAL|CLIENT: one deal's or client's whole story (SPEC §11).
#include "salesrep/show.hpp"

#include "salesrep/compute/balance.hpp"
#include "salesrep/compute/status.hpp"
#include "salesrep/load.hpp"
#include "salesrep/views.hpp"
#include "views_common.hpp"

#include <fmt/format.h>

namespace salesrep {

namespace {

Table facts(std::string name, std::string title, std::vector<std::pair<std::string, std::string>> kv) {
    Table t;
    t.name = std::move(name);
    t.title = std::move(title);
    t.columns = {{"field", "Field", ColType::text, false}, {"value", "Value", ColType::text, false}};
    for (auto& [k, v] : kv)
        if (!v.empty()) t.rows.push_back({k, v});
    return t;
}

// The entries about a deal (or a client and its deals), in replay order.
Table history(const Context& ctx, int deal, int client) {
    const Book& b = ctx.book;
    Table t;
    t.name = "history";
    t.title = "History";
    t.columns = {{"date", "Date", ColType::date, false}, {"time", "Time", ColType::text, false},
                 {"kind", "Kind", ColType::text, false},  {"target", "On", ColType::text, false},
                 {"agent", "By", ColType::text, false},   {"detail", "Detail", ColType::text, false},
                 {"source", "Source", ColType::text, false}};
    for (std::uint32_t i : ctx.replay.applied) {
        const Entry& e = b.entries[i];
        bool about = deal >= 0 ? ctx.replay.deal_of[i] == deal
                               : (ctx.replay.client_of[i] == client);
        if (!about) continue;
        std::string line = format_entry(e);
        std::string head = format_date(e.date) + (e.time ? " " + format_time(*e.time) : "") + " " +
                           std::string(kind_name(e.kind)) + " " + std::string(e.target);
        std::string detail = line.size() > head.size() ? line.substr(head.size() + 1) : "";
        int agent = ctx.replay.credited[i];
        t.rows.push_back({format_date(e.date), e.time ? format_time(*e.time) : "", std::string(kind_name(e.kind)),
                          std::string(e.target), agent >= 0 ? b.agents[agent].id : "", detail,
                          fmt::format("{}:{}", b.sources.files[e.file].path, e.line)});
    }
    return t;
}

}  // namespace

std::vector<Table> show_deal(const Context& ctx, int di) {
    const Book& b = ctx.book;
    const Deal& d = b.deals[di];
    const DealState& st = ctx.replay.deals[di];
    DealRow r = deal_row(ctx, di);
    const Client* c = b.client(d.client);
    std::vector<std::pair<std::string, std::string>> kv{
        {"deal", d.id},
        {"title", std::string(st.title)},
        {"client", c ? fmt::format("{} ({})", c->name, c->id) : d.client},
        {"contact", c ? fmt::format("{}{}{}", c->contact.name, c->contact.title.empty() ? "" : ", ", c->contact.title) : ""},
        {"owner", st.owner >= 0 ? b.agents[st.owner].id : ""},
        {"pipeline", st.pipeline >= 0 ? b.pipelines[st.pipeline].id : ""},
        {"state", std::string(status_name(st.status))},
        {"stage", std::string(r.stage_id)},
        {"status", fmt::format("{}.0%", r.status_pct)},
        {"amount", thousands(format_money(st.amount))},
        {"weighted", thousands(format_money(r.weighted))},
        {"category", st.status == DealStatus::open ? std::string(category_name(r.category)) : ""},
        {"opened", format_date(d.opened)},
        {"expected close", view::opt_date(st.expected_close)},
        {"slips", st.pushes.empty() ? "" : std::to_string(st.pushes.size())},
        {"closed", view::opt_date(st.closed_on)},
        {"lost reason", std::string(st.lost_reason)},
        {"in stage since", st.status == DealStatus::open ? format_date(st.stage_entered) : ""},
        {"days in stage", r.days_in_stage ? std::to_string(*r.days_in_stage) : ""},
        {"last contact", fmt::format("{} ({} days ago)", format_date(st.last_contact), r.days_since_contact)},
        {"next action", st.next_action && st.status == DealStatus::open
                            ? fmt::format("{}{}", st.next_action->what,
                                          st.next_action->due ? " (due " + format_date(*st.next_action->due) + ")" : "")
                            : ""},
        {"flags", flags_text(r.flags)},
        {"source", d.source}};
    Table stages;
    stages.name = "stages";
    stages.title = "Stages";
    stages.columns = {{"stage", "Stage", ColType::text, false}, {"entered", "Entered", ColType::date, false},
                      {"left", "Left", ColType::date, false}, {"days", "Days", ColType::count, false}};
    for (const StageStay& stay : st.stays) {
        Date end = stay.left ? *stay.left : ctx.today;
        stages.rows.push_back({st.pipeline >= 0 ? b.pipelines[st.pipeline].stages[stay.stage].id : "",
                               format_date(stay.entered), view::opt_date(stay.left), std::to_string(end - stay.entered)});
    }
    std::vector<Table> out{facts("deal", fmt::format("Deal {}", d.id), kv), stages};
    if (!st.pushes.empty()) out.push_back(pushes_table(st));  // SPEC §9 slips: each push, its day, from -> to
    out.push_back(history(ctx, di, -1));  // last: the CSV of `show`
    return out;
}

std::vector<Table> show_client(const Context& ctx, int ci) {
    const Book& b = ctx.book;
    const Client& c = b.clients[ci];
    BalanceRow bal;
    for (const auto& r : balance_rows(ctx))
        if (r.client == ci) bal = r;
    std::vector<std::pair<std::string, std::string>> kv{
        {"client", c.id}, {"name", c.name}, {"industry", c.industry}, {"segment", c.segment}, {"owner", c.owner},
        {"contact", c.contact.name}, {"job title", c.contact.title}, {"email", c.contact.email},
        {"phone", c.contact.phone},
        {"balance", fmt::format("{} (opening {} + invoiced {} - paid {})", thousands(format_money(bal.balance)),
                                thousands(format_money(bal.opening)), thousands(format_money(bal.invoiced)),
                                thousands(format_money(bal.paid)))},
        {"last payment", view::opt_date(bal.last_payment)}};
    Table deals = deals_table(ctx, {}, ViewOptions{false, false, 0});
    std::vector<Row> kept;
    for (auto& row : deals.rows)
        if (row[1] == c.id) kept.push_back(row);
    deals.rows = kept;
    deals.title = "Deals";
    return {facts("client", fmt::format("Client {}", c.id), kv), deals, history(ctx, -1, ci)};
}

}  // namespace salesrep
