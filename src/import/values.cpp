// import: reading the values of cells: ids (slugs) and dates (amounts:
// import_amounts.cpp); and the text helpers shared by the import's files.
#include "map.hpp"

#include <cctype>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <iterator>

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
            if (word == "sept") month = 9;
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

// ---- dates as CRMs write them ------------------------------------------------

std::vector<std::string> default_date_formats(DateOrder order) {
    std::vector<std::string> f{"%Y-%m-%d", "%Y/%m/%d", "%d %b %Y", "%d %b, %Y", "%d-%b-%Y", "%d-%b-%y",
                               "%d. %b %Y", "%b %d, %Y", "%b %d %Y"};
    const char* month_first[] = {"%m/%d/%Y", "%m/%d/%y", "%m-%d-%Y", "%m.%d.%Y"};
    const char* day_first[] = {"%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%d.%m.%Y", "%d.%m.%y"};
    if (order == DateOrder::month_first) f.insert(f.end(), std::begin(month_first), std::end(month_first));
    if (order == DateOrder::day_first) f.insert(f.end(), std::begin(day_first), std::end(day_first));
    return f;
}

namespace {

bool digit(char c) { return c >= '0' && c <= '9'; }

// Whether `t` is a time of day as CRMs append it: H:MM[:SS[.fff]] [AM|PM]
// [Z | UTC | GMT | +HH[:MM] | -HHMM].
bool is_time(std::string_view t) {
    std::size_t i = 0;
    auto digits = [&](std::size_t min, std::size_t max) {
        std::size_t start = i;
        while (i < t.size() && i - start < max && digit(t[i])) ++i;
        return i - start >= min;
    };
    auto blanks = [&] { while (i < t.size() && t[i] == ' ') ++i; };
    if (!digits(1, 2) || i >= t.size() || t[i++] != ':' || !digits(2, 2)) return false;
    if (i < t.size() && t[i] == ':') {
        ++i;
        if (!digits(2, 2)) return false;
        if (i < t.size() && (t[i] == '.' || t[i] == ',')) {
            ++i;
            if (!digits(1, 9)) return false;
        }
    }
    blanks();
    auto word = [&](std::string_view w) {
        if (t.size() - i < w.size()) return false;
        for (std::size_t k = 0; k < w.size(); ++k)
            if (std::toupper(static_cast<unsigned char>(t[i + k])) != w[k]) return false;
        i += w.size();
        return true;
    };
    if (word("AM") || word("PM")) blanks();
    if (word("Z") || word("UTC") || word("GMT")) blanks();
    if (i < t.size() && (t[i] == '+' || t[i] == '-')) {
        ++i;
        if (!digits(2, 2)) return false;
        if (i < t.size() && t[i] == ':') ++i;
        digits(0, 2);
    }
    return i == t.size();
}

// `t` less a time part at its end (and the blank, 'T' or ", " before it), or
// `t` itself when it has none.
std::string_view without_time(std::string_view t) {
    for (std::size_t i = t.size(); i-- > 1;) {
        bool sep = t[i] == ' ' || (t[i] == 'T' && digit(t[i - 1]));
        if (!sep || !is_time(t.substr(i + 1))) continue;
        std::string_view d = t.substr(0, i);
        while (!d.empty() && (d.back() == ' ' || d.back() == ',')) d.remove_suffix(1);
        return d;
    }
    return t;
}

// Whether `t` looks like a numeric date whose day and month order is unsaid:
// N/N/N, N-N-N or N.N.N with a first number of 1 or 2 digits.
bool numeric_date(std::string_view t) {
    int parts = 1;
    std::size_t run = 0, first = 0;
    char sep = 0;
    for (char c : t) {
        if (digit(c)) { ++run; continue; }
        if ((c != '/' && c != '-' && c != '.') || run == 0 || (sep && c != sep)) return false;
        if (parts == 1) first = run;
        sep = c;
        ++parts;
        run = 0;
    }
    return parts == 3 && run > 0 && first <= 2;
}

}  // namespace

std::optional<Date> read_date(std::string_view text, const std::vector<std::string>& formats, DateOrder order,
                              std::string* why) {
    std::string_view t = text;
    while (!t.empty() && (t.front() == ' ' || t.front() == '\t')) t.remove_prefix(1);
    while (!t.empty() && (t.back() == ' ' || t.back() == '\t')) t.remove_suffix(1);
    std::vector<std::string> defaults;
    const std::vector<std::string>* fs = &formats;
    if (formats.empty()) {
        defaults = default_date_formats(order);
        fs = &defaults;
    }
    std::string_view date_part = without_time(t);
    for (std::string_view candidate : {t, date_part}) {
        for (const auto& f : *fs)
            if (auto d = parse_date_as(candidate, f)) return d;
        if (candidate == date_part) break;
    }
    if (why) {
        if (formats.empty() && order == DateOrder::unknown && numeric_date(date_part))
            *why = "is a numeric date whose order is unsaid: give 'csv: date_order: month-first' (04/15/2021) or "
                   "'day-first' (15/04/2021)";
        else if (formats.empty())
            *why = fmt::format("is not a date (ISO 2021-04-15, 15 Apr 2021, Apr 15, 2021{}; a time after it is "
                               "dropped; else give 'csv: date_format:')",
                               order == DateOrder::month_first ? ", 04/15/2021"
                               : order == DateOrder::day_first ? ", 15/04/2021" : "");
        else
            *why = fmt::format("is not a date in the format {}", fmt::join(formats, " or "));
    }
    return std::nullopt;
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
