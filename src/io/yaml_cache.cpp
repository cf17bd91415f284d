// The parse cache of YAML files: one binary file per YAML file under
// $XDG_CACHE_HOME/salesrep/<book>/ (see yaml_cache.hpp). Disposable: any doubt about an entry makes it a miss.
//
// Layout of a cache file (native byte order; the cache never leaves its machine):
//   header   magic "SRYCACHE" (8) | format version u32 | 0 u32 | payload size u64 | XXH64 of payload u64
//   payload  key:  kind u8 | path str | file size u64 | file mtime ns i64 | text size u64 |
//                  content hash u64 | settings key str | executable size u64 | executable mtime ns i64
//            data: pipelines, teams, agents, clients, deals, targets, deals_order, diagnostics (each: count u32, items)
// str = length u32 + bytes; optional = 0|1 u8 (+ value); enum = u8; SourcePos = 0 u8 + line u32 + col u32
// when it is in the parsed file (its `file` is set on load), else 1 u8 + file, line, col u32.
#include "salesrep/yaml_cache.hpp"
#include "salesrep/io.hpp"
#include "salesrep/records.hpp"

#include <algorithm>
#include <atomic>
#include <bit>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fcntl.h>
#include <memory>
#include <sys/resource.h>
#include <sys/stat.h>
#include <type_traits>
#include <unistd.h>

