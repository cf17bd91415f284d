// salesrep report: every section in one document, or the sections of one reader (--for).
#include "report_cli.hpp"

#include "salesrep/html.hpp"
#include "salesrep/io.hpp"
#include "salesrep/report.hpp"

#include <filesystem>
#include <fmt/format.h>
#include <fmt/ranges.h>

namespace salesrep::cli {

namespace {

struct ReaderOptions {
    std::vector<std::string> reader;  // --for KIND [ID]
    std::vector<std::string> sections;
};

// --for and --sections -> what to build; the reader narrows the selection
// (an agent's deals, a team's) before the session opens.
ReportSpec reader_spec(const ReaderOptions& r, ReportOptions& o) {
    ReportSpec spec;
    if (!r.reader.empty()) {
        std::vector<std::string_view> readers{"agent", "lead", "director", "board"};
        auto reader = parse_reader(r.reader[0]);
        if (!reader || *reader == Reader::all)
            usage_error(fmt::format("--for '{}' is not a reader{}; write --for agent ID, --for lead TEAM, --for "
                                    "director or --for board",
                                    r.reader[0], suggestion_suffix(r.reader[0], readers)));
        spec.reader = *reader;
        const bool needs_id = spec.reader == Reader::agent || spec.reader == Reader::lead;
        if (needs_id && r.reader.size() != 2)
            usage_error(fmt::format("--for {} needs {}, e.g. --for {}", r.reader[0],
                                    spec.reader == Reader::agent ? "the agent's id" : "the team's id",
                                    spec.reader == Reader::agent ? "agent alice" : "lead north"));
        if (!needs_id && r.reader.size() != 1)
            usage_error(fmt::format("--for {} takes no id: it covers the whole book", r.reader[0]));
        if (needs_id && (!o.agents.empty() || !o.teams.empty()))
            usage_error(fmt::format("--for {} {} chooses whose report it is; leave out --agent and --team",
                                    r.reader[0], r.reader[1]));
        if (needs_id) spec.who = r.reader[1];
        if (spec.reader == Reader::agent) o.agents = {spec.who};
        if (spec.reader == Reader::lead) o.teams = {spec.who};
    }
    for (const std::string& list : r.sections) {
        std::size_t start = 0;
        while (start <= list.size()) {
            std::size_t comma = list.find(',', start);
            if (comma == std::string::npos) comma = list.size();
            if (comma > start) spec.sections.push_back(list.substr(start, comma - start));
            start = comma + 1;
        }
    }
    if (std::string bad = unknown_section(spec.sections); !bad.empty())
        usage_error(fmt::format("--sections: '{}' is not a section{}; sections: {}", bad,
                                suggestion_suffix(bad, section_ids()), fmt::join(section_ids(), ", ")));
    return spec;
}

int run_report(const Globals& g, ReportOptions& o, const ReaderOptions& r) {
    const ReportSpec spec = reader_spec(r, o);
    Session& s = open_session(g, o, true);
    const Context& c = *s.ctx;
    if (s.format == Format::csv) {
        if (o.output.empty() || o.output == "-")
            usage_error("report --format csv writes one file per section: give the directory with -o DIR");
        // A directory that is a symbolic link (one committed in a book) is not written into.
        if (std::string link = symlink_error(o.output); !link.empty()) {
            print_error(link);
            return 1;
        }
        std::error_code ec;
        std::filesystem::create_directories(o.output, ec);
        if (ec) {
            fmt::print(stderr, "salesrep: error: cannot create '{}': {}\n", o.output, ec.message());
            return 1;
        }
        const std::vector<Table> tables = report_csv_tables(c, spec);
        for (const Table& t : tables) emit(render_csv(t), (std::filesystem::path(o.output) / (t.name + ".csv")).string());
        if (!g.quiet) fmt::print(stderr, "wrote {} CSV files to {}\n", tables.size(), o.output);
        return 0;
    }
    ViewOptions v;
    v.totals = s.format != Format::json;
    Document d = report_document(c, v, spec, run_on_cores);  // its sections side by side
    lap("build");
    std::vector<std::string> text;  // in parts: a big report's tables are not copied into one string
    if (o.format == "html") text.push_back(render_html(d, report_charts(c)));
    else if (s.format == Format::md) text.push_back(render_markdown(d));
    else if (s.format == Format::json) text.push_back(render_json(d));
    else {
        TextStyle style;
        style.color = use_color(g);
        style.width = terminal_width();
        text = render_text_parts(d, style, run_on_cores);  // its tables side by side
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
        "category, how sure we are (the forecast as a range per team and total, with the\n"
        "chance to reach the target: see forecast --range), what changed since last week\n"
        "(changes), the forecast accuracy of last quarter (accuracy --summary), activity,\n"
        "every open deal, the priority list, slipped and carried-over deals and the most\n"
        "pushed ones, the funnel of every deal with win rates, winning paths and stage\n"
        "calibration, and client balances. Default period: the current fiscal quarter.\n"
        "With --format csv, -o names a directory that gets priority.csv, deals.csv,\n"
        "forecast.csv, targets.csv, activity.csv, funnel.csv, balance.csv, changes.csv,\n"
        "calibration.csv and, once the period has begun, accuracy.csv.\n"
        "With --format html: one self-contained page (inline CSS and SVG charts of\n"
        "attainment, forecast by category, activity per week, the forecast range\n"
        "(P10-P90 bar, P50 and target), the week's changes as a waterfall and the funnel).\n\n"
        "Readers (--for): each gets the sections it needs, in every format:\n"
        "  agent ID     my summary, agenda (next actions due within 7 days), priority\n"
        "               list, targets with the pace needed, my open deals with their next\n"
        "               actions, my activity against last period\n"
        "  lead TEAM    the team's report: what changed since last week, its agents side\n"
        "               by side, targets, open deals, priority, slipped deals, funnel\n"
        "  director     every team side by side, targets, how sure the forecast is, last\n"
        "               quarter's forecast accuracy, win rates by segment and industry,\n"
        "               the best pipeline, carried-over deals\n"
        "  board        one page: won vs target, the forecast range and the chance to\n"
        "               reach the target, quarter on quarter and year on year, win rate\n"
        "               and sales cycle, the ten largest open deals; no contact details\n"
        "Sections (--sections a,b,...): summary, targets, forecast, range, changes,\n"
        "accuracy, activity, open-deals, priority, slipped, funnel, balances, teams,\n"
        "agents, win-rates, best-pipeline, carried-over, comparison, board-funnel,\n"
        "largest-deals, agenda, activity-comparison.\n\n"
        "Examples:\n"
        "  salesrep report --quarter\n"
        "  salesrep report --quarter --format md -o q4.md\n"
        "  salesrep report --year 2026 --format csv -o out/\n"
        "  salesrep report --quarter --format html -o q4.html\n"
        "  salesrep report --for agent alice --format md -o alice.md\n"
        "  salesrep report --for board --format html -o board.html\n"
        "  salesrep report --for director --sections summary,teams");
    add_report_options(sub, *opts, true);
    auto readers = std::make_shared<ReaderOptions>();
    sub->add_option("--for", readers->reader,
                    "The reader: agent ID, lead TEAM, director or board (default: the whole report)")
        ->expected(1, 2);
    sub->add_option("--sections", readers->sections,
                    "Only these sections, in this order (comma-separated ids; see below)");
    // Only `report` writes HTML: its --format accepts one more value.
    CLI::Option* format = sub->get_option("--format");
    format->description("Output format: table (default), md, csv, json or html");
    *format->get_validator() = CLI::IsMember({"table", "md", "csv", "json", "html"});
    sub->callback([&g, opts, readers] { throw Exit{run_report(g, *opts, *readers)}; });
}

}  // namespace salesrep::cli
