// SPDX-License-Identifier: MIT
#include "storage/database.h"
#include "storage/runstore.h"

#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Kumo;

class TestRunStore final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void lifecycle();
    void retriesShareTheGroup();
    void listByStatesInFireOrder();
    void samplesInBatches();
    void retentionByAgeAndCount();

private:
    static Run queuedRun(qint64 taskId, qint64 scheduledAt)
    {
        Run run;
        run.taskId = taskId;
        run.reason = u"schedule"_s;
        run.scheduledAt = scheduledAt;
        run.queuedAt = scheduledAt;
        return run;
    }
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Database> m_db;
};

void TestRunStore::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_db = std::make_unique<Database>();
    QVERIFY(m_db->open(m_dir->filePath(u"kumo.db"_s)));
    QVERIFY(m_db->migrate());
}

void TestRunStore::cleanup()
{
    m_db.reset();
    m_dir.reset();
}

void TestRunStore::lifecycle()
{
    RunStore store(*m_db);
    Run run = queuedRun(1, 1000);
    QVERIFY2(store.insert(run), qPrintable(store.errorString()));
    QCOMPARE(run.groupId, run.id);
    run.state = RunState::Running;
    run.startedAt = 1005;
    run.pid = 4242;
    run.pidStartTicks = 77;
    run.logPath = u"/tmp/x.log"_s;
    QVERIFY(store.markRunning(run));
    QCOMPARE(store.get(run.id)->state, RunState::Running);
    QCOMPARE(store.get(run.id)->pid, 4242);
    run.state = RunState::Failed;
    run.finishedAt = 2000;
    run.exitCode = 3;
    run.cpuPeakPercent = 87.5;
    run.rssPeakBytes = 48234496;
    run.cpuSeconds = 1.9;
    run.logBytes = 5120;
    run.logTruncated = true;
    QVERIFY(store.finish(run));
    const Run read = *store.get(run.id);
    QCOMPARE(read.toJson(), run.toJson());
    QCOMPARE(read.groupId, run.id);
}

void TestRunStore::retriesShareTheGroup()
{
    RunStore store(*m_db);
    Run first = queuedRun(1, 1000);
    QVERIFY(store.insert(first));
    Run retry = queuedRun(1, 5000);
    retry.groupId = first.groupId;
    retry.attempt = 2;
    QVERIFY(store.insert(retry));
    QCOMPARE(store.get(retry.id)->groupId, first.id);
    QCOMPARE(store.get(retry.id)->attempt, 2);
}

void TestRunStore::listByStatesInFireOrder()
{
    RunStore store(*m_db);
    Run late = queuedRun(1, 3000);
    Run early = queuedRun(2, 1000);
    Run done = queuedRun(3, 500);
    done.state = RunState::Succeeded;
    QVERIFY(store.insert(late) && store.insert(early) && store.insert(done));
    const QList<Run> queued = store.listByStates({ RunState::Queued });
    QCOMPARE(queued.size(), 2);
    QCOMPARE(queued.at(0).id, early.id);
    QCOMPARE(queued.at(1).id, late.id);
    QCOMPARE(store.countByState().value(u"queued"_s), 2);
    QCOMPARE(store.countByState().value(u"succeeded"_s), 1);
}

void TestRunStore::samplesInBatches()
{
    RunStore store(*m_db);
    QVERIFY(store.insertSamples({ { 7, 100, 12.5, 1000 }, { 8, 100, 50, 2000 }, { 7, 200, 99, 3000 } }));
    const QList<ResourceSample> samples = store.samples(7);
    QCOMPARE(samples.size(), 2);
    QCOMPARE(samples.at(1).cpuPercent, 99.0);
    QCOMPARE(samples.at(1).rssBytes, 3000);
}

void TestRunStore::retentionByAgeAndCount()
{
    RunStore store(*m_db);
    QList<qint64> ids;
    for (int i = 0; i < 5; ++i) {
        Run run = queuedRun(1, 1000 + i);
        run.state = RunState::Succeeded;
        run.finishedAt = 10000 + i * 1000;
        run.logPath = u"/tmp/%1.log"_s.arg(i);
        QVERIFY(store.insert(run));
        ids.append(run.id);
    }
    Run active = queuedRun(1, 9999);
    active.logPath = u"/tmp/active.log"_s;
    QVERIFY(store.insert(active));
    // Keep the newest 3 logs per task, the active run's among them: the three oldest go, and
    // the active run's own log never does.
    QList<Run> expired = store.logsBeyondRetention(0, 3);
    QCOMPARE(expired.size(), 3);
    QCOMPARE(expired.at(0).id, ids.at(0));
    QCOMPARE(expired.at(2).id, ids.at(2));
    QCOMPARE(store.logsBeyondRetention(0, 0).size(), 5);
    // By age: everything finished before 12500 goes (ids 0..2); the queued run never does.
    expired = store.logsBeyondRetention(12500, 100);
    QCOMPARE(expired.size(), 3);
    QVERIFY(store.insertSamples({ { ids.at(0), 100, 1.0, 10 }, { ids.at(1), 100, 1.0, 10 } }));
    QVERIFY(store.purgeDetails(ids.at(0)));
    QVERIFY(store.get(ids.at(0))->logPath.isEmpty());
    QVERIFY(store.samples(ids.at(0)).isEmpty());
    QCOMPARE(store.samples(ids.at(1)).size(), 1);
}

QTEST_GUILESS_MAIN(TestRunStore)
#include "tst_runstore.moc"
