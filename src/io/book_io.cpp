// The only code that touches the disk: find the book, read it, append one line.
#include "salesrep/io.hpp"
#include "lanes.hpp"
#include "salesrep/yaml_cache.hpp"

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <thread>
#include <glob.h>
#include <iterator>
#include <optional>
#include <sys/file.h>
#include <sys/mman.h>
#include <linux/magic.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/statfs.h>
#include <chrono>
#include <unistd.h>

namespace fs = std::filesystem;

namespace salesrep {

namespace {
// Reads a whole regular file with read(2) into `grow(n)`-sized storage.
// Opens `path` for reading when it is a regular file of a real file system:
// not a directory, a device, a FIFO (opened without blocking, checked on the
// open file, so nothing can be swapped in between), nor a file of /proc or /sys
// (they say 0 bytes and then read the process's environment). -1 with `error` set otherwise.
int open_regular(const std::string& path, struct stat& st, std::string& error) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    if (fd < 0) {
        error = std::strerror(errno);
        return -1;
    }
    struct statfs fs_info{};
    if (::fstat(fd, &st) != 0) {
        error = std::strerror(errno);
    } else if (S_ISDIR(st.st_mode)) {
        error = "is a directory, not a file";
    } else if (!S_ISREG(st.st_mode)) {  // a device or a pipe would be read forever
        error = "is not a regular file";
    } else if (::fstatfs(fd, &fs_info) == 0 &&
               (fs_info.f_type == PROC_SUPER_MAGIC || fs_info.f_type == SYSFS_MAGIC)) {
        error = "is not a regular file (a file of /proc or /sys)";
    } else {
        return fd;
    }
    ::close(fd);
    return -1;
}

// Reads a whole regular file with read(2) into `grow(n)`-sized storage.
template <class Grow>
bool read_all(const std::string& path, std::string& error, Grow grow, std::size_t& got) {
    struct stat st{};
    int fd = open_regular(path, st, error);
    if (fd < 0) return false;
    std::size_t cap = static_cast<std::size_t>(st.st_size);
    char* data = grow(cap);
    got = 0;
    char probe[4096];  // when the buffer is full as stat said: more would mean the file grew
    while (true) {
        const bool full = got == cap;
        ssize_t n = full ? ::read(fd, probe, sizeof probe) : ::read(fd, data + got, cap - got);
        if (n < 0) {
            if (errno == EINTR) continue;
            error = std::strerror(errno);
            ::close(fd);
            return false;
        }
        if (n == 0) break;
        if (full) {  // the file grew since stat: only then is the buffer grown (a copy of all of it)
            data = grow(cap += std::max<std::size_t>(65536, cap / 2));
            std::memcpy(data + got, probe, static_cast<std::size_t>(n));
        }
        got += static_cast<std::size_t>(n);
    }
    ::close(fd);
    return true;
}
}  // namespace

std::optional<std::string> read_file(const std::string& path, std::string& error) {
    std::string data;
    std::size_t got = 0;
    auto grow = [&](std::size_t n) {
        data.resize(n);
        return data.data();
    };
    if (!read_all(path, error, grow, got)) return std::nullopt;
    data.resize(got);
    return data;
}

std::shared_ptr<const char[]> read_file_buffer(const std::string& path, std::size_t& size, std::string& error) {
    std::unique_ptr<char[]> data;
    std::size_t have = 0;
    auto grow = [&](std::size_t n) {
        std::unique_ptr<char[]> bigger(new char[std::max<std::size_t>(n, 1)]);  // not zeroed: read() fills it
        if (data) std::memcpy(bigger.get(), data.get(), have);
        data = std::move(bigger);
        have = n;
        return data.get();
    };
    std::size_t got = 0;
    if (!read_all(path, error, grow, got)) return nullptr;
    size = got;
    return std::shared_ptr<const char[]>(std::move(data));
}

