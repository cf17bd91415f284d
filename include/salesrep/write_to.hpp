#pragma once
// files: write_to: (SPEC §1): one ledger file per agent. Pure: paths are
// relative to the book's directory, as salesrep.yaml writes them.
#include "salesrep/book.hpp"

#include <string>
#include <string_view>

namespace salesrep {

// The file that an entry of `agent` goes to: settings.write_to with every
// {agent} replaced; "" when the book has no write_to (or no agent is given).
std::string write_to_path(const Settings& settings, std::string_view agent);

// Whether files: ledger: reads `path`: one of its paths is `path`, or one of
// its globs matches it (as glob(3) would: '*' does not cross a '/'). Without
// files: ledger:, the book reads sales.ledger only.
bool ledger_reads(const Settings& settings, std::string_view path);

}  // namespace salesrep
