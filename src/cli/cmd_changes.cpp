// salesrep changes: what moved the pipeline of a period between two days (SPEC §9b).
#include "report_cli.hpp"

#include "salesrep/compute/changes.hpp"

#include <fmt/format.h>

namespace salesrep::cli {

namespace {

struct ChangesOptions {
    std::string since;   // --since D (default: 7 days before today)
    bool deals = false;  // --deals
};

std::vector<Table> run_changes(const Session& s, const ChangesOptions& o) {
    const Context& c = *s.ctx;
    Date since = c.today.plus(-7);
    if (!o.since.empty()) {
        std::optional<Date> d = parse_date(o.since);
        if (!d) usage_error(fmt::format("--since '{}' is not a date; write YYYY-MM-DD", o.since));
        since = *d;
    }
    if (since >= c.today)
        usage_error(fmt::format("--since {} must be before today ({}): changes compare an earlier day with today",
                                format_date(since), format_date(c.today)));
    const Changes ch = pipeline_changes(c, since);
    if (o.deals) return {changes_deals_table(c, ch)};
    std::vector<Table> t{changes_table(c, ch)};
    if (s.format == Format::table) t.push_back(changes_waterfall_table(c, ch));
    return t;
}

}  // namespace

void setup_changes(CLI::App& app, Globals& g) {
    auto opts = std::make_shared<ReportOptions>();
    auto extra = std::make_shared<ChangesOptions>();
    CLI::App* sub = add_table_command(
        app, g, "changes", "What moved the pipeline of a period since a day (default: a week ago)",
        "The open deals expected to close in the period (not omitted) on two days, A\n"
        "(--since, default 7 days before today) and today, and what moved in between:\n"
        "  start + created + pulled + increased - decreased - pushed - lost - won = end\n"
        "per agent (the deal's owner today), team and total. Created: opened since A;\n"
        "pulled: its close moved into the period, it was reopened or no longer omitted;\n"
        "pushed: its close moved past the period (or it became omitted); won and lost:\n"
        "closed since A, at the amount it had on A. A deal opened and closed since A\n"
        "counts as created and then won or lost. The terminal draws the total as a\n"
        "waterfall. With --deals: each deal that moved, its amounts and expected closes\n"
        "on both days. Default period: the current fiscal quarter.\n"
        "Reading it: a big 'pushed' is deals slipping out of the period (ask for the new\n"
        "dates); big 'created' or 'pulled' with little 'won' is a pipeline that grows but\n"
        "does not close; an unchanged end can hide much movement: the steps show it.\n\n"
        "Examples:\n"
        "  salesrep changes                          the quarter's pipeline since a week ago\n"
        "  salesrep changes --since 2026-10-01 --team north\n"
        "  salesrep changes --deals --format csv     which deals moved, for a script",
        true, true, opts, [extra](const Session& s, const ReportOptions&) { return run_changes(s, *extra); });
    sub->add_option("--since", extra->since, "The earlier day A, before today (default: 7 days before today)")
        ->type_name("DATE");
    sub->add_flag("--deals", extra->deals, "List the deals that moved instead of the rows per agent");
}

}  // namespace salesrep::cli
