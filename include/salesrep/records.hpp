#pragma once
// One description of each record of book.hpp: its fields, each listed once
// with its YAML key and what its value is. Everything that goes over a
// record's fields walks it: the YAML readers (the node-tree reader of
// load_yaml.cpp and the events reader of deals.yaml), the parse cache's
// writer and reader, the cache's plausibility check, and the comparison the
// tests and fuzz targets use (first_difference). Adding a field to a record is
// the member in book.hpp and one line in its describe() below; a field that
// needs a rule of its own (a new kind of value) adds that rule to each walker,
// once, in the kind's one place there.
//
// describe(v, r...) calls v(field, r.member...) for each field in order: with
// one record (read into it, write it) or two (compare them).
#include "salesrep/book.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace salesrep::record {

// What a field's value is: the rule each walker applies to it.
enum class Is : std::uint8_t {
    record_id,   // the record's id: without a valid one, the record is not kept
    stage_id,    // a stage's id: a record_id that is not won, lost or open
    id,          // an id (SPEC §1), may be absent (empty)
    text,        // a text without control characters
    name,        // a text; absent: the record's id
    amount,      // money, not negative
    balance,     // money, may be negative
    date,
    integer,     // a whole number from lo to hi
    category,    // a deal's own forecast category: pipeline, best_case, commit or omitted
    stage_category,  // a stage's: pipeline, best_case or commit
    role,        // an agent's role
    texts,       // a list of texts (one text alone: a list of one)
    map,         // a map of its own, described by its own describe() (optional: present or not)
    stages,      // a pipeline's stages: a list of maps
    place,       // where the value of `key` stands in its file (the record's own place when key is "")
    other,       // none of the above (set by whoever builds the record)
};

struct Field {
    std::string_view name;  // the member's name
    std::string_view key;   // its YAML key; "" when no YAML file holds it
    Is is = Is::other;
    bool required = false;  // the YAML key must be there
    int lo = 0, hi = 0;     // integer: the range
    bool yaml = true;       // read from a YAML file (false: built by the loader, or by a ledger entry)
};

inline constexpr bool required = true;
constexpr Field key(std::string_view k, Is is, bool req = false) { return {k, k, is, req, 0, 0, true}; }
constexpr Field integer(std::string_view k, int lo, int hi, bool req = false) {
    return {k, k, Is::integer, req, lo, hi, true};
}
// Where the value of the key `of` stands ("": the record's own place).
constexpr Field place(std::string_view name, std::string_view of = {}) {
    return {name, of, Is::place, false, 0, 0, true};
}
// A field no YAML file holds, of kind `is` (what a plausible value is).
constexpr Field unread(std::string_view name, Is is = Is::other) { return {name, {}, is, false, 0, 0, false}; }

// The records, and what a message calls one of them.
template <class T> inline constexpr std::string_view what = {};
template <> inline constexpr std::string_view what<Stage> = "a stage";
template <> inline constexpr std::string_view what<Pipeline> = "a pipeline";
template <> inline constexpr std::string_view what<Team> = "a team";
template <> inline constexpr std::string_view what<Agent> = "an agent";
template <> inline constexpr std::string_view what<Contact> = "a contact";
template <> inline constexpr std::string_view what<Client> = "a client";
template <> inline constexpr std::string_view what<NextAction> = "next_action";
template <> inline constexpr std::string_view what<Deal> = "a deal";
template <> inline constexpr std::string_view what<Target> = "a target";
template <class T> concept Record = !what<std::remove_const_t<T>>.empty();

template <class T> struct optional_of { using type = void; };
template <class T> struct optional_of<std::optional<T>> { using type = T; };
// std::optional of a record (a deal's next_action)
template <class T> concept optional_record = Record<typename optional_of<T>::type>;

template <class T, class... R>
concept all = sizeof...(R) > 0 && (std::is_same_v<std::remove_const_t<R>, T> && ...);

// ---- the descriptions ----------------------------------------------------------------------

template <class V, class... R> requires all<Stage, R...>
void describe(V& v, R&... r) {
    v(key("id", Is::stage_id, required), r.id...);
    v(key("name", Is::name), r.name...);
    v(integer("probability", 0, 100, required), r.probability...);
    v(integer("max_days", 0, 100000), r.max_days...);
    v(key("category", Is::stage_category), r.category...);
    v(place("pos"), r.pos...);
}

template <class V, class... R> requires all<Pipeline, R...>
void describe(V& v, R&... r) {
    v(key("id", Is::record_id, required), r.id...);
    v(key("name", Is::name), r.name...);
    v(key("segments", Is::texts), r.segments...);
    v(key("stages", Is::stages), r.stages...);
    v(place("pos"), r.pos...);
}

template <class V, class... R> requires all<Team, R...>
void describe(V& v, R&... r) {
    v(key("id", Is::record_id, required), r.id...);
    v(key("name", Is::name), r.name...);
    v(key("lead", Is::id), r.lead...);
    v(place("lead_pos", "lead"), r.lead_pos...);
    v(place("pos"), r.pos...);
}

template <class V, class... R> requires all<Agent, R...>
void describe(V& v, R&... r) {
    v(key("id", Is::record_id, required), r.id...);
    v(key("name", Is::name), r.name...);
    v(key("team", Is::id), r.team...);
    v(place("team_pos", "team"), r.team_pos...);
    v(key("email", Is::text), r.email...);
    v(key("role", Is::role), r.role...);
    v(place("pos"), r.pos...);
}

