// import: CSV text + rules -> new YAML texts, ledger lines and rejected rows.
// Sections: CSV reader, ids and values, the rules file, the mapping, the output.
#include "salesrep/import.hpp"

#include "salesrep/check.hpp"
#include "salesrep/replay.hpp"
#include "yaml_reader.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <optional>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

namespace salesrep {

// ---- CSV ----------------------------------------------------------------------

int Csv::column(std::string_view name) const {
    for (std::size_t i = 0; i < header.size(); ++i)
        if (header[i] == name) return static_cast<int>(i);
    return -1;
}

namespace {

bool valid_utf8(std::string_view s) {
    std::size_t i = 0, n = s.size();
    while (i < n) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) { ++i; continue; }
        int len = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
        if (len == 0 || c == 0xC0 || c == 0xC1 || c > 0xF4 || i + len > n) return false;
        for (int j = 1; j < len; ++j)
            if ((static_cast<unsigned char>(s[i + j]) & 0xC0) != 0x80) return false;
        i += static_cast<std::size_t>(len);
    }
    return true;
}

// Reads records one at a time; tracks lines for messages.
class CsvReader {
public:
    CsvReader(std::string_view text, char sep) : t_(text), sep_(sep) {}

    bool done() const { return i_ >= t_.size(); }

    // Reads one record into `fields`; returns false (with `problem` set) when it
    // is malformed; the reader then stands at the next record.
    bool next(std::vector<std::string>& fields, std::uint32_t& start_line, CsvProblem& problem) {
        fields.clear();
        start_line = line_;
        std::string field;
        bool ok = true;
        while (true) {
            field.clear();
            if (i_ < t_.size() && t_[i_] == '"') {
                std::uint32_t qline = line_, qcol = col();
                ++i_;
                bool closed = false;
                while (i_ < t_.size()) {
                    char c = t_[i_];
                    if (c == '"') {
                        if (i_ + 1 < t_.size() && t_[i_ + 1] == '"') { field += '"'; i_ += 2; continue; }
                        ++i_;
                        closed = true;
                        break;
                    }
                    if (c == '\r' || c == '\n') {
                        newline();
                        field += '\n';
                        continue;
                    }
                    field += c;
                    ++i_;
                }
                if (!closed) {
                    problem = {qline, qcol, "a quoted field is never closed (a \" is missing)"};
                    return false;
                }
                if (i_ < t_.size() && t_[i_] != sep_ && t_[i_] != '\r' && t_[i_] != '\n') {
                    if (ok) problem = {line_, col(), "text after the closing quote of a field; quote the whole field"};
                    ok = false;
                    skip_field();
                }
            } else {
                while (i_ < t_.size() && t_[i_] != sep_ && t_[i_] != '\r' && t_[i_] != '\n') {
                    if (t_[i_] == '"' && ok) {
                        problem = {line_, col(), "a quote inside an unquoted field; quote the whole field and "
                                                 "double the quotes in it (\"\")"};
                        ok = false;
                    }
                    field += t_[i_++];
                }
            }
            if (ok && !valid_utf8(field)) {
                problem = {start_line, 0, "invalid UTF-8; the CSV must be UTF-8 text"};
                ok = false;
            }
            fields.push_back(field);
            if (i_ < t_.size() && t_[i_] == sep_) { ++i_; continue; }
            if (i_ < t_.size()) newline();  // end of the record
            return ok;
        }
    }

private:
    std::string_view t_;
    char sep_;
    std::size_t i_ = 0, bol_ = 0;
    std::uint32_t line_ = 1;

    std::uint32_t col() const { return static_cast<std::uint32_t>(i_ - bol_ + 1); }
    void newline() {  // at '\r' or '\n'
        if (t_[i_] == '\r' && i_ + 1 < t_.size() && t_[i_ + 1] == '\n') ++i_;
        ++i_;
        ++line_;
        bol_ = i_;
    }
    void skip_field() {
        while (i_ < t_.size() && t_[i_] != sep_ && t_[i_] != '\r' && t_[i_] != '\n') ++i_;
    }
};

}  // namespace

Csv parse_csv(std::string_view text, char separator, std::vector<CsvProblem>& problems) {
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    Csv out;
    CsvReader r(text, separator);
    bool have_header = false;
    std::vector<std::string> fields;
    while (!r.done()) {
        std::uint32_t line = 0;
        CsvProblem p;
        bool ok = r.next(fields, line, p);
        if (ok && fields.size() == 1 && fields[0].empty()) continue;  // an empty line
        if (!ok) {
            problems.push_back(std::move(p));
            if (!have_header) return out;  // no header: nothing can be read
            continue;
        }
        if (!have_header) {
            out.header = fields;
            have_header = true;
            continue;
        }
        if (fields.size() != out.header.size()) {
            problems.push_back({line, 0, fmt::format("{} field{} where the header has {}", fields.size(),
                                                     fields.size() == 1 ? "" : "s", out.header.size())});
            continue;
        }
        out.rows.push_back(fields);
        out.lines.push_back(line);
    }
    return out;
}

