// SPDX-License-Identifier: MIT
#include "enginefixture.h"

#include "execution/runqueue.h"
#include "storage/taskstore.h"

#include <QSignalSpy>

#include <QTest>
#include <csignal>

using namespace Qt::StringLiterals;
using namespace Kumo;
using namespace KumoTest;

class TestRunQueue final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void globalLimitHoldsAndEveryRunCompletes();
    void overlappingRunIsSkippedNotDropped();
    void admitsInFireTimeOrder();
    void failedRunsAreRetriedInOneGroup();
    void cancelQueuedAndRunning();
    void queuedRunsSurviveARestart();
    void queuedRunOfADeletedTaskIsCancelled();
    void raisingTheLimitAdmitsAtOnce();
};

void TestRunQueue::globalLimitHoldsAndEveryRunCompletes()
{
    EngineFixture f;
    QVERIFY(f.open());
    f.engine->start();
    constexpr int kRuns = 200;
    constexpr int kLimit = 50;
    QCOMPARE(f.engine->queue().maxConcurrent(), kLimit);
    QList<Task> tasks;
    for (int i = 0; i < kRuns; ++i)
        tasks.append(f.create(task(u"t%1"_s.arg(i), helper(u"sleep 60"_s))));

    int running = 0;
    int maxRunning = 0;
    int succeeded = 0;
    connect(f.engine.get(), &Engine::runChanged, this, [&](const Run &run) {
        if (run.state == RunState::Running)
            maxRunning = std::max(maxRunning, ++running);
        else if (run.state != RunState::Queued)
            --running;
        if (run.state == RunState::Succeeded)
            ++succeeded;
    });
    // 200 runs due at the same instant.
    for (const Task &t : std::as_const(tasks))
        QVERIFY(f.engine->queue().submit(t, 1000, u"schedule"_s));
    QCOMPARE(f.engine->queue().runningCount(), kLimit);
    QCOMPARE(f.engine->queue().queuedCount(), kRuns - kLimit);
    QTRY_COMPARE_WITH_TIMEOUT(succeeded, kRuns, 60000);
    QVERIFY(maxRunning <= kLimit);
    QCOMPARE(maxRunning, kLimit);
    QCOMPARE(f.engine->runs().countByState().value(u"succeeded"_s), kRuns);
}

void TestRunQueue::overlappingRunIsSkippedNotDropped()
{
    EngineFixture f;
    QVERIFY(f.open());
    f.engine->start();
    const Task t = f.create(task(u"slow"_s, helper(u"sleep 300"_s)));
    const TaskResult first = f.engine->runTaskNow(t.id);
    QVERIFY(first.ok());
    const TaskResult second = f.engine->runTaskNow(t.id);
    QVERIFY(second.ok());
    QCOMPARE(second.run->state, RunState::Skipped);
    QVERIFY2(second.run->error.contains(u"maxInstances 1"_s), qPrintable(second.run->error));
    QCOMPARE(f.run(second.run->id).state, RunState::Skipped);
    QTRY_COMPARE_WITH_TIMEOUT(f.run(first.run->id).state, RunState::Succeeded, 10000);
}

void TestRunQueue::admitsInFireTimeOrder()
{
    EngineConfig config;
    config.runs.maxConcurrent = 1;
    EngineFixture f;
    QVERIFY(f.open(config));
    f.engine->start();
    const Task blocker = f.create(task(u"blocker"_s, helper(u"sleep 200"_s)));
    const Task late = f.create(task(u"late"_s, helper(u"exit 0"_s)));
    const Task early = f.create(task(u"early"_s, helper(u"exit 0"_s)));
    QVERIFY(f.engine->runTaskNow(blocker.id).ok());
    const auto lateRun = f.engine->queue().submit(late, 2000, u"schedule"_s);
    const auto earlyRun = f.engine->queue().submit(early, 1000, u"schedule"_s);
    QVERIFY(lateRun && earlyRun);
    QTRY_COMPARE_WITH_TIMEOUT(f.run(lateRun->id).state, RunState::Succeeded, 10000);
    QVERIFY(*f.run(earlyRun->id).startedAt <= *f.run(lateRun->id).startedAt);
    QVERIFY(*f.run(earlyRun->id).finishedAt <= *f.run(lateRun->id).startedAt);
}

void TestRunQueue::failedRunsAreRetriedInOneGroup()
{
    EngineFixture f;
    QVERIFY(f.open());
    f.engine->start();
    Task spec = task(u"flaky"_s, helper(u"exit 3"_s));
    spec.retries = 2;
    spec.retryIntervalSeconds = 0;
    const Task t = f.create(spec);
    const TaskResult result = f.engine->runTaskNow(t.id);
    QTRY_COMPARE_WITH_TIMEOUT(f.engine->runs().countByState().value(u"failed"_s), 3, 10000);
    QTRY_COMPARE(f.engine->queue().activeCount(t.id), 0);
    const QList<Run> runs = f.engine->runs().listByTask(t.id);
    QCOMPARE(runs.size(), 3); // no fourth attempt
    for (const Run &run : runs) {
        QCOMPARE(run.groupId, result.run->id);
        QCOMPARE(run.exitCode, 3);
    }
    QCOMPARE(runs.at(0).attempt, 3);
    QCOMPARE(runs.at(0).reason, u"retry"_s);
    QCOMPARE(runs.at(2).attempt, 1);
}

