#include "yaml_reader.hpp"

#include "utf8.hpp"

#include <algorithm>
#include <array>
#include <fmt/format.h>
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/parser.h>

#include <sstream>

namespace salesrep::yaml {

SourcePos Ctx::pos(const YAML::Node& n) const { return pos(n.Mark()); }

SourcePos Ctx::pos(const YAML::Mark& m) const {
    if (m.line < 0 || m.column < 0) return {file, 0, 0};
    std::uint32_t shift = m.line == 0 ? first_line_shift : 0;  // a byte order mark yaml-cpp did not see
    return {file, static_cast<std::uint32_t>(m.line + 1), static_cast<std::uint32_t>(m.column + 1) + shift};
}
void Ctx::error(SourcePos p, std::string msg) const { diags.push_back({Severity::error, p, std::move(msg)}); }
void Ctx::warning(SourcePos p, std::string msg) const { diags.push_back({Severity::warning, p, std::move(msg)}); }

namespace {


// yaml-cpp recurses once per nested list or map and stops at this depth.
constexpr int max_nesting = 2000;

// A rough reading of YAML's brackets and quotes, only to place an error once
// yaml-cpp has refused a document: where flow collections ('[', '{') first nest
// `limit` deep, and what is still open at the end of the text (the innermost
// unclosed bracket, or the quote of a quoted scalar that never ends).
struct FlowScan {
    std::size_t deep_at = std::string_view::npos;
    std::size_t open_at = std::string_view::npos;  // offset of the unclosed '[', '{', '"' or '\''
};

FlowScan scan_flow(std::string_view text, int limit) {
    FlowScan r;
    std::vector<std::size_t> opened;  // offsets of the open brackets
    std::size_t quote_at = std::string_view::npos;
    bool comment = false;
    auto starts_scalar = [&](std::size_t i) {  // a quote or bracket here begins a value
        if (i == 0) return true;
        char p = text[i - 1];
        return p == ' ' || p == '\t' || p == '\n' || p == '\r' || p == '[' || p == '{' || p == ',' ||
               (p == ':' && !opened.empty());
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (quote_at != std::string_view::npos) {
            char q = text[quote_at];
            if (q == '"' && c == '\\') ++i;
            else if (q == '\'' && c == '\'' && i + 1 < text.size() && text[i + 1] == '\'') ++i;
            else if (c == q) quote_at = std::string_view::npos;
            continue;
        }
        if (c == '\n') { comment = false; continue; }
        if (comment) continue;
        if (c == '#' && (i == 0 || text[i - 1] == ' ' || text[i - 1] == '\t' || text[i - 1] == '\n')) {
            comment = true;
        } else if ((c == '"' || c == '\'') && starts_scalar(i)) {
            quote_at = i;
        } else if ((c == '[' || c == '{') && (!opened.empty() || starts_scalar(i))) {
            opened.push_back(i);
            if (static_cast<int>(opened.size()) >= limit && r.deep_at == std::string_view::npos) r.deep_at = i;
        } else if ((c == ']' || c == '}') && !opened.empty()) {
            opened.pop_back();
        }
    }
    if (quote_at != std::string_view::npos) r.open_at = quote_at;
    else if (!opened.empty()) r.open_at = opened.back();
    return r;
}

// The 1-based line and column of a byte offset of `text` (a BOM before it counts on line 1).
SourcePos place(const Ctx& ctx, std::string_view text, std::size_t at) {
    std::size_t nl = text.rfind('\n', at == 0 ? 0 : at - 1);
    if (at == 0) nl = std::string_view::npos;
    std::size_t from = nl == std::string_view::npos ? 0 : nl + 1;
    auto line = static_cast<std::uint32_t>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n') + 1);
    auto col = static_cast<std::uint32_t>(at - from + 1) + (line == 1 ? ctx.first_line_shift : 0);
    return {ctx.file, line, col};
}

std::string never_closed(char open) {
    switch (open) {
    case '[': return "invalid YAML: this '[' is never closed; add the missing ']'";
    case '{': return "invalid YAML: this '{' is never closed; add the missing '}'";
    case '"': return "invalid YAML: this quoted text never ends; add the missing '\"'";
    default: return "invalid YAML: this quoted text never ends; add the missing \"'\"";
    }
}

}  // namespace

bool quote_left_open(std::string_view text, std::size_t at) {
    if (at >= text.size() || (text[at] != '"' && text[at] != '\'')) return false;
    const char q = text[at];
    for (std::size_t i = at + 1; i < text.size(); ++i) {
        if (q == '"' && text[i] == '\\') ++i;
        else if (q == '\'' && text[i] == '\'' && i + 1 < text.size() && text[i + 1] == '\'') ++i;
        else if (text[i] == q) return false;
    }
    return true;
}

namespace {

// yaml-cpp accepts a quoted scalar that runs to the end of a text ending with a
// line break, swallowing every line after its quote. Such a scalar is the last
// node of the document: follow the last items down to it and look for its end.
std::size_t unterminated_quote(const YAML::Node& root, std::string_view text) {
    // (Node::operator= would write into the document: rebind handles with reset().)
    YAML::Node n = root;
    for (int depth = 0; depth < max_nesting && n.IsDefined(); ++depth) {
        if (n.IsSequence()) {
            if (n.size() == 0) return std::string_view::npos;
            YAML::Node last;
            for (auto it = n.begin(); it != n.end(); ++it) last.reset(*it);
            n.reset(last);
        } else if (n.IsMap()) {
            if (n.size() == 0) return std::string_view::npos;
            YAML::Node key, value;
            for (auto it = n.begin(); it != n.end(); ++it) { key.reset(it->first); value.reset(it->second); }
            n.reset(value.IsDefined() && !value.IsNull() ? value : key);
        } else {
            break;
        }
    }
    if (!n.IsDefined() || !n.IsScalar()) return std::string_view::npos;
    std::size_t at = static_cast<std::size_t>(std::max(n.Mark().pos, 0));
    return quote_left_open(text, at) ? at : std::string_view::npos;
}

}  // namespace

std::optional<TextProblem> text_problem(std::string_view text, std::size_t skip) {
    // Before yaml-cpp sees the text, name precisely what it would misread: tabs in
    // indentation (read inconsistently), bytes that are not UTF-8 and control
    // characters (which make it guess UTF-16 or UTF-32, or shift its columns).
    std::uint32_t line = 1;
    std::size_t bol = 0;  // offset of the line's first byte
    bool at_indent = true;
    for (std::size_t i = skip; i < text.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(text[i]);
        auto col = [&] { return static_cast<std::uint32_t>(i - bol + 1); };
        if (c == '\n') { ++line; bol = i + 1; at_indent = true; continue; }
        if (at_indent && c == '\t') return TextProblem{line, col(), "tab character in indentation; YAML indents with spaces only"};
        if (c != ' ') at_indent = false;
        if (c >= 0x80) {
            std::size_t len = utf8_length(text, i);
            if (len == 0)
                return TextProblem{line, col(), fmt::format("invalid UTF-8 (byte 0x{:02X}); the file must be UTF-8 text", c)};
            i += len - 1;
            continue;
        }
        bool crlf = c == '\r' && i + 1 < text.size() && text[i + 1] == '\n';
        if ((c < 0x20 && c != '\t' && !crlf) || c == 0x7F)
            return TextProblem{line, col(),
                               c == '\r' ? std::string("carriage return without a line feed; end lines with LF or CRLF")
                                         : fmt::format("control character U+{:04X} in YAML text; remove it", c)};
    }
    return std::nullopt;
}

namespace {

// Whether `text` may hold an anchor or an alias: a '&' or '*' that starts a
// word (after a blank, a line start, '[', '{' or ','), followed by a name.
// Cheap, and never misses one; it may see one in a quoted or block text.
bool may_have_anchor(std::string_view text) {
    for (std::size_t i = text.find_first_of("&*"); i != std::string_view::npos; i = text.find_first_of("&*", i + 1)) {
        const char before = i == 0 ? ' ' : text[i - 1];
        const char after = i + 1 < text.size() ? text[i + 1] : ' ';
        const bool starts = before == ' ' || before == '\t' || before == '\n' || before == '\r' || before == '[' ||
                            before == '{' || before == ',';
        if (starts && after != ' ' && after != '\t' && after != '\n' && after != '\r') return true;
    }
    return false;
}

// yaml-cpp's events, only to find the first anchor or alias.
struct AnchorFinder : YAML::EventHandler {
    struct Found {
        YAML::Mark mark;
    };
    static void check(const YAML::Mark& m, YAML::anchor_t a) {
        if (a != YAML::NullAnchor) throw Found{m};
    }
    void OnDocumentStart(const YAML::Mark&) override {}
    void OnDocumentEnd() override {}
    void OnNull(const YAML::Mark& m, YAML::anchor_t a) override { check(m, a); }
    void OnAlias(const YAML::Mark& m, YAML::anchor_t) override { throw Found{m}; }
    void OnScalar(const YAML::Mark& m, const std::string&, YAML::anchor_t a, const std::string&) override { check(m, a); }
    void OnSequenceStart(const YAML::Mark& m, const std::string&, YAML::anchor_t a, YAML::EmitterStyle::value) override {
        check(m, a);
    }
    void OnSequenceEnd() override {}
    void OnMapStart(const YAML::Mark& m, const std::string&, YAML::anchor_t a, YAML::EmitterStyle::value) override {
        check(m, a);
    }
    void OnMapEnd() override {}
    void OnAnchor(const YAML::Mark& m, const std::string&) override { throw Found{m}; }
};

}  // namespace

std::optional<YAML::Mark> anchor_or_alias(std::string_view text) {
    if (!may_have_anchor(text)) return std::nullopt;
    // Events cost one pass and no node tree: an alias bomb is not expanded here.
    std::istringstream in{std::string(text)};
    try {
        YAML::Parser parser(in);
        AnchorFinder finder;
        parser.HandleNextDocument(finder);
    } catch (const AnchorFinder::Found& f) {
        return f.mark;
    } catch (const YAML::Exception& e) {  // an alias of no anchor ('title: *bold*'), else a syntax error Load reports
        if (e.msg == YAML::ErrorMsg::UNKNOWN_ANCHOR) return e.mark;
    } catch (...) {
    }
    return std::nullopt;
}

bool load(const Ctx& ctx, std::string_view text, YAML::Node& out) {
    // A UTF-8 byte order mark is allowed and skipped; columns of line 1 then count it.
    std::size_t skip = text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
    ctx.first_line_shift = static_cast<std::uint32_t>(skip);
    if (auto problem = text_problem(text, skip)) {
        ctx.error({ctx.file, problem->line, problem->col}, std::move(problem->message));
        return false;
    }
    text.remove_prefix(skip);
    ctx.text = text;
    if (auto at = anchor_or_alias(text)) {
        ctx.error(ctx.pos(*at), "YAML anchors and aliases ('&name', '*name') are not allowed in a book's files "
                                "(they could make a small file expand without bound); write the value out");
        return false;
    }
    try {
        out = YAML::Load(std::string(text));
    } catch (const YAML::DeepRecursion& e) {
        SourcePos p{ctx.file, 1, 1};
        FlowScan scan = scan_flow(text, max_nesting - 16);  // the block levels above count too
        if (scan.deep_at != std::string_view::npos) p = place(ctx, text, scan.deep_at);
        else if (e.mark.line >= 0) p = ctx.pos(e.mark);
        ctx.error(p, std::string("invalid YAML: lists and maps nested too deeply; salesrep's files need only a few levels"));
        return false;
    } catch (const YAML::Exception& e) {
        std::string msg = e.msg;
        bool at_end = e.mark.pos < 0 || static_cast<std::size_t>(e.mark.pos) >= text.size();
        if (at_end || msg == YAML::ErrorMsg::END_OF_MAP_FLOW || msg == YAML::ErrorMsg::END_OF_SEQ_FLOW ||
            msg == YAML::ErrorMsg::EOF_IN_SCALAR) {
            // yaml-cpp names the end of the file; name what is left open instead
            FlowScan scan = scan_flow(text, max_nesting);
            if (scan.open_at != std::string_view::npos) {
                ctx.error(place(ctx, text, scan.open_at), never_closed(text[scan.open_at]));
                return false;
            }
        }
        if (!msg.empty()) msg[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(msg[0])));
        // yaml-cpp may point one or two characters past the end of the text
        SourcePos p = e.mark.line < 0 ? SourcePos{ctx.file, 1, 1}
                                      : place(ctx, text, std::min<std::size_t>(static_cast<std::size_t>(std::max(e.mark.pos, 0)), text.size()));
        ctx.error(p, fmt::format("invalid YAML: {}", msg));
        return false;
    }
    if (std::size_t at = unterminated_quote(out, text); at != std::string_view::npos) {
        ctx.error(place(ctx, text, at), never_closed(text[at]));
        out = YAML::Node();
        return false;
    }
    return true;
}

