// YAML text -> the Book's parts (SPEC §1-§6).
#include "salesrep/load.hpp"
#include "yaml_reader.hpp"

#include "salesrep/records.hpp"

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

void default_files(FilesSpec& files) {
    auto otherwise = [](std::vector<FileRef>& v, const char* name) {
        if (v.empty()) v.push_back({name, {}});
    };
    otherwise(files.funnel, "funnel.yaml");
    otherwise(files.team, "team.yaml");
    otherwise(files.clients, "clients.yaml");
    otherwise(files.deals, "deals.yaml");
    otherwise(files.targets, "targets.yaml");
    otherwise(files.ledger, "sales.ledger");
}

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

using record::Field;
using record::Is;

template <class T> requires record::Record<T>
bool read_fields(const Ctx& ctx, const MapReader& m, T& r);
template <class T> requires record::Record<T>
void read_list(const Ctx& ctx, const YAML::Node& list, std::string_view list_name, std::vector<T>& out);

// A pipeline's stages: a list, not empty.
void parse_stages(const Ctx& ctx, const YAML::Node& list, const std::string& pipeline, std::vector<Stage>& out,
                  SourcePos where) {
    if (!list.IsDefined() || list.IsNull()) {
        ctx.error(where, fmt::format("pipeline '{}' has no 'stages:'; list its stages in order", pipeline));
        return;
    }
    read_list(ctx, list, "stages", out);
    if (list.IsSequence() && list.size() == 0)
        ctx.error(where, fmt::format("pipeline '{}' has no stages; list at least one", pipeline));
}

// One record's fields from its map, each by the rule of its kind (records.hpp):
// every problem reported at its place.
struct TreeFields {
    const Ctx& ctx;
    const MapReader& m;
    const std::string* id = nullptr;  // the record's id, once read
    bool keep = true;                 // false: no valid id, the record is dropped

    template <class M>
    void operator()(const Field& f, M& x) {
        if (!keep || !f.yaml) return;
        if constexpr (std::is_same_v<M, std::string>) text(f, x);
        else if constexpr (std::is_same_v<M, Money>) m.money(f.key, x, f.is == Is::balance, f.required);
        else if constexpr (std::is_same_v<M, std::optional<Date>>) m.date(f.key, x, f.required);
        else if constexpr (std::is_same_v<M, Date>) {
            std::optional<Date> d;
            if (m.date(f.key, d, f.required)) x = *d;
        } else if constexpr (std::is_same_v<M, std::optional<int>>) m.integer(f.key, x, f.lo, f.hi, f.required);
        else if constexpr (std::is_same_v<M, int>) {
            std::optional<int> n;
            if (m.integer(f.key, n, f.lo, f.hi, f.required)) x = *n;
        } else if constexpr (std::is_same_v<M, std::optional<Category>>) category(f, x);
        else if constexpr (std::is_same_v<M, Role>) role(f, x);
        else if constexpr (std::is_same_v<M, std::vector<std::string>>) m.text_list(f.key, x);
        else if constexpr (std::is_same_v<M, std::vector<Stage>>) parse_stages(ctx, m.get(f.key), *id, x, m.pos());
        else if constexpr (std::is_same_v<M, SourcePos>) x = f.key.empty() ? m.pos() : m.pos_of(f.key);
        else if constexpr (record::Record<M>) nested(f, x);
        else if constexpr (record::optional_record<M>) nested(f, x.emplace(), &x);  // none unless its map reads
        // any other type is a field no YAML file holds (f.yaml is false)
    }

    void text(const Field& f, std::string& x) {
        switch (f.is) {
        case Is::record_id:
        case Is::stage_id:
            keep = m.id(f.key, x, true);
            id = &x;
            if (keep && f.is == Is::stage_id && (x == "won" || x == "lost" || x == "open")) {
                ctx.error(m.pos_of(f.key), fmt::format("'{}' cannot be a stage id: won, lost and open are the deal "
                                                       "outcomes, not stages", x));
                keep = false;
            }
            break;
        case Is::id: m.id(f.key, x, f.required); break;
        case Is::name:
            if (!m.text(f.key, x, f.required) && id) x = *id;
            break;
        default: m.text(f.key, x, f.required); break;
        }
    }

    void category(const Field& f, std::optional<Category>& x) {
        std::string cat;
        if (!m.text(f.key, cat)) return;
        x = parse_category(cat);
        if (f.is == Is::stage_category) {
            if (x == Category::omitted) x.reset();  // a deal's override only
            if (!x)
                ctx.error(m.pos_of(f.key),
                          fmt::format("unknown category '{}'{}; a category is pipeline, best_case or commit", cat,
                                      suggestion_suffix(cat, {"pipeline", "best_case", "commit"})));
        } else if (!x) {
            ctx.error(m.pos_of(f.key),
                      fmt::format("unknown category '{}'; a deal's category is pipeline, best_case, commit or omitted",
                                  cat));
        }
    }

