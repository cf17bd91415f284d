// salesrep activity: calls, meetings, ... deals won and sales per agent.
#include "report_cli.hpp"

namespace salesrep::cli {

void setup_activity(CLI::App& app, Globals& g) {
    auto opts = std::make_shared<ReportOptions>();
    CLI::App* sub = add_table_command(
        app, g, "activity", "Activity volume per agent, team and total",
        "Counts of calls, meetings, emails, demos, visits and messages in the period (credited\n"
        "to the @agent, else the deal's owner, else the client's owner), deals opened, won\n"
        "and lost, sales, and payments collected. Default period: the current quarter.\n\n"
        "Examples:\n"
        "  salesrep activity --month\n"
        "  salesrep activity --quarter 2026-Q3 --team south\n"
        "  salesrep activity --period 2026-11-01..2026-11-15 --format json\n"
        "  salesrep activity --year --monthly",
        true, true, opts, [](const Session& s, const ReportOptions& o) {
            return std::vector<Table>{split_table(s, o, 2, [](const Context& c) { return activity_table(c); })};
        });
    add_split_options(sub, *opts);
}

}  // namespace salesrep::cli
