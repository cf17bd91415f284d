#pragma once
// The only code that touches the disk: finding a book, reading it, appending.
#include "salesrep/book.hpp"
#include "salesrep/load.hpp"
#include "salesrep/replay.hpp"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

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

// Runs job(0) .. job(n - 1), each once, shared out among this machine's cores
// (up to 8 threads, one being the caller's): give the biggest jobs first. Each
// job must stand alone (read shared data only, write its own). Returns when
// all are done; when jobs threw, rethrows one of their exceptions. A JobRunner (jobs.hpp).
void run_on_cores(std::size_t n, const std::function<void(std::size_t)>& job);

// check_book (check.hpp) with its two halves side by side on a book of
// 100,000 entries or deals and more (run_on_cores), one after the other below.
Replay check_on_cores(const Book& book, Date today, Diags& diags);

// Reads a whole file; nullopt with `error` set when it cannot.
std::optional<std::string> read_file(const std::string& path, std::string& error);
// The same into a buffer that is not zeroed first (big ledgers): its size in `size`.
std::shared_ptr<const char[]> read_file_buffer(const std::string& path, std::size_t& size, std::string& error);

// Appends one line to `path` safely: O_APPEND, exclusive flock (waiting as
// set_lock_wait says), a newline first if the file lacks one, one write, fsync.
// Never through a symbolic link (O_NOFOLLOW). Returns an error message or "".
std::string append_line(const std::string& path, const std::string& line);

// Creates the directories above `path` that are missing (a ledger file of
// files: write_to: in a new directory). Returns an error message or "".
std::string create_parent_directories(const std::string& path);

// Where `path` (absolute, or relative to the working directory) really is:
// symbolic links followed; a path that does not exist yet is resolved through
// its nearest existing ancestor, the rest taken lexically. "" when it cannot be.
std::string resolved_path(const std::string& path);
// "" when `path` resolves (resolved_path) inside the directory `dir` (itself
// resolved), else "'SHOWN' is outside DIR_NAME (it leads to '...')", `shown`
// being the path as the user wrote it. A book's files must stay inside its
// directory (SPEC §1); import's tables inside the export's.
std::string outside_error(const std::string& dir, const std::string& path, const std::string& shown,
                          std::string_view dir_name);

// Writes `parts` to `path` as a whole new file: a temporary file beside it,
// renamed into place. Refuses a symbolic link at `path` (nothing is written
// through one); a device or FIFO that exists there (/dev/null) is written
// directly. Returns an error message or "".
std::string write_file_replacing(const std::string& path, const std::vector<std::string>& parts);
// "" unless `path` (trailing slashes ignored), or a directory of it as written (relative
// paths), is a symbolic link, which no write
// goes through: then the error message saying so (report --format csv -o DIR).
std::string symlink_error(std::string path);
// "" unless a directory of the relative `path`, as written, is a symbolic link
// ('q4' of -o q4/x.md, a link a book may hold): then the error saying so. For
// the paths the user gives with -o; the book's own paths are kept inside the
// book by their own check, and a book reached through a link stays usable.
std::string output_link_error(const std::string& path);
// Creates `path`, which must not exist (O_EXCL, O_NOFOLLOW: not through a
// dangling symbolic link either, which is refused as a link), holding `text`,
// flushed. Error message or "".
std::string write_new_file(const std::string& path, std::string_view text);

// How long a write waits for a lock another salesrep holds (--wait; default 30 s).
void set_lock_wait(double seconds);
// Takes an exclusive flock on `fd`. After one second of waiting it says so on
// stderr ("waiting for the lock on NAME held by another salesrep"); past the
// wait set by set_lock_wait it gives up. Returns an error message or "".
std::string lock_exclusive(int fd, const std::string& name);

// An exclusive lock on a book's directory, held while it lives: the writing
// commands and import take it from before the book is read until they have
// written, so that two writers never check their lines against a book the other
// is changing. Waits as lock_exclusive does; error() says why it is not held
// ("" when it is, or when the directory cannot be opened: best effort, as each
// append locks its file too).
class DirectoryLock {
public:
    explicit DirectoryLock(const std::string& dir);
    ~DirectoryLock();
    DirectoryLock(const DirectoryLock&) = delete;
    DirectoryLock& operator=(const DirectoryLock&) = delete;
    const std::string& error() const { return error_; }

private:
    int fd_ = -1;
    std::string error_;
};

}  // namespace salesrep
