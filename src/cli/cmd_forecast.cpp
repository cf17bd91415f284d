// salesrep forecast: won + weighted pipeline per agent, team and total; with
// --range, P10/P50/P90 and the chance to reach the target (SPEC §9b).
#include "report_cli.hpp"

#include <charconv>
#include <fmt/format.h>

namespace salesrep::cli {

namespace {

struct RangeCli {
    bool range = false, calibrated = false;
    std::string trials, seed;  // parsed here, for a message that says what is wrong
};

// A whole decimal number in [0, 2^64), else none.
std::optional<std::uint64_t> parse_u64(const std::string& s) {
    std::uint64_t v = 0;
    if (s.empty() || s[0] == '+' || s[0] == '-') return std::nullopt;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
    return v;
}

// What is wrong with a --trials / --seed value ("" when it is right): checked
// while the command line is parsed, before the book is read (exit 2).
std::string trials_error(const std::string& v) {
    auto n = parse_u64(v);
    if (n && *n >= 1 && *n <= max_range_trials) return "";
    return fmt::format("'{}' is not valid; write a whole number from 1 to {}", v, max_range_trials);
}
std::string seed_error(const std::string& v) {
    if (parse_u64(v)) return "";
    return fmt::format("'{}' is not valid; write a whole number from 0 to 18446744073709551615", v);
}

RangeOptions range_options(const RangeCli& r) {
    RangeOptions o;
    o.calibrated = r.calibrated;
    if (!r.trials.empty()) o.trials = static_cast<std::size_t>(*parse_u64(r.trials));
    if (!r.seed.empty()) o.seed = *parse_u64(r.seed);
    return o;
}

}  // namespace

void setup_forecast(CLI::App& app, Globals& g) {
    auto opts = std::make_shared<ReportOptions>();
    auto rc = std::make_shared<RangeCli>();
    CLI::App* sub = add_table_command(
        app, g, "forecast", "Forecast per agent, team and total over a period",
        "Per agent (by the deal's owner), team and total: won in the period, open deals\n"
        "expected to close in it (count, pipeline, weighted, commit, best case), forecast =\n"
        "won + weighted, the sales target and attainment. Default period: the current\n"
        "fiscal quarter. Open deals expected to close before the period are listed apart.\n\n"
        "With --range, the forecast as a range: 10,000 trials in which each open deal\n"
        "expected in the period is won (its full amount) with its status % as the chance.\n"
        "P10 / P50 / P90: 10 % of the trials end below P10, half below P50, 90 % below\n"
        "P90; chance %: the share of trials that reach the sales target. The same --seed\n"
        "gives the same figures to the cent; --calibrated uses each stage's win rate so\n"
        "far (funnel --calibration) where 10 or more deals that reached it have closed.\n\n"
        "Examples:\n"
        "  salesrep forecast --quarter\n"
        "  salesrep forecast --year 2026 --team north --format csv\n"
        "  salesrep forecast --month 2026-11 --explain\n"
        "  salesrep forecast --quarter --monthly\n"
        "  salesrep forecast --range                 how sure are we to reach the target?\n"
        "  salesrep forecast --range --calibrated --trials 100000 --seed 7",
        true, true, opts, [rc](const Session& s, const ReportOptions& o) {
            ViewOptions v;
            const bool range = rc->range;
            const RangeOptions ro = range_options(*rc);
            if (range && ro.trials > range_trial_limit(*s.ctx))
                usage_error(fmt::format("--trials {} would keep more than {} trial totals in memory on this book "
                                        "(one per trial for each agent with a deal expected in the period, each team "
                                        "and the total); use at most {} trials",
                                        ro.trials, range_total_cells, range_trial_limit(*s.ctx)));
            std::vector<Table> t{split_table(s, o, 2, [&](const Context& c) {
                return range ? forecast_range_table(c, v, ro) : forecast_table(c, v);
            })};
            if (s.format == Format::table || s.format == Format::md) {
                t.push_back(forecast_categories_table(*s.ctx));
                Table past = past_due_table(*s.ctx);
                if (!past.rows.empty()) t.push_back(past);
            }
            if (o.explain) t.push_back(forecast_explain_table(*s.ctx));
            return t;
        });
    sub->add_flag("--explain", opts->explain, "Show the arithmetic per deal behind each figure");
    add_split_options(sub, *opts);
    CLI::Option* range = sub->add_flag("--range", rc->range, "Add P10, P50, P90 and the chance to reach the target");
    sub->add_option("--trials", rc->trials, "Trials of --range (default 10000)")
        ->type_name("N")
        ->check(CLI::Validator(trials_error, ""))
        ->needs(range);
    sub->add_option("--seed", rc->seed, "Seed of --range's generator, 0 to 2^64-1 (default 1)")
        ->type_name("S")
        ->check(CLI::Validator(seed_error, ""))
        ->needs(range);
    sub->add_flag("--calibrated", rc->calibrated, "--range with the stages' historical win rates")->needs(range);
}

}  // namespace salesrep::cli
