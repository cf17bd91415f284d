// The agent's day as Tables: the agenda (next actions due) and the journal
// (the ledger's entries as written), SPEC §11 columns first.
#include "salesrep/compute/agenda.hpp"
#include "salesrep/compute/status.hpp"
#include "salesrep/views.hpp"
#include "views_common.hpp"

#include <fmt/format.h>

namespace salesrep {

using namespace view;

namespace {

Table agenda_of(const Context& c, const std::vector<AgendaRow>& rows, int days, bool with_owner) {
    const Book& b = c.book;
    Table t;
    t.name = "agenda";
    t.drop_order = {"when", "weighted", "stage", "client"};  // at a narrow terminal, first first
    t.title = fmt::format("Agenda as of {}: next actions overdue or due by {}", format_date(c.today),
                          format_date(c.today.plus(days)));
    t.columns = {col("due", "Due", ColType::date), col("deal", "Deal"), col("client", "Client"),
                 col("owner", "Owner"), col("what", "What"), col("days_overdue", "Days overdue", ColType::count),
                 col("when", "When"), col("stage", "Stage"), col("weighted", "Weighted", ColType::money)};
    if (!with_owner) t.columns.erase(t.columns.begin() + 3);
    for (const AgendaRow& r : rows) {
        const Deal& d = b.deals[static_cast<std::size_t>(r.deal)];
        const DealState& s = c.replay.deals[static_cast<std::size_t>(r.deal)];
        const DealRow dr = deal_row(c, r.deal);
        Row row;
        row.push_back(format_date(r.due));
        row.push_back(d.id);
        row.push_back(d.client);
        if (with_owner) row.push_back(owner_id(b, r.owner));
        row.push_back(s.next_action->what);
        row.push_back(r.days_overdue >= 0 ? std::to_string(r.days_overdue) : std::string());
        row.push_back(due_name(r.when));
        row.push_back(dr.stage_id);
        row.push_back(format_money(dr.weighted));
        t.rows.push_back(std::move(row));
    }
    return t;
}

}  // namespace

Table agenda_table(const Context& c, const std::vector<AgendaRow>& rows, int days) {
    return agenda_of(c, rows, days, true);
}

std::vector<Table> agenda_tables_by_owner(const Context& c, const std::vector<AgendaRow>& rows, int days) {
    const Book& b = c.book;
    std::vector<Table> out;
    for (std::size_t from = 0; from < rows.size();) {
        std::size_t to = from;
        int overdue = 0, today = 0;
        while (to < rows.size() && rows[to].owner == rows[from].owner) {
            overdue += rows[to].when == Due::overdue;
            today += rows[to].when == Due::today;
            ++to;
        }
        const int owner = rows[from].owner;
        Table t = agenda_of(c, {rows.begin() + static_cast<std::ptrdiff_t>(from), rows.begin() + static_cast<std::ptrdiff_t>(to)},
                            days, false);
        const int upcoming = static_cast<int>(to - from) - overdue - today;
        t.title = fmt::format("{}: {} overdue, {} due today",
                              owner >= 0 ? fmt::format("{} ({})", b.agents[owner].name, b.agents[owner].id)
                                         : std::string("No owner"),
                              overdue, today);
        if (days > 0) t.title += fmt::format(", {} in the next {} day{}", upcoming, days, days == 1 ? "" : "s");
        out.push_back(std::move(t));
        from = to;
    }
    if (out.empty()) out.push_back(agenda_of(c, rows, days, false));  // "No rows."
    return out;
}

Table journal_table(const Context& c, const std::vector<std::uint32_t>& entries) {
    const Book& b = c.book;
    Table t;
    t.name = "journal";
    t.drop_order = {"details", "file", "line", "time"};  // at a narrow terminal, first first
    t.title = c.has_period ? fmt::format("Journal, {} (as of {})", c.period.label, format_date(c.today))
                           : fmt::format("Journal as of {}", format_date(c.today));
    t.columns = {col("date", "Date", ColType::date), col("time", "Time"), col("kind", "Kind"),
                 col("target", "Target"), col("agent", "Agent"), col("amount", "Amount", ColType::money),
                 col("text", "Text"), col("file", "File"), col("line", "Line", ColType::number),
                 col("details", "Details")};
    t.rows.reserve(entries.size());
    for (std::uint32_t i : entries) {
        const Entry& e = b.entries[i];
        const std::string_view text = e.has_note ? e.note : e.kind == Kind::next ? e.next_what : std::string_view();
        const std::string_view file =
            e.file < b.sources.files.size() ? std::string_view(b.sources.files[e.file].path) : std::string_view();
        t.rows.push_back(make_row(format_date(e.date), e.time ? format_time(*e.time) : std::string(), kind_name(e.kind),
                                  e.target, owner_id(b, c.replay.credited[i]),
                                  e.amount ? format_money(*e.amount) : std::string(), text, file,
                                  std::to_string(e.line), entry_details(e)));
    }
    return t;
}

}  // namespace salesrep
