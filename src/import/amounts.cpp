// import: amounts as CRMs write them ($22,700.00, 22 700,00 €, EUR 1.200,50,
// (1,200.00), ...) -> integer cents.
#include "salesrep/import.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <array>

namespace salesrep {

namespace {

// The byte length of a blank at `s[i]` (space, tab, U+00A0, U+202F, U+2009), or 0.
std::size_t blank_at(std::string_view s, std::size_t i) {
    std::string_view r = s.substr(i);
    if (!r.empty() && (r[0] == ' ' || r[0] == '\t')) return 1;
    if (r.substr(0, 2) == "\xC2\xA0") return 2;
    if (r.substr(0, 3) == "\xE2\x80\xAF" || r.substr(0, 3) == "\xE2\x80\x89") return 3;
    return 0;
}

// The byte length of a minus sign at `s[i]` ('-' or U+2212), or 0.
std::size_t minus_at(std::string_view s, std::size_t i) {
    if (i < s.size() && s[i] == '-') return 1;
    if (s.substr(i, 3) == "\xE2\x88\x92") return 3;
    return 0;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

struct Symbol {
    std::string_view text;
    std::string_view codes;  // the ISO codes it stands for, blank-separated
};
// Currency symbols as CRMs print them (ISO codes are read as they are).
constexpr std::array<Symbol, 24> kSymbols{{
    {"$", "USD CAD AUD NZD SGD HKD MXN"}, {"US$", "USD"}, {"C$", "CAD"}, {"CA$", "CAD"}, {"A$", "AUD"},
    {"AU$", "AUD"}, {"NZ$", "NZD"}, {"HK$", "HKD"}, {"S$", "SGD"}, {"R$", "BRL"}, {"\xE2\x82\xAC", "EUR"},
    {"\xC2\xA3", "GBP"}, {"\xC2\xA5", "JPY CNY"}, {"\xE2\x82\xB9", "INR"}, {"\xE2\x82\xA9", "KRW"},
    {"\xE2\x82\xBD", "RUB"}, {"\xE2\x82\xBA", "TRY"}, {"\xE2\x82\xAA", "ILS"}, {"\xE0\xB8\xBF", "THB"},
    {"\xE2\x82\xB1", "PHP"}, {"z\xC5\x82", "PLN"}, {"kr", "SEK NOK DKK ISK"}, {"Fr.", "CHF"}, {"R", "ZAR"},
}};

// The ISO codes that `token` (a symbol or a code) stands for; "" when it is neither.
std::string_view currency_codes(std::string_view token) {
    if (token.size() == 3 && std::all_of(token.begin(), token.end(), [](char c) { return c >= 'A' && c <= 'Z'; }))
        return token;
    for (const auto& s : kSymbols)
        if (s.text == token) return s.codes;
    return {};
}

bool names_currency(std::string_view codes, std::string_view currency) {
    for (std::size_t i = 0; i + 3 <= codes.size(); i += 4)
        if (codes.substr(i, 3) == currency) return true;
    return false;
}

// The kind of a grouping or decimal mark: the character, ' ' for every blank.
char mark_kind(std::string_view s, std::size_t i) {
    if (blank_at(s, i)) return ' ';
    return s.substr(i, 3) == "\xE2\x80\x99" ? '\'' : s[i];
}

bool is_mark(std::string_view s, std::size_t i) {
    return blank_at(s, i) || s[i] == ',' || s[i] == '.' || s[i] == '\'' || s.substr(i, 3) == "\xE2\x80\x99";
}
std::size_t mark_len(std::string_view s, std::size_t i) {
    if (std::size_t b = blank_at(s, i)) return b;
    return s.substr(i, 3) == "\xE2\x80\x99" ? 3 : 1;  // a typographic apostrophe groups as ' does
}

// An amount's text as read: the signs and parentheses around the number, the
// currency symbols and codes, the number's digits and its marks.
struct AmountScan {
    std::string_view s;
    std::size_t i = 0;
    int minus = 0, open = 0, close = 0;
    std::vector<std::string_view> tokens{};           // currency symbols and codes
    std::string digits{};                             // all digits
    std::vector<std::pair<std::size_t, char>> marks{};  // (digits before it, kind)

    void skip_blanks() {
        while (i < s.size())
            if (std::size_t b = blank_at(s, i)) i += b;
            else break;
    }
    // A minus sign at i (counted in minus), else a parenthesis when `paren`
    // (counted in `count`): skipped; false when neither.
    bool sign(bool paren, int& count) {
        if (std::size_t m = minus_at(s, i)) { ++minus; i += m; return true; }
        if (paren) { ++count; ++i; return true; }
        return false;
    }
    // A symbol or code: the run of characters up to a digit, a blank, a sign or
    // a parenthesis; false when there is none.
    bool token() {
        std::size_t start = i;
        while (i < s.size() && !is_digit(s[i]) && !blank_at(s, i) && !minus_at(s, i) && s[i] != '(' && s[i] != ')') ++i;
        tokens.push_back(s.substr(start, i - start));
        return i != start;
    }
    // Before the number: blanks, a sign, '(' and a currency, in any order; false
    // when no number follows.
    bool read_before() {
        while (true) {
            skip_blanks();
            if (i >= s.size()) return false;
            if (sign(s[i] == '(', open)) continue;
            if (is_digit(s[i])) return true;
            if (s[i] == '.' || s[i] == ',') return false;
            if (!token()) return false;
        }
    }
    // The number: digits and marks, each mark between two digits.
    void read_number() {
        while (i < s.size()) {
            if (is_digit(s[i])) { digits += s[i++]; continue; }
            if (!is_mark(s, i)) break;
            std::size_t len = mark_len(s, i);
            if (i + len >= s.size() || !is_digit(s[i + len])) break;
            marks.push_back({digits.size(), mark_kind(s, i)});
            i += len;
        }
    }
    // After it: blanks, a sign, ')' and a currency; false on anything else.
    bool read_after() {
        while (true) {
            skip_blanks();
            if (i >= s.size()) return true;
            if (sign(s[i] == ')', close)) continue;
            if (s[i] == '(' || is_digit(s[i])) return false;
            if (!token()) return false;
        }
    }
    bool signs_ok() const { return minus <= 1 && open == close && open <= 1 && !(open && minus); }
};

// At most one currency, and the book's.
bool currency_ok(const AmountScan& a, std::string_view text, std::string_view currency, std::string& why) {
    if (a.tokens.size() > 1) {
        why = fmt::format("'{}' names a currency more than once", text);
        return false;
    }
    if (a.tokens.empty()) return true;
    std::string_view codes = currency_codes(a.tokens[0]);
    if (codes.empty()) why = fmt::format("'{}' is not an amount", text);
    else if (currency.empty())
        why = fmt::format("'{}' is in {}, but the book names no currency (book: currency:)", text, a.tokens[0]);
    else if (!names_currency(codes, currency))
        why = fmt::format("'{}' is in {}, not in the book's currency ({})", text, a.tokens[0], currency);
    else return true;
    return false;
}

// The grouping kind the rules give (0: any).
char grouping_kind(const AmountFormat& format) {
    if (format.thousands.size() == 1) return format.thousands[0] == '\t' ? ' ' : format.thousands[0];
    if (!format.thousands.empty()) return mark_kind(format.thousands, 0);
    return 0;
}

// Which mark is the decimal one: takes it off `marks` and returns how many
// digits come before it (all of them when there is none).
std::size_t take_decimal_mark(std::vector<std::pair<std::size_t, char>>& marks, std::size_t digits,
                              const AmountFormat& format, char group) {
    if (marks.empty()) return digits;
    auto [at, kind] = marks.back();
    std::size_t after = digits - at;
    std::size_t same = 0;
    for (const auto& m : marks) same += m.second == kind;
    bool decimal = false;
    if (format.decimal) decimal = kind == format.decimal;
    else if ((kind == '.' || kind == ',') && kind != group && same == 1) {
        bool others = marks.size() > 1;  // marks of another kind before it: it is the decimal one
        // a lone mark before exactly three digits groups them, unless it cannot
        decimal = others || after != 3 || at > 3 || (group && group != kind);
    }
    if (!decimal) return digits;
    marks.pop_back();
    return at;
}

// The marks left group the `int_digits` integer digits by thousands, all alike.
bool grouping_ok(const std::vector<std::pair<std::size_t, char>>& marks, std::size_t int_digits, std::string_view text,
                 const AmountFormat& format, char group, std::string& why) {
    for (std::size_t k = 0; k < marks.size(); ++k) {
        char kind = marks[k].second;
        if (format.decimal && kind == format.decimal) {
            why = fmt::format("'{}' has the decimal mark '{}' twice", text, kind);
            return false;
        }
        if ((group && kind != group) || kind != marks[0].second) {
            why = fmt::format("'{}' mixes marks: its digits are grouped by '{}'{}", text, marks[0].second,
                              group ? fmt::format(" where the rules say thousands: '{}'", group) : "");
            return false;
        }
        std::size_t before = k == 0 ? marks[k].first : marks[k].first - marks[k - 1].first;
        if ((k == 0 && (before < 1 || before > 3)) || (k > 0 && before != 3)) {
            why = fmt::format("'{}' is not grouped by thousands (groups of three digits)", text);
            return false;
        }
    }
    if (!marks.empty() && int_digits - marks.back().first != 3) {
        why = fmt::format("'{}' is not grouped by thousands (groups of three digits)", text);
        return false;
    }
    return true;
}

// The digits, `int_digits` of them before the decimal mark, as cents.
std::optional<Money> to_money(const AmountScan& a, std::size_t int_digits, std::string_view text, std::string& why) {
    std::string fraction = a.digits.substr(int_digits);
    while (fraction.size() > 2 && fraction.back() == '0') fraction.pop_back();
    if (fraction.size() > 2) {
        why = fmt::format("'{}' has more than two decimals", text);
        return std::nullopt;
    }
    std::string plain = a.digits.substr(0, int_digits) + (fraction.empty() ? "" : "." + fraction);
    MoneyParse m = parse_money(plain);
    if (!m.ok) {
        why = fmt::format("'{}': {}", text, m.error);
        return std::nullopt;
    }
    if (a.minus || a.open) m.value.cents = -m.value.cents;
    return m.value;
}

}  // namespace

std::optional<Money> read_amount(std::string_view text, std::string_view currency, const AmountFormat& format,
                                 std::string& why) {
    AmountScan a{text};
    bool read = a.read_before();
    if (read) {
        a.read_number();
        read = a.read_after() && a.signs_ok();
    }
    if (!read) {
        why = fmt::format("'{}' is not an amount", text);
        return std::nullopt;
    }
    if (!currency_ok(a, text, currency, why)) return std::nullopt;
    char group = grouping_kind(format);
    std::size_t int_digits = take_decimal_mark(a.marks, a.digits.size(), format, group);
    if (!grouping_ok(a.marks, int_digits, text, format, group, why)) return std::nullopt;
    return to_money(a, int_digits, text, why);
}

}  // namespace salesrep
