// SPDX-License-Identifier: MIT
#include "core/clock.h"
#include "execution/processrunner.h"
#include "execution/resourcesampler.h"

#include <QSignalSpy>
#include <QTest>

#include <unistd.h>

using namespace Qt::StringLiterals;
using Kumo::ProcessRunner;
using Kumo::ResourceSample;
using Kumo::ResourceSampler;

namespace {

constexpr qint64 kNoSuchPid = 0x3fffffff; // above PID_MAX_LIMIT
constexpr qint64 kMiB = 1024 * 1024;

Kumo::ProcessSpec helperSpec(const QString &arguments)
{
    Kumo::ProcessSpec spec;
    spec.command = u"exec '"_s + QStringLiteral(KUMO_TEST_HELPER) + u"' "_s + arguments;
    spec.killGraceMs = 500;
    return spec;
}

// Starts @p spec and tracks it as @p runId as soon as it has a pid, as the engine does.
void startTracked(
    ProcessRunner &runner, ResourceSampler &sampler, qint64 runId, const Kumo::ProcessSpec &spec)
{
    QObject::connect(&runner, &ProcessRunner::started, &sampler,
        [&sampler, runId](qint64 pid) { sampler.track(runId, pid); });
    runner.start(spec);
}

} // namespace

class TestResourceSampler final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void cpuPeakOfBusyLoop();
    void rssPeakOfAllocation();
    void cpuSecondsIncludesReapedChildren();
    void batchesHoldEveryTrackedRun();
    void timerRunsOnlyWhileTracking();
    void untrackUnknownRun();
};

void TestResourceSampler::cpuPeakOfBusyLoop()
{
    Kumo::ManualClock clock(1000);
    ResourceSampler sampler(&clock);
    sampler.setIntervalMs(50);
    QCOMPARE(sampler.intervalMs(), 50);
    QList<double> cpuSeconds;
    connect(
        &sampler, &ResourceSampler::sampled, this, [&] { cpuSeconds.append(sampler.summary(1).cpuSeconds); });
    ProcessRunner runner;
    QSignalSpy finished(&runner, &ProcessRunner::finished);
    startTracked(runner, sampler, 1, helperSpec(u"burn 2000"_s));
    QTRY_VERIFY_WITH_TIMEOUT(sampler.summary(1).cpuPeakPercent > 50, 1500);
    QTRY_VERIFY(cpuSeconds.size() >= 5);
    // One busy thread cannot use much more than one core.
    QVERIFY2(sampler.summary(1).cpuPeakPercent < 130,
        qPrintable(QString::number(sampler.summary(1).cpuPeakPercent)));
    runner.cancel(u"enough"_s);
    QVERIFY(finished.wait(2000));
    const Kumo::ResourceSummary summary = sampler.untrack(1);
    QVERIFY(summary.cpuPeakPercent > 50);
    QVERIFY(summary.cpuSeconds > 0.1);
    QVERIFY(summary.rssPeakBytes > 0);
    for (qsizetype i = 1; i < cpuSeconds.size(); ++i)
        QVERIFY2(cpuSeconds.at(i) >= cpuSeconds.at(i - 1), qPrintable(u"sample %1"_s.arg(i)));
    QVERIFY(summary.cpuSeconds >= cpuSeconds.last());
}

void TestResourceSampler::rssPeakOfAllocation()
{
    Kumo::ManualClock clock(1000);
    ResourceSampler sampler(&clock);
    sampler.setIntervalMs(50);
    ProcessRunner runner;
    QSignalSpy finished(&runner, &ProcessRunner::finished);
    startTracked(runner, sampler, 7, helperSpec(u"alloc 64 1500"_s));
    QTRY_VERIFY_WITH_TIMEOUT(sampler.summary(7).rssPeakBytes > 64 * kMiB, 1500);
    QVERIFY(sampler.summary(7).rssPeakBytes < 128 * kMiB);
    runner.cancel(u"enough"_s);
    QVERIFY(finished.wait(2000));
    QVERIFY(sampler.untrack(7).rssPeakBytes > 64 * kMiB);
}

