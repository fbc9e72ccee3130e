// SPDX-License-Identifier: MIT
#include "system/systemmonitor.h"

#include "core/clock.h"
#include "core/timeformat.h"

#include <QTimer>

using namespace Qt::StringLiterals;

namespace Kumo {

QJsonObject MonitorSample::toJson() const
{
    QJsonObject json = system.toJson();
    json.insert(u"at"_s, toRfc3339(at));
    json.insert(u"queued"_s, queued);
    json.insert(u"running"_s, running);
    return json;
}

SystemMonitor::SystemMonitor(
    Clock &clock, const QString &dataDir, std::function<std::pair<int, int>()> queueCounts, QObject *parent)
    : QObject(parent)
    , m_clock(clock)
    , m_stats(dataDir)
    , m_queueCounts(std::move(queueCounts))
    , m_timer(new QTimer(this))
{
    m_timer->setInterval(kDefaultIntervalMs);
    connect(m_timer, &QTimer::timeout, this, &SystemMonitor::sampleNow);
}

SystemMonitor::~SystemMonitor() = default;

void SystemMonitor::setIntervalMs(int ms)
{
    m_timer->setInterval(ms);
}

int SystemMonitor::intervalMs() const
{
    return m_timer->interval();
}

void SystemMonitor::setCapacity(qsizetype samples)
{
    m_capacity = std::max<qsizetype>(1, samples);
    while (qsizetype(m_samples.size()) > m_capacity)
        m_samples.pop_front();
}

void SystemMonitor::start()
{
    if (m_samples.empty())
        sampleNow(); // the CPU baseline, and something to show at once
    m_timer->start();
}

void SystemMonitor::stop()
{
    m_timer->stop();
}

void SystemMonitor::sampleNow()
{
    MonitorSample sample;
    sample.at = m_clock.nowMs();
    sample.system = m_stats.sample();
    std::tie(sample.queued, sample.running) = m_queueCounts();
    m_samples.push_back(sample);
    if (qsizetype(m_samples.size()) > m_capacity)
        m_samples.pop_front();
    Q_EMIT sampled(sample);
}

MonitorSample SystemMonitor::latest()
{
    if (m_samples.empty())
        sampleNow();
    return m_samples.back();
}

QList<MonitorSample> SystemMonitor::history(qint64 sinceMs) const
{
    QList<MonitorSample> samples;
    for (const MonitorSample &sample : m_samples) {
        if (sample.at > sinceMs)
            samples.append(sample);
    }
    return samples;
}

} // namespace Kumo
