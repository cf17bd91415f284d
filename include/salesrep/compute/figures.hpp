#pragma once
// Per-scope figures over a period: forecast, activity, targets (SPEC §6, §9).
#include "salesrep/compute/activity.hpp"
#include "salesrep/compute/forecast.hpp"
#include "salesrep/compute/targets.hpp"
