// SPDX-License-Identifier: MIT
#include "scheduling/trigger.h"

#include "core/timeformat.h"
#include "scheduling/cronexpression.h"

#include <QDateTime>
#include <QHash>
#include <QJsonValue>
#include <QMutex>

#include <cmath>

using namespace Qt::StringLiterals;

namespace Kumo {

namespace {

constexpr qint64 kMaxIntervalSeconds = 366LL * 24 * 3600 * 10;

/// Parses an RFC 3339 instant; a value without an offset is wall time in @p zone.
std::optional<qint64> parseInstant(const QJsonValue &value, const QTimeZone &zone)
{
    if (!value.isString())
        return std::nullopt;
    const QString text = value.toString();
    QDateTime dt = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!dt.isValid())
        return std::nullopt;
    const bool hasOffset = text.endsWith(u'Z') || text.endsWith(u'z') || text.lastIndexOf(u'+') > 10
        || text.lastIndexOf(u'-') > 10;
    if (!hasOffset)
        dt = QDateTime(dt.date(), dt.time(), zone);
    return dt.toMSecsSinceEpoch();
}

quint64 splitmix64(quint64 x)
{
    x += 0x9E3779B97F4A7C15ULL;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
}

class CronTrigger final : public Trigger
{
public:
    CronTrigger(CronExpression expression, QTimeZone zone)
        : m_expression(std::move(expression))
        , m_zone(std::move(zone))
    { }
    std::optional<qint64> nextFireAfter(qint64 afterMs) const override
    {
        const QDateTime next
            = m_expression.nextFireAfter(QDateTime::fromMSecsSinceEpoch(afterMs, Qt::UTC), m_zone);
        if (!next.isValid())
            return std::nullopt;
        return next.toMSecsSinceEpoch();
    }

private:
    CronExpression m_expression;
    QTimeZone m_zone;
};

class IntervalTrigger final : public Trigger
{
public:
    explicit IntervalTrigger(const TriggerSpec &spec)
        : m_startMs(spec.startMs.value_or(0))
        , m_periodMs(spec.intervalSeconds * 1000)
        , m_jitterMs(spec.jitterSeconds * 1000)
        , m_endMs(spec.endMs)
    { }
    std::optional<qint64> nextFireAfter(qint64 afterMs) const override
    {
        // Jitter stays below the period, so fires keep their order: fire(k) < start + (k+1)·period.
        const qint64 k = afterMs < m_startMs ? 0 : (afterMs - m_startMs) / m_periodMs;
        qint64 fire = fireAt(k);
        if (fire <= afterMs)
            fire = fireAt(k + 1);
        if (m_endMs && fire > *m_endMs)
            return std::nullopt;
        return fire;
    }

private:
    qint64 fireAt(qint64 k) const
    {
        const qint64 nominal = m_startMs + k * m_periodMs;
        if (m_jitterMs <= 0)
            return nominal;
        return nominal + qint64(splitmix64(quint64(m_startMs) ^ quint64(k)) % quint64(m_jitterMs));
    }

    qint64 m_startMs;
    qint64 m_periodMs;
    qint64 m_jitterMs;
    std::optional<qint64> m_endMs;
};

class DateTrigger final : public Trigger
{
public:
    explicit DateTrigger(qint64 atMs)
        : m_atMs(atMs)
    { }
    std::optional<qint64> nextFireAfter(qint64 afterMs) const override
    {
        if (m_atMs > afterMs)
            return m_atMs;
        return std::nullopt;
    }

private:
    qint64 m_atMs;
};

} // namespace

std::optional<QTimeZone> zoneFor(const QString &ianaId)
{
    // QTimeZone is implicitly shared, but each construction from an id loads the zone's whole
    // transition table: 10,000 tasks in one zone must share one table, not hold 10,000.
    static QMutex mutex;
    static QHash<QString, QTimeZone> cache;
    const QMutexLocker locker(&mutex);
    if (const auto it = cache.constFind(ianaId); it != cache.constEnd())
        return *it;
    QTimeZone zone;
    if (ianaId.isEmpty())
        zone = QTimeZone::systemTimeZone();
    else if (ianaId == u"UTC"_s || ianaId == u"Etc/UTC"_s)
        zone = QTimeZone::utc();
    else
        zone = QTimeZone(ianaId.toUtf8());
    if (!zone.isValid())
        return std::nullopt;
    cache.insert(ianaId, zone);
    return zone;
}

QString TriggerSpec::typeName(Type type)
{
    switch (type) {
    case Type::Cron:
        return u"cron"_s;
    case Type::Interval:
        return u"interval"_s;
    case Type::Date:
        return u"date"_s;
    }
    return {};
}

QJsonObject TriggerSpec::toJson() const
{
    QJsonObject json { { u"type"_s, typeName(type) } };
    if (!timezone.isEmpty())
        json[u"timezone"_s] = timezone;
    switch (type) {
    case Type::Cron:
        json[u"expression"_s] = expression;
        break;
    case Type::Interval:
        json[u"seconds"_s] = intervalSeconds;
        if (startMs)
            json[u"start"_s] = toRfc3339(*startMs);
        if (endMs)
            json[u"end"_s] = toRfc3339(*endMs);
        if (jitterSeconds > 0)
            json[u"jitterSeconds"_s] = jitterSeconds;
        break;
    case Type::Date:
        json[u"at"_s] = toRfc3339(atMs);
        break;
    }
    return json;
}

