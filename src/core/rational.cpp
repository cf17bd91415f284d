// Rational: exact fractions on 128-bit integers, always reduced, den > 0.
//
// Conventions callers rely on:
// - Rational::of(n, 0) and x / 0 yield 0: a zero denominator is never stored.
// - Results must fit in __int128; operands are reduced before multiplying to
//   keep intermediates small, but nothing detects overflow beyond that.
#include "salesrep/rational.hpp"

namespace salesrep {

namespace {

__int128 abs128(__int128 v) { return v < 0 ? -v : v; }

__int128 gcd128(__int128 a, __int128 b) {
    a = abs128(a);
    b = abs128(b);
    while (b != 0) {
        __int128 t = a % b;
        a = b;
        b = t;
    }
    return a;
}

// The decimal digits of v >= 0.
std::string to_digits(__int128 v) {
    if (v == 0) return "0";
    std::string out;
    for (; v > 0; v /= 10) out.insert(out.begin(), static_cast<char>('0' + static_cast<int>(v % 10)));
    return out;
}

// n / d rounded to an integer, halves away from zero (d > 0).
__int128 divide_half_away(__int128 n, __int128 d) {
    __int128 q = n / d;
    __int128 r = n % d;  // same sign as n
    if (2 * abs128(r) >= d) q += n < 0 ? -1 : 1;
    return q;
}

}  // namespace

Rational Rational::of(__int128 n, __int128 d) {
    Rational r;
    if (d == 0 || n == 0) return r;
    if (d < 0) {
        n = -n;
        d = -d;
    }
    __int128 g = gcd128(n, d);
    r.num = n / g;
    r.den = d / g;
    return r;
}

Rational Rational::operator+(const Rational& o) const {
    __int128 g = gcd128(den, o.den);
    return of(num * (o.den / g) + o.num * (den / g), den / g * o.den);
}

Rational Rational::operator-(const Rational& o) const { return *this + of(-o.num, o.den); }

Rational Rational::operator*(const Rational& o) const {
    // Cross-reduce first: num/o.den and o.num/den share no factor afterwards.
    __int128 g1 = gcd128(num, o.den);
    __int128 g2 = gcd128(o.num, den);
    return of((num / g1) * (o.num / g2), (den / g2) * (o.den / g1));
}

Rational Rational::operator/(const Rational& o) const {
    if (o.num == 0) return Rational{};
    return *this * of(o.den, o.num);
}

long long round_half_away(const Rational& r) { return static_cast<long long>(divide_half_away(r.num, r.den)); }

std::string format_fixed(const Rational& r, int decimals) {
    if (decimals < 0) decimals = 0;
    __int128 scale = 1;
    for (int i = 0; i < decimals; ++i) scale *= 10;
    Rational scaled = r * Rational::of(scale, 1);
    __int128 units = divide_half_away(scaled.num, scaled.den);
    std::string digits = to_digits(abs128(units));
    if (digits.size() <= static_cast<std::size_t>(decimals))
        digits.insert(0, static_cast<std::size_t>(decimals) + 1 - digits.size(), '0');
    std::string out = units < 0 ? "-" : "";
    if (decimals == 0) return out + digits;
    std::size_t point = digits.size() - static_cast<std::size_t>(decimals);
    return out + digits.substr(0, point) + "." + digits.substr(point);
}

}  // namespace salesrep
