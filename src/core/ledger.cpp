// Ledger text -> entries, and entries -> canonical ledger lines (SPEC §7).
#include "salesrep/load.hpp"
#include "utf8.hpp"
#include "yaml_reader.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <fmt/format.h>
#include <fmt/ranges.h>

namespace salesrep {

namespace {

struct Token {
    std::string_view raw;   // as written
    std::string_view view;  // the value: unquoted, in the line (when it holds no escape)
    int esc = -1;           // else: index of the unescaped value in LineParser::unesc_
    std::uint32_t col = 0;  // 1-based
    bool quoted = false;    // a "..." positional string
    bool field = false;     // KEY:VALUE
    bool value_quoted = false;
    std::string_view key;
};

bool is_blank(char c) { return c == ' ' || c == '\t'; }

// Bytes of a bare word: 0 ordinary, 1 blank (ends it), 2 ':' or '"' (looked at).
constexpr auto word_class = [] {
    std::array<unsigned char, 256> t{};
    t[' '] = t['\t'] = 1;
    t[':'] = t['"'] = 2;
    return t;
}();

constexpr int part_count = 13;

class LineParser {
public:
    LineParser(std::string_view line, std::uint32_t file, std::uint32_t lineno, const Settings& s, Diags& d,
               TextArena* arena)
        : line_(line), file_(file), lineno_(lineno), settings_(s), diags_(d), arena_(arena), toks_(scratch()),
          unesc_(unescaped()), pos_(positionals()) {
        toks_.clear();
        unesc_used_ = 0;
    }

    bool parse(Entry& e);
    std::uint32_t col(EntryPart p) const { return cols_[static_cast<int>(p)]; }

private:
    std::string_view line_;
    std::uint32_t file_, lineno_;
    const Settings& settings_;
    Diags& diags_;
    TextArena* arena_;
    std::vector<Token>& toks_;         // per-thread scratch: no allocation per line once warm
    std::vector<std::string>& unesc_;  // per-thread scratch for values with escapes
    std::vector<Token*>& pos_;         // per-thread scratch: the positional arguments
    std::size_t p_ = 0;                // the next of pos_ to read
    std::size_t unesc_used_ = 0;
    std::uint32_t cols_[part_count] = {};
    bool failed_ = false;

    static std::vector<Token>& scratch() {
        thread_local std::vector<Token> tokens;
        return tokens;
    }
    static std::vector<std::string>& unescaped() {
        thread_local std::vector<std::string> values;
        return values;
    }
    static std::vector<Token*>& positionals() {
        thread_local std::vector<Token*> tokens;
        return tokens;
    }
    std::uint32_t end_col() const { return static_cast<std::uint32_t>(line_.size() + 1); }
    // The column of the next positional argument, or past the line's end.
    std::uint32_t pos_col() const { return p_ < pos_.size() ? pos_[p_]->col : end_col(); }
    // The column of a field's value.
    static std::uint32_t value_col(const Token& t) { return t.col + static_cast<std::uint32_t>(t.key.size()) + 1; }
    void set_col(EntryPart p, std::uint32_t c) { cols_[static_cast<int>(p)] = c; }
    std::string_view value(const Token& t) const { return t.esc >= 0 ? std::string_view(unesc_[t.esc]) : t.view; }
    // The value, as a view the entry may keep.
    std::string_view keep(const Token& t) {
        if (t.esc < 0) return t.view;
        return (arena_ ? *arena_ : scratch_arena()).keep(unesc_[t.esc]);
    }

