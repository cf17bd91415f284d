// YAML text -> the Book's parts (SPEC §1-§6).
#include "salesrep/load.hpp"
#include "yaml_reader.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace salesrep {

using yaml::Ctx;
using yaml::MapReader;

namespace {

// The top of a file: a map holding `key` (a list). Returns an undefined node
// (after reporting) when the file is not shaped so.
YAML::Node top_list(const Ctx& ctx, const YAML::Node& root, std::string_view key,
                    std::initializer_list<std::string_view> allowed, std::string_view file_what) {
    if (!root.IsDefined() || root.IsNull()) {
        ctx.error(SourcePos{ctx.file, 1, 1},
                  fmt::format("{} is empty; it needs a map with a '{}:' list", file_what, key));
        return YAML::Node(YAML::NodeType::Undefined);
    }
    MapReader top(ctx, root, file_what, allowed);
    if (!top.ok()) return YAML::Node(YAML::NodeType::Undefined);
    return top.get(key);
}

void parse_files_value(const Ctx& ctx, const YAML::Node& v, std::string_view key, std::vector<FileRef>& out) {
    auto add = [&](const YAML::Node& n) {
        if (!n.IsScalar() || n.Scalar().empty()) {
            ctx.error(n, fmt::format("files.{} must be a path or a list of paths, found {}", key, yaml::describe(n)));
            return;
        }
        out.push_back({n.Scalar(), ctx.pos(n)});
    };
    if (v.IsSequence()) {
        for (const auto& item : v) add(item);
        if (v.size() == 0) ctx.error(v, fmt::format("files.{} is an empty list; name at least one file", key));
    } else {
        add(v);
    }
}

// files: write_to: a relative path inside the book with {agent} in it (SPEC §1).
void parse_write_to(const Ctx& ctx, const MapReader& f, Settings& out) {
    std::string t;
    if (!f.text("write_to", t)) return;
    SourcePos at = f.pos_of("write_to");
    std::string_view problem;
    bool up = t == ".." || t.rfind("../", 0) == 0 || t.find("/../") != std::string::npos ||
              (t.size() >= 3 && t.compare(t.size() - 3, 3, "/..") == 0);
    if (t.find("{agent}") == std::string::npos)
        problem = "has no '{agent}': it names each agent's ledger file, e.g. ledger/{agent}.ledger";
    else if (t.front() == '/' || up)
        problem = "must be a path inside the book (relative, without '..'), e.g. ledger/{agent}.ledger";
    else if (t.find_first_of("*?[") != std::string::npos || t.back() == '/')
        problem = "must name one file per agent (no glob characters), e.g. ledger/{agent}.ledger";
    if (!problem.empty()) {
        ctx.error(at, fmt::format("files.write_to '{}' {}", t, problem));
        return;
    }
    out.write_to = std::move(t);
    out.write_to_pos = at;
}

}  // namespace

void parse_settings(std::string_view text, std::uint32_t file, Settings& out, FilesSpec& files, Diags& diags) {
    Ctx ctx{file, diags, {}};
    YAML::Node root;
    out.pos = {file, 1, 1};
    if (!yaml::load(ctx, text, root)) return;
    if (!root.IsDefined() || root.IsNull()) return;  // an empty salesrep.yaml: every default
    MapReader m(ctx, root, "salesrep.yaml",
                {"company", "currency", "fiscal_year_start", "files", "priority", "allow_outside"});
    if (!m.ok()) return;
    std::optional<bool> outside;
    if (m.boolean("allow_outside", outside)) files.allow_outside = *outside;
    m.text("company", out.company);
    if (m.text("currency", out.currency)) {
        const std::string& c = out.currency;
        bool ok = c.size() == 3;
        for (char ch : c) ok &= (ch >= 'A' && ch <= 'Z');
        if (!ok) {
            ctx.error(m.pos_of("currency"), fmt::format("currency '{}' is not an ISO 4217 code (three capital letters, e.g. EUR)", c));
            out.currency.clear();
        }
    }
    std::optional<int> fys;
    if (m.integer("fiscal_year_start", fys, 1, 12)) out.fiscal_year_start = static_cast<unsigned>(*fys);
    if (m.has("priority")) {
        MapReader p(ctx, m.get("priority"), "priority", {"idle_days"});
        std::optional<int> idle;
        if (p.ok() && p.integer("idle_days", idle, 0, 100000)) out.idle_days = *idle;
    }
    if (m.has("files")) {
        MapReader f(ctx, m.get("files"), "files", {"funnel", "team", "clients", "deals", "targets", "ledger", "write_to"});
        if (!f.ok()) return;
        struct Slot { std::string_view key; std::vector<FileRef>* list; bool* flag; };
        Slot slots[] = {{"funnel", &files.funnel, nullptr},   {"team", &files.team, nullptr},
                        {"clients", &files.clients, nullptr}, {"deals", &files.deals, nullptr},
                        {"targets", &files.targets, &files.has_targets}, {"ledger", &files.ledger, &files.has_ledger}};
        for (auto& s : slots) {
            if (!f.has(s.key)) continue;
            parse_files_value(ctx, f.get(s.key), s.key, *s.list);
            if (s.flag) *s.flag = true;
        }
        for (const auto& ref : files.ledger) out.ledger_patterns.push_back(ref.pattern);
        if (f.has("write_to")) parse_write_to(ctx, f, out);
    }
}

