// SPDX-License-Identifier: MIT
#include "execution/processrunner.h"
#include "execution/processtree.h"

#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <memory>

using namespace Qt::StringLiterals;
using Kumo::OutputStream;
using Kumo::ProcessOutcome;
using Kumo::ProcessRunner;
using Kumo::ProcessSpec;

namespace {

QString helper()
{
    return QStringLiteral(KUMO_TEST_HELPER);
}

// `exec` so that the helper itself is the supervised process: dash would otherwise stay in
// between and turn a signal death into exit code 128 + N.
QString helperCommand(const QString &arguments)
{
    return u"exec '"_s + helper() + u"' "_s + arguments;
}

struct Process
{
    qint64 pid = 0;
    qint64 startTicks = 0;
};

// The pids a helper wrote to PIDFILE, with their start times so that a reused PID is not
// mistaken for a survivor.
QList<Process> readPidFile(const QString &path)
{
    QList<Process> processes;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return processes;
    const QList<QByteArray> lines = file.readAll().split('\n');
    for (const QByteArray &line : lines) {
        if (!line.startsWith("pid "))
            continue;
        Process process;
        process.pid = line.mid(4).toLongLong();
        // Already gone when it has no start time left: nothing to check later.
        if (const auto ticks = Kumo::ProcessTree::startTicks(process.pid)) {
            process.startTicks = *ticks;
            processes.append(process);
        }
    }
    return processes;
}

QList<qint64> survivors(const QList<Process> &processes)
{
    QList<qint64> alive;
    for (const Process &process : processes) {
        // A zombie is dead: it only waits for its parent (often init) to reap it.
        const auto stat = Kumo::ProcessTree::readStat(process.pid);
        if (stat && !stat->isZombie() && stat->startTicks == process.startTicks)
            alive.append(process.pid);
    }
    return alive;
}

// Collects a run's output and remembers how much of it had arrived when finished() came.
struct Recorder
{
    explicit Recorder(ProcessRunner *runner)
    {
        QObject::connect(
            runner, &ProcessRunner::output, runner, [this](OutputStream stream, const QByteArray &data) {
                (stream == OutputStream::Stdout ? out : err) += data;
            });
        QObject::connect(runner, &ProcessRunner::finished, runner, [this](const ProcessOutcome &o) {
            outcome = o;
            ++finishedCount;
            outAtFinish = out.size();
        });
    }
    QByteArray out;
    QByteArray err;
    ProcessOutcome outcome;
    int finishedCount = 0;
    qsizetype outAtFinish = -1;
};

bool writeExecutable(const QString &path, const QByteArray &content)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(content) == content.size()
        && file.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
}

ProcessSpec spec(const QString &command, int timeoutMs = 0, int killGraceMs = 1000)
{
    ProcessSpec s;
    s.command = command;
    s.timeoutMs = timeoutMs;
    s.killGraceMs = killGraceMs;
    return s;
}

} // namespace

class TestProcessRunner final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void exitCodes_data();
    void exitCodes();
    void signalDeath_data();
    void signalDeath();
    void separatesStdoutAndStderr();
    void appliesWorkingDirectoryAndEnvironment();
    void inheritsEnvironmentWhenEmpty();
    void failsToStart_data();
    void failsToStart();
    void finishedExactlyOnce();
    void deliversAllOutputBeforeFinished();
    void reportsPidAndStartTicks();
    void timeoutKillsWholeTree();
    void sigtermIgnoredGetsSigkill();
    void cancelKillsWholeTree();
    void leftoverDaemonIsKilled_data();
    void leftoverDaemonIsKilled();
    void destroyingRunnerKillsTree();
    void behavesLikeTheShell_data();
    void behavesLikeTheShell();

private:
    QTemporaryDir m_dir;
};

void TestProcessRunner::exitCodes_data()
{
    QTest::addColumn<QString>("arguments");
    QTest::addColumn<int>("exitCode");
    QTest::addRow("0") << u"exit 0"_s << 0;
    QTest::addRow("1") << u"exit 1"_s << 1;
    QTest::addRow("3 after output") << u"print 3 -- exit 3"_s << 3;
    QTest::addRow("255") << u"exit 255"_s << 255;
}

