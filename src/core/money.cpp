// Money: parsing, printing and exact arithmetic on integer cents.
#include "salesrep/money.hpp"

#include <limits>

namespace salesrep {

namespace {

// The largest magnitude of a negative amount is one cent more than that of a
// positive one (two's complement).
constexpr unsigned __int128 max_positive_cents = std::numeric_limits<std::int64_t>::max();
constexpr unsigned __int128 max_negative_cents = max_positive_cents + 1;

bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::string quoted(std::string_view s) { return "'" + std::string(s) + "'"; }

MoneyParse failure(std::string error, std::size_t col) {
    MoneyParse r;
    r.error = std::move(error);
    r.col = col;
    return r;
}

MoneyParse not_an_amount(std::string_view text, std::size_t col) {
    return failure(quoted(text) + " is not an amount", col);
}

// Where the number ends and the currency code (if any) begins.
struct Split {
    std::string_view number;
    std::string_view code;  // empty when there is none
    std::size_t code_col = 0;
    bool ok = true;
    std::size_t bad_col = 0;  // when !ok: where the layout is wrong
};

Split split_currency(std::string_view text) {
    Split s;
    std::size_t space = text.find(' ');
    s.number = text.substr(0, space);
    if (space == std::string_view::npos) return s;
    std::size_t code = text.find_first_not_of(' ', space);
    if (code == std::string_view::npos) {  // trailing spaces only
        s.ok = false;
        s.bad_col = space;
        return s;
    }
    std::size_t extra = text.find_first_of(" \t\r\n", code);
    if (extra != std::string_view::npos) {  // a second word after the code
        s.ok = false;
        s.bad_col = extra;
        return s;
    }
    s.code = text.substr(code);
    s.code_col = code;
    return s;
}

// Parses `-?D+(.D{1,2})?` in `number` (a prefix of `text`).
MoneyParse parse_number(std::string_view text, std::string_view number) {
    std::size_t i = 0;
    bool negative = false;
    if (i < number.size() && number[i] == '-') {
        negative = true;
        ++i;
    }
    unsigned __int128 magnitude = 0;  // in cents / 10^(2 - fraction digits)
    bool too_large = false;
    std::size_t int_start = i;
    for (; i < number.size() && is_digit(number[i]); ++i) {
        magnitude = magnitude * 10 + static_cast<unsigned>(number[i] - '0');
        if (magnitude > max_negative_cents) {  // cap: keeps the 128-bit value small
            too_large = true;
            magnitude = max_negative_cents + 1;
        }
    }
    if (i == int_start) return not_an_amount(text, i);
    std::size_t fraction_digits = 0;
    std::size_t third_decimal = 0;
    if (i < number.size() && number[i] == '.') {
        std::size_t dot = i++;
        for (; i < number.size() && is_digit(number[i]); ++i) {
            if (++fraction_digits == 3) third_decimal = i;
            if (fraction_digits <= 2) magnitude = magnitude * 10 + static_cast<unsigned>(number[i] - '0');
        }
        if (fraction_digits == 0) return not_an_amount(text, dot);
    }
    if (i < number.size()) return not_an_amount(text, i);
    if (fraction_digits > 2) return failure("amount " + quoted(text) + " has more than two decimals", third_decimal);
    for (std::size_t k = fraction_digits; k < 2; ++k) magnitude *= 10;
    if (too_large || magnitude > (negative ? max_negative_cents : max_positive_cents))
        return failure("amount " + quoted(text) + " is too large", 0);
    MoneyParse r;
    r.ok = true;
    // Two's-complement conversion; exact also for the most negative amount.
    auto bits = static_cast<std::uint64_t>(magnitude);
    r.value.cents = static_cast<std::int64_t>(negative ? 0 - bits : bits);
    return r;
}

MoneyParse check_currency(std::string_view code, std::size_t col, std::string_view currency) {
    if (currency.empty())
        return failure("currency " + quoted(code) + " given, but the book has no currency", col);
    if (code != currency)
        return failure("currency " + quoted(code) + " is not the book's currency " + quoted(currency), col);
    MoneyParse r;
    r.ok = true;
    return r;
}

std::string group_thousands(const std::string& digits) {
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i != 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return out;
}

}  // namespace

MoneyParse parse_money(std::string_view text, std::string_view currency) {
    if (text.empty()) return failure("empty amount", 0);
    Split s = split_currency(text);
    MoneyParse r = parse_number(text, s.number);
    if (!r.ok) return r;
    if (!s.ok) return not_an_amount(text, s.bad_col);
    if (s.code.empty()) return r;
    MoneyParse c = check_currency(s.code, s.code_col, currency);
    return c.ok ? r : c;
}

std::string format_money(Money m, bool thousands) {
    auto bits = static_cast<std::uint64_t>(m.cents);
    std::uint64_t magnitude = m.cents < 0 ? 0 - bits : bits;
    std::string whole = std::to_string(magnitude / 100);
    std::uint64_t cents = magnitude % 100;
    std::string out = m.cents < 0 ? "-" : "";
    out += thousands ? group_thousands(whole) : whole;
    out += '.';
    out += static_cast<char>('0' + cents / 10);
    out += static_cast<char>('0' + cents % 10);
    return out;
}

bool add_overflows(std::int64_t a, std::int64_t b, std::int64_t& out) {
    std::int64_t sum = 0;
    if (__builtin_add_overflow(a, b, &sum)) return true;
    out = sum;
    return false;
}

Money weighted(Money amount, int pct) {
    __int128 product = static_cast<__int128>(amount.cents) * pct;
    __int128 quotient = product / 100;
    __int128 remainder = product % 100;  // same sign as product
    if (remainder >= 50) ++quotient;
    if (remainder <= -50) --quotient;
    return Money{static_cast<std::int64_t>(quotient)};
}

}  // namespace salesrep
