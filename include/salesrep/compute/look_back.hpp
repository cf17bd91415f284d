#pragma once
// The report's look back (SPEC §9b): what changed in the pipeline since 7 days
// before T, and how good the forecast of the previous fiscal quarter was, both
// read from one pass over the ledger (replay_snapshots).
#include "salesrep/compute/accuracy.hpp"
#include "salesrep/compute/changes.hpp"

namespace salesrep {

struct LookBack {
    Changes week;              // over c.period, from T − 7 to T
    Period last_quarter;       // the fiscal quarter before the one that holds T
    Accuracy last_quarter_accuracy;  // weekly snapshots
};

// Computed once per Context (the report's sections, its changes.csv and its chart).
const LookBack& look_back(const Context& c);

}  // namespace salesrep
