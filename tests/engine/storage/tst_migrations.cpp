// SPDX-License-Identifier: MIT
#include "storage/database.h"
#include "storage/migrations.h"

#include <QSqlQuery>
#include <QSqlRecord>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Kumo;

class TestMigrations final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void freshDatabaseGetsLatestSchema();
    void walModeIsOn();
    void upgradesAnOldDatabaseKeepingItsData();
    void refusesNewerDatabase();
    void reapplyingIsANoOp();

private:
    static QStringList columns(Database &db, const QString &table)
    {
        QStringList names;
        const QSqlRecord record = db.connection().record(table);
        for (int i = 0; i < record.count(); ++i)
            names.append(record.fieldName(i));
        return names;
    }
};

void TestMigrations::freshDatabaseGetsLatestSchema()
{
    QTemporaryDir dir;
    Database db;
    QVERIFY2(db.open(dir.filePath(u"kumo.db"_s)), qPrintable(db.errorString()));
    QVERIFY2(db.migrate(), qPrintable(db.errorString()));
    QCOMPARE(db.schemaVersion(), Migrations::latestVersion());
    QVERIFY(db.connection().tables().contains(u"tasks"_s));
    QVERIFY(db.connection().tables().contains(u"runs"_s));
    QVERIFY(db.connection().tables().contains(u"run_samples"_s));
    QVERIFY(columns(db, u"runs"_s).contains(u"rss_peak_bytes"_s));
    for (const QString &table : { u"users"_s, u"sessions"_s, u"api_tokens"_s, u"audit_events"_s })
        QVERIFY2(db.connection().tables().contains(table), qPrintable(table));
    QVERIFY(columns(db, u"users"_s).contains(u"username_key"_s));
    QVERIFY(columns(db, u"audit_events"_s).contains(u"details"_s));
}

void TestMigrations::walModeIsOn()
{
    QTemporaryDir dir;
    Database db;
    QVERIFY(db.open(dir.filePath(u"kumo.db"_s)));
    QSqlQuery query(db.connection());
    QVERIFY(query.exec(u"PRAGMA journal_mode"_s) && query.next());
    QCOMPARE(query.value(0).toString(), u"wal"_s);
}

void TestMigrations::upgradesAnOldDatabaseKeepingItsData()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"kumo.db"_s);
    {
        Database db;
        QVERIFY(db.open(path));
        QVERIFY(db.migrate(1));
        QCOMPARE(db.schemaVersion(), 1);
        QVERIFY(!columns(db, u"runs"_s).contains(u"rss_peak_bytes"_s));
        QSqlQuery insert(db.connection());
        QVERIFY(insert.exec(
            u"INSERT INTO tasks (name, command, trigger_type, trigger_config, timezone, created_at, "
            "updated_at) VALUES ('old', 'echo old', 'cron', '{\"expression\":\"* * * * *\"}', 'UTC', 1, 1)"_s));
        QVERIFY(
            insert.exec(u"INSERT INTO runs (task_id, state, reason, scheduled_at) VALUES (1, 'succeeded', "
                        "'schedule', 5)"_s));
    }
    Database db;
    QVERIFY(db.open(path));
    QVERIFY2(db.migrate(), qPrintable(db.errorString()));
    QCOMPARE(db.schemaVersion(), Migrations::latestVersion());
    QSqlQuery query(db.connection());
    QVERIFY(query.exec(u"SELECT t.name, r.state, r.fires FROM tasks t JOIN runs r ON r.task_id = t.id"_s));
    QVERIFY(query.next());
    QCOMPARE(query.value(0).toString(), u"old"_s);
    QCOMPARE(query.value(1).toString(), u"succeeded"_s);
    QCOMPARE(query.value(2).toInt(), 1); // the new column's default reached the old row
    QVERIFY(query.exec(u"SELECT COUNT(*) FROM schema_migrations"_s) && query.next());
    QCOMPARE(query.value(0).toInt(), Migrations::latestVersion());
}

void TestMigrations::refusesNewerDatabase()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"kumo.db"_s);
    {
        Database db;
        QVERIFY(db.open(path));
        QVERIFY(db.migrate());
        QSqlQuery query(db.connection());
        QVERIFY(query.exec(
            u"INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'future', 0)"_s));
    }
    Database db;
    QVERIFY(db.open(path));
    QVERIFY(!db.migrate());
    QVERIFY2(db.errorString().contains(u"newer Kumo"_s), qPrintable(db.errorString()));
    QVERIFY(db.errorString().contains(u"999"_s));
}

void TestMigrations::reapplyingIsANoOp()
{
    QTemporaryDir dir;
    Database db;
    QVERIFY(db.open(dir.filePath(u"kumo.db"_s)));
    QVERIFY(db.migrate());
    QVERIFY(db.migrate());
    QSqlQuery query(db.connection());
    QVERIFY(query.exec(u"SELECT COUNT(*) FROM schema_migrations"_s) && query.next());
    QCOMPARE(query.value(0).toInt(), Migrations::latestVersion());
}

QTEST_GUILESS_MAIN(TestMigrations)
#include "tst_migrations.moc"