// ---- ids and values -------------------------------------------------------------

std::string slug(std::string_view name) {
    std::string s;
    for (char ch : name) {
        unsigned char c = static_cast<unsigned char>(ch);
        if (c >= 'A' && c <= 'Z') s += static_cast<char>(c - 'A' + 'a');
        else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_') s += ch;
        else if (c == ' ' || c == '\t' || c == '-') {
            if (!s.empty() && s.back() != '-') s += '-';
        }
    }
    std::size_t first = 0;
    while (first < s.size() && !std::isalnum(static_cast<unsigned char>(s[first]))) ++first;
    s.erase(0, first);
    while (!s.empty() && (s.back() == '-' || s.back() == '.' || s.back() == '_')) s.pop_back();
    return s.empty() ? "x" : s;
}

std::optional<Date> parse_date_as(std::string_view text, std::string_view format) {
    static constexpr std::string_view months[] = {"january", "february", "march",     "april",   "may",      "june",
                                                  "july",    "august",   "september", "october", "november", "december"};
    int year = -1;
    unsigned month = 0, day = 0;
    std::size_t i = 0;
    auto digits = [&](std::size_t min, std::size_t max, int& out) {
        std::size_t start = i;
        out = 0;
        while (i < text.size() && i - start < max && text[i] >= '0' && text[i] <= '9') out = out * 10 + (text[i++] - '0');
        return i - start >= min;
    };
    for (std::size_t f = 0; f < format.size(); ++f) {
        if (format[f] != '%' || f + 1 == format.size()) {
            if (i >= text.size() || text[i] != format[f]) return std::nullopt;
            ++i;
            continue;
        }
        char d = format[++f];
        int v = 0;
        switch (d) {
        case 'Y': if (!digits(4, 4, v)) return std::nullopt; year = v; break;
        case 'y': if (!digits(2, 2, v)) return std::nullopt; year = v >= 70 ? 1900 + v : 2000 + v; break;
        case 'm': if (!digits(1, 2, v)) return std::nullopt; month = static_cast<unsigned>(v); break;
        case 'd': if (!digits(1, 2, v)) return std::nullopt; day = static_cast<unsigned>(v); break;
        case 'H': case 'M': case 'S': if (!digits(1, 2, v)) return std::nullopt; break;
        case 'b': case 'B': {
            std::size_t start = i;
            while (i < text.size() && std::isalpha(static_cast<unsigned char>(text[i]))) ++i;
            std::string word;
            for (std::size_t k = start; k < i; ++k) word += static_cast<char>(std::tolower(static_cast<unsigned char>(text[k])));
            month = 0;
            for (unsigned m = 0; m < 12; ++m)
                if (word == months[m] || (word.size() == 3 && months[m].substr(0, 3) == word)) month = m + 1;
            if (!month) return std::nullopt;
            break;
        }
        case '%': if (i >= text.size() || text[i] != '%') return std::nullopt; ++i; break;
        default: return std::nullopt;
        }
    }
    if (i != text.size() || year < 0 || !valid_ymd(year, month, day)) return std::nullopt;
    return Date::from_ymd(year, month, day);
}

namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

// Text for a ledger line: line breaks and other control characters become blanks.
std::string one_line(std::string s) {
    for (char& c : s)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
    return s;
}

// A YAML scalar: plain when that cannot be misread, else double-quoted.
std::string yaml_scalar(std::string_view s) {
    bool plain = !s.empty() && std::isalnum(static_cast<unsigned char>(s[0])) && s.back() != ' ';
    for (char c : s)
        plain &= std::isalnum(static_cast<unsigned char>(c)) || c == ' ' || c == '.' || c == '_' || c == '-' || c == '/';
    if (plain) {
        std::string low;
        for (char c : s) low += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        static constexpr std::string_view reserved[] = {"true", "false", "yes", "no", "on", "off", "null", "y", "n"};
        for (auto r : reserved) plain &= low != r;
    }
    if (plain) return std::string(s);
    std::string out = "\"";
    for (char ch : s) {
        unsigned char c = static_cast<unsigned char>(ch);
        if (ch == '"' || ch == '\\') { out += '\\'; out += ch; }
        else if (ch == '\n') out += "\\n";
        else if (ch == '\t') out += "\\t";
        else if (ch == '\r') out += "\\r";
        else if (c < 0x20 || c == 0x7f) out += fmt::format("\\x{:02x}", c);
        else out += ch;
    }
    return out + '"';
}

}  // namespace

// ---- the rules file ----------------------------------------------------------

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

