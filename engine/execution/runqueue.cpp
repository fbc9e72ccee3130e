// SPDX-License-Identifier: MIT
#include "execution/runqueue.h"

#include "core/clock.h"
#include "core/logging.h"
#include "execution/runlauncher.h"
#include "scheduling/task.h"
#include "storage/runstore.h"
#include "storage/taskstore.h"

#include <QTimer>

using namespace Qt::StringLiterals;

namespace Kumo {

namespace {
bool isRetryable(RunState state)
{
    return state == RunState::Failed || state == RunState::TimedOut || state == RunState::Lost;
}
} // namespace

RunQueue::RunQueue(RunStore &runs, TaskStore &tasks, RunLauncher *launcher, Clock *clock, QObject *parent)
    : QObject(parent)
    , m_runs(runs)
    , m_tasks(tasks)
    , m_launcher(launcher)
    , m_clock(clock)
    , m_wakeTimer(new QTimer(this))
{
    m_wakeTimer->setSingleShot(true);
    m_wakeTimer->setTimerType(Qt::PreciseTimer);
    connect(m_wakeTimer, &QTimer::timeout, this, &RunQueue::admit);
    connect(m_launcher, &RunLauncher::started, this, &RunQueue::onStarted);
    connect(m_launcher, &RunLauncher::finished, this, &RunQueue::onFinished);
}

RunQueue::~RunQueue() = default;

void RunQueue::setMaxConcurrent(int limit)
{
    m_maxConcurrent = std::max(1, limit);
    admit();
}

void RunQueue::restore(const QList<Run> &queued)
{
    for (const Run &run : queued)
        enqueue(run);
    admit();
}

std::optional<Run> RunQueue::submit(const Task &task, qint64 scheduledAt, const QString &reason, int fires)
{
    const int active = m_activePerTask.value(task.id);
    if (active >= task.maxInstances) {
        return record(task, RunState::Skipped, scheduledAt, fires,
            u"%1 run(s) of this task still active (maxInstances %2)"_s.arg(active).arg(task.maxInstances));
    }
    Run run;
    run.taskId = task.id;
    run.state = RunState::Queued;
    run.reason = reason;
    run.scheduledAt = scheduledAt;
    run.queuedAt = m_clock->nowMs();
    run.fires = fires;
    if (!m_runs.insert(run)) {
        qCCritical(lcExecution) << "task" << task.id << "fire could not be recorded:" << m_runs.errorString();
        return std::nullopt;
    }
    enqueue(run);
    Q_EMIT runChanged(run);
    admit();
    return run;
}

std::optional<Run> RunQueue::record(
    const Task &task, RunState state, qint64 scheduledAt, int fires, const QString &error)
{
    Run run;
    run.taskId = task.id;
    run.state = state;
    run.reason = QString::fromUtf16(RunReason::Schedule);
    run.scheduledAt = scheduledAt;
    run.queuedAt = m_clock->nowMs();
    run.finishedAt = run.queuedAt;
    run.fires = fires;
    run.error = error;
    if (!m_runs.insert(run)) {
        qCCritical(lcExecution) << "task" << task.id << "run could not be recorded:" << m_runs.errorString();
        return std::nullopt;
    }
    Q_EMIT runChanged(run);
    return run;
}

std::optional<Run> RunQueue::retryIfAllowed(const Run &finished, const Task &task)
{
    if (!isRetryable(finished.state) || finished.attempt > task.retries)
        return std::nullopt;
    Run retry;
    retry.taskId = task.id;
    retry.groupId = finished.groupId;
    retry.attempt = finished.attempt + 1;
    retry.state = RunState::Queued;
    retry.reason = QString::fromUtf16(RunReason::Retry);
    retry.queuedAt = m_clock->nowMs();
    retry.scheduledAt = *retry.queuedAt + qint64(task.retryIntervalSeconds) * 1000;
    if (!m_runs.insert(retry)) {
        qCCritical(lcExecution) << "retry of run" << finished.id
                                << "could not be recorded:" << m_runs.errorString();
        return std::nullopt;
    }
    enqueue(retry);
    Q_EMIT runChanged(retry);
    admit();
    return retry;
}

bool RunQueue::cancel(qint64 runId, QString *error)
{
    if (const auto it = m_queued.find(runId); it != m_queued.end()) {
        Run run = *it;
        m_queued.erase(it);
        m_order.erase({ run.scheduledAt, runId });
        run.state = RunState::Cancelled;
        run.finishedAt = m_clock->nowMs();
        run.error = u"cancelled before it started"_s;
        if (!m_runs.finish(run))
            qCWarning(lcExecution) << m_runs.errorString();
        release(run.taskId);
        Q_EMIT runChanged(run);
        return true;
    }
    if (m_launcher->cancel(runId, u"cancelled by request"_s))
        return true;
    if (error)
        *error = u"run %1 is not queued or running"_s.arg(runId);
    return false;
}

void RunQueue::stopStarting()
{
    m_starting = false;
    m_wakeTimer->stop();
}

void RunQueue::enqueue(const Run &run)
{
    m_queued.insert(run.id, run);
    m_order.insert({ run.scheduledAt, run.id });
    ++m_activePerTask[run.taskId];
}

void RunQueue::admit()
{
    // Launching can finish a run synchronously (a process that fails to start), which calls
    // back into admit(); fold such calls into another pass instead of nesting.
    if (m_admitting) {
        m_admitAgain = true;
        return;
    }
    m_admitting = true;
    do {
        m_admitAgain = false;
        admitReady();
    } while (m_admitAgain);
    m_admitting = false;
}

void RunQueue::admitReady()
{
    if (!m_starting)
        return;
    const qint64 now = m_clock->nowMs();
    while (m_running < m_maxConcurrent && !m_order.empty()) {
        const auto [eligibleAt, runId] = *m_order.begin();
        if (eligibleAt > now) {
            m_wakeTimer->start(int(std::min<qint64>(eligibleAt - now, 3600 * 1000)));
            return;
        }
        m_order.erase(m_order.begin());
        Run run = m_queued.take(runId);
        const std::optional<Task> task = m_tasks.get(run.taskId);
        if (!task) {
            run.state = RunState::Cancelled;
            run.finishedAt = now;
            run.error = u"the task was deleted before the run started"_s;
            if (!m_runs.finish(run))
                qCWarning(lcExecution) << m_runs.errorString();
            release(run.taskId);
            Q_EMIT runChanged(run);
            continue;
        }
        ++m_running;
        m_launcher->launch(run, *task);
    }
}

void RunQueue::onStarted(const Run &run)
{
    if (!m_runs.markRunning(run))
        qCWarning(lcExecution) << m_runs.errorString();
    Q_EMIT runChanged(run);
}

void RunQueue::onFinished(const Run &run)
{
    if (!m_runs.finish(run))
        qCWarning(lcExecution) << m_runs.errorString();
    --m_running;
    release(run.taskId);
    Q_EMIT runChanged(run);
    if (isRetryable(run.state)) {
        if (const std::optional<Task> task = m_tasks.get(run.taskId))
            retryIfAllowed(run, *task);
    }
    admit();
    if (m_running == 0)
        Q_EMIT drained();
}

void RunQueue::release(qint64 taskId)
{
    const auto it = m_activePerTask.find(taskId);
    if (it != m_activePerTask.end() && --*it <= 0)
        m_activePerTask.erase(it);
}

} // namespace Kumo