BookLocation find_book(const std::string& flag, const char* env_book) {
    auto has_book = [](const fs::path& dir) {
        std::error_code ec;
        return fs::is_regular_file(dir / "salesrep.yaml", ec);
    };
    if (!flag.empty() || (env_book && *env_book)) {
        std::string dir = !flag.empty() ? flag : env_book;
        const char* how = !flag.empty() ? "-C/--book" : "$SALESREP_BOOK";
        if (!has_book(dir))
            return {{}, fmt::format("no book at '{}' (given by {}): it has no salesrep.yaml; create one with "
                                    "'salesrep init {}'", dir, how, dir)};
        return {dir, {}};
    }
    std::error_code ec;
    fs::path cur = fs::current_path(ec);
    if (ec) return {{}, "cannot read the working directory: " + ec.message()};
    for (fs::path p = cur;; p = p.parent_path()) {
        if (has_book(p)) {
            std::string rel = fs::proximate(p, cur, ec).string();
            return {ec ? p.string() : rel, {}};
        }
        if (p == p.root_path() || p.empty()) break;
    }
    return {{}, "no book found: no salesrep.yaml here or in any parent directory; use -C DIR, set $SALESREP_BOOK, "
                "or create one with 'salesrep init'"};
}

namespace {

bool has_glob_chars(const std::string& s) { return s.find_first_of("*?[") != std::string::npos; }

std::string join_path(const std::string& root, const std::string& rel) {
    if (!rel.empty() && rel[0] == '/') return rel;
    if (root.empty() || root == ".") return rel;
    return root + (root.back() == '/' ? "" : "/") + rel;
}

// Whether a YAML file of `size` bytes goes through the parse cache:
// $SALESREP_CACHE=off never, =always every file, else files of 64 KiB or more
// (small files parse faster than a cache is checked).
bool use_cache(std::size_t size) {
    static const std::string mode = [] {
        const char* v = std::getenv("SALESREP_CACHE");
        return std::string(v ? v : "");
    }();
    if (mode == "off") return false;
    if (mode == "always") return true;
    return size >= (64u << 10);
}

struct Pending {
    enum What { funnel, team, clients, deals, targets, ledger } what;
    std::uint32_t file;
};

// The one hardware hint left (issue 21's ablation): a million ledger entries
// take 160 MB, which the kernel would otherwise fault in 4 KiB at a time.
// Asking for transparent huge pages on that one buffer (where the system
// grants them on request) before it is first touched makes the faults 512
// times fewer. Advice only: without it the result is the same.
template <class T>
void reserve_in_huge_pages(std::vector<T>& v, std::size_t n) {
    v.reserve(n);
    constexpr std::uintptr_t huge = 2u << 20;
    const auto begin = reinterpret_cast<std::uintptr_t>(v.data());
    const std::uintptr_t end = begin + n * sizeof(T);
    const std::uintptr_t first = (begin + huge - 1) & ~(huge - 1), last = end & ~(huge - 1);
    if (last > first) ::madvise(reinterpret_cast<void*>(first), last - first, MADV_HUGEPAGE);
}

// load_book in steps: the settings and the files they name, the jobs (which
// text, which ledger slots), the jobs run (parse, cache), the parts joined, the
// index. A Load carries the state from one step to the next.

// A file named by the settings, in order; read after (several at once), then taken in this order.
struct Listed {
    Pending::What what;
    std::string path;
    bool missing = false;  // a ledger that does not exist yet (a write creates it)
    std::shared_ptr<const char[]> data;
    std::size_t size = 0;
    std::string error;
};

// What parsing one job gives: each file is parsed on its own (in parallel),
// then merged in file order so the result never depends on timing.
struct Part {
    std::shared_ptr<TextArena> arena = std::make_shared<TextArena>();
    YamlParse parsed;  // a YAML file's records; every file's diagnostics
    std::size_t entry_count = 0;
    IdIndex deal_ids;  // a deals file's: built here, on the core that read it
};

// A file to parse, or a slice of whole lines of a big ledger file (one per core).
struct Job {
    std::size_t pending;
    std::string_view text;
    std::uint32_t first_line = 1;
    std::size_t slot = 0, slots = 0;  // ledger: its range of Book::entries while parsing
    std::size_t lines = 0;            // ledger: its lines
};

struct Load {
    Load(const std::string& r, Diags& d) : root(r), diags(d) {}
    const std::string& root;
    Diags& diags;
    Book book;
    std::uint32_t sfile = 0;
    FilesSpec files;
    std::vector<Listed> listed;
    std::vector<Pending> pending;
    std::vector<Job> jobs;
    unsigned cores = 1;
    std::vector<Part> parts;
    std::string settings_key;
};

// Reads and parses salesrep.yaml, with the default of each file it leaves out;
// false when it cannot be read.
bool read_settings(Load& L) {
    std::string err;
    std::string settings_path = join_path(L.root, "salesrep.yaml");
    // salesrep.yaml itself is a link to elsewhere: not read (its errors would show what it holds).
    std::string settings_outside = outside_error(L.root, settings_path, settings_path, "the book's directory");
    std::optional<std::string> text;
    if (settings_outside.empty()) text = read_file(settings_path, err);
    L.sfile = L.book.sources.add(settings_path, text ? *text : std::string());
    if (!text) {
        L.diags.push_back(
            {Severity::error, {L.sfile, 0, 0}, settings_outside.empty() ? "cannot read: " + err : settings_outside});
        return false;
    }
    parse_settings(L.book.sources.files[L.sfile].text, L.sfile, L.book.settings, L.files, L.diags);
    default_files(L.files);
    return true;
}

// Every path the book names stays inside it (SPEC §1): one error per `files:`
// value, naming the first path that leads out; none of them is read.
bool leads_outside(Load& L, SourcePos where, const std::string& path, const std::string& shown) {
    if (L.files.allow_outside) return false;
    std::string e = outside_error(L.root, path, shown, "the book's directory");
    if (e.empty()) return false;
    L.diags.push_back({Severity::error, where,
                       e + "; every file of a book stays inside it (a book from elsewhere must not read or "
                           "write other files), unless salesrep.yaml says 'allow_outside: true'"});
    return true;
}

// The files a glob pattern matches, sorted; empty when none.
std::vector<std::string> glob_sorted(const std::string& full) {
    std::vector<std::string> paths;
    glob_t g{};
    int rc = ::glob(full.c_str(), 0, nullptr, &g);
    if (rc == 0)
        for (std::size_t i = 0; i < g.gl_pathc; ++i) paths.emplace_back(g.gl_pathv[i]);
    ::globfree(&g);
    std::sort(paths.begin(), paths.end());
    return paths;
}

// Lists the files one `files:` value names (a path or a glob pattern).
void list_ref(Load& L, const FileRef& ref, Pending::What what, bool required, bool explicit_) {
    std::vector<std::string> paths;
    std::string full = join_path(L.root, ref.pattern);
    SourcePos where = ref.pos.line ? ref.pos : SourcePos{L.sfile, 0, 0};
    if (has_glob_chars(ref.pattern)) {
        paths = glob_sorted(full);
        if (paths.empty()) {
            L.diags.push_back({required ? Severity::error : Severity::warning, where,
                               fmt::format("'{}' matches no file", ref.pattern)});
            return;
        }
        for (const std::string& p : paths)
            if (leads_outside(L, where, p, p)) return;
    } else {
        if (leads_outside(L, where, full, ref.pattern)) return;
        std::error_code ec;
        if (!fs::exists(full, ec)) {
            if (required)
                L.diags.push_back({Severity::error, where,
                                   fmt::format("cannot read '{}': no such file; create it or fix files: in "
                                               "salesrep.yaml", full)});
            else if (explicit_ && what != Pending::ledger)
                L.diags.push_back({Severity::warning, where, fmt::format("'{}' does not exist", full)});
            if (what == Pending::ledger) L.listed.push_back({what, full, true, nullptr, 0, {}});  // a write may create it
            return;
        }
        paths.push_back(full);
    }
    for (auto& p : paths) L.listed.push_back({what, std::move(p), false, nullptr, 0, {}});
}

void list_files(Load& L) {
    auto list = [&](const std::vector<FileRef>& refs, Pending::What what, bool required, bool explicit_) {
        for (const FileRef& ref : refs) list_ref(L, ref, what, required, explicit_);
    };
    list(L.files.funnel, Pending::funnel, true, true);
    list(L.files.team, Pending::team, true, true);
    list(L.files.clients, Pending::clients, true, true);
    list(L.files.deals, Pending::deals, true, true);
    list(L.files.targets, Pending::targets, false, L.files.has_targets);
    list(L.files.ledger, Pending::ledger, false, L.files.has_ledger);
}

// Reads the listed files, on two cores when there is much to read, biggest first.
void read_listed(Load& L) {
    std::vector<Listed>& listed = L.listed;
    std::vector<std::size_t> order;
    std::vector<std::uintmax_t> sizes(listed.size(), 0);
    std::uintmax_t total = 0;
    for (std::size_t i = 0; i < listed.size(); ++i) {
        if (listed[i].missing) continue;
        std::error_code ec;
        const std::uintmax_t size = fs::file_size(listed[i].path, ec);
        sizes[i] = ec ? 0 : size;
        total += sizes[i];
        order.push_back(i);
    }
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return sizes[a] > sizes[b]; });
    const bool two = total >= (16u << 20) && order.size() > 1 && std::thread::hardware_concurrency() > 1;
    share_out(order.size(), two ? 2 : 1, [&](std::size_t k) {
        Listed& l = listed[order[k]];
        l.data = read_file_buffer(l.path, l.size, l.error);
    });
}