namespace {

void parse_stage(const Ctx& ctx, const YAML::Node& n, Pipeline& p) {
    MapReader m(ctx, n, "a stage", {"id", "name", "probability", "max_days", "category"});
    if (!m.ok()) return;
    Stage s;
    s.pos = m.pos();
    if (!m.id("id", s.id, true)) return;
    if (s.id == "won" || s.id == "lost" || s.id == "open") {
        ctx.error(m.pos_of("id"), fmt::format("'{}' cannot be a stage id: won, lost and open are the deal outcomes, "
                                              "not stages", s.id));
        return;
    }
    if (!m.text("name", s.name)) s.name = s.id;
    std::optional<int> prob;
    if (m.integer("probability", prob, 0, 100, true)) s.probability = *prob;
    m.integer("max_days", s.max_days, 0, 100000);
    std::string cat;
    if (m.text("category", cat)) {
        s.category = parse_category(cat);
        if (s.category == Category::omitted) s.category.reset();  // a deal's override only
        if (!s.category)
            ctx.error(m.pos_of("category"),
                      fmt::format("unknown category '{}'{}; a category is pipeline, best_case or commit", cat,
                                  suggestion_suffix(cat, {"pipeline", "best_case", "commit"})));
    }
    p.stages.push_back(std::move(s));
}

void parse_stages(const Ctx& ctx, const YAML::Node& list, Pipeline& p, SourcePos where) {
    if (!list.IsDefined() || list.IsNull()) {
        ctx.error(where, fmt::format("pipeline '{}' has no 'stages:'; list its stages in order", p.id));
        return;
    }
    yaml::each(ctx, list, "stages", [&](const YAML::Node& item) { parse_stage(ctx, item, p); });
    if (list.IsSequence() && list.size() == 0)
        ctx.error(where, fmt::format("pipeline '{}' has no stages; list at least one", p.id));
}

}  // namespace

namespace yaml {

void parse_funnel_node(const Ctx& ctx, const YAML::Node& root, std::string_view what, std::vector<Pipeline>& out) {
    MapReader top(ctx, root, std::string(what), {"pipelines", "stages"});
    if (!top.ok()) return;
    if (top.has("pipelines") && top.has("stages")) {
        ctx.error(top.pos_of("stages"), fmt::format("{} has both 'pipelines:' and 'stages:'; use one of them", what));
        return;
    }
    if (top.has("stages")) {
        Pipeline p;
        p.id = "default";
        p.name = "Default";
        p.pos = top.pos();
        parse_stages(ctx, top.get("stages"), p, top.pos_of("stages"));
        out.push_back(std::move(p));
        return;
    }
    if (!top.has("pipelines")) {
        ctx.error(top.pos(), fmt::format("{} has no 'pipelines:' list (or a single 'stages:' list)", what));
        return;
    }
    yaml::each(ctx, top.get("pipelines"), "pipelines", [&](const YAML::Node& item) {
        MapReader m(ctx, item, "a pipeline", {"id", "name", "segments", "stages"});
        if (!m.ok()) return;
        Pipeline p;
        p.pos = m.pos();
        if (!m.id("id", p.id, true)) return;
        if (!m.text("name", p.name)) p.name = p.id;
        m.text_list("segments", p.segments);
        parse_stages(ctx, m.get("stages"), p, m.pos());
        out.push_back(std::move(p));
    });
}

}  // namespace yaml