    void error(std::uint32_t col, std::string msg) {
        diags_.push_back({Severity::error, {file_, lineno_, col}, std::move(msg)});
        failed_ = true;
    }
    bool tokenize();
    bool read_quoted(std::size_t& i, Token& t);
    bool amount(const Token& t, Money& out, bool positive);
    bool dup(const Token& t, bool seen);
    bool record_field(Kind kind, const Token& t, RecordFields& r);
    bool parse_date_time(Entry& e, std::size_t& k);
    bool parse_kind_target(Entry& e, std::size_t& k);
    void read_rest(Entry& e, EntryDetails& d, std::size_t k);
    void read_agent(const Token& t, Entry& e);
    void read_field(const Token& t, Entry& e, EntryDetails& d);
    bool entry_field(const Token& t, Entry& e, EntryDetails& d);
    bool deal_field(const Token& t, Entry& e, EntryDetails& d);
    void amount_field(const Token& t, std::optional<Money>& out);
    bool override_field(const Token& t, Entry& e, EntryDetails& d);
    void unknown_field(const Token& t, Kind kind);
    bool read_positional(Entry& e, const EntryDetails& d);
    void unexpected(const Token& t, Kind kind);
    void take_note(Entry& e, bool required);
    bool at_amount_word() const;
    void take_amount(Entry& e, bool positive);
    void take_stage(Entry& e);
    bool take_next(Entry& e);
    void take_open(Entry& e, const EntryDetails& d);
    void take_money(Entry& e);
};

// Reads "..." at line_[i]; the value is a view into the line, or (with escapes)
// an unescaped copy in unesc_.
bool LineParser::read_quoted(std::size_t& i, Token& t) {
    std::size_t start = i;  // at the opening quote
    ++i;
    std::size_t body = i;
    std::string* out = nullptr;
    while (i < line_.size()) {
        if (!out) {  // no escape yet: only a quote or a backslash matters
            while (i < line_.size() && line_[i] != '"' && line_[i] != '\\') ++i;
            if (i == line_.size()) break;
        }
        char c = line_[i];
        if (c == '\\') {
            if (i + 1 < line_.size() && (line_[i + 1] == '"' || line_[i + 1] == '\\')) {
                if (!out) {
                    if (unesc_used_ == unesc_.size()) unesc_.emplace_back();
                    t.esc = static_cast<int>(unesc_used_++);
                    out = &unesc_[t.esc];
                    out->assign(line_.substr(body, i - body));
                }
                *out += line_[i + 1];
                i += 2;
                continue;
            }
            error(static_cast<std::uint32_t>(i + 1), "unknown escape in a quoted string; only \\\" and \\\\ are "
                                                     "escapes (write a backslash as \\\\)");
            return false;
        }
        if (c == '"') {
            if (!out) t.view = line_.substr(body, i - body);
            ++i;
            return true;
        }
        if (out) *out += c;
        ++i;
    }
    error(static_cast<std::uint32_t>(start + 1), "unterminated quoted string; close it with \"");
    return false;
}

bool LineParser::tokenize() {
    std::size_t i = 0, n = line_.size();
    while (i < n) {
        while (i < n && is_blank(line_[i])) ++i;
        if (i >= n) break;
        Token& t = toks_.emplace_back();
        t.col = static_cast<std::uint32_t>(i + 1);
        std::size_t start = i;
        if (line_[i] == '"') {
            t.quoted = true;
            if (!read_quoted(i, t)) return false;
            if (i < n && !is_blank(line_[i])) {
                error(static_cast<std::uint32_t>(i + 1), "a quoted string must be followed by a blank");
                return false;
            }
        } else {
            // a bare word, possibly KEY:VALUE with a quoted value
            std::size_t colon = std::string_view::npos;
            while (i < n) {
                // most bytes: part of the word
                while (i < n && word_class[static_cast<unsigned char>(line_[i])] == 0) ++i;
                if (i >= n) break;
                if (word_class[static_cast<unsigned char>(line_[i])] == 1) break;  // a blank ends it
                if (line_[i] == ':' && colon == std::string_view::npos) {
                    colon = i;
                    if (i + 1 < n && line_[i + 1] == '"') {
                        std::string_view key = line_.substr(start, colon - start);
                        if (!key.empty() && key.find_first_not_of("abcdefghijklmnopqrstuvwxyz_") == std::string_view::npos) {
                            ++i;
                            t.field = true;
                            t.value_quoted = true;
                            t.key = key;
                            if (!read_quoted(i, t)) return false;
                            if (i < n && !is_blank(line_[i])) {
                                error(static_cast<std::uint32_t>(i + 1), "a quoted value must be followed by a blank");
                                return false;
                            }
                            break;
                        }
                    }
                }
                if (line_[i] == '"') {
                    error(static_cast<std::uint32_t>(i + 1), "a quote inside a word; put blanks around a quoted string");
                    return false;
                }
                ++i;
            }
            if (!t.field && colon != std::string_view::npos) {
                std::string_view key = line_.substr(start, colon - start);
                if (!key.empty() && key.find_first_not_of("abcdefghijklmnopqrstuvwxyz_") == std::string_view::npos) {
                    t.field = true;
                    t.key = key;
                    t.view = line_.substr(colon + 1, i - colon - 1);
                }
            }
        }
        t.raw = line_.substr(start, i - start);
    }
    return true;
}

bool LineParser::amount(const Token& t, Money& out, bool positive) {
    std::string_view text = t.field ? value(t) : t.raw;
    std::uint32_t col = t.field ? t.col + static_cast<std::uint32_t>(t.key.size()) + 1 : t.col;
    MoneyParse m = parse_money(text, settings_.currency);
    if (!m.ok) {
        error(col + static_cast<std::uint32_t>(m.col), m.error);
        return false;
    }
    if (positive && m.value.cents <= 0) {
        error(col, fmt::format("the amount must be positive, found '{}'", text));
        return false;
    }
    if (!positive && m.value.cents < 0) {
        error(col, fmt::format("the amount must not be negative, found '{}'", text));
        return false;
    }
    out = m.value;
    return true;
}

// A field of `open` (client:, pipeline:, source:) or of `client` (name:,
// industry:, segment:, contact:, title:, email:, phone:): true when `key` is one.
bool LineParser::record_field(Kind kind, const Token& t, RecordFields& r) {
    std::string_view key = t.key;
    std::uint32_t vcol = value_col(t);
    struct Field {
        Kind kind;
        std::string_view key;
        std::string_view RecordFields::*value;
        bool id;  // an id, not free text
    };
    static constexpr Field fields[] = {
        {Kind::open, "client", &RecordFields::client, true},
        {Kind::open, "pipeline", &RecordFields::pipeline, true},
        {Kind::open, "source", &RecordFields::source, false},
        {Kind::client, "name", &RecordFields::name, false},
        {Kind::client, "industry", &RecordFields::industry, false},
        {Kind::client, "segment", &RecordFields::segment, true},
        {Kind::client, "contact", &RecordFields::contact, false},
        {Kind::client, "title", &RecordFields::job_title, false},
        {Kind::client, "email", &RecordFields::email, false},
        {Kind::client, "phone", &RecordFields::phone, false},
    };
    for (const Field& f : fields) {
        if (f.kind != kind || f.key != key) continue;
        std::string_view& out = r.*f.value;
        if (dup(t, !out.empty())) return true;
        if (key == "client") set_col(EntryPart::client, t.col);
        if (key == "pipeline") set_col(EntryPart::pipeline, t.col);
        std::string_view v = value(t);
        if (v.empty()) error(vcol, fmt::format("'{}:' has no value", key));
        else if (f.id && !yaml::valid_id(v)) error(vcol, fmt::format("'{}' is not a valid {} id", v, key));
        else out = keep(t);
        return true;
    }
    return false;
}

bool looks_like_currency(std::string_view s) {
    if (s.size() != 3) return false;
    for (char c : s)
        if (c < 'A' || c > 'Z') return false;
    return true;
}

bool LineParser::dup(const Token& t, bool seen) {
    if (seen) error(t.col, fmt::format("'{}:' given twice", t.key));
    return seen;
}

// DATE [HH:MM]: k is left at the token after them.
bool LineParser::parse_date_time(Entry& e, std::size_t& k) {
    if (toks_.empty()) {
        error(1, "an empty line is not an entry; an entry starts with YYYY-MM-DD");
        return false;
    }
    std::optional<Date> date = parse_date(toks_[0].raw);
    if (!date || toks_[0].quoted) {
        error(1, fmt::format("'{}' is not a date; an entry starts with YYYY-MM-DD (a day that exists)",
                             toks_[0].raw));
        return false;
    }
    e.date = *date;
    set_col(EntryPart::date, 1);
    k = 1;
    if (k < toks_.size() && toks_[k].raw.size() >= 3 && toks_[k].raw[0] >= '0' && toks_[k].raw[0] <= '9' &&
        toks_[k].raw.find(':') != std::string_view::npos) {
        auto t = parse_time(toks_[k].raw);
        if (!t) {
            error(toks_[k].col, fmt::format("'{}' is not a time; write HH:MM from 00:00 to 23:59", toks_[k].raw));
            return false;
        }
        e.time = *t;
        ++k;
    }
    return true;
}

// KIND TARGET at toks_[k]: k is left at the token after them.
bool LineParser::parse_kind_target(Entry& e, std::size_t& k) {
    if (k >= toks_.size()) {
        error(end_col(), "the entry has no kind; write e.g. 'call DEAL \"note\"'");
        return false;
    }
    auto kind = parse_kind(toks_[k].raw);
    if (!kind || toks_[k].quoted) {
        std::vector<std::string_view> kinds;
        for (int i = 0; i < kind_count; ++i) kinds.push_back(kind_name(static_cast<Kind>(i)));
        std::string_view word = toks_[k].raw;
        error(toks_[k].col, fmt::format("unknown entry kind '{}'{}; kinds: {}", word, suggestion_suffix(word, kinds),
                                        fmt::join(kinds, ", ")));
        return false;
    }
    e.kind = *kind;
    set_col(EntryPart::kind, toks_[k].col);
    ++k;
    if (k >= toks_.size() || toks_[k].quoted || toks_[k].field || toks_[k].raw[0] == '@') {
        error(k < toks_.size() ? toks_[k].col : end_col(),
              fmt::format("'{}' needs {} id after the kind", kind_name(e.kind),
                          e.kind == Kind::open     ? "the new deal's"
                          : e.kind == Kind::client ? "the new client's"
                          : is_client_only(e.kind) ? "a client"
                          : is_deal_only(e.kind)   ? "a deal"
                                                   : "a deal or client"));
        return false;
    }
    if (!yaml::valid_id(toks_[k].raw)) {
        error(toks_[k].col, fmt::format("'{}' is not a valid id: an id starts with a letter or digit and holds "
                                        "only letters, digits, '.', '_' and '-'", toks_[k].raw));
        return false;
    }
    e.target = toks_[k].raw;
    set_col(EntryPart::target, toks_[k].col);
    ++k;
    return true;
}

void LineParser::read_agent(const Token& t, Entry& e) {
    std::string_view id = t.raw.substr(1);
    if (id.empty()) return error(t.col, "'@' with no agent id; write @ID, e.g. @alice");
    if (!yaml::valid_id(id)) return error(t.col + 1, fmt::format("'{}' is not a valid agent id", id));
    if (!e.agent.empty()) return error(t.col, "more than one @agent; an entry names at most one");
    e.agent = id;
    set_col(EntryPart::agent, t.col + 1);
}

// ref: of any kind, next: and next_what: of an interaction, reason: of `lost`.
bool LineParser::entry_field(const Token& t, Entry& e, EntryDetails& d) {
    std::string_view key = t.key;
    bool interaction = is_interaction(e.kind);
    if (key == "ref") {
        if (dup(t, !e.ref.empty())) return true;
        e.ref = keep(t);
        if (e.ref.empty()) error(value_col(t), "'ref:' has no value");
    } else if (key == "next" && interaction) {
        if (dup(t, e.next_date.has_value())) return true;
        std::string_view v = value(t);
        e.next_date = parse_date(v);
        set_col(EntryPart::next, t.col);
        if (!e.next_date) error(value_col(t), fmt::format("'{}' is not a date; write next:YYYY-MM-DD", v));
    } else if (key == "next_what" && interaction) {
        if (dup(t, e.has_next_what)) return true;
        e.next_what = keep(t);
        e.has_next_what = true;
    } else if (key == "reason" && e.kind == Kind::lost) {
        if (dup(t, !d.reason.empty())) return true;
        d.reason = keep(t);
    } else {
        return false;
    }
    return true;
}

void LineParser::amount_field(const Token& t, std::optional<Money>& out) {
    if (dup(t, out.has_value())) return;
    Money m;
    if (amount(t, m, false)) out = m;
    set_col(EntryPart::amount, t.col);
}

// amount:, stage:, close:, owner: and title: of `open` and `set`.
bool LineParser::deal_field(const Token& t, Entry& e, EntryDetails& d) {
    std::string_view key = t.key;
    bool opens_or_sets = e.kind == Kind::set || e.kind == Kind::open;
    std::string_view v = value(t);
    if (e.kind == Kind::set && key == "amount") {
        amount_field(t, d.set.amount);
    } else if (e.kind == Kind::open && key == "amount") {
        amount_field(t, e.amount);
    } else if (e.kind == Kind::open && key == "stage") {
        if (dup(t, !e.stage.empty())) return true;
        set_col(EntryPart::stage, t.col);
        if (!yaml::valid_id(v)) error(value_col(t), fmt::format("'{}' is not a valid stage id", v));
        else e.stage = keep(t);
    } else if (opens_or_sets && key == "close") {
        if (dup(t, d.set.close.has_value())) return true;
        d.set.close = parse_date(v);
        set_col(EntryPart::close, t.col);
        if (!d.set.close) error(value_col(t), fmt::format("'{}' is not a date; write close:YYYY-MM-DD", v));
    } else if (e.kind == Kind::set && key == "owner") {
        if (dup(t, !d.set.owner.empty())) return true;
        set_col(EntryPart::owner, t.col);
        if (!yaml::valid_id(v)) error(value_col(t), fmt::format("'{}' is not a valid agent id", v));
        else d.set.owner = keep(t);
    } else if (e.kind == Kind::set && key == "title") {
        if (dup(t, d.set.title.has_value())) return true;
        d.set.title = keep(t);
    } else {
        return false;
    }
    return true;
}

// probability: and category: of `open` and `set`, '-' (unquoted) dropping an override.
bool LineParser::override_field(const Token& t, Entry& e, EntryDetails& d) {
    std::string_view key = t.key;
    if (e.kind != Kind::set && e.kind != Kind::open) return false;
    std::string_view v = value(t);
    bool drop = v == "-" && !t.value_quoted;
    if (key == "probability") {
        if (dup(t, d.set.probability.has_value() || d.set.clear_probability)) return true;
        set_col(EntryPart::probability, t.col);
        if (drop) { d.set.clear_probability = true; return true; }
        int p = -1;
        bool digits = !v.empty() && v.size() <= 3 && v.find_first_not_of("0123456789") == std::string_view::npos;
        if (digits) {
            p = 0;
            for (char c : v) p = p * 10 + (c - '0');
        }
        if (!digits || p > 100)
            error(value_col(t), fmt::format("probability '{}' must be a whole number from 0 to 100 (or '-' to "
                                            "drop the override)", v));
        else d.set.probability = p;
    } else if (key == "category") {
        if (dup(t, d.set.category.has_value() || d.set.clear_category)) return true;
        set_col(EntryPart::category, t.col);
        if (drop) { d.set.clear_category = true; return true; }
        d.set.category = parse_category(v);
        if (!d.set.category)
            error(value_col(t), fmt::format("category '{}' must be pipeline, best_case, commit or omitted (or '-' to "
                                            "drop the override)", v));
    } else {
        return false;
    }
    return true;
}

void LineParser::unknown_field(const Token& t, Kind kind) {
    std::vector<std::string_view> known{"ref"};
    if (is_interaction(kind)) known.insert(known.end(), {"next", "next_what"});
    if (kind == Kind::lost) known.push_back("reason");
    if (kind == Kind::set) known.insert(known.end(), {"amount", "close", "probability", "owner", "title", "category"});
    if (kind == Kind::open)
        known.insert(known.end(), {"client", "amount", "stage", "close", "pipeline", "probability",
                                   "category", "source"});
    if (kind == Kind::client)
        known.insert(known.end(), {"name", "industry", "segment", "contact", "title", "email", "phone"});
    std::string list;
    for (auto s : known) list += (list.empty() ? "" : ", ") + std::string(s) + ":";
    error(t.col, fmt::format("unknown field '{}:' for '{}'{}; it takes {}", t.key, kind_name(kind),
                             suggestion_suffix(t.key, known), list));
}

void LineParser::read_field(const Token& t, Entry& e, EntryDetails& d) {
    if (entry_field(t, e, d) || deal_field(t, e, d) || override_field(t, e, d)) return;
    if (is_record(e.kind) && record_field(e.kind, t, d.record)) return;
    unknown_field(t, e.kind);
}

// Agents and fields anywhere; the positional arguments, in order, to pos_.
void LineParser::read_rest(Entry& e, EntryDetails& d, std::size_t k) {
    for (; k < toks_.size(); ++k) {
        Token& t = toks_[k];
        if (!t.quoted && !t.field && t.raw[0] == '@') read_agent(t, e);
        else if (t.field) read_field(t, e, d);
        else pos_.push_back(&t);
    }
    if (e.has_next_what && !e.next_date && !failed_)
        error(col(EntryPart::target), "'next_what:' needs 'next:DATE' on the same entry (the day of the next action)");
}

void LineParser::unexpected(const Token& t, Kind kind) {
    if (t.quoted)
        error(t.col, fmt::format("'{}' takes no further text here", kind_name(kind)));
    else
        error(t.col, fmt::format("unexpected '{}' for '{}'; a note goes in double quotes", t.raw, kind_name(kind)));
}

void LineParser::take_note(Entry& e, bool required) {
    if (p_ < pos_.size() && pos_[p_]->quoted) {
        e.note = keep(*pos_[p_]);
        e.has_note = true;
        ++p_;
    } else if (required) {
        error(pos_col(), fmt::format("'{}' needs a quoted note, e.g. \"what was said\"", kind_name(e.kind)));
    }
}

bool LineParser::at_amount_word() const {
    if (p_ >= pos_.size()) return false;
    const Token* t = pos_[p_];
    return !t->quoted && (std::isdigit(static_cast<unsigned char>(t->raw[0])) || t->raw[0] == '-' || t->raw[0] == '.');
}

// AMOUNT [CUR] at pos_[p_].
void LineParser::take_amount(Entry& e, bool positive) {
    const Token* t = pos_[p_];
    Money m;
    set_col(EntryPart::amount, t->col);
    if (amount(*t, m, positive)) e.amount = m;
    ++p_;
    if (p_ < pos_.size() && !pos_[p_]->quoted && looks_like_currency(pos_[p_]->raw)) {
        if (pos_[p_]->raw != settings_.currency)
            error(pos_[p_]->col, settings_.currency.empty()
                                     ? fmt::format("currency '{}' given, but the book sets no currency", pos_[p_]->raw)
                                     : fmt::format("currency '{}' is not the book's currency '{}'", pos_[p_]->raw,
                                                   settings_.currency));
        ++p_;
    }
}

// stage DEAL STAGE, reopen DEAL [STAGE].
void LineParser::take_stage(Entry& e) {
    if (p_ < pos_.size() && !pos_[p_]->quoted) {
        if (!yaml::valid_id(pos_[p_]->raw))
            error(pos_[p_]->col, fmt::format("'{}' is not a valid stage id", pos_[p_]->raw));
        e.stage = pos_[p_]->raw;
        set_col(EntryPart::stage, pos_[p_]->col);
        ++p_;
    } else if (e.kind == Kind::stage) {
        error(pos_col(), "'stage' needs the stage to move to, e.g. 'stage DEAL proposal'");
    }
}

// next DEAL DATE "what": false when the date is missing (nothing more to read).
bool LineParser::take_next(Entry& e) {
    if (p_ < pos_.size() && !pos_[p_]->quoted) {
        e.next_date = parse_date(pos_[p_]->raw);
        set_col(EntryPart::next, pos_[p_]->col);
        if (!e.next_date)
            error(pos_[p_]->col, fmt::format("'{}' is not a date; write next DEAL YYYY-MM-DD \"what\"", pos_[p_]->raw));
        ++p_;
    } else {
        error(pos_col(), "'next' needs a date and what to do: next DEAL YYYY-MM-DD \"what\"");
        return false;
    }
    if (p_ < pos_.size() && pos_[p_]->quoted) {
        e.next_what = keep(*pos_[p_]);
        e.has_next_what = true;
        ++p_;
    } else {
        error(pos_col(), "'next' needs what to do, in quotes: next DEAL YYYY-MM-DD \"what\"");
    }
    return true;
}

// open DEAL ["title"] and its required fields.
void LineParser::take_open(Entry& e, const EntryDetails& d) {
    take_note(e, false);  // the title
    if ((d.set.clear_probability || d.set.clear_category) && !failed_)
        error(col(d.set.clear_probability ? EntryPart::probability : EntryPart::category),
              "'-' drops an override of 'set'; a new deal has none to drop");
    if (d.record.client.empty() && !failed_)
        error(col(EntryPart::target), "'open' needs the deal's client: write client:ID (add it first with 'client' "
                                      "if it is new)");
    if (!e.amount && !failed_) error(col(EntryPart::target), "'open' needs the deal's amount: write amount:X");
}

// invoice/payment CLIENT AMOUNT [CUR] ["note"].
void LineParser::take_money(Entry& e) {
    if (at_amount_word()) {
        take_amount(e, true);
    } else {
        error(pos_col(),
              fmt::format("'{}' needs an amount, e.g. '{} CLIENT 1200.00'", kind_name(e.kind), kind_name(e.kind)));
    }
    take_note(e, false);
}

// The positional arguments per kind: false when reading stopped early.
bool LineParser::read_positional(Entry& e, const EntryDetails& d) {
    switch (e.kind) {
    case Kind::call: case Kind::meeting: case Kind::email: case Kind::demo: case Kind::visit: case Kind::message:
    case Kind::lost:
        take_note(e, false);
        break;
    case Kind::note: take_note(e, true); break;
    case Kind::stage:
    case Kind::reopen: take_stage(e); break;
    case Kind::won:
        if (at_amount_word()) take_amount(e, false);
        take_note(e, false);
        break;
    case Kind::next:
        if (!take_next(e)) return false;
        break;
    case Kind::set:
        if (!d.set.any() && !failed_)
            error(col(EntryPart::target), "'set' changes nothing; give amount:X, close:DATE, probability:P (or -), owner:ID, "
                                "title:\"...\" or category:C (or -)");
        break;
    case Kind::open: take_open(e, d); break;
    case Kind::client:
        if (d.record.name.empty() && !failed_)
            error(col(EntryPart::target), "'client' needs the company's name: write name:\"...\"");
        break;
    case Kind::invoice:
    case Kind::payment: take_money(e); break;
    }
    if (!failed_ && p_ < pos_.size()) unexpected(*pos_[p_], e.kind);
    return true;
}

bool LineParser::parse(Entry& e) {
    EntryDetails d;  // attached to `e` at the end when it holds anything
    if (!tokenize()) return false;
    std::size_t k = 0;
    if (!parse_date_time(e, k) || !parse_kind_target(e, k)) return false;
    pos_.clear();
    p_ = 0;
    read_rest(e, d, k);
    if (failed_) return false;
    if (!read_positional(e, d)) return false;
    if (is_record(e.kind)) {
        RecordFields& r = d.record;
        r.target_col = col(EntryPart::target);
        r.agent_col = col(EntryPart::agent);
        r.stage_col = col(EntryPart::stage);
        r.client_col = col(EntryPart::client);
        r.pipeline_col = col(EntryPart::pipeline);
    }
    if (!d.empty()) e.details = std::make_shared<const EntryDetails>(d);
    return !failed_;
}

// Checks that a line is valid UTF-8 without control characters (C0, DEL, C1)
// nor text-direction overrides (a tab is a blank);
// returns the 1-based column of the first bad byte, or 0.
std::uint32_t bad_utf8(std::string_view s) {
    // Most lines are printable ASCII and tabs: one pass with no branch per
    // byte (which the compiler vectorizes) says so; else the byte-wise walk.
    std::uint8_t odd = 0;
    for (char ch : s) {
        const auto c = static_cast<std::uint8_t>(ch);
        odd |= static_cast<std::uint8_t>((static_cast<std::uint8_t>(c - 0x20) >= 0x5F) & (c != '\t'));
    }
    if (odd == 0) return 0;
    std::size_t i = 0, n = s.size();
    while (i < n) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            if ((c < 0x20 && c != '\t') || c == 0x7F) return static_cast<std::uint32_t>(i + 1);
            ++i;
            continue;
        }
        // Not UTF-8, or a C1 control or text-direction override (diagnostic.hpp's unsafe_char).
        if (unsafe_char(s, i)) return static_cast<std::uint32_t>(i + 1);
        i += utf8_length(s, i);
    }
    return 0;
}

