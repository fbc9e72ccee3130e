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
QList<qint64> readPids(const QString &path)
{
    QList<qint64> pids;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return pids;
    const QList<QByteArray> lines = file.readAll().split('\n');
    for (const QByteArray &line : lines) {
        // Lines read "pid 1234"; the number is the last word.
        const QList<QByteArray> words = line.simplified().split(' ');
        if (!words.constLast().isEmpty())
            pids.append(words.constLast().toLongLong());
    }
    return pids;
}

bool alive(qint64 pid)
{
    // A zombie still answers kill(0); look at its state instead.
    QFile stat(u"/proc/%1/stat"_s.arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return false;
    const QByteArray text = stat.readAll();
    const qsizetype close = text.lastIndexOf(')');
    return close > 0 && text.mid(close + 2, 1) != "Z";
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

    Run run;
    run.taskId = t.id;
    run.state = RunState::Running;
    run.reason = u"schedule"_s;
    run.scheduledAt = 1000;
    run.startedAt = QDateTime::currentMSecsSinceEpoch();
    run.pid = leader;
    run.pidStartTicks = *ProcessTree::startTicks(leader);
    QVERIFY(f.engine->runs().insert(run));
    QVERIFY(f.engine->runs().markRunning(run));

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
    Run run;
    run.taskId = t.id;
    run.state = RunState::Running;
    run.reason = u"schedule"_s;
    run.scheduledAt = 1000;
    run.pid = QCoreApplication::applicationPid();
    run.pidStartTicks = *ProcessTree::startTicks(run.pid) + 12345;
    QVERIFY(f.engine->runs().insert(run));
    QVERIFY(f.engine->runs().markRunning(run));
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
    Run run;
    run.taskId = t.id;
    run.state = RunState::Running;
    run.reason = u"schedule"_s;
    run.scheduledAt = 1000;
    run.startedAt = 1000;
    run.pid = QCoreApplication::applicationPid();
    run.pidStartTicks = *ProcessTree::startTicks(run.pid);
    QVERIFY(f.engine->runs().insert(run));
    QVERIFY(f.engine->runs().markRunning(run));
    f.engine->start();
    QCOMPARE(f.run(run.id).state, RunState::Lost);
    QVERIFY(alive(QCoreApplication::applicationPid()));
}

QTEST_GUILESS_MAIN(TestCrashRecovery)
#include "tst_crashrecovery.moc"
