// SPDX-License-Identifier: MIT
#pragma once

#include "backup/backup.h"
#include "projects/archiveextractor.h"

#include <QJsonArray>

namespace Kumo {

/// What one backup holds, gathered on the engine's thread before the writer runs.
struct BackupJob
{
    QString databaseFile; // the SQLite file; empty for PostgreSQL
    QString databaseUrl; // PostgreSQL: dumped with pg_dump (schema version and counts set by the caller)
    QString backupsDir;
    BackupManifest manifest; // kind, createdAt, kumoVersion and includesProjects set
    QList<ArchiveExtractor::ZipSource> projectTrees; // {current tree, "projects/ID.REV"}
    QJsonArray environments; // per environment: name, backend, python, freeze
};

struct BackupOutcome
{
    bool ok = false;
    QString error;
    BackupInfo info;
};

} // namespace Kumo

Q_DECLARE_METATYPE(Kumo::BackupOutcome)

namespace Kumo {

/// Writes one backup archive; thread-safe, meant for a worker thread. The database is copied
/// with SQLite's `VACUUM INTO`, a consistent snapshot taken while Kumo keeps writing. The ZIP
/// holds `manifest.json` first, then `kumo.db`, `environments.json` and the projects' current
/// files. It appears under its name only once complete.
class BackupWriter
{
public:
    [[nodiscard]] static BackupOutcome write(const BackupJob &job);
};

/// The SHA-256 of a file in hex; empty when it cannot be read.
[[nodiscard]] QString fileSha256(const QString &path);

} // namespace Kumo
