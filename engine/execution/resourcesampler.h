// SPDX-License-Identifier: MIT
#pragma once

#include <QElapsedTimer>
#include <QList>
#include <QObject>

#include <map>
#include <memory>

class QTimer;

namespace Kumo {

class Clock;
namespace ProcessTree {
class Snapshot;
}

struct ResourceSample
{
    qint64 runId = 0;
    qint64 atMs = 0;
    double cpuPercent = 0; // of one core, summed over the tree (may exceed 100)
    qint64 rssBytes = 0; // summed over the tree
};

struct ResourceSummary
{
    double cpuPeakPercent = 0;
    qint64 rssPeakBytes = 0;
    double cpuSeconds = 0; // user + system time of the tree, including reaped children
};

/// Samples CPU and RSS of the process trees of running runs from /proc, all runs on one timer
/// that runs only while something is tracked.
class ResourceSampler : public QObject
{
    Q_OBJECT
public:
    explicit ResourceSampler(Clock *clock, QObject *parent = nullptr);
    ~ResourceSampler() override;

    void setIntervalMs(int ms);
    [[nodiscard]] int intervalMs() const;

    void track(qint64 runId, qint64 rootPid);
    /// Stops tracking and returns the run's peaks as of its last sample.
    ResourceSummary untrack(qint64 runId);
    [[nodiscard]] ResourceSummary summary(qint64 runId) const;
    [[nodiscard]] int trackedCount() const;

    /// Samples every tracked run now (also called by the timer).
    void sampleNow();

Q_SIGNALS:
    /// One batch per tick for all tracked runs, so that storage can write them in one transaction.
    void sampled(const QList<Kumo::ResourceSample> &samples);

private:
    struct Tracked;
    [[nodiscard]] ResourceSample sample(qint64 runId, Tracked &run, const ProcessTree::Snapshot &snapshot);

    Clock *m_clock;
    QTimer *m_timer;
    QElapsedTimer m_monotonic; // for CPU deltas: the Clock may jump or stand still
    std::map<qint64, std::unique_ptr<Tracked>> m_tracked; // ordered by run id
};

} // namespace Kumo