// Adds the files read to the book's sources, in the order listed: the "cannot
// read" errors come after every problem of the list itself (callers sort
// diagnostics by position anyway).
void add_sources(Load& L) {
    Book& book = L.book;
    for (Listed& l : L.listed) {
        if (l.missing) {
            book.ledger_files.push_back(l.path);
            continue;
        }
        const bool read = l.data != nullptr;
        std::uint32_t f = read ? book.sources.add(l.path, std::move(l.data), l.size) : book.sources.add(l.path, std::string());
        if (!read) {
            L.diags.push_back({Severity::error, {f, 0, 0}, "cannot read: " + l.error});
            continue;
        }
        if (L.files.allow_outside && !outside_error(L.root, l.path, l.path, {}).empty()) book.sources.files[f].outside = true;
        if (l.what == Pending::ledger) book.ledger_files.push_back(l.path);
        L.pending.push_back({l.what, f});
    }
}

// One job per file; a big ledger file in slices of whole lines, one per core.
void plan_jobs(Load& L) {
    L.cores = usable_cores();
    for (std::size_t i = 0; i < L.pending.size(); ++i) {
        std::string_view t = L.book.sources.files[L.pending[i].file].text;
        constexpr std::size_t slice_min = 4u << 20;
        if (L.pending[i].what != Pending::ledger || L.cores < 2 || t.size() < 2 * slice_min) {
            L.jobs.push_back({i, t, 1});
            continue;
        }
        // Several slices per core: the last ones to finish are short, so the
        // cores end together.
        std::size_t n = std::min<std::size_t>(std::max<std::size_t>(L.cores, t.size() / (6u << 20)), 4 * L.cores);
        std::size_t start = 0;
        for (std::size_t k = 0; k < n && start < t.size(); ++k) {
            std::size_t end = k + 1 == n ? t.size() : t.find('\n', std::max(start, t.size() * (k + 1) / n));
            end = end == std::string_view::npos ? t.size() : end + 1;
            L.jobs.push_back({i, t.substr(start, end - start), 0});
            start = end;
        }
    }
}