std::string_view describe(const YAML::Node& n) {
    if (!n.IsDefined() || n.IsNull()) return "nothing";
    if (n.IsMap()) return "a map";
    if (n.IsSequence()) return "a list";
    return "a text value";
}

bool valid_id(std::string_view s) {
    // 1: may start an id (letter, digit); 2: may follow ('.', '_', '-')
    static constexpr auto id_class = [] {
        std::array<unsigned char, 256> t{};
        for (int c = 0; c < 256; ++c)
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) t[c] = 1;
        t['.'] = t['_'] = t['-'] = 2;
        return t;
    }();
    if (s.empty() || s.size() > max_id_bytes || id_class[static_cast<unsigned char>(s[0])] != 1) return false;
    for (char c : s)
        if (!id_class[static_cast<unsigned char>(c)]) return false;
    return true;
}

namespace {
// The code point of the character of `len` bytes at s[i] (a byte that is not UTF-8: itself).
std::uint32_t code_point(const std::string& s, std::size_t i, std::size_t len) {
    auto b = [&](std::size_t k) { return static_cast<std::uint32_t>(static_cast<unsigned char>(s[i + k])); };
    if (len == 2) return ((b(0) & 0x1F) << 6) | (b(1) & 0x3F);
    if (len == 3) return ((b(0) & 0x0F) << 12) | ((b(1) & 0x3F) << 6) | (b(2) & 0x3F);
    return b(0);
}
}  // namespace

