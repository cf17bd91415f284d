// The parse cache of YAML files (src/io/yaml_cache.cpp): exact round trips, and
// a miss (never a wrong parse, never a crash) on any change or corruption.
#include "salesrep/yaml_cache.hpp"
#include "salesrep/records.hpp"

#include "book_fixture.hpp"
#include "temp_dir.hpp"
#include "unprivileged.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

using namespace salesrep;
using salesrep::testing::read_bytes;
using salesrep::testing::TempDir;
using salesrep::testing::as_unprivileged;
using salesrep::testing::unprivileged_gid;
using salesrep::testing::unprivileged_uid;
using salesrep::testing::write_file;

namespace {

namespace fs = std::filesystem;


// Rewrites a file in place (no O_TRUNC: on ext4 a truncate-and-rewrite flushes
// to disk, which makes the thousands of rewrites below slow).
void overwrite(const std::string& path, std::string_view data) {
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
    REQUIRE(fd >= 0);
    bool ok = ::pwrite(fd, data.data(), data.size(), 0) == static_cast<ssize_t>(data.size()) &&
              ::ftruncate(fd, static_cast<off_t>(data.size())) == 0;
    ::close(fd);
    REQUIRE(ok);
}

// Sets the file's mtime (seconds, nanoseconds).
void set_mtime(const std::string& path, long sec, long nsec) {
    struct timespec ts[2] = {{sec, nsec}, {sec, nsec}};
    REQUIRE(::utimensat(AT_FDCWD, path.c_str(), ts, 0) == 0);
}

// ---- equality, field by field (each record's description, records.hpp) ----------------------

void same(const Diagnostic& a, const Diagnostic& b) {
    CHECK(a.severity == b.severity);
    CHECK(a.pos == b.pos);
    CHECK(a.message == b.message);
    CHECK(a.code == b.code);
}
void same(const YamlParse& a, const YamlParse& b) {
    CHECK(record::first_difference(a.pipelines, b.pipelines) == "");
    CHECK(record::first_difference(a.teams, b.teams) == "");
    CHECK(record::first_difference(a.agents, b.agents) == "");
    CHECK(record::first_difference(a.clients, b.clients) == "");
    CHECK(record::first_difference(a.deals, b.deals) == "");
    CHECK(record::first_difference(a.targets, b.targets) == "");
    CHECK(a.deals_order == b.deals_order);
    REQUIRE(a.diags.size() == b.diags.size());
    for (std::size_t i = 0; i < a.diags.size(); ++i) same(a.diags[i], b.diags[i]);
}

// ---- rich YAML texts: optional fields present and absent, errors in diags --------------------

const std::string funnel_yaml = R"(pipelines:
  - id: smb
    name: Small business
    segments: [smb, startup]
    stages:
      - { id: lead,      name: Lead,      probability: 10, max_days: 14 }
      - { id: proposal,  name: Proposal,  probability: 50, max_days: 21, category: best_case }
      - { id: verbal,    probability: 90, category: commit }
      - { id: oops,      probability: 20, category: comit }
  - id: enterprise
    segments: []
    stages:
      - { id: discovery, probability: 5 }
      - { id: contract,  probability: 75, colour: red }
)";

const std::string team_yaml = R"(teams:
  - { id: north, name: North region, lead: carol }
  - { id: south }
agents:
  - { id: alice, name: Alice Martin, team: north, email: alice@example.com }
  - { id: bruno, name: Bruno Costa }
  - { id: carol, name: Carol Díaz, team: north, role: lead }
  - { id: dave,  role: director }
  - { id: erin,  role: boss }
)";

const std::string clients_yaml = R"(clients:
  - id: acme
    name: ACME Industries SA
    industry: Manufacturing
    segment: enterprise
    owner: alice
    contact: { name: Jeanne Morel, title: CFO, email: j.morel@acme.example, phone: "+33 1 23 45 67 89" }
    opening_balance: 1200.50
  - { id: globex, name: Globex, segment: smb }
  - { id: initech, owner: bruno, opening_balance: -12.30 EUR }
  - { id: bad, opening_balance: 12 USD }
)";

