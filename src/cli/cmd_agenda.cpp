// salesrep agenda: the next actions overdue, due today and due soon, per owner.
#include "report_cli.hpp"

namespace salesrep::cli {

void setup_agenda(CLI::App& app, Globals& g) {
    auto opts = std::make_shared<ReportOptions>();
    auto days = std::make_shared<int>(7);
    CLI::App* sub = add_table_command(
        app, g, "agenda", "Next actions overdue, due today or due within N days, per owner",
        "The next action of every open deal (set by 'salesrep next' or by --next on 'salesrep log')\n"
        "that is overdue, due today or due within --days days (default 7), per owner: agents in\n"
        "team.yaml order, deals without an owner last; within an owner by day, then deal id.\n"
        "days_overdue is today minus the due day (0 for today, empty for a day still to come).\n"
        "A next action without a day is never due; closed deals have none.\n"
        "Exit status: 0, or 4 with --exit-empty when nothing is due (cron can skip the mail).\n\n"
        "Examples:\n"
        "  salesrep agenda --agent alice\n"
        "  salesrep agenda --days 0 --team north --exit-empty\n"
        "  salesrep agenda --days 14 --format csv -o agenda.csv",
        false, false, opts, [days](const Session& s, const ReportOptions&) {
            const std::vector<AgendaRow> rows = agenda_rows(*s.ctx, *days);
            if (s.format == Format::csv || s.format == Format::json)
                return std::vector<Table>{agenda_table(*s.ctx, rows, *days)};
            return agenda_tables_by_owner(*s.ctx, rows, *days);
        });
    sub->add_option("--days", *days, "Also the next actions due within N days after today (default 7; 0: only "
                                      "overdue and today)")
        ->type_name("N")
        ->check(whole_number(36500));
    sub->add_flag("--exit-empty", opts->exit_empty, "Exit with status 4 when nothing is due");
}

}  // namespace salesrep::cli
