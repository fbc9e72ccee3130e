// SPDX-License-Identifier: MIT
#pragma once

#include "core/fielderror.h"
#include "environments/commandsequence.h"
#include "environments/environment.h"
#include "environments/environmentstore.h"
#include "environments/packageindex.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QSet>

#include <functional>
#include <optional>

namespace Kumo {

class Clock;
class Database;
class InterpreterRegistry;
class SettingsStore;

/// The outcome of an environment operation, shaped for both front ends.
struct EnvResult
{
    enum class Status { Ok, Invalid, NotFound, Conflict, Error };
    Status status = Status::Ok;
    std::optional<Environment> environment;
    std::optional<EnvOperation> operation;
    FieldErrors errors;
    QString message;
    QStringList tasks; // for Conflict: the tasks that use the environment
    [[nodiscard]] bool ok() const { return status == Status::Ok; }
};

/// The packages installed in an environment, or why they could not be listed.
struct PackageList
{
    bool ok = false;
    QJsonArray packages; // [{"name","version"}]
    QString error;
};

/// Python environments under DATA_DIR/envs: created from an interpreter with venv (or with
/// conda, mamba or micromamba for a Python version), changed by package operations that run one
/// at a time per environment in the background, each with its log in DATA_DIR/logs/install,
/// and deleted. After every change it records `pip freeze` (once per distinct text), so that a
/// run can say which packages it ran with.
class EnvironmentService : public QObject
{
    Q_OBJECT
public:
    EnvironmentService(Database &database, Clock &clock, InterpreterRegistry &interpreters,
        SettingsStore &settings, QString dataDir, QObject *parent = nullptr);
    ~EnvironmentService() override;

    /// {"name", "backend": "venv"|"conda", "interpreterId" | "pythonVersion"}: the environment
    /// in state creating and its create operation, queued.
    [[nodiscard]] EnvResult create(const QJsonObject &json, const QString &actor);
    /// Queues installing, upgrading or uninstalling @p packages (and, for install and upgrade,
    /// `-r` @p requirementsFile, an absolute path the caller has checked).
    [[nodiscard]] EnvResult change(qint64 id, EnvOperation::Kind kind, const QStringList &packages,
        const QString &requirementsFile, const QString &actor);
    /// Cancels its operations, deletes its files, creates it again and reinstalls its last
    /// freeze: for an environment that is stuck or broken.
    [[nodiscard]] EnvResult reset(qint64 id, const QString &actor);
    /// Deletes it with its files (in the background; environmentRemoved() follows); refused
    /// (Conflict) while tasks use it.
    [[nodiscard]] EnvResult remove(qint64 id);
    /// Cancels a queued operation, or kills the process tree of a running one.
    [[nodiscard]] EnvResult cancelOperation(qint64 operationId);
    /// Lists the installed packages (pip list, or conda list for conda environments) in the
    /// background; @p done runs on this object's thread.
    void listPackages(qint64 id, std::function<void(const PackageList &)> done);

    [[nodiscard]] std::optional<Environment> get(qint64 id) const { return m_store.get(id); }
    [[nodiscard]] QList<Environment> list() const { return m_store.list(); }
    [[nodiscard]] EnvironmentStore &store() { return m_store; }
    [[nodiscard]] QString logPathOf(qint64 operationId) const;

    /// The PyPI mirror settings applied to every install (stored; default from PIP_INDEX_URL).
    [[nodiscard]] PackageIndex packageIndex() const;
    [[nodiscard]] bool setPackageIndex(const PackageIndex &index);
    /// Where Python comes from besides discovery: a conda-like executable to use, and extra
    /// interpreters or bin directories to look at (stored; applied to the interpreter registry).
    struct PythonSettings
    {
        QString condaExecutable; // empty: micromamba, mamba or conda found on the machine
        QStringList interpreterPaths;
        [[nodiscard]] QJsonObject toJson() const;
        [[nodiscard]] static std::optional<PythonSettings> fromJson(
            const QJsonObject &json, const PythonSettings &base, FieldErrors *errors);
    };
    [[nodiscard]] PythonSettings pythonSettings() const;
    [[nodiscard]] bool setPythonSettings(const PythonSettings &settings);
    /// The conda-like executable in use; empty when none.
    [[nodiscard]] QString condaExecutable() const;
    /// Tells whether a run uses something inside a directory (set by the engine): an
    /// environment in use is not reset or deleted under it.
    void setInUse(std::function<bool(const QString &directory)> inUse) { m_inUse = std::move(inUse); }
    /// Seconds one command of an operation may take before its tree is killed.
    void setStepTimeoutMs(int ms) { m_stepTimeoutMs = ms; }

    /// Marks environment @p id failed with @p reason (its directory is gone): runs then fail
    /// with that reason instead of falling through to another python. Reset rebuilds it.
    [[nodiscard]] bool markBroken(qint64 id, const QString &reason);

    /// Waits until no operation is queued or running (tests).
    [[nodiscard]] bool isIdle() const { return m_running.isEmpty() && m_deleting.isEmpty(); }

Q_SIGNALS:
    void environmentChanged(const Kumo::Environment &environment);
    void environmentRemoved(qint64 environmentId);
    void operationChanged(const Kumo::EnvOperation &operation);
    /// Text appended to an operation's log.
    void operationOutput(qint64 operationId, qint64 environmentId, const QByteArray &text);

private:
    [[nodiscard]] EnvResult queue(Environment environment, EnvOperation operation);
    void startNext(qint64 environmentId);
    /// Drops the operations waiting for @p environmentId, recording them cancelled with @p reason.
    void cancelQueued(qint64 environmentId, const QString &reason);
    [[nodiscard]] QList<CommandSequence::Step> stepsFor(
        const Environment &environment, const EnvOperation &operation);
    void finishOperation(qint64 environmentId, const CommandSequence::Result &result);
    void recordFreeze(Environment &environment, const QByteArray &text);
    void deleteFiles(const Environment &environment);
    void setState(Environment &environment, Environment::State state);
    void recoverInterrupted();
    [[nodiscard]] QProcessEnvironment processEnvironment(const Environment &environment) const;
    void applyPythonSettings(const PythonSettings &settings);

    struct Listing
    {
        bool running = false;
        QString freezeHash; // of the environment when it was listed
        PackageList result;
        QList<std::function<void(const PackageList &)>> waiting;
    };
    struct Running
    {
        EnvOperation operation;
        QPointer<CommandSequence> sequence;
    };

    EnvironmentStore m_store;
    Clock &m_clock;
    InterpreterRegistry &m_interpreters;
    SettingsStore &m_settings;
    QString m_dataDir;
    QString m_condaExecutable;
    int m_stepTimeoutMs = 60 * 60 * 1000;
    QHash<qint64, QList<EnvOperation>> m_queued; // per environment, in order
    QHash<qint64, Running> m_running; // per environment
    QSet<qint64> m_deleting;
    QHash<qint64, Listing> m_listings;
    std::function<bool(const QString &)> m_inUse;
};

} // namespace Kumo
