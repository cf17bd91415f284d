// salesrep show DEAL|CLIENT: one deal's or client's whole story.
#include "report_cli.hpp"

#include "salesrep/show.hpp"

#include <fmt/format.h>

namespace salesrep::cli {

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
            if (int di = b.deal_index(*id); di >= 0) {
                if (!s.replay.deals[di].exists)
                    usage_error(fmt::format("deal '{}' is opened on {}, after --today {}", *id,
                                            format_date(b.deals[di].opened), format_date(s.loaded.today)));
                tables = show_deal(*s.ctx, di);
            } else if (int ci = b.client_index(*id); ci >= 0) {
                tables = show_client(*s.ctx, ci);
            }
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
