// salesrep show DEAL|CLIENT: one deal's or client's whole story.
#include "report_cli.hpp"

#include "salesrep/compute/balance.hpp"
#include "salesrep/load.hpp"

#include <fmt/format.h>

namespace salesrep::cli {

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

std::string opt_date(const std::optional<Date>& d) { return d ? format_date(*d) : std::string(); }

// The entries about a deal (or a client and its deals), in replay order.
Table history(const Session& s, int deal, int client) {
    const Book& b = s.book();
    Table t;
    t.name = "history";
    t.title = "History";
    t.columns = {{"date", "Date", ColType::date, false}, {"time", "Time", ColType::text, false},
                 {"kind", "Kind", ColType::text, false},  {"target", "On", ColType::text, false},
                 {"agent", "By", ColType::text, false},   {"detail", "Detail", ColType::text, false},
                 {"source", "Source", ColType::text, false}};
    for (std::uint32_t i : s.replay.applied) {
        const Entry& e = b.entries[i];
        bool about = deal >= 0 ? s.replay.deal_of[i] == deal
                               : (s.replay.client_of[i] == client);
        if (!about) continue;
        std::string line = format_entry(e);
        std::string head = format_date(e.date) + (e.time ? " " + format_time(*e.time) : "") + " " +
                           std::string(kind_name(e.kind)) + " " + std::string(e.target);
        std::string detail = line.size() > head.size() ? line.substr(head.size() + 1) : "";
        int agent = s.replay.credited[i];
        t.rows.push_back({format_date(e.date), e.time ? format_time(*e.time) : "", std::string(kind_name(e.kind)),
                          std::string(e.target), agent >= 0 ? b.agents[agent].id : "", detail,
                          fmt::format("{}:{}", b.sources.files[e.file].path, e.line)});
    }
    return t;
}

std::vector<Table> show_deal(const Session& s, int di) {
    const Book& b = s.book();
    const Deal& d = b.deals[di];
    const DealState& st = s.replay.deals[di];
    if (!st.exists) usage_error(fmt::format("deal '{}' is opened on {}, after --today {}", d.id, format_date(d.opened),
                                            format_date(s.loaded.today)));
    DealRow r = deal_row(*s.ctx, di);
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
        {"expected close", opt_date(st.expected_close)},
        {"slips", st.pushes.empty() ? "" : std::to_string(st.pushes.size())},
        {"closed", opt_date(st.closed_on)},
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
        Date end = stay.left ? *stay.left : s.loaded.today;
        stages.rows.push_back({st.pipeline >= 0 ? b.pipelines[st.pipeline].stages[stay.stage].id : "",
                               format_date(stay.entered), opt_date(stay.left), std::to_string(end - stay.entered)});
    }
    std::vector<Table> out{facts("deal", fmt::format("Deal {}", d.id), kv), stages};
    if (!st.pushes.empty()) out.push_back(pushes_table(st));  // SPEC §9 slips: each push, its day, from -> to
    out.push_back(history(s, di, -1));  // last: the CSV of `show`
    return out;
}

std::vector<Table> show_client(const Session& s, int ci) {
    const Book& b = s.book();
    const Client& c = b.clients[ci];
    BalanceRow bal;
    for (const auto& r : balance_rows(*s.ctx))
        if (r.client == ci) bal = r;
    std::vector<std::pair<std::string, std::string>> kv{
        {"client", c.id}, {"name", c.name}, {"industry", c.industry}, {"segment", c.segment}, {"owner", c.owner},
        {"contact", c.contact.name}, {"job title", c.contact.title}, {"email", c.contact.email},
        {"phone", c.contact.phone},
        {"balance", fmt::format("{} (opening {} + invoiced {} - paid {})", thousands(format_money(bal.balance)),
                                thousands(format_money(bal.opening)), thousands(format_money(bal.invoiced)),
                                thousands(format_money(bal.paid)))},
        {"last payment", opt_date(bal.last_payment)}};
    Table deals = deals_table(*s.ctx, {}, ViewOptions{false, false, 0});
    std::vector<Row> kept;
    for (auto& row : deals.rows)
        if (row[1] == c.id) kept.push_back(row);
    deals.rows = kept;
    deals.title = "Deals";
    return {facts("client", fmt::format("Client {}", c.id), kv), deals, history(s, -1, ci)};
}

}  // namespace

void setup_show(CLI::App& app, Globals& g) {
    auto opts = std::make_shared<ReportOptions>();
    auto id = std::make_shared<std::string>();
    CLI::App* sub = add_table_command(
        app, g, "show", "One deal's or client's whole story",
        "For a deal: its facts as of --today (stage, status, amounts, next action, flags),\n"
        "every stage it went through, and every ledger entry about it. For a client: its\n"
        "facts and contact, balance, deals and every entry on it or its deals. A deal whose\n"
        "expected close was pushed to a later day lists each push (slip): the day of the\n"
        "`set close:` and the close from -> to.\n"
        "With --format csv: the history; with json: every table.\n\n"
        "Examples:\n"
        "  salesrep show acme-renewal-2026\n"
        "  salesrep show acme --format md\n"
        "  salesrep show acme-renewal-2026 --today 2026-06-30",
        false, false, opts, [id](const Session& s, const ReportOptions&) {
            const Book& b = s.book();
            std::vector<Table> tables;
            if (int di = b.deal_index(*id); di >= 0) tables = show_deal(s, di);
            else if (int ci = b.client_index(*id); ci >= 0) tables = show_client(s, ci);
            if (!tables.empty()) {
                if (s.format == Format::csv) return std::vector<Table>{tables.back()};  // the history
                return tables;
            }
            std::vector<std::string_view> ids;
            for (const auto& d : b.deals) ids.push_back(d.id);
            for (const auto& c : b.clients) ids.push_back(c.id);
            usage_error(fmt::format("no deal or client '{}'{}", *id, suggestion_suffix(*id, ids)));
        });
    sub->add_option("ID", *id, "A deal id or a client id")->required();
}

}  // namespace salesrep::cli