// Ledger entries are parsed in place: each job gets one slot of Book::entries
// per line that may hold an entry (not blank, not a comment), and the gaps
// lines with errors leave are closed after. Lines counted per job, the big
// ones on their own threads.
void plan_slots(Load& L) {
    std::vector<Job>& jobs = L.jobs;
    std::size_t big = 0;
    for (const Job& job : jobs) big += job.text.size() >= (4u << 20);
    share_out(jobs.size(), big > 1 && L.cores > 1 ? 2 : 1, [&](std::size_t j) {
        if (L.pending[jobs[j].pending].what != Pending::ledger) return;
        const LedgerLines n = count_ledger_lines(jobs[j].text);
        jobs[j].slots = n.slots;
        jobs[j].lines = n.lines;
    });
    std::size_t slots = 0;
    std::uint32_t next_line = 1;
    for (std::size_t j = 0; j < jobs.size(); ++j) {
        if (L.pending[jobs[j].pending].what != Pending::ledger) continue;
        Job& job = jobs[j];
        job.slot = slots;
        slots += job.slots;
        if (job.first_line == 0) {
            // a slice (whole lines): its first line follows the slices before it
            bool first_slice = j == 0 || jobs[j - 1].pending != job.pending;
            job.first_line = first_slice ? 1 : next_line;
            next_line = job.first_line + static_cast<std::uint32_t>(job.lines - 1);
        }
    }
    reserve_in_huge_pages(L.book.entries, slots);
    L.book.entries.resize(slots);
}