const std::string deals_yaml = R"(deals:
  - id: acme-renewal
    client: acme
    title: Renewal 2027
    owner: alice
    amount: 48000.25
    opened: 2026-09-01
    stage: solution
    probability: 60
    expected_close: 2026-12-15
    next_action: { what: Send revised quote, due: 2026-11-28 }
    source: referral
    pipeline: enterprise
  - { id: globex-seats, client: globex, owner: bruno, amount: 3500, opened: 2026-10-02 }
  - { id: initech-pilot, client: initech, owner: carol, amount: 0, opened: 2026-10-03,
      next_action: { what: Call back } }
  - { id: broken, client: acme, owner: alice, amount: 10, opened: 2026-02-30 }
  - { id: typo, client: acme, owner: alice, amount: 1, opened: 2026-01-01, stagee: lead }
)";

const std::string targets_yaml = R"(targets:
  - { agent: alice,  period: 2026,    sales: 480000, deals_won: 24, calls: 900, meetings: 160 }
  - { agent: bruno,  period: 2026-Q4, sales: 150000.50 }
  - { team: north,   period: 2026-11, meetings: 60 }
  - { company: true, period: 2026,    sales: 2000000, collected: 1500000 }
  - { company: true, period: 2026-13, sales: 1 }
)";

Settings eur_april() {
    Settings s;
    s.currency = "EUR";
    s.fiscal_year_start = 4;
    return s;
}

YamlParse parse(YamlKind kind, std::string_view text, std::uint32_t file) {
    YamlParse p;
    Settings s = eur_april();
    switch (kind) {
    case YamlKind::funnel: parse_funnel(text, file, p.pipelines, p.diags); break;
    case YamlKind::team: parse_team(text, file, p.teams, p.agents, p.diags); break;
    case YamlKind::clients: parse_clients(text, file, s, p.clients, p.diags); break;
    case YamlKind::deals:
        parse_deals(text, file, s, p.deals, p.diags);
        p.deals_order = deals_in_id_order(p.deals);
        break;
    case YamlKind::targets: parse_targets(text, file, s, p.targets, p.diags); break;
    }
    return p;
}

const char* const kSettings = "EUR|4";
constexpr std::uint32_t kStoreFile = 3, kLoadFile = 7;

// The cache lives in $XDG_CACHE_HOME: a temporary one for these tests, never ~/.cache.
// (No TempDir: doctest's REQUIRE cannot run before main.)
struct CacheHome {
    std::string path;
    CacheHome() {
        char tmpl[] = "/tmp/salesrep-cache-test-XXXXXX";
        const char* p = ::mkdtemp(tmpl);
        path = p ? p : "/tmp/salesrep-cache-test";
        ::setenv("XDG_CACHE_HOME", path.c_str(), 1);
    }
    ~CacheHome() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
} const cache_home;

// A book directory with one YAML file whose parse is stored in the cache.
struct Cached {
    TempDir dir;
    std::string path;
    std::string text;
    YamlKind kind;
    std::string cache;  // the cache file

    Cached(YamlKind k, std::string t, std::string name) : path(dir.path + "/" + name), text(std::move(t)), kind(k) {
        write_file(path, text);
        YamlParse p = parse(kind, text, kStoreFile);
        store_yaml_cache(dir.path, path, text, kind, kSettings, kStoreFile, p);
        cache = yaml_cache_file(dir.path, path);
        REQUIRE(fs::is_regular_file(cache));
    }
    bool load(YamlParse& out, std::string_view settings = kSettings) const {
        return load_yaml_cache(dir.path, path, text, kind, settings, kLoadFile, out);
    }
    bool load() const {
        YamlParse out;
        return load(out);
    }
};

// A YamlParse that a miss must leave alone.
YamlParse sentinel() {
    YamlParse p;
    p.diags.push_back({Severity::warning, {1, 2, 3}, "untouched", DiagCode::none});
    return p;
}
bool untouched(const YamlParse& p) {
    return p.pipelines.empty() && p.deals.empty() && p.diags.size() == 1 && p.diags[0].message == "untouched";
}

// The layout the test knows (src/io/yaml_cache.cpp): a 32-byte header whose last
// 8 bytes are the XXH64 of the rest.
constexpr std::size_t kHeader = 32;
void fix_checksum(std::string& bytes) {
    std::uint64_t h = content_hash(std::string_view(bytes).substr(kHeader));
    std::memcpy(bytes.data() + 24, &h, 8);
}

}  // namespace

