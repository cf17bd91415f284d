#include "salesrep/period.hpp"

#include "book_fixture.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace salesrep;
using salesrep::testing::day;
using salesrep::testing::span;
using salesrep::testing::ymd;

namespace {

// "label=FROM..TO".
std::string show(const Period& p) { return p.label + "=" + span(p); }

std::vector<std::string> show_all(const std::vector<Period>& ps) {
    std::vector<std::string> out;
    for (const Period& p : ps) out.push_back(show(p));
    return out;
}

Period range(std::string_view from, std::string_view to) {
    Period p;
    if (!from.empty()) p.from = day(from);
    if (!to.empty()) p.to = day(to);
    p.label = std::string(from) + ".." + std::string(to);
    return p;
}

std::string parsed(std::string_view text, unsigned fys = 1) {
    std::optional<Period> p = parse_period(text, fys);
    return p ? show(*p) : "none";
}

std::string parsed_as(PeriodKind kind, std::string_view text, unsigned fys = 1) {
    std::optional<Period> p = parse_period_as(kind, text, fys);
    return p ? show(*p) : "none";
}

std::string overlap(const Period& p, const Period& t) {
    Overlap o = target_overlap(p, t);
    return std::to_string(o.num) + "/" + std::to_string(o.den);
}

}  // namespace