void parse_funnel(std::string_view text, std::uint32_t file, std::vector<Pipeline>& out, Diags& diags) {
    Ctx ctx{file, diags, {}};
    YAML::Node root;
    if (!yaml::load(ctx, text, root)) return;
    if (!root.IsDefined() || root.IsNull()) {
        ctx.error(SourcePos{file, 1, 1}, "funnel file is empty; it needs 'pipelines:' (or a single 'stages:' list)");
        return;
    }
    yaml::parse_funnel_node(ctx, root, "the funnel file", out);
}

void parse_team(std::string_view text, std::uint32_t file, std::vector<Team>& teams, std::vector<Agent>& agents,
                Diags& diags) {
    Ctx ctx{file, diags, {}};
    YAML::Node root;
    if (!yaml::load(ctx, text, root)) return;
    if (!root.IsDefined() || root.IsNull()) {
        ctx.error(SourcePos{file, 1, 1}, "team file is empty; it needs an 'agents:' list");
        return;
    }
    MapReader top(ctx, root, "the team file", {"teams", "agents"});
    if (!top.ok()) return;
    yaml::each(ctx, top.get("teams"), "teams", [&](const YAML::Node& item) {
        MapReader m(ctx, item, "a team", {"id", "name", "lead"});
        if (!m.ok()) return;
        Team t;
        t.pos = m.pos();
        if (!m.id("id", t.id, true)) return;
        if (!m.text("name", t.name)) t.name = t.id;
        m.id("lead", t.lead);
        t.lead_pos = m.pos_of("lead");
        teams.push_back(std::move(t));
    });
    if (!top.has("agents")) ctx.error(top.pos(), "the team file has no 'agents:' list");
    yaml::each(ctx, top.get("agents"), "agents", [&](const YAML::Node& item) {
        MapReader m(ctx, item, "an agent", {"id", "name", "team", "email", "role"});
        if (!m.ok()) return;
        Agent a;
        a.pos = m.pos();
        if (!m.id("id", a.id, true)) return;
        if (!m.text("name", a.name)) a.name = a.id;
        m.id("team", a.team);
        a.team_pos = m.pos_of("team");
        m.text("email", a.email);
        std::string role;
        if (m.text("role", role)) {
            static const std::vector<std::string_view> roles{"agent", "lead", "supervisor", "director"};
            bool found = false;
            for (std::size_t i = 0; i < roles.size(); ++i)
                if (roles[i] == role) { a.role = static_cast<Role>(i); found = true; }
            if (!found)
                ctx.error(m.pos_of("role"), fmt::format("unknown role '{}'{}; a role is agent, lead, supervisor or "
                                                        "director", role, suggestion_suffix(role, roles)));
        }
        agents.push_back(std::move(a));
    });
}

void parse_clients(std::string_view text, std::uint32_t file, const Settings& settings, std::vector<Client>& out,
                   Diags& diags) {
    Ctx ctx{file, diags, settings.currency};
    YAML::Node root;
    if (!yaml::load(ctx, text, root)) return;
    YAML::Node list = top_list(ctx, root, "clients", {"clients"}, "the clients file");
    yaml::each(ctx, list, "clients", [&](const YAML::Node& item) {
        MapReader m(ctx, item, "a client",
                    {"id", "name", "industry", "segment", "owner", "contact", "opening_balance"});
        if (!m.ok()) return;
        Client c;
        c.pos = m.pos();
        if (!m.id("id", c.id, true)) return;
        if (!m.text("name", c.name)) c.name = c.id;
        m.text("industry", c.industry);
        m.text("segment", c.segment);
        m.id("owner", c.owner);
        c.owner_pos = m.pos_of("owner");
        m.money("opening_balance", c.opening_balance, true);
        if (m.has("contact")) {
            MapReader k(ctx, m.get("contact"), "a contact", {"name", "title", "email", "phone"});
            if (k.ok()) {
                k.text("name", c.contact.name);
                k.text("title", c.contact.title);
                k.text("email", c.contact.email);
                k.text("phone", c.contact.phone);
            }
        }
        out.push_back(std::move(c));
    });
}

namespace {
void parse_deals_with(Ctx& ctx, std::string_view text, std::vector<Deal>& out);
void parse_deals_tree(Ctx& ctx, std::string_view text, std::vector<Deal>& out);
}

