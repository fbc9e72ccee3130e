// SPDX-License-Identifier: MIT
#include "backup/backuprestore.h"

#include "backup/backupwriter.h"
#include "backup/databasefile.h"
#include "backup/postgrestools.h"
#include "core/logging.h"
#include "projects/archiveextractor.h"
#include "security/secretbox.h"
#include "storage/database.h"
#include "storage/migrations.h"
#include "storage/sqlutil.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSet>
#include <QSqlQuery>

#include <archive.h>
#include <archive_entry.h>

#include <memory>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace Kumo {

namespace {

const QString kPending = u"restore-pending"_s;
const QString kReplaced = u"restore-replaced"_s;
const QString kRequest = u"request.json"_s;
constexpr qint64 kMaxManifestBytes = 1024 * 1024;

struct ArchiveCloser
{
    void operator()(archive *a) const { archive_read_free(a); }
};

QStringList currentStrings(const Database &database, const QString &sql)
{
    QSqlQuery query(database.connection());
    query.prepare(sql);
    return Sql::strings(query);
}

/// Moves @p from to @p to, replacing what is there; true when @p from is absent.
bool moveReplacing(const QString &from, const QString &to)
{
    if (!QFileInfo::exists(from) && !QFileInfo(from).isSymLink())
        return true;
    if (QFileInfo(to).isDir())
        QDir(to).removeRecursively();
    else
        QFile::remove(to);
    return QDir().rename(from, to);
}

/// What in an unpacked backup would reach outside its place once swapped in: a database that
/// is not a plain file, a link in a project that points out of that project. Empty when none.
QString unsafeEntry(const QString &stageDir, const QString &databaseEntry)
{
    const QFileInfo database(QDir(stageDir).filePath(databaseEntry));
    if (database.isSymLink() || !database.isFile())
        return u"%1 is not a plain file"_s.arg(databaseEntry);
    const QDir projects(QDir(stageDir).filePath(u"projects"_s));
    for (const QString &tree : projects.entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden)) {
        const QString root = projects.filePath(tree);
        if (QFileInfo(root).isSymLink())
            return u"projects/%1 is a link"_s.arg(tree);
        QDirIterator it(root, QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System,
            QDirIterator::Subdirectories);
        while (it.hasNext()) {
            it.next();
            if (!it.fileInfo().isSymLink())
                continue;
            const QString target = it.fileInfo().symLinkTarget(); // absolute, resolved lexically
            if (!QDir::cleanPath(target).startsWith(root + u'/'))
                return u"the link %1 points outside its project"_s.arg(
                    QDir(stageDir).relativeFilePath(it.filePath()));
        }
    }
    return {};
}

/// Checks the SQLite database of a backup (integrity, schema) and notes what it changes.
bool compareDatabase(const QString &databasePath, const BackupManifest &manifest, const Database &current,
    const SecretBox &secrets, RestorePlan *planOut, QString *error)
{
    RestorePlan &plan = *planOut;
    {
        DatabaseFile backup(databasePath);
        const QString problems = backup.isOpen() ? backup.integrityProblems() : backup.errorString();
        if (!problems.isEmpty()) {
            *error = u"the backup's database fails its integrity check: %1"_s.arg(problems);
            return false;
        }
        if (backup.schemaVersion() != manifest.schemaVersion) {
            *error = u"the backup is damaged: its database has schema %1, its manifest says %2"_s
                         .arg(backup.schemaVersion())
                         .arg(manifest.schemaVersion);
            return false;
        }
        const QStringList backupTasks = backup.strings(u"SELECT name FROM tasks ORDER BY name"_s);
        const QStringList currentTasks = currentStrings(current, u"SELECT name FROM tasks ORDER BY name"_s);
        const QSet<QString> backupSet(backupTasks.begin(), backupTasks.end());
        const QSet<QString> currentSet(currentTasks.begin(), currentTasks.end());
        for (const QString &name : backupTasks) {
            if (!currentSet.contains(name))
                plan.tasksAdded.append(name);
        }
        for (const QString &name : currentTasks) {
            if (!backupSet.contains(name))
                plan.tasksRemoved.append(name);
        }
        const QStringList sealed = backup.strings(u"SELECT value FROM env_vars WHERE secret = 1"_s);
        for (const QString &value : sealed) {
            if (!secrets.isOwnKey(value.toUtf8()))
                ++plan.secretsUnreadable;
        }
    }
    return true;
}

} // namespace

