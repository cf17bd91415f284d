// Forecast accuracy (SPEC §9b): the forecast of SPEC §9, unchanged, run on the
// replay of each snapshot day, all of them from one pass over the ledger.
#include "salesrep/compute/accuracy.hpp"

#include "salesrep/compute/forecast.hpp"

#include <algorithm>

namespace salesrep {

std::vector<Date> accuracy_snapshots(const Period& p, Date today, bool monthly) {
    std::vector<Date> out;
    if (!p.from || *p.from > today) return out;
    const Date last = p.to ? std::min(today, *p.to) : today;
    for (Date d = *p.from; d <= last;) {
        out.push_back(d);
        if (!monthly) {
            d = d.plus(7);
            continue;
        }
        const unsigned m = d.month();
        d = m == 12 ? Date::from_ymd(d.year() + 1, 1, 1) : Date::from_ymd(d.year(), m + 1, 1);
    }
    return out;
}

AccuracyPass::AccuracyPass(const Context& c, bool monthly) : c_(c) {
    out_.actual_as_of = c.period.to ? std::min(c.today, *c.period.to) : c.today;
    out_.so_far = !c.period.to || c.today <= *c.period.to;
    out_.snapshots = accuracy_snapshots(c.period, c.today, monthly);
}

std::vector<Date> AccuracyPass::days() const {
    if (out_.snapshots.empty()) return {};
    std::vector<Date> days = out_.snapshots;
    days.push_back(out_.actual_as_of);
    return days;
}

void AccuracyPass::as_of(const Replay& r) {
    const bool snapshot = std::binary_search(out_.snapshots.begin(), out_.snapshots.end(), r.today);
    const bool actual = !out_.snapshots.empty() && r.today == out_.actual_as_of;
    if (!snapshot && !actual) return;
    const Context day(c_, r, r.today);
    const std::vector<ScopeRow<ForecastFigures>> rows = forecast_rows(day);
    if (out_.rows.empty())
        for (const auto& row : rows) out_.rows.push_back({row.scope, row.index, row.id, {}, {}});
    for (std::size_t k = 0; k < rows.size(); ++k) {
        const ForecastFigures& f = rows[k].figures;
        if (snapshot) out_.rows[k].points.push_back({r.today, f.forecast(), Money{f.won.cents + f.commit.cents}});
        if (actual) out_.rows[k].actual = f.won;
    }
}

Accuracy forecast_accuracy(const Context& c, bool monthly) {
    AccuracyPass pass(c, monthly);
    SnapshotHooks hooks;
    hooks.as_of = [&pass](const Replay& r) { pass.as_of(r); };
    replay_snapshots(c.book, pass.days(), hooks, &c.replay);
    return pass.result();
}

std::optional<Rational> error_pct(Money forecast, Money actual) {
    if (actual.cents == 0) return std::nullopt;
    return Rational::of(static_cast<__int128>(forecast.cents - actual.cents) * 100, actual.cents);
}

AccuracySummary summarize(const AccuracyRow& row) {
    AccuracySummary s;
    if (row.actual.cents == 0 || row.points.empty()) return s;
    // The mean of k fractions over one denominator: sums of cents, exact.
    __int128 abs_sum = 0, sum = 0;
    for (const AccuracyPoint& p : row.points) {
        const __int128 d = static_cast<__int128>(p.forecast.cents) - row.actual.cents;
        sum += d;
        abs_sum += d < 0 ? -d : d;
    }
    const __int128 den = static_cast<__int128>(row.actual.cents) * static_cast<__int128>(row.points.size());
    s.mape = Rational::of(abs_sum * 100, den < 0 ? -den : den);
    s.bias = Rational::of(sum * 100, den);
    return s;
}

}  // namespace salesrep
