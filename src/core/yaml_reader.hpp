#pragma once
// Typed, located access to yaml-cpp nodes for the loaders: every wrong type,
// unknown or duplicate key becomes a Diagnostic at the node's place.
#include "salesrep/book.hpp"
#include "salesrep/load.hpp"

#include <yaml-cpp/yaml.h>

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace salesrep::yaml {

struct Ctx {
    std::uint32_t file;
    Diags& diags;
    std::string currency;
    mutable std::uint32_t first_line_shift = 0;  // bytes of a byte order mark (set by load)
    mutable std::string_view text{};             // the text yaml-cpp read (set by load)
    SourcePos pos(const YAML::Node& n) const;
    SourcePos pos(const YAML::Mark& m) const;
    void error(SourcePos p, std::string msg) const;
    void warning(SourcePos p, std::string msg) const;
    void error(const YAML::Node& n, std::string msg) const { error(pos(n), std::move(msg)); }
};

// What yaml-cpp would misread in a text (from byte `skip`): a tab in
// indentation, invalid UTF-8, a control character. `load` reports it.
struct TextProblem {
    std::uint32_t line, col;
    std::string message;
};
std::optional<TextProblem> text_problem(std::string_view text, std::size_t skip);

// Whether the quoted scalar starting at text[at] (a quote) never closes: yaml-cpp
// accepts one that runs to the end of a text; `load` reports it.
bool quote_left_open(std::string_view text, std::size_t at);

// "-12" -> -12: an optional minus and at most 12 characters of digits.
bool parse_int(std::string_view s, long long& out);

// Parses `text` into a node; on a syntax error reports it and returns false.
bool load(const Ctx& ctx, std::string_view text, YAML::Node& out);

// "a map", "a list", "a text value", "nothing"
std::string_view describe(const YAML::Node& n);

// Ids are at most this long (SPEC §1): a longer one is an error, never a slow path.
constexpr std::size_t max_id_bytes = 256;
bool valid_id(std::string_view s);

// The place of the first YAML anchor ('&name') or alias ('*name') of `text`:
// a book's files have no use for them, and expanding aliases is unbounded (an
// "alias bomb"). `load` refuses a text that has one.
std::optional<YAML::Mark> anchor_or_alias(std::string_view text);
// Whether the text value `v` is free of control characters (unsafe_char; line
// feeds allowed); else reports it as an error about `what`.
bool clean_text(const Ctx& ctx, const YAML::Node& v, std::string_view what);

class MapReader {
public:
    // Reports a non-map node, duplicate keys and keys not in `allowed`.
    MapReader(const Ctx& ctx, const YAML::Node& node, std::string_view what,
              std::initializer_list<std::string_view> allowed);
    MapReader(const Ctx& ctx, const YAML::Node& node, std::string_view what,
              const std::vector<std::string_view>& allowed);
    bool ok() const { return ok_; }
    SourcePos pos() const { return pos_; }
    // The value of `key` (a null/undefined node when absent or `~`).
    YAML::Node get(std::string_view key) const;
    SourcePos pos_of(std::string_view key) const;  // the value's place, else the map's
    bool has(std::string_view key) const;

    bool text(std::string_view key, std::string& out, bool required = false) const;
    bool id(std::string_view key, std::string& out, bool required = false) const;
    bool integer(std::string_view key, std::optional<int>& out, int lo, int hi, bool required = false) const;
    bool money(std::string_view key, Money& out, bool allow_negative, bool required = false) const;
    bool date(std::string_view key, std::optional<Date>& out, bool required = false) const;
    bool boolean(std::string_view key, std::optional<bool>& out) const;
    bool text_list(std::string_view key, std::vector<std::string>& out) const;

private:
    const Ctx& ctx_;
    YAML::Node node_;
    std::string what_;
    SourcePos pos_;
    bool ok_ = true;
    std::vector<std::pair<std::string, YAML::Node>> entries_;
    std::vector<SourcePos> key_pos_;
    bool scalar(std::string_view key, const YAML::Node& v, bool required, std::string_view kind) const;
};

// Iterates a list node (reporting a non-list); calls f(item) for each.
template <class F>
void each(const Ctx& ctx, const YAML::Node& list, std::string_view what, F&& f) {
    if (!list.IsDefined() || list.IsNull()) return;
    if (!list.IsSequence()) {
        ctx.error(list, std::string("'") + std::string(what) + "' must be a list, found " +
                            std::string(describe(list)));
        return;
    }
    for (const auto& item : list) f(item);
}

// The deals file read from yaml-cpp's events, without building its node tree
// (about half the time): only for a file that is plainly valid. Anything else
// (an error, a null, an anchor, a tag, an unknown key...) returns false with
// nothing appended and nothing reported: the caller then reads it the usual way,
// which gives the same deals or the errors.
bool read_deals_from_events(const Ctx& ctx, std::string_view text, std::vector<Deal>& out);

// A funnel (`pipelines:` or one `stages:` list) from a map node, as funnel.yaml
// holds it; `what` names the map in messages ("the funnel file", "'funnel'").
// The rules of an import (`funnel:`) read a new book's funnel with it.
void parse_funnel_node(const Ctx& ctx, const YAML::Node& node, std::string_view what, std::vector<Pipeline>& out);

}  // namespace salesrep::yaml
