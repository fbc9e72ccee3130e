// SPDX-License-Identifier: MIT
#pragma once

#include "execution/run.h"

#include <QList>

namespace Kumo {

class Clock;
class RunStore;

/// Cleans up after a Kumo process that died with runs active: kills what is left of their
/// process groups (checking the process start time, so a reused PID is never hit) and marks
/// those runs `lost`. Returns the runs it marked.
[[nodiscard]] QList<Run> recoverInterruptedRuns(RunStore &runs, Clock &clock);

} // namespace Kumo
