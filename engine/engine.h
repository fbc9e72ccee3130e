// SPDX-License-Identifier: MIT
#pragma once

#include "core/fielderror.h"
#include "execution/run.h"
#include "execution/runlauncher.h"
#include "projects/archiveextractor.h"
#include "scheduling/task.h"
#include "security/passwordhasher.h"
#include "system/metrics.h"
#include "system/runsettings.h"

#include <QJsonObject>
#include <QObject>

#include <memory>
#include <optional>

class QTimer;

namespace Kumo {

class AuditLog;
class BackupService;
class SystemMonitor;
struct BackupJob;
class Authenticator;
class Clock;
class ProjectService;
class SettingsStore;
class SecretBox;
class EnvVarService;
class InterpreterRegistry;
class EnvironmentService;
class ClockJumpDetector;
class DataDirLock;
class Database;
class ResourceSampler;
class RunLauncher;
class RunQueue;
class RunStore;
class Scheduler;
class TaskStore;
struct PlannedFire;

/// Everything Kumo::Engine needs to know at start. The caller resolves command line >
/// environment > defaults (DESIGN §3); the engine puts stored settings between the last two.
struct EngineConfig
{
    QString dataDir = QStringLiteral("data");
    QString databaseUrl; // empty: SQLite at dataDir/kumo.db
    QString secretKey; // KUMO_SECRET_KEY; empty: DATA_DIR/secret.key or the keychain
    bool useKeychain = false; // keep the master key in the desktop's keychain when one is reachable
    RunSettings runs; // defaults under the stored settings, and the values of pinned fields
    QHash<QString, QString> pinnedRunSettings; // field → the option or variable that set it
    int killGraceMs = 5000;
    ExtractionLimits extractionLimits; // what a project archive may unpack to
    Clock *clock = nullptr; // null: the system clock
    PasswordHasher::Cost passwordCost = PasswordHasher::Cost::Interactive;
};

/// The outcome of a task operation, shaped for both front ends.
struct TaskResult
{
    enum class Status { Ok, Invalid, NotFound, Conflict, Error };
    Status status = Status::Ok;
    std::optional<Task> task;
    std::optional<Run> run;
    FieldErrors errors;
    QString message;
    [[nodiscard]] bool ok() const { return status == Status::Ok; }
};

/// A restore of a backup (dry run by default).
struct RestoreRequest
{
    QString name;
    bool dryRun = true;
    bool stopRunning = false; // else running runs refuse the restore
    QString actor;
    QString ip;
};

struct RestoreResult
{
    enum class Status { Ok, NotFound, Invalid, Conflict, Error };
    Status status = Status::Ok;
    QString message;
    QJsonObject plan; // what it changes (RestorePlan)
    QString preRestoreBackup; // the snapshot taken before a real restore
};

/// The engine: owns storage, scheduler and execution, and offers the task operations both
/// front ends use. It runs on the thread that created it.
class Engine : public QObject
{
    Q_OBJECT
public:
    explicit Engine(QObject *parent = nullptr);
    ~Engine() override;

    /// Locks the data directory, opens the database and applies migrations.
    [[nodiscard]] bool open(const EngineConfig &config);
    [[nodiscard]] QString errorString() const { return m_error; }
    /// Recovers interrupted runs, restores the queue and starts the scheduler.
    void start();
    /// Stops scheduling, lets running runs finish for @p graceMs, then terminates them;
    /// emits stopped() when everything is recorded.
    void shutdown(int graceMs);
    [[nodiscard]] bool isStarted() const { return m_started; }
    /// Milliseconds since start(); 0 before.
    [[nodiscard]] qint64 uptimeMs() const;

    [[nodiscard]] TaskResult createTask(Task task);
    [[nodiscard]] TaskResult updateTask(qint64 id, const QJsonObject &changes);
    [[nodiscard]] TaskResult deleteTask(qint64 id);
    [[nodiscard]] TaskResult setTaskEnabled(qint64 id, bool enabled);
    [[nodiscard]] TaskResult runTaskNow(qint64 id);
    [[nodiscard]] bool cancelRun(qint64 runId, QString *error = nullptr);
    /// Deletes a finished run with its log and resource timeline; an active run is a Conflict.
    [[nodiscard]] TaskResult deleteRun(qint64 runId);
    /// The run settings in force (stored settings under pinned ones).
    [[nodiscard]] const RunSettings &runSettings() const;
    [[nodiscard]] RunSettingsResolver &runSettingsResolver() const { return *m_runSettings; }
    /// Stores @p settings and applies them at once: concurrency, timeouts, log cap, sampling,
    /// retention.
    [[nodiscard]] bool setRunSettings(const RunSettings &settings);
    /// Deletes run logs beyond the retention settings; returns how many were removed.
    int applyLogRetention();

