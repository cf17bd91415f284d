#include "yaml_reader.hpp"

#include <fmt/format.h>

namespace salesrep::yaml {

SourcePos Ctx::pos(const YAML::Node& n) const {
    YAML::Mark m = n.Mark();
    if (m.line < 0 || m.column < 0) return {file, 0, 0};
    return {file, static_cast<std::uint32_t>(m.line + 1), static_cast<std::uint32_t>(m.column + 1)};
}
void Ctx::error(SourcePos p, std::string msg) const { diags.push_back({Severity::error, p, std::move(msg)}); }
void Ctx::warning(SourcePos p, std::string msg) const { diags.push_back({Severity::warning, p, std::move(msg)}); }

bool load(const Ctx& ctx, std::string_view text, YAML::Node& out) {
    // A UTF-8 byte order mark is allowed and skipped.
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    // yaml-cpp reads tabs in indentation inconsistently; name them precisely.
    std::uint32_t line = 1;
    bool at_indent = true;
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == '\n') { ++line; at_indent = true; continue; }
        if (at_indent && c == '\t') {
            std::size_t bol = text.rfind('\n', i);
            std::uint32_t col = static_cast<std::uint32_t>(i - (bol == std::string_view::npos ? 0 : bol + 1) + 1);
            ctx.error({ctx.file, line, col}, "tab character in indentation; YAML indents with spaces only");
            return false;
        }
        if (c != ' ') at_indent = false;
    }
    try {
        out = YAML::Load(std::string(text));
        return true;
    } catch (const YAML::Exception& e) {
        std::string msg = e.msg;
        if (!msg.empty()) msg[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(msg[0])));
        SourcePos p{ctx.file, static_cast<std::uint32_t>(e.mark.line + 1), static_cast<std::uint32_t>(e.mark.column + 1)};
        if (e.mark.line < 0) p = {ctx.file, 1, 1};
        ctx.error(p, fmt::format("invalid YAML: {}", msg));
        return false;
    }
}

std::string_view describe(const YAML::Node& n) {
    if (!n.IsDefined() || n.IsNull()) return "nothing";
    if (n.IsMap()) return "a map";
    if (n.IsSequence()) return "a list";
    return "a text value";
}

bool valid_id(std::string_view s) {
    if (s.empty()) return false;
    auto alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); };
    if (!alnum(s[0])) return false;
    for (char c : s)
        if (!alnum(c) && c != '.' && c != '_' && c != '-') return false;
    return true;
}

MapReader::MapReader(const Ctx& ctx, const YAML::Node& node, std::string_view what,
                     std::initializer_list<std::string_view> allowed)
    : ctx_(ctx), node_(node), what_(what), pos_(ctx.pos(node)) {
    if (!node.IsMap()) {
        ctx.error(node, fmt::format("{} must be a map of keys and values, found {}", what, describe(node)));
        ok_ = false;
        return;
    }
    std::vector<std::string_view> allowed_v(allowed);
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
                                             suggestion_suffix(key, allowed_v), fmt::join(names, ", ")));
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

bool MapReader::text(std::string_view key, std::string& out, bool required) const {
    YAML::Node v = get(key);
    if (!scalar(key, v, required, "text")) return false;
    out = v.Scalar();
    return true;
}

bool MapReader::id(std::string_view key, std::string& out, bool required) const {
    YAML::Node v = get(key);
    if (!scalar(key, v, required, "id")) return false;
    std::string s = v.Scalar();
    if (!valid_id(s)) {
        ctx_.error(v, fmt::format("'{}' is not a valid id: an id starts with a letter or digit and holds only "
                                  "letters, digits, '.', '_' and '-'", s));
        return false;
    }
    out = std::move(s);
    return true;
}

static bool parse_int(std::string_view s, long long& out) {
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
        p.col += static_cast<std::uint32_t>(m.col);
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
        out.push_back(item.Scalar());
    }
    return true;
}

}  // namespace salesrep::yaml
