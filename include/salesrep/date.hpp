#pragma once
// Date: a civil day, stored as days since 1970-01-01 (proleptic Gregorian).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace salesrep {

struct Date {
    std::int32_t days = 0;  // days since 1970-01-01

    static Date from_ymd(int y, unsigned m, unsigned d);  // no validation
    int year() const;
    unsigned month() const;
    unsigned day() const;
    unsigned weekday() const;  // ISO: 1 = Monday .. 7 = Sunday
    Date plus(int n) const { return Date{days + n}; }
    friend constexpr int operator-(Date a, Date b) { return a.days - b.days; }
    friend constexpr bool operator==(Date, Date) = default;
    friend constexpr auto operator<=>(Date, Date) = default;
};

bool valid_ymd(int y, unsigned m, unsigned d);
unsigned days_in_month(int y, unsigned m);
// Parses exactly `YYYY-MM-DD` (years 1000-9999); impossible dates are refused.
std::optional<Date> parse_date(std::string_view text);
std::string format_date(Date d);  // YYYY-MM-DD

// Parses `HH:MM` (00:00 .. 23:59) into minutes since midnight.
std::optional<int> parse_time(std::string_view text);
std::string format_time(int minutes);

// What the parsers and printers of dates, times and periods share: the number
// in text[pos, pos + n) when all of it is digits, else -1 (text holds pos + n
// characters); a number with leading zeros to `width` digits ("0042").
int digits_at(std::string_view text, std::size_t pos, std::size_t n);
std::string zero_padded(int value, int width);

}  // namespace salesrep
