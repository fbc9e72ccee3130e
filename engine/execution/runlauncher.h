// SPDX-License-Identifier: MIT
#pragma once

#include "execution/processrunner.h"
#include "execution/run.h"

#include <QHash>
#include <QMap>
#include <QObject>

#include <QProcessEnvironment>
#include <functional>
#include <optional>

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
    int defaultTimeoutSeconds = 0; // for tasks without their own; 0: none
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

    /// Where a run of a task happens. The engine decides it for tasks with a project (inside
    /// the project's files); without a resolver, or for tasks without one, the defaults apply.
    struct Place
    {
        Place() = default;
        Place(QString working, QString output)
            : workingDirectory(std::move(working))
            , outputDirectory(std::move(output))
        { }

        QString workingDirectory;
        QString outputDirectory;
        QString pathPrefix; // a Python environment's (or interpreter's) bin directory, first on PATH
        QMap<QString, QString> variables; // VIRTUAL_ENV or CONDA_PREFIX
        QString environmentFreeze; // the environment's freeze hash, recorded with the run
        QMap<QString, QString> systemVariables; // the env vars of the run's scopes (secrets decrypted)
        QList<QByteArray> secrets; // values masked in the run's log
    };
    /// Returns the place, or nullopt with @p error set: the run then fails without starting.
    using PlaceResolver = std::function<std::optional<Place>(const Task &task, QString *error)>;
    void setPlaceResolver(PlaceResolver resolver) { m_placeResolver = std::move(resolver); }
    [[nodiscard]] const LaunchSettings &settings() const { return m_settings; }

    /// Starts @p run of @p task; the outcome arrives through started()/finished().
    void launch(const Run &run, const Task &task);
    /// Terminates a running run's process tree; false when it is not running here.
    bool cancel(qint64 runId, const QString &reason);
    /// Terminates every running run (shutdown).
    void cancelAll(const QString &reason);
    [[nodiscard]] int activeCount() const { return int(m_active.size()); }
    [[nodiscard]] bool isActive(qint64 runId) const { return m_active.contains(runId); }
    /// Whether an active run works, writes its output or finds its Python inside @p directory.
    [[nodiscard]] bool hasRunInside(const QString &directory) const;

    /// The environment a run of @p task gets at @p place (DESIGN §2).
    [[nodiscard]] QProcessEnvironment environmentFor(
        const Run &run, const Task &task, const Place &place) const;
    /// KUMO_OUTPUT_DIR of runs of @p task without a project (created at launch).
    [[nodiscard]] QString outputDirectoryFor(const Task &task) const;
    /// Working directory of runs of @p task without a project.
    [[nodiscard]] QString workingDirectoryFor(const Task &task) const;
    /// Where a run of @p task happens (the resolver's answer, else the defaults above).
    [[nodiscard]] std::optional<Place> placeFor(const Task &task, QString *error) const;
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
        Place place;
        ProcessRunner *process = nullptr;
        LogSink *log = nullptr;
    };
    void onStarted(qint64 runId);
    void onFinished(qint64 runId, const ProcessOutcome &outcome);

    ResourceSampler *m_sampler;
    Clock *m_clock;
    LaunchSettings m_settings;
    PlaceResolver m_placeResolver;
    QProcessEnvironment m_baseEnvironment;
    QHash<qint64, Active> m_active;
};

} // namespace Kumo