// Parses one YAML file, or (when it is big) reads its parse from the cache:
// it is parsed once, later runs read it from there.
void parse_yaml(Load& L, const Pending& p, std::string_view t, Part& part) {
    const Settings& settings = L.book.settings;
    const std::string& path = L.book.sources.files[p.file].path;
    const YamlKind kind = p.what == Pending::funnel    ? YamlKind::funnel
                          : p.what == Pending::team    ? YamlKind::team
                          : p.what == Pending::clients ? YamlKind::clients
                          : p.what == Pending::deals   ? YamlKind::deals
                                                       : YamlKind::targets;
    const bool cached = use_cache(t.size());
    YamlParse& y = part.parsed;
    if (!cached || !load_yaml_cache(L.root, path, t, kind, L.settings_key, p.file, y)) {
        switch (p.what) {
        case Pending::funnel: parse_funnel(t, p.file, y.pipelines, y.diags); break;
        case Pending::team: parse_team(t, p.file, y.teams, y.agents, y.diags); break;
        case Pending::clients: parse_clients(t, p.file, settings, y.clients, y.diags); break;
        case Pending::deals:
            parse_deals(t, p.file, settings, y.deals, y.diags);
            y.deals_order = deals_in_id_order(y.deals);
            break;
        default: parse_targets(t, p.file, settings, y.targets, y.diags); break;
        }
        // A file with errors is not cached: it is being fixed, and each run reports them.
        const bool errors = std::any_of(y.diags.begin(), y.diags.end(),
                                        [](const Diagnostic& d) { return d.severity == Severity::error; });
        if (cached && !errors) store_yaml_cache(L.root, path, t, kind, L.settings_key, p.file, y);
    }
    if (p.what == Pending::deals) part.deal_ids.build(y.deals);
}

void run_job(Load& L, std::size_t j) {
    const Job& job = L.jobs[j];
    const Pending& p = L.pending[job.pending];
    Part& part = L.parts[j];
    if (p.what != Pending::ledger) return parse_yaml(L, p, job.text, part);
    part.entry_count = parse_ledger_into(job.text, p.file, L.book.settings, L.book.entries.data() + job.slot,
                                         part.parsed.diags, part.arena.get(), job.first_line);
}

// Runs every job: when there is much to parse, biggest first, on at most `cores` threads.
void run_jobs(Load& L) {
    const Settings& s = L.book.settings;
    L.settings_key = fmt::format("{}|{}|{}|{}", s.currency, s.fiscal_year_start, s.idle_days, s.company);
    L.parts.resize(L.jobs.size());
    const std::vector<Job>& jobs = L.jobs;
    std::size_t total = 0;
    for (const auto& j : jobs) total += j.text.size();
    if (jobs.size() > 1 && total > (1u << 20)) {
        std::vector<std::size_t> order(jobs.size());
        for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
        std::stable_sort(order.begin(), order.end(),
                         [&](std::size_t a, std::size_t b) { return jobs[a].text.size() > jobs[b].text.size(); });
        share_out(order.size(), static_cast<unsigned>(std::min<std::size_t>(L.cores, jobs.size())),
                  [&](std::size_t k) { run_job(L, order[k]); });
    } else {
        for (std::size_t i = 0; i < jobs.size(); ++i) run_job(L, i);
    }
}

template <class V>
void move_into(V& dst, V& src) {
    if (dst.empty()) dst = std::move(src);
    else dst.insert(dst.end(), std::make_move_iterator(src.begin()), std::make_move_iterator(src.end()));
}

// Merges a deals file's id order (cached with its parse) into the order of
// the deals before it; `before` are the book's deals before this file's.
void merge_deals_order(std::vector<int>& deals_order, const std::vector<Deal>& before, YamlParse& parsed) {
    const int base = static_cast<int>(before.size());
    for (int& i : parsed.deals_order) i += base;
    std::vector<int> joined;
    joined.reserve(deals_order.size() + parsed.deals_order.size());
    const auto& added = parsed.deals;
    auto id_of = [&](int i) -> const std::string& {
        return i < base ? before[static_cast<std::size_t>(i)].id : added[static_cast<std::size_t>(i - base)].id;
    };
    std::merge(deals_order.begin(), deals_order.end(), parsed.deals_order.begin(), parsed.deals_order.end(),
               std::back_inserter(joined),
               [&](int x, int y) { return id_of(x) != id_of(y) ? id_of(x) < id_of(y) : x < y; });
    deals_order.swap(joined);
}

