// SPDX-License-Identifier: MIT
#pragma once

#include "environments/interpreter.h"
#include "environments/interpreterstore.h"

#include <QFuture>
#include <QObject>
#include <QStringList>

#include <atomic>
#include <functional>
#include <memory>

namespace Kumo {

class Clock;
class Database;

/// The outcome of an interpreter operation, shaped for both front ends.
struct InterpreterResult
{
    enum class Status { Ok, Invalid, NotFound, Conflict, Error };
    Status status = Status::Ok;
    std::optional<Interpreter> interpreter;
    QString message;
    QStringList users; // for Conflict: environments and tasks that use it
    [[nodiscard]] bool ok() const { return status == Status::Ok; }
};

/// Every Python on the machine: discovered (PATH, /usr/bin, pyenv, conda, uv, extra paths from
/// the settings) and probed on a worker thread, or registered by path; kept in the database so
/// that environments and tasks can refer to them by id.
class InterpreterRegistry : public QObject
{
    Q_OBJECT
public:
    InterpreterRegistry(Database &database, Clock &clock, QObject *parent = nullptr);
    ~InterpreterRegistry() override;

    /// Interpreters or bin directories to look at besides the usual places (settings).
    void setExtraPaths(const QStringList &paths) { m_extraPaths = paths; }
    void setCondaExecutable(const QString &path) { m_condaExecutable = path; }

    /// Looks for interpreters again in the background; refreshed() when done. Asked while a
    /// refresh runs, another one follows it (what is on disk may have changed since it began);
    /// isRefreshing() stays true until the last one is done.
    void refresh();
    [[nodiscard]] bool isRefreshing() const { return m_refreshing; }
    /// Runs @p path, and registers it when it is a working Python ≥ 3.6; @p done is called on
    /// this object's thread (not at all if the registry is destroyed first).
    void add(const QString &path, std::function<void(const InterpreterResult &)> done);
    /// Forgets a registered interpreter; refused (Conflict) while environments or tasks use it.
    [[nodiscard]] InterpreterResult remove(qint64 id);

    [[nodiscard]] std::optional<Interpreter> get(qint64 id) const { return m_store.get(id); }
    [[nodiscard]] QList<Interpreter> list() const { return m_store.list(); }
    /// The newest available interpreter with venv support whose version starts with @p version
    /// ("3.11" or "3.11.2").
    [[nodiscard]] std::optional<Interpreter> findByVersion(const QString &version) const;
    [[nodiscard]] InterpreterStore &store() { return m_store; }

    /// Waits for background probing (tests, shutdown).
    void waitForIdle();

Q_SIGNALS:
    void refreshed(const QList<Kumo::Interpreter> &interpreters);

private:
    struct Probed
    {
        QString path;
        QString source;
        ProbeResult result;
    };
    void storeRefresh(const QList<Probed> &probed);

    InterpreterStore m_store;
    Clock &m_clock;
    QStringList m_extraPaths;
    QString m_condaExecutable;
    bool m_refreshing = false;
    bool m_refreshAgain = false;
    qint64 m_refreshStartedAt = 0;
    // Tells a refresh in progress to stop probing: destruction waits for one probe, not all.
    std::shared_ptr<std::atomic_bool> m_stopping = std::make_shared<std::atomic_bool>(false);
    QList<QFuture<void>> m_work;
};

} // namespace Kumo
