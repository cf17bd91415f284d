#pragma once
// Pipeline changes between two days (SPEC §9b `changes`): what moved the open
// pipeline expected in a period Q from day A to day B, per agent, team and
// total, so that start + created + pulled + increased − decreased − pushed −
// lost − won = end on every row.
#include "salesrep/compute/scopes.hpp"

#include <optional>
#include <string_view>
#include <vector>

namespace salesrep {

// In the order of SPEC §9b (the order of `changes --deals`). created_won and
// created_lost: opened in (A, B] and closed by B, expected in Q just before.
enum class Movement : std::uint8_t {
    won, lost, pushed, created, pulled, increased, decreased, unchanged, created_won, created_lost
};
std::string_view movement_name(Movement m);  // "won", ..., "created+won", "created+lost"

// One deal that got a movement.
struct DealMove {
    int deal = -1;   // index in Book::deals
    int owner = -1;  // its owner as of B (agent index, -1 none): every column goes to it
    Movement movement = Movement::unchanged;
    std::optional<Money> amount_a, amount_b;  // its amount as of A / B, where it was open then
    std::optional<Date> close_a, close_b;     // its own expected close as of A / B, where it was open then
    bool in_start = false, in_end = false;    // in S(A) / in S(B)
    Money start, end;                         // what it adds to `start` / `end`
    Money moved;  // what it adds to its movement's column (increased/decreased: the difference; 0: unchanged)
};

struct ChangeFigures {
    Money start, created, pulled, increased, decreased, pushed, lost, won, end;
    void add(const ChangeFigures& o);
    void add(const DealMove& m);
    // start + created + pulled + increased − decreased − pushed − lost − won
    Money expected_end() const;
};

struct Changes {
    Date since, until;  // A, B
    std::vector<ScopeRow<ChangeFigures>> rows;  // agents, teams, total (SPEC §11 order)
    std::vector<DealMove> deals;                // kept by the selection, by movement then deal id
};

// The changes over c.period (Q) from `since` (A, before c.today) to c.today (B),
// by one pass over c.book's ledger (replay_snapshots).
Changes pipeline_changes(const Context& c, Date since);

// The same as one reader of a replay_snapshots pass, so that one pass can serve
// several computations (the report's). Give it the pass's days of days() and
// each call of the pass; result() after the pass.
class ChangesPass {
public:
    ChangesPass(const Context& c, Date since);
    std::vector<Date> days() const { return {since_, c_.today}; }
    void as_of(const Replay& r);  // other days are ignored
    void before_close(int deal, const DealState& s, const Entry& closing);
    Changes result() const;

    // What the movements need of a deal as of A or B.
    struct Seen {
        bool exists = false, open = false;
        bool in_pipeline = false;  // in S(D): open, not omitted, its effective close in Q
        DealStatus status = DealStatus::open;
        Money amount;
        std::optional<Date> close;  // its own expected close
        int owner = -1;
    };
    // A deal opened after A just before it closed: whether it was expected in
    // Q (as S(D) counts a deal, on the day it closed) and its amount then.
    struct BeforeClose {
        bool in_pipeline = false;
        Money amount;
    };

private:
    const Context& c_;
    Date since_;
    std::vector<Seen> at_a_, at_b_;
    std::vector<std::optional<BeforeClose>> before_;
};
// The changes since 7 days before c.today, computed once per Context with the
// rest of the report's look back (look_back.hpp): its section, changes.csv, chart.
const Changes& week_changes(const Context& c);

}  // namespace salesrep
