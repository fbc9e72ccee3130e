// SPDX-License-Identifier: MIT
#pragma once

#include "execution/run.h"

#include <QHash>
#include <QObject>

#include <optional>
#include <set>

class QTimer;

namespace Kumo {

class Clock;
class RunLauncher;
class RunStore;
class TaskStore;
struct Task;

/// Admits runs in fire-time order under a global concurrency limit and per-task
/// `maxInstances`. Queued runs live in the database, so they survive a restart; nothing is
/// ever dropped silently (an overlapping fire becomes a `skipped` run).
class RunQueue : public QObject
{
    Q_OBJECT
public:
    RunQueue(
        RunStore &runs, TaskStore &tasks, RunLauncher *launcher, Clock *clock, QObject *parent = nullptr);
    ~RunQueue() override;

    void setMaxConcurrent(int limit);
    [[nodiscard]] int maxConcurrent() const { return m_maxConcurrent; }

    /// Re-admits runs left `queued` by a previous process (in their original order).
    void restore(const QList<Run> &queued);
    /// Queues a run of @p task due at @p scheduledAt, or records it `skipped` when the task
    /// already has maxInstances runs active. Returns the recorded run (nullopt on a storage error).
    std::optional<Run> submit(const Task &task, qint64 scheduledAt, const QString &reason, int fires = 1);
    /// Records a terminal run that never executes (a `missed` fire).
    std::optional<Run> record(
        const Task &task, RunState state, qint64 scheduledAt, int fires, const QString &error);
    /// Queues attempt n+1 of @p finished after the task's retry interval, when retries remain.
    std::optional<Run> retryIfAllowed(const Run &finished, const Task &task);
    /// Cancels a queued or running run. False (with @p error) when it is not active.
    bool cancel(qint64 runId, QString *error = nullptr);

    /// Admits whatever may start now (e.g. after the wall clock was set).
    void recheck() { admit(); }
    /// Stops admitting runs (shutdown); queued runs stay queued in the database.
    void stopStarting();
    [[nodiscard]] int queuedCount() const { return int(m_queued.size()); }
    [[nodiscard]] bool isQueued(qint64 runId) const { return m_queued.contains(runId); }
    [[nodiscard]] int runningCount() const { return m_running; }
    [[nodiscard]] int activeCount(qint64 taskId) const { return m_activePerTask.value(taskId); }

Q_SIGNALS:
    /// Every state change of a run, including creation.
    void runChanged(const Kumo::Run &run);
    /// Nothing is running any more.
    void drained();

private:
    void enqueue(const Run &run);
    void admit();
    void admitReady();
    void onStarted(const Run &run);
    void onFinished(const Run &run);
    void release(qint64 taskId);

    RunStore &m_runs;
    TaskStore &m_tasks;
    RunLauncher *m_launcher;
    Clock *m_clock;
    QTimer *m_wakeTimer;
    int m_maxConcurrent = 50;
    int m_running = 0;
    bool m_starting = true;
    bool m_admitting = false;
    bool m_admitAgain = false;
    std::set<std::pair<qint64, qint64>> m_order; // (eligible at, run id)
    QHash<qint64, Run> m_queued;
    QHash<qint64, int> m_activePerTask; // queued + running
};

} // namespace Kumo