    void role(const Field& f, Role& x) {
        std::string name;
        if (!m.text(f.key, name)) return;
        static const std::vector<std::string_view> roles{"agent", "lead", "supervisor", "director"};
        for (std::size_t i = 0; i < roles.size(); ++i)
            if (roles[i] == name) {
                x = static_cast<Role>(i);
                return;
            }
        ctx.error(m.pos_of(f.key), fmt::format("unknown role '{}'{}; a role is agent, lead, supervisor or director",
                                               name, suggestion_suffix(name, roles)));
    }

    // A map of its own (a client's contact, a deal's next_action); `opt`: the
    // optional holding `x`, reset unless the map reads.
    template <class N, class O = std::optional<N>>
    void nested(const Field& f, N& x, O* opt = nullptr) {
        bool read = false;
        if (m.has(f.key)) {
            MapReader n(ctx, m.get(f.key), record::what<N>, record::keys<N>());
            read = n.ok() && read_fields(ctx, n, x);
        }
        if (opt && !read) opt->reset();
    }
};

template <class T> requires record::Record<T>
bool read_fields(const Ctx& ctx, const MapReader& m, T& r) {
    TreeFields v{ctx, m};
    record::describe(v, r);
    return v.keep;
}

// A list of records, each a map of the keys of its description.
template <class T> requires record::Record<T>
void read_list(const Ctx& ctx, const YAML::Node& list, std::string_view list_name, std::vector<T>& out) {
    yaml::each(ctx, list, list_name, [&](const YAML::Node& item) {
        MapReader m(ctx, item, record::what<T>, record::keys<T>());
        if (!m.ok()) return;
        T r;
        if (read_fields(ctx, m, r)) out.push_back(std::move(r));
    });
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
        parse_stages(ctx, top.get("stages"), p.id, p.stages, top.pos_of("stages"));
        out.push_back(std::move(p));
        return;
    }
    if (!top.has("pipelines")) {
        ctx.error(top.pos(), fmt::format("{} has no 'pipelines:' list (or a single 'stages:' list)", what));
        return;
    }
    read_list(ctx, top.get("pipelines"), "pipelines", out);
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
    read_list(ctx, top.get("teams"), "teams", teams);
    if (!top.has("agents")) ctx.error(top.pos(), "the team file has no 'agents:' list");
    read_list(ctx, top.get("agents"), "agents", agents);
}

void parse_clients(std::string_view text, std::uint32_t file, const Settings& settings, std::vector<Client>& out,
                   Diags& diags) {
    Ctx ctx{file, diags, settings.currency};
    YAML::Node root;
    if (!yaml::load(ctx, text, root)) return;
    read_list(ctx, top_list(ctx, root, "clients", {"clients"}, "the clients file"), "clients", out);
}

namespace {
// From yaml-cpp's node tree: any text, every problem reported.
void parse_deals_tree(const Ctx& ctx, std::string_view text, std::vector<Deal>& out) {
    YAML::Node root;
    if (!yaml::load(ctx, text, root)) return;
    read_list(ctx, top_list(ctx, root, "deals", {"deals"}, "the deals file"), "deals", out);
}
}  // namespace

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
    if (yaml::read_deals_from_events(ctx, text, out)) return;  // a plainly valid file, without the node tree
    parse_deals_tree(ctx, text, out);
}

namespace {

// A target's scope: one of `agent: ID`, `team: ID` and `company: true`.
bool read_target_scope(const Ctx& ctx, const MapReader& m, Target& t) {
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
    if (scopes == 1) return true;
    ctx.error(m.pos(), scopes == 0 ? "a target names no scope; add 'agent: ID', 'team: ID' or 'company: true'"
                                   : "a target names more than one scope; keep one of agent, team, company");
    return false;
}

// A target's period: a fiscal year, a fiscal quarter or a calendar month.
bool read_target_period(const Ctx& ctx, const MapReader& m, unsigned fiscal_year_start, Target& t) {
    std::string period;
    if (!m.text("period", period, true)) return false;
    t.period_pos = m.pos_of("period");
    std::optional<Period> p = parse_period_as(PeriodKind::year, period, fiscal_year_start);
    if (!p) p = parse_period_as(PeriodKind::quarter, period, fiscal_year_start);
    if (!p) p = parse_period_as(PeriodKind::month, period, fiscal_year_start);
    if (!p) {
        ctx.error(t.period_pos, fmt::format("'{}' is not a target period; write a fiscal year YYYY, a fiscal "
                                            "quarter YYYY-QN or a month YYYY-MM", period));
        return false;
    }
    t.period = *p;
    return true;
}

// A target's values, one metric or more. `unknown_keys`: the map has a key
// that is no metric, reported already (a misspelt metric).
bool read_target_metrics(const Ctx& ctx, const MapReader& m, bool unknown_keys, Target& t) {
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
    if (!t.values.empty()) return true;
    if (!named && !unknown_keys)
        ctx.error(m.pos(), "a target names no metric; add e.g. 'sales: 100000' (metrics: sales, deals_won, "
                           "deals_opened, collected, calls, meetings, emails, demos, visits, messages)");
    return false;
}

}  // namespace

// SPEC §6: each target names its scope, its period and its metrics.
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
        if (read_target_scope(ctx, m, t) && read_target_period(ctx, m, settings.fiscal_year_start, t) &&
            read_target_metrics(ctx, m, unknown_keys, t))
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
