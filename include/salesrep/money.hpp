#pragma once
// Money: an exact amount in integer cents. A double never holds money.
#include <cstdint>
#include <string>
#include <string_view>

namespace salesrep {

struct Money {
    std::int64_t cents = 0;

    friend constexpr bool operator==(Money, Money) = default;
    friend constexpr auto operator<=>(Money, Money) = default;
};

// Result of parsing an amount: on failure `error` says why and `col` is the
// 0-based offset in the text where the problem is.
struct MoneyParse {
    bool ok = false;
    Money value;
    std::string error;
    std::size_t col = 0;
};

// Parses `48000`, `48000.5`, `-12.30`, `48000 EUR` (the currency code, when
// given, must equal `currency`; an empty `currency` accepts none). At most two
// fraction digits; overflow of int64 cents is an error. Leading '+' is refused.
MoneyParse parse_money(std::string_view text, std::string_view currency = {});

// "48000.00", "-12.30"; with `thousands`, "48,000.00".
std::string format_money(Money m, bool thousands = false);

// Checked arithmetic: returns true on overflow (`out` unchanged), else false
// with `out` = a + b.
bool add_overflows(std::int64_t a, std::int64_t b, std::int64_t& out);

// round-half-up(cents * pct / 100) for 0 <= pct <= 100; exact (128-bit).
Money weighted(Money amount, int pct);

}  // namespace salesrep
