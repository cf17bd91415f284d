// salesrep journal: the ledger's entries of a period as written, with their
// file and line (hledger's register).
#include "report_cli.hpp"

#include <fmt/format.h>

namespace salesrep::cli {

namespace {

struct JournalOptions {
    std::vector<std::string> kinds, deals, clients;
};

template <class Records>
std::vector<int> indexes_of(const std::vector<std::string>& ids, const Records& records, const char* what,
                            const std::function<int(const std::string&)>& find) {
    std::vector<int> out;
    for (const std::string& id : ids) {
        const int i = find(id);
        if (i < 0) {
            std::vector<std::string_view> known;
            for (const auto& r : records) known.push_back(r.id);
            usage_error(fmt::format("unknown {} '{}'{}", what, id, suggestion_suffix(id, known)));
        }
        out.push_back(i);
    }
    return out;
}

JournalFilter filter_of(const Book& b, const JournalOptions& o) {
    JournalFilter f;
    for (const std::string& k : o.kinds) {
        auto kind = parse_kind(k);
        if (!kind) {
            std::vector<std::string_view> names;
            for (int i = 0; i < kind_count; ++i) names.push_back(kind_name(static_cast<Kind>(i)));
            usage_error(fmt::format("unknown kind '{}'{}; kinds: {}", k, suggestion_suffix(k, names),
                                    fmt::join(names, ", ")));
        }
        f.kinds.push_back(*kind);
    }
    f.deals = indexes_of(o.deals, b.deals, "deal", [&b](const std::string& id) { return b.deal_index(id); });
    f.clients = indexes_of(o.clients, b.clients, "client", [&b](const std::string& id) { return b.client_index(id); });
    return f;
}

}  // namespace

void setup_journal(CLI::App& app, Globals& g) {
    auto opts = std::make_shared<ReportOptions>();
    auto j = std::make_shared<JournalOptions>();
    CLI::App* sub = add_table_command(
        app, g, "journal", "The ledger's entries of the period, as written, with their file and line",
        "The entries dated in the period (default: every entry up to --today), in the order the\n"
        "replay applies them: by date, 'client' then 'open' entries first within a day, then by\n"
        "time, file and line. 'agent' is the agent credited with the entry (its @agent, else the\n"
        "deal's owner at that point, else the client's owner). 'text' is the note (for 'next',\n"
        "what is to be done); 'details' the rest of the entry in ledger syntax.\n"
        "--kind, --deal and --client may be repeated; --client keeps the entries on the client and\n"
        "on each of its deals; --agent and --team keep the entries credited to those agents.\n\n"
        "Examples:\n"
        "  salesrep journal --month --agent alice\n"
        "  salesrep journal --client acme --kind call --kind meeting\n"
        "  salesrep journal --deal acme-renewal-2026 --format csv",
        false, true, opts, [j](const Session& s, const ReportOptions&) {
            const JournalFilter f = filter_of(s.book(), *j);
            return std::vector<Table>{journal_table(*s.ctx, journal_entries(*s.ctx, f))};
        });
    sub->add_option("--kind", j->kinds, "Only entries of this kind (repeatable)")->type_name("KIND");
    sub->add_option("--deal", j->deals, "Only entries on this deal (repeatable)")->type_name("DEAL");
    sub->add_option("--client", j->clients, "Only entries on this client or one of its deals (repeatable)")
        ->type_name("CLIENT");
}

}  // namespace salesrep::cli