QJsonObject RestorePlan::toJson() const
{
    QJsonObject counts;
    const QJsonObject backupCounts = manifest.counts;
    for (const QString &table : DatabaseFile::countedTables()) {
        if (backupCounts.contains(table) || currentCounts.contains(table))
            counts.insert(table,
                QJsonObject { { u"current"_s, currentCounts.value(table).toInteger() },
                    { u"backup"_s, backupCounts.value(table).toInteger() } });
    }
    return {
        { u"backup"_s, backup },
        { u"createdAt"_s, manifest.toJson().value(u"createdAt"_s) },
        { u"kind"_s, backupKindName(manifest.kind) },
        { u"kumoVersion"_s, manifest.kumoVersion },
        { u"schemaVersion"_s, manifest.schemaVersion },
        { u"currentSchemaVersion"_s, currentSchemaVersion },
        { u"includesProjects"_s, manifest.includesProjects },
        { u"counts"_s, counts },
        { u"tasksAdded"_s, QJsonArray::fromStringList(tasksAdded) },
        { u"tasksRemoved"_s, QJsonArray::fromStringList(tasksRemoved) },
        { u"secretsUnreadable"_s, secretsUnreadable },
        { u"warnings"_s, QJsonArray::fromStringList(warnings) },
    };
}

std::optional<BackupManifest> BackupRestore::readManifest(const QString &archivePath, QString *error)
{
    std::unique_ptr<archive, ArchiveCloser> a(archive_read_new());
    archive_read_support_format_zip(a.get());
    archive_read_support_filter_all(a.get());
    const QByteArray path = QFile::encodeName(archivePath);
    archive_entry *entry = nullptr;
    if (archive_read_open_filename(a.get(), path.constData(), 64 * 1024) != ARCHIVE_OK
        || archive_read_next_header(a.get(), &entry) != ARCHIVE_OK) {
        *error = u"cannot read the archive: %1"_s.arg(QString::fromLocal8Bit(archive_error_string(a.get())));
        return std::nullopt;
    }
    if (QString::fromUtf8(archive_entry_pathname(entry)) != u"manifest.json"_s
        || archive_entry_size(entry) > kMaxManifestBytes) {
        *error = u"not a Kumo backup (it does not begin with manifest.json)"_s;
        return std::nullopt;
    }
    QByteArray text(archive_entry_size(entry), Qt::Uninitialized);
    if (archive_read_data(a.get(), text.data(), size_t(text.size())) != text.size()) {
        *error = u"cannot read the backup's manifest.json"_s;
        return std::nullopt;
    }
    return BackupManifest::fromJson(QJsonDocument::fromJson(text).object(), error);
}

