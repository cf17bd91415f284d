// `report`: every section in one document, for the Monday meeting and the board.
#include "salesrep/compute/figures.hpp"
#include "salesrep/views.hpp"

#include <fmt/format.h>

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

// The same figures as numbers, for scripts (JSON's "summary").
Table summary_table(const Context& c, const Summary& s) {
    const auto& f = s.forecast;
    const auto& a = s.activity;
    auto opt_date = [](const std::optional<Date>& d) { return d ? format_date(*d) : std::string(); };
    auto money = [](Money m) { return format_money(m); };
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

}  // namespace

Table summary_table(const Context& c) { return summary_table(c, summary_of(c)); }

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
    const Summary figures = summary_of(c);
    d.summary = summary_table(c, figures);
    add("Summary", summary(c, figures));
    add("Targets and attainment", {}, targets_table(c));
    add("Forecast", {}, forecast_table(c, o), forecast_categories_table(c), past_due_table(c));
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
    return out;
}

}  // namespace salesrep
