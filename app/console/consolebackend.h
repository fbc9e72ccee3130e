// SPDX-License-Identifier: MIT
#pragma once

#include "console/auditlistmodel.h"
#include "console/backupbackend.h"
#include "console/environmentlistmodel.h"
#include "console/filetreemodel.h"
#include "console/logmodel.h"
#include "console/maintenancebackend.h"
#include "console/operationlog.h"
#include "console/projectlistmodel.h"
#include "console/runlistmodel.h"
#include "console/tasklistmodel.h"
#include "console/userbackend.h"

#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QQmlEngine>
#include <QTranslator>
#include <QVariantList>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>

namespace Kumo {

class Engine;
struct MonitorSample;
struct TaskResult;

/// What the QML console sees of the engine: its models and the operations behind its buttons.
/// Every operation goes through the same Engine calls as the HTTP API and answers a map
/// {ok, message, errors: {field: message}, …} that pages show as is.
class ConsoleBackend : public QObject
{
    Q_OBJECT
    QML_NAMED_ELEMENT(Backend)
    QML_SINGLETON
    Q_PROPERTY(Kumo::TaskListModel *tasks READ tasks CONSTANT)
    Q_PROPERTY(Kumo::RunListModel *runs READ runs CONSTANT)
    Q_PROPERTY(Kumo::ProjectListModel *projects READ projects CONSTANT)
    Q_PROPERTY(Kumo::EnvironmentListModel *environments READ environments CONSTANT)
    Q_PROPERTY(Kumo::AuditListModel *audit READ audit CONSTANT)
    Q_PROPERTY(Kumo::BackupBackend *backups READ backups CONSTANT)
    Q_PROPERTY(Kumo::MaintenanceBackend *maintenance READ maintenance CONSTANT)
    Q_PROPERTY(Kumo::UserBackend *users READ users CONSTANT)
    /// Where the next start of the console serves the API and dashboard ("" for nowhere); kept
    /// in the desktop's settings. --serve and KUMO_CONSOLE_SERVE win over it.
    Q_PROPERTY(QString serveSetting READ serveSetting WRITE setServeSetting NOTIFY serveSettingChanged)
    Q_PROPERTY(QString dataDir READ dataDir CONSTANT)
    Q_PROPERTY(QString version READ version CONSTANT)
    /// Where the same engine also serves the API and dashboard; empty when it does not.
    Q_PROPERTY(QString serveUrl READ serveUrl NOTIFY serveUrlChanged)
    /// How to sign in there (the first admin's password, or where it is).
    Q_PROPERTY(QString serveHint READ serveHint NOTIFY serveUrlChanged)
    /// The system monitor's latest sample (cpuPercent, memory…, queue) and the last hour of
    /// CPU and memory use, as {at, cpu, memoryUsed} maps for the charts.
    Q_PROPERTY(QVariantMap stats READ stats NOTIFY statsChanged)
    Q_PROPERTY(QVariantList history READ history NOTIFY statsChanged)
    /// "en" or "zh_CN"; changing it retranslates the open windows.
    Q_PROPERTY(QString language READ language WRITE setLanguage NOTIFY languageChanged)
public:
    explicit ConsoleBackend(Engine &engine, QObject *parent = nullptr);
    ~ConsoleBackend() override;

    /// The singleton QML asks for: the backend the console (or a test) made over its engine
    /// and handed to setInstance() before loading any QML.
    static ConsoleBackend *create(QQmlEngine *qmlEngine, QJSEngine *jsEngine);
    static void setInstance(ConsoleBackend *backend);

    [[nodiscard]] TaskListModel *tasks() const { return m_tasks; }
    [[nodiscard]] RunListModel *runs() const { return m_runs; }
    [[nodiscard]] ProjectListModel *projects() const { return m_projects; }
    [[nodiscard]] EnvironmentListModel *environments() const { return m_environments; }
    [[nodiscard]] AuditListModel *audit() const { return m_audit; }
    [[nodiscard]] BackupBackend *backups() const { return m_backups; }
    [[nodiscard]] MaintenanceBackend *maintenance() const { return m_maintenance; }
    [[nodiscard]] UserBackend *users() const { return m_users; }
    [[nodiscard]] static QString serveSetting();
    void setServeSetting(const QString &address);
    [[nodiscard]] QString dataDir() const;
    [[nodiscard]] QString version() const;
    [[nodiscard]] QString serveUrl() const { return m_serveUrl; }
    void setServeUrl(const QString &url);
    [[nodiscard]] QString serveHint() const { return m_serveHint; }
    void setServeHint(const QString &hint);
    [[nodiscard]] QVariantMap stats() const { return m_stats; }
    [[nodiscard]] QVariantList history() const { return m_history; }
    [[nodiscard]] QString language() const { return m_language; }
    void setLanguage(const QString &language);
    /// Who the audit trail names for the console's actions (Console::actor()).
    [[nodiscard]] static QString actor();
    /// The QML engine to retranslate when the language changes.
    void setQmlEngine(QQmlEngine *engine) { m_qmlEngine = engine; }
    /// The language of the system's locale when Kumo has it ("zh_CN"), else "en".
    [[nodiscard]] static QString systemLanguage();

