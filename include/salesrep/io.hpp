#pragma once
// The only code that touches the disk: finding a book, reading it, appending.
#include "salesrep/book.hpp"
#include "salesrep/load.hpp"

#include <memory>
#include <optional>
#include <string>

namespace salesrep {

// -C/--book, else $SALESREP_BOOK, else walk up from the working directory.
// Returns the book's root or an error message.
struct BookLocation {
    std::string root;
    std::string error;
};
BookLocation find_book(const std::string& flag, const char* env_book);

// Reads every file of the book (glob expansion, YAML files in parallel), parses
// them, indexes the book. File-level problems are diagnostics too.
Book load_book(const std::string& root, Diags& diags);

// Reads a whole file; nullopt with `error` set when it cannot.
std::optional<std::string> read_file(const std::string& path, std::string& error);
// The same into a buffer that is not zeroed first (big ledgers): its size in `size`.
std::shared_ptr<const char[]> read_file_buffer(const std::string& path, std::size_t& size, std::string& error);
// The same, but a big file (1 MiB and more) is mapped (mmap) instead, as long as
// it was when opened (what is appended later is not seen). It is not a copy:
// another program rewriting the file in place shows through, and one cutting it
// short makes reading it raise SIGBUS (see guard_mapped_files).
std::shared_ptr<const char[]> map_or_read_file(const std::string& path, std::size_t& size, std::string& error);
// Makes SIGBUS (a mapped file cut short, or a disk error under it) print one
// error line and exit 1 instead of crashing. The command line calls it first.
void guard_mapped_files();

// Appends one line to `path` safely: O_APPEND, exclusive flock, a newline first
// if the file lacks one, one write, fsync. Returns an error message or "".
std::string append_line(const std::string& path, const std::string& line);

// Creates the directories above `path` that are missing (a ledger file of
// files: write_to: in a new directory). Returns an error message or "".
std::string create_parent_directories(const std::string& path);

}  // namespace salesrep
