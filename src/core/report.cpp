// `report`: every section in one document, for the Monday meeting and the board.
#include "salesrep/compute/figures.hpp"
#include "salesrep/compute/look_back.hpp"
#include "salesrep/views.hpp"

#include <fmt/format.h>

namespace salesrep {

namespace {

std::vector<std::string> summary(const Context& c) {
    auto forecast = forecast_rows(c).back().figures;
    auto activity = activity_rows(c).back().figures;
    auto target = row_target(c, Scope::company, -1, Metric::sales);
    std::vector<std::string> out;
    std::string won = fmt::format("Won: {} in {} deals", thousands(format_money(forecast.won)), activity.deals_won);
    if (target) {
        Rational tgt = *target;
        won += fmt::format(" of a {} target ({}%)", thousands(format_fixed(tgt / Rational(100), 2)),
                           pct_text(Rational(forecast.won.cents), tgt));
    }
    out.push_back(won + ".");
    out.push_back(fmt::format("Forecast: {} (won + weighted open deals expected to close in {}).",
                              thousands(format_money(forecast.forecast())), c.period.label));
    out.push_back(fmt::format("Pipeline: {} in {} open deals, weighted {}; commit {}, best case {}.",
                              thousands(format_money(forecast.pipeline)), forecast.open_deals,
                              thousands(format_money(forecast.weighted)), thousands(format_money(forecast.commit)),
                              thousands(format_money(forecast.best_case))));
    if (target) {
        Rational remaining = *target - Rational(forecast.won.cents);
        if (Rational() < remaining)
            out.push_back(fmt::format("Coverage: the pipeline is {}x what remains to reach the target ({}).",
                                      format_fixed(Rational(forecast.pipeline.cents) / remaining, 1),
                                      thousands(format_fixed(remaining / Rational(100), 2))));
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

}  // namespace

Document report_document(const Context& c, const ViewOptions& o) {
    const Book& b = c.book;
    Document d;
    std::string company = b.settings.company.empty() ? "Sales" : b.settings.company;
    d.title = fmt::format("{} — sales report, {}", company, c.period.label);
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

    // Tables are moved in: a braced list of Tables would copy every row.
    auto add = [&d](std::string heading, std::vector<std::string> paragraphs, auto... tables) {
        Section& s = d.sections.emplace_back();
        s.heading = std::move(heading);
        s.paragraphs = std::move(paragraphs);
        (s.tables.push_back(std::move(tables)), ...);
    };
    add("Summary", summary(c));
    add("Targets and attainment", {}, targets_table(c));
    add("Forecast", {}, forecast_table(c, o), forecast_categories_table(c), past_due_table(c));
    d.sections.push_back(changes_section(c));
    d.sections.push_back(accuracy_section(c));
    add("Activity", {}, activity_table(c));
    add("Open deals", {}, open_deals_detail_table(c));
    add("Priority: who to call first", {}, priority_table(c, o));
    add("Slipped and carried over", {}, slipped_table(c), carried_over_table(c));
    add("Funnel (every deal)", {}, funnel_table(c, false), winrate_table(c, false), paths_table(c, false));
    add("Client balances", {}, balance_table(c, o));
    return d;
}

std::vector<Table> report_csv_tables(const Context& c) {
    ViewOptions o;
    o.totals = false;
    std::vector<Table> out;
    out.push_back(priority_table(c, o));
    out.push_back(deals_table(c, {}, o));
    out.push_back(forecast_table(c, o));
    out.push_back(targets_table(c));
    out.push_back(activity_table(c));
    out.push_back(funnel_table(c, false));
    out.push_back(balance_table(c, o));
    out.push_back(changes_table(c, week_changes(c)));  // SPEC §10, revision 2
    if (c.period.from && *c.period.from <= c.today) out.push_back(accuracy_table(c, forecast_accuracy(c, false)));
    return out;
}

}  // namespace salesrep