namespace salesrep {

// The records' fields are written in the order of their description
// (records.hpp): a field added there is cached with no edit here.
// Bump when the layout, or what a YAML parse produces, changes. (A rebuilt
// executable invalidates entries anyway: its size and mtime are in the key.)
static constexpr std::uint32_t kFormatVersion = 5;  // 5: the fields in records.hpp's order
static constexpr char kMagic[8] = {'S', 'R', 'Y', 'C', 'A', 'C', 'H', 'E'};
static constexpr std::size_t kHeaderSize = 8 + 4 + 4 + 8 + 8;

// ---- content_hash: XXH64, seed 0 ------------------------------------------------------------

namespace {

constexpr std::uint64_t P1 = 0x9E3779B185EBCA87ULL;
constexpr std::uint64_t P2 = 0xC2B2AE3D27D4EB4FULL;
constexpr std::uint64_t P3 = 0x165667B19E3779F9ULL;
constexpr std::uint64_t P4 = 0x85EBCA77C2B2AE63ULL;
constexpr std::uint64_t P5 = 0x27D4EB2F165667C5ULL;

inline std::uint64_t rotl(std::uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }
inline std::uint64_t load64(const unsigned char* p) {
    std::uint64_t v;
    std::memcpy(&v, p, 8);
    if constexpr (std::endian::native == std::endian::big) v = __builtin_bswap64(v);
    return v;
}
inline std::uint32_t load32(const unsigned char* p) {
    std::uint32_t v;
    std::memcpy(&v, p, 4);
    if constexpr (std::endian::native == std::endian::big) v = __builtin_bswap32(v);
    return v;
}
inline std::uint64_t xround(std::uint64_t acc, std::uint64_t in) { return rotl(acc + in * P2, 31) * P1; }
inline std::uint64_t xmerge(std::uint64_t acc, std::uint64_t v) { return (acc ^ xround(0, v)) * P1 + P4; }

}  // namespace

std::uint64_t content_hash(std::string_view bytes) {
    const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
    const std::size_t len = bytes.size();
    const unsigned char* const end = p + len;
    std::uint64_t h;
    if (len >= 32) {
        std::uint64_t v1 = P1 + P2, v2 = P2, v3 = 0, v4 = 0 - P1;
        const unsigned char* const limit = end - 32;
        do {
            v1 = xround(v1, load64(p));
            v2 = xround(v2, load64(p + 8));
            v3 = xround(v3, load64(p + 16));
            v4 = xround(v4, load64(p + 24));
            p += 32;
        } while (p <= limit);
        h = rotl(v1, 1) + rotl(v2, 7) + rotl(v3, 12) + rotl(v4, 18);
        h = xmerge(h, v1);
        h = xmerge(h, v2);
        h = xmerge(h, v3);
        h = xmerge(h, v4);
    } else {
        h = P5;
    }
    h += static_cast<std::uint64_t>(len);
    for (; p + 8 <= end; p += 8) h = rotl(h ^ xround(0, load64(p)), 27) * P1 + P4;
    if (p + 4 <= end) {
        h = rotl(h ^ (static_cast<std::uint64_t>(load32(p)) * P1), 23) * P2 + P3;
        p += 4;
    }
    for (; p < end; ++p) h = rotl(h ^ (*p * P5), 11) * P1;
    h ^= h >> 33;
    h *= P2;
    h ^= h >> 29;
    h *= P3;
    h ^= h >> 32;
    return h;
}

// ---- serialization --------------------------------------------------------------------------

namespace {

template <class E> struct EnumMax;
template <> struct EnumMax<Category> { static constexpr auto value = Category::omitted; };
template <> struct EnumMax<Role> { static constexpr auto value = Role::director; };
template <> struct EnumMax<Scope> { static constexpr auto value = Scope::company; };
template <> struct EnumMax<Metric> { static constexpr auto value = Metric::messages; };
template <> struct EnumMax<Severity> { static constexpr auto value = Severity::warning; };
template <> struct EnumMax<DiagCode> { static constexpr auto value = DiagCode::future_entry; };

// The fewest bytes one encoded item takes (caps a reservation made from a stored count).
template <class T> constexpr std::size_t min_bytes = 4;
template <> constexpr std::size_t min_bytes<Stage> = 23;
template <> constexpr std::size_t min_bytes<Pipeline> = 25;
template <> constexpr std::size_t min_bytes<Team> = 30;
template <> constexpr std::size_t min_bytes<Agent> = 35;
template <> constexpr std::size_t min_bytes<Client> = 62;
template <> constexpr std::size_t min_bytes<Deal> = 88;
template <> constexpr std::size_t min_bytes<Target> = 40;
template <> constexpr std::size_t min_bytes<Diagnostic> = 15;
template <> constexpr std::size_t min_bytes<std::pair<Metric, std::int64_t>> = 9;

// Every field of every type, in one place for both directions. `S` is Writer
// (T const) or Reader. The records: their descriptions.
template <class S, class T> requires record::Record<T>
void fields(S& s, T& x) {
    record::describe(s, x);
}
template <class S, class T> requires std::is_same_v<std::remove_const_t<T>, Period>
void fields(S& s, T& x) {
    s.val(x.from); s.val(x.to); s.val(x.label);
}
template <class S, class T> requires std::is_same_v<std::remove_const_t<T>, Diagnostic>
void fields(S& s, T& x) {
    s.val(x.severity); s.val(x.pos); s.val(x.message); s.val(x.code);
}
// deals_order indexes the deals: it must hold each of them once, or the entry
// is not used (the caller parses the file again).
bool order_of_deals(const YamlParse& y) {
    if (y.deals_order.size() != y.deals.size()) return false;
    std::vector<char> seen(y.deals.size(), 0);
    for (int i : y.deals_order) {
        const auto k = static_cast<std::size_t>(i);
        if (i < 0 || k >= seen.size() || seen[k]) return false;
        seen[k] = 1;
    }
    return true;
}

// The payload of an entry: the same list for the writer and the reader.
template <class S, class T> requires std::is_same_v<std::remove_const_t<T>, YamlParse>
void parse_fields(S& s, T& x) {
    s.val(x.pipelines); s.val(x.teams); s.val(x.agents); s.val(x.clients); s.val(x.deals); s.val(x.targets);
    s.val(x.deals_order); s.val(x.diags);
}

class Writer {
public:
    explicit Writer(std::uint32_t file) : file_(file) {}
    std::string buf;

    void raw(const void* p, std::size_t n) { buf.append(static_cast<const char*>(p), n); }
    template <class I> requires std::is_integral_v<I>
    void num(I v) { raw(&v, sizeof v); }

