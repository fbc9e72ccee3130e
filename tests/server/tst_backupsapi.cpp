// SPDX-License-Identifier: MIT
// Backups over the API with real files: a consistent snapshot while tasks keep firing, a
// restore that brings tasks, variables and project files back across the engine's restart
// (and can itself be undone), damaged or newer backups refused with nothing changed, and
// automatic backups on a schedule that keep the newest few.

#include "serverfixture.h"

#include "projectfixture.h"
#include "zipmaker.h"

#include "backup/backupservice.h"
#include "core/clock.h"
#include "engine.h"
#include "execution/runqueue.h"
#include "projects/archiveextractor.h"
#include "storage/migrations.h"
#include "storage/runstore.h"
#include "storage/taskstore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include "backup/databasefile.h"

using namespace Qt::StringLiterals;
using namespace Kumo;
using KumoTest::HttpReply;
using KumoTest::ServerFixture;

class TestBackupsApi final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roundTripWhileTheSchedulerRuns();
    void damagedBackupsAreRefused_data();
    void damagedBackupsAreRefused();
    void automaticBackupsKeepTheNewest();
    void namesAndInputAreChecked();
    void stoppingWhileABackupIsWritten();
    void aRestoreThatDoesNotOpenIsRolledBack();
    void linksOutOfAProjectAreLeftOut();

private:
    /// Starts a backup through the API and waits for it; its name.
    static QString backUp(ServerFixture &server, bool includeProjects = true);
    static qint64 createTask(ServerFixture &server, const QString &name, const QJsonObject &extra = {});
    /// Stops the engine and opens it again on the same data (what `kumo serve` does on restart).
    static bool restart(ServerFixture &server, EngineConfig config = {});
};

QString TestBackupsApi::backUp(ServerFixture &server, bool includeProjects)
{
    QSignalSpy finished(&server.engine->backups(), &BackupService::finished);
    const HttpReply reply
        = server.post(u"/api/backups"_s, server.admin(), { { u"includeProjects"_s, includeProjects } });
    if (reply.status != 202) {
        qWarning("backup refused: %s", reply.body.constData());
        return {};
    }
    if (!finished.wait(30000))
        return {};
    const BackupOutcome outcome = finished.first().first().value<BackupOutcome>();
    if (!outcome.ok)
        qWarning("backup failed: %s", qPrintable(outcome.error));
    return outcome.ok ? outcome.info.name : QString();
}

qint64 TestBackupsApi::createTask(ServerFixture &server, const QString &name, const QJsonObject &extra)
{
    QJsonObject body { { u"name"_s, name }, { u"command"_s, u"true"_s },
        { u"trigger"_s, QJsonObject { { u"type"_s, u"date"_s }, { u"at"_s, u"2099-01-01T00:00:00Z"_s } } } };
    for (auto it = extra.begin(); it != extra.end(); ++it)
        body.insert(it.key(), it.value());
    return server.post(u"/api/tasks"_s, server.admin(), body).json().value(u"id"_s).toInteger();
}

bool TestBackupsApi::restart(ServerFixture &server, EngineConfig config)
{
    server.server.reset();
    server.engine.reset();
    return server.start({}, config);
}

