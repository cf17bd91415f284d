// salesrep priority: who to call first.
#include "report_cli.hpp"

namespace salesrep::cli {

void setup_priority(CLI::App& app, Globals& g) {
    auto opts = std::make_shared<ReportOptions>();
    CLI::App* sub = add_table_command(
        app, g, "priority", "Open deals to follow up, longest without contact first",
        "Open deals ordered by days since the last contact (an interaction on the deal or\n"
        "its client), then by weighted amount, then by id. 'idle' flags deals without contact\n"
        "for more than priority.idle_days (salesrep.yaml, default 7).\n\n"
        "Examples:\n"
        "  salesrep priority --agent alice --limit 10\n"
        "  salesrep priority --team north --format md -o monday.md\n"
        "  salesrep priority --explain --limit 5",
        false, false, opts, [](const Session& s, const ReportOptions& o) {
            ViewOptions v;
            v.limit = o.limit;
            std::vector<Table> t{priority_table(*s.ctx, v)};
            if (o.explain) t.push_back(priority_explain_table(*s.ctx, v));
            return t;
        });
    sub->add_option("--limit", opts->limit, "At most N deals (0: all)")->type_name("N")->check(whole_number(1000000000));
    sub->add_flag("--explain", opts->explain, "Show the arithmetic behind each rank");
}

}  // namespace salesrep::cli