std::optional<RestorePlan> BackupRestore::stage(const QString &archivePath, const QString &stageDir,
    const Database &current, const SecretBox &secrets, QString *error)
{
    const std::optional<BackupManifest> manifest = readManifest(archivePath, error);
    if (!manifest)
        return std::nullopt;
    if (manifest->schemaVersion > Migrations::latestVersion()) {
        *error
            = u"the backup was written by a newer Kumo (%1, database schema %2); this Kumo knows schema %3 "
              "at most"_s.arg(manifest->kumoVersion)
                  .arg(manifest->schemaVersion)
                  .arg(Migrations::latestVersion());
        return std::nullopt;
    }
    const bool postgres = manifest->databaseFormat == u"pg_dump"_s;
    if (postgres != current.sqliteFile().isEmpty()) {
        *error = postgres ? u"the backup holds a PostgreSQL database; this Kumo uses SQLite"_s
                          : u"the backup holds a SQLite database; this Kumo uses PostgreSQL"_s;
        return std::nullopt;
    }
    // Our own archives, but they may have been copied in from elsewhere: unpack them with
    // the same checks as a project (no escaping paths), and generous size limits.
    ExtractionLimits limits;
    limits.maxTotalBytes = 1024LL * 1024 * 1024 * 1024;
    limits.maxEntryBytes = limits.maxTotalBytes;
    limits.maxEntries = 10'000'000;
    limits.maxRatio = 1e9; // an almost empty database compresses a thousandfold
    limits.maxPathLength = 4096; // project paths below projects/ID.REV/
    QDir(stageDir).removeRecursively();
    const ExtractionResult extracted = ArchiveExtractor(limits).extract(archivePath, stageDir);
    if (!extracted.ok) {
        *error = u"cannot unpack the backup: %1"_s.arg(extracted.error);
        return std::nullopt;
    }
    // Password hashes, sealed secrets and the audit trail: for Kumo's user only.
    QFile::setPermissions(stageDir, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    const QString databasePath = QDir(stageDir).filePath(manifest->databaseEntry());
    QFile::setPermissions(databasePath, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    if (const QString problem = unsafeEntry(stageDir, manifest->databaseEntry()); !problem.isEmpty()) {
        *error = u"the backup is not safe to restore: %1"_s.arg(problem);
        return std::nullopt;
    }
    if (fileSha256(databasePath) != manifest->databaseSha256) {
        *error = u"the backup is damaged: its database does not match the checksum in its manifest"_s;
        return std::nullopt;
    }
    RestorePlan plan;
    plan.backup = QFileInfo(archivePath).fileName();
    plan.manifest = *manifest;
    plan.currentSchemaVersion = current.schemaVersion();
    if (postgres) {
        QString problem;
        if (!PostgresTools(current.url()).check(databasePath, &problem)) {
            *error = u"the backup's database dump is damaged: %1"_s.arg(problem);
            return std::nullopt;
        }
        plan.warnings.append(
            u"a PostgreSQL dump is compared by its row counts only: which tasks come back or "
            "go, and whether secrets open, shows after the restore"_s);
    } else if (!compareDatabase(databasePath, *manifest, current, secrets, &plan, error)) {
        return std::nullopt;
    }
    plan.currentCounts = DatabaseFile::countsOf(current.connection());
    if (plan.secretsUnreadable > 0)
        plan.warnings.append(
            u"%1 secret(s) were sealed under another master key: runs that need them fail until "
            "they are set again (or Kumo runs with that key)"_s.arg(plan.secretsUnreadable));
    if (!manifest->includesProjects)
        plan.warnings.append(u"the backup holds no project files: projects keep the files they have now"_s);
    if (manifest->schemaVersion < plan.currentSchemaVersion)
        plan.warnings.append(u"the backup has an older schema (%1); it is migrated to %2 when restored"_s
                                 .arg(manifest->schemaVersion)
                                 .arg(plan.currentSchemaVersion));
    plan.warnings.append(u"users, API tokens, settings and the audit trail become the backup's; the current "
                         "ones are kept in the pre-restore backup"_s);
    plan.warnings.append(u"environments keep their installed packages; one whose directory is missing after "
                         "the restore can be rebuilt with reset"_s);
    return plan;
}

bool BackupRestore::makePending(
    const QString &stageDir, const QString &dataDir, const QJsonObject &request, QString *error)
{
    QFile file(QDir(stageDir).filePath(kRequest));
    if (!file.open(QIODevice::WriteOnly) || file.write(QJsonDocument(request).toJson()) < 0
        || !file.flush()) {
        *error = u"cannot write %1: %2"_s.arg(file.fileName(), file.errorString());
        return false;
    }
    ::fsync(file.handle());
    file.close();
    // On disk before the rename that makes them pending: a power cut must not leave a
    // half-written database to swap in.
    for (const QString &entry : { u"kumo.db"_s, u"kumo.pgdump"_s }) {
        QFile database(QDir(stageDir).filePath(entry));
        if (database.open(QIODevice::ReadOnly)) {
            ::fsync(database.handle());
            database.close();
        }
    }
    const QString pending = QDir(dataDir).filePath(kPending);
    QDir(pending).removeRecursively();
    // One rename: a restore is pending whole or not at all.
    if (!QDir().rename(stageDir, pending)) {
        *error = u"cannot move %1 to %2"_s.arg(stageDir, pending);
        return false;
    }
    return true;
}

bool BackupRestore::isPending(const QString &dataDir)
{
    return QFileInfo::exists(QDir(QDir(dataDir).filePath(kPending)).filePath(kRequest));
}

std::optional<QJsonObject> BackupRestore::applyPending(
    const QString &dataDir, const QString &databaseUrl, QString *error)
{
    const QString databaseFile = Database::sqliteFileOf(databaseUrl);
    const QDir data(dataDir);
    const QDir pending(data.filePath(kPending));
    QFile requestFile(pending.filePath(kRequest));
    if (!requestFile.open(QIODevice::ReadOnly)) {
        // A stage that never became pending, or nothing at all.
        if (pending.exists())
            QDir(pending.path()).removeRecursively();
        return std::nullopt;
    }
    const QJsonObject request = QJsonDocument::fromJson(requestFile.readAll()).object();
    requestFile.close();
    const QDir replaced(data.filePath(kReplaced));
    if (!replaced.exists() && !QDir().mkpath(replaced.path())) {
        *error = u"cannot create %1"_s.arg(replaced.path());
        return std::nullopt;
    }
    // Every step is done once and can be done again after an interruption.
    if (QFile::exists(pending.filePath(u"kumo.db"_s))) {
        if (databaseFile.isEmpty()) {
            *error = u"a restore is pending, but this Kumo does not use a SQLite file"_s;
            return std::nullopt;
        }
        const QString oldName = replaced.filePath(QFileInfo(databaseFile).fileName());
        for (const QString &suffix : { u"-wal"_s, u"-shm"_s, u"-journal"_s, QString() }) {
            if (!moveReplacing(databaseFile + suffix, oldName + suffix)) {
                *error = u"cannot set %1 aside"_s.arg(databaseFile + suffix);
                return std::nullopt;
            }
        }
        if (!QDir().rename(pending.filePath(u"kumo.db"_s), databaseFile)) {
            *error = u"cannot move the restored database to %1"_s.arg(databaseFile);
            return std::nullopt;
        }
    }
    if (QFile::exists(pending.filePath(u"kumo.pgdump"_s))) {
        // The database as it is now goes aside first (once), so that a restore that fails to
        // open can be rolled back; pg_restore's SQL runs in one transaction.
        const PostgresTools tools(databaseUrl);
        const QString aside = replaced.filePath(u"kumo.pgdump"_s);
        if (!QFile::exists(aside) && !tools.dump(aside + u".part"_s, error))
            return std::nullopt;
        if (QFile::exists(aside + u".part"_s) && !QDir().rename(aside + u".part"_s, aside)) {
            *error = u"cannot keep %1"_s.arg(aside);
            return std::nullopt;
        }
        if (!tools.restore(pending.filePath(u"kumo.pgdump"_s), pending.path(), error))
            return std::nullopt;
        QFile::remove(pending.filePath(u"kumo.pgdump"_s));
    }
    if (QFileInfo(pending.filePath(u"projects"_s)).isDir()) {
        const QString projects = data.filePath(u"projects"_s);
        if (!moveReplacing(projects, replaced.filePath(u"projects"_s))
            || !QDir().rename(pending.filePath(u"projects"_s), projects)) {
            *error = u"cannot move the restored projects to %1"_s.arg(projects);
            return std::nullopt;
        }
    }
    // The request moves with what was set aside: the restore is applied but not yet confirmed
    // by a database that opens (see finishApplied() and rollBack()).
    if (!moveReplacing(pending.filePath(kRequest), replaced.filePath(kRequest))) {
        *error = u"cannot move %1"_s.arg(pending.filePath(kRequest));
        return std::nullopt;
    }
    QDir(pending.path()).removeRecursively();
    return request;
}

std::optional<QJsonObject> BackupRestore::unconfirmed(const QString &dataDir)
{
    QFile file(QDir(QDir(dataDir).filePath(kReplaced)).filePath(kRequest));
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    return QJsonDocument::fromJson(file.readAll()).object();
}

bool BackupRestore::rollBack(const QString &dataDir, const QString &databaseUrl, QString *error)
{
    const QString databaseFile = Database::sqliteFileOf(databaseUrl);
    const QDir data(dataDir);
    const QDir replaced(data.filePath(kReplaced));
    const QString oldName = replaced.filePath(QFileInfo(databaseFile).fileName());
    if (!databaseFile.isEmpty() && QFile::exists(oldName)) {
        for (const QString &suffix : { u"-wal"_s, u"-shm"_s, u"-journal"_s })
            QFile::remove(databaseFile + suffix);
        for (const QString &suffix : { QString(), u"-wal"_s, u"-shm"_s, u"-journal"_s }) {
            if (!moveReplacing(oldName + suffix, databaseFile + suffix)) {
                *error = u"cannot move %1 back"_s.arg(oldName + suffix);
                return false;
            }
        }
    }
    if (QFile::exists(replaced.filePath(u"kumo.pgdump"_s))
        && !PostgresTools(databaseUrl).restore(replaced.filePath(u"kumo.pgdump"_s), replaced.path(), error))
        return false;
    if (QFileInfo(replaced.filePath(u"projects"_s)).isDir()
        && !moveReplacing(replaced.filePath(u"projects"_s), data.filePath(u"projects"_s))) {
        *error = u"cannot move the projects back"_s;
        return false;
    }
    QDir(replaced.path()).removeRecursively();
    return true;
}

void BackupRestore::finishApplied(const QString &dataDir, const Database &database)
{
    const QDir data(dataDir);
    const auto removeBeyond = [&](const QString &folder, const QString &table) {
        const qint64 last = currentStrings(database, u"SELECT MAX(id) FROM "_s + table).value(0).toLongLong();
        static const QRegularExpression numbered(
            QRegularExpression::anchoredPattern(u"(\\d+)\\.log(\\.idx)?"_s));
        QDirIterator it(data.filePath(folder), QDir::Files);
        while (it.hasNext()) {
            it.next();
            const QRegularExpressionMatch match = numbered.match(it.fileName());
            if (match.hasMatch() && match.captured(1).toLongLong() > last)
                QFile::remove(it.filePath());
        }
    };
    removeBeyond(u"logs/tasks"_s, u"runs"_s);
    removeBeyond(u"logs/install"_s, u"env_operations"_s);
    QDir(data.filePath(kReplaced)).removeRecursively();
}

} // namespace Kumo
