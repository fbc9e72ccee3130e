// SPDX-License-Identifier: MIT
#include "enginefixture.h"

#include "execution/logsink.h"
#include "execution/runlauncher.h"

#include <QDir>
#include <QFile>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Kumo;
using namespace KumoTest;

class TestRunLauncher final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void runGetsItsEnvironmentAndLog();
    void workingDirectory();
    void peaksAndSamplesAreRecorded();
    void logCapTruncatesAndMarks();
    void timeoutEndsTheRun();
    void commandThatCannotStartFails();
    void silentRunLeavesNoLogFile();
    void retentionKeepsTheNewestLogsPerTask();
};

void TestRunLauncher::runGetsItsEnvironmentAndLog()
{
    EngineFixture f;
    QVERIFY(f.open());
    f.engine->start();
    Task spec = task(u"env"_s,
        helper(u"env KUMO_RUN_ID -- env KUMO_TASK_ID -- env GREETING -- env PYTHONUNBUFFERED -- env "
               u"KUMO_OUTPUT_DIR "
               "-- stderr 1 oops"_s));
    spec.env = { { u"GREETING"_s, u"hello world"_s } };
    const Task t = f.create(spec);
    const Run started = *f.engine->runTaskNow(t.id).run;
    QTRY_COMPARE_WITH_TIMEOUT(f.run(started.id).state, RunState::Succeeded, 10000);
    const Run run = f.run(started.id);
    QFile log(run.logPath);
    QVERIFY2(log.open(QIODevice::ReadOnly), qPrintable(run.logPath));
    const QByteArray text = log.readAll();
    const QString outputDir = QDir(f.dir->path()).filePath(u"output/task-%1"_s.arg(t.id));
    QCOMPARE(text,
        QByteArray::number(run.id) + '\n' + QByteArray::number(t.id) + "\nhello world\n1\n"
            + outputDir.toUtf8() + "\noops 1\n");
    QCOMPARE(run.logBytes, text.size());
    QVERIFY(QFileInfo(outputDir).isDir());
    // The last line came from stderr.
    const QList<LogSegment> segments = LogSink::readSegments(run.logPath);
    QVERIFY(!segments.isEmpty());
    QCOMPARE(segments.constLast().stream, OutputStream::Stderr);
    QCOMPARE(text.mid(segments.constLast().offset, segments.constLast().length), QByteArray("oops 1\n"));
}

void TestRunLauncher::workingDirectory()
{
    EngineFixture f;
    QVERIFY(f.open());
    f.engine->start();
    QTemporaryDir work;
    Task spec = task(u"pwd"_s, helper(u"pwd"_s));
    spec.workingDir = work.path();
    const Task t = f.create(spec);
    const Run started = *f.engine->runTaskNow(t.id).run;
    QTRY_COMPARE_WITH_TIMEOUT(f.run(started.id).state, RunState::Succeeded, 10000);
    QFile log(f.run(started.id).logPath);
    QVERIFY(log.open(QIODevice::ReadOnly));
    QCOMPARE(log.readAll().trimmed(), QFileInfo(work.path()).canonicalFilePath().toUtf8());
}

void TestRunLauncher::peaksAndSamplesAreRecorded()
{
    EngineConfig config;
    config.runs.sampleIntervalMs = 50;
    EngineFixture f;
    QVERIFY(f.open(config));
    f.engine->start();
    const Task t = f.create(task(u"heavy"_s, helper(u"alloc 64 400 -- burn 300"_s)));
    const Run started = *f.engine->runTaskNow(t.id).run;
    QTRY_COMPARE_WITH_TIMEOUT(f.run(started.id).state, RunState::Succeeded, 10000);
    const Run run = f.run(started.id);
    QVERIFY2(run.rssPeakBytes.value_or(0) >= 64LL * 1024 * 1024,
        qPrintable(QString::number(run.rssPeakBytes.value_or(0))));
    QVERIFY(run.cpuPeakPercent.value_or(0) > 20);
    QVERIFY(run.cpuSeconds.value_or(0) > 0.1);
    QVERIFY(f.engine->runs().samples(run.id).size() >= 3);
}

