// SPDX-License-Identifier: MIT
#include "enginefixture.h"

#include "core/clock.h"
#include "execution/runlauncher.h"
#include "projects/projectservice.h"
#include "scheduling/scheduler.h"
#include "storage/taskstore.h"

#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Kumo;
using namespace KumoTest;

Q_DECLARE_METATYPE(TaskResult::Status)

class TestEngine final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void invalidTasksAreRefusedPerField_data();
    void invalidTasksAreRefusedPerField();
    void duplicateNameIsAConflict();
    void relativeDataDirectoryBecomesAbsolute();
    void createSchedulesAndPersistsNextFire();
    void pauseResumeAndDelete();
    void updateReschedules();
    void unknownTaskIsNotFound();
    void missedFireIsRecordedAtStart();
    void firesWithinGraceRunAtStart();
    void healthReportsState();
};

void TestEngine::invalidTasksAreRefusedPerField_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("field");
    QTest::addRow("no name") << QByteArray(R"({"command":"true","trigger":{"type":"interval","seconds":5}})")
                             << u"name"_s;
    QTest::addRow("no command") << QByteArray(R"({"name":"a","trigger":{"type":"interval","seconds":5}})")
                                << u"command"_s;
    QTest::addRow("bad cron") << QByteArray(
        R"({"name":"a","command":"true","trigger":{"type":"cron","expression":"* * *"}})")
                              << u"trigger.expression"_s;
    QTest::addRow("negative retries") << QByteArray(
        R"({"name":"a","command":"true","retries":-1,"trigger":{"type":"interval","seconds":5}})")
                                      << u"retries"_s;
    QTest::addRow("zero max instances") << QByteArray(
        R"({"name":"a","command":"true","maxInstances":0,"trigger":{"type":"interval","seconds":5}})")
                                        << u"maxInstances"_s;
    QTest::addRow("bad env name") << QByteArray(
        R"({"name":"a","command":"true","env":{"1X":"v"},"trigger":{"type":"interval","seconds":5}})")
                                  << u"env.1X"_s;
    QTest::addRow("string timeout") << QByteArray(
        R"({"name":"a","command":"true","timeoutSeconds":"5","trigger":{"type":"interval","seconds":5}})")
                                    << u"timeoutSeconds"_s;
    QTest::addRow("relative dir without project") << QByteArray(
        R"({"name":"a","command":"true","workingDir":"src","trigger":{"type":"interval","seconds":5}})")
                                                  << u"workingDir"_s;
}

void TestEngine::invalidTasksAreRefusedPerField()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, field);
    EngineFixture f;
    QVERIFY(f.open());
    Task spec;
    FieldErrors errors = spec.applyJson(QJsonDocument::fromJson(json).object());
    if (errors.isEmpty()) {
        const TaskResult result = f.engine->createTask(spec);
        QCOMPARE(result.status, TaskResult::Status::Invalid);
        errors = result.errors;
    }
    QVERIFY(!errors.isEmpty());
    QCOMPARE(errors.constFirst().field, field);
    QCOMPARE(f.engine->tasks().count(), 0);
}

void TestEngine::duplicateNameIsAConflict()
{
    EngineFixture f;
    QVERIFY(f.open());
    f.create(task(u"same"_s, u"true"_s));
    const TaskResult result = f.engine->createTask(task(u"same"_s, u"true"_s));
    QCOMPARE(result.status, TaskResult::Status::Conflict);
    QCOMPARE(result.errors.value(0).field, u"name"_s);
}

void TestEngine::createSchedulesAndPersistsNextFire()
{
    ManualClock clock(1'800'000'000'000);
    EngineConfig config;
    config.clock = &clock;
    EngineFixture f;
    QVERIFY(f.open(config));
    f.engine->start();
    const Task t = f.create(task(u"every5"_s, u"true"_s, R"({"type":"interval","seconds":5})"));
    QCOMPARE(t.trigger.startMs, clock.nowMs() + 5000); // the first fire is one interval away
    QCOMPARE(t.nextFireAt, clock.nowMs() + 5000);
    QCOMPARE(f.engine->tasks().get(t.id)->nextFireAt, clock.nowMs() + 5000);
    QCOMPARE(f.engine->scheduler().nextFireAt(t.id), clock.nowMs() + 5000);
    QCOMPARE(f.engine->health().value(u"scheduler"_s).toObject().value(u"scheduledTasks"_s).toInt(), 1);
}

void TestEngine::pauseResumeAndDelete()
{
    EngineFixture f;
    QVERIFY(f.open());
    f.engine->start();
    const Task t = f.create(task(u"p"_s, u"true"_s, R"({"type":"cron","expression":"0 * * * *"})"));
    QVERIFY(f.engine->scheduler().nextFireAt(t.id));
    QVERIFY(f.engine->setTaskEnabled(t.id, false).ok());
    QCOMPARE(f.engine->scheduler().nextFireAt(t.id), std::nullopt);
    QCOMPARE(f.engine->tasks().get(t.id)->enabled, false);
    QCOMPARE(f.engine->tasks().get(t.id)->nextFireAt, std::nullopt);
    QVERIFY(f.engine->setTaskEnabled(t.id, true).ok());
    QVERIFY(f.engine->scheduler().nextFireAt(t.id));
    QVERIFY(f.engine->deleteTask(t.id).ok());
    QCOMPARE(f.engine->scheduler().size(), 0);
    QCOMPARE(f.engine->deleteTask(t.id).status, TaskResult::Status::NotFound);
}