void TestResourceSampler::cpuSecondsIncludesReapedChildren()
{
    Kumo::ManualClock clock(1000);
    ResourceSampler sampler(&clock);
    sampler.setIntervalMs(60'000); // only the samples this test takes itself

    // No exec: the shell is the root and reaps the burning child, whose time then lives on
    // only in the shell's cutime; no sample saw the child alive.
    const QString helper = u"'"_s + QStringLiteral(KUMO_TEST_HELPER) + u"'"_s;
    Kumo::ProcessSpec spec;
    spec.command = helper + u" burn 300; "_s + helper + u" print 1 burnt -- sleep 300"_s;
    QByteArray out;
    ProcessRunner runner;
    connect(&runner, &ProcessRunner::output, this,
        [&out](Kumo::OutputStream, const QByteArray &data) { out += data; });
    QSignalSpy finished(&runner, &ProcessRunner::finished);
    startTracked(runner, sampler, 3, spec);

    QTRY_VERIFY_WITH_TIMEOUT(out.contains("burnt"), 2000);
    sampler.sampleNow();
    const double afterBurn = sampler.summary(3).cpuSeconds;
    QVERIFY2(afterBurn > 0.1, qPrintable(QString::number(afterBurn)));
    QVERIFY(finished.wait(2000));
    // The root is reaped now: the tree's total drops to nothing, the run's total must not.
    QVERIFY(sampler.untrack(3).cpuSeconds >= afterBurn);
}

void TestResourceSampler::batchesHoldEveryTrackedRun()
{
    Kumo::ManualClock clock(1'700'000'000'000);
    ResourceSampler sampler(&clock);
    sampler.setIntervalMs(30);
    QSignalSpy sampled(&sampler, &ResourceSampler::sampled);
    sampler.track(11, ::getpid());
    sampler.track(12, kNoSuchPid);
    sampler.track(13, ::getpid());
    QCOMPARE(sampler.trackedCount(), 3);

    QVERIFY(sampled.wait(1000));
    clock.advanceMs(500);
    QVERIFY(sampled.wait(1000));
    for (qsizetype batch = 0; batch < sampled.size(); ++batch) {
        const auto samples = sampled.at(batch).at(0).value<QList<ResourceSample>>();
        QCOMPARE(samples.size(), 3);
        QCOMPARE(samples.at(0).runId, 11);
        QCOMPARE(samples.at(1).runId, 12);
        QCOMPARE(samples.at(2).runId, 13);
        QCOMPARE(samples.at(0).atMs, samples.at(1).atMs);
        QVERIFY(samples.at(0).rssBytes > 0);
        QCOMPARE(samples.at(1).rssBytes, 0);
        QCOMPARE(samples.at(1).cpuPercent, 0.0);
    }
    const auto last = sampled.last().at(0).value<QList<ResourceSample>>();
    QCOMPARE(last.at(0).atMs, 1'700'000'000'500);

    sampler.untrack(12);
    QVERIFY(sampled.wait(1000));
    QCOMPARE(sampled.last().at(0).value<QList<ResourceSample>>().size(), 2);
}

void TestResourceSampler::timerRunsOnlyWhileTracking()
{
    ResourceSampler sampler(nullptr);
    sampler.setIntervalMs(20);
    QSignalSpy sampled(&sampler, &ResourceSampler::sampled);
    QVERIFY(!sampled.wait(150));

    sampler.track(1, ::getpid());
    sampler.track(2, ::getpid());
    QVERIFY(sampled.wait(1000));
    sampler.untrack(1);
    QCOMPARE(sampler.trackedCount(), 1);
    QVERIFY(sampled.wait(1000));
    sampler.untrack(2);
    QCOMPARE(sampler.trackedCount(), 0);
    sampled.clear();
    QVERIFY(!sampled.wait(150));
    sampler.sampleNow(); // nothing tracked: nothing to report
    QCOMPARE(sampled.size(), 0);
}

void TestResourceSampler::untrackUnknownRun()
{
    ResourceSampler sampler(nullptr);
    const Kumo::ResourceSummary summary = sampler.untrack(42);
    QCOMPARE(summary.cpuPeakPercent, 0.0);
    QCOMPARE(summary.rssPeakBytes, 0);
    QCOMPARE(summary.cpuSeconds, 0.0);
    QCOMPARE(sampler.summary(42).rssPeakBytes, 0);
}

QTEST_GUILESS_MAIN(TestResourceSampler)

#include "tst_resourcesampler.moc"
