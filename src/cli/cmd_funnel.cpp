// salesrep funnel: conversion per stage, win rates, winning paths.
#include "report_cli.hpp"

namespace salesrep::cli {

void setup_funnel(CLI::App& app, Globals& g) {
    auto opts = std::make_shared<ReportOptions>();
    add_table_command(
        app, g, "funnel", "Funnel conversion per stage, win rates and winning paths",
        "For the deals opened in the period (every deal when no period is given), per\n"
        "pipeline: deals that reached each stage, conversion to the next, mean days in\n"
        "stage, then won / lost / open, the win rate and mean sales cycle; win rate by\n"
        "segment, industry, source and owner; the most frequent paths of won deals.\n\n"
        "Examples:\n"
        "  salesrep funnel\n"
        "  salesrep funnel --year 2025\n"
        "  salesrep funnel --format csv -o funnel.csv",
        false, true, opts, [](const Session& s, const ReportOptions&) {
            bool p = s.ctx->has_period;
            std::vector<Table> t{funnel_table(*s.ctx, p)};
            if (s.format == Format::table || s.format == Format::md) {
                t.push_back(winrate_table(*s.ctx, p));
                t.push_back(paths_table(*s.ctx, p));
            }
            return t;
        });
}

}  // namespace salesrep::cli
