#include "salesrep/rational.hpp"

#include <doctest/doctest.h>

#include <climits>
#include <string>

using namespace salesrep;

namespace {

// Compares num/den without printing __int128 (doctest cannot).
bool is(const Rational& r, long long num, long long den) { return r.num == num && r.den == den; }

Rational q(long long n, long long d) { return Rational::of(n, d); }

}  // namespace

TEST_SUITE("rational") {
    TEST_CASE("construction keeps den > 0 and the fraction reduced") {
        SUBCASE("defaults") {
            CHECK(is(Rational{}, 0, 1));
            CHECK(is(Rational(7), 7, 1));
            CHECK(is(Rational(-7), -7, 1));
            CHECK(is(Rational(LLONG_MAX), LLONG_MAX, 1));
        }
        SUBCASE("reduced") {
            CHECK(is(q(6, 4), 3, 2));
            CHECK(is(q(625, 10), 125, 2));
            CHECK(is(q(100, 100), 1, 1));
            CHECK(is(q(3, 12), 1, 4));
            CHECK(is(q(47, 365), 47, 365));
            CHECK(is(q(0, 5), 0, 1));
            CHECK(is(q(0, -5), 0, 1));
        }
        SUBCASE("the sign goes to the numerator") {
            CHECK(is(q(-6, 4), -3, 2));
            CHECK(is(q(6, -4), -3, 2));
            CHECK(is(q(-6, -4), 3, 2));
            CHECK(is(q(1, -1), -1, 1));
        }
        SUBCASE("a zero denominator gives 0") {
            CHECK(is(q(5, 0), 0, 1));
            CHECK(is(q(-5, 0), 0, 1));
            CHECK(is(q(0, 0), 0, 1));
        }
        SUBCASE("128-bit operands") {
            __int128 big = static_cast<__int128>(1) << 100;
            Rational r = Rational::of(big * 3, big * 6);
            CHECK(is(r, 1, 2));
            r = Rational::of(big, 1);
            CHECK(r.num == big);
            CHECK(r.den == 1);
        }
    }

    TEST_CASE("arithmetic") {
        SUBCASE("addition") {
            CHECK(is(q(1, 2) + q(1, 3), 5, 6));
            CHECK(is(q(1, 4) + q(1, 4), 1, 2));
            CHECK(is(q(1, 6) + q(1, 3), 1, 2));
            CHECK(is(q(1, 2) + q(-1, 2), 0, 1));
            CHECK(is(Rational(2) + q(1, 3), 7, 3));
            CHECK(is(q(-1, 3) + q(-1, 6), -1, 2));
        }
        SUBCASE("+=") {
            Rational sum;
            for (int i = 0; i < 12; ++i) sum += q(1, 12);
            CHECK(is(sum, 1, 1));
            CHECK(sum.is_integer());
        }
        SUBCASE("subtraction") {
            CHECK(is(q(1, 2) - q(1, 3), 1, 6));
            CHECK(is(q(1, 3) - q(1, 2), -1, 6));
            CHECK(is(Rational(5) - Rational(5), 0, 1));
            CHECK(is(Rational(0) - q(3, 4), -3, 4));
        }
        SUBCASE("multiplication") {
            CHECK(is(q(2, 3) * q(3, 4), 1, 2));
            CHECK(is(q(-2, 3) * q(3, 4), -1, 2));
            CHECK(is(q(-2, 3) * q(-3, 4), 1, 2));
            CHECK(is(Rational(0) * q(3, 4), 0, 1));
            CHECK(is(q(3, 4) * Rational(0), 0, 1));
            CHECK(is(Rational(480000) * q(3, 12), 120000, 1));
        }
        SUBCASE("division") {
            CHECK(is(q(1, 2) / q(1, 4), 2, 1));
            CHECK(is(q(1, 2) / q(-1, 4), -2, 1));
            CHECK(is(Rational(27000000) / Rational(100), 270000, 1));
            CHECK(is(Rational(1) / Rational(3), 1, 3));
            CHECK(is(Rational(0) / Rational(3), 0, 1));
        }
        SUBCASE("division by zero gives 0") {
            CHECK(is(Rational(5) / Rational(0), 0, 1));
        }
        SUBCASE("prorated target: 480000 x 47/365") {
            Rational t = Rational(48000000) * q(47, 365);  // in cents
            CHECK(is(t, 451200000, 73));
            CHECK(format_fixed(t / Rational(100), 2) == "61808.22");
        }
        SUBCASE("cross reduction keeps large products in range") {
            __int128 big = static_cast<__int128>(1) << 62;
            Rational a = Rational::of(big, 3);
            Rational b = Rational::of(3, big);
            CHECK(is(a * b, 1, 1));
            CHECK(is(a / a, 1, 1));
        }
    }

    TEST_CASE("comparison") {
        CHECK(q(1, 3) == q(2, 6));
        CHECK_FALSE(q(1, 3) == q(1, 2));
        CHECK(q(1, 3) < q(1, 2));
        CHECK(q(-1, 2) < q(-1, 3));
        CHECK_FALSE(q(1, 2) < q(1, 2));
        CHECK(Rational(-1) < Rational(0));
        CHECK(q(0, 7).is_zero());
        CHECK_FALSE(q(1, 7).is_zero());
        CHECK(q(14, 7).is_integer());
        CHECK_FALSE(q(15, 7).is_integer());
    }

    TEST_CASE("round_half_away") {
        SUBCASE("integers are themselves") {
            CHECK(round_half_away(Rational(0)) == 0);
            CHECK(round_half_away(Rational(42)) == 42);
            CHECK(round_half_away(Rational(-42)) == -42);
            CHECK(round_half_away(Rational(LLONG_MAX)) == LLONG_MAX);
            CHECK(round_half_away(Rational(LLONG_MIN)) == LLONG_MIN);
        }
        SUBCASE("halves go away from zero") {
            CHECK(round_half_away(q(1, 2)) == 1);
            CHECK(round_half_away(q(-1, 2)) == -1);
            CHECK(round_half_away(q(5, 2)) == 3);
            CHECK(round_half_away(q(-5, 2)) == -3);
            CHECK(round_half_away(q(625, 10)) == 63);
            CHECK(round_half_away(q(-625, 10)) == -63);
        }
        SUBCASE("below and above a half") {
            CHECK(round_half_away(q(49, 100)) == 0);
            CHECK(round_half_away(q(51, 100)) == 1);
            CHECK(round_half_away(q(-49, 100)) == 0);
            CHECK(round_half_away(q(-51, 100)) == -1);
            CHECK(round_half_away(q(1, 3)) == 0);
            CHECK(round_half_away(q(2, 3)) == 1);
            CHECK(round_half_away(q(-2, 3)) == -1);
            CHECK(round_half_away(q(7, 3)) == 2);
            CHECK(round_half_away(q(999999, 1000000)) == 1);
            CHECK(round_half_away(q(499999, 1000000)) == 0);
        }
        SUBCASE("against integer arithmetic for n/d, d in 1..40") {
            for (long long d = 1; d <= 40; ++d)
                for (long long n = -200; n <= 200; ++n) {
                    long long a = n < 0 ? -n : n;
                    long long expected = (2 * a + d) / (2 * d);  // floor(a/d + 1/2)
                    if (n < 0) expected = -expected;
                    CAPTURE(n);
                    CAPTURE(d);
                    REQUIRE(round_half_away(q(n, d)) == expected);
                }
        }
    }

    TEST_CASE("format_fixed") {
        SUBCASE("examples") {
            CHECK(format_fixed(q(625, 10), 1) == "62.5");
            CHECK(format_fixed(q(1, 8), 2) == "0.13");
            CHECK(format_fixed(q(-1, 8), 2) == "-0.13");
            CHECK(format_fixed(Rational(27000000) / Rational(100), 2) == "270000.00");
        }
        SUBCASE("padding with zeros") {
            CHECK(format_fixed(Rational(0), 2) == "0.00");
            CHECK(format_fixed(Rational(0), 1) == "0.0");
            CHECK(format_fixed(Rational(5), 1) == "5.0");
            CHECK(format_fixed(q(1, 100), 2) == "0.01");
            CHECK(format_fixed(q(-1, 100), 2) == "-0.01");
            CHECK(format_fixed(q(1, 1000), 3) == "0.001");
            CHECK(format_fixed(q(1, 10), 4) == "0.1000");
        }
        SUBCASE("no decimals") {
            CHECK(format_fixed(q(625, 10), 0) == "63");
            CHECK(format_fixed(q(-625, 10), 0) == "-63");
            CHECK(format_fixed(q(24, 10), 0) == "2");
            CHECK(format_fixed(Rational(0), 0) == "0");
            CHECK(format_fixed(Rational(7), -1) == "7");  // negative decimals act as 0
        }
        SUBCASE("halves at the last digit go away from zero") {
            CHECK(format_fixed(q(5, 1000), 2) == "0.01");
            CHECK(format_fixed(q(-5, 1000), 2) == "-0.01");
            CHECK(format_fixed(q(15, 100), 1) == "0.2");
            CHECK(format_fixed(q(25, 100), 1) == "0.3");
            CHECK(format_fixed(q(-25, 100), 1) == "-0.3");
            CHECK(format_fixed(q(12345, 1000), 2) == "12.35");
            CHECK(format_fixed(q(999, 1000), 2) == "1.00");
            CHECK(format_fixed(q(-999, 1000), 2) == "-1.00");
            CHECK(format_fixed(q(9995, 100), 1) == "100.0");
        }
        SUBCASE("no negative zero") {
            CHECK(format_fixed(q(-1, 1000), 2) == "0.00");
            CHECK(format_fixed(q(-4, 10), 0) == "0");
            CHECK(format_fixed(q(-49, 1000), 1) == "0.0");
        }
        SUBCASE("repeating fractions") {
            CHECK(format_fixed(q(1, 3), 2) == "0.33");
            CHECK(format_fixed(q(2, 3), 2) == "0.67");
            CHECK(format_fixed(q(-2, 3), 2) == "-0.67");
            CHECK(format_fixed(q(200, 3), 1) == "66.7");
            CHECK(format_fixed(q(1, 7), 6) == "0.142857");
            CHECK(format_fixed(q(100, 7), 1) == "14.3");
        }
        SUBCASE("percentages: actual / target x 100, one decimal") {
            Rational pct = Rational(125000) / Rational(270000) * Rational(100);
            CHECK(format_fixed(pct, 1) == "46.3");
            CHECK(format_fixed(Rational(1) / Rational(8) * Rational(100), 1) == "12.5");
            CHECK(format_fixed(Rational(1) / Rational(16) * Rational(100), 1) == "6.3");
        }
        SUBCASE("large values") {
            CHECK(format_fixed(Rational(LLONG_MAX), 2) == "9223372036854775807.00");
            CHECK(format_fixed(Rational(LLONG_MIN), 2) == "-9223372036854775808.00");
            CHECK(format_fixed(q(LLONG_MAX, 100), 2) == "92233720368547758.07");
            CHECK(format_fixed(q(LLONG_MIN, 100), 2) == "-92233720368547758.08");
            CHECK(format_fixed(q(LLONG_MAX, 1000), 2) == "9223372036854775.81");
        }
        SUBCASE("agrees with round_half_away at 0 decimals") {
            for (long long d = 1; d <= 12; ++d)
                for (long long n = -100; n <= 100; ++n)
                    REQUIRE(format_fixed(q(n, d), 0) == std::to_string(round_half_away(q(n, d))));
        }
    }
}
