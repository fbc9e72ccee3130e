// SPDX-License-Identifier: MIT
#include "execution/crashrecovery.h"

#include "core/clock.h"
#include "core/logging.h"
#include "execution/processtree.h"
#include "storage/runstore.h"

#include <QFile>

#include <csignal>

using namespace Qt::StringLiterals;

namespace Kumo {

namespace {
/// When this machine booted (ms since the epoch), from /proc/stat's btime.
std::optional<qint64> bootTimeMs()
{
    QFile stat(u"/proc/stat"_s);
    if (!stat.open(QIODevice::ReadOnly))
        return std::nullopt;
    const QList<QByteArray> lines = stat.readAll().split('\n');
    for (const QByteArray &line : lines) {
        if (line.startsWith("btime "))
            return line.mid(6).trimmed().toLongLong() * 1000;
    }
    return std::nullopt;
}
} // namespace

QList<Run> recoverInterruptedRuns(RunStore &runs, Clock &clock)
{
    QList<Run> lost;
    const QList<Run> interrupted = runs.listByStates({ RunState::Running });
    const std::optional<qint64> bootedAt = bootTimeMs();
    for (Run run : interrupted) {
        int killed = 0;
        // A run started before this boot has no process left, and its pid means nothing now.
        const bool startedThisBoot = !bootedAt || run.startedAt.value_or(0) >= *bootedAt;
        // The session leader may be gone while its children live on; its session id still
        // names them. Only trust the PID when its start time matches the one we recorded.
        if (run.pid > 0 && startedThisBoot
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
