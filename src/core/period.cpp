// Period: months, fiscal quarters and years, ISO weeks, parsing, and the
// overlap of a reporting period with a target's period.
#include "salesrep/period.hpp"

#include <algorithm>

namespace salesrep {

namespace {

// Months counted from year 0 month 1: a linear index over calendar months.
int month_index(int year, unsigned month) { return year * 12 + static_cast<int>(month) - 1; }

Period month_from_index(int index) {
    int year = index >= 0 ? index / 12 : (index - 11) / 12;
    return month_period(year, static_cast<unsigned>(index - year * 12 + 1));
}

std::string range_label(const std::optional<Date>& from, const std::optional<Date>& to) {
    return (from ? format_date(*from) : "") + ".." + (to ? format_date(*to) : "");
}

Period clipped(Period sub, const Period& p) {
    if (p.from && (!sub.from || *sub.from < *p.from)) sub.from = p.from;
    if (p.to && (!sub.to || *sub.to > *p.to)) sub.to = p.to;
    return sub;
}

// Sub-periods from the one holding p.from, each next one starting the day
// after the previous ended, clipped to p. p must be bounded.
template <typename Next>
std::vector<Period> split(const Period& p, Period first, Next next_of) {
    std::vector<Period> out;
    if (!p.bounded() || *p.from > *p.to) return out;
    for (Period sub = std::move(first); *sub.from <= *p.to; sub = next_of(sub.to->plus(1))) out.push_back(clipped(sub, p));
    return out;
}

Period iso_week_of(Date d) {
    Date monday = d.plus(1 - static_cast<int>(d.weekday()));
    Date thursday = monday.plus(3);  // its year is the ISO week-year
    int week_year = thursday.year();
    int week = (thursday - Date::from_ymd(week_year, 1, 1)) / 7 + 1;
    return Period{monday, monday.plus(6), std::to_string(week_year) + "-W" + zero_padded(week, 2)};
}

// A date side of a range: empty is unbounded; `bad` is set when it is not a date.
std::optional<Date> range_side(std::string_view text, bool& bad) {
    if (text.empty()) return std::nullopt;
    std::optional<Date> d = parse_date(text);
    if (!d) bad = true;
    return d;
}

struct Parsed {
    PeriodKind kind;
    Period period;
};

std::optional<Parsed> parse_range(std::string_view text, std::size_t dots) {
    bool bad = false;
    std::optional<Date> from = range_side(text.substr(0, dots), bad);
    std::optional<Date> to = range_side(text.substr(dots + 2), bad);
    if (bad || (from && to && *from > *to)) return std::nullopt;
    return Parsed{PeriodKind::range, Period{from, to, range_label(from, to)}};
}

std::optional<Parsed> parse_any(std::string_view text, unsigned fys) {
    if (std::size_t dots = text.find(".."); dots != std::string_view::npos) return parse_range(text, dots);
    if (text.size() != 4 && text.size() != 7) return std::nullopt;
    int year = digits_at(text, 0, 4);
    if (year < 1000) return std::nullopt;
    if (text.size() == 4) return Parsed{PeriodKind::year, fiscal_year(year, fys)};
    if (text[4] != '-') return std::nullopt;
    if (text[5] == 'Q') {
        int q = digits_at(text, 6, 1);
        if (q < 1 || q > 4) return std::nullopt;
        return Parsed{PeriodKind::quarter, fiscal_quarter(year, q, fys)};
    }
    int month = digits_at(text, 5, 2);
    if (month < 1 || month > 12) return std::nullopt;
    return Parsed{PeriodKind::month, month_period(year, static_cast<unsigned>(month))};
}

}  // namespace

Period month_period(int year, unsigned month) {
    return Period{Date::from_ymd(year, month, 1), Date::from_ymd(year, month, days_in_month(year, month)),
                  zero_padded(year, 4) + "-" + zero_padded(static_cast<int>(month), 2)};
}

Period fiscal_quarter(int fiscal_year, int q, unsigned fys) {
    int first = month_index(fiscal_year, fys) + 3 * (q - 1);
    Period start = month_from_index(first);
    Period end = month_from_index(first + 2);
    return Period{start.from, end.to, zero_padded(fiscal_year, 4) + "-Q" + std::to_string(q)};
}

Period fiscal_year(int fiscal_year, unsigned fys) {
    int first = month_index(fiscal_year, fys);
    return Period{month_from_index(first).from, month_from_index(first + 11).to, zero_padded(fiscal_year, 4)};
}

int fiscal_year_of(Date d, unsigned fys) { return d.month() >= fys ? d.year() : d.year() - 1; }

Period month_of(Date d) { return month_period(d.year(), d.month()); }

Period quarter_of(Date d, unsigned fys) {
    int months_into_year = (static_cast<int>(d.month()) - static_cast<int>(fys) + 12) % 12;
    return fiscal_quarter(fiscal_year_of(d, fys), months_into_year / 3 + 1, fys);
}

Period year_of(Date d, unsigned fys) { return fiscal_year(fiscal_year_of(d, fys), fys); }

std::vector<Period> weeks_in(const Period& p) {
    if (!p.bounded()) return {};
    return split(p, iso_week_of(*p.from), iso_week_of);
}

std::vector<Period> months_in(const Period& p) {
    if (!p.bounded()) return {};
    return split(p, month_of(*p.from), month_of);
}

std::vector<Period> quarters_in(const Period& p, unsigned fys) {
    if (!p.bounded()) return {};
    auto quarter = [fys](Date d) { return quarter_of(d, fys); };
    return split(p, quarter(*p.from), quarter);
}

std::optional<Period> parse_period(std::string_view text, unsigned fys) {
    std::optional<Parsed> parsed = parse_any(text, fys);
    if (!parsed) return std::nullopt;
    return parsed->period;
}

std::optional<Period> parse_period_as(PeriodKind kind, std::string_view text, unsigned fys) {
    std::optional<Parsed> parsed = parse_any(text, fys);
    if (!parsed || parsed->kind != kind) return std::nullopt;
    return parsed->period;
}

bool is_month_start(Date d) { return d.day() == 1; }

bool is_month_end(Date d) { return d.day() == days_in_month(d.year(), d.month()); }

int months_between_inclusive(Date a, Date b) {
    return month_index(b.year(), b.month()) - month_index(a.year(), a.month()) + 1;
}

Overlap target_overlap(const Period& p, const Period& t) {
    Date lo = p.from ? std::max(*p.from, *t.from) : *t.from;
    Date hi = p.to ? std::min(*p.to, *t.to) : *t.to;
    bool p_on_months = (!p.from || is_month_start(*p.from)) && (!p.to || is_month_end(*p.to));
    bool t_on_months = is_month_start(*t.from) && is_month_end(*t.to);
    if (p_on_months && t_on_months) {
        long long months = lo > hi ? 0 : months_between_inclusive(lo, hi);
        return Overlap{months, months_between_inclusive(*t.from, *t.to)};
    }
    long long days = lo > hi ? 0 : hi - lo + 1;
    return Overlap{days, *t.to - *t.from + 1};
}

}  // namespace salesrep
