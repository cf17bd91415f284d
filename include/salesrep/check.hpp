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

// The part of check_book that is not the replay: ids, references, stages,
// periods, overlapping targets, money lines written twice, deals closed twice.
// It reads the book only, so a caller may run it beside replay(book, today,
// &other) and join the two lists (these first).
void check_records(const Book& book, Diags& diags);

}  // namespace salesrep
