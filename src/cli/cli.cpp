#include "cli.hpp"

#include "salesrep/check.hpp"
#include "salesrep/io.hpp"

#include <chrono>
#include <cstdlib>
#include <ctime>
#include <fmt/format.h>
#include <sys/resource.h>
#include <unistd.h>

namespace salesrep::cli {

Date resolve_today(const Globals& g) {
    std::string text = g.today;
    const char* how = "--today";
    if (text.empty()) {
        if (const char* env = std::getenv("SALESREP_TODAY"); env && *env) {
            text = env;
            how = "$SALESREP_TODAY";
        }
    }
    if (!text.empty()) {
        auto d = parse_date(text);
        if (!d) {
            print_error(fmt::format("{} '{}' is not a date; write YYYY-MM-DD", how, text));
            throw Exit{2};
        }
        return *d;
    }
    std::time_t t = std::time(nullptr);
    std::tm local{};
    localtime_r(&t, &local);
    return Date::from_ymd(local.tm_year + 1900, static_cast<unsigned>(local.tm_mon + 1),
                          static_cast<unsigned>(local.tm_mday));
}

void print_error(std::string_view message) {
    fmt::print(stderr, "salesrep: error: {}\n", shown_text(message, true));
}

void print_diagnostics(const Diags& diags, const SourceSet& sources, std::FILE* out, bool summary) {
    std::size_t errors = 0, warnings = 0;
    std::string text;
    for (const auto& d : diags) {
        (d.severity == Severity::error ? errors : warnings)++;
        text += render(d, sources);
    }
    if (summary) text += summary_line(errors, warnings) + "\n";
    std::fputs(text.c_str(), out);
}

void lap(const char* what) {
    // SALESREP_TIMING=1: where the time goes, on stderr (for benchmarks)
    static const bool timing = std::getenv("SALESREP_TIMING") != nullptr;
    static auto t0 = std::chrono::steady_clock::now();
    static double cpu0 = 0, sys0 = 0;
    if (!timing) return;
    auto t = std::chrono::steady_clock::now();
    // CPU of every thread (user + system), and the system part alone: the
    // kernel's share (page faults on fresh memory) varies most between runs.
    struct rusage ru {};
    ::getrusage(RUSAGE_SELF, &ru);
    auto ms = [](const timeval& tv) { return static_cast<double>(tv.tv_sec) * 1e3 + static_cast<double>(tv.tv_usec) / 1e3; };
    const double sys = ms(ru.ru_stime), cpu = ms(ru.ru_utime) + sys;
    if (what)
        fmt::print(stderr, "salesrep: timing: {:<8} {:8.1f} ms   cpu {:7.1f} ms   sys {:6.1f} ms\n", what,
                   std::chrono::duration<double, std::milli>(t - t0).count(), cpu - cpu0, sys - sys0);
    t0 = t;
    cpu0 = cpu;
    sys0 = sys;
}

Loaded::~Loaded() {
    if (!book.entries.empty() || !book.deals.empty()) keep_until_exit(std::pair{std::move(book), std::move(replay)});
}

Loaded load_checked(const Globals& g) {
    Date today = resolve_today(g);
    BookLocation loc = find_book(g.book, std::getenv("SALESREP_BOOK"));
    if (!loc.error.empty()) {
        print_error(loc.error);
        throw Exit{1};
    }
    Diags diags;
    lap(nullptr);  // the clock starts here
    Book book = load_book(loc.root, diags);
    lap("load");
    Replay r = check_on_cores(book, today, diags);
    lap("check");
    sort_diagnostics(diags);
    // Entries after --today are expected when replaying a past day: one line
    // says how many are ignored ('check' lists each).
    Diags shown;
    std::size_t future = 0;
    for (auto& d : diags) {
        if (d.code == DiagCode::future_entry) ++future;
        else shown.push_back(std::move(d));
    }
    bool errors = false;
    for (const auto& d : shown) errors |= d.severity == Severity::error;
    if (!shown.empty()) print_diagnostics(shown, book.sources, stderr, errors);
    if (future && !g.quiet)
        fmt::print(stderr, "salesrep: note: {} ledger {} dated after {} {} ignored ('check' lists them)\n", future,
                   future == 1 ? "entry" : "entries", format_date(today), future == 1 ? "is" : "are");
    if (errors) throw Exit{1};
    return {std::move(book), today, std::move(r)};
}

void emit(const std::vector<std::string>& parts, const std::string& path) {
    auto write = [&parts](std::FILE* f) {
        bool ok = true;
        for (const std::string& p : parts) ok &= std::fwrite(p.data(), 1, p.size(), f) == p.size();
        return ok;
    };
    if (path.empty() || path == "-") {
        write(stdout);
        std::fflush(stdout);
        return;
    }
    // A new file renamed into place: never written through a symbolic link,
    // at the file or at a directory of the path as written (a book's directory
    // may hold one where the report goes).
    std::string error = output_link_error(path);
    if (error.empty()) error = write_file_replacing(path, parts);
    if (!error.empty()) {
        print_error(error);
        throw Exit{1};
    }
}

void emit(std::string text, const std::string& path) {
    std::vector<std::string> parts;
    parts.push_back(std::move(text));
    emit(parts, path);
}

bool use_color(const Globals& g) {
    if (g.no_color) return false;
    if (const char* nc = std::getenv("NO_COLOR"); nc && *nc) return false;
    if (const char* term = std::getenv("TERM"); term && std::string_view(term) == "dumb") return false;
    return ::isatty(STDOUT_FILENO) == 1;
}

}  // namespace salesrep::cli