// Joins the parts in file order: records, diagnostics, the ledger entries with
// their gaps closed, the deals in id order; then the book's index.
void join_parts(Load& L) {
    Book& book = L.book;
    std::vector<int> deals_order;
    bool have_order = true;
    std::size_t kept = 0;
    // The deals' index as built by their parse, when one file holds them all.
    std::optional<IdIndex> deal_ids;
    for (std::size_t j = 0; j < L.parts.size(); ++j) {
        Part& part = L.parts[j];
        if (!part.parsed.deals.empty()) {
            if (book.deals.empty()) deal_ids = std::move(part.deal_ids);  // the first file with deals
            else deal_ids.reset();
            if (part.parsed.deals_order.size() != part.parsed.deals.size()) have_order = false;
            if (have_order) merge_deals_order(deals_order, book.deals, part.parsed);
        }
        const std::size_t slot = L.jobs[j].slot;
        for (std::size_t k = 0; k < part.entry_count; ++k, ++kept) {
            if (kept != slot + k) book.entries[kept] = std::move(book.entries[slot + k]);
        }
        move_into(book.pipelines, part.parsed.pipelines);
        move_into(book.teams, part.parsed.teams);
        move_into(book.agents, part.parsed.agents);
        move_into(book.clients, part.parsed.clients);
        move_into(book.deals, part.parsed.deals);
        move_into(book.targets, part.parsed.targets);
        move_into(L.diags, part.parsed.diags);
        if (part.arena->size() > 0) book.arenas.push_back(std::move(part.arena));
    }
    book.entries.resize(kept);
    if (deal_ids) book.index(std::move(*deal_ids));
    else book.index();
    if (have_order && deals_order.size() == book.deals.size()) book.deals_by_id = std::move(deals_order);
}

}  // namespace

Book load_book(const std::string& root, Diags& diags) {
    Load L(root, diags);
    L.book.root = root;
    if (!read_settings(L)) return std::move(L.book);
    list_files(L);
    read_listed(L);
    add_sources(L);
    plan_jobs(L);
    plan_slots(L);
    run_jobs(L);
    join_parts(L);
    add_ledger_records(L.book, diags);
    check_money_sums(L.book, diags);
    return std::move(L.book);
}

namespace {
std::string symlink_refused(const std::string& path) {
    return fmt::format("'{}' is a symbolic link: salesrep never writes through one (a book from elsewhere could "
                       "point it at any file); replace it with the file itself", path);
}

// The first directory of a relative path, as written, that is a symbolic
// link ('q4' of 'q4/deals.csv'), or "": a book may hold such a link to send a
// write elsewhere, so a write never goes through one. An absolute path is the
// user's own, typed from the root: its directories are taken as they are.
std::string linked_directory(const std::string& path) {
    if (path.empty() || path[0] == '/') return {};
    for (std::size_t slash = path.find('/'); slash != std::string::npos; slash = path.find('/', slash + 1)) {
        const std::string dir = path.substr(0, slash);
        struct stat st{};
        if (!dir.empty() && ::lstat(dir.c_str(), &st) == 0 && S_ISLNK(st.st_mode)) return dir;
    }
    return {};
}

std::string linked_directory_refused(const std::string& path, const std::string& dir) {
    return fmt::format("cannot write '{}': its directory '{}' is a symbolic link, and salesrep never writes "
                       "through one (a book from elsewhere could point it anywhere); give the real path "
                       "(see 'realpath {}')", path, dir, dir);
}

bool write_fd(int fd, const char* p, std::size_t n) {
    while (n > 0) {
        ssize_t w = ::write(fd, p, n);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return false;
        p += w;
        n -= static_cast<std::size_t>(w);
    }
    return true;
}

double lock_wait_seconds = 30;
}  // namespace

void set_lock_wait(double seconds) { lock_wait_seconds = seconds; }

namespace {
extern "C" void on_lock_alarm(int) {}  // only interrupts flock()

// Arms the real-time timer for `seconds` (0: disarms it).
void arm_timer(double seconds) {
    itimerval t{};
    if (seconds > 0) {
        const auto us = static_cast<long long>(seconds * 1e6);
        t.it_value.tv_sec = static_cast<time_t>(us / 1000000);
        t.it_value.tv_usec = static_cast<suseconds_t>(std::max<long long>(us % 1000000, us < 1000000 ? 1 : 0));
    }
    ::setitimer(ITIMER_REAL, &t, nullptr);
}
}  // namespace

