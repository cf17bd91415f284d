#include "salesrep/date.hpp"

#include "book_fixture.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace salesrep;
using salesrep::testing::ymd;

namespace {

bool parses(std::string_view text) { return parse_date(text).has_value(); }

}  // namespace

TEST_SUITE("date") {
    TEST_CASE("from_ymd counts days since 1970-01-01") {
        CHECK(ymd(1970, 1, 1).days == 0);
        CHECK(ymd(1970, 1, 2).days == 1);
        CHECK(ymd(1969, 12, 31).days == -1);
        CHECK(ymd(1971, 1, 1).days == 365);
        CHECK(ymd(1972, 3, 1).days == 365 + 365 + 31 + 29);
        CHECK(ymd(2000, 1, 1).days == 10957);
        CHECK(ymd(2000, 3, 1).days == 11017);
        CHECK(ymd(2026, 1, 1).days == 20454);
        CHECK(ymd(1000, 1, 1).days == -354285);
        CHECK(ymd(9999, 12, 31).days == 2932896);
        CHECK(ymd(1900, 3, 1) - ymd(1900, 2, 28) == 1);  // 1900 is not leap
        CHECK(ymd(2000, 3, 1) - ymd(2000, 2, 28) == 2);  // 2000 is
        CHECK(ymd(2024, 3, 1) - ymd(2024, 2, 28) == 2);
    }

    TEST_CASE("year, month and day read back what from_ymd built") {
        SUBCASE("samples") {
            Date d = ymd(2026, 11, 15);
            CHECK(d.year() == 2026);
            CHECK(d.month() == 11);
            CHECK(d.day() == 15);
            CHECK(Date{-1}.year() == 1969);
            CHECK(Date{-1}.month() == 12);
            CHECK(Date{-1}.day() == 31);
        }
        SUBCASE("every day from 1899 to 2101 in order") {
            Date expected = ymd(1899, 1, 1);
            for (int y = 1899; y <= 2101; ++y)
                for (unsigned m = 1; m <= 12; ++m)
                    for (unsigned d = 1; d <= days_in_month(y, m); ++d) {
                        Date got = ymd(y, m, d);
                        REQUIRE(got == expected);
                        REQUIRE(got.year() == y);
                        REQUIRE(got.month() == m);
                        REQUIRE(got.day() == d);
                        expected = expected.plus(1);
                    }
        }
        SUBCASE("first and last supported days") {
            CHECK(format_date(ymd(1000, 1, 1)) == "1000-01-01");
            CHECK(format_date(ymd(9999, 12, 31)) == "9999-12-31");
            CHECK(ymd(9999, 12, 31).plus(1).year() == 10000);
        }
    }

    TEST_CASE("weekday is ISO, Monday = 1") {
        CHECK(ymd(1970, 1, 1).weekday() == 4);  // Thursday
        CHECK(ymd(1970, 1, 4).weekday() == 7);
        CHECK(ymd(1970, 1, 5).weekday() == 1);
        CHECK(ymd(1969, 12, 31).weekday() == 3);
        CHECK(ymd(1969, 12, 29).weekday() == 1);
        CHECK(ymd(1969, 12, 28).weekday() == 7);
        CHECK(ymd(2000, 1, 1).weekday() == 6);   // Saturday
        CHECK(ymd(2024, 2, 29).weekday() == 4);  // Thursday
        CHECK(ymd(2026, 1, 1).weekday() == 4);
        CHECK(ymd(2026, 11, 23).weekday() == 1);
        CHECK(ymd(2026, 12, 25).weekday() == 5);
        CHECK(ymd(1000, 1, 1).weekday() == 3);   // proleptic Gregorian: Wednesday
        SUBCASE("cycles through 1..7") {
            Date d = ymd(1960, 1, 4);  // a Monday
            REQUIRE(d.weekday() == 1);
            for (int i = 0; i < 30000; ++i) REQUIRE(d.plus(i).weekday() == static_cast<unsigned>(i % 7 + 1));
        }
    }

    TEST_CASE("plus and difference") {
        Date d = ymd(2026, 12, 31);
        CHECK(d.plus(1) == ymd(2027, 1, 1));
        CHECK(d.plus(-365) == ymd(2025, 12, 31));
        CHECK(d.plus(0) == d);
        CHECK(ymd(2027, 1, 1) - ymd(2026, 1, 1) == 365);
        CHECK(ymd(2025, 1, 1) - ymd(2024, 1, 1) == 366);
        CHECK(ymd(2026, 1, 1) - ymd(2026, 1, 2) == -1);
        CHECK(ymd(2026, 1, 1) < ymd(2026, 1, 2));
        CHECK(ymd(2025, 12, 31) < ymd(2026, 1, 1));
    }

    TEST_CASE("days_in_month and valid_ymd") {
        SUBCASE("month lengths") {
            const unsigned lengths[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
            for (unsigned m = 1; m <= 12; ++m) CHECK(days_in_month(2026, m) == lengths[m - 1]);
        }
        SUBCASE("February in leap years") {
            CHECK(days_in_month(2024, 2) == 29);
            CHECK(days_in_month(2025, 2) == 28);
            CHECK(days_in_month(2000, 2) == 29);
            CHECK(days_in_month(1900, 2) == 28);
            CHECK(days_in_month(2100, 2) == 28);
            CHECK(days_in_month(2400, 2) == 29);
        }
        SUBCASE("invalid month") {
            CHECK(days_in_month(2026, 0) == 0);
            CHECK(days_in_month(2026, 13) == 0);
        }
        SUBCASE("valid_ymd") {
            CHECK(valid_ymd(2026, 2, 28));
            CHECK_FALSE(valid_ymd(2026, 2, 29));
            CHECK(valid_ymd(2024, 2, 29));
            CHECK_FALSE(valid_ymd(2026, 2, 30));
            CHECK_FALSE(valid_ymd(2026, 4, 31));
            CHECK(valid_ymd(2026, 12, 31));
            CHECK_FALSE(valid_ymd(2026, 12, 32));
            CHECK_FALSE(valid_ymd(2026, 13, 1));
            CHECK_FALSE(valid_ymd(2026, 0, 1));
            CHECK_FALSE(valid_ymd(2026, 1, 0));
        }
    }

    TEST_CASE("parse_date") {
        SUBCASE("valid") {
            CHECK(parse_date("2026-11-15") == ymd(2026, 11, 15));
            CHECK(parse_date("1970-01-01") == Date{0});
            CHECK(parse_date("1000-01-01") == ymd(1000, 1, 1));
            CHECK(parse_date("9999-12-31") == ymd(9999, 12, 31));
            CHECK(parse_date("2026-12-31") == ymd(2026, 12, 31));
        }
        SUBCASE("leap days") {
            CHECK(parse_date("2024-02-29") == ymd(2024, 2, 29));
            CHECK(parse_date("2000-02-29") == ymd(2000, 2, 29));
            CHECK_FALSE(parses("2025-02-29"));
            CHECK_FALSE(parses("1900-02-29"));
            CHECK_FALSE(parses("2100-02-29"));
        }
        SUBCASE("impossible dates") {
            CHECK_FALSE(parses("2026-02-30"));
            CHECK_FALSE(parses("2026-04-31"));
            CHECK_FALSE(parses("2026-13-01"));
            CHECK_FALSE(parses("2026-00-10"));
            CHECK_FALSE(parses("2026-01-00"));
            CHECK_FALSE(parses("2026-01-32"));
        }
        SUBCASE("years out of range") {
            CHECK_FALSE(parses("0999-12-31"));
            CHECK_FALSE(parses("0000-01-01"));
            CHECK_FALSE(parses("10000-01-01"));
        }
        SUBCASE("wrong shape") {
            CHECK_FALSE(parses(""));
            CHECK_FALSE(parses("2026-1-15"));
            CHECK_FALSE(parses("2026-01-5"));
            CHECK_FALSE(parses("26-01-15"));
            CHECK_FALSE(parses("2026/01/15"));
            CHECK_FALSE(parses("2026-01-15 "));
            CHECK_FALSE(parses(" 2026-01-15"));
            CHECK_FALSE(parses("2026-01-15T00:00"));
            CHECK_FALSE(parses("20260115"));
            CHECK_FALSE(parses("2026-0a-15"));
            CHECK_FALSE(parses("2026-+1-15"));
            CHECK_FALSE(parses("2026--1-15"));
            CHECK_FALSE(parses("+026-01-15"));
            CHECK_FALSE(parses("2026-01-1x"));
            CHECK_FALSE(parses("２026-01-15"));
        }
    }

    TEST_CASE("format_date") {
        CHECK(format_date(Date{0}) == "1970-01-01");
        CHECK(format_date(ymd(2026, 2, 3)) == "2026-02-03");
        CHECK(format_date(ymd(2026, 12, 31)) == "2026-12-31");
        SUBCASE("round trip over 1999-2101") {
            for (Date d = ymd(1999, 1, 1); d <= ymd(2101, 1, 1); d = d.plus(1)) {
                std::optional<Date> back = parse_date(format_date(d));
                REQUIRE(back.has_value());
                REQUIRE(*back == d);
            }
        }
    }

    TEST_CASE("parse_time") {
        SUBCASE("valid") {
            CHECK(parse_time("00:00") == 0);
            CHECK(parse_time("09:05") == 545);
            CHECK(parse_time("12:00") == 720);
            CHECK(parse_time("23:59") == 1439);
        }
        SUBCASE("out of range") {
            CHECK_FALSE(parse_time("24:00").has_value());
            CHECK_FALSE(parse_time("23:60").has_value());
            CHECK_FALSE(parse_time("99:99").has_value());
        }
        SUBCASE("wrong shape") {
            CHECK_FALSE(parse_time("").has_value());
            CHECK_FALSE(parse_time("9:05").has_value());
            CHECK_FALSE(parse_time("09:5").has_value());
            CHECK_FALSE(parse_time("0905").has_value());
            CHECK_FALSE(parse_time("09.05").has_value());
            CHECK_FALSE(parse_time("09:05:00").has_value());
            CHECK_FALSE(parse_time(" 9:05").has_value());
            CHECK_FALSE(parse_time("09:-5").has_value());
            CHECK_FALSE(parse_time("-1:00").has_value());
            CHECK_FALSE(parse_time("ab:cd").has_value());
        }
    }

    TEST_CASE("format_time") {
        CHECK(format_time(0) == "00:00");
        CHECK(format_time(545) == "09:05");
        CHECK(format_time(1439) == "23:59");
        CHECK(format_time(600) == "10:00");
        SUBCASE("round trip over every minute of a day") {
            for (int m = 0; m < 24 * 60; ++m) REQUIRE(parse_time(format_time(m)) == m);
        }
    }
}
