// SPDX-License-Identifier: MIT
#include "execution/crashrecovery.h"

#include "core/clock.h"
#include "core/logging.h"
#include "execution/processtree.h"
#include "storage/runstore.h"

#include <csignal>

using namespace Qt::StringLiterals;

namespace Kumo {

QList<Run> recoverInterruptedRuns(RunStore &runs, Clock &clock)
{
    QList<Run> lost;
    const QList<Run> interrupted = runs.listByStates({ RunState::Running });
    for (Run run : interrupted) {
        int killed = 0;
        // The session leader may be gone while its children live on; its session id still
        // names them. Only trust the PID when its start time matches the one we recorded.
        if (run.pid > 0
            && (ProcessTree::isSameProcess(run.pid, run.pidStartTicks)
                || !ProcessTree::startTicks(run.pid).has_value())) {
            killed = ProcessTree::signalTree(run.pid, SIGKILL);
        }
        run.state = RunState::Lost;
        run.finishedAt = clock.nowMs();
        run.error = killed > 0
            ? u"Kumo stopped while this run was active; %1 leftover process(es) were killed"_s.arg(killed)
            : u"Kumo stopped while this run was active"_s;
        if (!runs.finish(run)) {
            qCWarning(lcExecution) << "cannot mark run" << run.id << "lost:" << runs.errorString();
            continue;
        }
        qCInfo(lcExecution) << "run" << run.id << "was interrupted; marked lost, killed" << killed
                            << "process(es)";
        lost.append(run);
    }
    return lost;
}

} // namespace Kumo