void TestProcessRunner::exitCodes()
{
    QFETCH(QString, arguments);
    QFETCH(int, exitCode);

    ProcessRunner runner;
    QSignalSpy finished(&runner, &ProcessRunner::finished);
    runner.start(spec(helperCommand(arguments)));
    QVERIFY(finished.wait(5000));
    const auto outcome = finished.at(0).at(0).value<ProcessOutcome>();
    QCOMPARE(outcome.kind, ProcessOutcome::Kind::Exited);
    QCOMPARE(outcome.exitCode, exitCode);
    QCOMPARE(outcome.signal, 0);
    QVERIFY(!runner.isRunning());
}

void TestProcessRunner::signalDeath_data()
{
    QTest::addColumn<int>("signal");
    QTest::addRow("SIGKILL") << SIGKILL;
    QTest::addRow("SIGSEGV") << SIGSEGV;
    QTest::addRow("SIGTERM") << SIGTERM;
}

void TestProcessRunner::signalDeath()
{
    QFETCH(int, signal);

    ProcessRunner runner;
    QSignalSpy finished(&runner, &ProcessRunner::finished);
    runner.start(spec(helperCommand(u"signal %1"_s.arg(signal))));
    QVERIFY(finished.wait(5000));
    const auto outcome = finished.at(0).at(0).value<ProcessOutcome>();
    QCOMPARE(outcome.kind, ProcessOutcome::Kind::Signaled);
    QCOMPARE(outcome.signal, signal);
}

void TestProcessRunner::separatesStdoutAndStderr()
{
    ProcessRunner runner;
    Recorder recorder(&runner);
    runner.start(spec(helperCommand(u"print 3 -- stderr 2 -- print 1 tail -- stderr 1 last"_s)));
    QTRY_COMPARE(recorder.finishedCount, 1);
    QCOMPARE(recorder.out, "out 1\nout 2\nout 3\ntail 1\n");
    QCOMPARE(recorder.err, "err 1\nerr 2\nlast 1\n");
}

void TestProcessRunner::appliesWorkingDirectoryAndEnvironment()
{
    QTemporaryDir workDir;
    QVERIFY(workDir.isValid());
    ProcessSpec s = spec(helperCommand(u"pwd -- env KUMO_TEST_VALUE -- env KUMO_TEST_UNSET"_s));
    s.workingDirectory = workDir.path();
    s.environment = QProcessEnvironment::systemEnvironment();
    s.environment.insert(u"KUMO_TEST_VALUE"_s, u"héllo wörld"_s);
    s.environment.remove(u"KUMO_TEST_UNSET"_s);

    ProcessRunner runner;
    Recorder recorder(&runner);
    runner.start(s);
    QTRY_COMPARE(recorder.finishedCount, 1);
    QCOMPARE(recorder.outcome.kind, ProcessOutcome::Kind::Exited);
    const QByteArray expected = QFileInfo(workDir.path()).canonicalFilePath().toUtf8() + "\n"
        + u"héllo wörld"_s.toUtf8() + "\n(unset)\n";
    QCOMPARE(recorder.out, expected);
}

void TestProcessRunner::inheritsEnvironmentWhenEmpty()
{
    qputenv("KUMO_TEST_INHERITED", "from the server");
    ProcessRunner runner;
    Recorder recorder(&runner);
    runner.start(spec(helperCommand(u"env KUMO_TEST_INHERITED"_s)));
    QTRY_COMPARE(recorder.finishedCount, 1);
    QCOMPARE(recorder.out, "from the server\n");
    qunsetenv("KUMO_TEST_INHERITED");
}

