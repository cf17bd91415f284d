// salesrep accuracy: how good the forecast was, by replaying the book at every
// weekly snapshot of the period (SPEC §9b).
#include "report_cli.hpp"

#include "salesrep/compute/accuracy.hpp"

#include <fmt/format.h>

namespace salesrep::cli {

namespace {

struct AccuracyOptions {
    bool monthly = false;  // a snapshot on the first day of each month instead of every 7 days
    bool summary = false;  // one row per scope: snapshots, mape, bias
};

std::vector<Table> run_accuracy(const Session& s, const AccuracyOptions& o) {
    const Context& c = *s.ctx;
    if (!c.period.from || *c.period.from > c.today)
        usage_error(fmt::format("accuracy needs a period that starts on or before today ({}); {} {}",
                                format_date(c.today), c.period.label,
                                c.period.from ? "starts later" : "has no start"));
    const Accuracy a = forecast_accuracy(c, o.monthly);
    if (o.summary) return {accuracy_summary_table(c, a)};
    std::vector<Table> t{accuracy_table(c, a)};
    if (s.format == Format::table || s.format == Format::md) t.push_back(accuracy_summary_table(c, a));
    return t;
}

}  // namespace

void setup_accuracy(CLI::App& app, Globals& g) {
    auto opts = std::make_shared<ReportOptions>();
    auto extra = std::make_shared<AccuracyOptions>();
    CLI::App* sub = add_table_command(
        app, g, "accuracy", "How good the forecast was: the forecast at each past week against what was won",
        "Replays the book to the period's first day and then every 7 days (--monthly:\n"
        "the first day of each month) up to today or the period's end, and takes each\n"
        "day's forecast of the period (won + weighted) and commit (won + commit deals),\n"
        "per agent, team and total. Actual: what was won in the period, as of today or\n"
        "its end (so far, when it has not ended). Error % = (forecast - actual) / actual.\n"
        "Per row, mape (mean of |error %|: how far off) and bias (mean error %: above 0\n"
        "the forecast ran high, below 0 low). Default period: the current fiscal quarter;\n"
        "the period must start on or before today.\n"
        "Reading it: take last quarter with --summary. A bias far above 0 means optimistic\n"
        "probabilities or close dates; a big mape with a small bias, a forecast that swung\n"
        "both ways; a commit close to the actual early on, a commit category to trust.\n\n"
        "Examples:\n"
        "  salesrep accuracy --quarter 2026-Q3 --summary   last quarter: whose forecast was off\n"
        "  salesrep accuracy --year --monthly --format csv\n"
        "  salesrep accuracy --agent alice                 this quarter so far, week by week",
        true, true, opts, [extra](const Session& s, const ReportOptions&) { return run_accuracy(s, *extra); });
    sub->add_flag("--monthly", extra->monthly, "A snapshot on the first day of each month instead of every 7 days");
    sub->add_flag("--summary", extra->summary, "One row per agent, team and total: snapshots, mape and bias");
}

}  // namespace salesrep::cli