    void val(const std::string& s) {
        num(static_cast<std::uint32_t>(s.size()));
        raw(s.data(), s.size());
    }
    void val(int v) { num(static_cast<std::int32_t>(v)); }
    void val(std::int64_t v) { num(v); }
    void val(Money m) { num(static_cast<std::int64_t>(m.cents)); }
    void val(bool b) { num(static_cast<std::uint8_t>(b)); }
    void val(Date d) { num(static_cast<std::int32_t>(d.days)); }
    void val(const SourcePos& p) {
        if (p.file == file_) {
            num(std::uint8_t{0});
        } else {
            num(std::uint8_t{1});
            num(p.file);
        }
        num(p.line);
        num(p.col);
    }
    template <class E> requires std::is_enum_v<E>
    void val(E e) { num(static_cast<std::uint8_t>(e)); }
    template <class T>
    void val(const std::optional<T>& o) {
        num(static_cast<std::uint8_t>(o.has_value()));
        if (o) val(*o);
    }
    template <class A, class B>
    void val(const std::pair<A, B>& p) { val(p.first); val(p.second); }
    template <class T>
    void val(const std::vector<T>& v) {
        num(static_cast<std::uint32_t>(v.size()));
        for (const T& x : v) val(x);
    }
    template <class T> requires std::is_class_v<T>
    void val(const T& x) { fields(*this, x); }
    template <class M>
    void operator()(const record::Field&, const M& m) { val(m); }

private:
    std::uint32_t file_;
};

class Reader {
public:
    Reader(const char* p, const char* end, std::uint32_t file) : p_(p), end_(end), file_(file) {}
    bool ok() const { return ok_; }
    bool at_end() const { return p_ == end_; }
    std::size_t left() const { return static_cast<std::size_t>(end_ - p_); }
    void fail() {
        ok_ = false;
        p_ = end_;  // every later read fails too
    }

    template <class I> requires std::is_integral_v<I>
    I num() {
        I v{};
        if (left() < sizeof v) {
            fail();
            return v;
        }
        std::memcpy(&v, p_, sizeof v);
        p_ += sizeof v;
        return v;
    }
    std::string_view bytes(std::size_t n) {
        if (left() < n) {
            fail();
            return {};
        }
        std::string_view s(p_, n);
        p_ += n;
        return s;
    }

