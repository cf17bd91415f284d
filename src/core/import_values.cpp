// import: reading the values of cells: ids (slugs), dates, amounts; and the
// text helpers shared by the import's files.
#include "import_map.hpp"

#include <cctype>
#include <fmt/format.h>

namespace salesrep {

std::string slug(std::string_view name) {
    std::string s;
    for (char ch : name) {
        unsigned char c = static_cast<unsigned char>(ch);
        if (c >= 'A' && c <= 'Z') s += static_cast<char>(c - 'A' + 'a');
        else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_') s += ch;
        else if (c == ' ' || c == '\t' || c == '-') {
            if (!s.empty() && s.back() != '-') s += '-';
        }
    }
    std::size_t first = 0;
    while (first < s.size() && !std::isalnum(static_cast<unsigned char>(s[first]))) ++first;
    s.erase(0, first);
    while (!s.empty() && (s.back() == '-' || s.back() == '.' || s.back() == '_')) s.pop_back();
    return s.empty() ? "x" : s;
}

std::optional<Date> parse_date_as(std::string_view text, std::string_view format) {
    static constexpr std::string_view months[] = {"january", "february", "march",     "april",   "may",      "june",
                                                  "july",    "august",   "september", "october", "november", "december"};
    int year = -1;
    unsigned month = 0, day = 0;
    std::size_t i = 0;
    auto digits = [&](std::size_t min, std::size_t max, int& out) {
        std::size_t start = i;
        out = 0;
        while (i < text.size() && i - start < max && text[i] >= '0' && text[i] <= '9') out = out * 10 + (text[i++] - '0');
        return i - start >= min;
    };
    for (std::size_t f = 0; f < format.size(); ++f) {
        if (format[f] != '%' || f + 1 == format.size()) {
            if (i >= text.size() || text[i] != format[f]) return std::nullopt;
            ++i;
            continue;
        }
        char d = format[++f];
        int v = 0;
        switch (d) {
        case 'Y': if (!digits(4, 4, v)) return std::nullopt; year = v; break;
        case 'y': if (!digits(2, 2, v)) return std::nullopt; year = v >= 70 ? 1900 + v : 2000 + v; break;
        case 'm': if (!digits(1, 2, v)) return std::nullopt; month = static_cast<unsigned>(v); break;
        case 'd': if (!digits(1, 2, v)) return std::nullopt; day = static_cast<unsigned>(v); break;
        case 'H': case 'M': case 'S': if (!digits(1, 2, v)) return std::nullopt; break;
        case 'b': case 'B': {
            std::size_t start = i;
            while (i < text.size() && std::isalpha(static_cast<unsigned char>(text[i]))) ++i;
            std::string word;
            for (std::size_t k = start; k < i; ++k) word += static_cast<char>(std::tolower(static_cast<unsigned char>(text[k])));
            month = 0;
            for (unsigned m = 0; m < 12; ++m)
                if (word == months[m] || (word.size() == 3 && months[m].substr(0, 3) == word)) month = m + 1;
            if (!month) return std::nullopt;
            break;
        }
        case '%': if (i >= text.size() || text[i] != '%') return std::nullopt; ++i; break;
        default: return std::nullopt;
        }
    }
    if (i != text.size() || year < 0 || !valid_ymd(year, month, day)) return std::nullopt;
    return Date::from_ymd(year, month, day);
}

namespace import_detail {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

// Text for a ledger line: line breaks and other control characters become blanks.
std::string one_line(std::string s) {
    for (char& c : s)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
    return s;
}

// A YAML scalar: plain when that cannot be misread, else double-quoted.
std::string yaml_scalar(std::string_view s) {
    bool plain = !s.empty() && std::isalnum(static_cast<unsigned char>(s[0])) && s.back() != ' ';
    for (char c : s)
        plain &= std::isalnum(static_cast<unsigned char>(c)) || c == ' ' || c == '.' || c == '_' || c == '-' || c == '/';
    if (plain) {
        std::string low;
        for (char c : s) low += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        static constexpr std::string_view reserved[] = {"true", "false", "yes", "no", "on", "off", "null", "y", "n"};
        for (auto r : reserved) plain &= low != r;
    }
    if (plain) return std::string(s);
    std::string out = "\"";
    for (char ch : s) {
        unsigned char c = static_cast<unsigned char>(ch);
        if (ch == '"' || ch == '\\') { out += '\\'; out += ch; }
        else if (ch == '\n') out += "\\n";
        else if (ch == '\t') out += "\\t";
        else if (ch == '\r') out += "\\r";
        else if (c < 0x20 || c == 0x7f) out += fmt::format("\\x{:02x}", c);
        else out += ch;
    }
    return out + '"';
}

}  // namespace import_detail

}  // namespace salesrep
