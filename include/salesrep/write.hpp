#pragma once
// Writing: one new ledger entry, checked against the whole book before it is
// appended (SPEC §10). Pure: the caller reads the book and appends the line.
#include "salesrep/book.hpp"
#include "salesrep/load.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace salesrep {

// What checking a new entry found.
struct NewEntry {
    std::string line;  // the canonical line to append, without its line end
    Entry entry;       // `line` as the ledger parser reads it back: what was checked
    SourcePos at;      // where the line will stand: {file, line, 1}; `file` may be one past
                       // the book's sources when the ledger file does not exist yet
    Diags problems;    // the errors the entry would bring, in order; empty: append it

    bool ok() const { return problems.empty(); }
    // Whether a problem is about the new entry itself (else about a later entry it makes wrong).
    bool on_entry(const Diagnostic& d) const { return d.pos.file == at.file && d.pos.line == at.line; }
};

// Formats `e` canonically, reads the line back with the ledger parser (so what is
// checked is exactly what is written), adds it as the last line of `ledger` (the
// path of the book's last ledger file) and checks the whole book as of
// max(today, e.date). `problems` holds every error of that check that the book
// did not have without the entry as of the same day: errors on the entry itself
// (unknown ids, a closed deal, a stage of another pipeline, a date before the
// deal was opened, ...) and on later entries that it would make wrong. Text that
// cannot stand in one line (line breaks, control characters, invalid UTF-8) and
// ids that are not ids are problems too, and so is a next action (`next`, or
// a `next:` field) due before the entry's own day: a new entry plans ahead
// (a backdated one from its own day on).
NewEntry check_new_entry(const Book& book, const Entry& e, Date today, const std::string& ledger);

// The line number that a line appended to `text` gets (a missing final newline
// is added first, as append_line does).
std::uint32_t next_line_number(std::string_view text);

}  // namespace salesrep