void TestBackupsApi::roundTripWhileTheSchedulerRuns()
{
    ServerFixture server;
    QVERIFY(server.start());
    const qint64 projectId = KumoTest::createProject(server, u"code"_s, { { u"version.txt"_s, "v1\n" } });
    QVERIFY(projectId > 0);
    const auto version = [&] {
        return server.get(u"/api/projects/%1/file?path=version.txt"_s.arg(projectId), server.admin())
            .json()
            .value(u"text"_s)
            .toString();
    };
    // Fires every second while the backup is taken.
    const qint64 ticking = createTask(server, u"ticking"_s,
        { { u"command"_s, u"cat version.txt"_s }, { u"projectId"_s, projectId },
            { u"trigger"_s, QJsonObject { { u"type"_s, u"interval"_s }, { u"seconds"_s, 1 } } } });
    QVERIFY(ticking > 0);
    QCOMPARE(server
                 .post(u"/api/env-vars"_s, server.admin(),
                     { { u"name"_s, u"TOKEN"_s }, { u"value"_s, u"abc"_s }, { u"secret"_s, true } })
                 .status,
        201);
    QTRY_VERIFY_WITH_TIMEOUT(server.engine->runs().countByState().value(u"succeeded"_s) >= 2, 10000);

    const QString backup = backUp(server);
    QVERIFY(!backup.isEmpty());
    const QJsonObject listed = server.get(u"/api/backups"_s, server.admin()).json();
    QCOMPARE(listed.value(u"total"_s).toInt(), 1);
    const QJsonObject info = listed.value(u"items"_s).toArray().first().toObject();
    QCOMPARE(info.value(u"name"_s).toString(), backup);
    QCOMPARE(info.value(u"state"_s).toString(), u"ready"_s);
    QCOMPARE(info.value(u"kind"_s).toString(), u"manual"_s);
    QCOMPARE(info.value(u"schemaVersion"_s).toInt(), Migrations::latestVersion());
    QCOMPARE(info.value(u"counts"_s).toObject().value(u"tasks"_s).toInt(), 1);
    QVERIFY(info.value(u"includesProjects"_s).toBool());
    const qint64 runsInBackup = info.value(u"counts"_s).toObject().value(u"runs"_s).toInteger();
    QVERIFY(runsInBackup >= 2);

    // Changes after the backup, which the restore must undo.
    const qint64 later = createTask(server, u"after-backup"_s);
    QVERIFY(later > 0);
    QCOMPARE(server
                 .send("PUT", u"/api/projects/%1/file?path=version.txt"_s.arg(projectId), server.admin(),
                     QJsonDocument(QJsonObject { { u"text"_s, u"v2\n"_s } }).toJson())
                 .status,
        200);
    QTRY_VERIFY_WITH_TIMEOUT(
        server.engine->runs().countByState().value(u"succeeded"_s) > runsInBackup + 1, 10000);

    // The dry run says what would change, and changes nothing.
    const HttpReply dry
        = server.post(u"/api/backups/%1/restore"_s.arg(backup), server.admin(), { { u"dryRun"_s, true } });
    QCOMPARE(dry.status, 200);
    const QJsonObject plan = dry.json().value(u"plan"_s).toObject();
    QCOMPARE(plan.value(u"tasksRemoved"_s).toArray(), QJsonArray { u"after-backup"_s });
    QCOMPARE(plan.value(u"tasksAdded"_s).toArray(), QJsonArray());
    QCOMPARE(plan.value(u"counts"_s).toObject().value(u"tasks"_s).toObject().value(u"current"_s).toInt(), 2);
    QCOMPARE(plan.value(u"counts"_s).toObject().value(u"tasks"_s).toObject().value(u"backup"_s).toInt(), 1);
    QCOMPARE(plan.value(u"secretsUnreadable"_s).toInt(), 0);
    QVERIFY(server.engine->tasks().get(later));
    QVERIFY(!server.engine->isRestartPending());

    // The real one: snapshot first, then the swap at the next start.
    QSignalSpy restartRequested(server.engine.get(), &Engine::restartRequested);
    const HttpReply restored = server.post(
        u"/api/backups/%1/restore"_s.arg(backup), server.admin(), { { u"stopRunning"_s, true } });
    QCOMPARE(restored.status, 202);
    QVERIFY(restored.json().value(u"restarting"_s).toBool());
    const QString preRestore
        = restored.json().value(u"plan"_s).toObject().value(u"preRestoreBackup"_s).toString();
    QVERIFY(preRestore.endsWith(u"-pre-restore.zip"_s));
    QVERIFY(restartRequested.wait(5000));
    // Changes while waiting for the restart are refused (they would be lost in the swap).
    QCOMPARE(server.post(u"/api/backups"_s, server.admin()).status, 503);
    QCOMPARE(createTask(server, u"too-late"_s), 0);
    QVERIFY(server.get(u"/api/tasks"_s, server.admin()).status == 200);
    QVERIFY(restart(server));

    QVERIFY(!server.engine->tasks().get(later));
    QVERIFY(server.engine->tasks().get(ticking));
    QCOMPARE(version(), u"v1\n"_s);
    QCOMPARE(server.get(u"/api/env-vars"_s, server.admin()).json().value(u"total"_s).toInt(), 1);
    QCOMPARE(
        server.get(u"/api/audit?action=backup.restored"_s, server.admin()).json().value(u"total"_s).toInt(),
        1);
    // Nothing is left running or doubly queued: the queue is what the database says.
    QCOMPARE(server.engine->runs().countByState().value(u"running"_s), server.engine->queue().runningCount());
    QCOMPARE(server.engine->runs().countByState().value(u"queued"_s), server.engine->queue().queuedCount());
    const qint64 lastRunBefore = server.engine->runs().listByTask(ticking, 1).value(0).id;
    // The scheduler goes on from the restored state, with new run numbers and the restored files.
    QTRY_VERIFY_WITH_TIMEOUT(server.engine->runs().listByTask(ticking, 1).value(0).id > lastRunBefore
            && server.engine->runs().listByTask(ticking, 1).value(0).state == RunState::Succeeded,
        10000);
    const Run fresh = server.engine->runs().listByTask(ticking, 1).value(0);
    QCOMPARE(
        server.get(u"/api/runs/%1/log"_s.arg(fresh.id), server.admin()).json().value(u"text"_s).toString(),
        u"v1\n"_s);
    QVERIFY(server.engine->backups().pathOf(preRestore).size() > 0);

    // Restoring the snapshot undoes the restore.
    const HttpReply undo = server.post(
        u"/api/backups/%1/restore"_s.arg(preRestore), server.admin(), { { u"stopRunning"_s, true } });
    QCOMPARE(undo.status, 202);
    QVERIFY(restart(server));
    QVERIFY(server.engine->tasks().get(later));
    QCOMPARE(version(), u"v2\n"_s);
}

