// SPDX-License-Identifier: MIT
#include "execution/runlauncher.h"

#include "core/clock.h"
#include "core/logging.h"
#include "execution/logsink.h"
#include "execution/resourcesampler.h"
#include "scheduling/task.h"

#include <QDir>

using namespace Qt::StringLiterals;

namespace Kumo {

RunLauncher::RunLauncher(ResourceSampler *sampler, Clock *clock, QObject *parent)
    : QObject(parent)
    , m_sampler(sampler)
    , m_clock(clock)
    , m_baseEnvironment(QProcessEnvironment::systemEnvironment())
{
    // Kumo's own credentials are not the runs' business (a script that prints its
    // environment would print the master key of every secret).
    for (const char *name : { "KUMO_SECRET_KEY", "KUMO_ADMIN_PASSWORD", "KUMO_TOKEN" })
        m_baseEnvironment.remove(QString::fromLatin1(name));
}

RunLauncher::~RunLauncher()
{
    // ProcessRunner children kill their trees when destroyed; close the logs cleanly.
    for (Active &active : m_active)
        active.log->finish();
}

QString RunLauncher::logPathFor(qint64 runId) const
{
    return QDir(m_settings.dataDir).filePath(u"logs/tasks/%1.log"_s.arg(runId));
}

QString RunLauncher::outputDirectoryFor(const Task &task) const
{
    return QDir(m_settings.dataDir).filePath(u"output/task-%1"_s.arg(task.id));
}

QString RunLauncher::workingDirectoryFor(const Task &task) const
{
    if (!task.workingDir.isEmpty() && QDir::isAbsolutePath(task.workingDir))
        return task.workingDir;
    return outputDirectoryFor(task);
}

std::optional<RunLauncher::Place> RunLauncher::placeFor(const Task &task, QString *error) const
{
    if (m_placeResolver)
        return m_placeResolver(task, error);
    return Place { workingDirectoryFor(task), outputDirectoryFor(task) };
}

QProcessEnvironment RunLauncher::environmentFor(const Run &run, const Task &task, const Place &place) const
{
    QProcessEnvironment env = m_baseEnvironment;
    for (auto it = place.systemVariables.cbegin(); it != place.systemVariables.cend(); ++it)
        env.insert(it.key(), it.value());
    if (!place.pathPrefix.isEmpty()) {
        const QString path = env.value(u"PATH"_s);
        env.insert(u"PATH"_s, path.isEmpty() ? place.pathPrefix : place.pathPrefix + u':' + path);
        // A venv's python finds its packages by itself; PYTHONHOME would point it elsewhere.
        env.remove(u"PYTHONHOME"_s);
    }
    for (auto it = place.variables.cbegin(); it != place.variables.cend(); ++it)
        env.insert(it.key(), it.value());
    for (auto it = task.env.cbegin(); it != task.env.cend(); ++it)
        env.insert(it.key(), it.value());
    env.insert(u"KUMO_RUN_ID"_s, QString::number(run.id));
    env.insert(u"KUMO_TASK_ID"_s, QString::number(task.id));
    env.insert(u"KUMO_ATTEMPT"_s, QString::number(run.attempt));
    env.insert(u"KUMO_OUTPUT_DIR"_s, place.outputDirectory);
    env.insert(u"PWD"_s, place.workingDirectory); // as a shell would export it
    env.insert(u"PYTHONUNBUFFERED"_s, u"1"_s);
    return env;
}

void RunLauncher::launch(const Run &run, const Task &task)
{
    Active active;
    active.run = run;
    active.run.logPath = logPathFor(run.id);
    active.log = new LogSink(run.id, active.run.logPath, m_settings.logCapBytes, this);
    if (!active.log->open())
        qCWarning(lcExecution) << "run" << run.id << "log:" << active.log->errorString();
    connect(active.log, &LogSink::appended, this, &RunLauncher::logAppended);

    QString placeError;
    const std::optional<Place> place = placeFor(task, &placeError);
    if (!place) {
        // Nowhere to run (its project is gone or not unpacked): the run fails, and says why.
        const qint64 runId = run.id;
        m_active.insert(runId, active);
        Q_EMIT launching(active.run);
        QMetaObject::invokeMethod(
            this,
            [this, runId, placeError] {
                onFinished(runId, { ProcessOutcome::Kind::FailedToStart, -1, 0, placeError });
            },
            Qt::QueuedConnection);
        return;
    }
    active.place = *place;
    active.run.environmentFreeze = place->environmentFreeze;
    active.log->setSecrets(place->secrets);
    ProcessSpec spec;
    spec.command = task.command;
    spec.workingDirectory = place->workingDirectory;
    spec.environment = environmentFor(run, task, *place);
    const int timeoutSeconds
        = task.timeoutSeconds > 0 ? task.timeoutSeconds : m_settings.defaultTimeoutSeconds;
    spec.timeoutMs = timeoutSeconds * 1000; // both validated ≤ 24 days; 0: none
    spec.killGraceMs = m_settings.killGraceMs;
    QDir().mkpath(place->outputDirectory);

    active.process = new ProcessRunner(this);
    const qint64 runId = run.id;
    LogSink *log = active.log;
    connect(active.process, &ProcessRunner::output, log, &LogSink::append);
    connect(active.process, &ProcessRunner::finished, this,
        [this, runId](const ProcessOutcome &outcome) { onFinished(runId, outcome); });
    ProcessRunner *process = active.process;
    // A run starts when Kumo spawns it, not when the process confirms its exec.
    active.run.startedAt = m_clock->nowMs();
    m_active.insert(runId, active);
    Q_EMIT launching(active.run);
    process->start(spec);
    // Record the pid as soon as the fork has happened, not when exec is confirmed later: if
    // Kumo dies in between, recovery must find the run `running` with a pid to kill, or the
    // run would be queued and executed a second time.
    if (process->pid() > 0)
        onStarted(runId);
}

bool RunLauncher::hasRunInside(const QString &directory) const
{
    const QString prefix = QDir::cleanPath(directory) + u'/';
    const auto inside
        = [&prefix](const QString &path) { return QString(QDir::cleanPath(path) + u'/').startsWith(prefix); };
    return std::any_of(m_active.cbegin(), m_active.cend(), [&](const Active &active) {
        return inside(active.place.workingDirectory) || inside(active.place.outputDirectory)
            || (!active.place.pathPrefix.isEmpty() && inside(active.place.pathPrefix));
    });
}

void RunLauncher::onStarted(qint64 runId)
{
    const auto it = m_active.find(runId);
    if (it == m_active.end())
        return;
    it->run.state = RunState::Running;
    it->run.pid = it->process->pid();
    it->run.pidStartTicks = it->process->processStartTicks();
    m_sampler->track(runId, it->run.pid);
    Q_EMIT started(it->run);
}

void RunLauncher::onFinished(qint64 runId, const ProcessOutcome &outcome)
{
    const auto it = m_active.find(runId);
    if (it == m_active.end())
        return;
    Active active = *it;
    m_active.erase(it);

    Run &run = active.run;
    if (run.pid > 0) {
        const ResourceSummary summary = m_sampler->untrack(runId);
        run.cpuPeakPercent = summary.cpuPeakPercent;
        run.rssPeakBytes = summary.rssPeakBytes;
        run.cpuSeconds = summary.cpuSeconds;
    }
    active.log->finish();
    run.logBytes = active.log->bytesWritten();
    run.logTruncated = active.log->truncated();
    run.finishedAt = m_clock->nowMs();
    if (!run.startedAt)
        run.startedAt = run.finishedAt;
    switch (outcome.kind) {
    case ProcessOutcome::Kind::Exited:
        run.state = outcome.exitCode == 0 ? RunState::Succeeded : RunState::Failed;
        run.exitCode = outcome.exitCode;
        break;
    case ProcessOutcome::Kind::Signaled:
        run.state = RunState::Failed;
        run.signal = outcome.signal;
        break;
    case ProcessOutcome::Kind::TimedOut:
        run.state = RunState::TimedOut;
        run.signal = outcome.signal > 0 ? std::optional<int>(outcome.signal) : std::nullopt;
        run.error = outcome.error;
        break;
    case ProcessOutcome::Kind::Cancelled:
        run.state = RunState::Cancelled;
        run.signal = outcome.signal > 0 ? std::optional<int>(outcome.signal) : std::nullopt;
        run.error = outcome.error;
        break;
    case ProcessOutcome::Kind::FailedToStart:
        run.state = RunState::Failed;
        run.error = outcome.error;
        break;
    }
    if (active.process) // null for a run that had nowhere to start
        active.process->deleteLater();
    active.log->deleteLater();
    Q_EMIT finished(run);
}

bool RunLauncher::cancel(qint64 runId, const QString &reason)
{
    const auto it = m_active.find(runId);
    if (it == m_active.end() || !it->process)
        return false;
    it->process->cancel(reason);
    return true;
}

void RunLauncher::cancelAll(const QString &reason)
{
    // cancel() may finish a run synchronously, which edits m_active: iterate over a copy.
    QList<ProcessRunner *> processes;
    for (const Active &active : std::as_const(m_active)) {
        if (active.process)
            processes.append(active.process);
    }
    for (ProcessRunner *process : processes)
        process->cancel(reason);
}

} // namespace Kumo