std::optional<TriggerSpec> TriggerSpec::fromJson(const QJsonObject &json, FieldErrors *errors)
{
    FieldErrors found;
    TriggerSpec spec;
    const QString type = json.value(u"type"_s).toString();
    bool typeKnown = true;
    if (type == u"cron"_s)
        spec.type = Type::Cron;
    else if (type == u"interval"_s)
        spec.type = Type::Interval;
    else if (type == u"date"_s)
        spec.type = Type::Date;
    else {
        typeKnown = false;
        found.append({ u"trigger.type"_s, u"must be one of cron, interval, date"_s });
    }

    const QJsonValue tz = json.value(u"timezone"_s);
    if (!tz.isUndefined() && !tz.isNull() && !tz.isString())
        found.append({ u"trigger.timezone"_s, u"must be an IANA time zone name"_s });
    spec.timezone = tz.toString();
    const std::optional<QTimeZone> zone = zoneFor(spec.timezone);
    if (!zone)
        found.append({ u"trigger.timezone"_s, u"unknown time zone \"%1\""_s.arg(spec.timezone) });
    const QTimeZone effectiveZone = zone.value_or(QTimeZone::utc());

    auto readInstant = [&](const QString &key, std::optional<qint64> *out) {
        const QJsonValue value = json.value(key);
        if (value.isUndefined() || value.isNull())
            return;
        *out = parseInstant(value, effectiveZone);
        if (!*out)
            found.append(
                { u"trigger."_s + key, u"must be an RFC 3339 date-time, e.g. 2026-12-01T09:00:00+08:00"_s });
    };

    if (typeKnown) {
        switch (spec.type) {
        case Type::Cron: {
            if (!json.value(u"expression"_s).isString()) {
                found.append({ u"trigger.expression"_s, u"is required"_s });
                break;
            }
            spec.expression = json.value(u"expression"_s).toString().trimmed();
            const CronExpression::ParseResult parsed = CronExpression::parse(spec.expression);
            if (!parsed.ok())
                found.append({ u"trigger.expression"_s, parsed.error });
            break;
        }
        case Type::Interval: {
            const QJsonValue seconds = json.value(u"seconds"_s);
            const double s = seconds.toDouble(-1);
            if (!seconds.isDouble() || s != std::floor(s) || s < 1 || s > kMaxIntervalSeconds)
                found.append({ u"trigger.seconds"_s,
                    u"must be a whole number of seconds from 1 to %1"_s.arg(kMaxIntervalSeconds) });
            else
                spec.intervalSeconds = qint64(s);
            const QJsonValue jitter = json.value(u"jitterSeconds"_s);
            if (!jitter.isUndefined() && !jitter.isNull()) {
                const double j = jitter.toDouble(-1);
                if (!jitter.isDouble() || j != std::floor(j) || j < 0)
                    found.append(
                        { u"trigger.jitterSeconds"_s, u"must be a whole number of seconds, 0 or more"_s });
                else if (spec.intervalSeconds > 0 && j > double(spec.intervalSeconds))
                    found.append({ u"trigger.jitterSeconds"_s, u"must not exceed the interval"_s });
                else
                    spec.jitterSeconds = qint64(j);
            }
            readInstant(u"start"_s, &spec.startMs);
            readInstant(u"end"_s, &spec.endMs);
            if (spec.startMs && spec.endMs && *spec.endMs <= *spec.startMs)
                found.append({ u"trigger.end"_s, u"must be after start"_s });
            break;
        }
        case Type::Date: {
            std::optional<qint64> at;
            if (json.value(u"at"_s).isUndefined())
                found.append({ u"trigger.at"_s, u"is required"_s });
            else
                readInstant(u"at"_s, &at);
            spec.atMs = at.value_or(0);
            break;
        }
        }
    }
    if (errors)
        errors->append(found);
    if (!found.isEmpty())
        return std::nullopt;
    return spec;
}

std::unique_ptr<Trigger> Trigger::create(const TriggerSpec &spec, FieldErrors *errors)
{
    const std::optional<QTimeZone> zone = zoneFor(spec.timezone);
    if (!zone) {
        if (errors)
            errors->append({ u"trigger.timezone"_s, u"unknown time zone \"%1\""_s.arg(spec.timezone) });
        return nullptr;
    }
    switch (spec.type) {
    case TriggerSpec::Type::Cron: {
        CronExpression::ParseResult parsed = CronExpression::parse(spec.expression);
        if (!parsed.ok()) {
            if (errors)
                errors->append({ u"trigger.expression"_s, parsed.error });
            return nullptr;
        }
        return std::make_unique<CronTrigger>(std::move(*parsed.expression), *zone);
    }
    case TriggerSpec::Type::Interval:
        if (spec.intervalSeconds < 1 || spec.jitterSeconds < 0 || spec.jitterSeconds > spec.intervalSeconds) {
            if (errors)
                errors->append({ u"trigger.seconds"_s, u"invalid interval"_s });
            return nullptr;
        }
        return std::make_unique<IntervalTrigger>(spec);
    case TriggerSpec::Type::Date:
        return std::make_unique<DateTrigger>(spec.atMs);
    }
    return nullptr;
}

} // namespace Kumo