void TestProcessRunner::failsToStart_data()
{
    QTest::addColumn<QString>("workingDirectory");
    QTest::addColumn<QString>("message");
    QVERIFY(m_dir.isValid());
    const QString missing = m_dir.filePath(u"no-such-dir"_s);
    QTest::addRow("missing directory") << missing << u"working directory does not exist: "_s + missing;
    const QString file = m_dir.filePath(u"a-file"_s);
    QFile f(file);
    QVERIFY(f.open(QIODevice::WriteOnly));
    QTest::addRow("file as directory") << file << u"working directory is not a directory: "_s + file;
}

void TestProcessRunner::failsToStart()
{
    QFETCH(QString, workingDirectory);
    QFETCH(QString, message);

    ProcessRunner runner;
    QSignalSpy started(&runner, &ProcessRunner::started);
    QSignalSpy finished(&runner, &ProcessRunner::finished);
    ProcessSpec s = spec(helperCommand(u"exit 0"_s));
    s.workingDirectory = workingDirectory;
    runner.start(s);
    QCOMPARE(finished.count(), 0); // never from inside start()
    QVERIFY(finished.wait(2000));
    const auto outcome = finished.at(0).at(0).value<ProcessOutcome>();
    QCOMPARE(outcome.kind, ProcessOutcome::Kind::FailedToStart);
    QCOMPARE(outcome.error, message);
    QCOMPARE(started.count(), 0);
    QVERIFY(!runner.isRunning());
}

void TestProcessRunner::finishedExactlyOnce()
{
    ProcessRunner runner;
    QSignalSpy finished(&runner, &ProcessRunner::finished);
    runner.start(spec(helperCommand(u"sleep 5000"_s), 100, 1000));
    QTest::qWait(20);
    runner.cancel(u"first"_s);
    runner.cancel(u"second"_s);
    QVERIFY(finished.wait(2000));
    runner.cancel(u"after the end"_s);
    QTest::qWait(200); // past the timeout that was armed
    QCOMPARE(finished.count(), 1);
    const auto outcome = finished.at(0).at(0).value<ProcessOutcome>();
    QCOMPARE(outcome.kind, ProcessOutcome::Kind::Cancelled);
    QCOMPARE(outcome.error, u"first"_s);
}

void TestProcessRunner::deliversAllOutputBeforeFinished()
{
    constexpr qsizetype kBytes = 5 * 1024 * 1024;
    ProcessRunner runner;
    Recorder recorder(&runner);
    runner.start(spec(helperCommand(u"flood %1"_s.arg(kBytes))));
    QTRY_COMPARE_WITH_TIMEOUT(recorder.finishedCount, 1, 10000);
    QCOMPARE(recorder.outcome.kind, ProcessOutcome::Kind::Exited);
    QCOMPARE(recorder.outAtFinish, kBytes);
    QCOMPARE(recorder.out.count('\n'), kBytes / 64);
    QCOMPARE(recorder.out.at(63), '\n');
}

void TestProcessRunner::reportsPidAndStartTicks()
{
    ProcessRunner runner;
    QSignalSpy started(&runner, &ProcessRunner::started);
    QSignalSpy finished(&runner, &ProcessRunner::finished);
    runner.start(spec(helperCommand(u"sleep 2000"_s)));
    QVERIFY(started.wait(2000));
    const qint64 pid = started.at(0).at(0).toLongLong();
    QCOMPARE(pid, runner.pid());
    QVERIFY(runner.isRunning());
    QVERIFY(runner.processStartTicks() > 0);
    QVERIFY(Kumo::ProcessTree::isSameProcess(pid, runner.processStartTicks()));
    // Its own session and process group.
    const auto stat = Kumo::ProcessTree::readStat(pid);
    QVERIFY(stat);
    QCOMPARE(stat->session, pid);
    QCOMPARE(stat->pgrp, pid);
    runner.cancel(u"done"_s);
    QVERIFY(finished.wait(2000));
}

