// import: the rules file (YAML) -> ImportRules, every problem located.
#include "salesrep/import.hpp"

#include "yaml_reader.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <unordered_set>

namespace salesrep {

const FieldSpec* KindRule::field(std::string_view name) const {
    auto it = fields.find(name);
    return it == fields.end() || !it->second.given() ? nullptr : &it->second;
}

namespace {

using yaml::Ctx;
using yaml::MapReader;

// A map whose keys are the user's (table names, column names, export values):
// calls f(key, key node, value node), reporting non-text and duplicate keys.
template <class F>
void each_pair(const Ctx& ctx, const YAML::Node& n, std::string_view what, F&& f) {
    if (!n.IsDefined() || n.IsNull()) return;
    if (!n.IsMap()) {
        ctx.error(n, fmt::format("{} must be a map, found {}", what, yaml::describe(n)));
        return;
    }
    std::unordered_set<std::string> seen;
    for (auto it = n.begin(); it != n.end(); ++it) {
        if (!it->first.IsScalar()) {
            ctx.error(it->first, fmt::format("a key of {} must be text, found {}", what, yaml::describe(it->first)));
            continue;
        }
        const std::string& k = it->first.Scalar();
        if (!seen.insert(k).second) {
            ctx.error(it->first, fmt::format("'{}' is given twice in {}; keep one", k, what));
            continue;
        }
        f(k, it->first, it->second);
    }
}

bool check_template(const Ctx& ctx, const YAML::Node& n, const std::string& t) {
    for (std::size_t i = 0; i < t.size(); ++i) {
        if (t[i] == '{' && i + 1 < t.size() && t[i + 1] == '{') { ++i; continue; }
        if (t[i] == '}' && i + 1 < t.size() && t[i + 1] == '}') { ++i; continue; }
        if (t[i] == '}') {
            ctx.error(n, fmt::format("template '{}' has a '}}' without '{{'; write '}}}}' for a brace", t));
            return false;
        }
        if (t[i] != '{') continue;
        std::size_t close = t.find('}', i);
        if (close == std::string::npos || close == i + 1) {
            ctx.error(n, fmt::format("template '{}' has a '{{' without a column name and '}}'; write {{COLUMN}}, or "
                                     "'{{{{' for a brace", t));
            return false;
        }
        i = close;
    }
    return true;
}

void parse_field(const Ctx& ctx, const YAML::Node& n, std::string_view what, FieldSpec& out) {
    out.pos = ctx.pos(n);
    if (!n.IsDefined() || n.IsNull()) return;
    if (n.IsScalar()) {
        out.text = n.Scalar();
        if (out.text.empty()) {
            ctx.error(n, fmt::format("{} names no column", what));
            return;
        }
        bool templ = out.text.find('{') != std::string::npos || out.text.find('}') != std::string::npos;
        if (templ && !check_template(ctx, n, out.text)) return;
        out.from = templ ? FieldSpec::From::templ : FieldSpec::From::column;
        return;
    }
    MapReader m(ctx, n, std::string(what), {"column", "template", "value", "default"});
    if (!m.ok()) return;
    int sources = m.has("column") + m.has("template") + m.has("value");
    if (sources > 1) {
        ctx.error(m.pos(), fmt::format("{} gives more than one of column, template and value; keep one", what));
        return;
    }
    if (m.text("default", out.fallback)) out.has_fallback = true;
    if (m.text("column", out.text)) out.from = FieldSpec::From::column;
    else if (m.text("template", out.text)) {
        if (check_template(ctx, m.get("template"), out.text)) out.from = FieldSpec::From::templ;
    } else if (m.text("value", out.text)) out.from = FieldSpec::From::literal;
    else if (out.has_fallback) {  // only a default: a fixed value
        out.text = out.fallback;
        out.from = FieldSpec::From::literal;
    } else if (sources == 0) {
        ctx.error(m.pos(), fmt::format("{} needs 'column:', 'template:', 'value:' or 'default:'", what));
    }
}

// deals: statuses: (export value -> stage, won or lost) and closed_stage:.
void parse_statuses(const Ctx& ctx, const MapReader& m, ImportRules& rules) {
    each_pair(ctx, m.get("statuses"), "'deals.statuses'", [&](const std::string& k, const YAML::Node&, const YAML::Node& v) {
        if (!v.IsScalar() || !yaml::valid_id(v.Scalar())) {
            ctx.error(v, fmt::format("'deals.statuses' maps '{}' to a stage id, 'won' or 'lost', found {}", k,
                                     v.IsScalar() ? "'" + v.Scalar() + "'" : std::string(yaml::describe(v))));
            return;
        }
        rules.statuses.push_back({k, v.Scalar(), ctx.pos(v)});
    });
    if (m.id("closed_stage", rules.closed_stage)) rules.closed_stage_pos = m.pos_of("closed_stage");
    if (m.has("status") && rules.statuses.empty())
        ctx.error(m.pos_of("status"), "'deals.status' needs 'deals.statuses': the stage, won or lost for each "
                                      "value of the export");
}

void parse_kind(const Ctx& ctx, const YAML::Node& n, std::string_view kind, KindRule& out,
                std::initializer_list<std::string_view> allowed, ImportRules& rules) {
    out.pos = ctx.pos(n);
    MapReader m(ctx, n, fmt::format("'{}'", kind), allowed);
    if (!m.ok()) return;
    out.given = true;
    if (m.text("from", out.from)) out.from_pos = m.pos_of("from");
    std::string id;
    if (m.text("id", id)) {
        bool templ = id.find('{') != std::string::npos;
        if (id == "keep" || id == "slug") out.keep_ids = id == "keep";
        else if (templ && kind == "deals") parse_field(ctx, m.get("id"), "'deals.id'", out.id_template);
        else ctx.error(m.pos_of("id"), fmt::format("'id' of '{}' is 'slug' (ids made from names, the default) or "
                                                   "'keep' (the key itself when it is a valid id){}, found '{}'", kind,
                                                   kind == "deals" ? " or a template such as \"{LEADID}\" or "
                                                                     "\"deal-{_row}\"" : "", id));
    }
    std::string missing;
    if (m.text("missing", missing)) {
        if (missing == "create" || missing == "reject") out.create_missing = missing == "create";
        else ctx.error(m.pos_of("missing"), fmt::format("'missing' of '{}' is 'create' (the default) or 'reject', "
                                                        "found '{}'", kind, missing));
    }
    if (m.has("key")) parse_field(ctx, m.get("key"), fmt::format("'{}.key'", kind), out.key);
    else if (out.id_template.given()) out.key = out.id_template;  // the id names the deal
    else ctx.error(m.pos(), fmt::format("'{}' has no 'key:' (the column that names each record){}", kind,
                                        kind == "deals" ? " nor an 'id:' template" : ""));
    for (std::string_view f : allowed) {
        if (f == "from" || f == "id" || f == "missing" || f == "key" || f == "statuses" || f == "closed_stage") continue;
        if (f == "contact") {
            if (!m.has("contact")) continue;
            MapReader c(ctx, m.get("contact"), "'clients.contact'", {"name", "title", "email", "phone"});
            if (!c.ok()) continue;
            for (std::string_view cf : {"name", "title", "email", "phone"})
                if (c.has(cf))
                    parse_field(ctx, c.get(cf), fmt::format("'clients.contact.{}'", cf),
                                out.fields[fmt::format("contact.{}", cf)]);
            continue;
        }
        if (m.has(f)) parse_field(ctx, m.get(f), fmt::format("'{}.{}'", kind, f), out.fields[std::string(f)]);
    }
    if (kind == "deals") parse_statuses(ctx, m, rules);
}

void parse_funnel_rules(const Ctx& ctx, const YAML::Node& n, ImportRules& out) {
    out.funnel_pos = ctx.pos(n);
    out.has_funnel = n.IsMap();
    out.funnel_single = n.IsMap() && n["stages"].IsDefined() && !n["pipelines"].IsDefined();
    yaml::parse_funnel_node(ctx, n, "'funnel'", out.pipelines);
}

// The kinds an activity may become (SPEC §7): the interactions, and note.
constexpr std::string_view kActivityKinds[] = {"call", "meeting", "email", "demo", "visit", "message", "note"};

void parse_history(const Ctx& ctx, const YAML::Node& n, HistoryRule& out) {
    out.pos = ctx.pos(n);
    MapReader m(ctx, n, "'history'", {"from", "deal", "date", "stage", "close"});
    if (!m.ok()) return;
    out.given = true;
    if (m.text("from", out.from, true)) out.from_pos = m.pos_of("from");
    for (auto [key, f] : {std::pair{"deal", &out.deal}, {"date", &out.date}, {"stage", &out.stage}, {"close", &out.close}})
        if (m.has(key)) parse_field(ctx, m.get(key), fmt::format("'history.{}'", key), *f);
    if (!m.has("deal")) ctx.error(m.pos(), "'history' has no 'deal:' (the column naming each row's deal by its key)");
    if (!m.has("date")) ctx.error(m.pos(), "'history' has no 'date:' (the column holding the day of each change)");
    if (!m.has("stage") && !m.has("close"))
        ctx.error(m.pos(), "'history' has neither 'stage:' nor 'close:': it would change nothing");
}

void parse_activities(const Ctx& ctx, const YAML::Node& n, ActivityRule& out) {
    out.pos = ctx.pos(n);
    MapReader m(ctx, n, "'activities'", {"from", "date", "type", "types", "owner", "deal", "client", "note"});
    if (!m.ok()) return;
    out.given = true;
    if (m.text("from", out.from, true)) out.from_pos = m.pos_of("from");
    for (auto [key, f] : {std::pair{"date", &out.date}, {"type", &out.type}, {"owner", &out.owner},
                          {"deal", &out.deal}, {"client", &out.client}, {"note", &out.note}})
        if (m.has(key)) parse_field(ctx, m.get(key), fmt::format("'activities.{}'", key), *f);
    if (!m.has("date")) ctx.error(m.pos(), "'activities' has no 'date:' (the column holding the day of each activity)");
    if (!m.has("type")) ctx.error(m.pos(), "'activities' has no 'type:' (the column saying call, meeting, ...)");
    if (!m.has("deal") && !m.has("client"))
        ctx.error(m.pos(), "'activities' has neither 'deal:' nor 'client:' (what each activity is about)");
    each_pair(ctx, m.get("types"), "'activities.types'", [&](const std::string& k, const YAML::Node&, const YAML::Node& v) {
        bool ok = v.IsScalar() && std::find(std::begin(kActivityKinds), std::end(kActivityKinds), v.Scalar()) !=
                                      std::end(kActivityKinds);
        if (!ok) {
            ctx.error(v, fmt::format("'activities.types' maps '{}' to call, meeting, email, demo, visit, message or "
                                     "note, found {}", k,
                                     v.IsScalar() ? "'" + v.Scalar() + "'" : std::string(yaml::describe(v))));
            return;
        }
        out.types.emplace_back(k, v.Scalar());
    });
}

bool one_char(const Ctx& ctx, const MapReader& m, std::string_view key, char& out) {
    std::string s;
    if (!m.text(key, s)) return false;
    if (s == "\\t" || s == "tab") s = "\t";
    if (s.size() != 1 || s == "\"" || s == "\n" || s == "\r") {
        ctx.error(m.pos_of(key), fmt::format("'csv.{}' is one character, found '{}'", key, s));
        return false;
    }
    out = s[0];
    return true;
}

// book: the company, currency and fiscal year of a new book.
void parse_book_section(const Ctx& ctx, const YAML::Node& n, ImportRules& out) {
    MapReader b(ctx, n, "'book'", {"company", "currency", "fiscal_year_start"});
    if (!b.ok()) return;
    out.has_book = true;
    b.text("company", out.company);
    if (b.text("currency", out.currency)) {
        bool ok = out.currency.size() == 3;
        for (char c : out.currency) ok &= c >= 'A' && c <= 'Z';
        if (!ok) ctx.error(b.pos_of("currency"), fmt::format("currency '{}' is not an ISO 4217 code (three "
                                                             "capital letters, e.g. EUR)", out.currency));
    }
    std::optional<int> fys;
    if (b.integer("fiscal_year_start", fys, 1, 12)) out.fiscal_year_start = static_cast<unsigned>(*fys);
}

// csv: thousands: ',', '.', "'" or a blank (by name or as itself).
void parse_thousands(const Ctx& ctx, const MapReader& c, AmountFormat& out) {
    std::string th;
    if (!c.text("thousands", th)) return;
    static const std::pair<std::string_view, std::string_view> blanks[] = {
        {"space", " "}, {"nbsp", " "}, {"\xC2\xA0", " "}, {"\xE2\x80\xAF", " "}, {"\xE2\x80\x89", " "}};
    for (const auto& [name, is] : blanks)
        if (th == name) th = is;
    if (th != "," && th != "." && th != " " && th != "'")
        ctx.error(c.pos_of("thousands"), fmt::format("'csv.thousands' is ',', '.', ' ' (any blank, also "
                                                     "the no-break spaces; or 'space') or \"'\", found '{}'",
                                                     th));
    else out.thousands = th;
}

// csv: decimal: '.' or ',', not the thousands mark.
void parse_decimal(const Ctx& ctx, const MapReader& c, AmountFormat& out) {
    std::string dec;
    if (!c.text("decimal", dec)) return;
    if (dec != "." && dec != ",")
        ctx.error(c.pos_of("decimal"), fmt::format("'csv.decimal' is '.' or ',', found '{}'", dec));
    else if (out.thousands == dec)
        ctx.error(c.pos_of("decimal"), fmt::format("'csv.decimal' and 'csv.thousands' are both '{}'", dec));
    else out.decimal = dec[0];
}

void parse_date_order(const Ctx& ctx, const MapReader& c, DateOrder& out) {
    std::string order;
    if (!c.text("date_order", order)) return;
    if (order == "month-first") out = DateOrder::month_first;
    else if (order == "day-first") out = DateOrder::day_first;
    else ctx.error(c.pos_of("date_order"), fmt::format("'csv.date_order' is 'month-first' (04/15/2021) or "
                                                       "'day-first' (15/04/2021), found '{}'", order));
}

// csv: date_format: one format or a list, each with a day, a month and a year.
void parse_date_formats(const Ctx& ctx, const MapReader& c, std::vector<std::string>& out) {
    std::vector<std::string> formats;
    if (!c.text_list("date_format", formats)) return;
    out = formats;
    if (formats.empty()) ctx.error(c.pos_of("date_format"), "'csv.date_format' lists no format");
    for (const auto& f : formats)
        if (f.find("%d") == std::string::npos || (f.find("%Y") == std::string::npos && f.find("%y") == std::string::npos) ||
            (f.find("%m") == std::string::npos && f.find("%b") == std::string::npos && f.find("%B") == std::string::npos))
            ctx.error(c.pos_of("date_format"), fmt::format("date format '{}' needs a day (%d), a month (%m "
                                                           "or %b) and a year (%Y or %y)", f));
}

void parse_csv_section(const Ctx& ctx, const YAML::Node& n, ImportRules& out) {
    MapReader c(ctx, n, "'csv'", {"separator", "date_format", "date_order", "thousands", "decimal"});
    if (!c.ok()) return;
    one_char(ctx, c, "separator", out.separator);
    parse_thousands(ctx, c, out.amounts);
    parse_decimal(ctx, c, out.amounts);
    parse_date_order(ctx, c, out.date_order);
    parse_date_formats(ctx, c, out.date_formats);
}

// tables: NAME: { file:, key:, join: }, in the rules' order.
void parse_tables(const Ctx& ctx, const YAML::Node& n, ImportRules& out) {
    each_pair(ctx, n, "'tables'", [&](const std::string& name, const YAML::Node& k, const YAML::Node& v) {
        TableRule t;
        t.name = name;
        t.pos = ctx.pos(k);
        if (!yaml::valid_id(name) || name == "export") {
            ctx.error(k, fmt::format("'{}' cannot name a table: use letters, digits, '.', '_' and '-' (and not "
                                     "'export', which is the CSV being imported)", name));
            return;
        }
        MapReader m(ctx, v, fmt::format("table '{}'", name), {"file", "key", "join"});
        if (!m.ok()) return;
        m.text("file", t.file, true);
        m.text("key", t.key);
        if (!m.text("join", t.join)) t.join = t.key;
        t.file_pos = m.pos_of("file");
        t.key_pos = m.pos_of("key");
        t.join_pos = m.has("join") ? m.pos_of("join") : t.key_pos;
        out.tables.push_back(std::move(t));
    });
}

// rewrite: COLUMN: { FROM: TO }.
void parse_rewrites(const Ctx& ctx, const YAML::Node& n, ImportRules& out) {
    each_pair(ctx, n, "'rewrite'", [&](const std::string& column, const YAML::Node& k, const YAML::Node& v) {
        ImportRules::Rewrite rw;
        rw.column = column;
        rw.pos = ctx.pos(k);
        each_pair(ctx, v, fmt::format("'rewrite.{}'", column), [&](const std::string& from, const YAML::Node&, const YAML::Node& to) {
            if (!to.IsScalar() && !to.IsNull()) {
                ctx.error(to, fmt::format("'rewrite.{}' maps '{}' to a text, found {}", column, from, yaml::describe(to)));
                return;
            }
            rw.values.emplace_back(from, to.IsNull() ? std::string() : to.Scalar());
        });
        out.rewrites.push_back(std::move(rw));
    });
}

// teams:, agents:, clients: and deals: (which the rules must have).
void parse_kinds(const Ctx& ctx, const MapReader& top, ImportRules& out) {
    if (top.has("teams"))
        parse_kind(ctx, top.get("teams"), "teams", out.teams, {"from", "key", "id", "missing", "name", "lead"}, out);
    if (top.has("agents"))
        parse_kind(ctx, top.get("agents"), "agents", out.agents,
                   {"from", "key", "id", "missing", "name", "team", "email", "role"}, out);
    if (top.has("clients"))
        parse_kind(ctx, top.get("clients"), "clients", out.clients,
                   {"from", "key", "id", "missing", "name", "industry", "segment", "owner", "contact"}, out);
    if (!top.has("deals")) ctx.error(top.pos(), "the rules file has no 'deals:' (how the export's rows become deals)");
    else
        parse_kind(ctx, top.get("deals"), "deals", out.deals,
                   {"key", "id", "client", "owner", "title", "status", "statuses", "closed_stage", "opened", "closed",
                    "amount", "expected", "expected_close", "source", "pipeline", "lost_reason", "stage_date"},
                   out);
}

}  // namespace

bool parse_rules(std::string_view text, std::uint32_t file, ImportRules& out, Diags& diags) {
    std::size_t before = diags.size();
    auto failed = [&] {
        for (std::size_t i = before; i < diags.size(); ++i)
            if (diags[i].severity == Severity::error) return true;
        return false;
    };
    Ctx ctx{file, diags, {}};
    YAML::Node root;
    if (!yaml::load(ctx, text, root)) return false;
    out.pos = {file, 1, 1};
    if (!root.IsDefined() || root.IsNull()) {
        ctx.error(out.pos, "the rules file is empty; it needs at least 'deals:'");
        return false;
    }
    MapReader top(ctx, root, "the rules file",
                  {"book", "funnel", "csv", "tables", "rewrite", "teams", "agents", "clients", "deals", "history",
                   "activities"});
    if (!top.ok()) return false;
    if (top.has("book")) parse_book_section(ctx, top.get("book"), out);
    if (top.has("funnel")) parse_funnel_rules(ctx, top.get("funnel"), out);
    if (top.has("csv")) parse_csv_section(ctx, top.get("csv"), out);
    parse_tables(ctx, top.get("tables"), out);
    parse_rewrites(ctx, top.get("rewrite"), out);
    parse_kinds(ctx, top, out);
    if (top.has("history")) parse_history(ctx, top.get("history"), out.history);
    if (top.has("activities")) parse_activities(ctx, top.get("activities"), out.activities);
    return !failed();
}

}  // namespace salesrep
