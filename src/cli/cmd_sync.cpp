// salesrep sync: share the book through git. Commits the ledger files,
// `git pull --rebase`, checks the merged book, `git push`; stops at the first
// thing that goes wrong, with what to do, and never throws a line away.
#include "cli.hpp"

#include "salesrep/check.hpp"
#include "salesrep/io.hpp"

#include <algorithm>
#include <filesystem>
#include <fmt/format.h>

namespace fs = std::filesystem;

namespace salesrep::cli {

namespace {

struct SyncOptions {
    std::string message;
    bool no_push = false;
};

std::string trimmed(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == ' ' || s.back() == '\r')) s.pop_back();
    return s;
}

// Prints git's own words (indented) and what to do; exit 1.
[[noreturn]] void stop(const std::string& what, const GitResult& r, const std::string& todo) {
    std::string text = fmt::format("salesrep: error: {}\n", what);
    std::string out = trimmed(r.output);
    if (!out.empty()) {
        text += "  git said:\n";
        std::size_t start = 0;
        while (start <= out.size()) {
            std::size_t end = out.find('\n', start);
            if (end == std::string::npos) end = out.size();
            text += "    " + out.substr(start, end - start) + "\n";
            start = end + 1;
        }
    }
    if (!todo.empty()) text += todo + "\n";
    std::fputs(shown_text(text, true).c_str(), stderr);  // git's words may quote a remote's names
    throw Exit{1};
}

void say(const Globals& g, const std::string& line) {
    if (!g.quiet) fmt::print(stderr, "salesrep sync: {}\n", line);
}

// The book's ledger files that exist, relative to the repository's top.
std::vector<std::string> ledger_paths(const Book& book) {
    std::vector<std::string> paths;
    std::error_code ec;
    for (const auto& f : book.ledger_files)
        if (fs::exists(f, ec)) paths.push_back(fs::absolute(f, ec).lexically_normal().string());
    std::sort(paths.begin(), paths.end());
    paths.erase(std::unique(paths.begin(), paths.end()), paths.end());
    return paths;
}

// Whether a rebase or a merge was left unfinished in the repository.
bool unfinished(const std::string& root, std::string& which) {
    for (const char* name : {"rebase-merge", "rebase-apply", "MERGE_HEAD"}) {
        GitResult r = run_git(root, {"rev-parse", "--git-path", name});
        std::error_code ec;
        std::string p = trimmed(r.output);
        if (r.status == 0 && !p.empty() && fs::exists(fs::path(root.empty() ? "." : root) / p, ec)) {
            which = name[0] == 'M' ? "a merge" : "a rebase";
            return true;
        }
    }
    return false;
}

// Every problem of the book as `check` prints them; whether it has errors.
bool book_has_errors(const Globals& g, const std::string& root) {
    Diags diags;
    Book book = load_book(root, diags);
    check_on_cores(book, resolve_today(g), diags);
    sort_diagnostics(diags);
    bool errors = false;
    Diags shown;
    for (auto& d : diags)
        if (d.severity == Severity::error || d.code != DiagCode::future_entry) {
            errors |= d.severity == Severity::error;
            shown.push_back(std::move(d));
        }
    if (!shown.empty()) print_diagnostics(shown, book.sources, stderr, errors);
    return errors;
}

// 1. git, a repository, an upstream, nothing half done. Returns what git says
// of the upstream (its status is not 0 when there is none: allowed with --no-push).
GitResult check_repository(const std::string& root, const SyncOptions& o) {
    GitResult r = run_git(root, {"rev-parse", "--show-toplevel"});
    if (r.status == 127)
        stop("sync needs git, which cannot be run", r, "Install git (e.g. 'apt install git') and run it again.");
    if (r.status != 0)
        stop(fmt::format("the book ('{}') is not in a git repository", root), r,
             "Make it one: git init && git add -A && git commit -m \"The book\", then add the team's\n"
             "shared repository: git remote add origin URL && git push -u origin HEAD.");
    std::string which;
    if (unfinished(root, which))
        stop(fmt::format("the repository is in the middle of {} (a conflict not resolved yet)", which), {},
             "Finish it first: resolve the files 'git status' lists as both modified (keep both sides' ledger\n"
             "lines, delete the <<<<<<< ======= >>>>>>> lines), 'git add' them and 'git rebase --continue'\n"
             "(or 'git merge --continue'); or go back with 'git rebase --abort'. Then run salesrep sync again.");
    GitResult up = run_git(root, {"rev-parse", "--abbrev-ref", "--symbolic-full-name", "@{upstream}"});
    if (up.status != 0 && !o.no_push)
        stop("the current branch has no upstream, so there is nothing to pull from or push to", up,
             "Name the shared repository's branch once: git push -u origin HEAD (or git branch\n"
             "--set-upstream-to=origin/main), then run salesrep sync again.");
    return up;
}

