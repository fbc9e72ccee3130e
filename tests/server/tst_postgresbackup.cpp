// SPDX-License-Identifier: MIT
// Backups and restore on PostgreSQL, against a real server the test starts: pg_dump's
// snapshot in the archive, a dry run by row counts, a restore in one transaction at the
// engine's restart, a damaged dump and a SQLite backup refused with nothing changed.

#include "postgresfixture.h"
#include "serverfixture.h"

#include "backup/backupservice.h"
#include "engine.h"
#include "storage/database.h"
#include "storage/taskstore.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Kumo;
using KumoTest::HttpReply;
using KumoTest::ServerFixture;

class TestPostgresBackup final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void roundTrip();
    void damagedOrForeignBackupsAreRefused();

private:
    EngineConfig config() const
    {
        EngineConfig config;
        config.databaseUrl = m_postgres.url();
        return config;
    }
    static QString backUp(ServerFixture &server)
    {
        QSignalSpy finished(&server.engine->backups(), &BackupService::finished);
        if (server.post(u"/api/backups"_s, server.admin(), { { u"includeProjects"_s, false } }).status != 202
            || !finished.wait(60000))
            return {};
        const BackupOutcome outcome = finished.first().first().value<BackupOutcome>();
        if (!outcome.ok)
            qWarning("backup failed: %s", qPrintable(outcome.error));
        return outcome.ok ? outcome.info.name : QString();
    }
    static qint64 createTask(ServerFixture &server, const QString &name)
    {
        return server
            .post(u"/api/tasks"_s, server.admin(),
                { { u"name"_s, name }, { u"command"_s, u"true"_s },
                    { u"trigger"_s,
                        QJsonObject { { u"type"_s, u"cron"_s }, { u"expression"_s, u"0 3 * * *"_s } } } })
            .json()
            .value(u"id"_s)
            .toInteger();
    }

    KumoTest::PostgresServer m_postgres;
};

void TestPostgresBackup::initTestCase()
{
    QString error;
    QVERIFY2(m_postgres.start(&error), qPrintable(error));
}

void TestPostgresBackup::roundTrip()
{
    ServerFixture server;
    QVERIFY(server.start({}, config()));
    QCOMPARE(server.engine->database().driverName(), u"QPSQL"_s);
    QVERIFY(createTask(server, u"before"_s) > 0);
    const QString name = backUp(server);
    QVERIFY(!name.isEmpty());
    const QJsonObject info = server.get(u"/api/backups/%1"_s.arg(name), server.admin()).json();
    QCOMPARE(info.value(u"counts"_s).toObject().value(u"tasks"_s).toInt(), 1);
    QVERIFY(info.value(u"schemaVersion"_s).toInt() > 0);

    QVERIFY(createTask(server, u"after"_s) > 0);
    const HttpReply dry
        = server.post(u"/api/backups/%1/restore"_s.arg(name), server.admin(), { { u"dryRun"_s, true } });
    QVERIFY2(dry.status == 200, dry.body.constData());
    const QJsonObject tasks = dry.json()[u"plan"_s][u"counts"_s][u"tasks"_s].toObject();
    QCOMPARE(tasks.value(u"current"_s).toInt(), 2);
    QCOMPARE(tasks.value(u"backup"_s).toInt(), 1);

    QCOMPARE(server.post(u"/api/backups/%1/restore"_s.arg(name), server.admin()).status, 202);
    server.server.reset();
    server.engine.reset();
    QVERIFY(server.start({}, config()));
    QVERIFY(server.engine->tasks().findByName(u"before"_s));
    QVERIFY(!server.engine->tasks().findByName(u"after"_s));
    QCOMPARE(
        server.get(u"/api/audit?action=backup.restored"_s, server.admin()).json().value(u"total"_s).toInt(),
        1);
    QVERIFY(!QFileInfo::exists(server.dir->filePath(u"restore-replaced"_s)));
    // The scheduler planned the restored task again.
    QVERIFY(server.engine->tasks().findByName(u"before"_s)->nextFireAt.has_value());
}

void TestPostgresBackup::damagedOrForeignBackupsAreRefused()
{
    ServerFixture server;
    QVERIFY(server.start({}, config()));
    const QString name = backUp(server);
    QVERIFY(!name.isEmpty());
    const qint64 tasksBefore = server.engine->tasks().count();
    // A SQLite backup, made by another Kumo, copied into this one's folder.
    ServerFixture sqlite;
    QVERIFY(sqlite.start());
    const QString foreign = backUp(sqlite);
    QVERIFY(!foreign.isEmpty());
    QVERIFY(QFile::copy(sqlite.engine->backups().pathOf(foreign),
        QDir(server.engine->backups().directory()).filePath(foreign)));
    HttpReply reply
        = server.post(u"/api/backups/%1/restore"_s.arg(foreign), server.admin(), { { u"dryRun"_s, true } });
    QCOMPARE(reply.status, 422);
    QVERIFY2(reply.body.contains("uses PostgreSQL"), reply.body.constData());
    // A dump cut short.
    QFile archive(server.engine->backups().pathOf(name));
    QVERIFY(archive.resize(archive.size() * 2 / 3));
    reply = server.post(u"/api/backups/%1/restore"_s.arg(name), server.admin());
    QCOMPARE(reply.status, 422);
    QCOMPARE(server.engine->tasks().count(), tasksBefore);
    QVERIFY(!server.engine->isRestartPending());
}

QTEST_GUILESS_MAIN(TestPostgresBackup)
#include "tst_postgresbackup.moc"