void TestRunLauncher::logCapTruncatesAndMarks()
{
    EngineConfig config;
    config.runs.logCapBytes = 4096;
    EngineFixture f;
    QVERIFY(f.open(config));
    f.engine->start();
    const Task t = f.create(task(u"loud"_s, helper(u"flood 1000000"_s)));
    const Run started = *f.engine->runTaskNow(t.id).run;
    QTRY_COMPARE_WITH_TIMEOUT(f.run(started.id).state, RunState::Succeeded, 10000);
    const Run run = f.run(started.id);
    QVERIFY(run.logTruncated);
    QFile log(run.logPath);
    QVERIFY(log.open(QIODevice::ReadOnly));
    const QByteArray text = log.readAll();
    QVERIFY(text.size() < 4096 + 200);
    QVERIFY(text.contains("[kumo] log truncated"));
}

void TestRunLauncher::timeoutEndsTheRun()
{
    EngineFixture f;
    QVERIFY(f.open());
    f.engine->start();
    Task spec = task(u"stuck"_s, helper(u"sleep 60000"_s));
    spec.timeoutSeconds = 1;
    const Task t = f.create(spec);
    const Run started = *f.engine->runTaskNow(t.id).run;
    QTRY_COMPARE_WITH_TIMEOUT(f.run(started.id).state, RunState::TimedOut, 5000);
    const Run run = f.run(started.id);
    // The timeout counts from the spawn, a moment before the run is marked started.
    QVERIFY(*run.finishedAt - *run.startedAt >= 900);
    QVERIFY(*run.finishedAt - *run.startedAt < 3000);
}

void TestRunLauncher::commandThatCannotStartFails()
{
    EngineFixture f;
    QVERIFY(f.open());
    f.engine->start();
    Task spec = task(u"nowhere"_s, u"true"_s);
    spec.workingDir = u"/nonexistent/kumo/dir"_s;
    const Task t = f.create(spec);
    const Run started = *f.engine->runTaskNow(t.id).run;
    QTRY_COMPARE_WITH_TIMEOUT(f.run(started.id).state, RunState::Failed, 5000);
    QVERIFY2(
        f.run(started.id).error.contains(u"/nonexistent/kumo/dir"_s), qPrintable(f.run(started.id).error));
}

void TestRunLauncher::silentRunLeavesNoLogFile()
{
    EngineFixture f;
    QVERIFY(f.open());
    f.engine->start();
    const Task t = f.create(task(u"quiet"_s, helper(u"exit 0"_s)));
    const Run started = *f.engine->runTaskNow(t.id).run;
    QTRY_COMPARE_WITH_TIMEOUT(f.run(started.id).state, RunState::Succeeded, 10000);
    QCOMPARE(f.run(started.id).logBytes, 0);
    QVERIFY(!QFileInfo::exists(f.run(started.id).logPath));
}

void TestRunLauncher::retentionKeepsTheNewestLogsPerTask()
{
    EngineConfig config;
    config.runs.logRetentionPerTask = 2;
    EngineFixture f;
    QVERIFY(f.open(config));
    f.engine->start();
    const Task t = f.create(task(u"talker"_s, helper(u"print 1"_s)));
    QList<qint64> ids;
    for (int i = 0; i < 4; ++i) {
        const Run started = *f.engine->runTaskNow(t.id).run;
        QTRY_COMPARE_WITH_TIMEOUT(f.run(started.id).state, RunState::Succeeded, 10000);
        QVERIFY(QFileInfo::exists(f.run(started.id).logPath));
        ids.append(started.id);
    }
    const QString oldest = f.run(ids.at(0)).logPath;
    QCOMPARE(f.engine->applyLogRetention(), 2);
    QVERIFY(!QFileInfo::exists(oldest));
    QVERIFY(f.run(ids.at(0)).logPath.isEmpty());
    QVERIFY(f.run(ids.at(1)).logPath.isEmpty());
    QVERIFY(QFileInfo::exists(f.run(ids.at(2)).logPath));
    QVERIFY(QFileInfo::exists(f.run(ids.at(3)).logPath));
    QCOMPARE(f.engine->applyLogRetention(), 0);
}

QTEST_GUILESS_MAIN(TestRunLauncher)
#include "tst_runlauncher.moc"