// git ARGS -- FILES...
GitResult git_on_files(const std::string& root, std::vector<std::string> args, const std::vector<std::string>& files) {
    args.push_back("--");
    args.insert(args.end(), files.begin(), files.end());
    return run_git(root, args);
}

// 2. Commit the ledger files (what salesrep writes), and only them.
void commit_ledger(const Globals& g, const std::string& root, const SyncOptions& o) {
    Diags load_diags;
    Book book = load_book(root, load_diags);
    std::vector<std::string> files = ledger_paths(book);
    if (files.empty()) return;
    if (GitResult a = git_on_files(root, {"add"}, files); a.status != 0)
        stop("git could not add the ledger files", a, "Nothing was committed; fix what git says and run salesrep sync again.");
    GitResult d = git_on_files(root, {"diff", "--cached", "--quiet"}, files);
    if (d.status == 1) {
        std::string message = o.message.empty() ? "salesrep sync: new ledger entries" : o.message;
        if (GitResult c = git_on_files(root, {"commit", "--quiet", "-m", message}, files); c.status != 0)
            stop("git could not commit the ledger files", c,
                 "Your entries are still in the files; fix what git says (often: 'git config user.name' and\n"
                 "'git config user.email') and run salesrep sync again.");
        say(g, "committed the new ledger entries");
    } else if (d.status != 0) {
        stop("git could not compare the ledger files", d, "Nothing was committed; run salesrep sync again.");
    } else {
        say(g, "no new ledger entries to commit");
    }
}

// 3. Take the others' commits; the ledger lines of both sides are kept (merge=union).
void pull_others(const Globals& g, const std::string& root) {
    GitResult r = run_git(root, {"pull", "--rebase", "--autostash"});
    if (r.status != 0) {
        std::string todo = "Your commits are safe (git log shows them); nothing was pushed.";
        std::string which;
        if (unfinished(root, which))
            todo = "Your commits are safe; nothing was pushed. Resolve the files 'git status' lists as both\n"
                   "modified: keep the lines of both sides, delete the <<<<<<< ======= >>>>>>> lines, run\n"
                   "'salesrep check', then 'git add FILE' and 'git rebase --continue' (or go back with\n"
                   "'git rebase --abort'), and run salesrep sync again. Ledger files merge without a conflict\n"
                   "when .gitattributes says '*.ledger merge=union' (salesrep init writes it).";
        stop("git pull --rebase failed", r, todo);
    }
    say(g, "pulled the others' entries");
}

int run_sync(const Globals& g, const SyncOptions& o) {
    BookLocation loc = find_book(g.book, std::getenv("SALESREP_BOOK"));
    if (!loc.error.empty()) {
        print_error(loc.error);
        return 1;
    }
    const std::string& root = loc.root;
    const GitResult up = check_repository(root, o);
    commit_ledger(g, root, o);
    if (o.no_push && up.status != 0) return 0;
    pull_others(g, root);

    // 4. The merged book must be right before anyone else gets it.
    if (book_has_errors(g, root)) {
        fmt::print(stderr,
                   "salesrep: error: after the pull the book has errors (above), so nothing was pushed. Fix them (two\n"
                   "people may have closed the same deal: keep the right line, append a 'reopen' or remove the\n"
                   "wrong one), commit, and run salesrep sync again.\n");
        return 1;
    }
    if (o.no_push) return 0;

    // 5. Give the others ours.
    GitResult push = run_git(root, {"push", "--quiet"});
    if (push.status != 0)
        stop("git push failed", push,
             "Your commits are safe here. If someone pushed in the meantime, run salesrep sync again.");
    say(g, "pushed");
    return 0;
}

}  // namespace

void setup_sync(CLI::App& app, Globals& g) {
    auto o = std::make_shared<SyncOptions>();
    CLI::App* sub = app.add_subcommand("sync", "Share the book through git: commit the ledger, pull, check, push");
    sub->footer(
        "For a book in a git repository with an upstream (the team's shared repository):\n"
        "  1. git add and git commit the ledger files (only them) when they changed;\n"
        "  2. git pull --rebase --autostash (ledger files merge by keeping both sides' lines\n"
        "     when .gitattributes says '*.ledger merge=union', as salesrep init writes);\n"
        "  3. salesrep check on the merged book: with errors, stop before pushing;\n"
        "  4. git push.\n"
        "Stops at the first error (git missing, not a repository, no upstream, a conflict,\n"
        "a rejected push) with git's words and what to do, exit 1. Never discards a line:\n"
        "what was committed stays in the local history.\n\n"
        "Examples:\n"
        "  salesrep log call acme-renewal \"CFO wants a quote\" && salesrep sync\n"
        "  salesrep sync -m \"Tuesday's calls\"\n"
        "  salesrep sync --no-push");
    sub->add_option("-m,--message", o->message, "The commit message (default: 'salesrep sync: new ledger entries')");
    sub->add_flag("--no-push", o->no_push, "Commit, pull and check, but do not push");
    sub->callback([&g, o] { throw Exit{run_sync(g, *o)}; });
}

}  // namespace salesrep::cli
