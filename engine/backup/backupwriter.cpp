// SPDX-License-Identifier: MIT
#include "backup/backupwriter.h"

#include "backup/databasefile.h"
#include "backup/postgrestools.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QScopeGuard>

using namespace Qt::StringLiterals;

namespace Kumo {

namespace {

bool writeJson(const QString &path, const QJsonDocument &document, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(document.toJson()) < 0 || !file.flush()) {
        *error = u"cannot write %1: %2"_s.arg(path, file.errorString());
        return false;
    }
    return true;
}

} // namespace

QString fileSha256(const QString &path)
{
    QFile file(path);
    QCryptographicHash hash(QCryptographicHash::Sha256);
    if (!file.open(QIODevice::ReadOnly) || !hash.addData(&file))
        return {};
    return QString::fromLatin1(hash.result().toHex());
}

BackupOutcome BackupWriter::write(const BackupJob &job)
{
    BackupOutcome outcome;
    BackupManifest manifest = job.manifest;
    const QString name = backupName(manifest.createdAt, manifest.kind);
    const QDir backups(job.backupsDir);
    const QString stage = backups.filePath(u".staging-"_s + name);
    const auto removeStage = qScopeGuard([&] { QDir(stage).removeRecursively(); });
    QDir(stage).removeRecursively();
    if (!QDir().mkpath(stage + u"/meta"_s) || !QDir().mkpath(stage + u"/data"_s)) {
        outcome.error = u"cannot create %1"_s.arg(stage);
        return outcome;
    }

    const QString snapshot = stage + u"/data/"_s + manifest.databaseEntry();
    if (manifest.databaseFormat == u"pg_dump"_s) {
        if (!PostgresTools(job.databaseUrl).dump(snapshot, &outcome.error))
            return outcome;
    } else {
        {
            // A connection of this thread's own, closed before the thread goes back to its pool.
            DatabaseFile source(job.databaseFile);
            if (!source.isOpen() || !source.copyTo(snapshot)) {
                outcome.error = u"cannot snapshot the database: %1"_s.arg(source.errorString());
                return outcome;
            }
        }
        DatabaseFile file(snapshot);
        if (!file.isOpen()) {
            outcome.error = u"cannot read the database snapshot: %1"_s.arg(file.errorString());
            return outcome;
        }
        manifest.schemaVersion = file.schemaVersion();
        manifest.counts = file.counts();
    }
    manifest.databaseSha256 = fileSha256(snapshot);
    if (manifest.databaseSha256.isEmpty()) {
        outcome.error = u"cannot read the database snapshot"_s;
        return outcome;
    }
    if (!writeJson(stage + u"/data/environments.json"_s, QJsonDocument(job.environments), &outcome.error)
        || !writeJson(stage + u"/meta/manifest.json"_s, QJsonDocument(manifest.toJson()), &outcome.error))
        return outcome;

    QList<ArchiveExtractor::ZipSource> sources { { stage + u"/meta"_s, QString() },
        { stage + u"/data"_s, QString() } };
    if (manifest.includesProjects)
        sources += job.projectTrees;
    const QString target = backups.filePath(name);
    if (!ArchiveExtractor::createZip(sources, target, &outcome.error))
        return outcome;
    QFile::setPermissions(target, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    outcome.ok = true;
    outcome.info.name = name;
    outcome.info.sizeBytes = QFileInfo(target).size();
    outcome.info.manifest = manifest;
    return outcome;
}

} // namespace Kumo
