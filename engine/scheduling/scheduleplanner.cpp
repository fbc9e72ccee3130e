// SPDX-License-Identifier: MIT
#include "scheduling/scheduleplanner.h"

#include "scheduling/trigger.h"

namespace Kumo {

namespace {
// Counting passed fires one by one is bounded: a per-second task down for a week would
// otherwise walk 600k steps. Past the bound the count is reported as the bound.
constexpr int kMaxCountedFires = 100000;
} // namespace

Plan planDue(const Trigger &trigger, qint64 dueAtMs, qint64 nowMs, qint64 graceMs)
{
    Plan plan;
    if (dueAtMs > nowMs) {
        plan.next = dueAtMs;
        return plan;
    }
    qint64 latest = dueAtMs;
    int fires = 1;
    std::optional<qint64> next = trigger.nextFireAfter(latest);
    while (next && *next <= nowMs && fires < kMaxCountedFires) {
        latest = *next;
        ++fires;
        next = trigger.nextFireAfter(latest);
    }
    const bool countedAll = !(next && *next <= nowMs);
    if (!countedAll) {
        // Bound reached: jump straight past now. The latest passed fire is unknown, so the
        // whole stretch counts as missed.
        next = trigger.nextFireAfter(nowMs);
    }
    plan.next = next;
    if (countedAll && nowMs - latest <= graceMs)
        plan.fire = PlannedFire { PlannedFire::Kind::Run, latest, fires };
    else
        plan.fire = PlannedFire { PlannedFire::Kind::Missed, dueAtMs, fires };
    return plan;
}

} // namespace Kumo