std::string lock_exclusive(int fd, const std::string& name) {
    if (::flock(fd, LOCK_EX | LOCK_NB) == 0) return {};
    if (errno != EWOULDBLOCK && errno != EINTR) return fmt::format("cannot lock '{}': {}", name, std::strerror(errno));
    // A blocking flock (the kernel hands the lock over at once), interrupted
    // by SIGALRM after one second (to say so) and at the end of the wait.
    using clock = std::chrono::steady_clock;
    const auto start = clock::now();
    struct sigaction sa{}, old{};
    sa.sa_handler = on_lock_alarm;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;  // no SA_RESTART: flock returns EINTR
    ::sigaction(SIGALRM, &sa, &old);
    bool said = false;
    std::string error;
    while (true) {
        const double waited = std::chrono::duration<double>(clock::now() - start).count();
        if (!said && waited >= 1.0) {
            fmt::print(stderr, "salesrep: waiting for the lock on {} held by another salesrep\n", name);
            said = true;
        }
        if (waited >= lock_wait_seconds) {
            error = fmt::format("gave up waiting for the lock on '{}' after {:g} s: another salesrep holds it "
                                "(--wait SECONDS waits longer)", name, lock_wait_seconds);
            break;
        }
        arm_timer(std::max(0.001, (said ? lock_wait_seconds : std::min(1.0, lock_wait_seconds)) - waited));
        const int rc = ::flock(fd, LOCK_EX);
        const int err = errno;
        arm_timer(0);
        if (rc == 0) break;
        if (err != EINTR) {
            error = fmt::format("cannot lock '{}': {}", name, std::strerror(err));
            break;
        }
    }
    ::sigaction(SIGALRM, &old, nullptr);
    return error;
}

DirectoryLock::DirectoryLock(const std::string& dir) {
    const std::string name = dir.empty() ? "." : dir;
    fd_ = ::open(name.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd_ < 0) return;
    error_ = lock_exclusive(fd_, name);
    if (!error_.empty()) {
        ::close(fd_);
        fd_ = -1;
    }
}

DirectoryLock::~DirectoryLock() {
    if (fd_ >= 0) ::close(fd_);
}

std::string resolved_path(const std::string& path) {
    std::error_code ec;
    fs::path abs = fs::absolute(path.empty() ? std::string(".") : path, ec);
    if (ec) return {};
    fs::path r = fs::weakly_canonical(abs, ec);
    if (ec) return {};
    std::string out = r.lexically_normal().string();
    while (out.size() > 1 && out.back() == '/') out.pop_back();
    return out;
}

std::string outside_error(const std::string& dir, const std::string& path, const std::string& shown,
                          std::string_view dir_name) {
    const std::string base = resolved_path(dir), real = resolved_path(path);
    if (base.empty() || real.empty()) return fmt::format("cannot tell where '{}' leads: it must stay inside {}", shown, dir_name);
    const std::string prefix = base.back() == '/' ? base : base + '/';
    if (real == base || real.compare(0, prefix.size(), prefix) == 0) return {};
    return fmt::format("'{}' is outside {} (it leads to '{}')", shown, dir_name, real);
}

std::string output_link_error(const std::string& path) {
    const std::string dir = linked_directory(path);
    return dir.empty() ? std::string() : linked_directory_refused(path, dir);
}

std::string symlink_error(std::string path) {
    while (path.size() > 1 && path.back() == '/') path.pop_back();
    if (std::string error = output_link_error(path); !error.empty()) return error;
    struct stat st{};
    if (::lstat(path.c_str(), &st) != 0 || !S_ISLNK(st.st_mode)) return {};
    return fmt::format("'{}' is a symbolic link: salesrep never writes through one (a book from elsewhere could "
                       "point it anywhere); give the directory it stands for", path);
}

std::string write_new_file(const std::string& path, std::string_view text) {
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0644);
    if (fd < 0) {
        const int err = errno;
        struct stat st{};
        if (::lstat(path.c_str(), &st) == 0 && S_ISLNK(st.st_mode)) return symlink_refused(path);
        return fmt::format("cannot create '{}': {}", path, std::strerror(err));
    }
    std::string error;
    auto old_xfsz = std::signal(SIGXFSZ, SIG_IGN);
    if (!write_fd(fd, text.data(), text.size())) error = fmt::format("cannot write '{}': {}", path, std::strerror(errno));
    std::signal(SIGXFSZ, old_xfsz);
    if (error.empty() && ::fsync(fd) != 0 && errno != EINVAL)
        error = fmt::format("cannot flush '{}' to disk: {}", path, std::strerror(errno));
    ::close(fd);
    if (!error.empty()) ::unlink(path.c_str());
    return error;
}

