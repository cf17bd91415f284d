// salesrep: the command line. The only place with a try/catch and exit codes.
#include "cli.hpp"
#include "report_cli.hpp"
#include "salesrep/io.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fmt/format.h>

#include <sys/resource.h>

#ifdef __GLIBC__
#include <malloc.h>
#endif

using namespace salesrep::cli;

namespace {
// A run is short and keeps most of what it allocates until it exits, but a
// big report builds and drops many buffers of a few MiB. glibc by default maps
// each of those afresh (the kernel zeroing every page) and gives freed memory
// back; here they come from the heap and are used again. Measured on the
// 100,000-deal report: a cold run (yaml-cpp parsing 25 MB) 2.51 -> 2.30 s and
// 2.56 -> 2.17 s in alternating runs; a warm one unchanged.
// Under a tight limit on the address space (ulimit -v below 1 GiB) the heap's
// 64 MiB steps would use it up at once (even --version ran out under 60 MB):
// glibc's defaults then.
void tune_malloc() {
#ifdef __GLIBC__
    rlimit limit{};
    if (::getrlimit(RLIMIT_AS, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY && limit.rlim_cur < (rlim_t{1} << 30))
        return;
    mallopt(M_MMAP_THRESHOLD, 32 << 20);  // the most glibc allows; bigger blocks are still mapped
    mallopt(M_TRIM_THRESHOLD, 1 << 30);   // never shrink the heap during a run
    mallopt(M_TOP_PAD, 64 << 20);         // grow it in big steps (address space: pages are used only when touched)
    mallopt(M_MXFAST, 0);                 // no fast bins: nothing to consolidate before big requests
#endif
}

// Output that could not be written (a full disk, /dev/full) is an error with
// exit 1, not a success that printed nothing.
int flushed(int rc) {
    errno = 0;
    const bool flush_failed = std::fflush(stdout) != 0;
    if (!flush_failed && !std::ferror(stdout)) return rc;
    fmt::print(stderr, "salesrep: error: cannot write to standard output{}\n",
               flush_failed && errno ? fmt::format(": {}", std::strerror(errno)) : std::string());
    return rc == 0 || rc == 4 ? 1 : rc;
}

// The program's own options (before the command) and its help's footer.
void setup_globals(CLI::App& app, Globals& g) {
    app.set_version_flag("--version", "salesrep 0.1.0");
    app.require_subcommand(1);
    app.fallthrough();
    app.footer("Run 'salesrep COMMAND --help' for a command's options and examples; 'man salesrep' for the whole story.\n"
               "Exit status: 0 success, 1 the book has errors, a write was refused or a limit was reached\n"
               "(out of memory, a lock not had in time), 2 wrong usage, 4 'agenda --exit-empty' found nothing due.");
    app.add_option("-C,--book", g.book, "The book's directory (default: $SALESREP_BOOK, else the nearest "
                                        "directory upwards holding salesrep.yaml)");
    app.add_option("--today", g.today, "The as-of day YYYY-MM-DD (default: $SALESREP_TODAY, else the system's date)");
    app.add_flag("--no-color", g.no_color, "Never colour the output (NO_COLOR and TERM=dumb do the same)");
    app.add_flag("-q,--quiet", g.quiet, "Print less");
    app.add_option_function<double>("--wait", [](double s) { salesrep::set_lock_wait(s); },
                                    "How long a write or an import waits for a lock held by another salesrep, "
                                    "in seconds (default 30); then it gives up, writing nothing (exit 1)")
        ->check(CLI::Range(0.0, 86400.0 * 365));
}

// Every command, in the order --help lists them.
void setup_commands(CLI::App& app, Globals& g) {
    setup_init(app, g);
    setup_check(app, g);
    setup_write(app, g);
    setup_import(app, g);
    setup_sync(app, g);
    setup_deals(app, g);
    setup_show(app, g);
    setup_priority(app, g);
    setup_forecast(app, g);
    setup_targets(app, g);
    setup_activity(app, g);
    setup_funnel(app, g);
    setup_balance(app, g);
    setup_changes(app, g);
    setup_accuracy(app, g);
    setup_report(app, g);
    setup_agenda(app, g);
    setup_journal(app, g);
    setup_completion(app, g);  // last: it reads the commands registered above
}

// Parses the command line and runs the command: its exit status; every error
// ends in a message.
int parse_and_run(CLI::App& app, int argc, char** argv) {
    try {
        app.parse(argc, argv);
    } catch (const Exit& e) {
        return flushed(e.code);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        return usage_failure(app, e, argc, argv);
    }
    return flushed(0);
}

// The command line set up, parsed and run; main() turns what escapes it into exit 1.
int run(int argc, char** argv) {
    CLI::App app{"salesrep: a sales department's pipeline in plain text (YAML + an append-only ledger)", "salesrep"};
    Globals g;
    setup_globals(app, g);
    setup_commands(app, g);
    if (int rc = check_command_name(app, argc, argv)) return rc;
    return parse_and_run(app, argc, argv);
}

}  // namespace

int main(int argc, char** argv) {
    tune_malloc();
    try {
        return run(argc, argv);  // setting up the command line may run out of memory too
    } catch (const std::bad_alloc&) {
        // Any book, however big, ends in a message and exit 1 (SPEC §10); a
        // write that had not happened yet did not happen.
        std::fputs("salesrep: error: out of memory: the book is too big for the memory this process may use "
                   "(see 'ulimit -v'); nothing was written\n", stderr);
        return 1;
    } catch (const std::exception& e) {
        fmt::print(stderr, "salesrep: error: {} (a fault in salesrep: please report it); nothing was written\n",
                   salesrep::shown_text(e.what()));
        return 1;
    }
}