template <class V, class... R> requires all<Contact, R...>
void describe(V& v, R&... r) {
    v(key("name", Is::text), r.name...);
    v(key("title", Is::text), r.title...);
    v(key("email", Is::text), r.email...);
    v(key("phone", Is::text), r.phone...);
}

template <class V, class... R> requires all<Client, R...>
void describe(V& v, R&... r) {
    v(key("id", Is::record_id, required), r.id...);
    v(key("name", Is::name), r.name...);
    v(key("industry", Is::text), r.industry...);
    v(key("segment", Is::text), r.segment...);
    v(key("owner", Is::id), r.owner...);
    v(place("owner_pos", "owner"), r.owner_pos...);
    v(key("contact", Is::map), r.contact...);
    v(key("opening_balance", Is::balance), r.opening_balance...);
    v(unread("since", Is::date), r.since...);  // a client added by a `client` entry
    v(place("pos"), r.pos...);
}

template <class V, class... R> requires all<NextAction, R...>
void describe(V& v, R&... r) {
    v(key("what", Is::text, required), r.what...);
    v(key("due", Is::date), r.due...);
}

template <class V, class... R> requires all<Deal, R...>
void describe(V& v, R&... r) {
    v(key("id", Is::record_id, required), r.id...);
    v(key("client", Is::id, required), r.client...);
    v(place("client_pos", "client"), r.client_pos...);
    v(key("title", Is::text), r.title...);
    v(key("owner", Is::id, required), r.owner...);
    v(place("owner_pos", "owner"), r.owner_pos...);
    v(key("amount", Is::amount), r.amount...);
    v(key("opened", Is::date, required), r.opened...);
    v(key("stage", Is::id), r.stage...);
    v(place("stage_pos", "stage"), r.stage_pos...);
    v(integer("probability", 0, 100), r.probability...);
    v(key("expected_close", Is::date), r.expected_close...);
    v(key("next_action", Is::map), r.next_action...);
    v(key("source", Is::text), r.source...);
    v(key("pipeline", Is::id), r.pipeline...);
    v(place("pipeline_pos", "pipeline"), r.pipeline_pos...);
    v(key("category", Is::category), r.category...);
    v(unread("from_entry"), r.from_entry...);  // opened by an `open` entry
    v(place("pos"), r.pos...);
}

// targets.yaml has a shape of its own (a scope key, a period, metric keys):
// parse_targets reads it; the cache and the comparisons walk this.
template <class V, class... R> requires all<Target, R...>
void describe(V& v, R&... r) {
    v(unread("scope"), r.scope...);
    v(unread("id", Is::id), r.id...);
    v(unread("period"), r.period...);
    v(unread("values"), r.values...);
    v(unread("pos", Is::place), r.pos...);
    v(unread("id_pos", Is::place), r.id_pos...);
    v(unread("period_pos", Is::place), r.period_pos...);
}

// ---- the YAML keys of a record ------------------------------------------------------------

namespace detail {
struct Keys {
    std::vector<std::string_view> out;
    template <class M>
    void operator()(const Field& f, const M&) {
        if (f.yaml && f.is != Is::place) out.push_back(f.key);
    }
};
}  // namespace detail

// The keys a YAML map of the record may hold, in description order.
template <class T> requires Record<T>
const std::vector<std::string_view>& keys() {
    static const std::vector<std::string_view> k = [] {
        detail::Keys v;
        const T x{};
        describe(v, x);
        return std::move(v.out);
    }();
    return k;
}

// ---- comparing two records -----------------------------------------------------------------

namespace detail {
template <class T> struct is_optional : std::false_type {};
template <class T> struct is_optional<std::optional<T>> : std::true_type {};
template <class T> struct is_vector : std::false_type {};
template <class T> struct is_vector<std::vector<T>> : std::true_type {};

struct Differ {
    std::string first;  // the first field that differs, "" while none
    std::string prefix;

    template <class M>
    void operator()(const Field& f, const M& a, const M& b) {
        if (first.empty()) compare(std::string(prefix).append(f.name), a, b);
    }
    template <class M>
    void compare(const std::string& name, const M& a, const M& b) {
        if constexpr (Record<M>) {
            Differ inner{{}, name + "."};
            describe(inner, a, b);
            first = inner.first;
        } else if constexpr (is_optional<M>::value) {
            if (a.has_value() != b.has_value()) first = name;
            else if (a) compare(name, *a, *b);
        } else if constexpr (is_vector<M>::value) {
            if (a.size() != b.size()) first = name + " (count)";
            for (std::size_t i = 0; i < a.size() && i < b.size() && first.empty(); ++i)
                compare(name + "[" + std::to_string(i) + "]", a[i], b[i]);
        } else if constexpr (std::is_same_v<M, Period>) {
            if (!(a == b) || a.label != b.label) first = name;
        } else {
            if (!(a == b)) first = name;
        }
    }
};
}  // namespace detail

// The name of the first field (in description order; nested: "next_action.due",
// "stages[2].name") in which two records differ, or "" when every field is equal.
template <Record T>
std::string first_difference(const T& a, const T& b) {
    detail::Differ d;
    describe(d, a, b);
    return d.first;
}
// The same over two lists of records: "[3].title", or "count" when their sizes differ.
template <Record T>
std::string first_difference(const std::vector<T>& a, const std::vector<T>& b) {
    detail::Differ d;
    d.compare("", a, b);
    return d.first;
}

}  // namespace salesrep::record
