#pragma once
// What every command shares: the global options, loading the book, printing.
#include "salesrep/book.hpp"
#include "salesrep/replay.hpp"

#include <CLI/CLI.hpp>

#include <memory>
#include <string>
#include <type_traits>
#include <vector>

namespace salesrep::cli {

// Thrown to leave with an exit status (main.cpp is the only place that exits).
struct Exit {
    int code;
};

struct Globals {
    std::string book;       // -C/--book
    std::string today;      // --today
    bool no_color = false;  // --no-color
    bool quiet = false;     // -q
};

// The book as loaded and checked: no errors (warnings were printed to stderr).
struct Loaded {
    Book book;
    Date today;
    Replay replay;  // as of today, from the check

    Loaded(Book b, Date t, Replay r) : book(std::move(b)), today(t), replay(std::move(r)) {}
    Loaded() = default;
    Loaded(Loaded&&) = default;
    Loaded& operator=(Loaded&&) = default;
    // Hands the book to the process's exit instead of freeing a million entries
    // one by one just before the process ends anyway.
    ~Loaded();
};

// Keeps `value` until the process exits instead of freeing it piece by piece
// just before (a report of 100,000 deals is millions of strings). Reachable
// from a static, so leak checkers do not count it.
template <class T>
void keep_until_exit(T&& value) {
    static auto* kept = new std::vector<std::shared_ptr<void>>();
    kept->push_back(std::make_shared<std::decay_t<T>>(std::forward<T>(value)));
}

Date resolve_today(const Globals& g);
// Finds and loads the book; on errors prints every diagnostic and exits 1.
Loaded load_checked(const Globals& g);
// Prints "salesrep: error: MESSAGE" on stderr, the message cleaned (shown_text:
// control characters and text-direction overrides from a book, a CSV export, an
// argument or git's output never reach the terminal; line feeds are kept).
void print_error(std::string_view message);
// Prints diagnostics to `out` (stdout or stderr) with the summary line.
void print_diagnostics(const Diags& diags, const SourceSet& sources, std::FILE* out, bool summary);

// With $SALESREP_TIMING set: prints the time since the previous lap to stderr
// (nullptr: only restarts the clock).
void lap(const char* what);

// Writes `text` to stdout, or to `path` when not empty ("-": stdout).
void emit(std::string text, const std::string& path);
// The same for text in parts, written one after the other.
void emit(const std::vector<std::string>& parts, const std::string& path);

// Whether stdout is a terminal that wants colour.
bool use_color(const Globals& g);

// `git -C DIR ARGS...` (no shell): its exit status (127: git could not be run)
// and what it printed, stdout and stderr together (git.cpp).
struct GitResult {
    int status = -1;
    std::string output;
};
GitResult run_git(const std::string& dir, std::vector<std::string> args);
// `git -C DIR config KEY` without its line end, or "" when git has none (or fails).
std::string git_config(const std::string& dir, const std::string& key);

// Errors of the command line (usage.cpp), each exit 2. Before parsing: an
// unknown command or global option gets "did you mean" (returns 2, else 0).
int check_command_name(CLI::App& app, int argc, char** argv);
// After a parse error: an unknown option gets "did you mean", a missing
// argument the command's usage and an example; then the command's --help line.
int usage_failure(CLI::App& app, const CLI::ParseError& e, int argc, char** argv);
// A count option's check: a whole number from 0 to `max` ("must be 0 or more").
CLI::Validator whole_number(long long max);

// Each command: registers itself on the app; its callback runs it.
void setup_check(CLI::App& app, Globals& g);
void setup_init(CLI::App& app, Globals& g);
// log, move, won, lost, reopen, next, set, invoice, pay (cmd_write.cpp)
void setup_write(CLI::App& app, Globals& g);
// completion bash|zsh|fish, and the hidden __ids and __options (cmd_completion.cpp)
void setup_completion(CLI::App& app, Globals& g);
void setup_import(CLI::App& app, Globals& g);  // import (cmd_import.cpp)
void setup_sync(CLI::App& app, Globals& g);    // sync (cmd_sync.cpp)

}  // namespace salesrep::cli
