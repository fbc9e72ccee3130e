// SPDX-License-Identifier: MIT
#include "storage/database.h"
#include "storage/taskstore.h"

#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Kumo;

class TestTaskStore final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void roundTrip_data();
    void roundTrip();
    void duplicateNameIsAConflict();
    void updateAndRemove();
    void nextFireTimesInOneBatch();

private:
    static Task sampleTask(const QString &name)
    {
        Task task;
        task.name = name;
        task.command = u"python main.py --day today"_s;
        task.trigger.type = TriggerSpec::Type::Cron;
        task.trigger.expression = u"0 9 * * MON-FRI"_s;
        task.trigger.timezone = u"Asia/Shanghai"_s;
        task.createdAt = task.updatedAt = 1000;
        return task;
    }
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Database> m_db;
};

void TestTaskStore::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_db = std::make_unique<Database>();
    QVERIFY(m_db->open(m_dir->filePath(u"kumo.db"_s)));
    QVERIFY(m_db->migrate());
}

void TestTaskStore::cleanup()
{
    m_db.reset();
    m_dir.reset();
}

void TestTaskStore::roundTrip_data()
{
    QTest::addColumn<QString>("triggerJson");
    QTest::addRow("cron")
        << u"{\"type\":\"cron\",\"expression\":\"*/5 * * * *\",\"timezone\":\"Europe/Berlin\"}"_s;
    QTest::addRow("interval") << u"{\"type\":\"interval\",\"seconds\":300,\"start\":\"2026-01-01T00:00:00Z\","
                                 "\"end\":\"2027-01-01T00:00:00Z\",\"jitterSeconds\":10}"_s;
    QTest::addRow("date") << u"{\"type\":\"date\",\"at\":\"2026-12-01T09:00:00+08:00\"}"_s;
}

void TestTaskStore::roundTrip()
{
    QFETCH(QString, triggerJson);
    TaskStore store(*m_db);
    Task task = sampleTask(u"report"_s);
    FieldErrors errors;
    const auto spec = TriggerSpec::fromJson(QJsonDocument::fromJson(triggerJson.toUtf8()).object(), &errors);
    QVERIFY2(spec, qPrintable(errors.value(0).message));
    task.trigger = *spec;
    task.env = { { u"REPORT_LANG"_s, u"zh"_s }, { u"EMPTY"_s, QString() } };
    task.retries = 2;
    task.timeoutSeconds = 3600;
    task.maxInstances = 3;
    task.projectId = 7;
    task.nextFireAt = 123456;
    QVERIFY2(store.create(task), qPrintable(store.errorString()));
    QVERIFY(task.id > 0);
    const std::optional<Task> read = store.get(task.id);
    QVERIFY(read);
    QCOMPARE(read->toJson(), task.toJson());
    QCOMPARE(read->trigger, task.trigger);
}

void TestTaskStore::duplicateNameIsAConflict()
{
    TaskStore store(*m_db);
    Task first = sampleTask(u"same"_s);
    QVERIFY(store.create(first));
    Task second = sampleTask(u"same"_s);
    QVERIFY(!store.create(second));
    QVERIFY(store.lastErrorWasDuplicateName());
    QVERIFY(store.errorString().contains(u"already exists"_s));
    QCOMPARE(store.count(), 1);
}

void TestTaskStore::updateAndRemove()
{
    TaskStore store(*m_db);
    Task task = sampleTask(u"a"_s);
    QVERIFY(store.create(task));
    task.command = u"echo changed"_s;
    task.enabled = false;
    QVERIFY(store.update(task));
    QCOMPARE(store.get(task.id)->command, u"echo changed"_s);
    QCOMPARE(store.get(task.id)->enabled, false);
    Task missing = task;
    missing.id = 999;
    QVERIFY(!store.update(missing));
    QVERIFY(store.remove(task.id));
    QVERIFY(!store.get(task.id));
    QVERIFY(!store.remove(task.id));
}

void TestTaskStore::nextFireTimesInOneBatch()
{
    TaskStore store(*m_db);
    Task a = sampleTask(u"a"_s);
    Task b = sampleTask(u"b"_s);
    QVERIFY(store.create(a) && store.create(b));
    QVERIFY(store.setNextFireTimes({ { a.id, 42 }, { b.id, std::nullopt } }));
    QCOMPARE(store.get(a.id)->nextFireAt, std::optional<qint64>(42));
    QCOMPARE(store.get(b.id)->nextFireAt, std::nullopt);
}

QTEST_GUILESS_MAIN(TestTaskStore)
#include "tst_taskstore.moc"