void TestEngine::updateReschedules()
{
    ManualClock clock(1'800'000'000'000);
    EngineConfig config;
    config.clock = &clock;
    EngineFixture f;
    QVERIFY(f.open(config));
    f.engine->start();
    const Task t
        = f.create(task(u"u"_s, u"true"_s, R"({"type":"cron","expression":"0 0 * * *","timezone":"UTC"})"));
    const TaskResult result = f.engine->updateTask(t.id,
        QJsonDocument::fromJson(R"({"trigger":{"type":"cron","expression":"30 * * * *","timezone":"UTC"}})")
            .object());
    QVERIFY2(result.ok(), qPrintable(result.message));
    QCOMPARE(f.engine->scheduler().nextFireAt(t.id), clock.nowMs() + 30 * 60 * 1000);
    const TaskResult invalid
        = f.engine->updateTask(t.id, QJsonDocument::fromJson(R"({"retries":"x"})").object());
    QCOMPARE(invalid.status, TaskResult::Status::Invalid);
    QCOMPARE(f.engine->tasks().get(t.id)->trigger.expression, u"30 * * * *"_s);
}

void TestEngine::unknownTaskIsNotFound()
{
    EngineFixture f;
    QVERIFY(f.open());
    QCOMPARE(f.engine->runTaskNow(42).status, TaskResult::Status::NotFound);
    QCOMPARE(f.engine->updateTask(42, {}).status, TaskResult::Status::NotFound);
    QCOMPARE(f.engine->setTaskEnabled(42, false).status, TaskResult::Status::NotFound);
}

void TestEngine::missedFireIsRecordedAtStart()
{
    ManualClock clock(1'800'000'000'000);
    EngineConfig config;
    config.clock = &clock;
    EngineFixture f;
    QVERIFY(f.open(config));
    Task spec = task(u"hourly"_s, u"true"_s, R"({"type":"cron","expression":"0 * * * *","timezone":"UTC"})");
    spec.misfireGraceSeconds = 60;
    const Task t = f.create(spec);
    QSignalSpy stopped(f.engine.get(), &Engine::stopped);
    f.engine->start();
    f.engine->shutdown(0);
    QTRY_COMPARE(stopped.size(), 1);
    f.engine.reset();

    // Kumo was down for three hours and ten minutes.
    clock.advanceMs((3 * 60 + 10) * 60 * 1000);
    QVERIFY(f.open(config));
    f.engine->start();
    const QList<Run> runs = f.engine->runs().listByTask(t.id);
    QCOMPARE(runs.size(), 1);
    QCOMPARE(runs.at(0).state, RunState::Missed);
    QCOMPARE(runs.at(0).fires, 3);
    QCOMPARE(runs.at(0).scheduledAt, 1'800'000'000'000 + 3600 * 1000);
    QVERIFY(runs.at(0).error.contains(u"misfire grace"_s));
    QCOMPARE(f.engine->tasks().get(t.id)->nextFireAt, 1'800'000'000'000 + 4 * 3600 * 1000);
}

void TestEngine::firesWithinGraceRunAtStart()
{
    ManualClock clock(1'800'000'000'000);
    EngineConfig config;
    config.clock = &clock;
    EngineFixture f;
    QVERIFY(f.open(config));
    Task spec = task(u"hourly"_s, u"true"_s, R"({"type":"cron","expression":"0 * * * *","timezone":"UTC"})");
    spec.misfireGraceSeconds = 600;
    const Task t = f.create(spec);
    f.engine.reset();
    clock.advanceMs(3600 * 1000 + 5 * 60 * 1000); // five minutes after the fire, within grace
    QVERIFY(f.open(config));
    f.engine->start();
    const QList<Run> runs = f.engine->runs().listByTask(t.id);
    QCOMPARE(runs.size(), 1);
    QCOMPARE(runs.at(0).reason, u"schedule"_s);
    QVERIFY(runs.at(0).state == RunState::Queued || runs.at(0).state == RunState::Running);
    QTRY_COMPARE_WITH_TIMEOUT(f.run(runs.at(0).id).state, RunState::Succeeded, 10000);
}

void TestEngine::healthReportsState()
{
    EngineFixture f;
    QVERIFY(f.open());
    QCOMPARE(f.engine->health().value(u"status"_s).toString(), u"unhealthy"_s); // scheduler not started
    f.engine->start();
    const QJsonObject health = f.engine->health();
    QCOMPARE(health.value(u"status"_s).toString(), u"ok"_s);
    QCOMPARE(health.value(u"database"_s).toObject().value(u"driver"_s).toString(), u"QSQLITE"_s);
    QVERIFY(health.value(u"database"_s).toObject().value(u"schemaVersion"_s).toInt() >= 2);
    QCOMPARE(health.value(u"queue"_s).toObject().value(u"maxConcurrent"_s).toInt(), 50);
}

void TestEngine::relativeDataDirectoryBecomesAbsolute()
{
    // `make run` passes ./data: runs, venvs and pip work in other directories than Kumo's.
    QTemporaryDir dir;
    const QString before = QDir::currentPath();
    QVERIFY(QDir::setCurrent(dir.path()));
    Engine engine;
    EngineConfig config;
    config.dataDir = u"data"_s;
    const bool opened = engine.open(config);
    QVERIFY(QDir::setCurrent(before));
    QVERIFY(opened);
    QCOMPARE(engine.config().dataDir, QDir(dir.path()).filePath(u"data"_s));
    QVERIFY(QDir::isAbsolutePath(engine.launcher().settings().dataDir));
    QVERIFY(QDir::isAbsolutePath(engine.projects().rootOf(1)));
}

QTEST_GUILESS_MAIN(TestEngine)
#include "tst_engine.moc"
