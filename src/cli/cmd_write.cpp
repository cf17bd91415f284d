// The writing commands: log, move, won, lost, reopen, next, set, invoice, pay, open, add-client.
// Each builds one ledger entry, checks it against the whole book (write.hpp) and
// appends its canonical line to the last ledger file, or to its agent's file
// under files: write_to: (io.hpp).
#include "cli.hpp"

#include "salesrep/io.hpp"
#include "salesrep/write.hpp"
#include "salesrep/write_to.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <fmt/format.h>
#include <functional>
#include <memory>
#include <optional>

namespace salesrep::cli {

namespace {

// The options every writing command takes (-q and --today are global).
struct WriteOptions {
    std::string by, date, time;
    bool dry_run = false;
};

[[noreturn]] void usage(std::string_view command, const std::string& message) {
    print_error(fmt::format("{}\nRun 'salesrep {} --help' for usage.", message, command));
    throw Exit{2};
}

[[noreturn]] void refuse(const std::string& message) {
    print_error(message);
    throw Exit{1};
}

Date date_arg(std::string_view command, std::string_view what, const std::string& text) {
    auto d = parse_date(text);
    if (!d) usage(command, fmt::format("{} '{}' is not a date; write YYYY-MM-DD (a day that exists)", what, text));
    return *d;
}

Money amount_arg(const std::string& text, const Book& book, Kind kind) {
    MoneyParse m = parse_money(text, book.settings.currency);
    if (!m.ok) {
        bool currency = m.error.find("currency") != std::string::npos;
        refuse(m.error + (currency ? "" : "; write an amount like 1200 or 1200.50") +
               (kind == Kind::won && !currency ? " (a note goes after --note)" : ""));
    }
    bool positive = kind == Kind::invoice || kind == Kind::payment;
    if (positive && m.value.cents <= 0)
        refuse(fmt::format("the amount of '{}' must be positive, found '{}'", kind_name(kind), text));
    if (m.value.cents < 0)
        refuse(fmt::format("the amount of '{}' must not be negative, found '{}'", kind_name(kind), text));
    return m.value;
}

int probability_arg(const std::string& v, std::string_view or_else = {}) {
    bool digits = !v.empty() && v.size() <= 3 && v.find_first_not_of("0123456789") == std::string::npos;
    if (!digits || std::stoi(v) > 100)
        refuse(fmt::format("probability '{}' must be a whole number from 0 to 100{}", v, or_else));
    return std::stoi(v);
}

Category category_arg(const std::string& v, std::string_view or_else = {}) {
    auto cat = parse_category(v);
    if (!cat) refuse(fmt::format("category '{}' must be pipeline, best_case, commit or omitted{}", v, or_else));
    return *cat;
}

std::vector<std::string_view> agent_ids(const Book& book) {
    std::vector<std::string_view> ids;
    for (const auto& a : book.agents) ids.push_back(a.id);
    return ids;
}

bool same_email(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
            return false;
    return true;
}

// Who is logging: --by, else $SALESREP_AGENT, else the agent whose email is
// git's user.email, else nobody (the ledger's default rule applies).
std::string resolve_agent(const WriteOptions& w, const Book& book) {
    std::string id = w.by;
    const char* how = "--by";
    if (id.empty()) {
        if (const char* env = std::getenv("SALESREP_AGENT"); env && *env) {
            id = env;
            how = "$SALESREP_AGENT";
        }
    }
    if (!id.empty()) {
        if (book.agent_index(id) < 0)
            refuse(fmt::format("unknown agent '{}'{}, given by {}; agents are listed in the team file", id,
                               suggestion_suffix(id, agent_ids(book)), how));
        return id;
    }
    std::string email = git_config(book.root, "user.email");
    if (email.empty()) return {};
    for (const auto& a : book.agents)
        if (!a.email.empty() && same_email(a.email, email)) return a.id;
    return {};
}

void print_refusal(const NewEntry& n, const Book& book) {
    std::string text;
    std::size_t later = 0;
    for (const auto& d : n.problems) {
        if (n.on_entry(d)) text += fmt::format("salesrep: error: {}\n", shown_text(d.message));
        else ++later;
    }
    if (later) {
        text += fmt::format("salesrep: error: this entry would make {} later entr{} wrong:\n", later,
                            later == 1 ? "y" : "ies");
        for (const auto& d : n.problems)
            if (!n.on_entry(d)) text += render(d, book.sources);
    }
    std::fputs(text.c_str(), stderr);
}

// The file `e` is appended to: under files: write_to:, the file of its agent
// (created when missing); else the last ledger file.
std::string ledger_for(const Book& book, const Entry& e) {
    const Settings& s = book.settings;
    if (s.write_to.empty()) {
        if (book.ledger_files.empty())
            refuse("the book has no ledger file to append to: 'files: ledger:' in salesrep.yaml matches no file; "
                   "create the file (it may be empty) or name one");
        return book.ledger_files.back();
    }
    if (e.agent.empty())
        refuse(fmt::format("no agent is known for this entry, and 'files: write_to: {}' writes each entry to the file "
                           "of its agent; say who you are with --by AGENT or $SALESREP_AGENT, or set 'git config "
                           "user.email' to your email in the team file",
                           s.write_to));
    std::string rel = write_to_path(s, e.agent);
    const std::string& root = book.root;
    if (root.empty() || root == ".") return rel;
    return root + (root.back() == '/' ? "" : "/") + rel;
}

// Completes `e` (date, time, agent, then `complete` for what needs the book),
// checks it against the book and appends it. Returns the exit status.
// A string the new entry may view for the rest of the process.
std::string_view keep(std::string s) { return scratch_arena().keep(std::move(s)); }

int write_entry(const Globals& g, const WriteOptions& w, std::string_view command, Entry e,
                const std::function<void(Entry&, const Book&)>& complete = {}) {
    std::optional<Date> date;
    if (!w.date.empty()) date = date_arg(command, "--date", w.date);
    if (!w.time.empty()) {
        auto t = parse_time(w.time);
        if (!t) usage(command, fmt::format("--time '{}' is not a time; write HH:MM from 00:00 to 23:59", w.time));
        e.time = *t;
    }

    // The book's directory is locked from before the book is read until the
    // line is appended (a lock not had within --wait refuses the write).
    std::optional<DirectoryLock> lock;
    if (!w.dry_run) {
        BookLocation loc = find_book(g.book, std::getenv("SALESREP_BOOK"));
        if (loc.error.empty()) lock.emplace(loc.root);
        if (lock && !lock->error().empty()) refuse(lock->error() + "; nothing was written");
    }
    Loaded loaded = load_checked(g);
    const Book& book = loaded.book;
    e.date = date.value_or(loaded.today);
    e.agent = keep(resolve_agent(w, book));
    if (complete) complete(e, book);
    const std::string ledger = ledger_for(book, e);
    // allow_outside lets a book read files elsewhere, never write there: the
    // book may come from anyone, and a ledger line is text a shell would run.
    if (std::string outside = outside_error(book.root, ledger, ledger, "the book's directory"); !outside.empty())
        refuse(outside + ": salesrep appends only to a ledger inside the book, even with allow_outside");

    NewEntry n = check_new_entry(book, e, loaded.today, ledger);
    if (!n.ok()) {
        print_refusal(n, book);
        return 1;
    }
    if (e.date > loaded.today && !g.quiet)
        fmt::print(stderr, "salesrep: warning: the entry is dated {}, after today ({}); reports ignore it until then\n",
                   format_date(e.date), format_date(loaded.today));
    if (w.dry_run) {
        fmt::print("{}\n", n.line);
        std::fflush(stdout);
        return 0;
    }
    std::string error = book.settings.write_to.empty() ? std::string() : create_parent_directories(ledger);
    if (error.empty()) error = append_line(ledger, n.line);
    if (!error.empty()) refuse(error + "; nothing was written");
    if (!g.quiet) fmt::print(stderr, "{}\n", n.line);
    return 0;
}

// Registers a writing command with the options they all share.
CLI::App* add_write_command(CLI::App& app, const char* name, const char* description, const std::string& usage_text,
                            const std::string& examples, WriteOptions& w) {
    CLI::App* sub = app.add_subcommand(name, description);
    sub->footer(usage_text +
                "\n\nWho did it: --by, else $SALESREP_AGENT, else the agent whose email is 'git config user.email'\n"
                "in the book's directory, else nobody (the ledger then credits the deal's or client's owner).\n"
                "The entry is checked against the whole book first (ids, open or closed deal, stage, dates,\n"
                "amounts, and every later entry); a right one is appended as one line to the last ledger file\n"
                "(with 'files: write_to:', to the file of its agent, created when missing; a write whose agent\n"
                "is not known is then refused) and echoed on stderr (not with -q). Dated today (--today)\n"
                "unless --date says otherwise.\n"
                "Exit status: 0 written, 1 refused (nothing written), 2 wrong usage.\n\n"
                "Examples:\n" + examples);
    sub->add_option("--by", w.by, "The agent who did it (default: $SALESREP_AGENT, else git's user.email)");
    sub->add_option("--date", w.date, "The entry's day, YYYY-MM-DD (default: today)");
    sub->add_option("--time", w.time, "The entry's time, HH:MM (default: none)");
    sub->add_flag("--dry-run", w.dry_run, "Print the line that would be appended (stdout) and write nothing");
    return sub;
}

Entry new_entry(Kind kind, std::string target) {
    Entry e;
    e.kind = kind;
    e.target = keep(std::move(target));
    return e;
}

void set_note(Entry& e, const CLI::Option* opt, const std::string& note) {
    if (opt->count() == 0) return;
    e.note = keep(note);
    e.has_note = true;
}

// What `--help` says of a writing command.
struct WriteHelp {
    const char* name;
    const char* summary;
    std::string usage_text, examples;
};

// How a writing command makes its entry: `fill` from its arguments (when the
// command line is parsed), `complete` from the book (when it is read).
struct EntryMaker {
    std::function<void(Entry&)> fill;
    std::function<void(Entry&, const Book&)> complete;
};

// A writing command whose first argument is its entry's target (a deal or a
// client): on a run, the entry of `kind` on it, made by `make`, then checked
// and appended. `o` holds the target and the options every writer has.
template <class Options>
CLI::App* add_entry_command(CLI::App& app, const Globals& g, const WriteHelp& h, Kind kind,
                            const std::shared_ptr<Options>& o, std::string Options::*target, const char* target_help,
                            EntryMaker make) {
    CLI::App* sub = add_write_command(app, h.name, h.summary, h.usage_text, h.examples, o->w);
    const char* what = kind == Kind::client || kind == Kind::invoice || kind == Kind::payment ? "CLIENT" : "DEAL";
    sub->add_option(what, (*o).*target, target_help)->required();
    sub->callback([&g, o, kind, target, name = h.name, make] {
        Entry e = new_entry(kind, (*o).*target);
        if (make.fill) make.fill(e);
        throw Exit{write_entry(g, o->w, name, std::move(e), make.complete)};
    });
    return sub;
}

// ---- log KIND TARGET ["NOTE"] ----

struct LogOptions {
    WriteOptions w;
    std::string kind, target, note, next, next_what;
};

int run_log(const Globals& g, const LogOptions& o, const CLI::Option* note, const CLI::Option* next_what) {
    static const std::vector<std::string_view> kinds{"call", "meeting", "email", "demo", "visit", "message", "note"};
    auto kind = parse_kind(o.kind);
    if (!kind || !(is_interaction(*kind) || *kind == Kind::note)) {
        std::string hint;
        if (kind) {
            const char* cmd = *kind == Kind::stage     ? "move DEAL STAGE"
                              : *kind == Kind::payment ? "pay CLIENT AMOUNT"
                              : *kind == Kind::invoice ? "invoice CLIENT AMOUNT"
                              : *kind == Kind::open    ? "open DEAL CLIENT AMOUNT"
                              : *kind == Kind::client  ? "add-client CLIENT \"NAME\""
                                                       : nullptr;
            hint = fmt::format("; use 'salesrep {}'", cmd ? cmd : std::string(kind_name(*kind)) + " DEAL ...");
        } else {
            hint = suggestion_suffix(o.kind, kinds);
        }
        usage("log", fmt::format("'{}' is not a kind that 'log' writes{}; kinds: call, meeting, email, demo, visit, "
                                 "message, note", o.kind, hint));
    }
    Entry e = new_entry(*kind, o.target);
    set_note(e, note, o.note);
    if (*kind == Kind::note && !e.has_note) usage("log", "'log note' needs the note's text, e.g. log note acme \"...\"");
    if (!o.next.empty()) {
        if (*kind == Kind::note)
            usage("log", "--next goes with an interaction (call, meeting, email, demo, visit, message), not a note");
        e.next_date = date_arg("log", "--next", o.next);
    }
    if (next_what->count()) {
        if (!e.next_date) usage("log", "--next-what needs --next DATE: the next action has a day");
        e.next_what = keep(o.next_what);
        e.has_next_what = true;
    }
    return write_entry(g, o.w, "log", std::move(e));
}

void setup_log(CLI::App& app, Globals& g) {
    auto o = std::make_shared<LogOptions>();
    CLI::App* sub = add_write_command(
        app, "log", "Log an interaction or a note on a deal or client",
        "salesrep log KIND TARGET [\"NOTE\"]: KIND is call, meeting, email, demo, visit, message (the\n"
        "interactions, which count as contact) or note (a remark; its text is required). TARGET is a\n"
        "deal or a client. --next DATE (and --next-what) also sets the deal's next action: a day from\n"
        "the entry's on (today, or the --date of a backdated entry); one in the past is refused.",
        "  salesrep log call vesta-expansion \"CFO wants a 3-year quote\" --next 2026-12-03 --next-what \"Send quote\"\n"
        "  salesrep log meeting hartmann-support --by alice --time 14:30\n"
        "  salesrep log note vesta \"New CFO from January\" --dry-run",
        o->w);
    sub->add_option("KIND", o->kind, "call, meeting, email, demo, visit, message or note")->required();
    sub->add_option("TARGET", o->target, "The deal or client")->required();
    CLI::Option* note = sub->add_option("NOTE", o->note, "What happened (quote it)");
    sub->add_option("--next", o->next, "The deal's next action is due on this day, YYYY-MM-DD");
    CLI::Option* next_what = sub->add_option("--next-what", o->next_what, "What the next action is (with --next)");
    sub->callback([&g, o, note, next_what] { throw Exit{run_log(g, *o, note, next_what)}; });
}

// ---- move / won / lost / reopen / next / set: a deal's history ----

struct DealOptions {
    WriteOptions w;
    std::string deal, stage, amount, note, reason;
    std::vector<std::string> rest;  // next: WHAT words; set: KEY=VALUE pairs
    std::string date;               // next: DATE
    const CLI::Option* note_opt = nullptr;
    const CLI::Option* amount_opt = nullptr;
};

// A writing command on a deal (DEAL, its first argument).
CLI::App* add_deal_command(CLI::App& app, const Globals& g, const WriteHelp& h, Kind kind,
                           const std::shared_ptr<DealOptions>& o, EntryMaker make) {
    return add_entry_command(app, g, h, kind, o, &DealOptions::deal, "The deal", std::move(make));
}

void setup_move(CLI::App& app, Globals& g) {
    auto o = std::make_shared<DealOptions>();
    CLI::App* sub = add_deal_command(
        app, g,
        {"move", "Move a deal to another stage of its pipeline (forward or back)",
         "salesrep move DEAL STAGE: the stage must be one of the deal's pipeline (not won or lost: use\n"
         "'salesrep won' and 'salesrep lost'), and not the one it is in.",
         "  salesrep move vesta-expansion solution\n"
         "  salesrep move nimbus-onboarding qualified --by fatima --date 2026-11-25\n"
         "  salesrep move millbrook-support negotiation --dry-run"},
        Kind::stage, o, {[o](Entry& e) { e.stage = keep(o->stage); }, {}});
    sub->add_option("STAGE", o->stage, "The stage it moves to")->required();
}

void setup_won(CLI::App& app, Globals& g) {
    auto o = std::make_shared<DealOptions>();
    CLI::App* sub = add_deal_command(
        app, g,
        {"won", "Close a deal as won",
         "salesrep won DEAL [AMOUNT]: the deal must be open. AMOUNT (default: its current amount) becomes\n"
         "its amount; it may carry the book's currency code ('52000 EUR').",
         "  salesrep won hartmann-support 112000\n"
         "  salesrep won kestrel-support-2027 --note \"Signed after the second demo\"\n"
         "  salesrep won parcelpath-webshop 23000.50 --by gustavo --time 16:45 --dry-run"},
        Kind::won, o,
        {[o](Entry& e) { set_note(e, o->note_opt, o->note); },
         [o](Entry& e, const Book& b) {
             if (o->amount_opt->count() > 0) e.amount = amount_arg(o->amount, b, Kind::won);
         }});
    o->amount_opt = sub->add_option("AMOUNT", o->amount, "The won amount (default: the deal's amount)");
    o->note_opt = sub->add_option("-m,--note", o->note, "A note on the win");
}

void setup_lost(CLI::App& app, Globals& g) {
    auto o = std::make_shared<DealOptions>();
    CLI::App* sub = add_deal_command(
        app, g,
        {"lost", "Close a deal as lost",
         "salesrep lost DEAL [--reason R]: the deal must be open; the reason shows in its story.",
         "  salesrep lost copperleaf-webshop --reason \"Chose a competitor\"\n"
         "  salesrep lost zephyr-webshop --reason \"No budget\" --note \"Try again in Q3\"\n"
         "  salesrep lost hollis-webshop --by bruno --dry-run"},
        Kind::lost, o,
        {[o](Entry& e) {
             e.change_details().reason = keep(o->reason);
             set_note(e, o->note_opt, o->note);
         },
         {}});
    sub->add_option("--reason", o->reason, "Why it was lost");
    o->note_opt = sub->add_option("-m,--note", o->note, "A note on the loss");
}

void setup_reopen(CLI::App& app, Globals& g) {
    auto o = std::make_shared<DealOptions>();
    CLI::App* sub = add_deal_command(
        app, g,
        {"reopen", "Open a closed (won or lost) deal again",
         "salesrep reopen DEAL [STAGE]: the deal must be closed; it is open again in STAGE (default: the\n"
         "stage it closed in), which it enters anew.",
         "  salesrep reopen valmont-erp\n"
         "  salesrep reopen rivemont-support proposal --by carol\n"
         "  salesrep reopen voltiq-expansion --dry-run"},
        Kind::reopen, o, {[o](Entry& e) { e.stage = keep(o->stage); }, {}});
    sub->add_option("STAGE", o->stage, "The stage it reopens in (default: the one it closed in)");
}

void setup_next(CLI::App& app, Globals& g) {
    auto o = std::make_shared<DealOptions>();
    CLI::App* sub = add_deal_command(
        app, g,
        {"next", "Set a deal's next planned action",
         "salesrep next DEAL DATE WHAT: the deal must be open; WHAT may be several words. DATE is not\n"
         "before the entry's day (today, or --date: a backdated entry records what was planned then).",
         "  salesrep next hartmann-support 2026-12-02 \"Send the revised quote\"\n"
         "  salesrep next vesta-expansion 2026-12-01 Call the CFO\n"
         "  salesrep next nimbus-onboarding 2026-11-30 \"Book a demo\" --by fatima --dry-run"},
        Kind::next, o,
        {[o](Entry& e) {
             e.next_date = date_arg("next", "DATE", o->date);
             std::string what;
             for (const auto& word : o->rest) what += (what.empty() ? "" : " ") + word;
             e.next_what = keep(std::move(what));
             e.has_next_what = true;
         },
         {}});
    sub->add_option("DATE", o->date, "When, YYYY-MM-DD")->required();
    sub->add_option("WHAT", o->rest, "What to do")->required();
}

// set DEAL KEY=VALUE...: the keys and what they set.
struct SetPair {
    std::string key, value;
};

SetPair split_pair(const std::string& arg) {
    static const std::vector<std::string_view> keys{"amount", "close", "probability", "owner", "title", "category"};
    std::size_t eq = arg.find_first_of("=:");
    if (eq == std::string::npos || eq == 0)
        usage("set", fmt::format("'{}' is not KEY=VALUE; keys: amount, close, probability, owner, title, category", arg));
    SetPair p{arg.substr(0, eq), arg.substr(eq + 1)};
    if (std::find(keys.begin(), keys.end(), p.key) == keys.end()) {
        std::string hint = suggestion_suffix(p.key, keys);
        for (auto k : keys)
            if (hint.empty() && k.substr(0, p.key.size()) == p.key) hint = fmt::format(" (did you mean '{}'?)", k);
        usage("set", fmt::format("unknown key '{}'{}; keys: amount, close, probability, owner, title, category", p.key, hint));
    }
    return p;
}

// What set's KEY=VALUE pairs set, but the amount (which needs the book's currency).
void set_fields(Entry& e, const std::vector<std::string>& args) {
    std::vector<std::string> seen;
    SetFields& set = e.change_details().set;  // once: each call gives the entry a new copy
    for (const auto& arg : args) {
        const SetPair p = split_pair(arg);
        if (std::find(seen.begin(), seen.end(), p.key) != seen.end()) usage("set", fmt::format("'{}' is given twice", p.key));
        seen.push_back(p.key);
        if (p.key == "close") set.close = date_arg("set", "close", p.value);
        if (p.key == "owner") {
            if (p.value.empty()) usage("set", "owner= needs an agent id");
            set.owner = keep(p.value);
        }
        if (p.key == "title") set.title = keep(p.value);
        if (p.key == "category") {
            if (p.value == "-") set.clear_category = true;
            else set.category = category_arg(p.value, " (or '-' to drop the override)");
        }
        if (p.key == "probability") {
            if (p.value == "-") set.clear_probability = true;
            else set.probability = probability_arg(p.value, " (or '-' to drop the override)");
        }
    }
}

void setup_set(CLI::App& app, Globals& g) {
    auto o = std::make_shared<DealOptions>();
    CLI::App* sub = add_deal_command(
        app, g,
        {"set", "Re-forecast a deal: amount, expected close, probability, owner, title, category",
         "salesrep set DEAL KEY=VALUE...: keys amount (>= 0), close (YYYY-MM-DD, the expected close),\n"
         "probability (0-100 overrides the stage's until 'probability=-' drops it), owner (an agent) and\n"
         "title, category (pipeline, best_case, commit or omitted: the deal's own forecast category,\n"
         "overriding the stage's and the probability's until 'category=-' drops it; omitted leaves the\n"
         "deal out of every forecast figure). The deal must be open.",
         "  salesrep set hartmann-support amount=120000 close=2027-02-15\n"
         "  salesrep set vesta-expansion probability=20 owner=carol\n"
         "  salesrep set eaux-sud-analytics category=pipeline\n"
         "  salesrep set lumen-platform probability=- \"title=Platform licence, 30 seats\" --dry-run"},
        Kind::set, o,
        {[o](Entry& e) { set_fields(e, o->rest); },
         [o](Entry& e, const Book& b) {
             for (const auto& arg : o->rest)
                 if (const SetPair p = split_pair(arg); p.key == "amount")
                     e.change_details().set.amount = amount_arg(p.value, b, Kind::set);
         }});
    sub->add_option("KEY=VALUE", o->rest, "What changes")->required();
}

// ---- invoice / pay: a client's balance ----

struct MoneyOptions {
    WriteOptions w;
    std::string client, amount, ref, note;
    const CLI::Option* note_opt = nullptr;
};

void setup_money(CLI::App& app, Globals& g, Kind kind) {
    auto o = std::make_shared<MoneyOptions>();
    bool invoice = kind == Kind::invoice;
    CLI::App* sub = add_entry_command(
        app, g,
        {invoice ? "invoice" : "pay",
         invoice ? "Invoice a client: it owes AMOUNT more" : "Record a client's payment of AMOUNT",
         invoice ? "salesrep invoice CLIENT AMOUNT [--ref R]: AMOUNT > 0, optionally with the book's currency\n"
                   "code; written as an 'invoice' entry."
                 : "salesrep pay CLIENT AMOUNT [--ref R]: AMOUNT > 0, optionally with the book's currency code;\n"
                   "written as a 'payment' entry.",
         invoice ? "  salesrep invoice acme 52000 --ref INV-2026-117\n"
                   "  salesrep invoice hartmann \"4150.71 EUR\" --ref INV-2026-118 --note \"Pilot\"\n"
                   "  salesrep invoice vesta 12000 --dry-run"
                 : "  salesrep pay acme 26000 --ref INV-2026-117\n"
                   "  salesrep pay lumen 8450.00 --date 2026-11-20 --note \"Wire transfer\"\n"
                   "  salesrep pay orion 55500 --ref INV-2026-041 --dry-run"},
        kind, o, &MoneyOptions::client, "The client",
        {[o](Entry& e) {
             e.ref = keep(o->ref);
             set_note(e, o->note_opt, o->note);
         },
         [o, kind](Entry& e, const Book& b) { e.amount = amount_arg(o->amount, b, kind); }});
    sub->add_option("AMOUNT", o->amount, "The amount, > 0")->required();
    sub->add_option("--ref", o->ref, "A label, e.g. the invoice number");
    o->note_opt = sub->add_option("-m,--note", o->note, "A note");
}

// ---- open / add-client: new deals and clients, as ledger entries ----

struct OpenOptions {
    WriteOptions w;
    std::string deal, client, amount, title, stage, close, pipeline, probability, category, source;
    const CLI::Option* title_opt = nullptr;
};

void setup_open(CLI::App& app, Globals& g) {
    auto o = std::make_shared<OpenOptions>();
    CLI::App* sub = add_entry_command(
        app, g,
        {"open", "Open a new deal (an 'open' entry: no edit of deals.yaml)",
         "salesrep open DEAL CLIENT AMOUNT [\"TITLE\"]: DEAL is a new id (no deal or client has it, in the\n"
         "YAML files or the ledger); CLIENT must exist on the entry's day. The deal is opened that day, owned\n"
         "by the agent who writes it (--by ...), else by the client's owner, in --stage (default: its\n"
         "pipeline's first stage). It is then the same deal as one written in deals.yaml with 'opened:'.",
         "  salesrep open acme-renewal-2027 acme 48000 \"Renewal 2027, 40 seats\" --close 2027-03-31\n"
         "  salesrep open vesta-pilot vesta 12000 --stage qualified --probability 30 --by carol\n"
         "  salesrep open lumen-support lumen 9000 --pipeline services --source \"Trade fair\" --dry-run"},
        Kind::open, o, &OpenOptions::deal, "The new deal's id",
        {[o](Entry& e) {
             set_note(e, o->title_opt, o->title);
             EntryDetails& d = e.change_details();  // once: each call gives the entry a new copy
             RecordFields& r = d.record;
             r.client = keep(o->client);
             r.pipeline = keep(o->pipeline);
             r.source = keep(o->source);
             e.stage = keep(o->stage);
             SetFields& x = d.set;
             if (!o->close.empty()) x.close = date_arg("open", "--close", o->close);
             if (!o->probability.empty()) x.probability = probability_arg(o->probability);
             if (!o->category.empty()) x.category = category_arg(o->category);
         },
         [o](Entry& e, const Book& b) { e.amount = amount_arg(o->amount, b, Kind::open); }});
    sub->add_option("CLIENT", o->client, "Its client")->required();
    sub->add_option("AMOUNT", o->amount, "Its expected revenue, >= 0")->required();
    o->title_opt = sub->add_option("TITLE", o->title, "What is sold (quote it)");
    sub->add_option("--stage", o->stage, "The stage it opens in (default: its pipeline's first)");
    sub->add_option("--close", o->close, "Its expected close, YYYY-MM-DD");
    sub->add_option("--pipeline", o->pipeline, "Its pipeline (default: its client's segment's, else the first)");
    sub->add_option("--probability", o->probability, "A win probability 0-100 that overrides the stage's");
    sub->add_option("--category", o->category, "Its forecast category: pipeline, best_case, commit or omitted");
    sub->add_option("--source", o->source, "Where it came from (free text)");
}

struct ClientOptions {
    WriteOptions w;
    std::string client, name, industry, segment, contact, title, email, phone;
};

void setup_add_client(CLI::App& app, Globals& g) {
    auto o = std::make_shared<ClientOptions>();
    CLI::App* sub = add_entry_command(
        app, g,
        {"add-client", "Add a new client (a 'client' entry: no edit of clients.yaml)",
         "salesrep add-client CLIENT \"NAME\": CLIENT is a new id (no client or deal has it, in the YAML files\n"
         "or the ledger). The client exists from the entry's day on, owned by the agent who writes it\n"
         "(--by ...; none when nobody is known), with its contact: the person, their job title, email and\n"
         "phone. It is then the same client as one written in clients.yaml.",
         "  salesrep add-client kestrel \"Kestrel Logistics GmbH\" --industry Logistics --segment smb\n"
         "  salesrep add-client orion \"Orion Foods\" --contact \"Ana Ruiz\" --title \"Head of IT\" --by carol\n"
         "  salesrep add-client lumen \"Lumen AG\" --email buying@lumen.example --phone \"+49 30 1234\" --dry-run"},
        Kind::client, o, &ClientOptions::client, "The new client's id",
        {[o](Entry& e) {
             if (o->name.empty()) usage("add-client", "the client's NAME is empty; write the company's name in quotes");
             RecordFields& r = e.change_details().record;
             r.name = keep(o->name);
             r.industry = keep(o->industry);
             r.segment = keep(o->segment);
             r.contact = keep(o->contact);
             r.job_title = keep(o->title);
             r.email = keep(o->email);
             r.phone = keep(o->phone);
         },
         {}});
    sub->add_option("NAME", o->name, "The company's name (quote it)")->required();
    sub->add_option("--industry", o->industry, "Its industry (free text)");
    sub->add_option("--segment", o->segment, "Its segment (an id; a pipeline may list it in its segments)");
    sub->add_option("--contact", o->contact, "The contact person's name");
    sub->add_option("--title", o->title, "The contact's job title");
    sub->add_option("--email", o->email, "The contact's email");
    sub->add_option("--phone", o->phone, "The contact's phone number");
}

}  // namespace

void setup_write(CLI::App& app, Globals& g) {
    setup_log(app, g);
    setup_move(app, g);
    setup_won(app, g);
    setup_lost(app, g);
    setup_reopen(app, g);
    setup_next(app, g);
    setup_set(app, g);
    setup_money(app, g, Kind::invoice);
    setup_money(app, g, Kind::payment);
    setup_open(app, g);
    setup_add_client(app, g);
}

}  // namespace salesrep::cli
