// load_book (src/io/book_io.cpp) on files: a big ledger is read in slices on
// several cores, and must give exactly what one parse of the whole text gives.
#include "salesrep/io.hpp"
#include "salesrep/yaml_cache.hpp"

#include "book_fixture.hpp"
#include "temp_dir.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>
#include <vector>

using namespace salesrep;
using salesrep::testing::BookTexts;
using salesrep::testing::TempDir;
using salesrep::testing::write_file;

namespace {

std::string base_name(const std::string& path) { return path.substr(path.find_last_of('/') + 1); }

// "file:line kind target agent note" of every entry: what a slice could get wrong.
std::vector<std::string> entry_lines(const Book& b) {
    std::vector<std::string> v;
    v.reserve(b.entries.size());
    for (const Entry& e : b.entries)
        v.push_back(fmt::format("{}:{} {} {} {} [{}] [{}] {}", base_name(b.sources.files[e.file].path), e.line,
                                format_date(e.date), kind_name(e.kind), e.target, e.agent, e.note,
                                e.amount ? format_money(*e.amount) : "-"));
    return v;
}

std::vector<std::string> diag_lines(const Diags& diags, const Book& b) {
    std::vector<std::string> v;
    for (const Diagnostic& d : diags)
        v.push_back(fmt::format("{}:{}:{} {}", base_name(b.sources.files[d.pos.file].path), d.pos.line, d.pos.col,
                                d.message));
    return v;
}

}  // namespace

TEST_CASE("load_book: a big ledger read in slices gives what one parse of the whole file gives") {
    // ~26 MB: read as several slices per core. Comments, blank and CRLF lines,
    // escapes (kept in the arenas) and errors fall on every side of the cuts.
    std::string big;
    big.reserve(27u << 20);
    const char* kinds[] = {"call", "email", "meeting", "note", "payment"};
    for (int i = 0; big.size() < (26u << 20); ++i) {
        const int day = 1 + i % 28;
        if (i % 997 == 0) big += "; ---- a comment ----\n";
        if (i % 1009 == 0) big += "\n";
        if (i % 50021 == 0) big += fmt::format("2026-13-{:02} call acme-renewal\n", day);  // an error
        if (i % 70001 == 0) big += "   2026-10-01 call acme-renewal\n";                   // another
        const char* kind = kinds[i % 5];
        if (kind[0] == 'p')
            big += fmt::format("2026-10-{:02} payment acme {}.{:02}{}", day, i % 900 + 1, i % 100,
                               i % 13 == 0 ? "\r\n" : "\n");
        else
            big += fmt::format("2026-10-{:02} {} acme-renewal @alice \"note {} \\\"quoted\\\" {}\"{}", day, kind, i,
                               i % 7, i % 13 == 0 ? "\r\n" : "\n");
    }
    big += "2026-10-02 call acme-renewal \"no newline at the end\"";

    BookTexts t;
    t.settings += "files:\n  ledger: [ledger1.ledger, ledger2.ledger]\n";
    t.ledgers = {big, "2026-10-03 call acme-renewal\n; the end\n"};
    TempDir dir;
    write_file(dir.path + "/salesrep.yaml", t.settings);
    write_file(dir.path + "/funnel.yaml", t.funnel);
    write_file(dir.path + "/team.yaml", t.team);
    write_file(dir.path + "/clients.yaml", t.clients);
    write_file(dir.path + "/deals.yaml", t.deals);
    write_file(dir.path + "/ledger1.ledger", t.ledgers[0]);
    write_file(dir.path + "/ledger2.ledger", t.ledgers[1]);

    Diags want_diags, got_diags;
    const Book want = salesrep::testing::load_book(t, want_diags);  // each ledger parsed whole
    const Book got = load_book(dir.path, got_diags);

    REQUIRE(want.entries.size() > 400000);
    CHECK(got.entries.size() == want.entries.size());
    CHECK(entry_lines(got) == entry_lines(want));
    CHECK(diag_lines(got_diags, got) == diag_lines(want_diags, want));
    CHECK(want_diags.size() >= 15);  // the errors above, each at its line
    REQUIRE(got.ledger_files.size() == 2);
    CHECK(base_name(got.ledger_files[1]) == "ledger2.ledger");
}

TEST_CASE("read_file_buffer: a file's bytes, big or small, empty or without a last newline") {
    TempDir dir;
    std::string big;
    for (int i = 0; big.size() < (3u << 20); ++i) big += fmt::format("2026-10-01 call acme-renewal \"{}\"\n", i);
    big += "no newline at the end";
    for (const std::string& data : {big, std::string(1u << 20, 'x'), std::string("2026-10-01 call acme-renewal\n"),
                                    std::string()}) {
        write_file(dir.path + "/f.ledger", data);
        std::string error;
        std::size_t size = 12345;
        auto got = read_file_buffer(dir.path + "/f.ledger", size, error);
        REQUIRE(got != nullptr);
        CHECK(error.empty());
        REQUIRE(size == data.size());
        CHECK(std::string(got.get(), size) == data);
    }
    std::string error;
    std::size_t size = 0;
    CHECK(read_file_buffer(dir.path + "/missing.ledger", size, error) == nullptr);
    CHECK(error == "No such file or directory");
    CHECK(read_file_buffer(dir.path, size, error) == nullptr);
    CHECK(error == "is a directory, not a file");
}

