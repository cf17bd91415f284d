#pragma once
// Period: an inclusive span of days, either side possibly unbounded.
#include "salesrep/date.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace salesrep {

struct Period {
    std::optional<Date> from;  // none: unbounded
    std::optional<Date> to;    // inclusive; none: unbounded
    std::string label;         // "2026-Q4", "2026-11", "2026", "2026-01-01..2026-03-31"

    bool contains(Date d) const {
        return (!from || d >= *from) && (!to || d <= *to);
    }
    bool bounded() const { return from && to; }
    friend bool operator==(const Period& a, const Period& b) { return a.from == b.from && a.to == b.to; }
};

enum class PeriodKind { month, quarter, year, range };

// `fys` is the book's fiscal_year_start month (1-12). Fiscal year N begins on
// day 1 of month fys of calendar year N.
Period month_period(int year, unsigned month);
Period fiscal_quarter(int fiscal_year, int q, unsigned fys);
Period fiscal_year(int fiscal_year, unsigned fys);
int fiscal_year_of(Date d, unsigned fys);
Period month_of(Date d);
Period quarter_of(Date d, unsigned fys);
Period year_of(Date d, unsigned fys);
std::vector<Period> weeks_in(const Period& p);     // ISO weeks clipped to p (p bounded)
std::vector<Period> months_in(const Period& p);    // calendar months clipped to p
std::vector<Period> quarters_in(const Period& p, unsigned fys);

// Parses `YYYY` (fiscal year), `YYYY-QN` (fiscal quarter), `YYYY-MM` (month) or
// `FROM..TO` (ISO dates, either side may be empty). Returns nothing when the
// text is none of these (e.g. `2026-13`, `2026-Q5`).
std::optional<Period> parse_period(std::string_view text, unsigned fys);
// The same, restricted to one kind (for --month/--quarter/--year values).
std::optional<Period> parse_period_as(PeriodKind kind, std::string_view text, unsigned fys);

// True when the day is the first day of a calendar month.
bool is_month_start(Date d);
// True when the day is the last day of a calendar month.
bool is_month_end(Date d);
// Whole months from the month of `a` to the month of `b` inclusive.
int months_between_inclusive(Date a, Date b);

// An exact fraction of a target: value × overlap(P, T) / length(T), as
// numerator/denominator (both non-negative). Lengths are counted in whole
// months when every bounded end of P falls on a month boundary, else in days.
// T is bounded. An unbounded side of P extends forever.
struct Overlap {
    long long num = 0;  // overlap length
    long long den = 1;  // length of T
};
Overlap target_overlap(const Period& p, const Period& t);

}  // namespace salesrep
