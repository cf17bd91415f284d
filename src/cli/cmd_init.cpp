// salesrep init [--empty] [DIR]: a new book, holding the Northwind example or
// nothing but a funnel, a team of one and empty lists; and the two git files
// that let a team share it (SPEC §1).
#include "cli.hpp"
#include "salesrep/io.hpp"
#include "embedded.hpp"

#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;

namespace salesrep::cli {

namespace {
struct InitOptions {
    std::string dir = ".";
    bool empty = false;
};

struct NewFile {
    std::string path;
    std::string text;
};

// The lines init puts into the book's git files: appended when the file exists
// without them (a book made inside an existing repository).
struct GitLine {
    const char* path;
    const char* line;
    const char* comment;
};
constexpr GitLine git_lines[] = {
    {".gitattributes", "*.ledger merge=union",
     "# salesrep: two clones that each appended ledger lines merge without a conflict (git keeps both sides' lines)"},
    {".gitignore", ".salesrep/", "# salesrep: the disposable parse cache"},
};

// An id ([A-Za-z0-9][A-Za-z0-9._-]*) made from a name or an email's local part:
// lower case, every run of other characters one '-'.
std::string make_id(std::string_view s) {
    std::string id;
    for (char c : s) {
        unsigned char u = static_cast<unsigned char>(c);
        bool word = std::isalnum(u) && u < 0x80;
        if (word || c == '.' || c == '_' || c == '-') {
            if (id.empty() && !word) continue;
            id += static_cast<char>(std::tolower(u));
        } else if (!id.empty() && id.back() != '-') {
            id += '-';
        }
    }
    while (!id.empty() && (id.back() == '-' || id.back() == '.' || id.back() == '_')) id.pop_back();
    return id;
}

// A YAML double-quoted scalar.
std::string yaml_quote(std::string_view s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\') out += '\\';
        if (static_cast<unsigned char>(c) < 0x20) continue;
        out += c;
    }
    return out + "\"";
}

struct FirstAgent {
    std::string id, name, email;
    bool from_git = false;
};

FirstAgent first_agent(const fs::path& dir) {
    std::error_code ec;
    fs::path where = fs::exists(dir, ec) ? dir : fs::path(".");
    FirstAgent a;
    a.name = git_config(where.string(), "user.name");
    a.email = git_config(where.string(), "user.email");
    std::string_view local = std::string_view(a.email).substr(0, a.email.find('@'));
    a.id = make_id(local);
    if (a.id.empty()) a.id = make_id(a.name);
    a.from_git = !a.id.empty();
    if (!a.from_git) a.id = "me";
    if (a.name.empty()) a.name = a.from_git ? a.id : "Me";
    return a;
}

// The files of `init --empty`: every file a book has, with a funnel of five
// stages, one team of one agent, and no clients, deals, targets or entries.
std::vector<NewFile> empty_book(const FirstAgent& a) {
    std::string email = a.email.empty() ? "" : fmt::format(", email: {}", yaml_quote(a.email));
    return {
        {"salesrep.yaml",
         "# The book's settings (salesrep-book(5)). Set the company's name and its currency.\n"
         "company: \"My company\"\n"
         "currency: EUR\n"
         "fiscal_year_start: 1\n"
         "files:\n"
         "  funnel: funnel.yaml\n"
         "  team: team.yaml\n"
         "  clients: clients.yaml\n"
         "  deals: deals.yaml\n"
         "  targets: targets.yaml\n"
         "  ledger: sales.ledger\n"
         "  # A team sharing the book in git may give each agent a ledger file of their own:\n"
         "  # replace the line above with these two.\n"
         "  #   ledger: ledger/*.ledger\n"
         "  #   write_to: ledger/{agent}.ledger\n"},
        {"funnel.yaml",
         "# The stages a deal goes through, in order; probability is the deal's status in %.\n"
         "stages:\n"
         "  - { id: lead,        name: Lead,        probability: 10, max_days: 14 }\n"
         "  - { id: qualified,   name: Qualified,   probability: 25, max_days: 21 }\n"
         "  - { id: proposal,    name: Proposal,    probability: 50, max_days: 21, category: best_case }\n"
         "  - { id: negotiation, name: Negotiation, probability: 75, max_days: 14, category: commit }\n"
         "  - { id: verbal,      name: Verbal yes,  probability: 90, max_days: 7, category: commit }\n"},
        {"team.yaml",
         fmt::format("# Teams and agents. An agent's email lets salesrep know who is writing (git's user.email).\n"
                     "teams:\n"
                     "  - {{ id: sales, name: Sales, lead: {} }}\n"
                     "agents:\n"
                     "  - {{ id: {}, name: {}{}, team: sales, role: lead }}\n",
                     a.id, a.id, yaml_quote(a.name), email)},
        {"clients.yaml", "# The clients: see salesrep-book(5) for a client's fields.\nclients: []\n"},
        {"deals.yaml", "# The deals as they were opened: see salesrep-book(5) for a deal's fields.\ndeals: []\n"},
        {"targets.yaml", "# Targets per agent, team or company and period: see salesrep-book(5).\ntargets: []\n"},
        {"sales.ledger",
         "# The ledger: one entry per line, appended by salesrep log, move, won, lost, invoice, pay...\n"},
    };
}

std::vector<NewFile> example_book() {
    std::vector<NewFile> files;
    for (std::size_t i = 0; i < example_file_count; ++i)
        files.push_back({example_files[i].path, std::string(reinterpret_cast<const char*>(example_files[i].data),
                                                            example_files[i].size)});
    return files;
}

// Writes a new file (O_EXCL | O_NOFOLLOW: never through a symbolic link left
// in DIR), or with `replace` a whole new version of one (a temporary file
// renamed into place, refusing a link at the target).
bool write_new(const fs::path& p, const std::string& text, bool replace = false) {
    std::error_code ec;
    fs::create_directories(p.parent_path().empty() ? fs::path(".") : p.parent_path(), ec);
    if (ec) {
        fmt::print(stderr, "salesrep: error: cannot create '{}': {}\n", p.parent_path().string(), ec.message());
        return false;
    }
    std::string error = replace ? write_file_replacing(p.string(), {text}) : write_new_file(p.string(), text);
    if (!error.empty()) print_error(error);
    return error.empty();
}

// Adds `g.line` to DIR/g.path unless a line of it already says so.
bool add_git_line(const fs::path& dir, const GitLine& g) {
    fs::path p = dir / g.path;
    std::string text;
    if (std::ifstream in(p, std::ios::binary); in) {
        std::stringstream ss;
        ss << in.rdbuf();
        text = ss.str();
        std::istringstream lines(text);
        for (std::string l; std::getline(lines, l);)
            if (l == g.line) return true;
    }
    const bool exists = !text.empty() || fs::exists(fs::symlink_status(p));
    if (!text.empty() && text.back() != '\n') text += '\n';
    text += fmt::format("{}\n{}\n", g.comment, g.line);
    return write_new(p, text, exists);
}

int run_init(const Globals& g, const InitOptions& o) {
    fs::path dir = o.dir;
    std::error_code ec;
    if (fs::exists(dir / "salesrep.yaml", ec)) {
        fmt::print(stderr, "salesrep: error: '{}' already holds a book (salesrep.yaml); init never overwrites a book\n",
                   dir.string());
        return 1;
    }
    FirstAgent agent;
    if (o.empty) agent = first_agent(dir);
    std::vector<NewFile> files = o.empty ? empty_book(agent) : example_book();
    // Refuse before writing anything if any file of the book is in the way.
    for (const auto& f : files) {
        fs::path p = dir / f.path;
        if (fs::exists(fs::symlink_status(p, ec))) {  // a dangling link counts: never written through
            fmt::print(stderr, "salesrep: error: '{}' exists; init writes only into a directory without these files\n",
                       p.string());
            return 1;
        }
    }
    for (const auto& f : files)
        if (!write_new(dir / f.path, f.text)) return 1;
    for (const auto& gl : git_lines)
        if (!add_git_line(dir, gl)) return 1;
    if (g.quiet) return 0;
    if (!o.empty) {
        fmt::print("Created a new book in {} (the Northwind Traders example).\n"
                   "Try:  salesrep -C {} check\n"
                   "      salesrep -C {} priority\n",
                   dir.string(), dir.string(), dir.string());
        return 0;
    }
    fmt::print("Created an empty book in {}: a funnel of 5 stages, the team 'sales' and its agent '{}'.\n", dir.string(),
               agent.id);
    if (!agent.from_git)
        fmt::print(stderr,
                   "salesrep: note: git has no user.name or user.email, so the agent is called 'me'; rename it in\n"
                   "team.yaml and give it your email ('git config user.email' then tells salesrep it is you),\n"
                   "or say who writes with --by AGENT or $SALESREP_AGENT.\n");
    fmt::print("Next: add your clients and deals (clients.yaml, deals.yaml), then\n"
               "      salesrep -C {} check\n",
               dir.string());
    return 0;
}
}  // namespace

