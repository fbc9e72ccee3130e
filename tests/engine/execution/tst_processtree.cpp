// SPDX-License-Identifier: MIT
#include "execution/processrunner.h"
#include "execution/processtree.h"

#include <QElapsedTimer>
#include <QFile>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace Qt::StringLiterals;
using Kumo::ProcessRunner;
namespace ProcessTree = Kumo::ProcessTree;

namespace {

constexpr qint64 kNoSuchPid = 0x3fffffff; // above PID_MAX_LIMIT

QList<qint64> readPidFile(const QString &path)
{
    QList<qint64> pids;
    QFile file(path);
    if (file.open(QIODevice::ReadOnly)) {
        const QList<QByteArray> lines = file.readAll().split('\n');
        for (const QByteArray &line : lines) {
            if (line.startsWith("pid "))
                pids.append(line.mid(4).toLongLong());
        }
    }
    return pids;
}

bool isAlive(qint64 pid)
{
    const auto stat = ProcessTree::readStat(pid);
    return stat && !stat->isZombie();
}

} // namespace

class TestProcessTree final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void startTicksIsStable();
    void startTicksSurvivesHostileName_data();
    void startTicksSurvivesHostileName();
    void startTicksDiffersBetweenProcesses();
    void startTicksOfMissingProcess_data();
    void startTicksOfMissingProcess();
    void isSameProcess();
    void zombieKeepsItsIdentityUntilReaped();
    void membersFindGrandchildren();
    void signalTreeReachesEveryMember();
    void signalTreeRefusesSpecialPids_data();
    void signalTreeRefusesSpecialPids();

private:
    // A helper in its own session (the runner's setsid) with 1 child and 2 grandchildren, one of
    // them orphaned.
    bool startFamily(ProcessRunner &runner, QList<qint64> *members);

    QTemporaryDir m_dir;
    int m_families = 0;
};

bool TestProcessTree::startFamily(ProcessRunner &runner, QList<qint64> *members)
{
    const QString pidFile = m_dir.filePath(u"family-%1.pids"_s.arg(++m_families));
    QByteArray out;
    connect(&runner, &Kumo::ProcessRunner::output, this,
        [&out](Kumo::OutputStream, const QByteArray &data) { out += data; });
    Kumo::ProcessSpec spec;
    spec.command
        = u"exec '"_s + QStringLiteral(KUMO_TEST_HELPER) + u"' grandchildren 2 '"_s + pidFile + u"' 10000"_s;
    spec.killGraceMs = 500;
    runner.start(spec);
    QElapsedTimer clock;
    clock.start();
    while (!out.contains("ready\n") && clock.elapsed() < 3000)
        QTest::qWait(10);
    runner.disconnect(this);
    *members = readPidFile(pidFile);
    return out.contains("ready\n") && members->size() == 3;
}

void TestProcessTree::startTicksIsStable()
{
    const auto first = ProcessTree::startTicks(::getpid());
    QVERIFY(first);
    QVERIFY(*first > 0);
    QCOMPARE(ProcessTree::startTicks(::getpid()), first);
    const auto stat = ProcessTree::readStat(::getpid());
    QVERIFY(stat);
    QCOMPARE(stat->pid, qint64(::getpid()));
    QCOMPARE(stat->ppid, qint64(::getppid()));
    QCOMPARE(stat->pgrp, qint64(::getpgrp()));
    QCOMPARE(stat->session, qint64(::getsid(0)));
    QCOMPARE(stat->state, 'R');
    QVERIFY(stat->rssPages > 0);
}

void TestProcessTree::startTicksSurvivesHostileName_data()
{
    QTest::addColumn<QByteArray>("name");
    QTest::addRow("spaces") << QByteArray("a b c d e f");
    QTest::addRow("parentheses") << QByteArray("x) R 1 (y) 2 3");
    QTest::addRow("trailing paren") << QByteArray("evil)");
}

void TestProcessTree::startTicksSurvivesHostileName()
{
    QFETCH(QByteArray, name);
    const auto before = ProcessTree::readStat(::getpid());
    QVERIFY(before);
    char original[32] = {};
    QCOMPARE(::prctl(PR_GET_NAME, original), 0);
    // The main thread's name is the comm field of /proc/PID/stat.
    QCOMPARE(::prctl(PR_SET_NAME, name.constData()), 0);
    const auto after = ProcessTree::readStat(::getpid());
    ::prctl(PR_SET_NAME, original);
    QVERIFY(after);
    QCOMPARE(after->startTicks, before->startTicks);
    QCOMPARE(after->ppid, before->ppid);
    QCOMPARE(after->session, before->session);
}

void TestProcessTree::startTicksDiffersBetweenProcesses()
{
    const auto self = ProcessTree::startTicks(::getpid());
    QVERIFY(self);
    QTest::qWait(30); // more than one clock tick after our own start
    ProcessRunner runner;
    QSignalSpy started(&runner, &ProcessRunner::started);
    QSignalSpy finished(&runner, &ProcessRunner::finished);
    Kumo::ProcessSpec spec;
    spec.command = u"exec '"_s + QStringLiteral(KUMO_TEST_HELPER) + u"' sleep 2000"_s;
    runner.start(spec);
    QVERIFY(started.wait(2000));
    const auto child = ProcessTree::startTicks(runner.pid());
    QVERIFY(child);
    QVERIFY(*child > *self);
    QCOMPARE(*child, runner.processStartTicks());
    runner.cancel(u"done"_s);
    QVERIFY(finished.wait(2000));
}