    /// A new log model for one run's page (owned by the caller's QML item).
    Q_INVOKABLE Kumo::LogModel *createLogModel(qint64 runId, QObject *owner);
    /// A new run list for one task's page.
    Q_INVOKABLE Kumo::RunListModel *createRunModel(qint64 taskId, QObject *owner);

    /// A new file tree of project @p projectId (owned by @p owner).
    Q_INVOKABLE Kumo::FileTreeModel *createFileTree(qint64 projectId, QObject *owner);
    /// A project from the ZIP (or tar) at @p archivePath, which is copied, not moved; it is
    /// unpacked in the background: {ok, id} or {ok: false, message, errors}.
    Q_INVOKABLE QVariantMap importProject(const QString &name, const QString &archivePath);
    /// Refused while tasks use it (they are named).
    Q_INVOKABLE QVariantMap deleteProject(qint64 id);
    /// The project as the API shows it, or an empty map.
    Q_INVOKABLE QVariantMap project(qint64 id) const;
    /// A text file of a project: {ok, text, encoding} or {ok: false, message} (binary files and
    /// files over 2 MiB are refused, as in the API).
    Q_INVOKABLE QVariantMap readFile(qint64 projectId, const QString &path) const;
    /// Saves @p text in @p encoding (as read), atomically: {ok} or {ok: false, message}.
    Q_INVOKABLE QVariantMap writeFile(
        qint64 projectId, const QString &path, const QString &text, const QString &encoding);

    /// The Python interpreters found on this machine: [{id, label}] for a chooser.
    Q_INVOKABLE QVariantList interpreters() const;
    /// Every interpreter as the API shows it, with "usedBy" (names of environments).
    Q_INVOKABLE QVariantList interpreterDetails() const;
    /// Looks for interpreters again in the background; interpretersChanged() when done.
    Q_INVOKABLE void refreshInterpreters();
    /// Adds the Python at @p path once it answers; interpretersChanged() and the outcome follow
    /// in interpreterAdded(ok, message).
    Q_INVOKABLE void addInterpreter(const QString &path);
    /// A venv of interpreter @p interpreterId: {ok, id, operationId} (it is made in the
    /// background; follow createOperationLog(operationId)).
    Q_INVOKABLE QVariantMap createEnvironment(const QString &name, qint64 interpreterId);
    /// A conda environment of Python @p pythonVersion ("3.12"), made with the conda, mamba or
    /// micromamba found (see pythonSettings()); answers as createEnvironment().
    Q_INVOKABLE QVariantMap createCondaEnvironment(const QString &name, const QString &pythonVersion);
    /// {condaExecutable (the one set, or ""), condaFound (the one in use, or "" when none)}.
    Q_INVOKABLE QVariantMap pythonSettings() const;
    /// Uses the conda-like executable at @p path ("" to look for one): {ok, condaFound}.
    Q_INVOKABLE QVariantMap setCondaExecutable(const QString &path);
    /// The projects whose requirements file can be installed: [{id, name, requirementsFile}],
    /// the file being the one found where its tasks run (else "requirements.txt").
    Q_INVOKABLE QVariantList requirementsChoices() const;
    /// Installs (or upgrades) from a requirements file: @p source is {projectId, path} (a file of
    /// a project, checked as the API checks it) or {file} (a path or file:// URL on this
    /// computer): {ok, operationId} or {ok: false, message, errors}.
    Q_INVOKABLE QVariantMap installRequirements(
        qint64 environmentId, const QVariantMap &source, bool upgrade);
    Q_INVOKABLE QVariantMap deleteEnvironment(qint64 id);
    /// install, upgrade or uninstall the packages in @p specifiers (split on spaces, commas and
    /// new lines): {ok, operationId} or {ok: false, message}.
    Q_INVOKABLE QVariantMap changePackages(
        qint64 environmentId, const QString &action, const QString &specifiers);
    Q_INVOKABLE Kumo::PackageListModel *createPackageModel(qint64 environmentId, QObject *owner);
    Q_INVOKABLE Kumo::OperationLog *createOperationLog(qint64 operationId, QObject *owner);
    Q_INVOKABLE QVariantMap environment(qint64 id) const;