TEST_CASE("load_book: the deals' index, built beside their parse or after, finds every deal") {
    // One deals file: its index is built by the job that read it (and, the
    // second time, loaded its cache). Two files: built after they are joined.
    std::string one = "deals:\n", two = "deals:\n";
    for (int i = 0; i < 3000; ++i)
        (i % 3 ? one : two) += fmt::format("  - {{ id: deal-{:04}, client: acme, title: T{}, owner: alice, amount: 1000, "
                                           "opened: 2026-01-05, stage: lead }}\n", (i * 7919) % 3000, i);
    for (int files = 1; files <= 2; ++files) {
        CAPTURE(files);
        BookTexts t;
        TempDir dir;
        write_file(dir.path + "/salesrep.yaml",
                   t.settings + (files == 1 ? "files:\n  deals: deals.yaml\n" : "files:\n  deals: [deals.yaml, more.yaml]\n"));
        write_file(dir.path + "/funnel.yaml", t.funnel);
        write_file(dir.path + "/team.yaml", t.team);
        write_file(dir.path + "/clients.yaml", t.clients);
        write_file(dir.path + "/deals.yaml", files == 1 ? one + two.substr(7) : one);
        if (files == 2) write_file(dir.path + "/more.yaml", two);
        for (int run = 0; run < 2; ++run) {  // the second run reads the parse cache (files >= 64 KiB)
            CAPTURE(run);
            Diags diags;
            const Book b = load_book(dir.path, diags);
            CHECK(diags.empty());
            REQUIRE(b.deals.size() == 3000);
            for (std::size_t i = 0; i < b.deals.size(); ++i)
                if (b.deal_index(b.deals[i].id) != static_cast<int>(i)) {
                    CHECK(b.deal_index(b.deals[i].id) == static_cast<int>(i));
                    break;
                }
            CHECK(b.deal_index("deal-3000") == -1);
        }
    }
}

TEST_CASE("load_book: a cache entry cut short, flipped or with bytes added is not used - the Book is the parse's") {
    // deals.yaml over 64 KiB goes through the parse cache (src/io/yaml_cache.cpp)
    std::string deals = "deals:\n";
    for (int i = 0; i < 1500; ++i)
        deals += fmt::format("  - {{ id: deal-{:04}, client: acme, title: Title-{:04}, owner: alice, amount: {}.{:02}, "
                             "opened: 2026-01-05, stage: lead }}\n", i, i, 1000 + i, i % 100);
    REQUIRE(deals.size() >= (64u << 10));
    BookTexts t;
    t.deals = deals;
    TempDir dir;
    write_file(dir.path + "/salesrep.yaml", t.settings);
    write_file(dir.path + "/funnel.yaml", t.funnel);
    write_file(dir.path + "/team.yaml", t.team);
    write_file(dir.path + "/clients.yaml", t.clients);
    write_file(dir.path + "/deals.yaml", deals);
    // what each deal is, as the reports would see it
    auto deal_lines = [](const Book& b) {
        std::vector<std::string> v;
        for (const Deal& d : b.deals)
            v.push_back(fmt::format("{} {} {} {} {} {}", d.id, d.client, d.title, d.owner, format_money(d.amount),
                                    format_date(d.opened)));
        return v;
    };
    Diags want_diags;
    const std::vector<std::string> want = deal_lines(salesrep::testing::load_book(t, want_diags));
    REQUIRE(want_diags.empty());
    REQUIRE(want.size() == 1500);

    const std::string entry = yaml_cache_file(dir.path, dir.path + "/deals.yaml");
    {
        Diags d;
        CHECK(deal_lines(load_book(dir.path, d)) == want);  // parsed, and stored in the cache
        CHECK(d.empty());
    }
    REQUIRE(std::filesystem::is_regular_file(entry));
    std::string good;
    {
        std::ifstream in(entry, std::ios::binary);
        good.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    const std::size_t title = good.find("Title-0777");
    REQUIRE(title != std::string::npos);
    std::string flipped = good;
    flipped[title + 9] = '8';  // a title the parse never gave, under the old checksum
    const std::vector<std::pair<std::string, std::string>> bad{
        {"a title changed", flipped},
        {"cut short", good.substr(0, good.size() / 2)},
        {"bytes added", good + "xyz"},
        {"empty", ""}};
    for (const auto& [what, bytes] : bad) {
        CAPTURE(what);
        write_file(entry, bytes);
        Diags d;
        CHECK(deal_lines(load_book(dir.path, d)) == want);
        CHECK(d.empty());
    }
}
