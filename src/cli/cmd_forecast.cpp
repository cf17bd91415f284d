// salesrep forecast: won + weighted pipeline per agent, team and total.
#include "report_cli.hpp"

namespace salesrep::cli {

void setup_forecast(CLI::App& app, Globals& g) {
    auto opts = std::make_shared<ReportOptions>();
    CLI::App* sub = add_table_command(
        app, g, "forecast", "Forecast per agent, team and total over a period",
        "Per agent (by the deal's owner), team and total: won in the period, open deals\n"
        "expected to close in it (count, pipeline, weighted, commit, best case), forecast =\n"
        "won + weighted, the sales target and attainment. Default period: the current\n"
        "fiscal quarter. Open deals expected to close before the period are listed apart.\n\n"
        "Examples:\n"
        "  salesrep forecast --quarter\n"
        "  salesrep forecast --year 2026 --team north --format csv\n"
        "  salesrep forecast --month 2026-11 --explain\n"
        "  salesrep forecast --quarter --monthly",
        true, true, opts, [](const Session& s, const ReportOptions& o) {
            ViewOptions v;
            std::vector<Table> t{split_table(s, o, 2, [&v](const Context& c) { return forecast_table(c, v); })};
            if (s.format == Format::table || s.format == Format::md) {
                t.push_back(forecast_categories_table(*s.ctx));
                Table past = past_due_table(*s.ctx);
                if (!past.rows.empty()) t.push_back(past);
            }
            if (o.explain) t.push_back(forecast_explain_table(*s.ctx));
            return t;
        });
    sub->add_flag("--explain", opts->explain, "Show the arithmetic per deal behind each figure");
    add_split_options(sub, *opts);
}

}  // namespace salesrep::cli
