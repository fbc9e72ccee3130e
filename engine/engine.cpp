// SPDX-License-Identifier: MIT
#include "engine.h"

#include "audit/auditlog.h"
#include "backup/backuprestore.h"
#include "backup/backupservice.h"
#include "core/clock.h"
#include "core/logging.h"
#include "core/timeformat.h"
#include "environments/environmentservice.h"
#include "environments/environmentstore.h"
#include "environments/interpreterregistry.h"
#include "execution/crashrecovery.h"
#include "execution/logsink.h"
#include "execution/resourcesampler.h"
#include "execution/runlauncher.h"
#include "execution/runqueue.h"
#include "projects/projectfiles.h"
#include "projects/projectservice.h"
#include "scheduling/clockjumpdetector.h"
#include "scheduling/scheduler.h"
#include "scheduling/trigger.h"
#include "security/authenticator.h"
#include "security/secretbox.h"
#include "storage/database.h"
#include "storage/datadirlock.h"
#include "storage/migrations.h"
#include "storage/runstore.h"
#include "storage/taskstore.h"
#include "system/envvarservice.h"
#include "system/settingsstore.h"
#include "system/systemmonitor.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QScopeGuard>
#include <QTimeZone>
#include <QTimer>

#include <sys/stat.h>

using namespace Qt::StringLiterals;

