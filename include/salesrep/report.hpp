#pragma once
// `report`: sections of one document, chosen for its reader (SPEC §10 `report
// --for`): the whole report, an agent's, a team lead's, the director's, the
// board's. A section has an id (`--sections` picks them) and builds its tables
// from the Context, which the reader narrows (an agent's deals, a team's).
#include "salesrep/compute/common.hpp"
#include "salesrep/jobs.hpp"
#include "salesrep/table.hpp"
#include "salesrep/views.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace salesrep {

enum class Reader : std::uint8_t { all, agent, lead, director, board };
std::string_view reader_name(Reader r);
std::optional<Reader> parse_reader(std::string_view s);

struct ReportSpec {
    Reader reader = Reader::all;
    std::string who;                    // agent: its id; lead: the team's id
    std::vector<std::string> sections;  // --sections: these, in this order (empty: the reader's)
};

// Every section id, in the order of the whole report.
std::vector<std::string_view> section_ids();
// The sections a reader gets, in order.
std::vector<std::string_view> reader_sections(Reader r);
// The first id of `ids` that is not a section, or "".
std::string unknown_section(const std::vector<std::string>& ids);

// The summary and each section are built as jobs of `run` (each reads the
// Context only; what they share is computed once, see ContextMemo).
Document report_document(const Context& c, const ViewOptions& o, const ReportSpec& spec = {},
                         const JobRunner& run = {});
// `report --format csv -o DIR`: the whole report's tables are those SPEC §10
// names; a reader's, the tables of its sections.
std::vector<Table> report_csv_tables(const Context& c, const ReportSpec& spec = {});

// Tables only the readers' reports show.
// Per team (then the agents without one): won, target, attainment, forecast, pipeline, win rate.
Table teams_table(const Context& c);
// The n open deals that count in P with the largest amount (weighted: with the
// largest weighted amount), without contact details.
Table top_open_deals_table(const Context& c, std::size_t n, bool by_weighted);
// Won, deals won, win rate and sales cycle in P, the period before it and the
// same period a year earlier (quarter on quarter, year on year).
Table period_comparison_table(const Context& c);
// Activity of the selection in P against the period of the same length before it.
Table activity_comparison_table(const Context& c);

}  // namespace salesrep
