// Date: civil days <-> days since 1970-01-01, after Howard Hinnant's
// "chrono-Compatible Low-Level Date Algorithms" (days_from_civil,
// civil_from_days), proleptic Gregorian calendar.
#include "salesrep/date.hpp"

namespace salesrep {

namespace {

struct Civil {
    int y;
    unsigned m;
    unsigned d;
};

// Eras are 400-year cycles (146097 days) starting on March 1st, so that the
// leap day is the last day of the shifted year.
std::int32_t days_from_civil(int y, unsigned m, unsigned d) {
    y -= m <= 2;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);             // [0, 399]
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;  // [0, 365]
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;        // [0, 146096]
    return era * 146097 + static_cast<int>(doe) - 719468;
}

Civil civil_from_days(std::int32_t z) {
    z += 719468;
    const int era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = static_cast<unsigned>(z - era * 146097);                // [0, 146096]
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;  // [0, 399]
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);             // [0, 365]
    const unsigned mp = (5 * doy + 2) / 153;                                  // [0, 11]
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;                          // [1, 31]
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;                             // [1, 12]
    const int y = static_cast<int>(yoe) + era * 400 + (m <= 2);
    return Civil{y, m, d};
}

bool is_leap(int y) { return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0); }

void append_padded(std::string& out, int value, int width) { out += zero_padded(value, width); }

}  // namespace

int digits_at(std::string_view text, std::size_t pos, std::size_t n) {
    int value = 0;
    for (std::size_t i = pos; i < pos + n; ++i) {
        if (text[i] < '0' || text[i] > '9') return -1;
        value = value * 10 + (text[i] - '0');
    }
    return value;
}

std::string zero_padded(int value, int width) {
    std::string digits = std::to_string(value);
    if (static_cast<int>(digits.size()) < width) digits.insert(0, static_cast<std::size_t>(width) - digits.size(), '0');
    return digits;
}

Date Date::from_ymd(int y, unsigned m, unsigned d) { return Date{days_from_civil(y, m, d)}; }

int Date::year() const { return civil_from_days(days).y; }
unsigned Date::month() const { return civil_from_days(days).m; }
unsigned Date::day() const { return civil_from_days(days).d; }

unsigned Date::weekday() const {
    // 1970-01-01 was a Thursday (ISO 4).
    int monday_based = ((days % 7) + 7 + 3) % 7;  // 0 = Monday
    return static_cast<unsigned>(monday_based) + 1;
}

unsigned days_in_month(int y, unsigned m) {
    static constexpr unsigned lengths[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12) return 0;
    return m == 2 && is_leap(y) ? 29 : lengths[m - 1];
}

bool valid_ymd(int y, unsigned m, unsigned d) {
    return m >= 1 && m <= 12 && d >= 1 && d <= days_in_month(y, m);
}

std::optional<Date> parse_date(std::string_view text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
    int y = digits_at(text, 0, 4);
    int m = digits_at(text, 5, 2);
    int d = digits_at(text, 8, 2);
    if (y < 1000 || m < 0 || d < 0) return std::nullopt;
    if (!valid_ymd(y, static_cast<unsigned>(m), static_cast<unsigned>(d))) return std::nullopt;
    return Date::from_ymd(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
}

std::string format_date(Date d) {
    Civil c = civil_from_days(d.days);
    std::string out;
    append_padded(out, c.y, 4);
    out += '-';
    append_padded(out, static_cast<int>(c.m), 2);
    out += '-';
    append_padded(out, static_cast<int>(c.d), 2);
    return out;
}

std::optional<int> parse_time(std::string_view text) {
    if (text.size() != 5 || text[2] != ':') return std::nullopt;
    int h = digits_at(text, 0, 2);
    int m = digits_at(text, 3, 2);
    if (h < 0 || h > 23 || m < 0 || m > 59) return std::nullopt;
    return h * 60 + m;
}

std::string format_time(int minutes) {
    std::string out;
    append_padded(out, minutes / 60, 2);
    out += ':';
    append_padded(out, minutes % 60, 2);
    return out;
}

}  // namespace salesrep