    void val(std::string& s) {
        std::uint32_t n = num<std::uint32_t>();
        std::string_view b = bytes(n);
        s.assign(b.data(), b.size());
    }
    void val(int& v) { v = num<std::int32_t>(); }
    void val(std::int64_t& v) { v = num<std::int64_t>(); }
    void val(Money& m) { m.cents = num<std::int64_t>(); }
    void val(Date& d) { d.days = num<std::int32_t>(); }
    void val(SourcePos& p) {
        std::uint8_t tag = num<std::uint8_t>();
        if (tag == 0) p.file = file_;
        else if (tag == 1) p.file = num<std::uint32_t>();
        else fail();
        p.line = num<std::uint32_t>();
        p.col = num<std::uint32_t>();
    }
    template <class E> requires std::is_enum_v<E>
    void val(E& e) {
        std::uint8_t v = num<std::uint8_t>();
        if (v > static_cast<std::uint8_t>(EnumMax<E>::value)) fail();
        e = static_cast<E>(v);
    }
    bool flag() {
        std::uint8_t v = num<std::uint8_t>();
        if (v > 1) fail();
        return v == 1 && ok_;
    }
    void val(bool& b) { b = flag(); }
    template <class T>
    void val(std::optional<T>& o) {
        if (flag()) {
            T x{};
            val(x);
            o = std::move(x);
        } else {
            o.reset();
        }
    }
    template <class A, class B>
    void val(std::pair<A, B>& p) { val(p.first); val(p.second); }
    template <class T>
    void val(std::vector<T>& v) {
        std::uint32_t n = num<std::uint32_t>();
        v.clear();
        // a corrupt count cannot allocate more than the bytes left could hold
        v.reserve(std::min<std::size_t>(n, left() / min_bytes<T>));
        for (std::uint32_t i = 0; i < n && ok_; ++i) {
            v.emplace_back();
            val(v.back());
        }
    }
    template <class T> requires std::is_class_v<T>
    void val(T& x) { fields(*this, x); }
    template <class M>
    void operator()(const record::Field&, M& m) { val(m); }

private:
    const char* p_;
    const char* end_;
    std::uint32_t file_;
    bool ok_ = true;
};

// What an entry is valid for.
struct Key {
    std::uint8_t kind = 0;
    std::string path;
    std::uint64_t file_size = 0;
    std::int64_t file_mtime = 0;
    std::uint64_t text_size = 0;
    std::uint64_t text_hash = 0;
    std::string settings;
    std::uint64_t exe_size = 0;
    std::int64_t exe_mtime = 0;
};

struct FileId {
    std::uint64_t size = 0;
    std::int64_t mtime_ns = 0;
};

std::optional<FileId> file_id(const char* path) {
    struct stat st{};
    if (::stat(path, &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
    return FileId{static_cast<std::uint64_t>(st.st_size),
                  static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec};
}

// The running executable: a rebuilt parser must not reuse the parses of the old one.
// Without it (no /proc), no cache.
const std::optional<FileId>& exe_id() {
    static const std::optional<FileId> id = file_id("/proc/self/exe");
    return id;
}

// $XDG_CACHE_HOME/salesrep (absolute only, as the XDG spec says), else
// ~/.cache/salesrep; "" without either (no cache).
std::string cache_home() {
    if (const char* x = std::getenv("XDG_CACHE_HOME"); x && x[0] == '/') return std::string(x) + "/salesrep";
    if (const char* h = std::getenv("HOME"); h && h[0] == '/') return std::string(h) + "/.cache/salesrep";
    return {};
}

std::string hex64(std::uint64_t h) {
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    for (int i = 60; i >= 0; i -= 4) out += hex[(h >> i) & 15];
    return out;
}

// `name` with only [A-Za-z0-9._-] kept (others become '_'), at most 64 bytes.
std::string plain_name(std::string_view name) {
    std::string out;
    for (char c : name.substr(0, 64)) {
        bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                     c == '-' || c == '_';
        out += plain ? c : '_';
    }
    return out;
}

// The book's cache directory: <cache home>/<hash of the book's real path>-<its name>.
// Outside the book, so a book can neither ship a cache nor make salesrep write in it.
std::string cache_dir(const std::string& root) {
    const std::string home = cache_home();
    const std::string real = resolved_path(root);
    if (home.empty() || real.empty()) return {};
    std::size_t slash = real.find_last_of('/');
    std::string_view base = slash == std::string::npos ? std::string_view(real) : std::string_view(real).substr(slash + 1);
    return home + '/' + hex64(content_hash(real)) + '-' + plain_name(base);
}

// What a parse could never have produced (a cache entry written by someone
// else, or a bug): such an entry is not used.
bool plausible_id(const std::string& id, bool may_be_empty) {
    if (id.empty()) return may_be_empty;
    if (id.size() > 256) return false;
    for (char c : id) {
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                  c == '-' || c == '_';
        if (!ok) return false;
    }
    return true;
}
bool plausible_text(const std::string& s) { return !has_unsafe_char(s, true); }

// A value of the kind its description says (records.hpp).
struct Plausible {
    bool ok = true;
    template <class M>
    void operator()(const record::Field& f, const M& x) {
        using record::Is;
        if constexpr (std::is_same_v<M, std::string>) {
            if (f.is == Is::record_id || f.is == Is::stage_id) ok &= plausible_id(x, false);
            else if (f.is == Is::id) ok &= plausible_id(x, true);
            else ok &= plausible_text(x);
        } else if constexpr (std::is_same_v<M, Money>) {
            ok &= f.is == Is::balance ? x.cents != INT64_MIN : x.cents >= 0;
        } else if constexpr (std::is_same_v<M, int>) {
            ok &= f.lo <= x && x <= f.hi;
        } else if constexpr (std::is_same_v<M, std::optional<int>>) {
            ok &= !x || (f.lo <= *x && *x <= f.hi);
        } else if constexpr (std::is_same_v<M, std::vector<std::string>>) {
            for (const auto& t : x) ok &= plausible_text(t);
        } else if constexpr (std::is_same_v<M, std::vector<std::pair<Metric, std::int64_t>>>) {
            for (const auto& [metric, value] : x) ok &= value >= 0;
        } else if constexpr (record::Record<M>) {
            record::describe(*this, x);
        } else if constexpr (record::optional_record<M>) {
            if (x) record::describe(*this, *x);
        } else if constexpr (record::detail::is_vector<M>::value) {
            each(x);  // a pipeline's stages
        }
    }
    template <class C>
    void each(const C& c) {
        for (const auto& r : c) record::describe(*this, r);
    }
};

bool plausible(const YamlParse& y) {
    Plausible p;
    p.each(y.pipelines);
    p.each(y.teams);
    p.each(y.agents);
    p.each(y.clients);
    p.each(y.deals);
    p.each(y.targets);
    return p.ok;
}

void write_key(Writer& w, const Key& k) {
    w.num(k.kind);
    w.val(k.path);
    w.num(k.file_size);
    w.num(k.file_mtime);
    w.num(k.text_size);
    w.num(k.text_hash);
    w.val(k.settings);
    w.num(k.exe_size);
    w.num(k.exe_mtime);
}

// Reads the key and compares it with `want` field by field; `text` is hashed
// last, only when everything cheaper matched.
bool key_matches(Reader& r, const Key& want, std::string_view text) {
    if (r.num<std::uint8_t>() != want.kind) return false;
    std::uint32_t n = r.num<std::uint32_t>();
    if (r.bytes(n) != want.path) return false;
    if (r.num<std::uint64_t>() != want.file_size) return false;
    if (r.num<std::int64_t>() != want.file_mtime) return false;
    if (r.num<std::uint64_t>() != want.text_size) return false;
    std::uint64_t hash = r.num<std::uint64_t>();
    n = r.num<std::uint32_t>();
    if (r.bytes(n) != want.settings) return false;
    if (r.num<std::uint64_t>() != want.exe_size) return false;
    if (r.num<std::int64_t>() != want.exe_mtime) return false;
    return r.ok() && hash == content_hash(text);
}

// The whole of a regular file, or nothing; refuses files over `limit`.
bool read_whole(const std::string& path, std::size_t limit, std::shared_ptr<const char[]>& data, std::size_t& size) {
    struct stat st{};
    if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode) || st.st_size < 0 ||
        static_cast<std::uint64_t>(st.st_size) > limit)
        return false;
    std::string error;
    data = read_file_buffer(path, size, error);
    return data != nullptr && size <= limit;
}

bool write_all(int fd, const char* p, std::size_t n) {
    while (n > 0) {
        ssize_t w = ::write(fd, p, n);
        if (w < 0) {
            if (errno == EINTR) continue;
            return false;
        }
        if (w == 0) return false;
        p += w;
        n -= static_cast<std::size_t>(w);
    }
    return true;
}

}  // namespace

std::string yaml_cache_file(const std::string& root, const std::string& path) {
    std::string dir = cache_dir(root);
    if (dir.empty()) return {};
    std::size_t slash = path.find_last_of('/');
    std::string_view base = slash == std::string::npos ? std::string_view(path) : std::string_view(path).substr(slash + 1);
    return dir + '/' + hex64(content_hash(path)) + '-' + plain_name(base) + ".bin";
}

bool load_yaml_cache(const std::string& root, const std::string& path, std::string_view text, YamlKind kind,
                     std::string_view settings_key, std::uint32_t file, YamlParse& out) {
    try {
        const auto& exe = exe_id();
        if (!exe) return false;
        std::optional<FileId> id = file_id(path.c_str());
        if (!id || id->size != text.size()) return false;

        // A cache entry is never much bigger than its YAML text (diagnostics
        // aside); a bigger file is not ours.
        std::size_t limit = std::max<std::size_t>(text.size(), 1) * 16 + (std::size_t{16} << 20);
        std::shared_ptr<const char[]> data;
        std::size_t size = 0;
        const std::string entry = yaml_cache_file(root, path);
        if (entry.empty() || !read_whole(entry, limit, data, size)) return false;
        if (size < kHeaderSize) return false;

        const char* p = data.get();
        if (std::memcmp(p, kMagic, 8) != 0) return false;
        Reader h(p + 8, p + kHeaderSize, 0);
        std::uint32_t version = h.num<std::uint32_t>();
        std::uint32_t zero = h.num<std::uint32_t>();
        std::uint64_t payload_size = h.num<std::uint64_t>();
        std::uint64_t checksum = h.num<std::uint64_t>();
        if (!h.ok() || version != kFormatVersion || zero != 0 || payload_size != size - kHeaderSize) return false;

        Key want{static_cast<std::uint8_t>(kind), path, id->size, id->mtime_ns, text.size(), 0,
                 std::string(settings_key), exe->size, exe->mtime_ns};
        const char* payload = p + kHeaderSize;
        Reader r(payload, p + size, file);
        if (!key_matches(r, want, text)) return false;
        if (content_hash(std::string_view(payload, payload_size)) != checksum) return false;

        YamlParse got;
        parse_fields(r, got);
        if (!r.ok() || !r.at_end() || !order_of_deals(got) || !plausible(got)) return false;
        out = std::move(got);
        return true;
    } catch (...) {  // bad_alloc: no entry
        return false;
    }
}

void store_yaml_cache(const std::string& root, const std::string& path, std::string_view text, YamlKind kind,
                      std::string_view settings_key, std::uint32_t file, const YamlParse& in) {
    try {
        const auto& exe = exe_id();
        if (!exe) return;
        std::optional<FileId> id = file_id(path.c_str());
        if (!id || id->size != text.size()) return;  // changed since it was read: its entry would never match
        if (text.size() >= 0xffffffffu) return;  // lengths are stored in 32 bits

        Writer w(file);
        w.buf.reserve(text.size() + 4096);  // an entry is about the size of its text
        w.buf.append(kHeaderSize, '\0');
        Key key{static_cast<std::uint8_t>(kind), path, id->size, id->mtime_ns, text.size(), content_hash(text),
                std::string(settings_key), exe->size, exe->mtime_ns};
        write_key(w, key);
        parse_fields(w, in);
        // A parse far bigger than its text is not worth keeping (and a disk
        // filler); load_yaml_cache would refuse it anyway.
        if (w.buf.size() > 16 * text.size() + (std::size_t{1} << 20)) return;
        std::uint64_t payload_size = w.buf.size() - kHeaderSize;
        std::uint64_t checksum = content_hash(std::string_view(w.buf).substr(kHeaderSize));
        char* hp = w.buf.data();
        std::memcpy(hp, kMagic, 8);
        std::memcpy(hp + 8, &kFormatVersion, 4);
        std::memset(hp + 12, 0, 4);
        std::memcpy(hp + 16, &payload_size, 8);
        std::memcpy(hp + 24, &checksum, 8);

        // Past a file size limit, write() would raise SIGXFSZ: do not try.
        struct rlimit rl{};
        if (::getrlimit(RLIMIT_FSIZE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY && w.buf.size() > rl.rlim_cur) return;

        // The cache home is private (0700); the book's directory in it is made
        // by this user, so nothing there is a link someone else placed.
        const std::string dir = cache_dir(root);
        if (dir.empty()) return;
        std::error_code ec;
        std::filesystem::create_directories(dir.substr(0, dir.find_last_of('/')), ec);
        ::chmod(dir.substr(0, dir.find_last_of('/')).c_str(), 0700);
        ::mkdir(dir.c_str(), 0700);
        struct stat st{};
        if (::lstat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode) || st.st_uid != ::getuid()) return;

        std::string target = yaml_cache_file(root, path);
        static std::atomic<unsigned> counter{0};
        std::string tmp;
        int fd = -1;
        for (int attempt = 0; attempt < 4 && fd < 0; ++attempt) {
            tmp = target + ".tmp." + std::to_string(::getpid()) + "." + std::to_string(counter.fetch_add(1));
            fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
            if (fd < 0 && errno != EEXIST) return;
        }
        if (fd < 0) return;
        bool ok = write_all(fd, w.buf.data(), w.buf.size());
        ok = ::close(fd) == 0 && ok;
        if (!ok || ::rename(tmp.c_str(), target.c_str()) != 0) ::unlink(tmp.c_str());
    } catch (...) {  // bad_alloc: no entry
    }
}

}  // namespace salesrep