// A line that git left in a file it could not merge ("<<<<<<< HEAD",
// "||||||| base", "=======", ">>>>>>> theirs"): the diagnostic for it, or "".
std::string conflict_marker(std::string_view line) {
    if (line.size() < 7) return {};
    const char c = line[0];
    if ((c != '<' && c != '|' && c != '=' && c != '>') || line.find_first_not_of(c) < 7) return {};
    return fmt::format("unresolved git merge conflict: '{}' is a conflict marker git left in this file; keep the lines "
                       "of both sides (unless the same line is there twice), delete the marker lines (<<<<<<<, "
                       "|||||||, =======, >>>>>>>), then run 'salesrep check' and commit",
                       line.substr(0, 7));
}

}  // namespace

TextArena& scratch_arena() {
    thread_local TextArena arena;
    return arena;
}

bool parse_entry(std::string_view line, std::uint32_t file, std::uint32_t lineno, const Settings& settings,
                 Entry& out, Diags& diags, TextArena* arena) {
    out.file = file;
    out.line = lineno;
    LineParser p(line, file, lineno, settings, diags, arena);
    return p.parse(out);
}

std::uint32_t entry_column(std::string_view line, const Settings& settings, EntryPart part) {
    Diags ignored;
    Entry e;
    TextArena arena;
    LineParser p(line, 0, 0, settings, ignored, &arena);
    p.parse(e);
    return p.col(part);
}