MapReader::MapReader(const Ctx& ctx, const YAML::Node& node, std::string_view what,
                     std::initializer_list<std::string_view> allowed)
    : MapReader(ctx, node, what, std::vector<std::string_view>(allowed)) {}

MapReader::MapReader(const Ctx& ctx, const YAML::Node& node, std::string_view what,
                     const std::vector<std::string_view>& allowed)
    : ctx_(ctx), node_(node), what_(what), pos_(ctx.pos(node)) {
    if (!node.IsMap()) {
        ctx.error(node, fmt::format("{} must be a map of keys and values, found {}", what, describe(node)));
        ok_ = false;
        return;
    }
    for (auto it = node.begin(); it != node.end(); ++it) {
        if (!it->first.IsScalar()) {
            ctx.error(it->first, fmt::format("a key of {} must be a plain word, found {}", what, describe(it->first)));
            ok_ = false;
            continue;
        }
        std::string key = it->first.Scalar();
        bool dup = false;
        for (const auto& [k, v] : entries_) dup |= (k == key);
        if (dup) {
            ctx.error(it->first, fmt::format("duplicate key '{}' in {}; keep one", key, what));
            continue;
        }
        bool known = false;
        for (auto a : allowed) known |= (a == key);
        if (!known) {
            std::vector<std::string> names;
            for (auto a : allowed) names.emplace_back(a);
            ctx.error(it->first, fmt::format("unknown key '{}' in {}{}; known keys: {}", key, what,
                                             suggestion_suffix(key, allowed), fmt::join(names, ", ")));
            continue;
        }
        entries_.emplace_back(key, it->second);
        key_pos_.push_back(ctx.pos(it->first));
    }
}

