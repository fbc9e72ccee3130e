// SPDX-License-Identifier: MIT
#pragma once

#include "core/fielderror.h"

#include <QJsonObject>
#include <QString>

#include <optional>

namespace Kumo {

/// What a backup archive says about itself (its first entry, `manifest.json`).
struct BackupManifest
{
    static constexpr int kFormatVersion = 1;
    enum class Kind { Manual, Automatic, PreRestore };

    Kind kind = Kind::Manual;
    qint64 createdAt = 0;
    QString kumoVersion;
    int schemaVersion = 0;
    bool includesProjects = false;
    QString databaseFormat = QStringLiteral("sqlite"); // or "pg_dump"
    QString databaseSha256; // of the database entry (databaseEntry())
    QJsonObject counts; // table → rows, to compare before a restore

    /// `kumo.db` (a SQLite file) or `kumo.pgdump` (pg_dump's custom format).
    [[nodiscard]] QString databaseEntry() const;
    [[nodiscard]] QJsonObject toJson() const;
    [[nodiscard]] static std::optional<BackupManifest> fromJson(const QJsonObject &json, QString *error);
};

[[nodiscard]] QString backupKindName(BackupManifest::Kind kind);

/// One archive in DATA_DIR/backups, as the API lists it.
struct BackupInfo
{
    QString name; // the file name: kumo-20261203T193500Z[-auto|-pre-restore].zip
    qint64 sizeBytes = 0;
    std::optional<BackupManifest> manifest; // empty when the archive cannot be read
    QString error; // why not
    bool creating = false; // being written
    bool failed = false; // writing it failed (error says why)

    [[nodiscard]] QJsonObject toJson() const;
};

/// Whether @p name is one of ours (and so a plain file name inside the backups folder).
[[nodiscard]] bool isBackupName(const QString &name);
[[nodiscard]] QString backupName(qint64 createdAtMs, BackupManifest::Kind kind);

/// Automatic backups: group `backups` of /api/settings.
struct BackupSchedule
{
    bool enabled = false;
    QString cron = QStringLiteral("0 3 * * *");
    QString timezone; // empty: the server's
    qint64 keep = 7; // automatic backups kept; older ones are deleted
    bool includeProjects = true;

    [[nodiscard]] QJsonObject toJson() const;
    [[nodiscard]] static std::optional<BackupSchedule> fromJson(
        const QJsonObject &json, const BackupSchedule &base, FieldErrors *errors);
};

} // namespace Kumo