void TestBackupsApi::damagedBackupsAreRefused_data()
{
    QTest::addColumn<QString>("damage");
    QTest::addColumn<QString>("expected");
    QTest::newRow("truncated") << u"truncate"_s << u"cannot unpack the backup"_s;
    QTest::newRow("database changed") << u"database"_s << u"checksum"_s;
    QTest::newRow("integrity") << u"integrity"_s << u"integrity"_s;
    QTest::newRow("newer schema") << u"newer"_s << u"newer Kumo"_s;
    QTest::newRow("not a backup") << u"foreign"_s << u"not a Kumo backup"_s;
    QTest::newRow("link out of a project") << u"link"_s << u"points outside its project"_s;
    QTest::newRow("database is a link") << u"database link"_s << u"kumo.db is not a plain file"_s;
}

void TestBackupsApi::damagedBackupsAreRefused()
{
    QFETCH(QString, damage);
    QFETCH(QString, expected);
    ServerFixture server;
    QVERIFY(server.start());
    QVERIFY(createTask(server, u"kept"_s) > 0);
    const QString name = backUp(server, false);
    QVERIFY(!name.isEmpty());
    const QString path = server.engine->backups().pathOf(name);
    QVERIFY(createTask(server, u"new"_s) > 0);

    QTemporaryDir work;
    const QString unpacked = work.filePath(u"unpacked"_s);
    QVERIFY(ArchiveExtractor().extract(path, unpacked).ok);
    const auto repack = [&] {
        QDir().mkpath(work.filePath(u"meta"_s));
        QFile::remove(work.filePath(u"meta/manifest.json"_s));
        return QFile::rename(unpacked + u"/manifest.json"_s, work.filePath(u"meta/manifest.json"_s))
            && ArchiveExtractor::createZip(
                { { work.filePath(u"meta"_s), QString() }, { unpacked, QString() } }, path, nullptr);
    };
    const auto editManifest = [&](const std::function<void(QJsonObject &)> &edit) {
        QFile file(unpacked + u"/manifest.json"_s);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QJsonObject manifest = QJsonDocument::fromJson(file.readAll()).object();
        file.close();
        edit(manifest);
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(QJsonDocument(manifest).toJson());
    };
    const QString database = unpacked + u"/kumo.db"_s;
    if (damage == u"truncate"_s) {
        QFile file(path);
        QVERIFY(file.resize(file.size() / 2));
    } else if (damage == u"database"_s) {
        {
            DatabaseFile db(database, false);
            QVERIFY(db.isOpen());
            (void)db.strings(u"DELETE FROM tasks"_s);
        }
        QVERIFY(repack());
    } else if (damage == u"integrity"_s) {
        // Pages overwritten in the middle of the file, with a checksum that matches them.
        QFile file(database);
        QVERIFY(file.open(QIODevice::ReadWrite));
        QVERIFY(file.size() > 8192);
        file.seek(4096);
        file.write(QByteArray(file.size() - 4096, '\x5a'));
        file.close();
        const QString sha = fileSha256(database);
        editManifest([&](QJsonObject &manifest) { manifest.insert(u"databaseSha256"_s, sha); });
        QVERIFY(repack());
    } else if (damage == u"newer"_s) {
        editManifest([](QJsonObject &manifest) {
            manifest.insert(u"schemaVersion"_s, Migrations::latestVersion() + 1);
            manifest.insert(u"kumoVersion"_s, u"9.0.0"_s);
        });
        QVERIFY(repack());
    } else if (damage == u"link"_s) {
        // Inside the unpacked backup, but outside its project: DATA_DIR/secret.key after a swap.
        QVERIFY(QDir().mkpath(unpacked + u"/projects/1"_s));
        QVERIFY(QFile::link(u"../../secret.key"_s, unpacked + u"/projects/1/key"_s));
        QVERIFY(repack());
    } else if (damage == u"database link"_s) {
        QVERIFY(QDir().mkpath(unpacked + u"/projects/1"_s));
        QVERIFY(QFile::rename(database, unpacked + u"/projects/1/real.db"_s));
        QVERIFY(QFile::link(u"projects/1/real.db"_s, database));
        QVERIFY(repack());
    } else {
        QVERIFY(KumoTest::makeZip(path, { { u"readme.txt"_s, "hello" } }));
    }

    for (const bool dryRun : { true, false }) {
        const HttpReply reply = server.post(
            u"/api/backups/%1/restore"_s.arg(name), server.admin(), { { u"dryRun"_s, dryRun } });
        QCOMPARE(reply.status, 422);
        QVERIFY2(reply.json().value(u"detail"_s).toString().contains(expected), reply.body.constData());
    }
    // Nothing changed: both tasks, no snapshot taken, nothing pending, no restart.
    QCOMPARE(server.engine->tasks().count(), 2);
    QCOMPARE(server.engine->backups().list().size(), 1);
    QVERIFY(!server.engine->isRestartPending());
    QVERIFY(!QFileInfo::exists(server.dir->filePath(u"restore-pending"_s)));
    QVERIFY(!QFileInfo::exists(server.dir->filePath(u"restore-staging"_s)));
    QVERIFY(restart(server));
    QCOMPARE(server.engine->tasks().count(), 2);
}