void TestProcessRunner::timeoutKillsWholeTree()
{
    const QString pidFile = m_dir.filePath(u"timeout.pids"_s);
    ProcessRunner runner;
    Recorder recorder(&runner);
    QElapsedTimer clock;
    clock.start();
    runner.start(spec(helperCommand(u"grandchildren 3 '%1' 10000"_s.arg(pidFile)), 500, 1000));
    QTRY_VERIFY_WITH_TIMEOUT(recorder.out.contains("ready\n"), 2000);
    const QList<Process> tree = readPidFile(pidFile);
    QCOMPARE(tree.size(), 5);

    QTRY_COMPARE_WITH_TIMEOUT(recorder.finishedCount, 1, 3000);
    QCOMPARE(recorder.outcome.kind, ProcessOutcome::Kind::TimedOut);
    QCOMPARE(recorder.outcome.signal, SIGTERM);
    QVERIFY(recorder.outcome.error.contains(u"500 ms"_s));
    QVERIFY2(clock.elapsed() < 1400, "SIGTERM was enough; no need to wait for the grace period");
    QCOMPARE(survivors(tree), QList<qint64>());
}

void TestProcessRunner::sigtermIgnoredGetsSigkill()
{
    const QString pidFile = m_dir.filePath(u"stubborn.pids"_s);
    ProcessRunner runner;
    Recorder recorder(&runner);
    QElapsedTimer clock;
    clock.start();
    runner.start(spec(helperCommand(u"ignore-term -- grandchildren 2 '%1' 10000"_s.arg(pidFile)), 300, 300));
    QTRY_VERIFY_WITH_TIMEOUT(recorder.out.contains("ready\n"), 2000);
    const QList<Process> tree = readPidFile(pidFile);
    QCOMPARE(tree.size(), 3);

    QTRY_COMPARE_WITH_TIMEOUT(recorder.finishedCount, 1, 3000);
    QVERIFY(clock.elapsed() >= 600);
    QCOMPARE(recorder.outcome.kind, ProcessOutcome::Kind::TimedOut);
    QCOMPARE(recorder.outcome.signal, SIGKILL);
    QCOMPARE(survivors(tree), QList<qint64>());
}

void TestProcessRunner::cancelKillsWholeTree()
{
    const QString pidFile = m_dir.filePath(u"cancel.pids"_s);
    ProcessRunner runner;
    Recorder recorder(&runner);
    runner.start(spec(helperCommand(u"grandchildren 2 '%1' 10000"_s.arg(pidFile))));
    QTRY_VERIFY_WITH_TIMEOUT(recorder.out.contains("ready\n"), 2000);
    const QList<Process> tree = readPidFile(pidFile);
    QCOMPARE(tree.size(), 3);

    runner.cancel(u"cancelled by the test"_s);
    QTRY_COMPARE_WITH_TIMEOUT(recorder.finishedCount, 1, 3000);
    QCOMPARE(recorder.outcome.kind, ProcessOutcome::Kind::Cancelled);
    QCOMPARE(recorder.outcome.signal, SIGTERM);
    QCOMPARE(recorder.outcome.error, u"cancelled by the test"_s);
    QCOMPARE(survivors(tree), QList<qint64>());
}

void TestProcessRunner::leftoverDaemonIsKilled_data()
{
    QTest::addColumn<bool>("ignoresSigterm");
    QTest::addRow("obeys SIGTERM") << false;
    QTest::addRow("ignores SIGTERM") << true;
}

void TestProcessRunner::leftoverDaemonIsKilled()
{
    QFETCH(bool, ignoresSigterm);

    const QString pidFile = m_dir.filePath(u"daemon-%1.pids"_s.arg(ignoresSigterm));
    ProcessRunner runner;
    Recorder recorder(&runner);
    QList<Process> daemon;
    // Read the daemon's pid as soon as the main process is done, before cleanup can finish.
    connect(&runner, &ProcessRunner::output, this, [&] { daemon = readPidFile(pidFile); });
    const QString prefix = ignoresSigterm ? u"ignore-term -- "_s : QString();
    runner.start(
        spec(helperCommand(prefix + u"daemon '%1' 10000 -- print 1 parent-done"_s.arg(pidFile)), 0, 300));
    QTRY_COMPARE_WITH_TIMEOUT(recorder.finishedCount, 1, 3000);
    QCOMPARE(recorder.out, "parent-done 1\n");
    QCOMPARE(recorder.outcome.kind, ProcessOutcome::Kind::Exited);
    QCOMPARE(recorder.outcome.exitCode, 0);
    QCOMPARE(daemon.size(), 1);
    QCOMPARE(survivors(daemon), QList<qint64>());
}

