#pragma once
// Rational: an exact fraction, used where the spec says "exact fractions"
// (prorated targets, percentages before printing).
#include <cstdint>
#include <string>

namespace salesrep {

struct Rational {
    __int128 num = 0;
    __int128 den = 1;  // always > 0, reduced

    Rational() = default;
    Rational(long long n) : num(n), den(1) {}
    static Rational of(__int128 n, __int128 d);

    Rational operator+(const Rational& o) const;
    Rational operator-(const Rational& o) const;
    Rational operator*(const Rational& o) const;
    Rational operator/(const Rational& o) const;  // o != 0
    Rational& operator+=(const Rational& o) { return *this = *this + o; }
    bool is_zero() const { return num == 0; }
    bool is_integer() const { return den == 1; }
    friend bool operator==(const Rational& a, const Rational& b) { return a.num == b.num && a.den == b.den; }
    friend bool operator<(const Rational& a, const Rational& b) { return a.num * b.den < b.num * a.den; }
};

// Rounds to an integer, halves away from zero.
long long round_half_away(const Rational& r);
// Prints with `decimals` fraction digits, rounded half away from zero
// ("62.5", "270000.00").
std::string format_fixed(const Rational& r, int decimals);

}  // namespace salesrep
