// import: the mapping's frame: binding the rules' columns to the CSVs, ids,
// teams, agents and clients; the run and import_rows().
#include "map.hpp"

#include "yaml_reader.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <tuple>

namespace salesrep {
namespace import_detail {

int Importer::source_of_table(const std::string& from, SourcePos pos, std::string_view what) {
    for (std::size_t i = 0; i < rules_.tables.size(); ++i)
        if (rules_.tables[i].name == from) return static_cast<int>(i);
    std::vector<std::string_view> names;
    for (const auto& t : rules_.tables) names.push_back(t.name);
    error(pos, fmt::format("'{}.from: {}' names no table of 'tables:'{}", what, from, suggestion_suffix(from, names)));
    return kExport;
}

int Importer::source_of(const KindRule& k) {
    if (k.from == "export") return kExport;
    for (std::size_t i = 0; i < rules_.tables.size(); ++i)
        if (rules_.tables[i].name == k.from) return static_cast<int>(i);
    std::vector<std::string_view> names{"export"};
    for (const auto& t : rules_.tables) names.push_back(t.name);
    error(k.from_pos, fmt::format("'from: {}' names no table{}; it is 'export' or a table of 'tables:'", k.from,
                                  suggestion_suffix(k.from, names)));
    return kExport;
}

// The reason with the row's values left out ('...'), and line numbers as N, so
// that rows rejected for the same cause are counted together.
void Importer::reject(int src, std::size_t row, std::string reason) {
    std::string kind = reason;
    for (const auto& v : csv(src).rows[row]) {
        if (v.empty()) continue;
        std::string quoted = "'" + v + "'";
        for (std::size_t at = kind.find(quoted); at != std::string::npos; at = kind.find(quoted, at + 5))
            kind.replace(at, quoted.size(), "'...'");
    }
    for (std::size_t at = kind.find("line "); at != std::string::npos; at = kind.find("line ", at + 5)) {
        std::size_t end = at + 5;
        while (end < kind.size() && kind[end] >= '0' && kind[end] <= '9') ++end;
        if (end > at + 5) kind.replace(at + 5, end - at - 5, "N");
    }
    rejected_.push_back({src + 1, {csv_name(src), csv(src).lines[row], 0, std::move(reason), std::move(kind)}});
}

bool Importer::bind_column(int src, const std::string& name, SourcePos pos, Ref& out) {
    const Csv& c = csv(src);
    if (name == "_row" && c.column(name) < 0) {
        out = {};
        out.row_number = true;
        return true;
    }
    if (int col = c.column(name); col >= 0) {
        out = {false, 0, col, 0};
        return true;
    }
    std::size_t dot = name.find('.');
    if (dot != std::string::npos) {
        std::string tname = name.substr(0, dot), cname = name.substr(dot + 1);
        for (std::size_t t = 0; t < rules_.tables.size(); ++t) {
            if (rules_.tables[t].name != tname) continue;
            int col = in_.tables[t].column(cname);
            if (col < 0) {
                error(pos, fmt::format("column '{}' is not in {} (table '{}'); its columns: {}", cname,
                                       in_.table_names[t], tname, fmt::join(in_.tables[t].header, ", ")));
                return false;
            }
            if (static_cast<int>(t) == src) {
                out = {false, 0, col, 0};
                return true;
            }
            if (rules_.tables[t].key.empty()) {
                error(pos, fmt::format("table '{}' has no 'key:', so '{}' cannot be joined to the rows of {}", tname,
                                       name, csv_name(src)));
                return false;
            }
            int jc = c.column(rules_.tables[t].join);
            if (jc < 0) {
                error(pos, fmt::format("table '{}' is joined by column '{}' (its 'join:'), which {} lacks; its "
                                       "columns: {}", tname, rules_.tables[t].join, csv_name(src),
                                       fmt::join(c.header, ", ")));
                return false;
            }
            out = {true, static_cast<int>(t), col, jc};
            return true;
        }
    }
    std::vector<std::string_view> names(c.header.begin(), c.header.end());
    error(pos, fmt::format("column '{}' is not in {}{}; its columns: {}{}", name, csv_name(src),
                           suggestion_suffix(name, names), fmt::join(c.header, ", "),
                           rules_.tables.empty() ? "" : " (a table's column is written TABLE.COLUMN)"));
    return false;
}

Field Importer::bind(int src, const FieldSpec* spec) {
    Field f;
    if (!spec || !spec->given()) return f;
    f.given = true;
    f.fallback = spec->fallback;
    f.has_fallback = spec->has_fallback;
    f.column = spec->text;
    switch (spec->from) {
    case FieldSpec::From::none: break;
    case FieldSpec::From::literal:
        f.literal = true;
        f.parts.push_back({spec->text, {}, false});
        break;
    case FieldSpec::From::column: {
        Part p;
        p.is_ref = true;
        if (bind_column(src, spec->text, spec->pos, p.ref)) f.parts.push_back(p);
        break;
    }
    case FieldSpec::From::templ: {
        const std::string& t = spec->text;
        std::string lit;
        for (std::size_t i = 0; i < t.size(); ++i) {
            if ((t[i] == '{' || t[i] == '}') && i + 1 < t.size() && t[i + 1] == t[i]) { lit += t[i++]; continue; }
            if (t[i] != '{') { lit += t[i]; continue; }
            std::size_t close = t.find('}', i);
            if (!lit.empty()) f.parts.push_back({std::move(lit), {}, false});
            lit.clear();
            Part p;
            p.is_ref = true;
            if (bind_column(src, t.substr(i + 1, close - i - 1), spec->pos, p.ref)) f.parts.push_back(p);
            i = close;
        }
        if (!lit.empty()) f.parts.push_back({std::move(lit), {}, false});
        break;
    }
    }
    return f;
}

std::string Importer::cell(int src, std::size_t row, const Ref& r) const {
    if (r.row_number) {
        const Csv& c = csv(src);
        return std::to_string(row < c.numbers.size() ? c.numbers[row] : row + 1);
    }
    const auto& cells = csv(src).rows[row];
    if (!r.joined) return cells[static_cast<std::size_t>(r.col)];
    const auto& index = table_index_[static_cast<std::size_t>(r.table)];
    auto it = index.find(cells[static_cast<std::size_t>(r.join_col)]);
    if (it == index.end()) return {};
    return in_.tables[static_cast<std::size_t>(r.table)].rows[static_cast<std::size_t>(it->second)][static_cast<std::size_t>(r.col)];
}

std::string Importer::eval(int src, std::size_t row, const Field& f) const {
    if (!f.given) return {};
    if (f.literal) return f.parts.empty() ? std::string() : f.parts[0].text;
    std::string out;
    bool any = false;
    for (const Part& p : f.parts) {
        if (!p.is_ref) { out += p.text; continue; }
        std::string v = cell(src, row, p.ref);
        any |= !v.empty();
        out += v;
    }
    if (!any) out.clear();
    if (out.empty() && f.has_fallback) return f.fallback;
    return out;
}

namespace {

// Trims the header and every cell with a blank or tab at an end.
void trim_cells(Csv& c) {
    for (auto& h : c.header) h = std::string(trim(h));
    for (auto& row : c.rows)
        for (auto& v : row)
            if (!v.empty() && (v.front() == ' ' || v.back() == ' ' || v.front() == '\t' || v.back() == '\t'))
                v = std::string(trim(v));
}

}  // namespace

// Trims every cell, applies `rewrite:`, indexes the tables by key.
void Importer::prepare() {
    trim_cells(in_.export_csv);
    for (auto& t : in_.tables) trim_cells(t);
    apply_rewrites();
    table_index_.resize(rules_.tables.size());
    ignored_.resize(rules_.tables.size());
    for (std::size_t t = 0; t < rules_.tables.size(); ++t) ignored_[t].assign(in_.tables[t].rows.size(), false);
    for (std::size_t t = 0; t < rules_.tables.size(); ++t) index_table(t);
}

// `rewrite:`: each COLUMN (of the export) or TABLE.COLUMN's values replaced.
void Importer::apply_rewrites() {
    for (const auto& rw : rules_.rewrites) {
        Ref r;
        Csv* c = nullptr;
        std::size_t dot = rw.column.find('.');
        int src = kExport;
        if (in_.export_csv.column(rw.column) < 0 && dot != std::string::npos)
            for (std::size_t t = 0; t < rules_.tables.size(); ++t)
                if (rules_.tables[t].name == rw.column.substr(0, dot)) src = static_cast<int>(t);
        if (!bind_column(src, rw.column, rw.pos, r)) continue;
        c = src == kExport ? &in_.export_csv : &in_.tables[static_cast<std::size_t>(src)];
        for (auto& row : c->rows)
            for (const auto& [from, to] : rw.values)
                if (row[static_cast<std::size_t>(r.col)] == from) {
                    row[static_cast<std::size_t>(r.col)] = to;
                    break;
                }
    }
}

// Table `t` by its key column (a table without key: is read row by row); a
// row whose key an earlier row has is rejected and ignored.
void Importer::index_table(std::size_t t) {
    const TableRule& tr = rules_.tables[t];
    const Csv& c = in_.tables[t];
    if (tr.key.empty()) return;
    int kc = c.column(tr.key);
    if (kc < 0) {
        std::vector<std::string_view> names(c.header.begin(), c.header.end());
        error(tr.key_pos, fmt::format("column '{}' is not in {}{}; its columns: {}", tr.key, in_.table_names[t],
                                      suggestion_suffix(tr.key, names), fmt::join(c.header, ", ")));
        return;
    }
    for (std::size_t r = 0; r < c.rows.size(); ++r) {
        const std::string& key = c.rows[r][static_cast<std::size_t>(kc)];
        if (key.empty()) continue;
        auto [it, fresh] = table_index_[t].emplace(key, static_cast<int>(r));
        if (!fresh) ignored_[t][r] = true;
        if (!fresh)
            reject(static_cast<int>(t), r, fmt::format("'{}' is in column '{}' of line {} already; this row is "
                                                       "ignored", key, tr.key,
                                                       c.lines[static_cast<std::size_t>(it->second)]));
    }
}

std::string Importer::make_id(std::unordered_set<std::string>& taken, const std::string& key, bool keep, Other other) {
    std::string base = keep && yaml::valid_id(key) ? key : slug(key);
    auto used = [&](const std::string& id) {
        return taken.count(id) || (other == Other::book_deals && book_.deal_index(id) >= 0) ||
               (other == Other::book_clients && book_.client_index(id) >= 0);
    };
    std::string id = base;
    for (int n = 2; used(id); ++n) id = fmt::format("{}-{}", base, n);
    taken.insert(id);
    return id;
}

std::optional<Money> Importer::amount(const std::string& text, std::string& why) const {
    auto m = read_amount(text, book_.settings.currency, rules_.amounts, why);
    if (m && m->cents < 0) {
        why = fmt::format("'{}' is negative; a deal's amount is 0 or more", text);
        return std::nullopt;
    }
    return m;
}

std::optional<Date> Importer::date(const std::string& text, std::string& why) const {
    return read_date(text, rules_.date_formats, rules_.date_order, &why);
}

std::string Importer::team_for(const std::string& key, int src, std::size_t row, bool& ok) {
    if (auto it = team_by_key_.find(key); it != team_by_key_.end()) return teams_[static_cast<std::size_t>(it->second)].id;
    if (!rules_.teams.create_missing) {
        reject(src, row, fmt::format("team '{}' is not described by the rules' teams (missing: reject)", key));
        ok = false;
        return {};
    }
    NewTeam t{key, make_id(team_ids_, key, rules_.teams.keep_ids, Other::none), key, {}};
    team_by_key_.emplace(key, static_cast<int>(teams_.size()));
    teams_.push_back(t);
    return t.id;
}

int Importer::new_agent(const std::string& key) {
    if (auto it = agent_by_key_.find(key); it != agent_by_key_.end()) return it->second;
    NewAgent a;
    a.key = a.name = key;
    a.id = make_id(agent_ids_, key, rules_.agents.keep_ids, Other::none);
    agent_by_key_.emplace(key, static_cast<int>(agents_.size()));
    agents_.push_back(std::move(a));
    return static_cast<int>(agents_.size() - 1);
}

std::string Importer::agent_for(const std::string& key, int src, std::size_t row, bool& ok, const char* as) {
    if (auto it = agent_by_key_.find(key); it != agent_by_key_.end())
        return agents_[static_cast<std::size_t>(it->second)].id;
    if (!rules_.agents.create_missing) {
        reject(src, row, fmt::format("{} '{}' is not an agent of the rules' agents (missing: reject)", as, key));
        ok = false;
        return {};
    }
    return agents_[static_cast<std::size_t>(new_agent(key))].id;
}

void Importer::read_teams() {
    if (!rules_.teams.given) return;
    int src = source_of(rules_.teams);
    Field key = bind(src, &rules_.teams.key), name = bind(src, rules_.teams.field("name")),
          lead = bind(src, rules_.teams.field("lead"));
    if (!diags_.empty()) return;
    for (std::size_t r = 0; r < csv(src).rows.size(); ++r) {
        std::string k = eval(src, r, key);
        if (ignored(src, r) || k.empty() || team_by_key_.count(k)) continue;
        NewTeam t;
        t.key = k;
        t.id = make_id(team_ids_, k, rules_.teams.keep_ids, Other::none);
        t.name = eval(src, r, name);
        if (t.name.empty()) t.name = k;
        std::string lead_key = eval(src, r, lead);
        team_by_key_.emplace(k, static_cast<int>(teams_.size()));
        teams_.push_back(t);
        if (!lead_key.empty()) {
            // the lead is an agent of the team it leads, with role lead
            bool existed = agent_by_key_.count(lead_key) > 0;
            NewAgent& a = agents_[static_cast<std::size_t>(new_agent(lead_key))];
            if (!existed) {
                a.team = t.id;
                a.role = Role::lead;
            }
            teams_.back().lead = a.id;
        }
    }
}

void Importer::read_agents() {
    if (!rules_.agents.given) return;
    int src = source_of(rules_.agents);
    const KindRule& k = rules_.agents;
    Field key = bind(src, &k.key), name = bind(src, k.field("name")), team = bind(src, k.field("team")),
          email = bind(src, k.field("email")), role = bind(src, k.field("role"));
    if (!diags_.empty()) return;
    std::unordered_set<std::string> described;  // keys a row has described already
    for (std::size_t r = 0; r < csv(src).rows.size(); ++r) {
        std::string kv = eval(src, r, key);
        if (ignored(src, r) || kv.empty() || described.count(kv)) continue;
        std::optional<Role> rl;
        if (std::string rv = eval(src, r, role); !rv.empty()) {
            static constexpr std::string_view roles[] = {"agent", "lead", "supervisor", "director"};
            for (int i = 0; i < 4; ++i)
                if (roles[i] == rv) rl = static_cast<Role>(i);
            if (!rl) {
                reject(src, r, fmt::format("role '{}' of agent '{}' is not agent, lead, supervisor or director", rv, kv));
                continue;
            }
        }
        bool ok = true;
        std::string tv = eval(src, r, team), team_id;
        if (!tv.empty()) team_id = team_for(tv, src, r, ok);
        if (!ok) continue;
        described.insert(kv);
        NewAgent& a = agents_[static_cast<std::size_t>(new_agent(kv))];  // a lead (teams.lead) may exist: completed
        if (std::string n = eval(src, r, name); !n.empty()) a.name = n;
        a.email = eval(src, r, email);
        if (!team_id.empty()) a.team = team_id;
        if (rl) a.role = rl;
    }
}

void Importer::read_clients() {
    if (!rules_.clients.given) return;
    int src = source_of(rules_.clients);
    const KindRule& k = rules_.clients;
    Field key = bind(src, &k.key), name = bind(src, k.field("name")), industry = bind(src, k.field("industry")),
          segment = bind(src, k.field("segment")), owner = bind(src, k.field("owner")),
          cname = bind(src, k.field("contact.name")), ctitle = bind(src, k.field("contact.title")),
          cemail = bind(src, k.field("contact.email")), cphone = bind(src, k.field("contact.phone"));
    if (!diags_.empty()) return;
    for (std::size_t r = 0; r < csv(src).rows.size(); ++r) {
        std::string kv = eval(src, r, key);
        if (ignored(src, r) || kv.empty() || client_by_key_.count(kv)) continue;
        NewClient c;
        c.key = kv;
        c.name = eval(src, r, name);
        if (c.name.empty()) c.name = kv;
        c.industry = eval(src, r, industry);
        c.segment = eval(src, r, segment);
        c.contact = {eval(src, r, cname), eval(src, r, ctitle), eval(src, r, cemail), eval(src, r, cphone)};
        bool ok = true;
        if (std::string o = eval(src, r, owner); !o.empty()) c.owner = agent_for(o, src, r, ok, "owner");
        if (!ok) continue;
        c.id = make_id(shared_ids_, kv, k.keep_ids, Other::book_deals);
        client_by_key_.emplace(kv, static_cast<int>(clients_.size()));
        clients_.push_back(std::move(c));
    }
}

int Importer::pipeline_for(const std::string& explicit_id, const std::string& client_id) const {
    if (book_.pipelines.empty()) return -1;
    if (!explicit_id.empty()) {
        for (std::size_t i = 0; i < book_.pipelines.size(); ++i)
            if (book_.pipelines[i].id == explicit_id) return static_cast<int>(i);
        return -1;
    }
    std::string segment;
    if (const Client* c = book_.client(client_id)) segment = c->segment;
    else
        for (const auto& nc : clients_)
            if (nc.id == client_id) segment = nc.segment;
    if (!segment.empty())
        for (std::size_t i = 0; i < book_.pipelines.size(); ++i)
            for (const auto& s : book_.pipelines[i].segments)
                if (s == segment) return static_cast<int>(i);
    return 0;
}

ImportResult Importer::run(std::string_view note) {
    std::size_t before = diags_.size();
    auto failed = [&] { return diags_.size() > before; };
    prepare();
    if (failed()) return {};
    read_teams();
    read_agents();
    read_clients();
    if (failed()) return {};
    read_deals();
    if (failed()) return {};
    read_history();
    read_activities();
    if (failed()) return {};
    for (auto& t : teams_) t.present = book_.team_index(t.id) >= 0;
    for (auto& a : agents_) a.present = book_.agent_index(a.id) >= 0;
    for (auto& c : clients_) c.present = book_.client_index(c.id) >= 0;
    write_output(note);
    std::stable_sort(rejected_.begin(), rejected_.end(),
                     [](const auto& a, const auto& b) { return std::tie(a.first, a.second.line) < std::tie(b.first, b.second.line); });
    for (auto& [order, r] : rejected_) res_.rejected.push_back(std::move(r));
    return std::move(res_);
}

}  // namespace import_detail

ImportResult import_rows(const ImportRules& rules, ImportInput input, const Book& book, Date today,
                         std::string_view note, Diags& diags) {
    Diags local;
    import_detail::Importer imp(rules, input, book, today, local);
    ImportResult r = imp.run(note);
    bool errors = !local.empty();
    diags.insert(diags.end(), local.begin(), local.end());
    if (errors) return {};
    return r;
}

}  // namespace salesrep
