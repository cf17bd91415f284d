// salesrep targets: actual vs target per agent, team and total.
#include "report_cli.hpp"

namespace salesrep::cli {

void setup_targets(CLI::App& app, Globals& g) {
    auto opts = std::make_shared<ReportOptions>();
    CLI::App* sub = add_table_command(
        app, g, "targets", "Target attainment per agent, team and total",
        "For every metric with a target overlapping the period: actual, target (prorated\n"
        "by months, or by days for a period that does not start and end on month\n"
        "boundaries), attainment % and what remains. Default period: the current quarter.\n\n"
        "Examples:\n"
        "  salesrep targets --quarter\n"
        "  salesrep targets --year 2026 --agent alice\n"
        "  salesrep targets --month 2026-11 --format csv\n"
        "  salesrep targets --year --quarterly",
        true, true, opts, [](const Session& s, const ReportOptions& o) {
            return std::vector<Table>{split_table(s, o, 3, [](const Context& c) { return targets_table(c); })};
        });
    add_split_options(sub, *opts);
}

}  // namespace salesrep::cli