void TestProcessTree::startTicksOfMissingProcess_data()
{
    QTest::addColumn<qint64>("pid");
    QTest::addRow("zero") << qint64(0);
    QTest::addRow("negative") << qint64(-42);
    QTest::addRow("beyond pid_max") << kNoSuchPid;
}

void TestProcessTree::startTicksOfMissingProcess()
{
    QFETCH(qint64, pid);
    QVERIFY(!ProcessTree::startTicks(pid));
    QVERIFY(!ProcessTree::readStat(pid));
    QVERIFY(!ProcessTree::isSameProcess(pid, 0));
    QVERIFY(ProcessTree::members(pid).isEmpty());
}

void TestProcessTree::isSameProcess()
{
    const qint64 self = ::getpid();
    const qint64 ticks = *ProcessTree::startTicks(self);
    QVERIFY(ProcessTree::isSameProcess(self, ticks));
    QVERIFY(!ProcessTree::isSameProcess(self, ticks + 1));
    QVERIFY(!ProcessTree::isSameProcess(kNoSuchPid, ticks));
}

void TestProcessTree::zombieKeepsItsIdentityUntilReaped()
{
    const pid_t child = ::fork();
    QVERIFY(child >= 0);
    if (child == 0) {
        ::pause(); // until killed
        ::_exit(0);
    }
    QTRY_VERIFY(ProcessTree::startTicks(child).has_value());
    const qint64 ticks = *ProcessTree::startTicks(child);
    QVERIFY(ProcessTree::isSameProcess(child, ticks));
    QCOMPARE(::kill(child, SIGKILL), 0);
    QTRY_VERIFY(ProcessTree::readStat(child) && ProcessTree::readStat(child)->isZombie());
    // Dead but unreaped: its PID cannot be reused yet, but it is no member to signal.
    QVERIFY(ProcessTree::isSameProcess(child, ticks));
    QVERIFY(!ProcessTree::members(::getpid()).contains(child));
    QCOMPARE(::waitpid(child, nullptr, 0), child);
    QVERIFY(!ProcessTree::isSameProcess(child, ticks));
    QVERIFY(!ProcessTree::startTicks(child));
}

void TestProcessTree::membersFindGrandchildren()
{
    ProcessRunner runner;
    QSignalSpy finished(&runner, &ProcessRunner::finished);
    QList<qint64> family;
    QVERIFY(startFamily(runner, &family));

    const QList<qint64> members = ProcessTree::members(runner.pid());
    QVERIFY(!members.contains(runner.pid()));
    for (const qint64 pid : std::as_const(family))
        QVERIFY2(members.contains(pid), qPrintable(u"pid %1 missing"_s.arg(pid)));
    QVERIFY(!members.contains(::getpid()));

    // One grandchild is an orphan in a group of its own: it is still found, through its session.
    int orphans = 0;
    for (const qint64 pid : std::as_const(family)) {
        const auto stat = ProcessTree::readStat(pid);
        QVERIFY(stat);
        QCOMPARE(stat->session, runner.pid());
        if (stat->pgrp != runner.pid()) {
            QVERIFY(stat->ppid != runner.pid());
            ++orphans;
        }
    }
    QCOMPARE(orphans, 1);

    runner.cancel(u"done"_s);
    QVERIFY(finished.wait(3000));
    QVERIFY(ProcessTree::members(runner.pid()).isEmpty());
}

void TestProcessTree::signalTreeReachesEveryMember()
{
    ProcessRunner runner;
    QSignalSpy finished(&runner, &ProcessRunner::finished);
    QList<qint64> family;
    QVERIFY(startFamily(runner, &family));

    QCOMPARE(ProcessTree::signalTree(runner.pid(), SIGKILL), 4); // root, 1 child, 2 grandchildren
    QVERIFY(finished.wait(3000));
    for (const qint64 pid : std::as_const(family))
        QTRY_VERIFY(!isAlive(pid));
    QCOMPARE(finished.at(0).at(0).value<Kumo::ProcessOutcome>().signal, SIGKILL);
    QCOMPARE(ProcessTree::signalTree(runner.pid(), SIGKILL), 0);
}

void TestProcessTree::signalTreeRefusesSpecialPids_data()
{
    QTest::addColumn<qint64>("pid");
    QTest::addRow("init") << qint64(1);
    QTest::addRow("zero") << qint64(0);
    QTest::addRow("minus one") << qint64(-1);
}

void TestProcessTree::signalTreeRefusesSpecialPids()
{
    QFETCH(qint64, pid);
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"refusing to signal"_s));
    // Signal 0 only checks permissions: harmless even if the guard failed.
    QCOMPARE(ProcessTree::signalTree(pid, 0), 0);
}

QTEST_GUILESS_MAIN(TestProcessTree)

#include "tst_processtree.moc"
