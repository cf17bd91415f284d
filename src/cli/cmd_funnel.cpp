// salesrep funnel: conversion per stage, win rates, winning paths; with
// --calibration, each stage's % against history (SPEC §9b).
#include "report_cli.hpp"

namespace salesrep::cli {

void setup_funnel(CLI::App& app, Globals& g) {
    auto opts = std::make_shared<ReportOptions>();
    auto calibrate = std::make_shared<bool>(false);
    CLI::App* sub = add_table_command(
        app, g, "funnel", "Funnel conversion per stage, win rates and winning paths",
        "For the deals opened in the period (every deal when no period is given), per\n"
        "pipeline: deals that reached each stage, conversion to the next, mean days in\n"
        "stage, then won / lost / open, the win rate and mean sales cycle; win rate by\n"
        "segment, industry, source and owner; the most frequent paths of won deals.\n\n"
        "With --calibration, per stage: of the deals that reached it and have closed, how\n"
        "many were won, the 95 % interval around that win rate, and a verdict on the\n"
        "stage's configured %: 'too high' (above the interval: the forecast runs high),\n"
        "'too low', or 'ok'; no verdict under 10 closed deals.\n\n"
        "Examples:\n"
        "  salesrep funnel\n"
        "  salesrep funnel --year 2025\n"
        "  salesrep funnel --format csv -o funnel.csv\n"
        "  salesrep funnel --calibration             are the stage percentages right?",
        false, true, opts, [calibrate](const Session& s, const ReportOptions&) {
            bool p = s.ctx->has_period;
            if (*calibrate) return std::vector<Table>{calibration_table(*s.ctx, p)};
            std::vector<Table> t{funnel_table(*s.ctx, p)};
            if (s.format == Format::table || s.format == Format::md) {
                t.push_back(winrate_table(*s.ctx, p));
                t.push_back(paths_table(*s.ctx, p));
            }
            return t;
        });
    sub->add_flag("--calibration", *calibrate, "Each stage's % against the win rate of the deals that reached it");
}

}  // namespace salesrep::cli