void TestProcessRunner::destroyingRunnerKillsTree()
{
    const QString pidFile = m_dir.filePath(u"destroy.pids"_s);
    auto runner = std::make_unique<ProcessRunner>();
    Recorder recorder(runner.get());
    runner->start(spec(helperCommand(u"grandchildren 2 '%1' 10000"_s.arg(pidFile))));
    QTRY_VERIFY_WITH_TIMEOUT(recorder.out.contains("ready\n"), 2000);
    const qint64 rootPid = runner->pid();
    QList<Process> tree = readPidFile(pidFile);
    QCOMPARE(tree.size(), 3);
    tree.append({ rootPid, runner->processStartTicks() });

    QElapsedTimer clock;
    clock.start();
    runner.reset();
    QVERIFY2(clock.elapsed() < 200, "the destructor must not wait for the processes");
    QTRY_COMPARE_WITH_TIMEOUT(survivors(tree), QList<qint64>(), 2000);
    QCOMPARE(recorder.finishedCount, 0);
}

void TestProcessRunner::behavesLikeTheShell_data()
{
    QTest::addColumn<QString>("command");
    // Plain commands run without /bin/sh; these must behave exactly as under it.
    QTest::addRow("program with args") << u"/bin/echo plain words --flag=1"_s;
    QTest::addRow("path lookup") << u"printenv KUMO_PROBE"_s;
    QTest::addRow("builtin echo -e") << u"echo -e done"_s;
    QTest::addRow("builtin true --version") << u"true --version"_s;
    QTest::addRow("builtin printf") << u"printf %s-%s a b"_s;
    QTest::addRow("reserved word") << u"time"_s;
    QTest::addRow("not found") << u"no-such-program-kumo arg"_s;
    QTest::addRow("script without shebang") << u"SCRIPT"_s;
    QTest::addRow("relative program") << u"./local.sh"_s;
    QTest::addRow("leading and trailing blanks") << u"  /bin/echo  spaced   out  "_s;
    QTest::addRow("assignment") << u"KUMO_PROBE=x printenv KUMO_PROBE"_s;
    QTest::addRow("pwd variable") << u"printenv PWD"_s;
}

void TestProcessRunner::behavesLikeTheShell()
{
    QFETCH(QString, command);
    QTemporaryDir work;
    // An executable script without #!: execve refuses it, sh runs it as a shell script.
    const QString script = work.filePath(u"noshebang"_s);
    QVERIFY(writeExecutable(script, "echo from-script\n"));
    QVERIFY(writeExecutable(work.filePath(u"local.sh"_s), "#!/bin/sh\necho local\n"));
    command.replace(u"SCRIPT"_s, script);

    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"KUMO_PROBE"_s, u"probe-value"_s);
    env.insert(u"PWD"_s, work.path());

    QProcess shell;
    shell.setWorkingDirectory(work.path());
    shell.setProcessEnvironment(env);
    shell.start(u"/bin/sh"_s, { u"-c"_s, command });
    QVERIFY(shell.waitForFinished(5000));

    ProcessRunner runner;
    Recorder recorder(&runner);
    ProcessSpec s = spec(command);
    s.workingDirectory = work.path();
    s.environment = env;
    runner.start(s);
    QTRY_COMPARE_WITH_TIMEOUT(recorder.finishedCount, 1, 5000);
    QCOMPARE(recorder.outcome.kind, ProcessOutcome::Kind::Exited);
    QCOMPARE(recorder.outcome.exitCode, shell.exitCode());
    QCOMPARE(recorder.out, shell.readAllStandardOutput());
}

QTEST_GUILESS_MAIN(TestProcessRunner)

#include "tst_processrunner.moc"
