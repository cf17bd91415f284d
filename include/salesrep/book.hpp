#pragma once
// The book's plain data: what the YAML files and the ledger say, nothing derived.
#include "salesrep/date.hpp"
#include "salesrep/diagnostic.hpp"
#include "salesrep/money.hpp"
#include "salesrep/period.hpp"

#include <array>
#include <climits>
#include <cstring>
#include <deque>
#include <memory>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace salesrep {

// A forecast category (SPEC §2). `omitted` is only a deal's own override: it
// leaves the deal out of every forecast figure.
enum class Category : std::uint8_t { pipeline, best_case, commit, omitted };
std::string_view category_name(Category c);
std::optional<Category> parse_category(std::string_view s);

struct Stage {
    std::string id;
    std::string name;
    int probability = 0;                 // 0-100
    std::optional<int> max_days;
    std::optional<Category> category;
    SourcePos pos;
};

struct Pipeline {
    std::string id;
    std::string name;
    std::vector<std::string> segments;
    std::vector<Stage> stages;
    SourcePos pos;
    int stage_index(std::string_view id) const;  // -1 when absent
};

enum class Role : std::uint8_t { agent, lead, supervisor, director };
std::string_view role_name(Role r);

struct Team {
    std::string id;
    std::string name;
    std::string lead;  // agent id, may be empty
    SourcePos pos;
    SourcePos lead_pos;
};

struct Agent {
    std::string id;
    std::string name;
    std::string team;  // may be empty
    std::string email;
    Role role = Role::agent;
    SourcePos pos;
    SourcePos team_pos;
};

struct Contact {
    std::string name, title, email, phone;
};

struct Client {
    std::string id;
    std::string name;
    std::string industry;
    std::string segment;
    std::string owner;  // agent id, may be empty
    Contact contact;
    Money opening_balance;
    std::optional<Date> since;  // added by a `client` entry of that day; none: in clients.yaml, there from the start
    SourcePos pos;
    SourcePos owner_pos;
};

struct NextAction {
    std::string what;
    std::optional<Date> due;
};

struct Deal {
    std::string id;
    std::string client;
    std::string title;
    std::string owner;
    Money amount;
    Date opened;
    std::string stage;  // empty: the pipeline's first stage
    std::optional<int> probability;
    std::optional<Date> expected_close;
    std::optional<NextAction> next_action;
    std::string source;
    std::string pipeline;  // explicit pipeline, may be empty
    std::optional<Category> category;  // the deal's own forecast category (SPEC §2), may be omitted
    bool from_entry = false;  // opened by an `open` ledger entry (at `pos`), not in deals.yaml
    SourcePos pos;
    SourcePos client_pos, owner_pos, stage_pos, pipeline_pos;
};

// Metrics of targets.yaml, in the order of SPEC §6.
enum class Metric : std::uint8_t {
    sales, deals_won, deals_opened, collected, calls, meetings, emails, demos, visits, messages
};
inline constexpr int metric_count = 10;
std::string_view metric_name(Metric m);
std::optional<Metric> parse_metric(std::string_view s);
bool metric_is_money(Metric m);  // sales, collected

enum class Scope : std::uint8_t { agent, team, company };

struct Target {
    Scope scope = Scope::agent;
    std::string id;  // agent or team id; empty for company
    Period period;   // bounded
    // value in hundredths (exact: targets have at most two decimals)
    std::vector<std::pair<Metric, std::int64_t>> values;
    SourcePos pos;
    SourcePos id_pos, period_pos;
};

// Ledger entries.
enum class Kind : std::uint8_t {
    call, meeting, email, demo, visit, message, note,
    stage, won, lost, reopen, next, set, invoice, payment,
    open, client  // a new deal, a new client (SPEC §7): records, not events
};
inline constexpr int kind_count = 17;
std::string_view kind_name(Kind k);
std::optional<Kind> parse_kind(std::string_view s);
inline bool is_interaction(Kind k) { return k <= Kind::message; }
inline bool is_deal_only(Kind k) { return k >= Kind::stage && k <= Kind::set; }
inline bool is_client_only(Kind k) { return k == Kind::invoice || k == Kind::payment; }
// `open` and `client` name a new id: the deal or client they bring into the book.
inline bool is_record(Kind k) { return k == Kind::open || k == Kind::client; }
// SPEC §7: within a day, `client` entries take effect first, then `open`, then the rest.
inline int day_rank(Kind k) { return k == Kind::client ? 0 : k == Kind::open ? 1 : 2; }

// Owns the strings an entry cannot view in its source text (quoted strings with
// escapes, entries built in memory). Strings never move once kept.
class TextArena {
public:
    std::string_view keep(std::string s) {
        strings_.push_back(std::move(s));
        return strings_.back();
    }
    std::size_t size() const { return strings_.size(); }

private:
    std::deque<std::string> strings_;
};