YAML::Node MapReader::get(std::string_view key) const {
    for (const auto& [k, v] : entries_)
        if (k == key) return v;
    return YAML::Node(YAML::NodeType::Undefined);
}

bool MapReader::has(std::string_view key) const {
    YAML::Node v = get(key);
    return v.IsDefined() && !v.IsNull();
}

SourcePos MapReader::pos_of(std::string_view key) const {
    for (std::size_t i = 0; i < entries_.size(); ++i) {
        if (entries_[i].first != key) continue;
        SourcePos p = ctx_.pos(entries_[i].second);
        return p.line ? p : key_pos_[i];
    }
    return pos_;
}

bool MapReader::scalar(std::string_view key, const YAML::Node& v, bool required, std::string_view kind) const {
    if (!v.IsDefined() || v.IsNull()) {
        if (required) {
            bool present = false;
            for (const auto& e : entries_) present |= (e.first == key);
            ctx_.error(present ? pos_of(key) : pos_,
                       fmt::format("{} has no '{}'; add `{}: <{}>`", what_, key, key, kind));
        }
        return false;
    }
    if (!v.IsScalar()) {
        std::string_view article = (kind == "id" || kind == "amount") ? "an " : (kind == "whole number" || kind.substr(0, 4) == "date") ? "a " : "";
        ctx_.error(v, fmt::format("'{}' of {} must be {}{}, found {}", key, what_, article, kind, describe(v)));
        return false;
    }
    return true;
}

