#pragma once
// check: every rule of SPEC §7 plus referential integrity.
#include "salesrep/book.hpp"
#include "salesrep/jobs.hpp"
#include "salesrep/load.hpp"
#include "salesrep/replay.hpp"

namespace salesrep {

// Validates a loaded book as of `today`: ids, references, stages, periods,
// overlapping targets, then replays the ledger for its rules. Returns that
// replay (as of `today`), so a command need not replay again.
// Its parts, the records' checks (ids, references, stages, periods,
// overlapping targets, deals closed twice), the money lines written twice and
// the replay, are jobs of `run` (side by side when it shares them out), after
// the entries' ids are looked up (look_up_ids, jobs of `run` too); their
// diagnostics are joined in that order whatever ran first.
Replay check_book(const Book& book, Date today, Diags& diags, const JobRunner& run = {});

}  // namespace salesrep