// The fields of a `set` entry (SPEC §7): each one given changes the deal.
struct SetFields {
    std::optional<Money> amount;
    std::optional<Date> close;
    std::optional<int> probability;
    bool clear_probability = false;  // probability:-
    std::string_view owner;          // empty: not given
    std::optional<std::string_view> title;
    std::optional<Category> category;
    bool clear_category = false;     // category:-
    bool any() const {
        return amount || close || probability || clear_probability || !owner.empty() || title || category || clear_category;
    }
};

// The fields of an `open` or a `client` entry (SPEC §7) that no other kind has.
// `open` keeps its amount in Entry::amount, its stage in Entry::stage, its title
// in Entry::note, and close:, probability: and category: in SetFields.
struct RecordFields {
    std::string_view client, pipeline, source;                          // open
    std::string_view name, industry, segment, contact, job_title, email, phone;  // client (job_title: its title:)
    // Columns (1-based, 0: not given) of what a diagnostic about the record points at.
    std::uint32_t client_col = 0, stage_col = 0, pipeline_col = 0, agent_col = 0, target_col = 0;
    bool any() const {
        return !client.empty() || !pipeline.empty() || !source.empty() || !name.empty() || !industry.empty() ||
               !segment.empty() || !contact.empty() || !job_title.empty() || !email.empty() || !phone.empty() ||
               target_col != 0;
    }
};

// The parts of an entry that only some kinds have.
struct EntryDetails {
    std::string_view reason;  // lost's reason: field
    SetFields set;            // set's fields; open's close:, probability:, category:
    RecordFields record;      // open's and client's fields
    bool empty() const { return reason.empty() && !set.any() && !record.any(); }
};

// One ledger entry. Its strings are views: into the ledger text held by
// Book::sources, or into a TextArena the book keeps (see Book::arenas); an
// entry built in memory must view strings that outlive it (keep() them).
// Columns of the parts are not stored: entry_column() finds them again in the
// source line when a diagnostic needs one.
struct Entry {
    // Laid out largest-aligned last and flags together, so that a million
    // entries take 160 bytes each rather than 176.
    Date date;
    std::optional<std::int16_t> time;  // minutes since midnight
    Kind kind = Kind::note;
    bool has_note = false;       // note given, even if empty
    bool has_next_what = false;  // next_what given
    std::uint32_t file = 0;      // SourceSet index
    std::uint32_t line = 0;      // 1-based
    std::optional<Date> next_date;  // `next` positional DATE, or next: field

    std::string_view target;     // the deal or client
    std::string_view agent;      // @agent, may be empty
    std::string_view stage;      // stage / reopen
    std::string_view note;       // the quoted note
    std::string_view next_what;  // `next` positional "what", or next_what: field
    std::string_view ref;        // ref: field
    std::optional<Money> amount; // won / invoice / payment
    // What only `lost` and `set` entries have (a few in a hundred), out of
    // line so that a million entries take less memory: shared, never changed
    // once attached (change_details() gives an entry a copy of its own).
    std::shared_ptr<const EntryDetails> details;

    const SetFields& set() const { return details ? details->set : no_details().set; }
    std::string_view reason() const { return details ? details->reason : std::string_view(); }  // lost's reason:
    const RecordFields& record() const { return details ? details->record : no_details().record; }
    // A copy of the details for this entry alone, to change. Each call makes a
    // new copy and frees the last: keep one reference, not one per call.
    EntryDetails& change_details() {
        auto own = std::make_shared<EntryDetails>(details ? *details : EntryDetails{});
        details = own;
        return *own;
    }

    static constexpr std::uint32_t col_date = 1;
    SourcePos pos() const { return {file, line, col_date}; }

private:
    static const EntryDetails& no_details() {
        static const EntryDetails none;
        return none;
    }
};

// The parts of an entry a diagnostic can point at.
enum class EntryPart : std::uint8_t {
    date, kind, target, agent, stage, amount, next, owner, probability, close, category, client, pipeline
};

