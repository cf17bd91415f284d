#pragma once
// Forecast accuracy by replay (SPEC §9b `accuracy`): the forecast of a period
// as it stood at every weekly (or monthly) snapshot, against what was won.
#include "salesrep/compute/scopes.hpp"

#include <optional>
#include <vector>

namespace salesrep {

// The forecast of one row as of one snapshot day.
struct AccuracyPoint {
    Date snapshot;
    Money forecast;  // won + weighted, as `forecast --today D` gives it over P
    Money commit;    // won + the commit amounts, the same day
};

struct AccuracyRow {
    Scope scope = Scope::agent;
    int index = -1;
    std::string id;
    Money actual;  // the `won` of `forecast --today E` over P
    std::vector<AccuracyPoint> points;  // snapshot ascending
};

struct Accuracy {
    Date actual_as_of;  // E = min(T, P's end)
    bool so_far = false;  // P has not ended: `actual` is what was won so far
    std::vector<Date> snapshots;
    std::vector<AccuracyRow> rows;  // agents, teams, total (SPEC §11 order)
};

// D0 = P's start, then every 7 days (monthly: the first day of each later
// month) while D <= min(T, P's end). None when P has no start or starts after T.
std::vector<Date> accuracy_snapshots(const Period& p, Date today, bool monthly);

// Every snapshot of c.period as of c.today, by one pass over the ledger
// (replay_snapshots): the forecast code run on each day's replay.
Accuracy forecast_accuracy(const Context& c, bool monthly);

// The same as one reader of a replay_snapshots pass (see ChangesPass).
class AccuracyPass {
public:
    AccuracyPass(const Context& c, bool monthly);
    std::vector<Date> days() const;  // the snapshots and the day of `actual`
    void as_of(const Replay& r);     // other days are ignored
    Accuracy result() const { return out_; }

private:
    const Context& c_;
    Accuracy out_;
};

// (forecast − actual) / actual × 100, exact; none when actual is 0.
std::optional<Rational> error_pct(Money forecast, Money actual);
// Over a row's snapshots: the mean of |error_pct| (mape) and of error_pct
// (bias: > 0 the forecast ran high); none when actual is 0 or there is no snapshot.
struct AccuracySummary {
    std::optional<Rational> mape, bias;
};
AccuracySummary summarize(const AccuracyRow& row);

}  // namespace salesrep
