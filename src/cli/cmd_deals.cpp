// salesrep deals: every deal with its status.
#include "report_cli.hpp"

#include <fmt/format.h>

namespace salesrep::cli {

void setup_deals(CLI::App& app, Globals& g) {
    auto opts = std::make_shared<ReportOptions>();
    auto filter = std::make_shared<DealFilter>();
    CLI::App* sub = add_table_command(
        app, g, "deals", "List deals with stage, status %, weighted amount and flags",
        "Every deal that exists as of --today, by id: its stage (or the stage it closed in),\n"
        "state, status %, amount, weighted amount, its own expected close, last contact, days\n"
        "in stage, flags (stalled, slipped, overdue, idle), forecast category, next action,\n"
        "the day it was won or lost (closed) and how often its close was pushed (slips).\n"
        "With a period, --won and --lost keep the deals won or lost in it, and --opened\n"
        "(which needs a period) the deals opened in it.\n\n"
        "Examples:\n"
        "  salesrep deals --open --agent alice\n"
        "  salesrep deals --stage negotiation --format csv\n"
        "  salesrep deals --won --quarter --format json -o won.json\n"
        "  salesrep deals --opened --month 2026-11",
        false, true, opts, [filter](const Session& s, const ReportOptions&) {
            filter->in_period = s.ctx->has_period;
            if (filter->opened && !filter->in_period)
                usage_error("--opened needs a period: add --month, --quarter, --year or --period FROM..TO");
            if (!filter->stage.empty()) {
                std::vector<std::string_view> stages;
                bool known = false;
                for (const auto& p : s.book().pipelines)
                    for (const auto& st : p.stages) {
                        stages.push_back(st.id);
                        known |= st.id == filter->stage;
                    }
                if (!known)
                    usage_error(fmt::format("unknown stage '{}'{}", filter->stage,
                                            suggestion_suffix(filter->stage, stages)));
            }
            ViewOptions v;
            v.totals = s.format == Format::table || s.format == Format::md;
            return std::vector<Table>{deals_table(*s.ctx, *filter, v)};
        });
    sub->add_flag("--open", filter->open, "Only open deals");
    sub->add_flag("--won", filter->won, "Only won deals (with a period: won in it)");
    sub->add_flag("--lost", filter->lost, "Only lost deals (with a period: lost in it)");
    sub->add_flag("--opened", filter->opened, "Only deals opened in the period (needs a period)");
    sub->add_option("--stage", filter->stage, "Only deals in (or closed in) this stage")->type_name("STAGE");
}

}  // namespace salesrep::cli
