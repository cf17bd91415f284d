// `report`: sections in one document, for the Monday meeting (the whole
// report) or for one reader (SPEC §10 `report --for`).
#include "salesrep/report.hpp"
#include "salesrep/compute/look_back.hpp"

#include "salesrep/compute/figures.hpp"
#include "views_common.hpp"

#include <algorithm>
#include <array>
#include <fmt/format.h>
#include <functional>

namespace salesrep {

namespace {

// The summary's figures, computed once for its sentences and its numbers.
struct Summary {
    ForecastFigures forecast;
    ActivityFigures activity;
    std::optional<Rational> target;     // the sales target over P (cents)
    std::optional<Rational> remaining;  // target - won, when there is a target
};

Summary summary_of(const Context& c) {
    Summary s{forecast_rows(c).back().figures, activity_rows(c).back().figures,
              row_target(c, Scope::company, -1, Metric::sales), std::nullopt};
    if (s.target) s.remaining = *s.target - Rational(s.forecast.won.cents);
    return s;
}

std::string money_of(const Rational& cents) { return format_fixed(cents / Rational(100), 2); }

std::vector<std::string> summary(const Context& c, const Summary& s) {
    const auto& forecast = s.forecast;
    const auto& activity = s.activity;
    std::vector<std::string> out;
    std::string won = fmt::format("Won: {} in {} deals", thousands(format_money(forecast.won)), activity.deals_won);
    if (s.target)
        won += fmt::format(" of a {} target ({}%)", thousands(money_of(*s.target)),
                           pct_text(Rational(forecast.won.cents), *s.target));
    out.push_back(won + ".");
    out.push_back(fmt::format("Forecast: {} (won + weighted open deals expected to close in {}).",
                              thousands(format_money(forecast.forecast())), c.period.label));
    out.push_back(fmt::format("Pipeline: {} in {} open deals, weighted {}; commit {}, best case {}.",
                              thousands(format_money(forecast.pipeline)), forecast.open_deals,
                              thousands(format_money(forecast.weighted)), thousands(format_money(forecast.commit)),
                              thousands(format_money(forecast.best_case))));
    if (s.remaining) {
        if (Rational() < *s.remaining)
            out.push_back(fmt::format("Coverage: the pipeline is {}x what remains to reach the target ({}).",
                                      format_fixed(Rational(forecast.pipeline.cents) / *s.remaining, 1),
                                      thousands(money_of(*s.remaining))));
        else
            out.push_back("Coverage: the target is reached.");
    }
    std::string rate = pct_text(Rational(activity.deals_won), Rational(activity.deals_won + activity.deals_lost));
    out.push_back(fmt::format("Win rate: {} ({} won, {} lost in {}).", rate.empty() ? "n/a" : rate + "%",
                              activity.deals_won, activity.deals_lost, c.period.label));
    return out;
}

// SPEC §9b: what moved the period's pipeline in the last 7 days.
Section changes_section(const Context& c) {
    const Changes& ch = week_changes(c);
    const ChangeFigures& f = ch.rows.back().figures;
    auto m = [](Money x) { return thousands(format_money(x)); };
    Section s;
    s.heading = "What changed since last week";
    s.paragraphs.push_back(fmt::format(
        "From {} to {}, the open pipeline expected to close in {} went from {} to {}: created {}, pulled in {}, "
        "increased {}, decreased {}, pushed out {}, lost {}, won {}.",
        format_date(ch.since), format_date(ch.until), c.period.label, m(f.start), m(f.end), m(f.created),
        m(f.pulled), m(f.increased), m(f.decreased), m(f.pushed), m(f.lost), m(f.won)));
    s.tables.push_back(changes_table(c, ch));
    return s;
}

// SPEC §9b: how good the forecast of the previous fiscal quarter was, week by week.
Section accuracy_section(const Context& c) {
    const LookBack& back = look_back(c);
    const Period& last = back.last_quarter;
    const Accuracy& a = back.last_quarter_accuracy;
    const AccuracySummary total = a.rows.empty() ? AccuracySummary{} : summarize(a.rows.back());
    Section s;
    s.heading = "Forecast accuracy last quarter";
    std::string how = " Nothing was won in it, so there is no error to measure.";
    if (total.mape) {
        const char* lean = Rational() < *total.bias ? "it ran high" : *total.bias < Rational() ? "it ran low" : "no lean";
        how = fmt::format(" For the total: off by {}% on average, bias {}% ({}).", format_fixed(*total.mape, 1),
                          format_fixed(*total.bias, 1), lean);
    }
    s.paragraphs.push_back(fmt::format("The forecast of {} as it stood every 7 days from {} on, against what was won "
                                       "in it.{}", last.label, format_date(*last.from), how));
    s.tables.push_back(accuracy_summary_table(Context(c, last), a));
    return s;
}


// The same figures as numbers, for scripts (JSON's "summary").
Table summary_table(const Context& c, const Summary& s) {
    const auto& f = s.forecast;
    const auto& a = s.activity;
    using view::money;
    using view::opt_date;
    std::string coverage;
    if (s.remaining && Rational() < *s.remaining)
        coverage = format_fixed(Rational(f.pipeline.cents) / *s.remaining, 2);
    Table t;
    t.name = "summary";
    t.title = "Summary";
    t.columns = {{"period", "Period", ColType::text, false},
                 {"period_start", "Start", ColType::date, false},
                 {"period_end", "End", ColType::date, false},
                 {"as_of", "As of", ColType::date, false},
                 {"currency", "Currency", ColType::text, false},
                 {"won", "Won", ColType::money, false},
                 {"deals_won", "Deals won", ColType::count, false},
                 {"target", "Target", ColType::money, false},
                 {"attainment_pct", "Attainment %", ColType::pct, false},
                 {"forecast", "Forecast", ColType::money, false},
                 {"projected_pct", "Projected %", ColType::pct, false},
                 {"pipeline", "Pipeline", ColType::money, false},
                 {"open_deals", "Open deals", ColType::count, false},
                 {"weighted", "Weighted", ColType::money, false},
                 {"commit", "Commit", ColType::money, false},
                 {"best_case", "Best case", ColType::money, false},
                 {"remaining", "Remaining", ColType::money, false},
                 {"coverage", "Coverage", ColType::number, false},
                 {"win_rate", "Win rate %", ColType::pct, false},
                 {"deals_lost", "Deals lost", ColType::count, false}};
    const Rational won(f.won.cents);
    t.rows.push_back(make_row(
        c.period.label, opt_date(c.period.from), opt_date(c.period.to), format_date(c.today), c.book.settings.currency,
        money(f.won), std::to_string(a.deals_won), s.target ? money_of(*s.target) : std::string(),
        s.target ? pct_text(won, *s.target) : std::string(), money(f.forecast()),
        s.target ? pct_text(Rational(f.forecast().cents), *s.target) : std::string(), money(f.pipeline),
        std::to_string(f.open_deals), money(f.weighted), money(f.commit), money(f.best_case),
        s.remaining ? money_of(*s.remaining) : std::string(), coverage,
        pct_text(Rational(a.deals_won), Rational(a.deals_won + a.deals_lost)), std::to_string(a.deals_lost)));
    return t;
}

// SPEC §9b in the report: how sure the forecast is, and the stages' calibration.
Section how_sure_section(const Context& c) {
    Section s;
    s.heading = "How sure we are";
    s.paragraphs = range_summary(c);
    s.tables.push_back(range_summary_table(c));
    return s;
}


// A section of the report: its id (for --sections), its heading and its tables.
struct SectionSpec {
    std::string_view id;
    std::string_view heading;
    std::function<Section(const Context&, const ViewOptions&)> build;
};

Section tables(std::string_view heading, std::vector<Table> t) {
    Section s;
    s.heading = heading;
    s.tables = std::move(t);
    return s;
}

// Every section, in the order of the whole report; the readers' own ones after.
const std::vector<SectionSpec>& sections() {
    static const std::vector<SectionSpec> all = [] {
        std::vector<SectionSpec> v;
        auto add = [&v](std::string_view id, std::string_view heading, auto build) {
            v.push_back({id, heading, [heading, build](const Context& c, const ViewOptions& o) {
                             std::vector<Table> t;
                             build(c, o, t);
                             return tables(heading, std::move(t));
                         }});
        };
        v.push_back({"summary", "Summary", [](const Context& c, const ViewOptions&) {
                         Section s;
                         s.heading = "Summary";
                         s.paragraphs = summary(c, summary_of(c));
                         return s;
                     }});
        add("targets", "Targets and attainment",
            [](const Context& c, const ViewOptions&, auto& t) { t.push_back(targets_table(c)); });
        add("forecast", "Forecast", [](const Context& c, const ViewOptions& o, auto& t) {
            t.push_back(forecast_table(c, o));
            t.push_back(forecast_categories_table(c));
            t.push_back(past_due_table(c));
        });
        v.push_back({"range", "How sure we are", [](const Context& c, const ViewOptions&) { return how_sure_section(c); }});
        v.push_back({"changes", "What changed since last week",
                     [](const Context& c, const ViewOptions&) { return changes_section(c); }});
        v.push_back({"accuracy", "Forecast accuracy last quarter",
                     [](const Context& c, const ViewOptions&) { return accuracy_section(c); }});
        add("activity", "Activity", [](const Context& c, const ViewOptions&, auto& t) { t.push_back(activity_table(c)); });
        add("open-deals", "Open deals",
            [](const Context& c, const ViewOptions&, auto& t) { t.push_back(open_deals_detail_table(c)); });
        add("priority", "Priority: who to call first",
            [](const Context& c, const ViewOptions& o, auto& t) { t.push_back(priority_table(c, o)); });
        add("slipped", "Slipped and carried over", [](const Context& c, const ViewOptions&, auto& t) {
            t.push_back(slipped_table(c));
            t.push_back(carried_over_table(c));
            t.push_back(most_pushed_table(c));
        });
        add("funnel", "Funnel (every deal)", [](const Context& c, const ViewOptions&, auto& t) {
            t.push_back(funnel_table(c, false));
            t.push_back(winrate_table(c, false));
            t.push_back(paths_table(c, false));
            t.push_back(calibration_table(c, false));
        });
        add("balances", "Client balances",
            [](const Context& c, const ViewOptions& o, auto& t) { t.push_back(balance_table(c, o)); });
        // The readers' own sections.
        add("teams", "Teams side by side", [](const Context& c, const ViewOptions&, auto& t) { t.push_back(teams_table(c)); });
        add("agents", "Agents side by side", [](const Context& c, const ViewOptions& o, auto& t) {
            t.push_back(forecast_table(c, o));
            t.push_back(activity_table(c));
        });
        add("win-rates", "Win rates by segment and industry",
            [](const Context& c, const ViewOptions&, auto& t) { t.push_back(winrate_table(c, false)); });
        add("best-pipeline", "Best pipeline",
            [](const Context& c, const ViewOptions&, auto& t) { t.push_back(top_open_deals_table(c, 10, true)); });
        add("carried-over", "Carried over",
            [](const Context& c, const ViewOptions&, auto& t) { t.push_back(carried_over_table(c)); });
        add("comparison", "Quarter on quarter, year on year",
            [](const Context& c, const ViewOptions&, auto& t) { t.push_back(period_comparison_table(c)); });
        add("board-funnel", "Funnel: win rate and sales cycle",
            [](const Context& c, const ViewOptions&, auto& t) { t.push_back(funnel_table(c, false)); });
        add("largest-deals", "The largest open deals",
            [](const Context& c, const ViewOptions&, auto& t) { t.push_back(top_open_deals_table(c, 10, false)); });
        add("agenda", "Agenda: next actions due this week",
            [](const Context& c, const ViewOptions&, auto& t) { t.push_back(agenda_table(c, agenda_rows(c, 7), 7)); });
        add("activity-comparison", "Activity against the period before",
            [](const Context& c, const ViewOptions&, auto& t) { t.push_back(activity_comparison_table(c)); });
        return v;
    }();
    return all;
}

const SectionSpec* find_section(std::string_view id) {
    for (const SectionSpec& s : sections())
        if (s.id == id) return &s;
    return nullptr;
}

constexpr std::array<std::string_view, 5> reader_names{"all", "agent", "lead", "director", "board"};

}  // namespace

std::string_view reader_name(Reader r) { return reader_names[static_cast<std::size_t>(r)]; }
std::optional<Reader> parse_reader(std::string_view s) {
    for (std::size_t i = 0; i < reader_names.size(); ++i)
        if (reader_names[i] == s) return static_cast<Reader>(i);
    return std::nullopt;
}

std::vector<std::string_view> section_ids() {
    std::vector<std::string_view> ids;
    for (const SectionSpec& s : sections()) ids.push_back(s.id);
    return ids;
}

std::vector<std::string_view> reader_sections(Reader r) {
    switch (r) {
    case Reader::all:
        return {"summary",  "targets",    "forecast", "range",   "changes", "accuracy",
                "activity", "open-deals", "priority", "slipped", "funnel",  "balances"};
    case Reader::agent:  // what do I do today, and where do I stand
        return {"summary", "agenda", "priority", "targets", "open-deals", "activity-comparison"};
    case Reader::lead:  // the team's report, its agents side by side, what moved in its pipeline
        return {"summary", "changes", "agents", "targets", "open-deals", "priority", "slipped", "funnel"};
    case Reader::director:  // every team side by side
        return {"summary", "teams", "targets", "range", "accuracy", "win-rates", "best-pipeline", "carried-over"};
    case Reader::board:  // one page, no contact details, no deal lists beyond the ten largest
        return {"summary", "range", "comparison", "board-funnel", "largest-deals"};
    }
    return {};
}

std::string unknown_section(const std::vector<std::string>& ids) {
    for (const auto& id : ids)
        if (!find_section(id)) return id;
    return {};
}

namespace {
std::vector<std::string_view> chosen(const ReportSpec& spec) {
    if (spec.sections.empty()) return reader_sections(spec.reader);
    return {spec.sections.begin(), spec.sections.end()};
}
}  // namespace

Table summary_table(const Context& c) { return summary_table(c, summary_of(c)); }

Document report_document(const Context& c, const ViewOptions& o, const ReportSpec& spec, const JobRunner& run) {
    const Book& b = c.book;
    Document d;
    std::string company = b.settings.company.empty() ? "Sales" : b.settings.company;
    std::string reader;
    if (spec.reader == Reader::agent) {
        const Agent* a = b.agent(spec.who);
        reader = fmt::format(" for {} (agent)", a && !a->name.empty() ? a->name : spec.who);
    } else if (spec.reader == Reader::lead) {
        const int t = b.team_index(spec.who);
        const std::string& name = t >= 0 && !b.teams[t].name.empty() ? b.teams[t].name : spec.who;
        reader = fmt::format(" for the lead of {}", name);
    } else if (spec.reader != Reader::all) {
        reader = fmt::format(" for the {}", reader_name(spec.reader));
    }
    d.title = fmt::format("{} — sales report{}, {}", company, reader, c.period.label);
    std::string scope;
    if (c.filtered) {
        std::vector<std::string> kept;
        for (std::size_t a = 0; a < b.agents.size(); ++a)
            if (c.agent_selected[a]) kept.push_back(b.agents[a].id);
        scope = fmt::format(" · agents: {}", fmt::join(kept, ", "));
    }
    std::string span = c.period.from && c.period.to
                           ? fmt::format("{} to {}", format_date(*c.period.from), format_date(*c.period.to))
                           : c.period.label;
    d.subtitle.push_back(fmt::format("Period {} ({}) · as of {}{}", c.period.label, span, format_date(c.today), scope));
    if (!b.settings.currency.empty()) d.subtitle.push_back(fmt::format("Amounts in {}", b.settings.currency));
    // The summary and each section are jobs of their own: the runner may build
    // them side by side; they are joined in order.
    const std::vector<std::string_view> ids = chosen(spec);
    std::vector<std::optional<Section>> built(ids.size());
    const std::function<void(std::size_t)> job = [&](std::size_t k) {
        if (k == 0) d.summary = summary_table(c, summary_of(c));
        else if (const SectionSpec* s = find_section(ids[k - 1])) built[k - 1] = s->build(c, o);
    };
    run_jobs(run, ids.size() + 1, job);
    for (auto& s : built)
        if (s) d.sections.push_back(std::move(*s));
    return d;
}

std::vector<Table> report_csv_tables(const Context& c, const ReportSpec& spec) {
    ViewOptions o;
    o.totals = false;
    std::vector<Table> out;
    if (spec.reader == Reader::all && spec.sections.empty()) {  // the files SPEC §10 names
        out.push_back(priority_table(c, o));
        out.push_back(deals_table(c, {}, o));
        out.push_back(forecast_table(c, o));
        out.push_back(targets_table(c));
        out.push_back(activity_table(c));
        out.push_back(funnel_table(c, false));
        out.push_back(balance_table(c, o));
        out.push_back(changes_table(c, week_changes(c)));  // SPEC §10, revision 2
        out.push_back(calibration_table(c, false));
        if (c.period.from && *c.period.from <= c.today) out.push_back(accuracy_table(c, forecast_accuracy(c, false)));
        return out;
    }
    for (std::string_view id : chosen(spec)) {
        const SectionSpec* s = find_section(id);
        if (!s) continue;
        for (Table& t : s->build(c, o).tables)
            if (std::none_of(out.begin(), out.end(), [&](const Table& x) { return x.name == t.name; }))
                out.push_back(std::move(t));
    }
    return out;
}

}  // namespace salesrep
