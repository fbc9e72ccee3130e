// SPDX-License-Identifier: MIT
#pragma once

#include <QtGlobal>

#include <optional>

namespace Kumo {

class Trigger;

/// What to do about a task whose fire time has come.
struct PlannedFire
{
    enum class Kind {
        Run, // start a run (several passed fires may be coalesced into it)
        Missed // the fires passed beyond the misfire grace: record one `missed` run
    };
    Kind kind = Kind::Run;
    qint64 scheduledAt = 0; // Run: the latest passed fire; Missed: the first one missed
    int fires = 1; // how many fire instants this decision covers
};

struct Plan
{
    std::optional<PlannedFire> fire; // empty when nothing was due yet
    std::optional<qint64> next; // the next fire strictly after now, if any
};

/// Decides what is due at @p nowMs for a task whose stored next fire is @p dueAtMs.
/// Pure: no clock, no I/O — the scheduler's behaviour under misfires is tested with tables.
///
/// Passed fires are coalesced: if the latest of them is within @p graceMs of now (at least
/// one second, so that a timer's ordinary lateness never counts as a miss), one run is planned
/// for it; otherwise one `missed` record covers them all (DESIGN §2).
[[nodiscard]] Plan planDue(const Trigger &trigger, qint64 dueAtMs, qint64 nowMs, qint64 graceMs);

} // namespace Kumo