// Index of a vector of records by their `id`: open addressing over (hash, index)
// pairs, with a compact copy of the ids (a lookup reads one small array, not the
// records). The first of duplicate ids wins.
class IdIndex {
public:
    static std::uint64_t hash(std::string_view s) {
        std::uint64_t h = 0x9E3779B97F4A7C15ull ^ s.size();
        std::size_t i = 0;
        for (; i + 8 <= s.size(); i += 8) {
            std::uint64_t w;
            std::memcpy(&w, s.data() + i, 8);
            h = (h ^ w) * 0xBF58476D1CE4E5B9ull;
            h ^= h >> 31;
        }
        std::uint64_t w = 0;
        if (i < s.size()) std::memcpy(&w, s.data() + i, s.size() - i);  // an empty view may hold no pointer
        h = (h ^ w) * 0x94D049BB133111EBull;
        return h ^ (h >> 29);
    }
    template <class T>
    void build(const std::vector<T>& v) {
        keys_.clear();
        offsets_.assign(1, 0);
        for (const auto& r : v) {
            keys_ += r.id;
            offsets_.push_back(static_cast<std::uint32_t>(keys_.size()));
        }
        std::size_t cap = 16;
        while (cap < v.size() * 2) cap <<= 1;
        slots_.assign(cap, 0);
        mask_ = cap - 1;
        for (std::size_t i = 0; i < v.size(); ++i) {
            std::uint64_t h = hash(key(i));
            for (std::size_t k = h & mask_;; k = (k + 1) & mask_) {
                if (slots_[k] == 0) {
                    slots_[k] = (h & ~0xFFFFFFFFull) | (i + 1);
                    break;
                }
                if ((slots_[k] >> 32) == (h >> 32) && key((slots_[k] & 0xFFFFFFFFu) - 1) == key(i)) break;
            }
        }
    }
    // The index of the record with this id, or -1; `v` must be the vector built from.
    template <class T>
    int find(std::string_view id, const std::vector<T>& v) const {
        return find(id, v, hash(id));
    }
    template <class T>
    int find(std::string_view id, const std::vector<T>& v, std::uint64_t h) const {
        if (slots_.empty() || v.size() + 1 != offsets_.size()) return -1;
        for (std::size_t k = h & mask_;; k = (k + 1) & mask_) {
            std::uint64_t s = slots_[k];
            if (s == 0) return -1;
            std::size_t i = (s & 0xFFFFFFFFu) - 1;
            if ((s >> 32) == (h >> 32) && key(i) == id) return static_cast<int>(i);
        }
    }

    // Whether it was built from a vector of n records (else find() finds nothing).
    bool covers(std::size_t n) const { return offsets_.size() == n + 1; }

private:
    std::string_view key(std::size_t i) const {
        return std::string_view(keys_).substr(offsets_[i], offsets_[i + 1] - offsets_[i]);
    }
    std::vector<std::uint64_t> slots_;
    std::size_t mask_ = 0;
    std::string keys_;                    // every id, one after the other
    std::vector<std::uint32_t> offsets_;  // id i is keys_[offsets_[i], offsets_[i + 1])
};

// Deal indexes in id order: bytewise, equal ids by index.
std::vector<int> deals_in_id_order(const std::vector<Deal>& deals);

struct Settings {
    std::string company;
    std::string currency;
    unsigned fiscal_year_start = 1;
    int idle_days = 7;
    SourcePos pos;
    // files: write_to: where new entries go, a path with {agent} in it (SPEC §1);
    // empty: the last ledger file. ledger_patterns: files: ledger: as written
    // (empty when not given), so that check can tell whether it reads them.
    std::string write_to;
    SourcePos write_to_pos;
    std::vector<std::string> ledger_patterns;
};

struct Book {
    std::string root;  // directory holding salesrep.yaml
    Settings settings;
    std::vector<Pipeline> pipelines;
    std::vector<Team> teams;
    std::vector<Agent> agents;
    std::vector<Client> clients;
    std::vector<Deal> deals;
    std::vector<Target> targets;
    std::vector<Entry> entries;         // in reading order (file order, line)
    std::vector<std::string> ledger_files;  // paths, as read; the last takes new entries
    SourceSet sources;
    std::vector<std::shared_ptr<const TextArena>> arenas;  // strings the entries view, beside sources

    // indexes by id (filled by index()); looked up by string_view without allocating
    IdIndex pipeline_ids, team_ids, agent_ids, client_ids, deal_ids;
    void index();  // also clears deals_by_id
    // index(), taking `deals_index` as deal_ids: built beside the parse of the
    // deals (on another core), over exactly these deals in this order.
    void index(IdIndex&& deals_index);

    // deals_in_id_order(deals), when the loader had it at hand (from the YAML
    // parse cache); else empty, and computed when needed. Whoever changes the
    // deals calls index(), which clears it.
    std::vector<int> deals_by_id;

    const Agent* agent(std::string_view id) const;
    const Client* client(std::string_view id) const;
    const Deal* deal(std::string_view id) const;
    int deal_index(std::string_view id) const;
    int client_index(std::string_view id) const;
    int agent_index(std::string_view id) const;
    int team_index(std::string_view id) const;
    int pipeline_index(std::string_view id) const;
    // The deal's pipeline per SPEC §2 (own field, else client's segment, else first); -1 if none.
    int pipeline_of(const Deal& d) const;
};

}  // namespace salesrep
