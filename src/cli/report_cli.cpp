#include "report_cli.hpp"

#include <algorithm>
#include <cstdlib>
#include <fmt/format.h>
#include <sys/ioctl.h>
#include <unistd.h>

namespace salesrep::cli {

void usage_error(const std::string& msg) {
    print_error(msg);
    throw Exit{2};
}

void add_report_options(CLI::App* sub, ReportOptions& o, bool with_period) {
    sub->add_option("--agent", o.agents, "Only this agent's deals and rows (repeatable)")->type_name("ID");
    sub->add_option("--team", o.teams, "Only this team's agents and row (repeatable)")->type_name("ID");
    if (with_period) {
        o.month_opt = sub->add_option("--month", o.month, "Calendar month YYYY-MM (default: the current one)")
                          ->expected(0, 1)->type_name("[YYYY-MM]");
        o.quarter_opt = sub->add_option("--quarter", o.quarter, "Fiscal quarter YYYY-QN (default: the current one)")
                            ->expected(0, 1)->type_name("[YYYY-QN]");
        o.year_opt = sub->add_option("--year", o.year, "Fiscal year YYYY (default: the current one)")
                         ->expected(0, 1)->type_name("[YYYY]");
        o.range_opt = sub->add_option("--period", o.range, "Inclusive range FROM..TO (either side may be empty)")
                          ->type_name("FROM..TO");
    }
    sub->add_option("--format", o.format, "Output format: table (default), md, csv or json")
        ->check(CLI::IsMember({"table", "md", "csv", "json"}));
    sub->add_option("-o,--output", o.output, "Write to FILE instead of standard output")->type_name("FILE");
}

namespace {

std::optional<Period> resolve_period(const ReportOptions& o, Date today, unsigned fys, bool required) {
    int given = 0;
    std::optional<Period> p;
    auto one = [&](CLI::Option* opt, const std::vector<std::string>& v, PeriodKind kind, const char* name,
                   const char* shape) {
        if (!opt || opt->count() == 0) return;
        ++given;
        if (v.empty() || v[0].empty()) {
            p = kind == PeriodKind::month ? month_of(today) : kind == PeriodKind::quarter ? quarter_of(today, fys)
                                                                                            : year_of(today, fys);
            return;
        }
        p = parse_period_as(kind, v[0], fys);
        if (!p) usage_error(fmt::format("{} '{}' is not valid; write {}", name, v[0], shape));
    };
    one(o.month_opt, o.month, PeriodKind::month, "--month", "YYYY-MM (a month from 01 to 12)");
    one(o.quarter_opt, o.quarter, PeriodKind::quarter, "--quarter", "YYYY-QN (N from 1 to 4)");
    one(o.year_opt, o.year, PeriodKind::year, "--year", "YYYY");
    if (o.range_opt && o.range_opt->count()) {
        ++given;
        p = parse_period_as(PeriodKind::range, o.range, fys);
        if (!p) usage_error(fmt::format("--period '{}' is not valid; write FROM..TO with ISO dates (FROM <= TO; "
                                        "either side may be empty)", o.range));
    }
    if (given > 1) usage_error("give at most one of --month, --quarter, --year and --period");
    if (!p && required) p = quarter_of(today, fys);
    return p;
}


}  // namespace

std::size_t terminal_width() {
    if (const char* c = std::getenv("COLUMNS"); c && *c) {
        int n = std::atoi(c);
        if (n > 0) return static_cast<std::size_t>(n);
    }
    winsize ws{};
    if (::isatty(STDOUT_FILENO) && ::ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) return ws.ws_col;
    return 0;
}

Session& open_session(const Globals& g, const ReportOptions& o, bool period_required) {
    auto kept = std::make_shared<Session>();
    keep_until_exit(kept);
    Session* s = kept.get();
    s->format = o.format == "md" ? Format::md : o.format == "csv" ? Format::csv : o.format == "json" ? Format::json
                                                                                                    : Format::table;
    s->loaded = load_checked(g);
    const Book& b = s->loaded.book;
    Selection sel{o.agents, o.teams};
    auto errors = selection_errors(b, sel);
    if (!errors.empty()) usage_error(errors.front());
    auto period = resolve_period(o, s->loaded.today, b.settings.fiscal_year_start, period_required);
    s->selection = sel;
    s->replay = std::move(s->loaded.replay);
    s->ctx = std::make_unique<Context>(b, s->replay, s->loaded.today, period ? *period : Period{{}, {}, "all time"},
                                       period.has_value(), sel);
    return *s;
}

std::string render_tables(const Globals& g, const Session& s, const std::vector<Table>& tables) {
    std::string out;
    switch (s.format) {
    case Format::csv:
        return tables.empty() ? std::string() : render_csv(tables.front());
    case Format::json: {
        if (tables.size() <= 1) return tables.empty() ? std::string("[]\n") : render_json(tables.front());
        Document d;  // several tables (show, --explain): one document holding them all
        d.title = tables.front().title;
        d.sections.push_back({"", {}, tables});
        return render_json(d);
    }
    case Format::md:
        for (std::size_t i = 0; i < tables.size(); ++i) out += (i ? "\n" : "") + render_markdown(tables[i]);
        return out;
    case Format::table: {
        TextStyle style;
        style.width = terminal_width();
        style.color = use_color(g);
        for (std::size_t i = 0; i < tables.size(); ++i) out += (i ? "\n" : "") + render_text(tables[i], style);
        return out;
    }
    }
    return out;
}

void add_split_options(CLI::App* sub, ReportOptions& o) {
    auto* w = sub->add_flag("--weekly", o.weekly, "One column per ISO week of the period");
    auto* m = sub->add_flag("--monthly", o.monthly, "One column per month of the period");
    auto* q = sub->add_flag("--quarterly", o.quarterly, "One column per fiscal quarter of the period");
    w->excludes(m)->excludes(q);
    m->excludes(q);
}

Table split_table(const Session& s, const ReportOptions& o, std::size_t key_cols,
                  const std::function<Table(const Context&)>& build) {
    const Context& whole = *s.ctx;
    Table total = build(whole);
    if (!o.weekly && !o.monthly && !o.quarterly) return total;
    if (!whole.period.bounded()) usage_error("--weekly, --monthly and --quarterly need a bounded period");
    const Period& p = whole.period;
    std::vector<Period> subs = o.weekly ? weeks_in(p) : o.monthly ? months_in(p)
                                                                  : quarters_in(p, s.book().settings.fiscal_year_start);
    std::vector<Table> parts;
    std::vector<std::string> labels;
    for (const Period& sub : subs) {
        Context c(s.book(), s.replay, s.loaded.today, sub, true, s.selection);
        parts.push_back(build(c));
        labels.push_back(sub.label);
    }
    Table t = pivot_by_period(total, parts, labels, key_cols);
    t.title += o.weekly ? ", by week" : o.monthly ? ", by month" : ", by quarter";
    return t;
}

CLI::App* add_table_command(CLI::App& app, Globals& g, const std::string& name, const std::string& help,
                            const std::string& footer, bool period_required, bool with_period,
                            std::shared_ptr<ReportOptions> opts, TableBuilder build) {
    CLI::App* sub = app.add_subcommand(name, help);
    sub->footer(footer);
    add_report_options(sub, *opts, with_period);
    sub->callback([&g, opts, build, period_required] {
        Session& s = open_session(g, *opts, period_required);
        const std::vector<Table> tables = build(s, *opts);
        lap("compute");
        emit(render_tables(g, s, tables), opts->output);
        lap("write");
        const bool empty = std::all_of(tables.begin(), tables.end(), [](const Table& t) { return t.rows.empty(); });
        throw Exit{opts->exit_empty && empty ? 4 : 0};
    });
    return sub;
}

}  // namespace salesrep::cli
