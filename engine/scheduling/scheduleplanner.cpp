// SPDX-License-Identifier: MIT
#include "scheduling/scheduleplanner.h"

#include "scheduling/trigger.h"

#include <algorithm>

namespace Kumo {

namespace {
// Counting passed fires one by one is bounded: a per-second task down for a week would
// otherwise walk 600k steps. Beyond the bound the count reads "at least this many".
constexpr int kMaxCountedFires = 10000;
// The timer wakes a few milliseconds after a fire is due, and later under load: a fire that
// late is on time, whatever the grace (a grace of 0 must not turn every fire into a miss).
constexpr qint64 kOnTimeToleranceMs = 1000;
} // namespace

Plan planDue(const Trigger &trigger, qint64 dueAtMs, qint64 nowMs, qint64 graceMs)
{
    Plan plan;
    if (dueAtMs > nowMs) {
        plan.next = dueAtMs;
        return plan;
    }
    const qint64 windowStart = nowMs - std::max(graceMs, kOnTimeToleranceMs);

    // How many fires passed (for the record), bounded.
    int fires = 1;
    std::optional<qint64> next = trigger.nextFireAfter(dueAtMs);
    while (next && *next <= nowMs && fires < kMaxCountedFires) {
        ++fires;
        next = trigger.nextFireAfter(*next);
    }
    plan.next = trigger.nextFireAfter(nowMs);

    // The latest passed fire within the grace window, found from the window's start rather
    // than by walking the whole outage.
    std::optional<qint64> latest
        = dueAtMs >= windowStart ? std::optional(dueAtMs) : trigger.nextFireAfter(windowStart - 1);
    if (latest && *latest <= nowMs) {
        for (std::optional<qint64> after = trigger.nextFireAfter(*latest); after && *after <= nowMs;
             after = trigger.nextFireAfter(*after))
            latest = after;
        plan.fire = PlannedFire { PlannedFire::Kind::Run, *latest, fires };
    } else {
        plan.fire = PlannedFire { PlannedFire::Kind::Missed, dueAtMs, fires };
    }
    return plan;
}

} // namespace Kumo
