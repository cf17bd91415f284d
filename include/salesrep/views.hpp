#pragma once
// Computations -> Tables (SPEC §11 columns first, more after) and the report Document.
#include "salesrep/compute/common.hpp"
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

// `report`: every section in one document (SPEC §10; the funnel covers every deal).
Document report_document(const Context& c, const ViewOptions& o);
// The report's tables named as SPEC §10 lists for `report --format csv -o DIR`.
std::vector<Table> report_csv_tables(const Context& c);

}  // namespace salesrep

namespace salesrep {

// One column per sub-period (hledger's -M): `parts[i]` is the table computed
// over sub-period `labels[i]`, `whole` over the whole period. The first
// `key_cols` columns identify a row; every other column of `whole` becomes a
// `measure` row with one cell per sub-period and a `total` cell.
Table pivot_by_period(const Table& whole, const std::vector<Table>& parts, const std::vector<std::string>& labels,
                      std::size_t key_cols);

}  // namespace salesrep
