#pragma once
// The agent's day (SPEC §10 agenda, journal): the next actions that are due,
// and the ledger's entries as written.
#include "salesrep/compute/common.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace salesrep {

// ---- agenda ----

enum class Due : std::uint8_t { overdue, today, upcoming };
std::string_view due_name(Due d);  // "overdue", "today", "upcoming"

struct AgendaRow {
    int deal = -1;  // index in Book::deals
    int owner = -1; // agent index as of T, -1: none
    Date due;
    Due when = Due::today;
    int days_overdue = 0;  // T - due (> 0 overdue, 0 today, < 0 upcoming)
};

// The open deals (kept by the selection) whose next action is due on or
// before T + `days`: overdue, due today, due within `days` days. A next action
// without a day is never due. Ordered by owner (team.yaml order, deals without
// an owner last), then due day, then deal id (bytewise).
std::vector<AgendaRow> agenda_rows(const Context& c, int days);

// ---- journal ----

struct JournalFilter {
    std::vector<Kind> kinds;      // none: every kind
    std::vector<int> deals;       // entries whose target is one of these deals
    std::vector<int> clients;     // entries on one of these clients or on one of its deals
};

// The entries applied as of T and dated in the period, in the order the
// replay applies them (SPEC §7: date, client, open, the rest, time, file,
// line), kept by the filter and, under a selection (--agent/--team), credited
// to a selected agent (Replay::credited). Indexes into Book::entries.
std::vector<std::uint32_t> journal_entries(const Context& c, const JournalFilter& f);

// What an entry says beside its date, kind, target, agent, amount and note:
// its stage, next action, reason, ref and set fields, in ledger syntax
// ("negotiation", "next:2026-12-03 next_what:\"Send quote\"", "close:2027-01-15").
std::string entry_details(const Entry& e);

}  // namespace salesrep
