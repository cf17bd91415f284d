// salesrep balance: what each client owes.
#include "report_cli.hpp"

namespace salesrep::cli {

void setup_balance(CLI::App& app, Globals& g) {
    auto opts = std::make_shared<ReportOptions>();
    add_table_command(
        app, g, "balance", "Client balances: opening + invoiced - paid",
        "One row per client, by id: opening balance, invoiced, paid, balance and the day of\n"
        "the last payment, as of --today. With a period, two more columns: invoiced and\n"
        "paid within it.\n\n"
        "Examples:\n"
        "  salesrep balance\n"
        "  salesrep balance --quarter --format csv\n"
        "  salesrep balance --agent alice",
        false, true, opts, [](const Session& s, const ReportOptions&) {
            ViewOptions v;
            v.totals = s.format == Format::table || s.format == Format::md;
            return std::vector<Table>{balance_table(*s.ctx, v)};
        });
}

}  // namespace salesrep::cli
