#pragma once
// check: every rule of SPEC §7 plus referential integrity.
#include "salesrep/book.hpp"
#include "salesrep/load.hpp"

namespace salesrep {

// Validates a loaded book as of `today`: ids, references, stages, periods,
// overlapping targets, then replays the ledger for its rules.
void check_book(const Book& book, Date today, Diags& diags);

}  // namespace salesrep
