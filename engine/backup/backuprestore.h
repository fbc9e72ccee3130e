// SPDX-License-Identifier: MIT
#pragma once

#include "backup/backup.h"

#include <QJsonObject>
#include <QStringList>

#include <optional>

namespace Kumo {

class Database;
class SecretBox;

/// What restoring a backup changes, found by unpacking and checking it (the dry run's answer).
struct RestorePlan
{
    QString backup;
    BackupManifest manifest;
    int currentSchemaVersion = 0;
    QJsonObject currentCounts;
    QStringList tasksAdded; // by name: in the backup, not here
    QStringList tasksRemoved; // here, not in the backup
    int secretsUnreadable = 0; // sealed under another master key
    QStringList warnings;

    [[nodiscard]] QJsonObject toJson() const;
};

/// Restores happen in two steps. stage() unpacks a backup beside the data and checks it
/// (manifest, checksum, SQLite integrity, schema version) without touching anything in use;
/// makePending() hands the checked files to the next start, where applyPending() swaps them in
/// before the database opens. Each step can be interrupted: a restore is either not begun or
/// finished by the next start.
class BackupRestore
{
public:
    /// The manifest of a backup archive (its first entry), without unpacking the rest.
    [[nodiscard]] static std::optional<BackupManifest> readManifest(const QString &archive, QString *error);

    [[nodiscard]] static std::optional<RestorePlan> stage(const QString &archive, const QString &stageDir,
        const Database &current, const SecretBox &secrets, QString *error);
    /// Turns @p stageDir into the restore the next start applies; @p request is kept for the
    /// audit trail (who asked, from where).
    [[nodiscard]] static bool makePending(
        const QString &stageDir, const QString &dataDir, const QJsonObject &request, QString *error);
    [[nodiscard]] static bool isPending(const QString &dataDir);
    /// Swaps a pending restore in: the SQLite file of @p databaseUrl (its WAL and shared-memory
    /// files go with the old one) or the PostgreSQL database (pg_restore in one transaction,
    /// after a dump of it as it was), and, when the backup has them, the projects. Returns the
    /// request of the restore applied, nullopt when none was pending or on failure (@p error).
    [[nodiscard]] static std::optional<QJsonObject> applyPending(
        const QString &dataDir, const QString &databaseUrl, QString *error);
    /// The request of a restore that was swapped in but not confirmed yet (Kumo stopped before
    /// its database opened); nullopt when there is none.
    [[nodiscard]] static std::optional<QJsonObject> unconfirmed(const QString &dataDir);
    /// Puts back what a swapped-in restore set aside, when its database does not open.
    [[nodiscard]] static bool rollBack(const QString &dataDir, const QString &databaseUrl, QString *error);
    /// After a restore whose database opened: removes run and install logs numbered beyond the restored
    /// database's runs and operations (they belonged to records that are gone, and new records reuse those
    /// numbers), and what the swap set aside.
    static void finishApplied(const QString &dataDir, const Database &database);
};

} // namespace Kumo