void TestBackupsApi::automaticBackupsKeepTheNewest()
{
    // 2026-12-03 02:00 UTC.
    ManualClock clock(1'796'263'200'000);
    ServerFixture server;
    EngineConfig config;
    config.clock = &clock;
    QVERIFY(server.start({}, config));
    QCOMPARE(
        server
            .patch(u"/api/settings"_s, server.admin(),
                { { u"backups"_s,
                    QJsonObject { { u"enabled"_s, true }, { u"cron"_s, u"0 3 * * *"_s },
                        { u"timezone"_s, u"UTC"_s }, { u"keep"_s, 2 }, { u"includeProjects"_s, false } } } })
            .status,
        200);
    QCOMPARE(server.get(u"/api/settings"_s, server.admin())
                 .json()
                 .value(u"backups"_s)
                 .toObject()
                 .value(u"nextAt"_s)
                 .toString(),
        u"2026-12-03T03:00:00Z"_s);
    const QString manual = backUp(server, false);
    QVERIFY(!manual.isEmpty());

    BackupService &backups = server.engine->backups();
    QSignalSpy finished(&backups, &BackupService::finished);
    backups.checkSchedule(); // not due yet
    QVERIFY(!backups.isCreating());
    for (int day = 0; day < 3; ++day) {
        clock.setNowMs(1'796'263'200'000 + day * 86'400'000LL + 3'600'000);
        backups.checkSchedule();
        QVERIFY(backups.isCreating());
        QVERIFY(finished.wait(30000));
    }
    QStringList automatic;
    for (const BackupInfo &backup : backups.list()) {
        if (backup.manifest->kind == BackupManifest::Kind::Automatic)
            automatic.append(backup.name);
    }
    QCOMPARE(automatic,
        QStringList({ u"kumo-20261205T030000000Z-auto.zip"_s, u"kumo-20261204T030000000Z-auto.zip"_s }));
    QVERIFY(!backups.pathOf(manual).isEmpty()); // manual backups are never pruned

    const HttpReply invalid = server.patch(u"/api/settings"_s, server.admin(),
        { { u"backups"_s, QJsonObject { { u"cron"_s, u"61 * * * *"_s }, { u"keep"_s, 0 } } } });
    QCOMPARE(invalid.status, 422);
    QCOMPARE(
        invalid.json().value(u"errors"_s).toArray().size(), 1); // keep first; cron checked once fields are
}

