// Forecast accuracy (SPEC §9b) as Tables: every snapshot per scope, and the
// summary per scope (mape, bias).
#include "salesrep/compute/accuracy.hpp"
#include "salesrep/views.hpp"
#include "views_common.hpp"

#include <fmt/format.h>

namespace salesrep {

using namespace view;

namespace {

std::string opt_pct(const std::optional<Rational>& r) { return r ? format_fixed(*r, 1) : std::string(); }

std::string actual_note(const Context& c, const Accuracy& a) {
    if (a.so_far)
        return fmt::format("Actual: won in {} so far (as of {}); {} has not ended, so the error is against what "
                           "is won so far.", c.period.label, format_date(a.actual_as_of), c.period.label);
    return fmt::format("Actual: won in {} (as of its last day, {}).", c.period.label, format_date(a.actual_as_of));
}

}  // namespace

Table accuracy_table(const Context& c, const Accuracy& a) {
    Table t;
    t.name = "accuracy";
    t.title = fmt::format("Forecast accuracy, {} (as of {})", c.period.label, format_date(c.today));
    t.columns = {col("scope", "Scope"),
                 col("id", "Id"),
                 col("snapshot", "Snapshot", ColType::date),
                 col("forecast", "Forecast then", ColType::money),
                 col("commit", "Commit then", ColType::money),
                 col("actual", a.so_far ? "Actual so far" : "Actual", ColType::money),
                 col("error_pct", "Error %", ColType::pct)};
    for (const AccuracyRow& r : a.rows)
        for (const AccuracyPoint& p : r.points) {
            t.rows.push_back(make_row(scope_name(r.scope), r.id, format_date(p.snapshot), format_money(p.forecast),
                                      format_money(p.commit), format_money(r.actual),
                                      opt_pct(error_pct(p.forecast, r.actual))));
            t.emphasis.push_back(r.scope != Scope::agent);
        }
    t.notes.push_back("Forecast then: won + weighted as the forecast gave it on the snapshot day; commit then: won + "
                      "the commit deals. Error % = (forecast − actual) ÷ actual: above 0 the forecast ran high.");
    t.notes.push_back(actual_note(c, a));
    return t;
}

Table accuracy_summary_table(const Context& c, const Accuracy& a) {
    Table t;
    t.name = "accuracy";
    t.title = fmt::format("Forecast accuracy, {}: summary (as of {})", c.period.label, format_date(c.today));
    t.columns = {col("scope", "Scope"), col("id", "Id"), col("snapshots", "Snapshots", ColType::count),
                 col("mape", "Mean abs. error %", ColType::pct), col("bias", "Bias %", ColType::pct),
                 col("actual", a.so_far ? "Actual so far" : "Actual", ColType::money)};
    for (const AccuracyRow& r : a.rows) {
        const AccuracySummary s = summarize(r);
        t.rows.push_back(make_row(scope_name(r.scope), r.id, std::to_string(r.points.size()), opt_pct(s.mape),
                                  opt_pct(s.bias), format_money(r.actual)));
        t.emphasis.push_back(r.scope != Scope::agent);
    }
    t.notes.push_back(fmt::format("Over {} snapshot{} ({}), each the forecast of {} as it stood that day. Mean abs. "
                                  "error: how far off it was on average; bias: above 0 it ran high, below 0 low.",
                                  a.snapshots.size(), a.snapshots.size() == 1 ? "" : "s",
                                  a.snapshots.empty() ? std::string("none")
                                                      : fmt::format("{} to {}", format_date(a.snapshots.front()),
                                                                    format_date(a.snapshots.back())),
                                  c.period.label));
    t.notes.push_back(actual_note(c, a));
    return t;
}

}  // namespace salesrep
