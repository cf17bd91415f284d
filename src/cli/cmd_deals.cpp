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
        "state, status %, amount, weighted amount, expected close, last contact, days in\n"
        "stage and flags (stalled, slipped, overdue, idle).\n\n"
        "Examples:\n"
        "  salesrep deals --open --agent alice\n"
        "  salesrep deals --stage negotiation --format csv\n"
        "  salesrep deals --won --format json -o won.json",
        false, false, opts, [filter](const Session& s, const ReportOptions&) {
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
    sub->add_flag("--won", filter->won, "Only won deals");
    sub->add_flag("--lost", filter->lost, "Only lost deals");
    sub->add_option("--stage", filter->stage, "Only deals in (or closed in) this stage")->type_name("STAGE");
}

}  // namespace salesrep::cli
