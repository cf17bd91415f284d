// salesrep report: every section in one document.
#include "report_cli.hpp"

#include "salesrep/html.hpp"

#include <filesystem>
#include <fmt/format.h>

namespace salesrep::cli {

namespace {

int run_report(const Globals& g, const ReportOptions& o) {
    Session& s = open_session(g, o, true);
    const Context& c = *s.ctx;
    if (s.format == Format::csv) {
        if (o.output.empty() || o.output == "-")
            usage_error("report --format csv writes one file per section: give the directory with -o DIR");
        std::error_code ec;
        std::filesystem::create_directories(o.output, ec);
        if (ec) {
            fmt::print(stderr, "salesrep: error: cannot create '{}': {}\n", o.output, ec.message());
            return 1;
        }
        const std::vector<Table> tables = report_csv_tables(c);
        for (const Table& t : tables) emit(render_csv(t), (std::filesystem::path(o.output) / (t.name + ".csv")).string());
        if (!g.quiet) fmt::print(stderr, "wrote {} CSV files to {}\n", tables.size(), o.output);
        return 0;
    }
    ViewOptions v;
    v.totals = s.format != Format::json;
    Document d = report_document(c, v);
    lap("build");
    std::vector<std::string> text;  // in parts: a big report's tables are not copied into one string
    if (o.format == "html") text.push_back(render_html(d, report_charts(c)));
    else if (s.format == Format::md) text.push_back(render_markdown(d));
    else if (s.format == Format::json) text.push_back(render_json(d));
    else {
        TextStyle style;
        style.color = use_color(g);
        style.width = terminal_width();
        text = render_text_parts(d, style);
    }
    lap("render");
    emit(text, o.output);
    lap("write");
    keep_until_exit(std::move(d));
    keep_until_exit(std::move(text));
    return 0;
}

}  // namespace

void setup_report(CLI::App& app, Globals& g) {
    auto opts = std::make_shared<ReportOptions>();
    CLI::App* sub = app.add_subcommand("report", "Every section in one document (the Monday meeting, the board)");
    sub->footer(
        "A title (company, period, as-of day), a summary (won vs target, forecast,\n"
        "pipeline, coverage, win rate), targets and attainment, forecast by agent and\n"
        "category, what changed since last week (changes), the forecast accuracy of last\n"
        "quarter (accuracy --summary), activity, every open deal, the priority list,\n"
        "slipped and carried-over deals, the funnel of every deal with win rates and\n"
        "winning paths, and client balances. Default period: the current fiscal quarter.\n"
        "With --format csv, -o names a directory that gets priority.csv, deals.csv,\n"
        "forecast.csv, targets.csv, activity.csv, funnel.csv, balance.csv, changes.csv\n"
        "and, once the period has begun, accuracy.csv.\n"
        "With --format html: one self-contained page (inline CSS and SVG charts of\n"
        "attainment, forecast by category, activity per week, the funnel and the week's\n"
        "changes as a waterfall).\n\n"
        "Examples:\n"
        "  salesrep report --quarter\n"
        "  salesrep report --quarter --format md -o q4.md\n"
        "  salesrep report --year 2026 --format csv -o out/\n"
        "  salesrep report --quarter --format html -o q4.html");
    add_report_options(sub, *opts, true);
    // Only `report` writes HTML: its --format accepts one more value.
    CLI::Option* format = sub->get_option("--format");
    format->description("Output format: table (default), md, csv, json or html");
    *format->get_validator() = CLI::IsMember({"table", "md", "csv", "json", "html"});
    sub->callback([&g, opts] { throw Exit{run_report(g, *opts)}; });
}

}  // namespace salesrep::cli