bool parse_deals_from_events(std::string_view text, std::uint32_t file, const Settings& settings,
                             std::vector<Deal>& out) {
    Diags none;
    Ctx ctx{file, none, settings.currency};
    return yaml::read_deals_from_events(ctx, text, out);
}

void parse_deals_from_tree(std::string_view text, std::uint32_t file, const Settings& settings,
                           std::vector<Deal>& out, Diags& diags) {
    Ctx ctx{file, diags, settings.currency};
    parse_deals_tree(ctx, text, out);
}

void parse_deals(std::string_view text, std::uint32_t file, const Settings& settings, std::vector<Deal>& out,
                 Diags& diags) {
    Ctx ctx{file, diags, settings.currency};
    parse_deals_with(ctx, text, out);
}

namespace {
void parse_deals_with(Ctx& ctx, std::string_view text, std::vector<Deal>& out) {
    if (yaml::read_deals_from_events(ctx, text, out)) return;  // a plainly valid file, without the node tree
    parse_deals_tree(ctx, text, out);
}

void parse_deals_tree(Ctx& ctx, std::string_view text, std::vector<Deal>& out) {
    YAML::Node root;
    if (!yaml::load(ctx, text, root)) return;
    YAML::Node list = top_list(ctx, root, "deals", {"deals"}, "the deals file");
    yaml::each(ctx, list, "deals", [&](const YAML::Node& item) {
        MapReader m(ctx, item, "a deal",
                    {"id", "client", "title", "owner", "amount", "opened", "stage", "probability",
                     "expected_close", "next_action", "source", "pipeline", "category"});
        if (!m.ok()) return;
        Deal d;
        d.pos = m.pos();
        if (!m.id("id", d.id, true)) return;
        // A deal with a wrong or missing field is still a deal (its errors are
        // reported): the ledger entries about it are then not "unknown".
        m.id("client", d.client, true);
        d.client_pos = m.pos_of("client");
        m.text("title", d.title);
        m.id("owner", d.owner, true);
        d.owner_pos = m.pos_of("owner");
        m.money("amount", d.amount, false);
        std::optional<Date> opened;
        m.date("opened", opened, true);
        if (opened) d.opened = *opened;
        m.id("stage", d.stage);
        d.stage_pos = m.pos_of("stage");
        m.integer("probability", d.probability, 0, 100);
        m.date("expected_close", d.expected_close);
        if (m.has("next_action")) {
            MapReader n(ctx, m.get("next_action"), "next_action", {"what", "due"});
            if (n.ok()) {
                NextAction na;
                n.text("what", na.what, true);
                n.date("due", na.due);
                d.next_action = std::move(na);
            }
        }
        m.text("source", d.source);
        m.id("pipeline", d.pipeline);
        d.pipeline_pos = m.pos_of("pipeline");
        if (std::string cat; m.text("category", cat)) {
            d.category = parse_category(cat);
            if (!d.category)
                ctx.error(m.pos_of("category"),
                          fmt::format("unknown category '{}'; a deal's category is pipeline, best_case, commit or omitted",
                                      cat));
        }
        out.push_back(std::move(d));
    });
}
}  // namespace

