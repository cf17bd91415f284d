// salesrep init [DIR]: a new book holding the Northwind example.
#include "cli.hpp"
#include "salesrep/io.hpp"
#include "embedded.hpp"

#include <filesystem>
#include <fmt/format.h>
#include <fstream>

namespace fs = std::filesystem;

namespace salesrep::cli {

namespace {
struct InitOptions {
    std::string dir = ".";
};

int run_init(const Globals& g, const InitOptions& o) {
    fs::path dir = o.dir;
    std::error_code ec;
    if (fs::exists(dir / "salesrep.yaml", ec)) {
        fmt::print(stderr, "salesrep: error: '{}' already holds a book (salesrep.yaml); init never overwrites a book\n",
                   dir.string());
        return 1;
    }
    // Refuse before writing anything if any file of the example is in the way.
    for (std::size_t i = 0; i < example_file_count; ++i) {
        fs::path p = dir / example_files[i].path;
        if (fs::exists(fs::symlink_status(p, ec))) {  // a dangling link counts: never written through
            fmt::print(stderr, "salesrep: error: '{}' exists; init writes only into a directory without these files\n",
                       p.string());
            return 1;
        }
    }
    for (std::size_t i = 0; i < example_file_count; ++i) {
        fs::path p = dir / example_files[i].path;
        fs::create_directories(p.parent_path().empty() ? fs::path(".") : p.parent_path(), ec);
        if (ec) {
            fmt::print(stderr, "salesrep: error: cannot create '{}': {}\n", p.parent_path().string(), ec.message());
            return 1;
        }
        // O_EXCL | O_NOFOLLOW: never through a (dangling) symbolic link left in DIR
        std::string error = write_new_file(
            p.string(), std::string_view(reinterpret_cast<const char*>(example_files[i].data), example_files[i].size));
        if (!error.empty()) {
            fmt::print(stderr, "salesrep: error: {}\n", error);
            return 1;
        }
    }
    if (!g.quiet)
        fmt::print("Created a new book in {} (the Northwind Traders example).\n"
                   "Try:  salesrep -C {} check\n"
                   "      salesrep -C {} priority\n",
                   dir.string(), dir.string(), dir.string());
    return 0;
}
}  // namespace

void setup_init(CLI::App& app, Globals& g) {
    auto opts = std::make_shared<InitOptions>();
    CLI::App* sub = app.add_subcommand("init", "Create a new book (with the Northwind example in it)");
    sub->footer(
        "Writes salesrep.yaml, funnel.yaml, team.yaml, clients.yaml, deals.yaml,\n"
        "targets.yaml and two ledger files into DIR (default: the current directory),\n"
        "holding the Northwind Traders example. Edit them to make the book yours.\n"
        "Refuses to overwrite an existing book or any of those files.\n\n"
        "Examples:\n"
        "  salesrep init mybook && cd mybook && salesrep check\n"
        "  salesrep init");
    sub->add_option("DIR", opts->dir, "Directory of the new book (created if missing)");
    sub->callback([&g, opts] { throw Exit{run_init(g, *opts)}; });
}

}  // namespace salesrep::cli
