// files: write_to: the ledger file of each agent (SPEC §1).
#include "salesrep/write_to.hpp"

#include <fnmatch.h>

namespace salesrep {

namespace {
// "./a/b" and "a//b" name what "a/b" names.
std::string plain_path(std::string_view p) {
    std::string out;
    while (p.substr(0, 2) == "./") p.remove_prefix(2);
    for (char c : p) {
        if (c == '/' && !out.empty() && out.back() == '/') continue;
        out += c;
    }
    for (std::size_t at; (at = out.find("/./")) != std::string::npos;) out.erase(at, 2);
    return out;
}
}  // namespace

std::string write_to_path(const Settings& settings, std::string_view agent) {
    if (settings.write_to.empty() || agent.empty()) return {};
    std::string out;
    std::string_view t = settings.write_to;
    constexpr std::string_view key = "{agent}";
    for (std::size_t at; (at = t.find(key)) != std::string_view::npos; t.remove_prefix(at + key.size())) {
        out += t.substr(0, at);
        out += agent;
    }
    out += t;
    return out;
}

bool ledger_reads(const Settings& settings, std::string_view path) {
    const std::string file = plain_path(path);
    if (settings.ledger_patterns.empty()) return file == "sales.ledger";
    for (const auto& pattern : settings.ledger_patterns) {
        const std::string p = plain_path(pattern);
        if (p == file || ::fnmatch(p.c_str(), file.c_str(), FNM_PATHNAME | FNM_PERIOD) == 0) return true;
    }
    return false;
}

}  // namespace salesrep
