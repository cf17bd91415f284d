#pragma once
// Replay: the state of every deal and client as of a day T. The one place where
// the ledger's history is applied (SPEC §7).
#include "salesrep/book.hpp"
#include "salesrep/jobs.hpp"
#include "salesrep/load.hpp"

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace salesrep {

enum class DealStatus : std::uint8_t { open, won, lost };
std::string_view status_name(DealStatus s);

struct StageStay {
    int stage = 0;              // index in the deal's pipeline
    Date entered;
    std::optional<Date> left;   // none: still there (or closed without leaving)
    bool ended = false;         // ended by a move, a win or a loss
};

// A deal's next action as of T. `what` views text that lives as long as the
// book and its replay: the deal's next_action, a ledger entry's text, or one
// the replay wrote ("follow up on the call of 2026-11-02", Replay::texts).
struct NextStep {
    std::string_view what;
    std::optional<Date> due;
};

// A `set close:` that moved a deal's expected close to a later day (SPEC §9 slips).
struct Push {
    Date on;        // the entry's day
    Date from, to;  // the expected close before and after
};

// A deal as of T. Texts are views of the book (its deals and ledger) or of
// Replay::texts, so that setting up 100,000 states copies no string.
struct DealState {
    // What the replay reads and changes for most entries (calls, moves, next
    // actions) comes first, within 128 bytes: a replay of 1M entries over
    // 100,000 deals waits on memory for each deal's state it touches.
    bool exists = false;        // opened on or before T
    DealStatus status = DealStatus::open;
    bool ever_won = false;      // won at some point, even if reopened since
    Date opened;
    int pipeline = -1;
    int stage = 0;              // current stage; for a closed deal the stage it closed in
    Date stage_entered;
    int interactions = 0;
    std::optional<Date> last_interaction;  // latest interaction on the deal itself
    std::vector<StageStay> stays;
    std::optional<NextStep> next_action;
    Money amount;               // expected revenue; for a win, the won amount
    std::optional<Date> expected_close;
    int owner = -1;             // agent index, -1: none / unknown
    std::optional<int> probability;  // override
    std::optional<Category> category;  // the deal's own forecast category (override)
    std::vector<Push> pushes;   // each slip, in replay order
    std::string_view title;
    int opening_owner = -1;     // the owner on the day it was opened
    std::vector<std::pair<Date, int>> owner_changes;  // each later change of owner (day it took effect, agent)
    std::optional<Date> closed_on;  // day of the (latest) win or loss
    int closed_owner = -1;      // owner on the day of the (latest) win or loss
    std::string_view lost_reason;
    Date last_contact;          // SPEC §9 Priority: see last_contact() in replay.cpp
};

struct ClientState {
    bool exists = true;  // false: added by a `client` entry dated after T
    Money invoiced, paid;
    std::optional<Date> last_payment;
    std::optional<Date> last_interaction;
};

struct Replay {
    Date today;
    std::vector<DealState> deals;      // parallel to Book::deals
    std::vector<ClientState> clients;  // parallel to Book::clients
    std::vector<std::uint32_t> applied;  // entry indexes applied, in replay order (so by date)
    std::vector<std::int32_t> credited;  // per entry (Book::entries): agent credited, -1 none
    std::vector<std::int32_t> deal_of;   // per entry: deal index or -1
    std::vector<std::int32_t> client_of; // per entry: client index (the deal's client for deal entries) or -1
    std::vector<std::int32_t> client_of_deal;  // per deal (Book::deals): its client's index or -1
    std::shared_ptr<const TextArena> texts;  // the next actions the replay wrote (DealState::next_action); may be null
};

// What each ledger entry names, looked up once (SPEC §7: deals and clients
// share one namespace; an entry on a deal counts for the deal's client too).
struct EntryIds {
    std::vector<std::int32_t> deal_of;         // per entry (Book::entries): deal index or -1
    std::vector<std::int32_t> client_of;       // per entry: client index (the deal's client for deal entries) or -1
    std::vector<std::int32_t> client_of_deal;  // per deal (Book::deals): its client's index or -1
    std::vector<std::int32_t> agent_of;        // per entry: its @agent's index, -1 when none or unknown
};
// The lookups are independent: on a big book they are jobs of `run`, slices of
// the entries; the result does not depend on how they ran.
EntryIds look_up_ids(const Book& book, const JobRunner& run = {});

// Applies every entry dated on or before `today`, in the order of SPEC §7.
// Entries that break a rule of §7 are reported in `diags` (when given) and
// not applied; entries dated after today get a warning.
// The result views `book` (titles, stage ids, next actions, lost reasons):
// keep the book alive, and its deals and entries unchanged, while it is used.
// `ids`: look_up_ids(book) when the caller has it already (else it is made).
Replay replay(const Book& book, Date today, Diags* diags = nullptr, const EntryIds* ids = nullptr);

// One pass over the ledger that stops at several days (SPEC §9b: changes
// between two days, accuracy at every weekly snapshot).
struct SnapshotHooks {
    // Called once per day, in ascending order, with the book as of that day as
    // replay(book, day) gives it: the deals opened after it do not exist, the
    // entries dated after it are not applied, last contact is as of it. Only
    // the generated text of a follow-up (NextStep::what of a `next:` without
    // `next_what:`) is left empty. The Replay belongs to the pass: read it
    // during the call; it changes afterwards.
    std::function<void(const Replay& as_of_day)> as_of;
    // When set: called just before a `won` or `lost` entry closes an open deal,
    // with the deal's index, its state then and the entry.
    std::function<void(int deal, const DealState& before, const Entry& closing)> before_close;
};
// The book must have been checked (no errors): nothing is reported. Days
// after the last one are not replayed; duplicated days are called once.
// `resolved`: a replay of the same book as of the last day or later (the
// check's), whose ids of the entries are reused instead of looked up again.
void replay_snapshots(const Book& book, std::vector<Date> days, const SnapshotHooks& hooks,
                      const Replay* resolved = nullptr);

}  // namespace salesrep
