// SPDX-License-Identifier: MIT
#include "enginefixture.h"

#include "execution/processtree.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFile>
#include <QProcess>
#include <QTest>

#include <csignal>

using namespace Qt::StringLiterals;
using namespace Kumo;
using namespace KumoTest;

namespace {
/// A run row as a killed Kumo leaves it: `running`, with a pid and its start time.
Run recordInterruptedRun(EngineFixture &f, qint64 taskId, qint64 pid, qint64 startTicks, qint64 startedAt)
{
    Run run;
    run.taskId = taskId;
    run.state = RunState::Running;
    run.reason = u"schedule"_s;
    run.scheduledAt = startedAt;
    run.startedAt = startedAt;
    run.pid = pid;
    run.pidStartTicks = startTicks;
    if (!f.engine->runs().insert(run) || !f.engine->runs().markRunning(run))
        qFatal("cannot record the interrupted run");
    return run;
}
} // namespace

class TestCrashRecovery final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void leftoverTreeIsKilledAndRunRetried();
    void reusedPidIsNeverSignalled();
    void runFromAnEarlierBootIsNeverSignalled();
};

void TestCrashRecovery::leftoverTreeIsKilledAndRunRetried()
{
    EngineFixture f;
    QVERIFY(f.open());
    Task spec = task(u"interrupted"_s, helper(u"exit 0"_s));
    spec.retries = 1;
    spec.retryIntervalSeconds = 0;
    const Task t = f.create(spec);

    // What a killed Kumo leaves behind: a session leader with children and grandchildren.
    const QString pidFile = f.dir->filePath(u"pids"_s);
    qint64 leader = 0;
    QVERIFY(QProcess::startDetached(u"/usr/bin/setsid"_s,
        { QStringLiteral(KUMO_TEST_HELPER), u"grandchildren"_s, u"2"_s, pidFile, u"60000"_s }, QString(),
        &leader));
    // Two children, each with a grandchild; the helper reports 2N-1 = 3 live pids besides itself.
    QTRY_COMPARE_WITH_TIMEOUT(readPids(pidFile).size(), 3, 5000);
    const QList<qint64> pids = readPids(pidFile) << leader;
    for (qint64 pid : pids)
        QVERIFY(alive(pid));

    const Run run = recordInterruptedRun(
        f, t.id, leader, *ProcessTree::startTicks(leader), QDateTime::currentMSecsSinceEpoch());

    f.engine->start();
    QCOMPARE(f.run(run.id).state, RunState::Lost);
    QVERIFY(f.run(run.id).error.contains(u"killed"_s));
    for (qint64 pid : pids)
        QTRY_VERIFY2_WITH_TIMEOUT(!alive(pid), qPrintable(u"pid %1 survived"_s.arg(pid)), 5000);
    // The lost attempt is retried.
    QTRY_COMPARE_WITH_TIMEOUT(f.engine->runs().countByState().value(u"succeeded"_s), 1, 10000);
    const QList<Run> runs = f.engine->runs().listByTask(t.id);
    QCOMPARE(runs.size(), 2);
    QCOMPARE(runs.at(0).attempt, 2);
    QCOMPARE(runs.at(0).groupId, run.id);
}

void TestCrashRecovery::reusedPidIsNeverSignalled()
{
    EngineFixture f;
    QVERIFY(f.open());
    const Task t = f.create(task(u"old"_s, helper(u"exit 0"_s)));
    // The recorded pid now belongs to this test process, which started at another time.
    const qint64 self = QCoreApplication::applicationPid();
    const Run run = recordInterruptedRun(
        f, t.id, self, *ProcessTree::startTicks(self) + 12345, QDateTime::currentMSecsSinceEpoch());
    f.engine->start();
    QCOMPARE(f.run(run.id).state, RunState::Lost);
    QVERIFY(!f.run(run.id).error.contains(u"killed"_s));
    QVERIFY(alive(QCoreApplication::applicationPid()));
}

void TestCrashRecovery::runFromAnEarlierBootIsNeverSignalled()
{
    EngineFixture f;
    QVERIFY(f.open());
    const Task t = f.create(task(u"ancient"_s, helper(u"exit 0"_s)));
    // Pid and start ticks match this very process, but the run started before this boot:
    // the numbers are a coincidence, and signalling them would kill this test.
    const qint64 self = QCoreApplication::applicationPid();
    const Run run = recordInterruptedRun(f, t.id, self, *ProcessTree::startTicks(self), 1000);
    f.engine->start();
    QCOMPARE(f.run(run.id).state, RunState::Lost);
    QVERIFY(alive(QCoreApplication::applicationPid()));
}

QTEST_GUILESS_MAIN(TestCrashRecovery)
#include "tst_crashrecovery.moc"