void parse_targets(std::string_view text, std::uint32_t file, const Settings& settings, std::vector<Target>& out,
                   Diags& diags) {
    Ctx ctx{file, diags, settings.currency};
    YAML::Node root;
    if (!yaml::load(ctx, text, root)) return;
    if (!root.IsDefined() || root.IsNull()) return;  // an empty targets file: no targets
    YAML::Node list = top_list(ctx, root, "targets", {"targets"}, "the targets file");
    yaml::each(ctx, list, "targets", [&](const YAML::Node& item) {
        std::size_t diags_before = diags.size();
        MapReader m(ctx, item, "a target",
                    {"agent", "team", "company", "period", "sales", "deals_won", "deals_opened", "collected",
                     "calls", "meetings", "emails", "demos", "visits", "messages"});
        if (!m.ok()) return;
        bool unknown_keys = diags.size() != diags_before;  // a misspelt metric has been named already
        Target t;
        t.pos = m.pos();
        int scopes = 0;
        if (m.has("agent")) { ++scopes; t.scope = Scope::agent; m.id("agent", t.id, true); t.id_pos = m.pos_of("agent"); }
        if (m.has("team")) { ++scopes; t.scope = Scope::team; m.id("team", t.id, true); t.id_pos = m.pos_of("team"); }
        if (m.has("company")) {
            ++scopes;
            t.scope = Scope::company;
            t.id_pos = m.pos_of("company");
            std::optional<bool> b;
            if (m.boolean("company", b) && !*b)
                ctx.error(m.pos_of("company"), "'company: false' means nothing; write 'company: true' or name an agent or team");
        }
        if (scopes != 1) {
            ctx.error(m.pos(), scopes == 0 ? "a target names no scope; add 'agent: ID', 'team: ID' or 'company: true'"
                                           : "a target names more than one scope; keep one of agent, team, company");
            return;
        }
        std::string period;
        if (!m.text("period", period, true)) return;
        t.period_pos = m.pos_of("period");
        unsigned fys = settings.fiscal_year_start;
        std::optional<Period> p = parse_period_as(PeriodKind::year, period, fys);
        if (!p) p = parse_period_as(PeriodKind::quarter, period, fys);
        if (!p) p = parse_period_as(PeriodKind::month, period, fys);
        if (!p) {
            ctx.error(t.period_pos, fmt::format("'{}' is not a target period; write a fiscal year YYYY, a fiscal "
                                                "quarter YYYY-QN or a month YYYY-MM", period));
            return;
        }
        t.period = *p;
        bool named = false;  // a metric with a bad value has been reported already
        for (int i = 0; i < metric_count; ++i) {
            Metric metric = static_cast<Metric>(i);
            std::string_view key = metric_name(metric);
            Money v;
            if (!m.has(key)) continue;
            named = true;
            if (!m.money(key, v, false)) continue;
            t.values.emplace_back(metric, v.cents);
        }
        if (t.values.empty()) {
            if (!named && !unknown_keys)
                ctx.error(m.pos(), "a target names no metric; add e.g. 'sales: 100000' (metrics: sales, deals_won, "
                                   "deals_opened, collected, calls, meetings, emails, demos, visits, messages)");
            return;
        }
        out.push_back(std::move(t));
    });
}

void check_money_sums(const Book& book, Diags& diags) {
    // Summed in 128 bits: the first amount that takes the sum past int64 is named.
    __int128 sum = 0;
    constexpr __int128 most = INT64_MAX;
    std::int64_t largest = 0;
    std::string largest_what;
    std::size_t counted = 0;
    auto add = [&](std::int64_t cents, SourcePos pos, auto&& what) {
        const __int128 v = cents < 0 ? -static_cast<__int128>(cents) : static_cast<__int128>(cents);
        ++counted;
        if (v > largest) {
            largest = static_cast<std::int64_t>(std::min<__int128>(v, most));
            largest_what = what();
        }
        if (sum > most) return true;  // reported already
        sum += v;
        if (sum <= most) return true;
        diags.push_back({Severity::error, pos,
                         fmt::format("{} ({}) makes the book's amounts add up to more than {}, the most salesrep can "
                                     "total (int64 cents); with the {} amounts before it, totals would wrap around. "
                                     "The largest amount is {}: an amount this large is surely a mistake",
                                     what(), format_money(Money{cents}), format_money(Money{INT64_MAX}), counted - 1,
                                     largest_what)});
        return false;
    };
    auto at = [&](const SourcePos& p) {
        return p.file < book.sources.files.size() && p.line
                   ? fmt::format(" at {}:{}", book.sources.files[p.file].path, p.line)
                   : std::string();
    };
    for (const Deal& d : book.deals)
        if (!add(d.amount.cents, d.pos, [&] { return fmt::format("the amount of deal '{}'{}", d.id, at(d.pos)); })) return;
    for (const Client& c : book.clients)
        if (!add(c.opening_balance.cents, c.pos,
                 [&] { return fmt::format("the opening balance of client '{}'{}", c.id, at(c.pos)); }))
            return;
    for (const Target& t : book.targets)
        for (const auto& [metric, value] : t.values)
            if (!add(value, t.pos, [&] { return fmt::format("a target{}", at(t.pos)); })) return;
    for (const Entry& e : book.entries) {
        const SourcePos pos{e.file, e.line, 1};
        auto what = [&] { return fmt::format("the amount of the entry{}", at(pos)); };
        if (e.amount && !add((*e.amount).cents, pos, what)) return;
        if (e.set().amount && !add(e.set().amount->cents, pos, what)) return;
    }
}

}  // namespace salesrep