bool clean_text(const Ctx& ctx, const YAML::Node& v, std::string_view what) {
    const std::string& s = v.Scalar();
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (static_cast<unsigned char>(s[i]) >= 0x20 && s[i] != 0x7F && static_cast<unsigned char>(s[i]) < 0xC2) continue;
        if (std::size_t len = unsafe_char(s, i, true)) {
            // (the text itself is not echoed: what it holds is what must not reach the terminal)
            ctx.error(v, fmt::format("{} holds the control character {} (byte {} of the text); remove it", what,
                                     (len == 1 ? fmt::format("0x{:02X}", code_point(s, i, len)) : fmt::format("U+{:04X}", code_point(s, i, len))), i + 1));
            return false;
        }
    }
    return true;
}

bool MapReader::text(std::string_view key, std::string& out, bool required) const {
    YAML::Node v = get(key);
    if (!scalar(key, v, required, "text")) return false;
    if (!clean_text(ctx_, v, fmt::format("'{}' of {}", key, what_))) return false;
    out = v.Scalar();
    return true;
}

bool MapReader::id(std::string_view key, std::string& out, bool required) const {
    YAML::Node v = get(key);
    if (!scalar(key, v, required, "id")) return false;
    std::string s = v.Scalar();
    if (s.size() > max_id_bytes) {
        ctx_.error(v, fmt::format("'{}' is not a valid id: an id is at most {} bytes long, this one {}", s,
                                  max_id_bytes, s.size()));
        return false;
    }
    if (!valid_id(s)) {
        ctx_.error(v, fmt::format("'{}' is not a valid id: an id starts with a letter or digit and holds only "
                                  "letters, digits, '.', '_' and '-'", s));
        return false;
    }
    out = std::move(s);
    return true;
}