std::string write_file_replacing(const std::string& path, const std::vector<std::string>& parts) {
    struct stat st{};
    const bool exists = ::lstat(path.c_str(), &st) == 0;
    if (exists && S_ISLNK(st.st_mode)) return symlink_refused(path);
    if (exists && S_ISDIR(st.st_mode)) return fmt::format("cannot write '{}': it is a directory", path);
    auto old_xfsz = std::signal(SIGXFSZ, SIG_IGN);
    auto write_parts = [&](int fd) {
        for (const std::string& p : parts)
            if (!write_fd(fd, p.data(), p.size())) return false;
        return true;
    };
    std::string error;
    if (exists && !S_ISREG(st.st_mode)) {  // /dev/null, a FIFO: written as it is
        int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY);
        if (fd < 0 || !write_parts(fd)) error = fmt::format("cannot write '{}': {}", path, std::strerror(errno));
        if (fd >= 0) ::close(fd);
    } else {
        const std::string tmp = fmt::format("{}.salesrep-tmp.{}", path, ::getpid());
        ::unlink(tmp.c_str());  // a leftover of a killed run of this pid (never a link: unlink removes the link)
        int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0644);
        if (fd < 0) {
            error = fmt::format("cannot write '{}': {}", path, std::strerror(errno));
        } else {
            if (exists) ::fchmod(fd, st.st_mode & 07777);
            bool ok = write_parts(fd);
            ok = ::close(fd) == 0 && ok;
            if (!ok || ::rename(tmp.c_str(), path.c_str()) != 0) {
                error = fmt::format("cannot write '{}': {}", path, std::strerror(errno));
                ::unlink(tmp.c_str());
            }
        }
    }
    std::signal(SIGXFSZ, old_xfsz);
    return error;
}

std::string append_line(const std::string& path, const std::string& line) {
    int fd = ::open(path.c_str(), O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY, 0644);
    if (fd < 0 && errno == ELOOP) return symlink_refused(path);
    if (fd < 0) return fmt::format("cannot open '{}' for appending: {}", path, std::strerror(errno));
    struct stat st{};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        std::string e = fmt::format("cannot append to '{}': {}", path,
                                    S_ISREG(st.st_mode) ? std::strerror(errno) : "it is not a regular file");
        ::close(fd);
        return e;
    }
    if (std::string e = lock_exclusive(fd, path); !e.empty()) {
        ::close(fd);
        return e;
    }
    if (::fstat(fd, &st) != 0) {
        std::string e = fmt::format("cannot stat '{}': {}", path, std::strerror(errno));
        ::close(fd);
        return e;
    }
    std::string data;
    if (st.st_size > 0) {
        char last = '\n';
        if (::pread(fd, &last, 1, st.st_size - 1) != 1) {
            std::string e = fmt::format("cannot read '{}': {}", path, std::strerror(errno));
            ::close(fd);
            return e;
        }
        if (last != '\n') data += '\n';
    }
    data += line;
    data += '\n';
    std::size_t done = 0;
    std::string error;
    // Past a file size limit (ulimit -f), write() fails with EFBIG instead of
    // killing the process after a partial line, so the line can be taken back.
    auto old_xfsz = std::signal(SIGXFSZ, SIG_IGN);
    while (done < data.size()) {
        ssize_t n = ::write(fd, data.data() + done, data.size() - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            error = fmt::format("cannot write to '{}': {}", path, std::strerror(errno));
            break;
        }
        done += static_cast<std::size_t>(n);
    }
    std::signal(SIGXFSZ, old_xfsz);
    if (error.empty() && ::fsync(fd) != 0 && errno != EINVAL)
        error = fmt::format("cannot flush '{}' to disk: {}", path, std::strerror(errno));
    if (!error.empty() && done > 0) {
        // leave the file as it was: no partial line
        if (::ftruncate(fd, st.st_size) != 0) error += " (and the partial line could not be removed)";
    }
    ::close(fd);
    return error;
}

}  // namespace salesrep
