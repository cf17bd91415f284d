#pragma once
// Computations -> Tables (SPEC §11 columns first, more after) and the report Document.
#include "salesrep/compute/agenda.hpp"
#include "salesrep/compute/common.hpp"
#include "salesrep/compute/range.hpp"
#include "salesrep/compute/status.hpp"
#include "salesrep/table.hpp"

namespace salesrep {

struct ViewOptions {
    bool totals = true;    // add a totals row where a sum means something (not in CSV/JSON)
    bool explain = false;  // forecast / priority: the arithmetic per deal
    std::size_t limit = 0; // priority: at most N rows (0: all)
};

Table deals_table(const Context& c, const DealFilter& f, const ViewOptions& o);
Table priority_table(const Context& c, const ViewOptions& o);
Table priority_explain_table(const Context& c, const ViewOptions& o);
Table forecast_table(const Context& c, const ViewOptions& o);
Table forecast_categories_table(const Context& c);
Table forecast_explain_table(const Context& c);
Table past_due_table(const Context& c);
Table targets_table(const Context& c);
Table activity_table(const Context& c);
Table funnel_table(const Context& c, bool use_period);
Table winrate_table(const Context& c, bool use_period);
Table paths_table(const Context& c, bool use_period);
Table balance_table(const Context& c, const ViewOptions& o);
Table open_deals_detail_table(const Context& c);
Table slipped_table(const Context& c);
Table carried_over_table(const Context& c);
// `agenda`: as one table (CSV, JSON), or one table per owner (text, Markdown).
Table agenda_table(const Context& c, const std::vector<AgendaRow>& rows, int days);
std::vector<Table> agenda_tables_by_owner(const Context& c, const std::vector<AgendaRow>& rows, int days);
// `journal`: the entries as written, with the agent credited by the replay.
Table journal_table(const Context& c, const std::vector<std::uint32_t>& entries);

// SPEC §9b: the forecast with P10/P50/P90 and chance_pct after its columns;
// stage calibration over the funnel's cohort. §9 slips: the deals pushed most
// often (at most `limit`, ties by id), and one deal's pushes.
Table forecast_range_table(const Context& c, const ViewOptions& o, const RangeOptions& r);
Table calibration_table(const Context& c, bool use_period);
Table most_pushed_table(const Context& c, std::size_t limit = 10);
Table pushes_table(const DealState& s);
// The report's "How sure we are": the range per team and total (default trials
// and seed), and one line on the total.
Table range_summary_table(const Context& c);
std::vector<std::string> range_summary(const Context& c);
// The report's headline figures as numbers, one row (JSON's "summary").
Table summary_table(const Context& c);
// SPEC §9b pipeline changes (compute/changes.hpp): the rows per scope, the
// deals that moved (`changes --deals`) and the total as a waterfall of bars.
struct Changes;
Table changes_table(const Context& c, const Changes& ch);
Table changes_deals_table(const Context& c, const Changes& ch);
Table changes_waterfall_table(const Context& c, const Changes& ch);
// SPEC §9b forecast accuracy (compute/accuracy.hpp): every snapshot, or the summary per scope.
struct Accuracy;
Table accuracy_table(const Context& c, const Accuracy& a);
Table accuracy_summary_table(const Context& c, const Accuracy& a);

}  // namespace salesrep

namespace salesrep {

// One column per sub-period (hledger's -M): `parts[i]` is the table computed
// over sub-period `labels[i]`, `whole` over the whole period. The first
// `key_cols` columns identify a row; every other column of `whole` becomes a
// `measure` row with one cell per sub-period and a `total` cell.
Table pivot_by_period(const Table& whole, const std::vector<Table>& parts, const std::vector<std::string>& labels,
                      std::size_t key_cols);

}  // namespace salesrep
