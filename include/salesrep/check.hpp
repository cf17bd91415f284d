#pragma once
// check: every rule of SPEC §7 plus referential integrity.
#include "salesrep/book.hpp"
#include "salesrep/load.hpp"
#include "salesrep/replay.hpp"

namespace salesrep {

// Validates a loaded book as of `today`: ids, references, stages, periods,
// overlapping targets, then replays the ledger for its rules. Returns that
// replay (as of `today`), so a command need not replay again.
Replay check_book(const Book& book, Date today, Diags& diags);

}  // namespace salesrep
