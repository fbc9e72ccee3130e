// SPDX-License-Identifier: MIT
#pragma once

#include "system/systemstats.h"

#include <QObject>

#include <deque>
#include <functional>

class QTimer;

namespace Kumo {

class Clock;

/// One point of the monitor's history: the machine, this process and the run queue.
struct MonitorSample
{
    qint64 at = 0;
    SystemSnapshot system;
    int queued = 0;
    int running = 0;

    [[nodiscard]] QJsonObject toJson() const;
};

/// Samples the machine every few seconds (5 by default) and keeps the last hour for charts.
/// Every consumer reads the same samples, so CPU use is always measured over one interval.
class SystemMonitor : public QObject
{
    Q_OBJECT
public:
    static constexpr int kDefaultIntervalMs = 5000;
    static constexpr qsizetype kDefaultCapacity = 720; // one hour at 5 s

    /// @p queueCounts answers (queued, running) at each sample.
    SystemMonitor(Clock &clock, const QString &dataDir, std::function<std::pair<int, int>()> queueCounts,
        QObject *parent = nullptr);
    ~SystemMonitor() override;

    void setIntervalMs(int ms);
    [[nodiscard]] int intervalMs() const;
    void setCapacity(qsizetype samples);
    void start();
    void stop();
    /// Takes a sample now (the timer calls this; tests too).
    void sampleNow();

    /// The newest sample; one is taken first when there is none yet.
    [[nodiscard]] MonitorSample latest();
    /// Samples taken after @p sinceMs, oldest first.
    [[nodiscard]] QList<MonitorSample> history(qint64 sinceMs) const;

Q_SIGNALS:
    void sampled(const Kumo::MonitorSample &sample);

private:
    Clock &m_clock;
    SystemStats m_stats;
    std::function<std::pair<int, int>()> m_queueCounts;
    std::deque<MonitorSample> m_samples;
    qsizetype m_capacity = kDefaultCapacity;
    QTimer *m_timer = nullptr;
};

} // namespace Kumo
