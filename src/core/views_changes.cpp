// Pipeline changes (SPEC §9b) as Tables: the rows per scope, the deals that
// moved, and the waterfall the terminal draws.
#include "salesrep/compute/changes.hpp"
#include "salesrep/views.hpp"
#include "views_common.hpp"

#include <fmt/format.h>

#include <cmath>

namespace salesrep {

using namespace view;

namespace {

std::string span(const Changes& ch) { return fmt::format("{} to {}", format_date(ch.since), format_date(ch.until)); }

}  // namespace

Table changes_table(const Context& c, const Changes& ch) {
    Table t;
    t.name = "changes";
    t.title = fmt::format("Pipeline changes, {} ({})", c.period.label, span(ch));
    t.columns = {col("scope", "Scope"),
                 col("id", "Id"),
                 col("start", "Start", ColType::money),
                 col("created", "+ Created", ColType::money),
                 col("pulled", "+ Pulled in", ColType::money),
                 col("increased", "+ Increased", ColType::money),
                 col("decreased", "− Decreased", ColType::money),
                 col("pushed", "− Pushed out", ColType::money),
                 col("lost", "− Lost", ColType::money),
                 col("won", "− Won", ColType::money),
                 col("end", "End", ColType::money)};
    for (const auto& r : ch.rows) {
        const ChangeFigures& f = r.figures;
        t.rows.push_back(make_row(scope_name(r.scope), r.id, money(f.start), money(f.created), money(f.pulled),
                                  money(f.increased), money(f.decreased), money(f.pushed), money(f.lost),
                                  money(f.won), money(f.end)));
        t.emphasis.push_back(r.scope != Scope::agent);
    }
    t.notes.push_back(fmt::format(
        "Start: the open deals expected to close in {} as of {} (not omitted); end: the same as of {}. "
        "Start + created + pulled in + increased − decreased − pushed out − lost − won = end.",
        c.period.label, format_date(ch.since), format_date(ch.until)));
    t.notes.push_back("Created: opened since; pulled in: its close moved into the period, it was reopened or is no "
                      "longer omitted; pushed out: its close moved past the period, or it is now omitted; won and "
                      "lost count the amount it had at the start. Every figure goes to the deal's owner today.");
    return t;
}

Table changes_deals_table(const Context& c, const Changes& ch) {
    const Book& b = c.book;
    Table t;
    t.name = "changes_deals";
    t.title = fmt::format("Deals that moved, {} ({})", c.period.label, span(ch));
    t.columns = {col("deal", "Deal"),
                 col("owner", "Owner"),
                 col("movement", "Movement"),
                 col("amount_a", fmt::format("Amount {}", format_date(ch.since)), ColType::money),
                 col("amount_b", fmt::format("Amount {}", format_date(ch.until)), ColType::money),
                 col("close_a", fmt::format("Close {}", format_date(ch.since)), ColType::date),
                 col("close_b", fmt::format("Close {}", format_date(ch.until)), ColType::date),
                 col("moved", "Counted", ColType::money)};
    for (const DealMove& m : ch.deals) {
        if (m.movement == Movement::unchanged) continue;  // SPEC §9b: "the deals that moved"
        t.rows.push_back(make_row(b.deals[static_cast<std::size_t>(m.deal)].id,
                                  m.owner >= 0 ? std::string_view(b.agents[static_cast<std::size_t>(m.owner)].id)
                                               : std::string_view(),
                                  movement_name(m.movement), opt_money(m.amount_a), opt_money(m.amount_b),
                                  opt_date(m.close_a), opt_date(m.close_b), money(m.moved)));
    }
    t.notes.push_back("Deals in the pipeline on both days with the same amount (unchanged) are not listed. "
                      "Amounts and closes: the deal's own, where it was open on that day. Counted: what the "
                      "movement adds to its column (increased, decreased: the difference; created+won and "
                      "created+lost: its amount just before it closed, counted as created and as won or lost).");
    return t;
}

// The total row as a waterfall: each step a bar that starts where the last
// one ended. Totals (start, end) are solid, rises shaded, falls light.
Table changes_waterfall_table(const Context& c, const Changes& ch) {
    const ChangeFigures& f = ch.rows.back().figures;
    struct Step {
        const char* name;
        long long delta;  // cents; start and end: their level
        bool total;
    };
    const Step steps[] = {{"start", f.start.cents, true},         {"created", f.created.cents, false},
                          {"pulled in", f.pulled.cents, false},   {"increased", f.increased.cents, false},
                          {"decreased", -f.decreased.cents, false}, {"pushed out", -f.pushed.cents, false},
                          {"lost", -f.lost.cents, false},         {"won", -f.won.cents, false},
                          {"end", f.end.cents, true}};
    // The highest level the pipeline reaches sets the scale.
    long long level = 0, top = 0;
    for (const Step& s : steps) {
        level = s.total ? s.delta : level + s.delta;
        top = std::max(top, level);
    }
    constexpr int width = 40;
    auto cell = [&](long long cents) {
        return top <= 0 ? 0 : static_cast<int>(std::lround(static_cast<double>(std::max(0LL, cents)) * width /
                                                            static_cast<double>(top)));
    };
    auto repeat = [](std::string_view glyph, int n) {
        std::string s;
        for (int i = 0; i < n; ++i) s += glyph;
        return s;
    };
    Table t;
    t.name = "changes_waterfall";
    t.title = fmt::format("Waterfall, {}{}", c.period.label, c.filtered ? " (selection)" : "");
    t.columns = {col("step", "Step"), col("amount", "Amount", ColType::money), col("level", "Pipeline", ColType::money),
                 col("bar", "")};
    level = 0;
    for (const Step& s : steps) {
        const long long from = s.total ? 0 : level;
        level = s.total ? s.delta : level + s.delta;
        int lo = cell(std::min(from, level)), hi = cell(std::max(from, level));
        if (hi == lo && s.delta != 0) hi = lo + 1;  // a step too small to see still shows
        std::string_view glyph = s.total ? "█" : s.delta > 0 ? "▓" : "░";
        t.rows.push_back(make_row(s.name, money(Money{s.delta}), money(Money{level}),
                                  std::string(static_cast<std::size_t>(lo), ' ') + repeat(glyph, hi - lo)));
        t.emphasis.push_back(s.total);
    }
    t.notes.push_back("█ the pipeline at the start and the end, ▓ what came in, ░ what went out.");
    return t;
}

}  // namespace salesrep