TEST_SUITE("period") {
    TEST_CASE("Period basics") {
        Period p = range("2026-01-01", "2026-03-31");
        CHECK(p.bounded());
        CHECK(p.contains(day("2026-01-01")));
        CHECK(p.contains(day("2026-03-31")));
        CHECK_FALSE(p.contains(day("2025-12-31")));
        CHECK_FALSE(p.contains(day("2026-04-01")));
        Period open_start = range("", "2026-03-31");
        CHECK_FALSE(open_start.bounded());
        CHECK(open_start.contains(day("1000-01-01")));
        CHECK_FALSE(open_start.contains(day("2026-04-01")));
        Period open_end = range("2026-01-01", "");
        CHECK(open_end.contains(day("9999-12-31")));
        CHECK_FALSE(open_end.contains(day("2025-12-31")));
        CHECK(Period{}.contains(day("2026-06-15")));
        SUBCASE("equality ignores the label") {
            Period a = month_period(2026, 1);
            Period b = range("2026-01-01", "2026-01-31");
            CHECK(a == b);
            CHECK_FALSE(a == range("2026-01-01", "2026-01-30"));
        }
    }

    TEST_CASE("month_period") {
        CHECK(show(month_period(2026, 11)) == "2026-11=2026-11-01..2026-11-30");
        CHECK(show(month_period(2026, 1)) == "2026-01=2026-01-01..2026-01-31");
        CHECK(show(month_period(2026, 12)) == "2026-12=2026-12-01..2026-12-31");
        CHECK(show(month_period(2026, 2)) == "2026-02=2026-02-01..2026-02-28");
        CHECK(show(month_period(2024, 2)) == "2024-02=2024-02-01..2024-02-29");
        CHECK(show(month_period(1900, 2)) == "1900-02=1900-02-01..1900-02-28");
        CHECK(show(month_period(2000, 2)) == "2000-02=2000-02-01..2000-02-29");
        CHECK(show(month_of(day("2026-11-15"))) == "2026-11=2026-11-01..2026-11-30");
        CHECK(show(month_of(day("2026-12-31"))) == "2026-12=2026-12-01..2026-12-31");
    }

    TEST_CASE("fiscal years and quarters") {
        SUBCASE("calendar fiscal year (fys 1)") {
            CHECK(show(fiscal_year(2026, 1)) == "2026=2026-01-01..2026-12-31");
            CHECK(show(fiscal_quarter(2026, 1, 1)) == "2026-Q1=2026-01-01..2026-03-31");
            CHECK(show(fiscal_quarter(2026, 2, 1)) == "2026-Q2=2026-04-01..2026-06-30");
            CHECK(show(fiscal_quarter(2026, 3, 1)) == "2026-Q3=2026-07-01..2026-09-30");
            CHECK(show(fiscal_quarter(2026, 4, 1)) == "2026-Q4=2026-10-01..2026-12-31");
            CHECK(show(fiscal_quarter(2024, 1, 1)) == "2024-Q1=2024-01-01..2024-03-31");
        }
        SUBCASE("fiscal year starting in April (fys 4)") {
            CHECK(show(fiscal_year(2026, 4)) == "2026=2026-04-01..2027-03-31");
            CHECK(show(fiscal_quarter(2026, 1, 4)) == "2026-Q1=2026-04-01..2026-06-30");
            CHECK(show(fiscal_quarter(2026, 2, 4)) == "2026-Q2=2026-07-01..2026-09-30");
            CHECK(show(fiscal_quarter(2026, 3, 4)) == "2026-Q3=2026-10-01..2026-12-31");
            CHECK(show(fiscal_quarter(2026, 4, 4)) == "2026-Q4=2027-01-01..2027-03-31");
            CHECK(fiscal_year_of(day("2026-02-10"), 4) == 2025);
            CHECK(fiscal_year_of(day("2026-03-31"), 4) == 2025);
            CHECK(fiscal_year_of(day("2026-04-01"), 4) == 2026);
            CHECK(fiscal_year_of(day("2026-12-31"), 4) == 2026);
        }
        SUBCASE("fys 2: quarters cross the leap day") {
            CHECK(show(fiscal_year(2023, 2)) == "2023=2023-02-01..2024-01-31");
            CHECK(show(fiscal_quarter(2024, 1, 2)) == "2024-Q1=2024-02-01..2024-04-30");
            CHECK(show(fiscal_quarter(2023, 4, 2)) == "2023-Q4=2023-11-01..2024-01-31");
            CHECK(show(fiscal_year(2024, 3)) == "2024=2024-03-01..2025-02-28");
            CHECK(show(fiscal_year(2023, 3)) == "2023=2023-03-01..2024-02-29");
            CHECK(show(fiscal_quarter(2023, 4, 3)) == "2023-Q4=2023-12-01..2024-02-29");
        }
        SUBCASE("fys 12: the year begins in December of the year before the calendar one") {
            CHECK(show(fiscal_year(2026, 12)) == "2026=2026-12-01..2027-11-30");
            CHECK(show(fiscal_quarter(2026, 1, 12)) == "2026-Q1=2026-12-01..2027-02-28");
            CHECK(show(fiscal_quarter(2026, 4, 12)) == "2026-Q4=2027-09-01..2027-11-30");
            CHECK(fiscal_year_of(day("2026-12-01"), 12) == 2026);
            CHECK(fiscal_year_of(day("2026-11-30"), 12) == 2025);
            CHECK(fiscal_year_of(day("2027-01-15"), 12) == 2026);
        }
        SUBCASE("fys 10") {
            CHECK(show(fiscal_year(2026, 10)) == "2026=2026-10-01..2027-09-30");
            CHECK(show(quarter_of(day("2026-10-01"), 10)) == "2026-Q1=2026-10-01..2026-12-31");
            CHECK(show(quarter_of(day("2027-09-30"), 10)) == "2026-Q4=2027-07-01..2027-09-30");
            CHECK(show(year_of(day("2026-09-30"), 10)) == "2025=2025-10-01..2026-09-30");
        }
        SUBCASE("quarter_of and year_of") {
            CHECK(show(quarter_of(day("2026-11-15"), 1)) == "2026-Q4=2026-10-01..2026-12-31");
            CHECK(show(quarter_of(day("2026-01-01"), 1)) == "2026-Q1=2026-01-01..2026-03-31");
            CHECK(show(quarter_of(day("2026-02-10"), 4)) == "2025-Q4=2026-01-01..2026-03-31");
            CHECK(show(year_of(day("2026-02-10"), 4)) == "2025=2025-04-01..2026-03-31");
            CHECK(show(year_of(day("2026-12-31"), 1)) == "2026=2026-01-01..2026-12-31");
        }
    }

    TEST_CASE("every day of 2024-2027 lies in its quarter and year, for every fys") {
        for (unsigned fys = 1; fys <= 12; ++fys) {
            CAPTURE(fys);
            for (Date d = ymd(2024, 1, 1); d <= ymd(2027, 12, 31); d = d.plus(1)) {
                int fy = fiscal_year_of(d, fys);
                Period year = fiscal_year(fy, fys);
                Period quarter = quarter_of(d, fys);
                REQUIRE(quarter.contains(d));
                REQUIRE(year.contains(d));
                REQUIRE(year == year_of(d, fys));
                REQUIRE(year.label == std::to_string(fy));
                REQUIRE(quarter.label.substr(0, 6) == std::to_string(fy) + "-Q");
                REQUIRE(year.contains(*quarter.from));
                REQUIRE(year.contains(*quarter.to));
                REQUIRE(is_month_start(*quarter.from));
                REQUIRE(is_month_end(*quarter.to));
                REQUIRE(months_between_inclusive(*quarter.from, *quarter.to) == 3);
                REQUIRE(months_between_inclusive(*year.from, *year.to) == 12);
                REQUIRE(year.from->month() == fys);
                REQUIRE(year.from->year() == fy);
                REQUIRE(month_of(d).contains(d));
                REQUIRE(quarter.contains(*month_of(d).from));
                REQUIRE(quarter.contains(*month_of(d).to));
            }
        }
    }

    TEST_CASE("the four quarters of a fiscal year tile it, for every fys") {
        for (unsigned fys = 1; fys <= 12; ++fys) {
            for (int fy = 2023; fy <= 2027; ++fy) {
                CAPTURE(fys);
                CAPTURE(fy);
                Period year = fiscal_year(fy, fys);
                Date next = *year.from;
                for (int q = 1; q <= 4; ++q) {
                    Period quarter = fiscal_quarter(fy, q, fys);
                    REQUIRE(*quarter.from == next);
                    REQUIRE(quarter.label == std::to_string(fy) + "-Q" + std::to_string(q));
                    next = quarter.to->plus(1);
                }
                REQUIRE(next == year.to->plus(1));
                REQUIRE(*fiscal_year(fy + 1, fys).from == next);
            }
        }
    }

    TEST_CASE("weeks_in") {
        SUBCASE("a month, clipped at both ends") {
            CHECK(show_all(weeks_in(month_period(2026, 11))) ==
                  std::vector<std::string>{"2026-W44=2026-11-01..2026-11-01", "2026-W45=2026-11-02..2026-11-08",
                                           "2026-W46=2026-11-09..2026-11-15", "2026-W47=2026-11-16..2026-11-22",
                                           "2026-W48=2026-11-23..2026-11-29", "2026-W49=2026-11-30..2026-11-30"});
        }
        SUBCASE("ISO week-years at year boundaries") {
            CHECK(show_all(weeks_in(range("2026-12-28", "2027-01-10"))) ==
                  std::vector<std::string>{"2026-W53=2026-12-28..2027-01-03", "2027-W01=2027-01-04..2027-01-10"});
            CHECK(show_all(weeks_in(range("2024-12-31", "2025-01-01"))) ==
                  std::vector<std::string>{"2025-W01=2024-12-31..2025-01-01"});
            CHECK(show_all(weeks_in(range("2021-01-03", "2021-01-04"))) ==
                  std::vector<std::string>{"2020-W53=2021-01-03..2021-01-03", "2021-W01=2021-01-04..2021-01-04"});
            CHECK(show_all(weeks_in(range("2026-01-01", "2026-01-04"))) ==
                  std::vector<std::string>{"2026-W01=2026-01-01..2026-01-04"});
        }
        SUBCASE("a single day") {
            CHECK(show_all(weeks_in(range("2026-11-18", "2026-11-18"))) ==
                  std::vector<std::string>{"2026-W47=2026-11-18..2026-11-18"});
        }
        SUBCASE("unbounded or empty periods give none") {
            CHECK(weeks_in(range("", "2026-11-30")).empty());
            CHECK(weeks_in(range("2026-11-01", "")).empty());
            CHECK(weeks_in(Period{ymd(2026, 2, 1), ymd(2026, 1, 1), ""}).empty());
        }
        SUBCASE("weeks tile a long span, Monday to Sunday inside") {
            Period p = range("2023-12-20", "2028-01-10");
            std::vector<Period> weeks = weeks_in(p);
            Date next = *p.from;
            for (std::size_t i = 0; i < weeks.size(); ++i) {
                const Period& w = weeks[i];
                REQUIRE(*w.from == next);
                REQUIRE(*w.to - *w.from <= 6);
                if (i > 0) REQUIRE(w.from->weekday() == 1);
                if (i + 1 < weeks.size()) REQUIRE(w.to->weekday() == 7);
                REQUIRE(w.label.size() == 8);
                next = w.to->plus(1);
            }
            CHECK(next == p.to->plus(1));
        }
    }

    TEST_CASE("months_in") {
        SUBCASE("whole months") {
            CHECK(show_all(months_in(fiscal_quarter(2026, 4, 1))) ==
                  std::vector<std::string>{"2026-10=2026-10-01..2026-10-31", "2026-11=2026-11-01..2026-11-30",
                                           "2026-12=2026-12-01..2026-12-31"});
            CHECK(months_in(fiscal_year(2026, 4)).size() == 12);
            CHECK(months_in(fiscal_year(2026, 4)).front().label == "2026-04");
            CHECK(months_in(fiscal_year(2026, 4)).back().label == "2027-03");
        }
        SUBCASE("clipped, keeping the full label") {
            CHECK(show_all(months_in(range("2026-11-15", "2027-01-10"))) ==
                  std::vector<std::string>{"2026-11=2026-11-15..2026-11-30", "2026-12=2026-12-01..2026-12-31",
                                           "2027-01=2027-01-01..2027-01-10"});
            CHECK(show_all(months_in(range("2024-02-29", "2024-02-29"))) ==
                  std::vector<std::string>{"2024-02=2024-02-29..2024-02-29"});
        }
        SUBCASE("unbounded gives none") {
            CHECK(months_in(range("", "2026-11-30")).empty());
            CHECK(months_in(Period{}).empty());
        }
    }

    TEST_CASE("quarters_in") {
        SUBCASE("calendar quarters") {
            CHECK(show_all(quarters_in(fiscal_year(2026, 1), 1)) ==
                  std::vector<std::string>{"2026-Q1=2026-01-01..2026-03-31", "2026-Q2=2026-04-01..2026-06-30",
                                           "2026-Q3=2026-07-01..2026-09-30", "2026-Q4=2026-10-01..2026-12-31"});
        }
        SUBCASE("fiscal quarters (fys 4) over a calendar year, clipped") {
            CHECK(show_all(quarters_in(range("2026-01-01", "2026-12-31"), 4)) ==
                  std::vector<std::string>{"2025-Q4=2026-01-01..2026-03-31", "2026-Q1=2026-04-01..2026-06-30",
                                           "2026-Q2=2026-07-01..2026-09-30", "2026-Q3=2026-10-01..2026-12-31"});
            CHECK(show_all(quarters_in(range("2026-02-10", "2026-04-02"), 4)) ==
                  std::vector<std::string>{"2025-Q4=2026-02-10..2026-03-31", "2026-Q1=2026-04-01..2026-04-02"});
        }
        SUBCASE("one quarter, one day") {
            CHECK(show_all(quarters_in(range("2026-11-15", "2026-11-15"), 1)) ==
                  std::vector<std::string>{"2026-Q4=2026-11-15..2026-11-15"});
        }
        SUBCASE("unbounded gives none") { CHECK(quarters_in(range("2026-01-01", ""), 1).empty()); }
    }

    TEST_CASE("parse_period") {
        SUBCASE("fiscal year") {
            CHECK(parsed("2026") == "2026=2026-01-01..2026-12-31");
            CHECK(parsed("2026", 4) == "2026=2026-04-01..2027-03-31");
            CHECK(parsed("1000") == "1000=1000-01-01..1000-12-31");
        }
        SUBCASE("fiscal quarter") {
            CHECK(parsed("2026-Q4") == "2026-Q4=2026-10-01..2026-12-31");
            CHECK(parsed("2026-Q1", 4) == "2026-Q1=2026-04-01..2026-06-30");
            CHECK(parsed("2026-Q4", 4) == "2026-Q4=2027-01-01..2027-03-31");
        }
        SUBCASE("month (calendar, whatever the fys)") {
            CHECK(parsed("2026-11") == "2026-11=2026-11-01..2026-11-30");
            CHECK(parsed("2026-11", 4) == "2026-11=2026-11-01..2026-11-30");
            CHECK(parsed("2024-02") == "2024-02=2024-02-01..2024-02-29");
            CHECK(parsed("2026-01") == "2026-01=2026-01-01..2026-01-31");
            CHECK(parsed("2026-12") == "2026-12=2026-12-01..2026-12-31");
        }
        SUBCASE("range") {
            CHECK(parsed("2026-01-01..2026-03-31") == "2026-01-01..2026-03-31=2026-01-01..2026-03-31");
            CHECK(parsed("2026-01-01..2026-01-01") == "2026-01-01..2026-01-01=2026-01-01..2026-01-01");
            CHECK(parsed("..2026-03-31") == "..2026-03-31=..2026-03-31");
            CHECK(parsed("2026-01-01..") == "2026-01-01..=2026-01-01..");
            CHECK(parsed("..") == "..=..");
        }
        SUBCASE("refused") {
            for (const char* text :
                 {"", "2026-13", "2026-00", "2026-Q5", "2026-Q0", "2026-q4", "2026-1", "2026-Q", "26", "202",
                  "20266", "0999", "abcd", "2026-", "2026-11-", "2026/11", "2026 ", " 2026", "2026-Qx", "2026Q4",
                  "2026-11-01", "2026-03-31..2026-01-01", "2026-02-30..2026-03-31", "2026-01-01..2026-13-01",
                  "2026-01-01...2026-03-31", "2026..2027", "2026-01-01..2026-03-31..", "...", "2026-01-01 ..",
                  "x..", "..x", "2026-1-1..2026-2-1", "+2026", "-2026", "2026-+1"}) {
                CAPTURE(text);
                CHECK(parsed(text) == "none");
            }
        }
    }

    TEST_CASE("parse_period_as") {
        CHECK(parsed_as(PeriodKind::month, "2026-11") == "2026-11=2026-11-01..2026-11-30");
        CHECK(parsed_as(PeriodKind::month, "2026-Q4") == "none");
        CHECK(parsed_as(PeriodKind::month, "2026") == "none");
        CHECK(parsed_as(PeriodKind::quarter, "2026-Q4", 4) == "2026-Q4=2027-01-01..2027-03-31");
        CHECK(parsed_as(PeriodKind::quarter, "2026-11") == "none");
        CHECK(parsed_as(PeriodKind::quarter, "2026-Q5") == "none");
        CHECK(parsed_as(PeriodKind::year, "2026", 4) == "2026=2026-04-01..2027-03-31");
        CHECK(parsed_as(PeriodKind::year, "2026-01-01..2026-12-31") == "none");
        CHECK(parsed_as(PeriodKind::range, "2026-01-01..2026-12-31") ==
              "2026-01-01..2026-12-31=2026-01-01..2026-12-31");
        CHECK(parsed_as(PeriodKind::range, "..") == "..=..");
        CHECK(parsed_as(PeriodKind::range, "2026") == "none");
        CHECK(parsed_as(PeriodKind::range, "2026-12-31..2026-01-01") == "none");
    }

    TEST_CASE("month boundaries") {
        CHECK(is_month_start(day("2026-11-01")));
        CHECK_FALSE(is_month_start(day("2026-11-02")));
        CHECK_FALSE(is_month_start(day("2026-10-31")));
        CHECK(is_month_end(day("2026-11-30")));
        CHECK(is_month_end(day("2026-12-31")));
        CHECK_FALSE(is_month_end(day("2026-11-29")));
        CHECK(is_month_end(day("2024-02-29")));
        CHECK_FALSE(is_month_end(day("2024-02-28")));
        CHECK(is_month_end(day("2025-02-28")));
        CHECK(months_between_inclusive(day("2026-01-01"), day("2026-12-31")) == 12);
        CHECK(months_between_inclusive(day("2026-11-15"), day("2026-11-16")) == 1);
        CHECK(months_between_inclusive(day("2026-11-30"), day("2026-12-01")) == 2);
        CHECK(months_between_inclusive(day("2025-12-31"), day("2027-01-01")) == 14);
        CHECK(months_between_inclusive(day("2026-04-01"), day("2027-03-31")) == 12);
    }

    TEST_CASE("target_overlap") {
        const Period year2026 = fiscal_year(2026, 1);
        SUBCASE("whole months") {
            CHECK(overlap(fiscal_quarter(2026, 4, 1), year2026) == "3/12");
            CHECK(overlap(month_period(2026, 11), fiscal_quarter(2026, 4, 1)) == "1/3");
            CHECK(overlap(year2026, year2026) == "12/12");
            CHECK(overlap(year2026, fiscal_quarter(2026, 4, 1)) == "3/3");
            CHECK(overlap(year2026, month_period(2026, 11)) == "1/1");
            CHECK(overlap(range("2026-02-01", "2026-05-31"), fiscal_quarter(2026, 1, 1)) == "2/3");
        }
        SUBCASE("days when an end of P is not on a month boundary") {
            CHECK(overlap(range("2026-11-15", "2026-12-31"), year2026) == "47/365");
            CHECK(overlap(range("2026-11-01", "2026-12-30"), year2026) == "60/365");
            CHECK(overlap(range("2024-01-02", "2024-12-31"), fiscal_year(2024, 1)) == "365/366");
            CHECK(overlap(range("2026-11-15", "2026-11-15"), month_period(2026, 11)) == "1/30");
            CHECK(overlap(range("2026-11-15", "2027-02-10"), fiscal_quarter(2026, 4, 1)) == "47/92");
            CHECK(overlap(range("2026-11-15", ""), year2026) == "47/365");
            CHECK(overlap(range("", "2026-01-10"), year2026) == "10/365");
        }
        SUBCASE("unbounded sides extend forever") {
            CHECK(overlap(range("", "2026-03-31"), year2026) == "3/12");
            CHECK(overlap(range("2026-10-01", ""), year2026) == "3/12");
            CHECK(overlap(Period{}, year2026) == "12/12");
            CHECK(overlap(range("", "2025-12-31"), year2026) == "0/12");
            CHECK(overlap(range("2027-01-01", ""), year2026) == "0/12");
        }
        SUBCASE("no overlap") {
            CHECK(overlap(fiscal_quarter(2027, 1, 1), year2026) == "0/12");
            CHECK(overlap(month_period(2025, 12), year2026) == "0/12");
            CHECK(overlap(range("2025-12-01", "2025-12-15"), year2026) == "0/365");
        }
        SUBCASE("fiscal quarters (fys 4) against calendar targets") {
            // 2026-Q4 with fys 4 is 2027-01..2027-03.
            CHECK(overlap(fiscal_quarter(2026, 4, 4), fiscal_year(2027, 1)) == "3/12");
            CHECK(overlap(fiscal_quarter(2026, 4, 4), fiscal_year(2026, 1)) == "0/12");
            CHECK(overlap(fiscal_quarter(2026, 3, 4), fiscal_quarter(2026, 4, 1)) == "3/3");
            CHECK(overlap(fiscal_year(2026, 4), fiscal_year(2026, 1)) == "9/12");
            CHECK(overlap(fiscal_year(2026, 4), month_period(2027, 3)) == "1/1");
            CHECK(overlap(fiscal_quarter(2026, 1, 4), fiscal_quarter(2026, 2, 1)) == "3/3");
            CHECK(overlap(month_period(2026, 11), fiscal_year(2026, 4)) == "1/12");
        }
        SUBCASE("calendar quarters against fiscal targets (fys 2)") {
            // fiscal 2026 (fys 2) = 2026-02-01..2027-01-31; its Q1 = Feb..Apr.
            CHECK(overlap(fiscal_quarter(2026, 1, 1), fiscal_quarter(2026, 1, 2)) == "2/3");
            CHECK(overlap(fiscal_quarter(2026, 1, 1), fiscal_year(2026, 2)) == "2/12");
            CHECK(overlap(fiscal_quarter(2027, 1, 1), fiscal_year(2026, 2)) == "1/12");
        }
        SUBCASE("the brief's running example: 480000 for 2026 plus 150000 for 2026-Q4") {
            Period q4 = fiscal_quarter(2026, 4, 1);
            Overlap a = target_overlap(q4, year2026);
            Overlap b = target_overlap(q4, q4);
            CHECK(480000 * a.num / a.den + 150000 * b.num / b.den == 270000);
        }
    }
}