    /// Checks backup @p request.name and reports what restoring it changes; unless it is a dry
    /// run, also snapshots the current state, hands the backup to the next start and asks for
    /// that restart (restartRequested()).
    [[nodiscard]] RestoreResult restoreBackup(const RestoreRequest &request);
    /// A restore waits for the restart: no more changes are taken.
    [[nodiscard]] bool isRestartPending() const { return m_restartPending; }

    /// State for `GET /api/health`.
    [[nodiscard]] QJsonObject health() const;

    [[nodiscard]] const EngineConfig &config() const { return m_config; }
    [[nodiscard]] Clock &clock() const { return *m_clock; }
    [[nodiscard]] Database &database() const { return *m_database; }
    [[nodiscard]] TaskStore &tasks() const { return *m_tasks; }
    [[nodiscard]] RunStore &runs() const { return *m_runs; }
    [[nodiscard]] Scheduler &scheduler() const { return *m_scheduler; }
    [[nodiscard]] RunQueue &queue() const { return *m_queue; }
    [[nodiscard]] ResourceSampler &sampler() const { return *m_sampler; }
    [[nodiscard]] RunLauncher &launcher() const { return *m_launcher; }
    [[nodiscard]] Authenticator &auth() const { return *m_auth; }
    [[nodiscard]] AuditLog &audit() const { return *m_audit; }
    [[nodiscard]] ProjectService &projects() const { return *m_projects; }
    [[nodiscard]] SettingsStore &settings() const { return *m_settings; }
    [[nodiscard]] InterpreterRegistry &interpreters() const { return *m_interpreters; }
    [[nodiscard]] EnvironmentService &environments() const { return *m_environments; }
    [[nodiscard]] EnvVarService &envVars() const { return *m_envVars; }
    [[nodiscard]] SecretBox &secretBox() const { return *m_secretBox; }
    [[nodiscard]] BackupService &backups() const { return *m_backups; }
    [[nodiscard]] SystemMonitor &monitor() const { return *m_monitor; }
    [[nodiscard]] const EngineMetrics &metrics() const { return m_metrics; }

Q_SIGNALS:
    void runChanged(const Kumo::Run &run);
    /// A run was deleted with its log (deleteRun, data maintenance). Retention keeps the run and
    /// only forgets its log, so it does not emit this.
    void runRemoved(qint64 runId);
    /// A task was created, changed or deleted through the engine (not: its next fire time).
    void taskChanged(qint64 taskId);
    void stopped();
    /// The engine must be stopped and opened again (a restore is waiting for it).
    void restartRequested();

private:
    void scheduleTask(const Task &task);
    /// Whether the project, environment and interpreter a task names exist (and its working
    /// directory stays inside its project).
    [[nodiscard]] FieldErrors referenceErrors(const Task &task) const;
    /// Where a run of @p task finds Python: its environment or interpreter on PATH.
    [[nodiscard]] bool addPython(const Task &task, RunLauncher::Place &place, QString *error) const;
    [[nodiscard]] std::optional<RunLauncher::Place> placeFor(const Task &task, QString *error) const;
    /// The place of a run of a task with a project: inside the project's current files.
    [[nodiscard]] std::optional<RunLauncher::Place> projectPlace(const Task &task, QString *error) const;
    void onFired(qint64 taskId, const PlannedFire &fire);
    void applyRunSettings();
    void measureRun(const Run &run);
    [[nodiscard]] BackupJob backupJob(bool includeProjects) const;
    /// Swaps in a restore asked for before the last stop; false when that fails.
    [[nodiscard]] bool applyPendingRestore(const QString &databaseUrl);
    void finishShutdown();

    EngineConfig m_config;
    Clock *m_clock = nullptr;
    std::unique_ptr<DataDirLock> m_lock;
    std::unique_ptr<Database> m_database;
    std::unique_ptr<TaskStore> m_tasks;
    std::unique_ptr<RunStore> m_runs;
    std::unique_ptr<Authenticator> m_auth;
    AuditLog *m_audit = nullptr;
    ProjectService *m_projects = nullptr;
    std::unique_ptr<SettingsStore> m_settings;
    std::unique_ptr<RunSettingsResolver> m_runSettings;
    InterpreterRegistry *m_interpreters = nullptr;
    EnvironmentService *m_environments = nullptr;
    std::unique_ptr<SecretBox> m_secretBox;
    std::unique_ptr<EnvVarService> m_envVars;
    BackupService *m_backups = nullptr;
    SystemMonitor *m_monitor = nullptr;
    EngineMetrics m_metrics;
    std::optional<QJsonObject> m_appliedRestore; // the request of a restore swapped in at open
    Scheduler *m_scheduler = nullptr;
    ResourceSampler *m_sampler = nullptr;
    RunLauncher *m_launcher = nullptr;
    RunQueue *m_queue = nullptr;
    ClockJumpDetector *m_clockJumps = nullptr;
    QTimer *m_retentionTimer = nullptr;
    QString m_error;
    bool m_started = false;
    bool m_stopping = false;
    bool m_restartPending = false;
    qint64 m_startedAt = 0;
};

} // namespace Kumo