void parse_kind(const Ctx& ctx, const YAML::Node& n, std::string_view kind, KindRule& out,
                std::initializer_list<std::string_view> allowed, ImportRules& rules) {
    out.pos = ctx.pos(n);
    MapReader m(ctx, n, fmt::format("'{}'", kind), allowed);
    if (!m.ok()) return;
    out.given = true;
    if (m.text("from", out.from)) out.from_pos = m.pos_of("from");
    std::string id;
    if (m.text("id", id)) {
        if (id == "keep" || id == "slug") out.keep_ids = id == "keep";
        else ctx.error(m.pos_of("id"), fmt::format("'id' of '{}' is 'slug' (ids made from names, the default) or "
                                                   "'keep' (the key itself when it is a valid id), found '{}'", kind, id));
    }
    std::string missing;
    if (m.text("missing", missing)) {
        if (missing == "create" || missing == "reject") out.create_missing = missing == "create";
        else ctx.error(m.pos_of("missing"), fmt::format("'missing' of '{}' is 'create' (the default) or 'reject', "
                                                        "found '{}'", kind, missing));
    }
    if (!m.has("key")) ctx.error(m.pos(), fmt::format("'{}' has no 'key:' (the column that names each record)", kind));
    parse_field(ctx, m.get("key"), fmt::format("'{}.key'", kind), out.key);
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
    if (kind == "deals") {
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
}

void parse_stage(const Ctx& ctx, const YAML::Node& n, Pipeline& p) {
    MapReader m(ctx, n, "a stage", {"id", "name", "probability", "max_days", "category"});
    if (!m.ok()) return;
    Stage s;
    s.pos = m.pos();
    if (!m.id("id", s.id, true)) return;
    if (s.id == "won" || s.id == "lost" || s.id == "open") {
        ctx.error(m.pos_of("id"), fmt::format("'{}' cannot be a stage id: won, lost and open are the outcomes", s.id));
        return;
    }
    if (!m.text("name", s.name)) s.name = s.id;
    std::optional<int> prob;
    if (m.integer("probability", prob, 0, 100, true)) s.probability = *prob;
    m.integer("max_days", s.max_days, 0, 100000);
    std::string cat;
    if (m.text("category", cat)) {
        s.category = parse_category(cat);
        if (!s.category)
            ctx.error(m.pos_of("category"), fmt::format("unknown category '{}'; a category is pipeline, best_case or "
                                                        "commit", cat));
    }
    for (const auto& other : p.stages)
        if (other.id == s.id) ctx.error(m.pos_of("id"), fmt::format("stage '{}' is listed twice", s.id));
    p.stages.push_back(std::move(s));
}

void parse_funnel_rules(const Ctx& ctx, const YAML::Node& n, ImportRules& out) {
    out.funnel_pos = ctx.pos(n);
    MapReader m(ctx, n, "'funnel'", {"stages", "pipelines"});
    if (!m.ok()) return;
    out.has_funnel = true;
    auto stages = [&](const YAML::Node& list, Pipeline& p, SourcePos where) {
        yaml::each(ctx, list, "stages", [&](const YAML::Node& item) { parse_stage(ctx, item, p); });
        if (!list.IsSequence() || list.size() == 0) ctx.error(where, fmt::format("pipeline '{}' has no stages", p.id));
    };
    if (m.has("stages") == m.has("pipelines")) {
        ctx.error(m.pos(), "'funnel' holds either 'stages:' (one pipeline) or 'pipelines:', as funnel.yaml does");
        return;
    }
    if (m.has("stages")) {
        out.funnel_single = true;
        Pipeline p;
        p.id = "default";
        p.name = "Default";
        p.pos = m.pos();
        stages(m.get("stages"), p, m.pos_of("stages"));
        out.pipelines.push_back(std::move(p));
        return;
    }
    yaml::each(ctx, m.get("pipelines"), "pipelines", [&](const YAML::Node& item) {
        MapReader pm(ctx, item, "a pipeline", {"id", "name", "segments", "stages"});
        if (!pm.ok()) return;
        Pipeline p;
        p.pos = pm.pos();
        if (!pm.id("id", p.id, true)) return;
        if (!pm.text("name", p.name)) p.name = p.id;
        pm.text_list("segments", p.segments);
        stages(pm.get("stages"), p, pm.pos());
        out.pipelines.push_back(std::move(p));
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
                  {"book", "funnel", "csv", "tables", "rewrite", "teams", "agents", "clients", "deals"});
    if (!top.ok()) return false;
    if (top.has("book")) {
        MapReader b(ctx, top.get("book"), "'book'", {"company", "currency", "fiscal_year_start"});
        if (b.ok()) {
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
    }
    if (top.has("funnel")) parse_funnel_rules(ctx, top.get("funnel"), out);
    if (top.has("csv")) {
        MapReader c(ctx, top.get("csv"), "'csv'", {"separator", "date_format", "thousands", "decimal"});
        if (c.ok()) {
            one_char(ctx, c, "separator", out.separator);
            one_char(ctx, c, "thousands", out.thousands);
            one_char(ctx, c, "decimal", out.decimal);
            std::vector<std::string> formats;
            if (c.text_list("date_format", formats)) {
                out.date_formats = formats;
                if (formats.empty()) ctx.error(c.pos_of("date_format"), "'csv.date_format' lists no format");
                for (const auto& f : formats)
                    if (f.find("%d") == std::string::npos || (f.find("%Y") == std::string::npos && f.find("%y") == std::string::npos) ||
                        (f.find("%m") == std::string::npos && f.find("%b") == std::string::npos && f.find("%B") == std::string::npos))
                        ctx.error(c.pos_of("date_format"), fmt::format("date format '{}' needs a day (%d), a month (%m "
                                                                       "or %b) and a year (%Y or %y)", f));
            }
        }
    }
    each_pair(ctx, top.get("tables"), "'tables'", [&](const std::string& name, const YAML::Node& k, const YAML::Node& v) {
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
        m.text("key", t.key, true);
        if (!m.text("join", t.join)) t.join = t.key;
        t.file_pos = m.pos_of("file");
        t.key_pos = m.pos_of("key");
        t.join_pos = m.has("join") ? m.pos_of("join") : t.key_pos;
        out.tables.push_back(std::move(t));
    });
    each_pair(ctx, top.get("rewrite"), "'rewrite'", [&](const std::string& column, const YAML::Node& k, const YAML::Node& v) {
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
    return !failed();
}

// ---- the mapping -------------------------------------------------------------

namespace {

constexpr int kExport = -1;

// A column reference bound to a CSV: the row's own (table == kExport for the
// export, or the table the row belongs to) or a joined table's.
struct Ref {
    bool joined = false;
    int table = 0;     // when joined: the table's index
    int col = 0;       // in the row's CSV, or in the joined table
    int join_col = 0;  // when joined: the column of the row's CSV holding the key
};

struct Part {
    std::string text;  // literal text (when !is_ref)
    Ref ref;
    bool is_ref = false;
};

struct Field {
    bool given = false;
    bool literal = false;
    std::vector<Part> parts;
    std::string fallback;
    bool has_fallback = false;
    std::string column;  // for messages: the column (or template) it reads
};

class Importer {
public:
    Importer(const ImportRules& rules, ImportInput& in, const Book& book, Date today, Diags& diags)
        : rules_(rules), in_(in), book_(book), today_(today), diags_(diags) {}

    ImportResult run(std::string_view note);

private:
    const ImportRules& rules_;
    ImportInput& in_;
    const Book& book_;
    Date today_;
    Diags& diags_;
    ImportResult res_;
    std::vector<std::unordered_map<std::string, int>> table_index_;  // per table: key -> row
    std::vector<std::vector<bool>> ignored_;  // per table: rows left out (a key seen before)
    std::vector<std::pair<int, Rejected>> rejected_;                  // (file order, ...)

    struct NewTeam { std::string key, id, name, lead; bool present = false; };
    struct NewAgent {
        std::string key, id, name, team, email;
        std::optional<Role> role;
        bool present = false;
    };
    struct NewClient {
        std::string key, id, name, industry, segment, owner;
        Contact contact;
        bool present = false;
    };
    std::vector<NewTeam> teams_;
    std::vector<NewAgent> agents_;
    std::vector<NewClient> clients_;
    std::unordered_map<std::string, int> team_by_key_, agent_by_key_, client_by_key_;
    std::unordered_set<std::string> team_ids_, agent_ids_, shared_ids_;  // allocated in this import

    void error(SourcePos p, std::string msg) { diags_.push_back({Severity::error, p, std::move(msg)}); }
    bool ignored(int src, std::size_t row) const {
        return src != kExport && ignored_[static_cast<std::size_t>(src)][row];
    }
    const Csv& csv(int src) const { return src == kExport ? in_.export_csv : in_.tables[static_cast<std::size_t>(src)]; }
    const std::string& csv_name(int src) const {
        return src == kExport ? in_.export_name : in_.table_names[static_cast<std::size_t>(src)];
    }
    void reject(int src, std::size_t row, std::string reason) {
        rejected_.push_back({src + 1, {csv_name(src), csv(src).lines[row], 0, std::move(reason)}});
    }

    int source_of(const KindRule& k);
    bool bind_column(int src, const std::string& name, SourcePos pos, Ref& out);
    Field bind(int src, const FieldSpec* spec);
    std::string cell(int src, std::size_t row, const Ref& r) const;
    std::string eval(int src, std::size_t row, const Field& f) const;

    void prepare();
    enum class Other { none, book_deals, book_clients };  // ids of the other kind of the shared namespace
    std::string make_id(std::unordered_set<std::string>& taken, const std::string& key, bool keep, Other other);
    std::string team_for(const std::string& key, int src, std::size_t row, bool& ok);
    std::string agent_for(const std::string& key, int src, std::size_t row, bool& ok, const char* as);
    int new_agent(const std::string& key);  // the agent of `key`, made when there is none
    void read_teams();
    void read_agents();
    void read_clients();
    void read_deals();
    std::optional<Money> amount(const std::string& text, std::string& why) const;
    std::optional<Date> date(const std::string& text) const;
    int pipeline_for(const std::string& explicit_id, const std::string& client_id) const;

    struct DealOut {
        Deal deal;
        bool present = false;
    };
    std::vector<DealOut> deals_;
    std::vector<Entry> entries_;
    TextArena texts_;  // the strings entries_ view
    void write_yaml(std::string_view note);
};

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

bool Importer::bind_column(int src, const std::string& name, SourcePos pos, Ref& out) {
    const Csv& c = csv(src);
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

// Trims every cell, applies `rewrite:`, indexes the tables by key.
void Importer::prepare() {
    auto trim_all = [](Csv& c) {
        for (auto& h : c.header) h = std::string(trim(h));
        for (auto& row : c.rows)
            for (auto& v : row)
                if (!v.empty() && (v.front() == ' ' || v.back() == ' ' || v.front() == '\t' || v.back() == '\t'))
                    v = std::string(trim(v));
    };
    trim_all(in_.export_csv);
    for (auto& t : in_.tables) trim_all(t);
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
    table_index_.resize(rules_.tables.size());
    ignored_.resize(rules_.tables.size());
    for (std::size_t t = 0; t < rules_.tables.size(); ++t) ignored_[t].assign(in_.tables[t].rows.size(), false);
    for (std::size_t t = 0; t < rules_.tables.size(); ++t) {
        const TableRule& tr = rules_.tables[t];
        const Csv& c = in_.tables[t];
        int kc = c.column(tr.key);
        if (kc < 0) {
            std::vector<std::string_view> names(c.header.begin(), c.header.end());
            error(tr.key_pos, fmt::format("column '{}' is not in {}{}; its columns: {}", tr.key, in_.table_names[t],
                                          suggestion_suffix(tr.key, names), fmt::join(c.header, ", ")));
            continue;
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
    std::string s;
    for (char c : text) {
        if (rules_.thousands && c == rules_.thousands) continue;
        s += c == rules_.decimal ? '.' : c;
    }
    MoneyParse m = parse_money(s, book_.settings.currency);
    if (!m.ok) {
        why = m.error;
        return std::nullopt;
    }
    if (m.value.cents < 0) {
        why = "it is negative";
        return std::nullopt;
    }
    return m.value;
}

std::optional<Date> Importer::date(const std::string& text) const {
    for (const auto& f : rules_.date_formats)
        if (auto d = parse_date_as(text, f)) return d;
    return std::nullopt;
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

void Importer::read_deals() {
    const KindRule& k = rules_.deals;
    const int src = kExport;
    Field key = bind(src, &k.key), client = bind(src, k.field("client")), owner = bind(src, k.field("owner")),
          title = bind(src, k.field("title")), status = bind(src, k.field("status")),
          opened = bind(src, k.field("opened")), closed = bind(src, k.field("closed")),
          amount_f = bind(src, k.field("amount")), expected = bind(src, k.field("expected")),
          expected_close = bind(src, k.field("expected_close")), source = bind(src, k.field("source")),
          pipeline = bind(src, k.field("pipeline")), reason = bind(src, k.field("lost_reason")),
          stage_date = bind(src, k.field("stage_date"));
    if (!k.field("client")) error(k.pos, "'deals' has no 'client:' (the column naming each deal's client)");
    if (!k.field("owner")) error(k.pos, "'deals' has no 'owner:' (the column naming each deal's agent)");
    if (!k.field("opened")) error(k.pos, "'deals' has no 'opened:' (the column holding the day each deal was opened)");
    // statuses name stages of some pipeline (or won / lost)
    std::vector<std::string_view> stage_ids;
    for (const auto& p : book_.pipelines)
        for (const auto& st : p.stages) stage_ids.push_back(st.id);
    auto is_stage = [&](const std::string& id) {
        return std::find(stage_ids.begin(), stage_ids.end(), id) != stage_ids.end();
    };
    for (const auto& s : rules_.statuses)
        if (s.outcome != "won" && s.outcome != "lost" && !is_stage(s.outcome))
            error(s.pos, fmt::format("'{}' is not a stage of the book's funnel (nor won or lost){}", s.outcome,
                                     suggestion_suffix(s.outcome, stage_ids)));
    if (!rules_.closed_stage.empty() && !is_stage(rules_.closed_stage))
        error(rules_.closed_stage_pos, fmt::format("'{}' is not a stage of the book's funnel{}", rules_.closed_stage,
                                                   suggestion_suffix(rules_.closed_stage, stage_ids)));
    if (!diags_.empty()) return;

    auto describe_empty = [](const Field& f, std::string_view what) {
        return fmt::format("no {} ('{}' is empty) and the rules give no default", what, f.column);
    };
    std::unordered_map<std::string, std::size_t> seen;  // deal key -> row
    std::optional<Replay> replayed;                     // of the book, when a present deal needs it
    const Csv& c = csv(src);
    for (std::size_t r = 0; r < c.rows.size(); ++r) {
        std::string kv = eval(src, r, key);
        if (kv.empty()) { reject(src, r, describe_empty(key, "deal id")); continue; }
        if (auto it = seen.find(kv); it != seen.end()) {
            reject(src, r, fmt::format("deal '{}' is on line {} already", kv, c.lines[it->second]));
            continue;
        }
        // status -> open stage, won or lost
        std::string stage, outcome;
        if (status.given) {
            std::string sv = eval(src, r, status);
            const StatusRule* m = nullptr;
            for (const auto& s : rules_.statuses)
                if (s.value == sv) m = &s;
            if (!m) {
                std::vector<std::string> known;
                for (const auto& s : rules_.statuses) known.push_back(s.value);
                reject(src, r, fmt::format("status '{}' (column '{}') is not in the rules' statuses: {}", sv,
                                           status.column, fmt::join(known, ", ")));
                continue;
            }
            if (m->outcome == "won" || m->outcome == "lost") outcome = m->outcome;
            else stage = m->outcome;
        }
        std::string ov = eval(src, r, opened);
        if (ov.empty()) { reject(src, r, describe_empty(opened, "opened date")); continue; }
        auto od = date(ov);
        if (!od) {
            reject(src, r, fmt::format("opened date '{}' (column '{}') is not a date in the format {}", ov,
                                       opened.column, fmt::join(rules_.date_formats, " or ")));
            continue;
        }
        std::optional<Date> cd;
        if (!outcome.empty()) {
            std::string cv = eval(src, r, closed);
            if (cv.empty()) {
                reject(src, r, closed.given ? fmt::format("a {} deal with no close date ('{}' is empty)", outcome, closed.column)
                                            : fmt::format("a {} deal, but the rules give no 'closed:' column", outcome));
                continue;
            }
            cd = date(cv);
            if (!cd) {
                reject(src, r, fmt::format("close date '{}' (column '{}') is not a date in the format {}", cv,
                                           closed.column, fmt::join(rules_.date_formats, " or ")));
                continue;
            }
            if (*cd < *od) {
                reject(src, r, fmt::format("closed on {}, before it was opened on {}", format_date(*cd), format_date(*od)));
                continue;
            }
        }
        std::string why;
        std::optional<Money> won_amount;
        if (outcome == "won") {
            if (std::string av = eval(src, r, amount_f); !av.empty()) {
                won_amount = amount(av, why);
                if (!won_amount) {
                    reject(src, r, fmt::format("{} (column '{}')", why, amount_f.column));
                    continue;
                }
            }
        }
        Money exp{};
        if (std::string ev = eval(src, r, expected); !ev.empty()) {
            auto m = amount(ev, why);
            if (!m) {
                reject(src, r, fmt::format("{} (the expected amount, '{}')", why, expected.column));
                continue;
            }
            exp = *m;
        } else if (won_amount) {
            exp = *won_amount;
        }
        std::optional<Date> ec;
        if (std::string ecv = eval(src, r, expected_close); !ecv.empty()) {
            ec = date(ecv);
            if (!ec) {
                reject(src, r, fmt::format("expected close '{}' (column '{}') is not a date in the format {}", ecv,
                                           expected_close.column, fmt::join(rules_.date_formats, " or ")));
                continue;
            }
        }
        std::string pv = eval(src, r, pipeline);
        if (!pv.empty() && pipeline_for(pv, {}) < 0) {
            reject(src, r, fmt::format("pipeline '{}' is not in the book's funnel", pv));
            continue;
        }
        std::string cv = eval(src, r, client), wv = eval(src, r, owner);
        if (cv.empty()) { reject(src, r, describe_empty(client, "client")); continue; }
        if (wv.empty()) { reject(src, r, describe_empty(owner, "owner")); continue; }
        if (!client_by_key_.count(cv) && !rules_.clients.create_missing) {
            reject(src, r, fmt::format("client '{}' is not among the rules' clients (missing: reject)", cv));
            continue;
        }
        if (!agent_by_key_.count(wv) && !rules_.agents.create_missing) {
            reject(src, r, fmt::format("owner '{}' is not among the rules' agents (missing: reject)", wv));
            continue;
        }
        // the stage it was opened in must be a stage of its pipeline
        std::string open_stage = outcome.empty() ? stage : rules_.closed_stage;
        std::string client_id;
        if (auto it = client_by_key_.find(cv); it != client_by_key_.end())
            client_id = clients_[static_cast<std::size_t>(it->second)].id;
        int pi = pipeline_for(pv, client_id);
        if (!open_stage.empty() && pi >= 0 && book_.pipelines[static_cast<std::size_t>(pi)].stage_index(open_stage) < 0) {
            reject(src, r, fmt::format("stage '{}' is not a stage of pipeline '{}'", open_stage,
                                       book_.pipelines[static_cast<std::size_t>(pi)].id));
            continue;
        }
        // the row is good: its client and owner exist from here on
        seen.emplace(kv, r);
        if (client_id.empty()) {
            NewClient nc;
            nc.key = nc.name = cv;
            nc.id = make_id(shared_ids_, cv, rules_.clients.keep_ids, Other::book_deals);
            client_id = nc.id;
            client_by_key_.emplace(cv, static_cast<int>(clients_.size()));
            clients_.push_back(std::move(nc));
        }
        bool ok = true;
        std::string owner_id = agent_for(wv, src, r, ok, "owner");

        DealOut d;
        d.deal.id = make_id(shared_ids_, kv, k.keep_ids, Other::book_clients);
        d.deal.client = client_id;
        d.deal.owner = owner_id;
        d.deal.title = eval(src, r, title);
        d.deal.amount = exp;
        d.deal.opened = *od;
        d.deal.stage = open_stage;
        d.deal.expected_close = ec;
        d.deal.source = eval(src, r, source);
        d.deal.pipeline = pv;
        int present = book_.deal_index(d.deal.id);
        d.present = present >= 0;
        bool still_open = true;  // a deal imported before gets only what happened since
        if (d.present) {
            if (!replayed) replayed = replay(book_, today_);
            const DealState& st = replayed->deals[static_cast<std::size_t>(present)];
            still_open = st.exists && st.status == DealStatus::open;
            // a move to the stage the export shows now, on the day it entered it
            if (still_open && !open_stage.empty() && st.pipeline >= 0) {
                const Pipeline& p = book_.pipelines[static_cast<std::size_t>(st.pipeline)];
                if (p.stage_index(open_stage) >= 0 && p.stages[static_cast<std::size_t>(st.stage)].id != open_stage) {
                    Date on = *od;
                    if (std::string sv = eval(src, r, stage_date); !sv.empty())
                        if (auto sd = date(sv)) on = *sd;
                    Entry e;
                    e.date = std::max(on, st.stage_entered);
                    e.kind = Kind::stage;
                    e.target = texts_.keep(d.deal.id);
                    e.stage = texts_.keep(open_stage);
                    entries_.push_back(std::move(e));
                }
            }
        }
        if (!outcome.empty()) {
            Entry e;
            e.date = *cd;
            e.kind = outcome == "won" ? Kind::won : Kind::lost;
            e.target = texts_.keep(d.deal.id);
            e.amount = won_amount;
            if (outcome == "lost") e.reason = texts_.keep(one_line(eval(src, r, reason)));
            if (still_open) entries_.push_back(std::move(e));
            else ++res_.entries.present;
        }
        deals_.push_back(std::move(d));
    }
}

// ---- the output ------------------------------------------------------------------

void Importer::write_yaml(std::string_view note) {
    auto header = [&](std::string_view what) {
        return fmt::format("# {}\n# {}: written once by 'salesrep import'; later changes go in the ledger.\n", note,
                           what);
    };
    auto kv = [](std::string& s, std::string_view key, std::string_view value) {
        if (value.empty()) return;
        s += fmt::format("{}{}: {}", s.back() == '{' ? " " : ", ", key, yaml_scalar(value));
    };
    std::string teams, agents;
    for (const auto& t : teams_) {
        if (t.present) { ++res_.teams.present; continue; }
        ++res_.teams.added;
        std::string s = "  - {";
        kv(s, "id", t.id);
        kv(s, "name", t.name);
        kv(s, "lead", t.lead);
        teams += s + " }\n";
    }
    for (const auto& a : agents_) {
        if (a.present) { ++res_.agents.present; continue; }
        ++res_.agents.added;
        std::string s = "  - {";
        kv(s, "id", a.id);
        kv(s, "name", a.name);
        kv(s, "team", a.team);
        if (a.role && *a.role != Role::agent) kv(s, "role", role_name(*a.role));
        kv(s, "email", a.email);
        agents += s + " }\n";
    }
    if (res_.teams.added || res_.agents.added)
        res_.team_yaml = header("teams and agents") + (teams.empty() ? "teams: []\n" : "teams:\n" + teams) +
                         (agents.empty() ? "agents: []\n" : "agents:\n" + agents);
    std::string clients;
    for (const auto& c : clients_) {
        if (c.present) { ++res_.clients.present; continue; }
        ++res_.clients.added;
        std::string s = "  - {";
        kv(s, "id", c.id);
        kv(s, "name", c.name);
        kv(s, "industry", c.industry);
        kv(s, "segment", c.segment);
        kv(s, "owner", c.owner);
        const Contact& k = c.contact;
        if (!k.name.empty() || !k.title.empty() || !k.email.empty() || !k.phone.empty()) {
            std::string ct = "{";
            kv(ct, "name", k.name);
            kv(ct, "title", k.title);
            kv(ct, "email", k.email);
            kv(ct, "phone", k.phone);
            s += ", contact: " + ct + " }";
        }
        clients += s + " }\n";
    }
    if (res_.clients.added) res_.clients_yaml = header("clients") + "clients:\n" + clients;
    std::string deals;
    for (const auto& d : deals_) {
        if (d.present) { ++res_.deals.present; continue; }
        ++res_.deals.added;
        const Deal& x = d.deal;
        std::string s = "  - {";
        kv(s, "id", x.id);
        kv(s, "client", x.client);
        kv(s, "title", x.title);
        kv(s, "owner", x.owner);
        kv(s, "amount", format_money(x.amount));
        kv(s, "opened", format_date(x.opened));
        kv(s, "stage", x.stage);
        if (x.expected_close) kv(s, "expected_close", format_date(*x.expected_close));
        kv(s, "source", x.source);
        kv(s, "pipeline", x.pipeline);
        deals += s + " }\n";
    }
    if (res_.deals.added) res_.deals_yaml = header("deals, as they were when opened") + "deals:\n" + deals;
    std::stable_sort(entries_.begin(), entries_.end(), [](const Entry& a, const Entry& b) { return a.date < b.date; });
    for (const auto& e : entries_) res_.ledger_lines.push_back(format_entry(e));
    res_.entries.added = entries_.size();
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
    for (auto& t : teams_) t.present = book_.team_index(t.id) >= 0;
    for (auto& a : agents_) a.present = book_.agent_index(a.id) >= 0;
    for (auto& c : clients_) c.present = book_.client_index(c.id) >= 0;
    write_yaml(note);
    std::stable_sort(rejected_.begin(), rejected_.end(),
                     [](const auto& a, const auto& b) { return std::tie(a.first, a.second.line) < std::tie(b.first, b.second.line); });
    for (auto& [order, r] : rejected_) res_.rejected.push_back(std::move(r));
    return std::move(res_);
}

}  // namespace

ImportResult import_rows(const ImportRules& rules, ImportInput input, const Book& book, Date today,
                         std::string_view note, Diags& diags) {
    Diags local;
    Importer imp(rules, input, book, today, local);
    ImportResult r = imp.run(note);
    bool errors = !local.empty();
    diags.insert(diags.end(), local.begin(), local.end());
    if (errors) return {};
    return r;
}

Book new_book(const ImportRules& rules) {
    Book b;
    b.settings.company = rules.company;
    b.settings.currency = rules.currency;
    b.settings.fiscal_year_start = rules.fiscal_year_start;
    b.pipelines = rules.pipelines;
    b.index();
    return b;
}

std::string new_book_settings(const ImportRules& rules, std::string_view note) {
    std::string s = fmt::format("# {}\n", note);
    if (!rules.company.empty()) s += fmt::format("company: {}\n", yaml_scalar(rules.company));
    if (!rules.currency.empty()) s += fmt::format("currency: {}\n", rules.currency);
    s += fmt::format("fiscal_year_start: {}\n", rules.fiscal_year_start);
    s += fmt::format("files:\n  funnel: funnel.yaml\n  team: \"{}\"\n  clients: \"{}\"\n  deals: \"{}\"\n"
                     "  ledger: sales.ledger\n",
                     import_glob_team, import_glob_clients, import_glob_deals);
    return s;
}

std::string new_book_funnel(const ImportRules& rules, std::string_view note) {
    std::string s = fmt::format("# {}\n", note);
    auto stage = [](const Stage& st, std::string_view indent) {
        std::string l = fmt::format("{}- {{ id: {}, name: {}, probability: {}", indent, st.id, yaml_scalar(st.name),
                                    st.probability);
        if (st.max_days) l += fmt::format(", max_days: {}", *st.max_days);
        if (st.category) l += fmt::format(", category: {}", category_name(*st.category));
        return l + " }\n";
    };
    if (rules.funnel_single && !rules.pipelines.empty()) {
        s += "stages:\n";
        for (const auto& st : rules.pipelines[0].stages) s += stage(st, "  ");
        return s;
    }
    s += "pipelines:\n";
    for (const auto& p : rules.pipelines) {
        s += fmt::format("  - id: {}\n    name: {}\n", p.id, yaml_scalar(p.name));
        if (!p.segments.empty()) {
            std::vector<std::string> segs;
            for (const auto& seg : p.segments) segs.push_back(yaml_scalar(seg));
            s += fmt::format("    segments: [{}]\n", fmt::join(segs, ", "));
        }
        s += "    stages:\n";
        for (const auto& st : p.stages) s += stage(st, "      ");
    }
    return s;
}

Diags verify_import(Book& book, const ImportResult& result, const ImportFiles& files, Date today) {
    Diags diags;
    if (!result.team_yaml.empty()) {
        std::uint32_t f = book.sources.add(files.team, result.team_yaml);
        parse_team(book.sources.files[f].text, f, book.teams, book.agents, diags);
    }
    if (!result.clients_yaml.empty()) {
        std::uint32_t f = book.sources.add(files.clients, result.clients_yaml);
        parse_clients(book.sources.files[f].text, f, book.settings, book.clients, diags);
    }
    if (!result.deals_yaml.empty()) {
        std::uint32_t f = book.sources.add(files.deals, result.deals_yaml);
        parse_deals(book.sources.files[f].text, f, book.settings, book.deals, diags);
    }
    if (!result.ledger_lines.empty()) {
        std::string text;
        for (const auto& l : result.ledger_lines) text += l + "\n";
        std::uint32_t f = book.sources.add(files.ledger + " (the lines to append)", std::move(text));
        std::vector<Entry> added;
        parse_ledger(book.sources.files[f].text, f, book.settings, added, diags);
        for (auto& e : added) book.entries.push_back(std::move(e));
    }
    book.index();
    check_book(book, today, diags);
    return diags;
}

}  // namespace salesrep