    /// The system environment variables as the API shows them (a secret's value is the mask),
    /// with scopeKey ("global", "project:3", "task:7") and scopeName (the project or task).
    Q_INVOKABLE QVariantList variables() const;
    /// Where a variable can apply: [{key, type, id, name}], global first, then every project
    /// and every task.
    Q_INVOKABLE QVariantList variableScopes() const;
    /// Creates (@p id 0) or changes a variable: {name, value, secret, description, scope:
    /// {type, id}} (global when left out); a secret's value left as the mask is kept.
    /// {ok, id} or {ok: false, message, errors}.
    Q_INVOKABLE QVariantMap saveVariable(qint64 id, const QVariantMap &fields);
    Q_INVOKABLE QVariantMap deleteVariable(qint64 id);
    /// The PyPI mirror: {indexUrl} with a password in it masked.
    Q_INVOKABLE QVariantMap pypi() const;
    Q_INVOKABLE QVariantMap setPypiIndexUrl(const QString &url);

    /// The task as the API shows it (trigger included), or an empty map.
    Q_INVOKABLE QVariantMap task(qint64 id) const;
    Q_INVOKABLE QVariantMap run(qint64 id) const;
    /// The CPU and memory timeline of a run: [{at, cpu, rss}], oldest first.
    Q_INVOKABLE QVariantList runSamples(qint64 runId) const;
    /// @p fields as in the API's POST /api/tasks; answers {ok, id | errors, message}.
    Q_INVOKABLE QVariantMap createTask(const QVariantMap &fields);
    Q_INVOKABLE QVariantMap updateTask(qint64 id, const QVariantMap &changes);
    Q_INVOKABLE QVariantMap deleteTask(qint64 id);
    Q_INVOKABLE QVariantMap setTaskEnabled(qint64 id, bool enabled);
    /// Queues a run now; {ok, runId} or {ok: false, message}.
    Q_INVOKABLE QVariantMap runTask(qint64 id);
    Q_INVOKABLE QVariantMap cancelRun(qint64 runId);
    /// The next @p count (at most 400) fires of @p trigger (the API's trigger object): {ok, fires: [{at,
    /// local, offsetChanged}]} or {ok: false, message, errors}.
    Q_INVOKABLE QVariantMap previewTrigger(const QVariantMap &trigger, int count) const;

Q_SIGNALS:
    void serveUrlChanged();
    void statsChanged();
    void languageChanged();
    void serveSettingChanged();
    void interpretersChanged();
    void interpreterAdded(bool ok, const QString &message);

private:
    static constexpr qint64 kMaxEditableBytes = 2 * 1024 * 1024; // as the API's editor
    static constexpr qint64 kMaxImportBytes = 1024LL * 1024 * 1024; // the API's default upload limit
    static constexpr qint64 kMaxRequirementsBytes = 1024 * 1024; // what the API reads of one
    [[nodiscard]] static QVariantMap answer(const TaskResult &result);
    [[nodiscard]] QVariantMap statsOf(const MonitorSample &sample) const;
    QVariantMap saveFile(qint64 projectId, const QString &path, const QString &text, const QString &encoding);
    /// Creates an environment from the API's fields, audited as the API does.
    QVariantMap createFrom(const QJsonObject &fields);
    /// Records @p action in the audit trail as the API does, with the desktop user as actor
    /// and "local" as address; the outcome follows @p answer. Returns @p answer.
    QVariantMap audited(const QString &action, const QString &targetType, const QVariant &targetId,
        const QVariantMap &answer, const QJsonObject &details = {});
    void takeSample();

    Engine &m_engine;
    TaskListModel *m_tasks = nullptr;
    RunListModel *m_runs = nullptr;
    ProjectListModel *m_projects = nullptr;
    EnvironmentListModel *m_environments = nullptr;
    AuditListModel *m_audit = nullptr;
    BackupBackend *m_backups = nullptr;
    MaintenanceBackend *m_maintenance = nullptr;
    UserBackend *m_users = nullptr;
    QString m_serveUrl;
    QString m_serveHint;
    QVariantMap m_stats;
    QVariantList m_history;
    QString m_language = QStringLiteral("en");
    QTranslator m_translator;
    QPointer<QQmlEngine> m_qmlEngine;
};

} // namespace Kumo