TEST_SUITE("yaml_cache") {

TEST_CASE("yaml cache: content_hash is XXH64 with seed 0") {
    CHECK(content_hash("") == 0xEF46DB3751D8E999ULL);
    CHECK(content_hash("a") == 0xD24EC4F1A98C6E5BULL);
    CHECK(content_hash("abc") == 0x44BC2CF5AD770999ULL);
    CHECK(content_hash("Hello, World!") == 0xC49AACF8080FE47FULL);
    CHECK(content_hash(std::string(32, 'a')) == 0x856E843298F99AD7ULL);
    CHECK(content_hash("0123456789abcdef0123456789abcdef") == 0x642A94958E71E6C5ULL);
    CHECK(content_hash("Nobody inspects the spammish repetition") == 0xFBCEA83C8A378BF1ULL);
    CHECK(content_hash("The quick brown fox jumps over the lazy dog") == 0x0B242D361FDA71BCULL);
    // every length and every byte counts
    std::string s(300, 'x');
    std::vector<std::uint64_t> seen;
    for (std::size_t n = 0; n <= s.size(); ++n) seen.push_back(content_hash(std::string_view(s).substr(0, n)));
    for (std::size_t i = 0; i < s.size(); i += 7) {
        std::string t = s;
        t[i] = 'y';
        seen.push_back(content_hash(t));
    }
    std::sort(seen.begin(), seen.end());
    CHECK(std::adjacent_find(seen.begin(), seen.end()) == seen.end());
}

TEST_CASE("yaml cache: the cache file is under $XDG_CACHE_HOME/salesrep/<book>, named by the path") {
    const std::string home = std::string(std::getenv("XDG_CACHE_HOME")) + "/salesrep/";
    std::string a = yaml_cache_file("/books/b", "/books/b/deals.yaml");
    CHECK(a.rfind(home, 0) == 0);
    CHECK(a.find("-b/") == home.size() + 16);  // <hash of /books/b>-b/
    CHECK(a.find("/books/b/") == std::string::npos);  // never inside the book
    CHECK(a.substr(a.size() - 15) == "-deals.yaml.bin");
    CHECK(yaml_cache_file("/books/b/", "/books/b/deals.yaml") == a);
    CHECK(yaml_cache_file("/books/b/../b", "/books/b/deals.yaml") == a);  // keyed by the real path
    CHECK(yaml_cache_file("/books/c", "/books/b/deals.yaml") != a);
    CHECK(yaml_cache_file("/books/b", "/books/b/deals/2026.yaml") != yaml_cache_file("/books/b", "/books/b/deals.yaml"));
    CHECK(yaml_cache_file("", "deals.yaml").rfind(home, 0) == 0);
    std::string odd = yaml_cache_file("b", "b/d e*?.yaml");
    CHECK(odd.substr(odd.size() - 15) == "-d_e__.yaml.bin");
}

TEST_CASE("yaml cache: an entry holding what the parser would refuse is a miss") {
    const std::string ok_deals = "deals:\n  - { id: a, client: c, owner: o, amount: 10, opened: 2026-01-01 }\n";
    Cached cached(YamlKind::deals, ok_deals, "deals.yaml");
    REQUIRE(cached.load());
    // Rewrite the entry's amount (10.00 = 1000 cents) as -1000 and repair the checksum:
    // a forged entry, as one shipped with a book would be.
    std::string bytes = read_bytes(cached.cache);
    const std::int64_t cents = 1000, forged = -1000;
    std::size_t at = bytes.find(std::string(reinterpret_cast<const char*>(&cents), 8), kHeader);
    REQUIRE(at != std::string::npos);
    std::memcpy(bytes.data() + at, &forged, 8);
    fix_checksum(bytes);
    overwrite(cached.cache, bytes);
    CHECK_FALSE(cached.load());
}

TEST_CASE("yaml cache: every kind round-trips exactly, positions moved to the file index of the run") {
    struct Case {
        YamlKind kind;
        const std::string* text;
        const char* name;
    };
    for (const Case& c : {Case{YamlKind::funnel, &funnel_yaml, "funnel.yaml"}, Case{YamlKind::team, &team_yaml, "team.yaml"},
                          Case{YamlKind::clients, &clients_yaml, "clients.yaml"},
                          Case{YamlKind::deals, &deals_yaml, "deals.yaml"},
                          Case{YamlKind::targets, &targets_yaml, "targets.yaml"}}) {
        CAPTURE(c.name);
        Cached cached(c.kind, *c.text, c.name);
        YamlParse expected = parse(c.kind, *c.text, kLoadFile);
        YamlParse got;
        REQUIRE(cached.load(got));
        same(got, expected);
        CHECK(!expected.diags.empty());  // each text has an error, carried by the cache
    }
}

TEST_CASE("yaml cache: the rich parse has what the round trip must carry") {
    // guards the texts above: optional fields both present and absent
    YamlParse f = parse(YamlKind::funnel, funnel_yaml, 0);
    REQUIRE(f.pipelines.size() == 2);
    CHECK(f.pipelines[0].stages[0].max_days == 14);
    CHECK(!f.pipelines[0].stages[2].max_days);
    CHECK(f.pipelines[0].stages[1].category == Category::best_case);
    CHECK(!f.pipelines[0].stages[0].category);
    YamlParse d = parse(YamlKind::deals, deals_yaml, 0);
    REQUIRE(d.deals.size() >= 3);
    REQUIRE(d.deals_order.size() == d.deals.size());
    for (std::size_t k = 1; k < d.deals_order.size(); ++k)
        CHECK(d.deals[static_cast<std::size_t>(d.deals_order[k - 1])].id < d.deals[static_cast<std::size_t>(d.deals_order[k])].id);
    CHECK(d.deals[0].probability == 60);
    CHECK(d.deals[0].next_action->due.has_value());
    CHECK(!d.deals[1].probability);
    CHECK(!d.deals[1].next_action);
    CHECK(!d.deals[1].expected_close);
    REQUIRE(d.deals[2].next_action.has_value());
    CHECK(!d.deals[2].next_action->due);
    YamlParse t = parse(YamlKind::targets, targets_yaml, 0);
    REQUIRE(t.targets.size() == 4);
    CHECK(t.targets[3].scope == Scope::company);
    CHECK(t.targets[2].scope == Scope::team);
    YamlParse c = parse(YamlKind::clients, clients_yaml, 0);
    REQUIRE(c.clients.size() >= 3);
    CHECK(c.clients[0].contact.phone == "+33 1 23 45 67 89");
    CHECK(c.clients[2].opening_balance == Money{-1230});
}

TEST_CASE("yaml cache: warnings, codes and positions outside the file round-trip as they are") {
    TempDir dir;
    std::string path = dir.path + "/deals.yaml";
    write_file(path, deals_yaml);
    YamlParse p = parse(YamlKind::deals, deals_yaml, kStoreFile);
    p.diags.push_back({Severity::warning, {kStoreFile, 4, 2}, "a warning", DiagCode::future_entry});
    p.diags.push_back({Severity::warning, {kStoreFile, 0, 0}, "the file as a whole", DiagCode::none});
    p.diags.push_back({Severity::error, {}, "no place", DiagCode::none});         // default {0,0,0}
    p.diags.push_back({Severity::error, {9, 1, 1}, "another file", DiagCode::none});
    p.diags.push_back({Severity::error, {kStoreFile, 1, 1}, std::string(100000, 'm'), DiagCode::none});
    p.deals[1].pipeline_pos = {};  // a position never set
    store_yaml_cache(dir.path, path, deals_yaml, YamlKind::deals, kSettings, kStoreFile, p);
    YamlParse got;
    REQUIRE(load_yaml_cache(dir.path, path, deals_yaml, YamlKind::deals, kSettings, kLoadFile, got));
    std::size_t n = got.diags.size();
    REQUIRE(n >= 5);
    same(got.diags[n - 5], Diagnostic{Severity::warning, {kLoadFile, 4, 2}, "a warning", DiagCode::future_entry});
    same(got.diags[n - 4], Diagnostic{Severity::warning, {kLoadFile, 0, 0}, "the file as a whole", DiagCode::none});
    same(got.diags[n - 3], Diagnostic{Severity::error, {0, 0, 0}, "no place", DiagCode::none});
    same(got.diags[n - 2], Diagnostic{Severity::error, {9, 1, 1}, "another file", DiagCode::none});
    CHECK(got.diags[n - 1].message.size() == 100000);
    CHECK(got.deals[1].pipeline_pos == SourcePos{0, 0, 0});
    CHECK(got.deals[1].pos == SourcePos{kLoadFile, p.deals[1].pos.line, p.deals[1].pos.col});
}

TEST_CASE("yaml cache: an empty parse and an empty file round-trip") {
    TempDir dir;
    std::string path = dir.path + "/targets.yaml";
    write_file(path, "");
    store_yaml_cache(dir.path, path, "", YamlKind::targets, kSettings, 0, YamlParse{});
    YamlParse got = sentinel();
    REQUIRE(load_yaml_cache(dir.path, path, "", YamlKind::targets, kSettings, 0, got));
    same(got, YamlParse{});
}

TEST_CASE("yaml cache: a deals order that does not hold each deal once is a miss") {
    Cached cached(YamlKind::deals, deals_yaml, "deals.yaml");
    YamlParse p = parse(YamlKind::deals, deals_yaml, kStoreFile);
    REQUIRE(p.deals.size() >= 3);
    const std::vector<int> good = p.deals_order;
    const int n = static_cast<int>(good.size());
    for (const std::vector<int>& bad : {std::vector<int>(good.begin(), good.end() - 1), std::vector<int>(good.size(), 0),
                                        [&] { auto v = good; v[0] = n; return v; }(),
                                        [&] { auto v = good; v[1] = -1; return v; }()}) {
        p.deals_order = bad;
        store_yaml_cache(cached.dir.path, cached.path, cached.text, YamlKind::deals, kSettings, kStoreFile, p);
        CHECK(!cached.load());
    }
    p.deals_order = good;
    store_yaml_cache(cached.dir.path, cached.path, cached.text, YamlKind::deals, kSettings, kStoreFile, p);
    CHECK(cached.load());
}

TEST_CASE("yaml cache: no entry is written for a parse far larger than its text") {
    Cached c(YamlKind::team, team_yaml, "team.yaml");
    fs::remove(c.cache);
    YamlParse p = parse(YamlKind::team, team_yaml, kStoreFile);
    YamlParse big = p;  // what an expansion (an alias bomb) would make of a small text
    big.diags.push_back({Severity::warning, {kStoreFile, 1, 1}, std::string(16 * team_yaml.size() + (2u << 20), 'x'),
                         DiagCode::none});
    store_yaml_cache(c.dir.path, c.path, c.text, YamlKind::team, kSettings, kStoreFile, big);
    CHECK_FALSE(fs::exists(c.cache));
    store_yaml_cache(c.dir.path, c.path, c.text, YamlKind::team, kSettings, kStoreFile, p);
    CHECK(fs::exists(c.cache));  // the same text with its real parse is cached
}

TEST_CASE("yaml cache: storing again replaces the entry - no temporary file is left") {
    Cached c(YamlKind::team, team_yaml, "team.yaml");
    std::string text2 = team_yaml + "  - { id: frank }\n";
    write_file(c.path, text2);
    YamlParse p2 = parse(YamlKind::team, text2, kStoreFile);
    store_yaml_cache(c.dir.path, c.path, text2, YamlKind::team, kSettings, kStoreFile, p2);
    YamlParse got;
    REQUIRE(load_yaml_cache(c.dir.path, c.path, text2, YamlKind::team, kSettings, kLoadFile, got));
    same(got, parse(YamlKind::team, text2, kLoadFile));
    std::vector<std::string> names;
    for (auto& e : fs::directory_iterator(fs::path(c.cache).parent_path())) names.push_back(e.path().filename().string());
    REQUIRE(names.size() == 1);  // the entry, no temporary file beside it
    CHECK(names[0] == fs::path(c.cache).filename());
}

TEST_CASE("yaml cache: a changed file is a miss") {
    Cached c(YamlKind::deals, deals_yaml, "deals.yaml");
    struct stat st{};
    REQUIRE(::stat(c.path.c_str(), &st) == 0);
    REQUIRE(c.load());

    SUBCASE("same size and mtime, other content") {
        std::string edited = deals_yaml;
        auto at = edited.find("48000.25");
        REQUIRE(at != std::string::npos);
        edited[at] = '5';
        write_file(c.path, edited);
        set_mtime(c.path, st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
        YamlParse out = sentinel();
        CHECK(!load_yaml_cache(c.dir.path, c.path, edited, c.kind, kSettings, kLoadFile, out));
        CHECK(untouched(out));
    }
    SUBCASE("same content, other mtime (one nanosecond)") {
        set_mtime(c.path, st.st_mtim.tv_sec, (st.st_mtim.tv_nsec + 1) % 1000000000);
        CHECK(!c.load());
    }
    SUBCASE("other size") {
        std::string longer = deals_yaml + "\n";
        write_file(c.path, longer);
        set_mtime(c.path, st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
        YamlParse out;
        CHECK(!load_yaml_cache(c.dir.path, c.path, longer, c.kind, kSettings, kLoadFile, out));
        CHECK(!c.load());  // the old text no longer matches the file's size
    }
    SUBCASE("the text given differs from the file (read before an edit)") {
        std::string other = deals_yaml;
        other.back() = ' ';
        YamlParse out;
        CHECK(!load_yaml_cache(c.dir.path, c.path, other, c.kind, kSettings, kLoadFile, out));
    }
    SUBCASE("the file is gone") {
        REQUIRE(::unlink(c.path.c_str()) == 0);
        CHECK(!c.load());
    }
}

TEST_CASE("yaml cache: other settings, kind or path is a miss") {
    Cached c(YamlKind::deals, deals_yaml, "deals.yaml");
    YamlParse out = sentinel();
    CHECK(!c.load(out, "USD|4"));
    CHECK(!c.load(out, "EUR|1"));
    CHECK(!c.load(out, ""));
    CHECK(!c.load(out, "EUR|4 "));
    for (YamlKind k : {YamlKind::funnel, YamlKind::team, YamlKind::clients, YamlKind::targets})
        CHECK(!load_yaml_cache(c.dir.path, c.path, c.text, k, kSettings, kLoadFile, out));
    CHECK(untouched(out));
    // the same entry under another path's name (e.g. copied by hand)
    std::string other = c.dir.path + "/deals2.yaml";
    fs::copy_file(c.path, other);
    fs::copy_file(c.cache, yaml_cache_file(c.dir.path, other));
    struct stat st{};
    REQUIRE(::stat(c.path.c_str(), &st) == 0);
    set_mtime(other, st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
    CHECK(!load_yaml_cache(c.dir.path, other, c.text, c.kind, kSettings, kLoadFile, out));
    CHECK(untouched(out));
    CHECK(c.load());
}

TEST_CASE("yaml cache: no cache file, or a cache file cut short, is a miss") {
    TempDir dir;
    std::string path = dir.path + "/funnel.yaml";
    write_file(path, funnel_yaml);
    YamlParse out = sentinel();
    CHECK(!load_yaml_cache(dir.path, path, funnel_yaml, YamlKind::funnel, kSettings, 0, out));

    Cached c(YamlKind::funnel, funnel_yaml, "funnel.yaml");
    const std::string good = read_bytes(c.cache);
    for (std::size_t n = 0; n < good.size(); ++n) {
        overwrite(c.cache, good.substr(0, n));
        if (c.load(out)) FAIL("loaded a cache file cut to ", n, " of ", good.size(), " bytes");
    }
    CHECK(untouched(out));
    overwrite(c.cache, good);
    CHECK(c.load());
}

TEST_CASE("yaml cache: a cache file with trailing or garbage bytes is a miss") {
    Cached c(YamlKind::clients, clients_yaml, "clients.yaml");
    const std::string good = read_bytes(c.cache);
    YamlParse out = sentinel();

    overwrite(c.cache, good + '\0');
    CHECK(!c.load(out));
    std::string trailing = good + "xyz";
    fix_checksum(trailing);  // even with a checksum that covers them
    overwrite(c.cache, trailing);
    CHECK(!c.load(out));

    std::mt19937_64 rng(42);
    for (int round = 0; round < 50; ++round) {
        std::string junk(static_cast<std::size_t>(rng() % 4096), '\0');
        for (char& ch : junk) ch = static_cast<char>(rng());
        if (round % 2) junk.replace(0, std::min<std::size_t>(junk.size(), 16), good.substr(0, 16));  // a real header start
        overwrite(c.cache, junk);
        CHECK(!c.load(out));
    }
    // random bytes after a valid key, with a valid checksum: the decoder must refuse
    // them without crashing or allocating without bound
    const std::size_t key_end = good.find(kSettings) + std::strlen(kSettings) + 16;
    REQUIRE(key_end < good.size());
    for (int round = 0; round < 200; ++round) {
        std::string junk = good.substr(0, key_end);
        std::size_t n = static_cast<std::size_t>(rng() % 2048);
        for (std::size_t i = 0; i < n; ++i) junk += static_cast<char>(rng() % 4 == 0 ? 0xff : rng());
        std::uint64_t size = junk.size() - kHeader;
        std::memcpy(junk.data() + 16, &size, 8);
        fix_checksum(junk);
        overwrite(c.cache, junk);
        YamlParse maybe;
        (void)c.load(maybe);  // almost surely false; must not crash
    }
    overwrite(c.cache, "");
    CHECK(!c.load(out));
    CHECK(untouched(out));
    REQUIRE(::unlink(c.cache.c_str()) == 0);
    REQUIRE(::mkdir(c.cache.c_str(), 0755) == 0);  // a directory in its place
    CHECK(!c.load(out));
    CHECK(untouched(out));
}

TEST_CASE("yaml cache: any flipped byte of the cache file is a miss") {
    Cached c(YamlKind::targets, targets_yaml, "targets.yaml");
    const std::string good = read_bytes(c.cache);
    YamlParse out = sentinel();
    {
        std::string bad = good;
        bad[bad.size() / 2] ^= 0x01;  // one bit in the middle
        overwrite(c.cache, bad);
        CHECK(!c.load(out));
    }
    for (std::size_t i = 0; i < good.size(); ++i) {
        std::string bad = good;
        bad[i] = static_cast<char>(bad[i] ^ (i % 2 ? 0x80 : 0x01));
        overwrite(c.cache, bad);
        if (c.load(out)) FAIL("loaded a cache file with byte ", i, " flipped");
    }
    CHECK(untouched(out));
}

TEST_CASE("yaml cache: a flipped byte with a repaired checksum never crashes the decoder") {
    Cached c(YamlKind::deals, deals_yaml, "deals.yaml");
    const std::string good = read_bytes(c.cache);
    YamlParse expected = parse(YamlKind::deals, deals_yaml, kLoadFile);
    int loaded = 0;
    for (std::size_t i = kHeader; i < good.size(); ++i) {
        for (unsigned char mask : {0x01, 0x80, 0xff}) {
            std::string bad = good;
            bad[i] = static_cast<char>(bad[i] ^ mask);
            fix_checksum(bad);
            overwrite(c.cache, bad);
            YamlParse out;
            if (c.load(out)) ++loaded;  // a changed string or number: a well-formed entry
        }
    }
    CHECK(loaded < static_cast<int>(3 * (good.size() - kHeader)));
    // a count of a billion items: refused without reserving gigabytes
    std::size_t key_end = good.find(kSettings) + std::strlen(kSettings) + 16;
    std::uint32_t n = 1000000000;
    for (int v = 0; v < 5; ++v) {  // the counts of pipelines, teams, agents, clients (all 0) and deals
        std::string h = good;
        std::uint32_t was = 1;
        std::memcpy(&was, h.data() + key_end + 4 * v, 4);
        CHECK(was == (v == 4 ? expected.deals.size() : 0u));
        std::memcpy(h.data() + key_end + 4 * v, &n, 4);
        fix_checksum(h);
        overwrite(c.cache, h);
        YamlParse out;
        CHECK(!c.load(out));
    }
    overwrite(c.cache, good);
    YamlParse out;
    REQUIRE(c.load(out));
    same(out, expected);
}

// Every file under `dir` (recursively), as paths relative to it, sorted.
std::vector<std::string> files_under(const std::string& dir) {
    std::vector<std::string> out;
    std::error_code ec;
    for (auto& e : fs::recursive_directory_iterator(dir, ec)) out.push_back(fs::relative(e.path(), dir).string());
    std::sort(out.begin(), out.end());
    return out;
}

// store_yaml_cache swallows every error, so "does not throw" cannot fail: each case
// checks what was (not) written instead, and that a later load is a miss or a hit.
TEST_CASE("yaml cache: storing where it cannot write writes nothing, and the load is a miss") {
    YamlParse p = parse(YamlKind::team, team_yaml, 0);
    SUBCASE("no such root") {
        TempDir dir;
        std::string root = dir.path + "/missing/book";
        const auto before = files_under(cache_home.path);
        store_yaml_cache(root, root + "/team.yaml", team_yaml, YamlKind::team, kSettings, 0, p);
        CHECK(!fs::exists(dir.path + "/missing"));
        CHECK(files_under(cache_home.path) == before);
        YamlParse out = sentinel();
        CHECK(!load_yaml_cache(root, root + "/team.yaml", team_yaml, YamlKind::team, kSettings, 0, out));
        CHECK(untouched(out));
    }
    SUBCASE("the YAML file does not exist") {
        TempDir dir;
        store_yaml_cache(dir.path, dir.path + "/team.yaml", team_yaml, YamlKind::team, kSettings, 0, p);
        CHECK(!fs::exists(yaml_cache_file(dir.path, dir.path + "/team.yaml")));
        CHECK(files_under(dir.path).empty());
    }
    SUBCASE("the book's cache directory is a file, or a link (to elsewhere)") {
        TempDir dir, elsewhere;
        std::string path = dir.path + "/team.yaml";
        write_file(path, team_yaml);
        const std::string cdir = fs::path(yaml_cache_file(dir.path, path)).parent_path().string();
        fs::create_directories(fs::path(cdir).parent_path());
        write_file(cdir, "not a directory");
        store_yaml_cache(dir.path, path, team_yaml, YamlKind::team, kSettings, 0, p);
        YamlParse out = sentinel();
        CHECK(!load_yaml_cache(dir.path, path, team_yaml, YamlKind::team, kSettings, 0, out));
        CHECK(untouched(out));
        CHECK(read_bytes(cdir) == "not a directory");
        fs::remove(cdir);
        fs::create_directory_symlink(elsewhere.path, cdir);
        store_yaml_cache(dir.path, path, team_yaml, YamlKind::team, kSettings, 0, p);
        CHECK(fs::is_empty(elsewhere.path));
        CHECK(!load_yaml_cache(dir.path, path, team_yaml, YamlKind::team, kSettings, 0, out));
        CHECK(untouched(out));
        fs::remove(cdir);
    }
}

// A book and a cache home that an unprivileged user owns (as root: nobody), for the
// read-only cases, which run as that user (tests/unit/unprivileged.hpp): root
// ignores permission bits, and CI runs as root.
struct UnprivilegedBook {
    TempDir book, home;
    std::string path;
    UnprivilegedBook() : path(book.path + "/team.yaml") {
        write_file(path, team_yaml);
        for (const std::string& d : {book.path, home.path, path}) {
            REQUIRE(::chown(d.c_str(), unprivileged_uid(), unprivileged_gid()) == 0);
            REQUIRE(::chmod(d.c_str(), d == path ? 0644 : 0755) == 0);
        }
    }
};

TEST_CASE("yaml cache: a read-only book is cached all the same, outside the book") {
    UnprivilegedBook b;
    int r = as_unprivileged([&] {
        ::setenv("XDG_CACHE_HOME", b.home.path.c_str(), 1);
        if (::chmod(b.book.path.c_str(), 0555) != 0) return 10;
        YamlParse p = parse(YamlKind::team, team_yaml, kStoreFile);
        store_yaml_cache(b.book.path, b.path, team_yaml, YamlKind::team, kSettings, kStoreFile, p);
        const std::string entry = yaml_cache_file(b.book.path, b.path);
        if (entry.rfind(b.home.path + "/", 0) != 0 || !fs::is_regular_file(entry)) return 11;  // stored, in the cache home
        if (files_under(b.book.path) != std::vector<std::string>{"team.yaml"}) return 12;  // nothing in the book
        YamlParse got;
        if (!load_yaml_cache(b.book.path, b.path, team_yaml, YamlKind::team, kSettings, kLoadFile, got)) return 13;
        if (got.agents.size() != 5 || got.agents[2].id != "carol" || got.agents[2].pos.file != kLoadFile) return 14;
        return 0;
    });
    CHECK_MESSAGE(r == 0, "as uid ", unprivileged_uid(), ": 10 chmod, 11 no entry in the cache home, "
                  "12 a file written in the book, 13 the entry did not load, 14 the load differs; -1 could not drop root");
}

TEST_CASE("yaml cache: a read-only cache directory gets no entry, and the load is a miss") {
    UnprivilegedBook b;
    int r = as_unprivileged([&] {
        ::setenv("XDG_CACHE_HOME", b.home.path.c_str(), 1);
        YamlParse p = parse(YamlKind::team, team_yaml, kStoreFile);
        const std::string entry = yaml_cache_file(b.book.path, b.path);
        const std::string cdir = fs::path(entry).parent_path().string();
        // first writable, so the read-only run below fails for its mode and nothing else
        store_yaml_cache(b.book.path, b.path, team_yaml, YamlKind::team, kSettings, kStoreFile, p);
        if (!fs::is_regular_file(entry)) return 10;
        if (::unlink(entry.c_str()) != 0 || ::chmod(cdir.c_str(), 0555) != 0) return 11;
        store_yaml_cache(b.book.path, b.path, team_yaml, YamlKind::team, kSettings, kStoreFile, p);
        int result = 0;
        if (!files_under(cdir).empty()) result = 12;  // neither the entry nor a temporary file
        YamlParse out = sentinel();
        if (!result && (load_yaml_cache(b.book.path, b.path, team_yaml, YamlKind::team, kSettings, kLoadFile, out) ||
                        !untouched(out)))
            result = 13;
        ::chmod(cdir.c_str(), 0755);
        return result;
    });
    CHECK_MESSAGE(r == 0, "as uid ", unprivileged_uid(), ": 10 no entry when writable, 11 unlink or chmod, "
                  "12 a file written in the read-only directory, 13 not a miss; -1 could not drop root");
}

}  // TEST_SUITE
