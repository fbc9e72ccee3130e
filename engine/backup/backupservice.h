// SPDX-License-Identifier: MIT
#pragma once

#include "backup/backupwriter.h"

#include <QFuture>
#include <QHash>
#include <QObject>
#include <QSet>

#include <functional>
#include <optional>

class QTimer;

namespace Kumo {

class Clock;
class Database;
class SettingsStore;

/// The archives in DATA_DIR/backups: makes them (on a worker thread, one at a time), lists
/// and deletes them, and makes automatic ones on a cron schedule, keeping the newest few.
class BackupService : public QObject
{
    Q_OBJECT
public:
    /// Gathers what a backup of @p kind holds besides the database (projects, environments).
    using JobProvider = std::function<BackupJob(BackupManifest::Kind kind, bool includeProjects)>;

    BackupService(const Database &database, Clock &clock, SettingsStore &settings, const QString &dataDir,
        QObject *parent = nullptr);
    ~BackupService() override;

    void setJobProvider(JobProvider provider) { m_jobProvider = std::move(provider); }
    [[nodiscard]] QString directory() const { return m_directory; }

    /// Newest first; the one being written is listed with `creating`.
    [[nodiscard]] QList<BackupInfo> list() const;
    [[nodiscard]] std::optional<BackupInfo> info(const QString &name) const;
    /// The archive's path; empty when @p name is not one of ours or does not exist.
    [[nodiscard]] QString pathOf(const QString &name) const;
    [[nodiscard]] bool remove(const QString &name, QString *error);

    /// Starts a backup on a worker thread and returns its name; nullopt (and why) when one is
    /// already being written. finished() tells how it went.
    [[nodiscard]] std::optional<QString> create(
        BackupManifest::Kind kind, bool includeProjects, QString *error);
    /// Writes a backup on the calling thread (the snapshot before a restore).
    [[nodiscard]] BackupOutcome createNow(BackupManifest::Kind kind, bool includeProjects);
    [[nodiscard]] bool isCreating() const { return !m_creating.isEmpty(); }
    /// Whether the backup being written packs the folder @p directory (it must stay).
    [[nodiscard]] bool isPacking(const QString &directory) const { return m_packing.contains(directory); }

    [[nodiscard]] BackupSchedule schedule() const { return m_schedule; }
    [[nodiscard]] bool setSchedule(const BackupSchedule &schedule);
    /// The next automatic backup, when the schedule is on.
    [[nodiscard]] std::optional<qint64> nextAutomaticAt() const;
    void start();
    void stop();
    /// Makes the automatic backup when it is due (the timer calls this; so can tests).
    void checkSchedule();
    /// Reads the schedule again (after a restore).
    void reload();

Q_SIGNALS:
    void started(const QString &name);
    void finished(const Kumo::BackupOutcome &outcome);
    void removed(const QString &name);

private:
    void onWritten(const BackupOutcome &outcome, bool automatic);
    void pruneAutomatic();
    void arm();
    [[nodiscard]] BackupJob jobFor(BackupManifest::Kind kind, bool includeProjects) const;

    const Database &m_database;
    Clock &m_clock;
    SettingsStore &m_settings;
    QString m_directory;
    JobProvider m_jobProvider;
    QString m_creating; // name of the backup being written
    QHash<QString, QString> m_failed; // recent backups that failed → why
    QSet<QString> m_packing; // project trees the backup being written packs
    BackupSchedule m_schedule;
    std::optional<qint64> m_nextAutomatic;
    QTimer *m_timer = nullptr;
    QFuture<BackupOutcome> m_writing;
    bool m_running = false;
};

} // namespace Kumo
