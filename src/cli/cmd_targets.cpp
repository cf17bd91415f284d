// salesrep targets: actual vs target per agent, team and total.
#include "report_cli.hpp"

namespace salesrep::cli {

void setup_targets(CLI::App& app, Globals& g) {
    auto opts = std::make_shared<ReportOptions>();
    add_table_command(
        app, g, "targets", "Target attainment per agent, team and total",
        "For every metric with a target overlapping the period: actual, target (prorated\n"
        "by months, or by days for a period that does not start and end on month\n"
        "boundaries), attainment % and what remains. Default period: the current quarter.\n\n"
        "Examples:\n"
        "  salesrep targets --quarter\n"
        "  salesrep targets --year 2026 --agent alice\n"
        "  salesrep targets --month 2026-11 --format csv",
        true, true, opts, [](const Session& s, const ReportOptions&) {
            return std::vector<Table>{targets_table(*s.ctx)};
        });
}

}  // namespace salesrep::cli
