// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>

#include <utility>

namespace Kumo {

/// Observed values in cumulative buckets, as Prometheus histograms count them.
class Histogram
{
public:
    /// @p upperBounds ascending; +Inf is implied.
    explicit Histogram(QList<double> upperBounds);
    void observe(double value);

    [[nodiscard]] const QList<double> &upperBounds() const { return m_bounds; }
    /// Observations ≤ each bound (cumulative), then the total for +Inf.
    [[nodiscard]] QList<quint64> cumulativeCounts() const;
    [[nodiscard]] double sum() const { return m_sum; }
    [[nodiscard]] quint64 count() const { return m_count; }

private:
    QList<double> m_bounds;
    QList<quint64> m_buckets; // per bucket, not cumulative; last one is +Inf
    double m_sum = 0;
    quint64 m_count = 0;
};

/// What the engine measures as it works, for `GET /metrics`.
struct EngineMetrics
{
    /// Seconds between a fire's planned instant and its run being queued.
    Histogram fireLateness { { 0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60 } };
    /// Seconds from a run's start to its end.
    Histogram runDuration { { 0.1, 0.5, 1, 5, 10, 30, 60, 300, 600, 1800, 3600, 10800, 86400 } };
    QHash<QString, quint64> runsFinished; // final state → runs that ended so since start
};

using MetricLabels = QList<std::pair<QString, QString>>;

/// Writes the Prometheus text exposition format (version 0.0.4).
class PrometheusText
{
public:
    /// Starts a metric family: its HELP and TYPE lines.
    void family(const QString &name, const QString &type, const QString &help);
    void sample(const QString &name, double value, const MetricLabels &labels = {});
    /// A whole histogram family: buckets, sum and count.
    void histogram(const QString &name, const QString &help, const Histogram &histogram);
    [[nodiscard]] QByteArray text() const { return m_text; }

private:
    QByteArray m_text;
};

} // namespace Kumo