bool parse_int(std::string_view s, long long& out) {
    if (s.empty() || s.size() > 12) return false;
    std::size_t i = 0;
    bool neg = false;
    if (s[0] == '-') { neg = true; i = 1; }
    if (i == s.size()) return false;
    long long v = 0;
    for (; i < s.size(); ++i) {
        if (s[i] < '0' || s[i] > '9') return false;
        v = v * 10 + (s[i] - '0');
    }
    out = neg ? -v : v;
    return true;
}

bool MapReader::integer(std::string_view key, std::optional<int>& out, int lo, int hi, bool required) const {
    YAML::Node v = get(key);
    if (!scalar(key, v, required, "whole number")) return false;
    long long n = 0;
    if (!parse_int(v.Scalar(), n) || n < lo || n > hi) {
        ctx_.error(v, fmt::format("'{}' of {} must be a whole number from {} to {}, found '{}'", key, what_, lo,
                                  hi, v.Scalar()));
        return false;
    }
    out = static_cast<int>(n);
    return true;
}

bool MapReader::money(std::string_view key, Money& out, bool allow_negative, bool required) const {
    YAML::Node v = get(key);
    if (!scalar(key, v, required, "amount")) return false;
    std::string s = v.Scalar();
    MoneyParse m = parse_money(s, ctx_.currency);
    SourcePos p = ctx_.pos(v);
    if (!m.ok) {
        // a column inside the value only when it stands verbatim on one line (not quoted or folded)
        std::size_t at = static_cast<std::size_t>(std::max(v.Mark().pos, 0));
        if (at < ctx_.text.size() && ctx_.text.substr(at, s.size()) == s) p.col += static_cast<std::uint32_t>(m.col);
        ctx_.error(p, fmt::format("'{}' of {}: {}", key, what_, m.error));
        return false;
    }
    if (!allow_negative && m.value.cents < 0) {
        ctx_.error(p, fmt::format("'{}' of {} must not be negative, found '{}'", key, what_, s));
        return false;
    }
    out = m.value;
    return true;
}

bool MapReader::date(std::string_view key, std::optional<Date>& out, bool required) const {
    YAML::Node v = get(key);
    if (!scalar(key, v, required, "date YYYY-MM-DD")) return false;
    auto d = parse_date(v.Scalar());
    if (!d) {
        ctx_.error(v, fmt::format("'{}' of {} is not a valid date: '{}' (write YYYY-MM-DD, a day that exists)", key,
                                  what_, v.Scalar()));
        return false;
    }
    out = d;
    return true;
}

bool MapReader::boolean(std::string_view key, std::optional<bool>& out) const {
    YAML::Node v = get(key);
    if (!scalar(key, v, false, "true or false")) return false;
    const std::string& s = v.Scalar();
    if (s == "true" || s == "yes") out = true;
    else if (s == "false" || s == "no") out = false;
    else {
        ctx_.error(v, fmt::format("'{}' of {} must be true or false, found '{}'", key, what_, s));
        return false;
    }
    return true;
}

bool MapReader::text_list(std::string_view key, std::vector<std::string>& out) const {
    YAML::Node v = get(key);
    if (!v.IsDefined() || v.IsNull()) return false;
    if (v.IsScalar()) { out.push_back(v.Scalar()); return true; }
    if (!v.IsSequence()) {
        ctx_.error(v, fmt::format("'{}' of {} must be a list, found {}", key, what_, describe(v)));
        return false;
    }
    for (const auto& item : v) {
        if (!item.IsScalar()) {
            ctx_.error(item, fmt::format("items of '{}' in {} must be text, found {}", key, what_, describe(item)));
            continue;
        }
        if (!clean_text(ctx_, item, fmt::format("an item of '{}' in {}", key, what_))) continue;
        out.push_back(item.Scalar());
    }
    return true;
}

}  // namespace salesrep::yaml