void TestBackupsApi::namesAndInputAreChecked()
{
    ServerFixture server;
    QVERIFY(server.start());
    const QString name = backUp(server, false);
    QVERIFY(!name.isEmpty());
    const HttpReply download = server.get(u"/api/backups/%1/download"_s.arg(name), server.admin());
    QCOMPARE(download.status, 200);
    QVERIFY(download.body.startsWith("PK"));
    QCOMPARE(download.header("Content-Type"), QByteArray("application/zip"));
    QVERIFY(download.header("Content-Disposition").contains(name.toLatin1()));

    for (const QString &bad : { u"kumo.db"_s, u"..%2Fkumo.db"_s, u"secret.key"_s, u"kumo-1.zip"_s })
        QCOMPARE(server.get(u"/api/backups/%1/download"_s.arg(bad), server.admin()).status, 404);
    QCOMPARE(
        server.post(u"/api/backups/secret.key/restore"_s, server.admin(), { { u"dryRun"_s, true } }).status,
        404);
    QCOMPARE(
        server.post(u"/api/backups"_s, server.admin(), { { u"includeProjects"_s, u"yes"_s } }).status, 422);
    QCOMPARE(
        server.post(u"/api/backups/%1/restore"_s.arg(name), server.admin(), { { u"dry"_s, true } }).status,
        422);
    const QString viewer = server.userToken(u"viewer"_s, u"viewer"_s);
    QCOMPARE(server.get(u"/api/backups"_s, ServerFixture::bearer(viewer)).status, 403);
    QCOMPARE(server.post(u"/api/backups"_s, ServerFixture::bearer(viewer)).status, 403);

    QCOMPARE(server.send("DELETE", u"/api/backups/%1"_s.arg(name), server.admin()).status, 204);
    QCOMPARE(server.get(u"/api/backups/%1"_s.arg(name), server.admin()).status, 404);
    QCOMPARE(server.get(u"/api/audit?action=backup.*&outcome=success"_s, server.admin())
                 .json()
                 .value(u"total"_s)
                 .toInt(),
        2);
}

