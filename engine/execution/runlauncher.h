// SPDX-License-Identifier: MIT
#pragma once

#include "execution/processrunner.h"
#include "execution/run.h"

#include <QHash>
#include <QObject>
#include <QProcessEnvironment>

namespace Kumo {

class Clock;
class LogSink;
class ResourceSampler;
struct Task;

/// Where and how runs are launched.
struct LaunchSettings
{
    QString dataDir; // logs go to dataDir/logs/tasks, default outputs to dataDir/output
    qint64 logCapBytes = 10 * 1024 * 1024;
    int killGraceMs = 5000;
};

/// Starts one run of a task: its process under supervision, its log and its resource
/// sampling, and reports the finished run with its final state.
class RunLauncher : public QObject
{
    Q_OBJECT
public:
    RunLauncher(ResourceSampler *sampler, Clock *clock, QObject *parent = nullptr);
    ~RunLauncher() override;

    void setSettings(const LaunchSettings &settings) { m_settings = settings; }
    [[nodiscard]] const LaunchSettings &settings() const { return m_settings; }

    /// Starts @p run of @p task; the outcome arrives through started()/finished().
    void launch(const Run &run, const Task &task);
    /// Terminates a running run's process tree; false when it is not running here.
    bool cancel(qint64 runId, const QString &reason);
    /// Terminates every running run (shutdown).
    void cancelAll(const QString &reason);
    [[nodiscard]] int activeCount() const { return int(m_active.size()); }
    [[nodiscard]] bool isActive(qint64 runId) const { return m_active.contains(runId); }

    /// The environment a run of @p task gets (DESIGN §2).
    [[nodiscard]] QProcessEnvironment environmentFor(const Run &run, const Task &task) const;
    /// KUMO_OUTPUT_DIR of @p task's runs (created at launch).
    [[nodiscard]] QString outputDirectoryFor(const Task &task) const;
    /// Working directory of @p task's runs.
    [[nodiscard]] QString workingDirectoryFor(const Task &task) const;
    [[nodiscard]] QString logPathFor(qint64 runId) const;

Q_SIGNALS:
    /// Emitted just before the process is spawned (for measuring fire lateness).
    void launching(const Kumo::Run &run);
    void started(const Kumo::Run &run);
    void finished(const Kumo::Run &run);
    void logAppended(qint64 runId, Kumo::OutputStream stream, qint64 offset, const QByteArray &data);

private:
    struct Active
    {
        Run run;
        ProcessRunner *process = nullptr;
        LogSink *log = nullptr;
    };
    void onStarted(qint64 runId);
    void onFinished(qint64 runId, const ProcessOutcome &outcome);

    ResourceSampler *m_sampler;
    Clock *m_clock;
    LaunchSettings m_settings;
    QProcessEnvironment m_baseEnvironment;
    QHash<qint64, Active> m_active;
};

} // namespace Kumo
