#include "salesrep/money.hpp"

#include <doctest/doctest.h>

#include <cstdint>
#include <limits>
#include <string>

using namespace salesrep;

namespace {

constexpr std::int64_t max_cents = std::numeric_limits<std::int64_t>::max();
constexpr std::int64_t min_cents = std::numeric_limits<std::int64_t>::min();

std::int64_t cents_of(std::string_view text, std::string_view currency = {}) {
    MoneyParse r = parse_money(text, currency);
    REQUIRE_MESSAGE(r.ok, text, ": ", r.error);
    CHECK(r.error.empty());
    return r.value.cents;
}

MoneyParse failed(std::string_view text, std::string_view currency = {}) {
    MoneyParse r = parse_money(text, currency);
    CHECK_FALSE_MESSAGE(r.ok, text);
    CHECK_FALSE(r.error.empty());
    return r;
}

}  // namespace

TEST_SUITE("money") {
    TEST_CASE("parse_money accepts plain amounts") {
        SUBCASE("whole") {
            CHECK(cents_of("48000") == 4800000);
            CHECK(cents_of("0") == 0);
            CHECK(cents_of("1") == 100);
            CHECK(cents_of("007") == 700);
        }
        SUBCASE("one decimal means tenths") {
            CHECK(cents_of("48000.5") == 4800050);
            CHECK(cents_of("0.1") == 10);
            CHECK(cents_of("-0.5") == -50);
        }
        SUBCASE("two decimals") {
            CHECK(cents_of("0.05") == 5);
            CHECK(cents_of("12.30") == 1230);
            CHECK(cents_of("0.00") == 0);
            CHECK(cents_of("99.99") == 9999);
        }
        SUBCASE("negative") {
            CHECK(cents_of("-12.30") == -1230);
            CHECK(cents_of("-1") == -100);
            CHECK(cents_of("-0") == 0);
            CHECK(cents_of("-0.00") == 0);
            CHECK(cents_of("-0.01") == -1);
        }
    }

    TEST_CASE("parse_money with a currency code") {
        SUBCASE("the book's code after one or more spaces") {
            CHECK(cents_of("48000 EUR", "EUR") == 4800000);
            CHECK(cents_of("48000   EUR", "EUR") == 4800000);
            CHECK(cents_of("-12.30 EUR", "EUR") == -1230);
            CHECK(cents_of("0.05 EUR", "EUR") == 5);
        }
        SUBCASE("no code is fine whatever the book's currency") {
            CHECK(cents_of("48000", "EUR") == 4800000);
            CHECK(cents_of("48000", "") == 4800000);
        }
        SUBCASE("another code") {
            MoneyParse r = failed("48000 USD", "EUR");
            CHECK(r.error == "currency 'USD' is not the book's currency 'EUR'");
            CHECK(r.col == 6);
            r = failed("1  usd", "USD");
            CHECK(r.error == "currency 'usd' is not the book's currency 'USD'");
            CHECK(r.col == 3);
        }
        SUBCASE("a code when the book has no currency") {
            MoneyParse r = failed("48000 EUR");
            CHECK(r.error == "currency 'EUR' given, but the book has no currency");
            CHECK(r.col == 6);
        }
        SUBCASE("an amount error wins over a currency error") {
            MoneyParse r = failed("1.234 USD", "EUR");
            CHECK(r.error == "amount '1.234 USD' has more than two decimals");
        }
        SUBCASE("the code must follow a space and be one word") {
            MoneyParse r = failed("48000EUR", "EUR");
            CHECK(r.error == "'48000EUR' is not an amount");
            CHECK(r.col == 5);
            r = failed("48000 EUR ", "EUR");
            CHECK(r.error == "'48000 EUR ' is not an amount");
            CHECK(r.col == 9);
            r = failed("48000 EUR X", "EUR");
            CHECK(r.col == 9);
            r = failed("48000\tEUR", "EUR");
            CHECK(r.col == 5);
            r = failed("EUR", "EUR");
            CHECK(r.col == 0);
            r = failed(" 5 EUR", "EUR");
            CHECK(r.col == 0);
        }
    }

    TEST_CASE("parse_money refuses what is not an amount") {
        SUBCASE("empty") {
            MoneyParse r = failed("");
            CHECK(r.error == "empty amount");
            CHECK(r.col == 0);
        }
        SUBCASE("junk, with the column of the first bad character") {
            MoneyParse r = failed("12a");
            CHECK(r.error == "'12a' is not an amount");
            CHECK(r.col == 2);
            CHECK(failed("abc").col == 0);
            CHECK(failed("1.2.3").col == 3);
            CHECK(failed("1.2x").col == 3);
            CHECK(failed("1.234x").col == 5);
            CHECK(failed("--1").col == 1);
            CHECK(failed("-").col == 1);
            CHECK(failed("1-").col == 1);
            CHECK(failed("1e3").col == 1);
            CHECK(failed("0x10").col == 1);
        }
        SUBCASE("a leading '+'") {
            MoneyParse r = failed("+5");
            CHECK(r.error == "'+5' is not an amount");
            CHECK(r.col == 0);
        }
        SUBCASE("a lone or dangling point") {
            CHECK(failed(".").col == 0);
            CHECK(failed(".5").col == 0);
            CHECK(failed("-.5").col == 1);
            MoneyParse r = failed("1.");
            CHECK(r.error == "'1.' is not an amount");
            CHECK(r.col == 1);
            CHECK(failed("1. EUR", "EUR").col == 1);
        }
        SUBCASE("thousands separators") {
            CHECK(failed("48,000").col == 2);
            CHECK(failed("48 000").col == 3);  // "000" read as a currency code
            CHECK(failed("48_000").col == 2);
            CHECK(failed("48'000").col == 2);
        }
        SUBCASE("surrounding whitespace") {
            CHECK(failed(" 5").col == 0);
            CHECK(failed("5 ").col == 1);
            CHECK(failed("\t5").col == 0);
            CHECK(failed("5\n").col == 1);
        }
        SUBCASE("three or more decimals") {
            MoneyParse r = failed("1.234");
            CHECK(r.error == "amount '1.234' has more than two decimals");
            CHECK(r.col == 4);
            CHECK(failed("1.000").col == 4);
            CHECK(failed("-0.0001").col == 5);
        }
    }

    TEST_CASE("parse_money at the limits of int64 cents") {
        SUBCASE("largest positive") {
            CHECK(cents_of("92233720368547758.07") == max_cents);
            MoneyParse r = failed("92233720368547758.08");
            CHECK(r.error == "amount '92233720368547758.08' is too large");
            CHECK(r.col == 0);
            CHECK(cents_of("92233720368547758") == max_cents - 7);
            CHECK_FALSE(parse_money("92233720368547759").ok);
        }
        SUBCASE("largest negative") {
            CHECK(cents_of("-92233720368547758.08") == min_cents);
            CHECK(cents_of("-92233720368547758.07") == min_cents + 1);
            MoneyParse r = failed("-92233720368547758.09");
            CHECK(r.error == "amount '-92233720368547758.09' is too large");
        }
        SUBCASE("far too large") {
            CHECK(failed("100000000000000000000000000000000000000000").error ==
                  "amount '100000000000000000000000000000000000000000' is too large");
            CHECK_FALSE(parse_money("-99999999999999999999999999999999999999999.99").ok);
            CHECK_FALSE(parse_money("999999999999999999999999999999.9").ok);
        }
        SUBCASE("many leading zeros do not overflow") {
            CHECK(cents_of("0000000000000000000000000000000000000001.5") == 150);
        }
    }

    TEST_CASE("format_money") {
        SUBCASE("two decimals") {
            CHECK(format_money(Money{0}) == "0.00");
            CHECK(format_money(Money{5}) == "0.05");
            CHECK(format_money(Money{50}) == "0.50");
            CHECK(format_money(Money{4800000}) == "48000.00");
            CHECK(format_money(Money{4800050}) == "48000.50");
            CHECK(format_money(Money{-1230}) == "-12.30");
            CHECK(format_money(Money{-1}) == "-0.01");
            CHECK(format_money(Money{-100}) == "-1.00");
        }
        SUBCASE("thousands separators") {
            CHECK(format_money(Money{4800000}, true) == "48,000.00");
            CHECK(format_money(Money{-123456789}, true) == "-1,234,567.89");
            CHECK(format_money(Money{0}, true) == "0.00");
            CHECK(format_money(Money{99999}, true) == "999.99");
            CHECK(format_money(Money{100000}, true) == "1,000.00");
            CHECK(format_money(Money{-100000}, true) == "-1,000.00");
            CHECK(format_money(Money{10000000}, true) == "100,000.00");
            CHECK(format_money(Money{100000000}, true) == "1,000,000.00");
        }
        SUBCASE("limits") {
            CHECK(format_money(Money{max_cents}) == "92233720368547758.07");
            CHECK(format_money(Money{min_cents}) == "-92233720368547758.08");
            CHECK(format_money(Money{max_cents}, true) == "92,233,720,368,547,758.07");
            CHECK(format_money(Money{min_cents}, true) == "-92,233,720,368,547,758.08");
        }
        SUBCASE("round trip") {
            for (std::int64_t c : {std::int64_t{0}, std::int64_t{1}, std::int64_t{-1}, std::int64_t{99},
                                   std::int64_t{-99}, std::int64_t{100}, std::int64_t{123456789},
                                   std::int64_t{-987654321}, max_cents, min_cents}) {
                CAPTURE(c);
                CHECK(cents_of(format_money(Money{c})) == c);
            }
            for (std::int64_t c = -100000; c <= 100000; c += 7) {
                MoneyParse r = parse_money(format_money(Money{c}));
                REQUIRE(r.ok);
                REQUIRE(r.value.cents == c);
            }
        }
    }

    TEST_CASE("add_overflows") {
        std::int64_t out = 42;
        SUBCASE("in range") {
            CHECK_FALSE(add_overflows(1, 2, out));
            CHECK(out == 3);
            CHECK_FALSE(add_overflows(max_cents, 0, out));
            CHECK(out == max_cents);
            CHECK_FALSE(add_overflows(max_cents, min_cents, out));
            CHECK(out == -1);
            CHECK_FALSE(add_overflows(min_cents, 0, out));
            CHECK(out == min_cents);
            CHECK_FALSE(add_overflows(-5, 3, out));
            CHECK(out == -2);
        }
        SUBCASE("overflow leaves the result unchanged") {
            CHECK(add_overflows(max_cents, 1, out));
            CHECK(out == 42);
            CHECK(add_overflows(min_cents, -1, out));
            CHECK(out == 42);
            CHECK(add_overflows(max_cents, max_cents, out));
            CHECK(add_overflows(min_cents, min_cents, out));
            CHECK(out == 42);
        }
    }

    TEST_CASE("weighted") {
        SUBCASE("exact") {
            CHECK(weighted(Money{4800000}, 50) == Money{2400000});
            CHECK(weighted(Money{4800000}, 100) == Money{4800000});
            CHECK(weighted(Money{4800000}, 0) == Money{0});
            CHECK(weighted(Money{0}, 30) == Money{0});
        }
        SUBCASE("rounds half up") {
            CHECK(weighted(Money{1}, 50) == Money{1});    // 0.5 -> 1
            CHECK(weighted(Money{1}, 49) == Money{0});    // 0.49 -> 0
            CHECK(weighted(Money{1}, 51) == Money{1});
            CHECK(weighted(Money{3}, 50) == Money{2});    // 1.5 -> 2
            CHECK(weighted(Money{5}, 10) == Money{1});    // 0.5 -> 1
            CHECK(weighted(Money{333}, 15) == Money{50}); // 49.95 -> 50
            CHECK(weighted(Money{333}, 25) == Money{83}); // 83.25 -> 83
            CHECK(weighted(Money{999}, 33) == Money{330});// 329.67 -> 330
        }
        SUBCASE("negative amounts round half away from zero") {
            CHECK(weighted(Money{-1}, 50) == Money{-1});
            CHECK(weighted(Money{-1}, 49) == Money{0});
            CHECK(weighted(Money{-3}, 50) == Money{-2});
            CHECK(weighted(Money{-333}, 25) == Money{-83});
            CHECK(weighted(Money{-999}, 33) == Money{-330});
        }
        SUBCASE("no overflow at the limits") {
            CHECK(weighted(Money{max_cents}, 100) == Money{max_cents});
            CHECK(weighted(Money{min_cents}, 100) == Money{min_cents});
            CHECK(weighted(Money{max_cents}, 50) == Money{max_cents / 2 + 1});  // ...03.5 -> ...04
            CHECK(weighted(Money{min_cents}, 50) == Money{min_cents / 2});
            CHECK(weighted(Money{max_cents}, 1) == Money{92233720368547758});  // ...758.07 -> 758
        }
        SUBCASE("every percentage of one unit") {
            for (int pct = 0; pct <= 100; ++pct) {
                CAPTURE(pct);
                CHECK(weighted(Money{100}, pct) == Money{pct});
                CHECK(weighted(Money{-100}, pct) == Money{-pct});
                CHECK(weighted(Money{10}, pct) == Money{(10 * pct + 50) / 100});
                CHECK(weighted(Money{-10}, pct) == Money{-((10 * pct + 50) / 100)});
            }
        }
    }
}