void TestBackupsApi::stoppingWhileABackupIsWritten()
{
    ServerFixture server;
    QVERIFY(server.start());
    for (int i = 0; i < 20; ++i)
        QVERIFY(createTask(server, u"task-%1"_s.arg(i)) > 0);
    const HttpReply started = server.post(u"/api/backups"_s, server.admin());
    QCOMPARE(started.status, 202);
    const QString name = started.json().value(u"name"_s).toString();
    // The engine goes away at once: it waits for the writer, which finishes its archive.
    QVERIFY(restart(server));
    const std::optional<BackupInfo> info = server.engine->backups().info(name);
    QVERIFY(info && info->manifest);
    QCOMPARE(info->manifest->counts.value(u"tasks"_s).toInt(), 20);
    const QStringList leftovers = QDir(server.engine->backups().directory())
                                      .entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot);
    QCOMPARE(leftovers, QStringList { name });
}

void TestBackupsApi::aRestoreThatDoesNotOpenIsRolledBack()
{
    ServerFixture server;
    QVERIFY(server.start());
    QVERIFY(createTask(server, u"before"_s) > 0);
    const QString name = backUp(server, false);
    QVERIFY(createTask(server, u"after"_s) > 0);
    QCOMPARE(server.post(u"/api/backups/%1/restore"_s.arg(name), server.admin()).status, 202);
    server.server.reset();
    server.engine.reset();
    // The staged database goes bad before the start that swaps it in (a disk error, say).
    QFile staged(server.dir->filePath(u"restore-pending/kumo.db"_s));
    QVERIFY(staged.open(QIODevice::WriteOnly | QIODevice::Truncate));
    staged.write(QByteArray(8192, 'x'));
    staged.close();
    Engine engine;
    EngineConfig config;
    config.dataDir = server.dir->path();
    QVERIFY(!engine.open(config));
    QVERIFY2(engine.errorString().contains(u"back in place"_s), qPrintable(engine.errorString()));
    // The next start has the data from before the restore request, whole.
    QVERIFY(server.start());
    QVERIFY(server.engine->tasks().findByName(u"after"_s));
    QVERIFY(server.engine->tasks().findByName(u"before"_s));
    QVERIFY(!QFileInfo::exists(server.dir->filePath(u"restore-replaced"_s)));
    QVERIFY(!QFileInfo::exists(server.dir->filePath(u"restore-pending"_s)));
    QCOMPARE(
        server.get(u"/api/audit?action=backup.restored"_s, server.admin()).json().value(u"total"_s).toInt(),
        0);
}

void TestBackupsApi::linksOutOfAProjectAreLeftOut()
{
    ServerFixture server;
    QVERIFY(server.start());
    const qint64 id = KumoTest::createProject(server, u"p"_s, { { u"main.py"_s, "print(1)\n" } });
    QVERIFY(id > 0);
    // What a run may leave in its project: a venv's absolute link, a link inside, one climbing out.
    const QDir tree(server.dir->filePath(u"projects/%1"_s.arg(id)));
    QVERIFY(tree.mkpath(u".venv/bin"_s));
    QVERIFY(QFile::link(u"/usr/bin/python3"_s, tree.filePath(u".venv/bin/python"_s)));
    QVERIFY(QFile::link(u"main.py"_s, tree.filePath(u"entry.py"_s)));
    QVERIFY(QFile::link(u"../../secret.key"_s, tree.filePath(u"key"_s)));
    const QString name = backUp(server);
    QVERIFY(!name.isEmpty());
    // The backup restores: the links that point out were left out, the one inside kept.
    const HttpReply dry
        = server.post(u"/api/backups/%1/restore"_s.arg(name), server.admin(), { { u"dryRun"_s, true } });
    QVERIFY2(dry.status == 200, dry.body.constData());
    QCOMPARE(server.post(u"/api/backups/%1/restore"_s.arg(name), server.admin()).status, 202);
    QVERIFY(restart(server));
    QVERIFY(QFileInfo(tree.filePath(u"entry.py"_s)).isSymLink());
    QVERIFY(!QFileInfo(tree.filePath(u".venv/bin/python"_s)).isSymLink());
    QVERIFY(!QFileInfo(tree.filePath(u"key"_s)).isSymLink());
    QVERIFY(QFile::exists(tree.filePath(u"main.py"_s)));
}

QTEST_GUILESS_MAIN(TestBackupsApi)
#include "tst_backupsapi.moc"
