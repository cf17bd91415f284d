#pragma once
// What the reading commands share: selection, period and format options, and
// turning Tables into the chosen format.
#include "cli.hpp"

#include "salesrep/compute/common.hpp"
#include "salesrep/table.hpp"
#include "salesrep/views.hpp"

#include <functional>
#include <memory>

namespace salesrep::cli {

enum class Format { table, md, csv, json };

struct ReportOptions {
    std::vector<std::string> agents, teams;
    std::vector<std::string> month, quarter, year;  // 0 or 1 value each
    std::string range;                              // --period FROM..TO
    std::string format = "table";
    std::string output;                             // -o FILE
    bool explain = false;
    std::size_t limit = 0;
    bool exit_empty = false;                        // --exit-empty: exit 4 when every table is empty
    bool weekly = false, monthly = false, quarterly = false;  // one column per sub-period
    CLI::Option* month_opt = nullptr;
    CLI::Option* quarter_opt = nullptr;
    CLI::Option* year_opt = nullptr;
    CLI::Option* range_opt = nullptr;
};

// Registers --agent, --team, the period options, --format and -o on `sub`.
void add_report_options(CLI::App* sub, ReportOptions& o, bool with_period = true);

// A loaded book with its replay and the context of one run.
struct Session {
    Loaded loaded;
    Replay replay;
    Format format = Format::table;
    Selection selection;
    std::unique_ptr<Context> ctx;
    const Book& book() const { return loaded.book; }
};

// Loads and checks the book, resolves the period (default: the current fiscal
// quarter when `period_required`, else none) and the selection. The session
// lives until the process exits (keep_until_exit): a command's last step is its
// output, and freeing the replay and the rows of 100,000 deals piece by piece
// just before the exit took 19 ms of a 0.5 s report.
Session& open_session(const Globals& g, const ReportOptions& o, bool period_required);

// Renders tables in the session's format: table/md print all of them; csv and
// json the first (the one SPEC §11 describes) unless `all_json`.
std::string render_tables(const Globals& g, const Session& s, const std::vector<Table>& tables);

// --weekly / --monthly / --quarterly on `sub`.
void add_split_options(CLI::App* sub, ReportOptions& o);
// With a split option: `build` over each sub-period of the period, pivoted into
// one column per sub-period (the first `key_cols` columns name a row).
// Without: `build` over the period.
Table split_table(const Session& s, const ReportOptions& o, std::size_t key_cols,
                  const std::function<Table(const Context&)>& build);

// $COLUMNS, else the terminal's width when stdout is one, else 0 (no limit).
std::size_t terminal_width();

// The usage error exit: prints "salesrep: error: MSG" and throws Exit{2}.
[[noreturn]] void usage_error(const std::string& msg);

// Registers a reading command whose output is a list of tables.
using TableBuilder = std::function<std::vector<Table>(const Session&, const ReportOptions&)>;
CLI::App* add_table_command(CLI::App& app, Globals& g, const std::string& name, const std::string& help,
                            const std::string& footer, bool period_required, bool with_period,
                            std::shared_ptr<ReportOptions> opts, TableBuilder build);

void setup_deals(CLI::App& app, Globals& g);
void setup_show(CLI::App& app, Globals& g);
void setup_priority(CLI::App& app, Globals& g);
void setup_forecast(CLI::App& app, Globals& g);
void setup_targets(CLI::App& app, Globals& g);
void setup_activity(CLI::App& app, Globals& g);
void setup_funnel(CLI::App& app, Globals& g);
void setup_balance(CLI::App& app, Globals& g);
void setup_report(CLI::App& app, Globals& g);
void setup_agenda(CLI::App& app, Globals& g);
void setup_journal(CLI::App& app, Globals& g);
void setup_changes(CLI::App& app, Globals& g);   // SPEC §9b (cmd_changes.cpp)
void setup_accuracy(CLI::App& app, Globals& g);  // SPEC §9b (cmd_accuracy.cpp)

}  // namespace salesrep::cli
