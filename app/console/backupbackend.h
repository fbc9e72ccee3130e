// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>
#include <QUrl>
#include <QVariantList>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>

namespace Kumo {

class Engine;

/// The backups page's side of the engine: the archives in DATA_DIR/backups, making one,
/// deleting one, and restoring one: first the dry run's report, then the restore itself, which
/// the engine applies at its next start (the console stops for it, as `kumo console` does).
/// Every change is audited as the API's backup routes are.
class BackupBackend : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("from Backend.backups")
    /// Newest first: {name, path, sizeBytes, state (creating, ready, failed, unreadable), kind,
    /// createdAt, kumoVersion, schemaVersion, includesProjects, counts, error}.
    Q_PROPERTY(QVariantList backups READ backups NOTIFY backupsChanged)
    /// Whether a backup is being written (only one at a time).
    Q_PROPERTY(bool creating READ isCreating NOTIFY backupsChanged)
    Q_PROPERTY(QString directory READ directory CONSTANT)
    Q_PROPERTY(QUrl directoryUrl READ directoryUrl CONSTANT)
    /// A restore waits for the next start: nothing more can change.
    Q_PROPERTY(bool restartPending READ isRestartPending NOTIFY restartPendingChanged)
public:
    explicit BackupBackend(Engine &engine, QObject *parent = nullptr);

    [[nodiscard]] QVariantList backups() const { return m_backups; }
    [[nodiscard]] bool isCreating() const;
    [[nodiscard]] QString directory() const;
    [[nodiscard]] QUrl directoryUrl() const { return QUrl::fromLocalFile(directory()); }
    [[nodiscard]] bool isRestartPending() const;

    /// Starts a backup in the background: {ok, name} or {ok: false, message}.
    Q_INVOKABLE QVariantMap create(bool includeProjects);
    Q_INVOKABLE QVariantMap remove(const QString &name);
    /// The dry run: {ok, plan: {counts: {table: {current, backup}}, tasksAdded, tasksRemoved,
    /// secretsUnreadable, warnings, runningRuns, includesProjects, …}}; nothing changes.
    Q_INVOKABLE QVariantMap plan(const QString &name);
    /// Snapshots the current state, hands backup @p name to the next start and asks the engine
    /// to stop for it: {ok, preRestoreBackup} or {ok: false, message}. Running runs refuse it
    /// unless @p stopRunning.
    Q_INVOKABLE QVariantMap restore(const QString &name, bool stopRunning);
    /// Reads the list again.
    Q_INVOKABLE void reload();

Q_SIGNALS:
    void backupsChanged();
    void restartPendingChanged();
    /// A backup started by anyone (the console, the API, the schedule) is written or failed.
    void finished(const QString &name, bool ok, const QString &error);

private:
    [[nodiscard]] QVariantMap restoreAnswer(const QString &name, bool dryRun, bool stopRunning);

    Engine &m_engine;
    QVariantList m_backups;
};

} // namespace Kumo
