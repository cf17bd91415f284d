// The "floor" of bench/bench_load.sh: the least work any tool must do on the book's ledger —
// read every ledger file once, split lines, and sum the cents of `payment` entries per client.
// No validation, no replay, no YAML. Build: g++ -O2 -std=c++20 -o /tmp/salesrep-floor bench/floor.cpp
// Usage: floor FILE... ; prints the number of clients that paid, the payments and the total paid.
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

static bool read_file(const char* path, std::string& out) {
    std::FILE* f = std::fopen(path, "rb");
    if (!f) return false;
    std::fseek(f, 0, SEEK_END);
    long n = std::ftell(f);
    std::fseek(f, 0, SEEK_SET);
    out.resize(n > 0 ? static_cast<size_t>(n) : 0);
    size_t got = n > 0 ? std::fread(out.data(), 1, out.size(), f) : 0;
    std::fclose(f);
    out.resize(got);
    return true;
}

static std::string_view next_word(std::string_view& s) {
    size_t i = 0;
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
    size_t j = i;
    while (j < s.size() && s[j] != ' ' && s[j] != '\t') ++j;
    std::string_view w = s.substr(i, j - i);
    s.remove_prefix(j);
    return w;
}

// "1234", "1234.5", "1234.56" -> cents; -1 on anything else
static long long cents(std::string_view w) {
    long long v = 0;
    size_t i = 0;
    if (w.empty()) return -1;
    for (; i < w.size() && w[i] != '.'; ++i) {
        if (w[i] < '0' || w[i] > '9') return -1;
        v = v * 10 + (w[i] - '0');
    }
    v *= 100;
    if (i < w.size()) {
        ++i;
        int scale = 10;
        for (; i < w.size() && scale > 0; ++i, scale /= 10) {
            if (w[i] < '0' || w[i] > '9') return -1;
            v += (w[i] - '0') * scale;
        }
        if (i < w.size()) return -1;
    }
    return v;
}

int main(int argc, char** argv) {
    std::unordered_map<std::string, long long> paid;
    long long count = 0, total = 0;
    std::string buf;
    for (int a = 1; a < argc; ++a) {
        if (!read_file(argv[a], buf)) {
            std::fprintf(stderr, "floor: cannot read %s\n", argv[a]);
            return 1;
        }
        std::string_view all(buf);
        while (!all.empty()) {
            size_t nl = all.find('\n');
            std::string_view line = all.substr(0, nl);
            all.remove_prefix(nl == std::string_view::npos ? all.size() : nl + 1);
            if (line.empty() || line[0] == ';' || line[0] == '#') continue;
            std::string_view rest = line;
            next_word(rest);                                   // date
            std::string_view kind = next_word(rest);
            if (kind.size() == 5 && kind[2] == ':') kind = next_word(rest);   // HH:MM
            if (kind != "payment") continue;
            std::string_view client = next_word(rest);
            long long c = cents(next_word(rest));
            if (c < 0) continue;
            paid[std::string(client)] += c;
            ++count;
            total += c;
        }
    }
    std::printf("%zu clients, %lld payments, %lld.%02lld paid\n", paid.size(), count, total / 100, total % 100);
    return 0;
}