namespace Kumo {

namespace {
constexpr int kRetentionPeriodMs = 6 * 3600 * 1000;
constexpr int kRestartDelayMs = 300;

/// A new trigger that would never fire again is a mistake worth telling the user about.
std::optional<FieldError> neverFires(const Trigger &trigger, const TriggerSpec &spec, qint64 now)
{
    if (trigger.nextFireAfter(now))
        return std::nullopt;
    switch (spec.type) {
    case TriggerSpec::Type::Date:
        return FieldError { u"trigger.at"_s, u"is in the past: the task would never run"_s };
    case TriggerSpec::Type::Interval:
        return FieldError { u"trigger.end"_s, u"is in the past: the task would never run"_s };
    case TriggerSpec::Type::Cron:
        break;
    }
    return FieldError { u"trigger.expression"_s, u"never matches a future time"_s };
}

TaskResult invalid(FieldErrors errors)
{
    TaskResult result;
    result.status = TaskResult::Status::Invalid;
    result.message = u"the task has invalid fields"_s;
    result.errors = std::move(errors);
    return result;
}

TaskResult storeFailure(const TaskStore &tasks)
{
    TaskResult result;
    result.message = tasks.errorString();
    result.status = TaskResult::Status::Error;
    if (tasks.lastErrorWasDuplicateName()) {
        result.status = TaskResult::Status::Conflict;
        result.errors.append({ u"name"_s, u"is already used by another task"_s });
    }
    return result;
}

/// Whether @p file's folder and @p directory are on one file system (renames between them
/// are atomic).
bool onOneFileSystem(const QString &file, const QString &directory)
{
    struct stat a = {};
    struct stat b = {};
    return ::stat(QFile::encodeName(QFileInfo(file).absolutePath()).constData(), &a) == 0
        && ::stat(QFile::encodeName(directory).constData(), &b) == 0 && a.st_dev == b.st_dev;
}

/// An interval without a start begins one interval from now.
void defaultIntervalStart(Task &task, qint64 now)
{
    if (task.trigger.type == TriggerSpec::Type::Interval && !task.trigger.startMs)
        task.trigger.startMs = now + task.trigger.intervalSeconds * 1000;
}

} // namespace

Engine::Engine(QObject *parent)
    : QObject(parent)
{
    qRegisterMetaType<Kumo::Run>();
}

Engine::~Engine()
{
    // Children first: the launcher kills live process trees and closes logs while the
    // database and the data directory lock still exist.
    qDeleteAll(findChildren<QObject *>(QString(), Qt::FindDirectChildrenOnly));
}

bool Engine::open(const EngineConfig &requested)
{
    // Absolute from here on: runs, pip and venv work in other directories than ours.
    EngineConfig config = requested;
    config.dataDir = QDir(config.dataDir).absolutePath();
    m_config = config;
    m_clock = config.clock ? config.clock : SystemClock::instance();
    m_lock = std::make_unique<DataDirLock>(config.dataDir);
    if (!m_lock->tryLock()) {
        m_error = m_lock->errorString();
        return false;
    }
    // An engine that failed to open leaves the data directory to the next one.
    auto unlockOnFailure = qScopeGuard([this] {
        if (m_database)
            m_database->close();
        m_lock.reset();
    });
    for (const QString &sub : { u"logs/tasks"_s, u"output"_s }) {
        if (!QDir(config.dataDir).mkpath(sub)) {
            m_error = u"cannot create %1 in the data directory %2"_s.arg(sub, config.dataDir);
            return false;
        }
    }
    m_database = std::make_unique<Database>();
    const QString url
        = config.databaseUrl.isEmpty() ? QDir(config.dataDir).filePath(u"kumo.db"_s) : config.databaseUrl;
    if (!applyPendingRestore(url))
        return false;
    if (!m_database->open(url) || !m_database->migrate()) {
        m_error = m_database->errorString();
        if (m_appliedRestore) {
            m_database->close();
            QString error;
            m_error = BackupRestore::rollBack(config.dataDir, url, &error)
                ? u"the restored backup does not open (%1); the data from before the restore is back in place"_s
                      .arg(m_error)
                : u"the restored backup does not open (%1), and putting the data back failed (%2): see %3"_s
                      .arg(m_error, error, QDir(config.dataDir).filePath(u"restore-replaced"_s));
        }
        return false;
    }
    if (m_appliedRestore)
        BackupRestore::finishApplied(config.dataDir, *m_database);
    m_tasks = std::make_unique<TaskStore>(*m_database);
    m_runs = std::make_unique<RunStore>(*m_database);
    m_auth = std::make_unique<Authenticator>(*m_database, *m_clock, PasswordHasher(config.passwordCost));
    m_audit = new AuditLog(*m_database, *m_clock, this);
    m_projects = new ProjectService(
        *m_database, *m_clock, QDir(config.dataDir).filePath(u"projects"_s), config.extractionLimits, this);
    m_settings = std::make_unique<SettingsStore>(*m_database);
    m_runSettings = std::make_unique<RunSettingsResolver>(*m_settings, config.runs, config.pinnedRunSettings);
    m_secretBox = std::make_unique<SecretBox>();
    if (!m_secretBox->load(config.dataDir, config.secretKey, config.useKeychain)) {
        m_error = m_secretBox->errorString();
        return false;
    }
    m_envVars = std::make_unique<EnvVarService>(
        *m_database, *m_clock, *m_secretBox, config.dataDir, [this](EnvVar::Scope scope, qint64 id) {
            return scope == EnvVar::Scope::Project ? m_projects->get(id).has_value()
                                                   : m_tasks->get(id).has_value();
        });
    m_envVars->recoverRotation();
    m_backups = new BackupService(*m_database, *m_clock, *m_settings, config.dataDir, this);
    m_backups->setJobProvider(
        [this](BackupManifest::Kind, bool includeProjects) { return backupJob(includeProjects); });
    if (m_appliedRestore) {
        AuditEvent event;
        event.actor = m_appliedRestore->value(u"actor"_s).toString();
        event.ip = m_appliedRestore->value(u"ip"_s).toString();
        event.action = u"backup.restored"_s;
        event.targetType = u"backup"_s;
        event.targetId = m_appliedRestore->value(u"backup"_s).toString();
        event.details = *m_appliedRestore;
        m_audit->record(event);
    }
    m_interpreters = new InterpreterRegistry(*m_database, *m_clock, this);
    m_environments
        = new EnvironmentService(*m_database, *m_clock, *m_interpreters, *m_settings, config.dataDir, this);

    m_scheduler = new Scheduler(m_clock, this);
    m_sampler = new ResourceSampler(m_clock, this);
    m_launcher = new RunLauncher(m_sampler, m_clock, this);
    m_launcher->setPlaceResolver([this](const Task &task, QString *error) { return placeFor(task, error); });
    m_projects->setTreeInUse(
        [this](const QString &tree) { return m_launcher->hasRunInside(tree) || m_backups->isPacking(tree); });
    m_environments->setInUse([this](const QString &path) { return m_launcher->hasRunInside(path); });
    connect(m_launcher, &RunLauncher::finished, m_projects, &ProjectService::releaseOldTrees);
    connect(m_backups, &BackupService::finished, m_projects, &ProjectService::releaseOldTrees);
    m_queue = new RunQueue(*m_runs, *m_tasks, m_launcher, m_clock, this);
    applyRunSettings();
    m_monitor = new SystemMonitor(
        *m_clock, config.dataDir,
        [this] { return std::pair(m_queue->queuedCount(), m_queue->runningCount()); }, this);
    m_clockJumps = new ClockJumpDetector(this);
    m_retentionTimer = new QTimer(this);
    m_retentionTimer->setInterval(kRetentionPeriodMs);

    connect(m_scheduler, &Scheduler::fired, this, &Engine::onFired);
    connect(m_scheduler, &Scheduler::nextFireTimesChanged, this, [this](const NextFireChanges &changes) {
        if (!m_tasks->setNextFireTimes(changes))
            qCWarning(lcEngine) << m_tasks->errorString();
    });
    connect(m_sampler, &ResourceSampler::sampled, this, [this](const QList<ResourceSample> &samples) {
        if (!m_runs->insertSamples(samples))
            qCWarning(lcEngine) << m_runs->errorString();
    });
    connect(m_queue, &RunQueue::runChanged, this, &Engine::runChanged);
    connect(this, &Engine::runChanged, this, &Engine::measureRun);
    connect(m_clockJumps, &ClockJumpDetector::clockChanged, m_scheduler, &Scheduler::handleClockChange);
    connect(m_clockJumps, &ClockJumpDetector::clockChanged, m_queue, &RunQueue::recheck);
    connect(m_retentionTimer, &QTimer::timeout, this, &Engine::applyLogRetention);
    unlockOnFailure.dismiss();
    return true;
}

void Engine::start()
{
    m_startedAt = m_clock->nowMs();
    const QList<Run> lost = recoverInterruptedRuns(*m_runs, *m_clock);
    for (const Run &run : lost)
        Q_EMIT runChanged(run);
    m_queue->restore(m_runs->listByStates({ RunState::Queued }));
    for (const Run &run : lost) {
        if (const std::optional<Task> task = m_tasks->get(run.taskId))
            m_queue->retryIfAllowed(run, *task);
    }
    NextFireChanges computed;
    const QList<Task> tasks = m_tasks->list();
    for (const Task &task : tasks) {
        scheduleTask(task);
        if (!task.nextFireAt && task.enabled)
            computed.append({ task.id, m_scheduler->nextFireAt(task.id) });
    }
    if (!m_tasks->setNextFireTimes(computed))
        qCWarning(lcEngine) << m_tasks->errorString();
    m_scheduler->start();
    m_interpreters->refresh();
    applyLogRetention();
    m_retentionTimer->start();
    m_backups->start();
    m_monitor->start();
    m_started = true;
    qCInfo(lcEngine) << "engine started:" << tasks.size() << "tasks," << lost.size()
                     << "interrupted runs recovered," << m_queue->queuedCount() << "runs queued";
}

void Engine::shutdown(int graceMs)
{
    if (m_stopping) {
        // Asked again: no more waiting.
        if (graceMs == 0 && m_queue->runningCount() > 0)
            m_launcher->cancelAll(u"Kumo is shutting down"_s);
        return;
    }
    m_stopping = true;
    m_scheduler->stop();
    m_queue->stopStarting();
    m_retentionTimer->stop();
    m_backups->stop();
    m_monitor->stop();
    if (m_queue->runningCount() == 0) {
        QTimer::singleShot(0, this, &Engine::finishShutdown);
        return;
    }
    qCInfo(lcEngine) << "waiting up to" << graceMs << "ms for" << m_queue->runningCount() << "running run(s)";
    connect(m_queue, &RunQueue::drained, this, &Engine::finishShutdown, Qt::SingleShotConnection);
    QTimer::singleShot(graceMs, this, [this] {
        if (m_queue->runningCount() > 0)
            m_launcher->cancelAll(u"Kumo is shutting down"_s);
    });
}

void Engine::finishShutdown()
{
    m_started = false;
    m_database->close();
    qCInfo(lcEngine) << "engine stopped";
    Q_EMIT stopped();
}

void Engine::scheduleTask(const Task &task)
{
    if (!task.enabled) {
        m_scheduler->unschedule(task.id);
        return;
    }
    FieldErrors errors;
    std::shared_ptr<const Trigger> trigger = Trigger::create(task.trigger, &errors);
    if (!trigger) {
        qCWarning(lcEngine) << "task" << task.id << "cannot be scheduled:" << errors.value(0).message;
        m_scheduler->unschedule(task.id);
        return;
    }
    m_scheduler->schedule(
        task.id, std::move(trigger), task.nextFireAt, qint64(task.misfireGraceSeconds) * 1000);
}

void Engine::onFired(qint64 taskId, const PlannedFire &fire)
{
    const std::optional<Task> task = m_tasks->get(taskId);
    if (!task)
        return;
    if (fire.kind == PlannedFire::Kind::Run) {
        m_metrics.fireLateness.observe(
            double(std::max<qint64>(0, m_clock->nowMs() - fire.scheduledAt)) / 1000);
        m_queue->submit(*task, fire.scheduledAt, QString::fromUtf16(RunReason::Schedule), fire.fires);
        return;
    }
    m_queue->record(*task, RunState::Missed, fire.scheduledAt, fire.fires,
        u"%1 fire(s) from %2 passed more than the misfire grace (%3 s) ago"_s.arg(fire.fires)
            .arg(toRfc3339(fire.scheduledAt))
            .arg(task->misfireGraceSeconds));
}

FieldErrors Engine::referenceErrors(const Task &task) const
{
    FieldErrors errors;
    if (task.environmentId && task.interpreterId)
        errors.append({ u"interpreterId"_s, u"give an environment or an interpreter, not both"_s });
    if (task.environmentId) {
        const std::optional<Environment> environment = m_environments->get(*task.environmentId);
        if (!environment)
            errors.append(
                { u"environmentId"_s, u"environment %1 does not exist"_s.arg(*task.environmentId) });
        else if (environment->state == Environment::State::Deleting)
            errors.append(
                { u"environmentId"_s, u"environment \"%1\" is being deleted"_s.arg(environment->name) });
    }
    if (task.interpreterId && !m_interpreters->get(*task.interpreterId))
        errors.append({ u"interpreterId"_s, u"interpreter %1 does not exist"_s.arg(*task.interpreterId) });
    if (!task.projectId)
        return errors;
    if (!m_projects->get(*task.projectId)) {
        errors.append({ u"projectId"_s, u"project %1 does not exist"_s.arg(*task.projectId) });
        return errors;
    }
    ProjectFiles::Result checked;
    if (!ProjectFiles(m_projects->rootOf(*task.projectId)).resolve(task.workingDir, &checked)
        && checked.error == FileError::Invalid)
        errors.append({ u"workingDir"_s, checked.message });
    return errors;
}

bool Engine::addPython(const Task &task, RunLauncher::Place &place, QString *error) const
{
    if (task.environmentId) {
        const std::optional<Environment> environment = m_environments->get(*task.environmentId);
        if (!environment) {
            *error = u"environment %1 no longer exists"_s.arg(*task.environmentId);
            return false;
        }
        if (!environment->isUsable()) {
            *error = u"environment \"%1\" is %2%3"_s.arg(environment->name,
                Environment::stateName(environment->state),
                environment->error.isEmpty() ? QString() : u": "_s + environment->error);
            return false;
        }
        if (!QFileInfo(environment->pythonPath()).isExecutable()) {
            // PATH would fall through to another python, without the packages: say so instead.
            *error = u"environment \"%1\" has no python (%2 is missing); reset it"_s.arg(
                environment->name, environment->pythonPath());
            return false;
        }
        place.pathPrefix = environment->binDirectory();
        place.variables.insert(
            environment->backend == Environment::Backend::Conda ? u"CONDA_PREFIX"_s : u"VIRTUAL_ENV"_s,
            environment->path);
        place.environmentFreeze = environment->freezeHash;
        return true;
    }
    if (task.interpreterId) {
        const std::optional<Interpreter> interpreter = m_interpreters->get(*task.interpreterId);
        if (!interpreter || !QFileInfo(interpreter->path).isExecutable()) {
            *error = interpreter ? u"interpreter %1 is gone"_s.arg(interpreter->path)
                                 : u"interpreter %1 no longer exists"_s.arg(*task.interpreterId);
            return false;
        }
        // `python` and `python3` of the run are this interpreter: links in a directory of its own.
        const QString bin = QDir(m_config.dataDir).filePath(u"interpreters/%1/bin"_s.arg(interpreter->id));
        QDir().mkpath(bin);
        for (const QString &name : { u"python"_s, u"python3"_s }) {
            const QString link = QDir(bin).filePath(name);
            if (QFileInfo(link).symLinkTarget() != QFileInfo(interpreter->path).absoluteFilePath()) {
                QFile::remove(link);
                if (!QFile::link(interpreter->path, link)) {
                    *error = u"cannot link %1 to %2"_s.arg(link, interpreter->path);
                    return false;
                }
            }
        }
        place.pathPrefix = bin;
    }
    return true;
}

std::optional<RunLauncher::Place> Engine::placeFor(const Task &task, QString *error) const
{
    std::optional<RunLauncher::Place> place = task.projectId
        ? projectPlace(task, error)
        : RunLauncher::Place { m_launcher->workingDirectoryFor(task), m_launcher->outputDirectoryFor(task) };
    if (!place || !addPython(task, *place, error))
        return std::nullopt;
    const RunVariables variables = m_envVars->forRun(task.id, task.projectId);
    if (!variables.error.isEmpty()) {
        *error = variables.error;
        return std::nullopt;
    }
    place->systemVariables = variables.values;
    place->secrets = variables.secretValues;
    return place;
}

std::optional<RunLauncher::Place> Engine::projectPlace(const Task &task, QString *error) const
{
    const std::optional<Project> project = m_projects->get(*task.projectId);
    if (!project) {
        *error = u"project %1 no longer exists"_s.arg(*task.projectId);
        return std::nullopt;
    }
    if (!project->hasFiles()) {
        *error = u"project \"%1\" is not ready (%2)"_s.arg(project->name, Project::stateName(project->state));
        return std::nullopt;
    }
    // Inside the project, resolved on every run: the task's directory, else the project's.
    const ProjectFiles files(m_projects->rootOf(*project));
    ProjectFiles::Result result;
    const std::optional<QString> workingDirectory
        = files.resolve(task.workingDir.isEmpty() ? project->workingDir : task.workingDir, &result);
    if (!workingDirectory || !QFileInfo(*workingDirectory).isDir()) {
        *error = workingDirectory ? u"the working directory %1 is not a directory of project \"%2\""_s.arg(
                     task.workingDir.isEmpty() ? project->workingDir : task.workingDir, project->name)
                                  : result.message;
        return std::nullopt;
    }
    RunLauncher::Place place { *workingDirectory, m_launcher->outputDirectoryFor(task) };
    if (!project->outputDir.isEmpty()) {
        const std::optional<QString> output = files.resolve(project->outputDir, &result);
        if (!output) {
            *error = result.message;
            return std::nullopt;
        }
        place.outputDirectory = *output;
    }
    return place;
}

TaskResult Engine::createTask(Task task)
{
    const qint64 now = m_clock->nowMs();
    defaultIntervalStart(task, now);
    if (FieldErrors errors = task.validate() + referenceErrors(task); !errors.isEmpty())
        return invalid(std::move(errors));
    task.id = 0;
    task.createdAt = now;
    task.updatedAt = now;
    std::shared_ptr<const Trigger> trigger = Trigger::create(task.trigger);
    if (const std::optional<FieldError> never = neverFires(*trigger, task.trigger, now))
        return invalid({ *never });
    task.nextFireAt = task.enabled ? trigger->nextFireAfter(now) : std::nullopt;
    if (!m_tasks->create(task))
        return storeFailure(*m_tasks);
    if (task.enabled)
        m_scheduler->schedule(
            task.id, std::move(trigger), task.nextFireAt, qint64(task.misfireGraceSeconds) * 1000);
    Q_EMIT taskChanged(task.id);
    TaskResult result;
    result.task = task;
    return result;
}

TaskResult Engine::updateTask(qint64 id, const QJsonObject &changes)
{
    std::optional<Task> task = m_tasks->get(id);
    if (!task) {
        TaskResult result;
        result.status = TaskResult::Status::NotFound;
        result.message = u"task %1 does not exist"_s.arg(id);
        return result;
    }
    const Task before = *task;
    FieldErrors errors = task->applyJson(changes);
    const qint64 now = m_clock->nowMs();
    defaultIntervalStart(*task, now);
    if (errors.isEmpty())
        errors = task->validate() + referenceErrors(*task);
    if (!errors.isEmpty())
        return invalid(std::move(errors));
    task->updatedAt = now;
    // A changed schedule starts afresh from now; an unchanged one keeps its pace.
    if (task->trigger != before.trigger || task->enabled != before.enabled) {
        const std::unique_ptr<Trigger> trigger = Trigger::create(task->trigger);
        if (task->trigger != before.trigger) {
            if (const std::optional<FieldError> never = neverFires(*trigger, task->trigger, now))
                return invalid({ *never });
        }
        task->nextFireAt = task->enabled ? trigger->nextFireAfter(now) : std::nullopt;
    }
    if (!m_tasks->update(*task))
        return storeFailure(*m_tasks);
    scheduleTask(*task);
    Q_EMIT taskChanged(task->id);
    TaskResult result;
    result.task = task;
    return result;
}

TaskResult Engine::deleteTask(qint64 id)
{
    TaskResult result;
    if (!m_tasks->get(id)) {
        result.status = TaskResult::Status::NotFound;
        result.message = u"task %1 does not exist"_s.arg(id);
        return result;
    }
    if (!m_tasks->remove(id)) {
        result.status = TaskResult::Status::Error;
        result.message = m_tasks->errorString();
        return result;
    }
    m_scheduler->unschedule(id);
    if (!m_envVars->store().removeScope(EnvVar::Scope::Task, id))
        qCWarning(lcEngine) << m_envVars->store().errorString();
    Q_EMIT taskChanged(id);
    return result;
}

TaskResult Engine::setTaskEnabled(qint64 id, bool enabled)
{
    return updateTask(id, QJsonObject { { u"enabled"_s, enabled } });
}

TaskResult Engine::runTaskNow(qint64 id)
{
    TaskResult result;
    const std::optional<Task> task = m_tasks->get(id);
    if (!task) {
        result.status = TaskResult::Status::NotFound;
        result.message = u"task %1 does not exist"_s.arg(id);
        return result;
    }
    result.task = task;
    result.run = m_queue->submit(*task, m_clock->nowMs(), QString::fromUtf16(RunReason::Manual));
    if (!result.run) {
        result.status = TaskResult::Status::Error;
        result.message = m_runs->errorString();
    }
    return result;
}

bool Engine::cancelRun(qint64 runId, QString *error)
{
    return m_queue->cancel(runId, error);
}

TaskResult Engine::deleteRun(qint64 runId)
{
    TaskResult result;
    const std::optional<Run> run = m_runs->get(runId);
    if (!run) {
        result.status = TaskResult::Status::NotFound;
        result.message = u"run %1 does not exist"_s.arg(runId);
        return result;
    }
    if (isActive(run->state)) {
        result.status = TaskResult::Status::Conflict;
        result.message = u"run %1 is %2; cancel it first"_s.arg(runId).arg(runStateName(run->state));
        return result;
    }
    if (!m_runs->remove(runId)) {
        result.status = TaskResult::Status::Error;
        result.message = m_runs->errorString();
        return result;
    }
    if (!run->logPath.isEmpty())
        LogSink::remove(run->logPath);
    Q_EMIT runRemoved(runId);
    result.run = run;
    return result;
}

qint64 Engine::uptimeMs() const
{
    return m_startedAt > 0 ? m_clock->nowMs() - m_startedAt : 0;
}

void Engine::measureRun(const Run &run)
{
    if (isActive(run.state))
        return;
    ++m_metrics.runsFinished[runStateName(run.state)];
    if (run.startedAt && run.finishedAt)
        m_metrics.runDuration.observe(double(*run.finishedAt - *run.startedAt) / 1000);
}

const RunSettings &Engine::runSettings() const
{
    return m_runSettings->current();
}

bool Engine::setRunSettings(const RunSettings &settings)
{
    const RunSettings before = runSettings();
    if (!m_runSettings->apply(settings, m_clock->nowMs()))
        return false;
    applyRunSettings();
    if (m_started
        && (before.logRetentionDays != runSettings().logRetentionDays
            || before.logRetentionPerTask != runSettings().logRetentionPerTask))
        applyLogRetention();
    return true;
}

void Engine::applyRunSettings()
{
    const RunSettings &settings = runSettings();
    m_sampler->setIntervalMs(int(settings.sampleIntervalMs));
    m_launcher->setSettings({ m_config.dataDir, settings.logCapBytes, m_config.killGraceMs,
        int(settings.defaultTimeoutSeconds) });
    m_queue->setMaxConcurrent(int(settings.maxConcurrent));
}

int Engine::applyLogRetention()
{
    const RunSettings &settings = runSettings();
    const qint64 cutoff = m_clock->nowMs() - settings.logRetentionDays * 24 * 3600 * 1000;
    const QList<Run> expired = m_runs->logsBeyondRetention(cutoff, int(settings.logRetentionPerTask));
    for (const Run &run : expired) {
        LogSink::remove(run.logPath);
        if (!m_runs->purgeDetails(run.id))
            qCWarning(lcEngine) << m_runs->errorString();
    }
    if (!expired.isEmpty())
        qCInfo(lcEngine) << "log retention removed" << expired.size() << "run log(s)";
    return int(expired.size());
}

bool Engine::applyPendingRestore(const QString &databaseUrl)
{
    if (!BackupRestore::isPending(m_config.dataDir)) {
        m_appliedRestore = BackupRestore::unconfirmed(m_config.dataDir);
        return true;
    }
    QString error;
    m_appliedRestore = BackupRestore::applyPending(m_config.dataDir, databaseUrl, &error);
    if (!m_appliedRestore) {
        m_error = u"cannot finish restoring a backup: %1"_s.arg(error);
        return false;
    }
    qCInfo(lcEngine) << "restored backup" << m_appliedRestore->value(u"backup"_s).toString();
    return true;
}

BackupJob Engine::backupJob(bool includeProjects) const
{
    BackupJob job;
    job.manifest.kumoVersion = QCoreApplication::applicationVersion();
    if (includeProjects) {
        const QList<Project> projects = m_projects->list();
        for (const Project &project : projects) {
            const QString root = m_projects->rootOf(project);
            if (QFileInfo(root).isDir())
                job.projectTrees.append({ root, u"projects/"_s + QFileInfo(root).fileName(), true });
        }
    }
    const QList<Environment> environments = m_environments->list();
    for (const Environment &environment : environments) {
        const std::optional<Freeze> freeze
            = m_environments->store().freeze(environment.id, environment.freezeHash);
        job.environments.append(QJsonObject {
            { u"name"_s, environment.name },
            { u"backend"_s, Environment::backendName(environment.backend) },
            { u"pythonVersion"_s, environment.pythonVersion },
            { u"path"_s, environment.path },
            { u"freeze"_s, freeze ? freeze->text : QString() },
        });
    }
    return job;
}

RestoreResult Engine::restoreBackup(const RestoreRequest &request)
{
    RestoreResult result;
    const auto refuse = [&result](RestoreResult::Status status, const QString &message) {
        result.status = status;
        result.message = message;
        return result;
    };
    const QString archive = m_backups->pathOf(request.name);
    if (archive.isEmpty())
        return refuse(RestoreResult::Status::NotFound, u"no backup is called %1"_s.arg(request.name));
    if (m_restartPending)
        return refuse(RestoreResult::Status::Conflict, u"a restore is already waiting for Kumo to restart"_s);
    if (m_backups->isCreating() && !request.dryRun)
        return refuse(
            RestoreResult::Status::Conflict, u"a backup is being written; restore when it is done"_s);
    const QString stage = QDir(m_config.dataDir).filePath(u"restore-staging"_s);
    QString error;
    const std::optional<RestorePlan> plan
        = BackupRestore::stage(archive, stage, *m_database, *m_secretBox, &error);
    if (!plan) {
        QDir(stage).removeRecursively();
        return refuse(RestoreResult::Status::Invalid, error);
    }
    result.plan = plan->toJson();
    result.plan.insert(u"runningRuns"_s, m_queue->runningCount());
    if (request.dryRun) {
        QDir(stage).removeRecursively();
        return result;
    }
    if (!m_database->sqliteFile().isEmpty() && !onOneFileSystem(m_database->sqliteFile(), m_config.dataDir)) {
        QDir(stage).removeRecursively();
        return refuse(RestoreResult::Status::Conflict,
            u"the database file is on another file system than the data directory, so it cannot be swapped "
            "atomically; stop Kumo and copy kumo.db from the backup by hand"_s);
    }
    if (m_queue->runningCount() > 0 && !request.stopRunning) {
        QDir(stage).removeRecursively();
        return refuse(RestoreResult::Status::Conflict,
            u"%1 run(s) are running: wait for them, cancel them, or ask to stop them (stopRunning)"_s.arg(
                m_queue->runningCount()));
    }
    // The state being replaced is kept first, so that the restore itself can be undone; with
    // the projects always: after a backup without them, this is the way back to today's trees.
    const BackupOutcome snapshot = m_backups->createNow(BackupManifest::Kind::PreRestore, true);
    if (!snapshot.ok) {
        QDir(stage).removeRecursively();
        return refuse(RestoreResult::Status::Error,
            u"cannot snapshot the current state before restoring: %1"_s.arg(snapshot.error));
    }
    result.preRestoreBackup = snapshot.info.name;
    result.plan.insert(u"preRestoreBackup"_s, snapshot.info.name);
    const QJsonObject pending { { u"backup"_s, request.name }, { u"actor"_s, request.actor },
        { u"ip"_s, request.ip }, { u"requestedAt"_s, toRfc3339(m_clock->nowMs()) },
        { u"preRestoreBackup"_s, snapshot.info.name } };
    if (!BackupRestore::makePending(stage, m_config.dataDir, pending, &error)) {
        QDir(stage).removeRecursively();
        return refuse(RestoreResult::Status::Error, error);
    }
    // Nothing more is fired or started: what happens now would be lost in the swap.
    m_restartPending = true;
    m_scheduler->stop();
    m_queue->stopStarting();
    // A moment later, so that the answer to this request is on its way before connections close.
    QTimer::singleShot(kRestartDelayMs, this, [this] { Q_EMIT restartRequested(); });
    return result;
}

QJsonObject Engine::health() const
{
    const bool databaseOk = m_database && m_database->isOpen() && m_database->ping();
    const bool schedulerOk = m_scheduler && m_scheduler->isRunning();
    QJsonObject database {
        { u"ok"_s, databaseOk },
        { u"driver"_s, m_database ? m_database->driverName() : QString() },
        { u"schemaVersion"_s, databaseOk ? m_database->schemaVersion() : 0 },
    };
    const std::optional<qint64> earliest = m_scheduler ? m_scheduler->earliestFireAt() : std::nullopt;
    QJsonObject scheduler {
        { u"running"_s, schedulerOk },
        { u"scheduledTasks"_s, m_scheduler ? m_scheduler->size() : 0 },
        { u"nextFireAt"_s, earliest ? QJsonValue(toRfc3339(*earliest)) : QJsonValue() },
        { u"clockJumpDetection"_s, m_clockJumps && m_clockJumps->isActive() },
    };
    QJsonObject queue {
        { u"running"_s, m_queue ? m_queue->runningCount() : 0 },
        { u"queued"_s, m_queue ? m_queue->queuedCount() : 0 },
        { u"maxConcurrent"_s, m_queue ? m_queue->maxConcurrent() : 0 },
    };
    return {
        { u"status"_s, databaseOk && schedulerOk ? u"ok"_s : u"unhealthy"_s },
        { u"database"_s, database },
        { u"scheduler"_s, scheduler },
        { u"queue"_s, queue },
        { u"startedAt"_s, m_startedAt > 0 ? QJsonValue(toRfc3339(m_startedAt)) : QJsonValue() },
    };
}

} // namespace Kumo