void setup_init(CLI::App& app, Globals& g) {
    auto opts = std::make_shared<InitOptions>();
    CLI::App* sub = app.add_subcommand("init", "Create a new book (with the Northwind example in it, or empty)");
    sub->footer(
        "Writes salesrep.yaml, funnel.yaml, team.yaml, clients.yaml, deals.yaml,\n"
        "targets.yaml and the ledger into DIR (default: the current directory),\n"
        "holding the Northwind Traders example; with --empty, a funnel of 5 stages,\n"
        "one team whose one agent is you (git's user.name and user.email) and no\n"
        "clients, deals or entries. Edit them to make the book yours.\n"
        "Also adds '*.ledger merge=union' to DIR/.gitattributes (clones that each\n"
        "appended ledger lines merge without a conflict) and '.salesrep/' (the\n"
        "cache) to DIR/.gitignore, creating them when missing.\n"
        "Refuses to overwrite an existing book or any of its files.\n\n"
        "Examples:\n"
        "  salesrep init mybook && cd mybook && salesrep check\n"
        "  salesrep init --empty acme-sales\n"
        "  salesrep init");
    sub->add_option("DIR", opts->dir, "Directory of the new book (created if missing)");
    sub->add_flag("--empty", opts->empty, "A book without example data: a 5-stage funnel, one team, you as its agent");
    sub->callback([&g, opts] { throw Exit{run_init(g, *opts)}; });
}

}  // namespace salesrep::cli