void TestRunQueue::cancelQueuedAndRunning()
{
    EngineConfig config;
    config.runs.maxConcurrent = 1;
    EngineFixture f;
    QVERIFY(f.open(config));
    f.engine->start();
    const Task slow = f.create(task(u"slow"_s, helper(u"sleep 30000"_s)));
    const Task waiting = f.create(task(u"waiting"_s, helper(u"exit 0"_s)));
    const Run running = *f.engine->runTaskNow(slow.id).run;
    const Run queued = *f.engine->runTaskNow(waiting.id).run;
    QTRY_COMPARE(f.run(running.id).state, RunState::Running);
    QCOMPARE(f.run(queued.id).state, RunState::Queued);
    QVERIFY(f.engine->cancelRun(queued.id));
    QCOMPARE(f.run(queued.id).state, RunState::Cancelled);
    QVERIFY(f.engine->cancelRun(running.id));
    QTRY_COMPARE_WITH_TIMEOUT(f.run(running.id).state, RunState::Cancelled, 5000);
    QCOMPARE(f.run(running.id).signal, SIGTERM);
    QString error;
    QVERIFY(!f.engine->cancelRun(running.id, &error));
    QVERIFY(error.contains(u"not queued or running"_s));
}

void TestRunQueue::queuedRunsSurviveARestart()
{
    EngineConfig config;
    config.runs.maxConcurrent = 1;
    EngineFixture f;
    QVERIFY(f.open(config));
    f.engine->start();
    const Task slow = f.create(task(u"slow"_s, helper(u"sleep 30000"_s)));
    const Task a = f.create(task(u"a"_s, helper(u"exit 0"_s)));
    const Task b = f.create(task(u"b"_s, helper(u"exit 0"_s)));
    const Run slowRun = *f.engine->runTaskNow(slow.id).run;
    const Run runA = *f.engine->runTaskNow(a.id).run;
    const Run runB = *f.engine->runTaskNow(b.id).run;
    QTRY_COMPARE(f.run(slowRun.id).state, RunState::Running);

    QSignalSpy stopped(f.engine.get(), &Engine::stopped);
    f.engine->shutdown(0);
    QTRY_COMPARE_WITH_TIMEOUT(stopped.size(), 1, 5000);
    f.engine.reset();

    QVERIFY(f.open(config));
    QCOMPARE(f.run(slowRun.id).state, RunState::Cancelled);
    QCOMPARE(f.run(runA.id).state, RunState::Queued);
    QCOMPARE(f.run(runB.id).state, RunState::Queued);
    f.engine->start();
    QTRY_COMPARE_WITH_TIMEOUT(f.run(runB.id).state, RunState::Succeeded, 10000);
    QCOMPARE(f.run(runA.id).state, RunState::Succeeded);
}

void TestRunQueue::queuedRunOfADeletedTaskIsCancelled()
{
    EngineConfig config;
    config.runs.maxConcurrent = 1;
    EngineFixture f;
    QVERIFY(f.open(config));
    f.engine->start();
    const Task slow = f.create(task(u"slow"_s, helper(u"sleep 100"_s)));
    const Task doomed = f.create(task(u"doomed"_s, helper(u"exit 0"_s)));
    QVERIFY(f.engine->runTaskNow(slow.id).ok());
    const Run queued = *f.engine->runTaskNow(doomed.id).run;
    QVERIFY(f.engine->deleteTask(doomed.id).ok());
    QTRY_COMPARE_WITH_TIMEOUT(f.run(queued.id).state, RunState::Cancelled, 10000);
    QVERIFY(f.run(queued.id).error.contains(u"deleted"_s));
}

void TestRunQueue::raisingTheLimitAdmitsAtOnce()
{
    EngineConfig config;
    config.runs.maxConcurrent = 1;
    EngineFixture f;
    QVERIFY(f.open(config));
    f.engine->start();
    QList<Run> runs;
    for (int i = 0; i < 3; ++i) {
        const Task t = f.create(task(u"t%1"_s.arg(i), helper(u"sleep 30000"_s)));
        runs.append(*f.engine->runTaskNow(t.id).run);
    }
    QCOMPARE(f.engine->queue().runningCount(), 1);
    RunSettings settings = f.engine->runSettings();
    settings.maxConcurrent = 3;
    QVERIFY(f.engine->setRunSettings(settings));
    QCOMPARE(f.engine->queue().runningCount(), 3);
    QCOMPARE(f.engine->queue().queuedCount(), 0);
    for (const Run &run : std::as_const(runs))
        QVERIFY(f.engine->cancelRun(run.id));
    QTRY_COMPARE_WITH_TIMEOUT(f.engine->queue().runningCount(), 0, 5000);
}

QTEST_GUILESS_MAIN(TestRunQueue)
#include "tst_runqueue.moc"
