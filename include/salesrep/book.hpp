#pragma once
// The book's plain data: what the YAML files and the ledger say, nothing derived.
#include "salesrep/date.hpp"
#include "salesrep/diagnostic.hpp"
#include "salesrep/money.hpp"
#include "salesrep/period.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace salesrep {

enum class Category : std::uint8_t { pipeline, best_case, commit };
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
    stage, won, lost, reopen, next, set, invoice, payment
};
inline constexpr int kind_count = 15;
std::string_view kind_name(Kind k);
std::optional<Kind> parse_kind(std::string_view s);
inline bool is_interaction(Kind k) { return k <= Kind::message; }
inline bool is_deal_only(Kind k) { return k >= Kind::stage && k <= Kind::set; }
inline bool is_client_only(Kind k) { return k == Kind::invoice || k == Kind::payment; }

struct Entry {
    Date date;
    std::int16_t time = -1;  // minutes since midnight, -1: none
    Kind kind = Kind::note;
    std::uint32_t file = 0;  // SourceSet index
    std::uint32_t line = 0;  // 1-based
    std::uint32_t seq = 0;   // position in Book::entries order of reading

    std::string target;
    std::string agent;     // @agent, may be empty
    std::string stage;     // stage / reopen
    std::optional<Money> amount;  // won / invoice / payment
    std::string note;
    bool has_note = false;
    std::optional<Date> next_date;  // `next` positional DATE, or next: field
    std::string next_what;          // `next` positional "what", or next_what: field
    bool has_next_what = false;
    std::string ref;
    std::string reason;
    // set fields
    std::optional<Money> set_amount;
    std::optional<Date> set_close;
    std::optional<int> set_probability;
    bool clear_probability = false;
    std::string set_owner;
    std::optional<std::string> set_title;

    // 1-based columns of the parts, for diagnostics (0: absent)
    std::uint32_t col_date = 1, col_kind = 0, col_target = 0, col_agent = 0, col_stage = 0,
                  col_amount = 0, col_next = 0, col_owner = 0, col_prob = 0, col_close = 0;

    SourcePos pos() const { return {file, line, col_date}; }
    SourcePos at(std::uint32_t col) const { return {file, line, col ? col : col_date}; }
};

struct Settings {
    std::string company;
    std::string currency;
    unsigned fiscal_year_start = 1;
    int idle_days = 7;
    SourcePos pos;
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

    // indexes by id (filled by index()); looked up by string_view without allocating
    struct IdHash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
    };
    using IdMap = std::unordered_map<std::string, int, IdHash, std::equal_to<>>;
    IdMap pipeline_by_id, team_by_id, agent_by_id, client_by_id, deal_by_id;
    void index();

    const Agent* agent(std::string_view id) const;
    const Client* client(std::string_view id) const;
    const Deal* deal(std::string_view id) const;
    int deal_index(std::string_view id) const;
    int client_index(std::string_view id) const;
    int agent_index(std::string_view id) const;
    int team_index(std::string_view id) const;
    // The deal's pipeline per SPEC §2 (own field, else client's segment, else first); -1 if none.
    int pipeline_of(const Deal& d) const;
};

}  // namespace salesrep