LedgerLines count_ledger_lines(std::string_view text) {
    // What parse_ledger_into skips without an entry: blank lines, comments and
    // lines starting with a blank (an error). A line starting with '\r' is
    // empty or holds a control character (an error) too.
    auto may_hold = [](char c) { return c != ' ' && c != '\t' && c != ';' && c != '#' && c != '\n' && c != '\r'; };
    LedgerLines n{1, !text.empty() && may_hold(text[0]) ? 1u : 0u};
    const char* p = text.data();
    const char* const end = p + text.size();
    while ((p = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)))) != nullptr) {
        ++p;
        ++n.lines;
        if (p < end && may_hold(*p)) ++n.slots;
    }
    return n;
}

std::size_t parse_ledger_into(std::string_view text, std::uint32_t file, const Settings& settings, Entry* out,
                              Diags& diags, TextArena* arena, std::uint32_t first_line) {
    if (first_line == 1 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    std::size_t n = 0;
    std::size_t start = 0;
    std::uint32_t lineno = first_line - 1;
    bool dirty = false;
    while (start < text.size()) {
        const char* nlp = static_cast<const char*>(std::memchr(text.data() + start, '\n', text.size() - start));
        std::size_t end = nlp ? static_cast<std::size_t>(nlp - text.data()) : text.size();
        std::string_view line = text.substr(start, end - start);
        start = end + 1;
        ++lineno;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        std::size_t first = 0;
        while (first < line.size() && is_blank(line[first])) ++first;
        if (first == line.size() || line[first] == ';' || line[first] == '#') continue;
        if (std::string marker = conflict_marker(line); !marker.empty()) {
            diags.push_back({Severity::error, {file, lineno, 1}, std::move(marker)});
            continue;
        }
        if (std::uint32_t col = bad_utf8(line)) {
            auto byte = static_cast<unsigned char>(line[col - 1]);
            std::string msg = byte < 0x80 ? fmt::format("control character U+{:04X}; a ledger line holds text only", byte)
                              : utf8_length(line, col - 1) == 0
                                  ? std::string("invalid UTF-8; the ledger is UTF-8 text")
                                  : std::string("a control or text-direction character (C1, or a bidirectional "
                                                "override or isolate, shown as U+FFFD); a ledger line holds text only");
            diags.push_back({Severity::error, {file, lineno, col}, std::move(msg)});
            continue;
        }
        if (first != 0) {
            diags.push_back({Severity::error, {file, lineno, 1},
                             "an entry starts at the beginning of the line, with its date; remove the leading blanks"});
            continue;
        }
        Entry& e = out[n];  // a fresh Entry, or one a refused line left half filled
        if (dirty) e = Entry{};
        dirty = !parse_entry(line, file, lineno, settings, e, diags, arena);
        if (!dirty) ++n;
    }
    return n;
}

void parse_ledger(std::string_view text, std::uint32_t file, const Settings& settings, std::vector<Entry>& out,
                  Diags& diags, TextArena* arena, std::uint32_t first_line) {
    std::size_t base = out.size();
    out.resize(base + count_ledger_lines(text).slots);
    std::size_t n = parse_ledger_into(text, file, settings, out.data() + base, diags, arena, first_line);
    out.resize(base + n);
}

std::string quote_ledger(std::string_view s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    out += '"';
    return out;
}

namespace {
// A field value: bare when it is a plain word, else quoted.
std::string field_value(std::string_view v) {
    bool bare = !v.empty();
    for (char c : v) bare &= !(is_blank(c) || c == '"' || c == '\\');
    if (bare && v == "-") bare = false;
    return bare ? std::string(v) : quote_ledger(v);
}

// An entry's line as it is written: each part after a blank.
struct EntryLine {
    std::string text;
    void add(std::string_view part) {
        text += ' ';
        text += part;
    }
};

// What an `open` entry says of its deal, in the order of SPEC §7's table.
void add_open(EntryLine& line, const Entry& e) {
    const RecordFields& r = e.record();
    const SetFields& x = e.set();
    line.add("client:" + std::string(r.client));
    if (e.amount) line.add("amount:" + format_money(*e.amount));
    if (!e.stage.empty()) line.add("stage:" + std::string(e.stage));
    if (x.close) line.add("close:" + format_date(*x.close));
    if (!r.pipeline.empty()) line.add("pipeline:" + std::string(r.pipeline));
    if (x.probability) line.add("probability:" + std::to_string(*x.probability));
    if (x.category) line.add("category:" + std::string(category_name(*x.category)));
    if (!r.source.empty()) line.add("source:" + field_value(r.source));
}

// What a `client` entry says of its client.
void add_client(EntryLine& line, const Entry& e) {
    const RecordFields& r = e.record();
    line.add("name:" + field_value(r.name));
    for (auto [key, value] : {std::pair{"industry", r.industry}, {"segment", r.segment}, {"contact", r.contact},
                              {"title", r.job_title}, {"email", r.email}, {"phone", r.phone}})
        if (!value.empty()) line.add(std::string(key) + ":" + field_value(value));
}

// The kind's own arguments, after the target: a stage, an amount, a new
// record's fields, a next action's day and text.
void add_arguments(EntryLine& line, const Entry& e) {
    switch (e.kind) {
    case Kind::stage: case Kind::reopen:
        if (!e.stage.empty()) line.add(e.stage);
        break;
    case Kind::won: case Kind::invoice: case Kind::payment:
        if (e.amount) line.add(format_money(*e.amount));
        break;
    case Kind::open: add_open(line, e); break;
    case Kind::client: add_client(line, e); break;
    case Kind::next:
        if (e.next_date) line.add(format_date(*e.next_date));
        line.add(quote_ledger(e.next_what));
        break;
    default:
        break;
    }
}

// The fields at the end of the line: a loss's reason, what a `set` changes, a ref:.
void add_fields(EntryLine& line, const Entry& e) {
    const SetFields& x = e.kind == Kind::open ? SetFields{} : e.set();  // open's: written by add_open
    if (!e.reason().empty()) line.add("reason:" + quote_ledger(e.reason()));
    if (x.amount) line.add("amount:" + format_money(*x.amount));
    if (x.close) line.add("close:" + format_date(*x.close));
    if (x.probability) line.add("probability:" + std::to_string(*x.probability));
    if (x.clear_probability) line.add("probability:-");
    if (!x.owner.empty()) line.add("owner:" + std::string(x.owner));
    if (x.title) line.add("title:" + quote_ledger(*x.title));
    if (x.category) line.add("category:" + std::string(category_name(*x.category)));
    if (x.clear_category) line.add("category:-");
    if (!e.ref.empty()) line.add("ref:" + field_value(e.ref));
}
}  // namespace

std::string format_entry(const Entry& e) {
    EntryLine line{format_date(e.date)};
    if (e.time) line.add(format_time(*e.time));
    line.add(kind_name(e.kind));
    line.add(e.target);
    add_arguments(line, e);
    if (!e.agent.empty()) line.add("@" + std::string(e.agent));
    if (e.has_note) line.add(quote_ledger(e.note));
    if (e.kind != Kind::next) {
        if (e.next_date) line.add("next:" + format_date(*e.next_date));
        if (e.has_next_what) line.add("next_what:" + quote_ledger(e.next_what));
    }
    add_fields(line, e);
    return std::move(line.text);
}

namespace {
bool same_record(const RecordFields& a, const RecordFields& b) {
    return a.client == b.client && a.pipeline == b.pipeline && a.source == b.source && a.name == b.name &&
           a.industry == b.industry && a.segment == b.segment && a.contact == b.contact && a.job_title == b.job_title &&
           a.email == b.email && a.phone == b.phone;
}
}  // namespace

bool same_entry(const Entry& a, const Entry& b) {
    return a.date == b.date && a.time == b.time && a.kind == b.kind && a.target == b.target && a.agent == b.agent &&
           a.stage == b.stage && a.amount == b.amount && a.note == b.note && a.has_note == b.has_note &&
           a.next_date == b.next_date && a.next_what == b.next_what && a.has_next_what == b.has_next_what &&
           a.ref == b.ref && a.reason() == b.reason() && a.set().amount == b.set().amount &&
           a.set().close == b.set().close && a.set().probability == b.set().probability &&
           a.set().clear_probability == b.set().clear_probability && a.set().owner == b.set().owner &&
           a.set().title == b.set().title && a.set().category == b.set().category &&
           a.set().clear_category == b.set().clear_category && same_record(a.record(), b.record());
}

}  // namespace salesrep
