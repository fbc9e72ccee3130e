// SPDX-License-Identifier: MIT
#include "system/metrics.h"

#include <cmath>

using namespace Qt::StringLiterals;

namespace Kumo {

namespace {

QByteArray number(double value)
{
    if (std::isinf(value))
        return value > 0 ? "+Inf" : "-Inf";
    if (value == std::floor(value) && std::fabs(value) < 1e15)
        return QByteArray::number(qint64(value));
    return QByteArray::number(value, 'g', 12);
}

/// Label values escape backslash, double quote and line feed.
QByteArray escaped(const QString &value)
{
    QByteArray out;
    for (const char c : value.toUtf8()) {
        if (c == '\\' || c == '"')
            out += '\\';
        if (c == '\n') {
            out += "\\n";
            continue;
        }
        out += c;
    }
    return out;
}

} // namespace

Histogram::Histogram(QList<double> upperBounds)
    : m_bounds(std::move(upperBounds))
    , m_buckets(m_bounds.size() + 1, 0)
{ }

void Histogram::observe(double value)
{
    const auto bound = std::lower_bound(m_bounds.begin(), m_bounds.end(), value);
    ++m_buckets[bound - m_bounds.begin()];
    m_sum += value;
    ++m_count;
}

QList<quint64> Histogram::cumulativeCounts() const
{
    QList<quint64> counts;
    quint64 total = 0;
    for (const quint64 bucket : m_buckets)
        counts.append(total += bucket);
    return counts;
}

void PrometheusText::family(const QString &name, const QString &type, const QString &help)
{
    m_text += "# HELP " + name.toUtf8() + ' ' + help.toUtf8() + "\n# TYPE " + name.toUtf8() + ' '
        + type.toUtf8() + '\n';
}

void PrometheusText::sample(const QString &name, double value, const MetricLabels &labels)
{
    m_text += name.toUtf8();
    if (!labels.isEmpty()) {
        m_text += '{';
        for (qsizetype i = 0; i < labels.size(); ++i) {
            if (i > 0)
                m_text += ',';
            m_text += labels.at(i).first.toUtf8() + "=\"" + escaped(labels.at(i).second) + '"';
        }
        m_text += '}';
    }
    m_text += ' ' + number(value) + '\n';
}

void PrometheusText::histogram(const QString &name, const QString &help, const Histogram &histogram)
{
    family(name, u"histogram"_s, help);
    const QList<quint64> counts = histogram.cumulativeCounts();
    for (qsizetype i = 0; i < counts.size(); ++i) {
        const double bound = i < histogram.upperBounds().size() ? histogram.upperBounds().at(i) : INFINITY;
        sample(
            name + u"_bucket"_s, double(counts.at(i)), { { u"le"_s, QString::fromLatin1(number(bound)) } });
    }
    sample(name + u"_sum"_s, histogram.sum());
    sample(name + u"_count"_s, double(histogram.count()));
}

} // namespace Kumo
