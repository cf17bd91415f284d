#pragma once
// import, inside: the Importer that maps the rows of an export and its tables
// to records and ledger lines. Its parts live in import_map.cpp (binding
// columns, ids, teams, agents, clients), import_deals.cpp, import_history.cpp
// (history and activities tables) and import_output.cpp (the YAML texts).
// Not a public header: only src/core/import_*.cpp include it.
#include "salesrep/import.hpp"
#include "salesrep/replay.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

namespace salesrep::import_detail {

std::string_view trim(std::string_view s);
// Text for a ledger line: line breaks and other control characters become blanks.
std::string one_line(std::string s);
// A YAML scalar: plain when that cannot be misread, else double-quoted.
std::string yaml_scalar(std::string_view s);

constexpr int kExport = -1;

// A column reference bound to a CSV: the row's own (table == kExport for the
// export, or the table the row belongs to) or a joined table's.
struct Ref {
    bool joined = false;
    int table = 0;     // when joined: the table's index
    int col = 0;       // in the row's CSV, or in the joined table
    int join_col = 0;  // when joined: the column of the row's CSV holding the key
    bool row_number = false;  // {_row}: the row's number in its CSV
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
    void reject(int src, std::size_t row, std::string reason);

    int source_of(const KindRule& k);
    bool bind_column(int src, const std::string& name, SourcePos pos, Ref& out);
    Field bind(int src, const FieldSpec* spec);
    std::string cell(int src, std::size_t row, const Ref& r) const;
    std::string eval(int src, std::size_t row, const Field& f) const;

    void prepare();
    void apply_rewrites();
    void index_table(std::size_t t);
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
    // The cell as a date; else nullopt with `why`: "is not a date ...".
    std::optional<Date> date(const std::string& text, std::string& why) const;
    int pipeline_for(const std::string& explicit_id, const std::string& client_id) const;

    struct DealOut {
        Deal deal;
        bool present = false;
        int pipeline = -1;            // index in book_.pipelines
        std::string outcome;          // "won", "lost" or "" (open)
        std::optional<Date> closed;   // the day of the outcome
        bool still_open = true;       // a present deal: open in the book as of today
    };
    std::vector<DealOut> deals_;
    std::unordered_map<std::string, std::size_t> deal_by_key_;  // the export's deal key -> deals_
    // read_deals, step by step (deals.cpp)
    struct DealColumns;
    struct DealRow;
    using DealSeen = std::unordered_map<std::string, std::size_t>;  // deal key -> row
    DealColumns bind_deal_columns();
    bool check_deal_rules();
    bool read_deal_row(std::size_t r, const DealColumns& cols, const DealSeen& seen, DealRow& row);
    bool read_deal_key(std::size_t r, const DealColumns& cols, const DealSeen& seen, DealRow& row);
    bool read_deal_status(std::size_t r, const DealColumns& cols, DealRow& row);
    bool read_deal_dates(std::size_t r, const DealColumns& cols, DealRow& row);
    bool read_deal_amounts(std::size_t r, const DealColumns& cols, DealRow& row);
    bool read_deal_plan(std::size_t r, const DealColumns& cols, DealRow& row);
    bool read_deal_parties(std::size_t r, const DealColumns& cols, DealRow& row);
    void add_deal(std::size_t r, const DealColumns& cols, DealRow& row, DealSeen& seen, std::optional<Replay>& replayed);
    bool move_present_deal(std::size_t r, const DealColumns& cols, const DealRow& row, const std::string& id,
                           int present, std::optional<Replay>& replayed);
    void add_outcome(std::size_t r, const DealColumns& cols, const DealRow& row, const std::string& id,
                     bool still_open);
    std::vector<Entry> entries_;
    // Ledger lines made as text (history, activities): sorted with entries_ by
    // (date, rank): rank 0 before 1 (won and lost), so a deal moves, then closes.
    struct Line {
        Date date;
        int rank = 0;
        std::string text;
    };
    std::vector<Line> lines_;
    std::unordered_map<std::string, int> book_lines_;  // the book's ledger lines (canonical) -> how many
    bool book_lines_read_ = false;
    // Adds `text` unless the book has that line already (then counted as present).
    void add_line(Date date, std::string text);
    int source_of_table(const std::string& from, SourcePos pos, std::string_view what);
    // The table a history: or activities: rule reads; kExport when the rule is
    // not given or names no table (an error then).
    int rule_table(bool given, const std::string& from, SourcePos from_pos, std::string_view what);
    // The rules' deals.statuses entry for an export's value, or nullptr.
    const StatusRule* status_rule(const std::string& value) const;
    // The row's date in column `f`; else nullopt, the row rejected.
    std::optional<Date> row_date(int src, std::size_t r, const Field& f);
    struct Change;
    struct HistoryColumns;
    void read_history();
    std::optional<Change> read_change(int src, std::size_t r, const HistoryColumns& cols, std::size_t& index);
    bool change_stage(int src, std::size_t r, const Field& f, const std::string& sv, const DealOut& d,
                      std::string& stage);
    void add_history(DealOut& d, std::vector<Change>& changes);
    struct ActivityColumns;
    void read_activities();
    void read_activity(int src, std::size_t r, const ActivityColumns& cols);
    std::string activity_kind(const std::string& tv) const;
    bool activity_target(int src, std::size_t r, const ActivityColumns& cols, Date on, std::string& target);
    TextArena texts_;  // the strings entries_ view
    void write_output(std::string_view note);  // the YAML texts and the ledger lines
    // The items of the new teams, agents, clients (present ones counted).
    std::string team_items();
    std::string agent_items();
    std::string client_items();
    void write_ledger_lines();  // res_.ledger_lines: the entries and lines, in order
};

}  // namespace salesrep::import_detail
