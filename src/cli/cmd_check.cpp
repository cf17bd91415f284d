// salesrep check: every problem of the book, file:line:col, then a count.
#include "cli.hpp"

#include "salesrep/io.hpp"

#include <fmt/format.h>

namespace salesrep::cli {

namespace {
struct CheckOptions {
    bool quiet_warnings = false;
};

int run_check(const Globals& g, const CheckOptions& o) {
    Date today = resolve_today(g);
    BookLocation loc = find_book(g.book, std::getenv("SALESREP_BOOK"));
    if (!loc.error.empty()) {
        print_error(loc.error);
        return 1;
    }
    Diags diags;
    Book book = load_book(loc.root, diags);
    check_on_cores(book, today, diags);
    sort_diagnostics(diags);
    std::size_t errors = 0, warnings = 0;
    Diags shown;
    for (auto& d : diags) {
        if (d.severity == Severity::error) ++errors;
        else ++warnings;
        if (d.severity == Severity::error || !o.quiet_warnings) shown.push_back(d);
    }
    std::string text;
    for (const auto& d : shown) text += render(d, book.sources);
    if (!g.quiet || errors) text += summary_line(errors, warnings) + "\n";
    std::fputs(text.c_str(), stdout);
    return errors ? 1 : 0;
}
}  // namespace

void setup_check(CLI::App& app, Globals& g) {
    auto opts = std::make_shared<CheckOptions>();
    CLI::App* sub = app.add_subcommand("check", "Validate the whole book: every problem as FILE:LINE:COL");
    sub->footer(
        "Checks every file of the book: YAML syntax and types, unknown or duplicate ids,\n"
        "stages of the right pipeline, targets, and every rule of the ledger as of --today.\n"
        "Prints each problem with its line and a caret, then 'N errors, M warnings'.\n"
        "Exit status: 0 without errors, 1 with errors.\n\n"
        "Examples:\n"
        "  salesrep check\n"
        "  salesrep -C examples/northwind check --today 2026-11-26\n"
        "  salesrep check --no-warnings");
    sub->add_flag("--no-warnings", opts->quiet_warnings, "Show errors only (warnings are still counted)");
    sub->callback([&g, opts] { throw Exit{run_check(g, *opts)}; });
}

}  // namespace salesrep::cli
