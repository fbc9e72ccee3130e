// SPDX-License-Identifier: MIT
#include "execution/resourcesampler.h"

#include "core/clock.h"
#include "core/logging.h"
#include "execution/processtree.h"

#include <QTimer>

#include <algorithm>
#include <tuple>

#include <unistd.h>

namespace Kumo {

namespace {

// CPU times are counted in clock ticks (10 ms); a shorter window would turn one tick of
// rounding into tens of percent, so CPU% is computed over at least this much wall time.
constexpr qint64 kMinCpuWindowMs = 200;

qint64 clockTicksPerSecond()
{
    static const qint64 ticks = std::max<long>(1, ::sysconf(_SC_CLK_TCK));
    return ticks;
}

qint64 pageSize()
{
    static const qint64 size = std::max<long>(1, ::sysconf(_SC_PAGESIZE));
    return size;
}

qint64 cpuTicks(const ProcessTree::ProcessStat &stat)
{
    // cutime/cstime hold the children this process has reaped, so the time of exited tree
    // members is still counted; a live process is never also in someone's cutime.
    return stat.utime + stat.stime + stat.cutime + stat.cstime;
}

} // namespace

struct ResourceSampler::Tracked
{
    qint64 rootPid = 0;
    qint64 rootStartTicks = 0; // 0: unknown
    qint64 lastTreeTicks = 0;
    // Only grows: the tree's total drops when a member is reaped outside it (by init, or the
    // root by us), and those ticks were already counted.
    qint64 totalTicks = 0;
    qint64 windowStartTicks = 0;
    qint64 windowStartMs = 0;
    double cpuPercent = 0;
    ResourceSummary summary;
};

ResourceSampler::ResourceSampler(Clock *clock, QObject *parent)
    : QObject(parent)
    , m_clock(clock ? clock : SystemClock::instance())
    , m_timer(new QTimer(this))
{
    m_timer->setInterval(1000);
    connect(m_timer, &QTimer::timeout, this, &ResourceSampler::sampleNow);
    m_monotonic.start();
}

ResourceSampler::~ResourceSampler() = default;

void ResourceSampler::setIntervalMs(int ms)
{
    m_timer->setInterval(std::max(1, ms));
}

int ResourceSampler::intervalMs() const
{
    return m_timer->interval();
}

void ResourceSampler::track(qint64 runId, qint64 rootPid)
{
    auto run = std::make_unique<Tracked>();
    run->rootPid = rootPid;
    // The root has only just started; its own ticks are a fair baseline for the first window.
    if (const auto stat = ProcessTree::readStat(rootPid)) {
        run->rootStartTicks = stat->startTicks;
        run->lastTreeTicks = cpuTicks(*stat);
        run->totalTicks = run->lastTreeTicks;
        run->windowStartTicks = run->totalTicks;
    }
    run->windowStartMs = m_monotonic.elapsed();
    run->summary.cpuSeconds = double(run->totalTicks) / double(clockTicksPerSecond());
    m_tracked[runId] = std::move(run);
    if (!m_timer->isActive())
        m_timer->start();
}

ResourceSummary ResourceSampler::untrack(qint64 runId)
{
    const auto it = m_tracked.find(runId);
    if (it == m_tracked.end())
        return {};
    // No last /proc scan here: the root has already been reaped, and a scan per finished run
    // would cost more than all periodic sampling at a thousand runs a second. The summary is
    // that of the last tick; a run shorter than one interval keeps its start-time baseline.
    const ResourceSummary summary = it->second->summary;
    m_tracked.erase(it);
    if (m_tracked.empty())
        m_timer->stop();
    return summary;
}

ResourceSummary ResourceSampler::summary(qint64 runId) const
{
    const auto it = m_tracked.find(runId);
    return it == m_tracked.end() ? ResourceSummary() : it->second->summary;
}

int ResourceSampler::trackedCount() const
{
    return int(m_tracked.size());
}

void ResourceSampler::sampleNow()
{
    if (m_tracked.empty())
        return;
    const ProcessTree::Snapshot snapshot = ProcessTree::Snapshot::capture();
    QList<ResourceSample> samples;
    samples.reserve(qsizetype(m_tracked.size()));
    for (const auto &[runId, run] : m_tracked)
        samples.append(sample(runId, *run, snapshot));
    Q_EMIT sampled(samples);
}

ResourceSample ResourceSampler::sample(qint64 runId, Tracked &run, const ProcessTree::Snapshot &snapshot)
{
    QList<ProcessTree::ProcessStat> tree = snapshot.tree(run.rootPid);
    // Linux keeps a PID unused while it names a live session or group, so a different process
    // under the root's PID means the run's tree is gone entirely.
    for (const ProcessTree::ProcessStat &stat : std::as_const(tree)) {
        if (stat.pid == run.rootPid && run.rootStartTicks != 0 && stat.startTicks != run.rootStartTicks) {
            tree.clear();
            break;
        }
    }

    qint64 treeTicks = 0;
    qint64 rssPages = 0;
    for (const ProcessTree::ProcessStat &stat : std::as_const(tree)) {
        treeTicks += cpuTicks(stat);
        rssPages += stat.rssPages;
    }
    if (treeTicks > run.lastTreeTicks)
        run.totalTicks += treeTicks - run.lastTreeTicks;
    run.lastTreeTicks = treeTicks;

    const qint64 nowMono = m_monotonic.elapsed();
    const qint64 windowMs = nowMono - run.windowStartMs;
    if (windowMs >= kMinCpuWindowMs) {
        const double seconds = double(run.totalTicks - run.windowStartTicks) / double(clockTicksPerSecond());
        run.cpuPercent = seconds * 100.0 * 1000.0 / double(windowMs);
        run.windowStartTicks = run.totalTicks;
        run.windowStartMs = nowMono;
    }

    ResourceSample sample;
    sample.runId = runId;
    sample.atMs = m_clock->nowMs();
    sample.cpuPercent = run.cpuPercent;
    sample.rssBytes = rssPages * pageSize();

    run.summary.cpuPeakPercent = std::max(run.summary.cpuPeakPercent, sample.cpuPercent);
    run.summary.rssPeakBytes = std::max(run.summary.rssPeakBytes, sample.rssBytes);
    run.summary.cpuSeconds = double(run.totalTicks) / double(clockTicksPerSecond());
    return sample;
}

} // namespace Kumo
