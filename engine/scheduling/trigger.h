// SPDX-License-Identifier: MIT
#pragma once

#include "core/fielderror.h"

#include <QJsonObject>
#include <QString>
#include <QTimeZone>

#include <memory>
#include <optional>

namespace Kumo {

/// A trigger as the user configured it (the `trigger` object of a task).
struct TriggerSpec
{
    enum class Type { Cron, Interval, Date };
    Type type = Type::Cron;
    QString timezone; // IANA id; empty means the server's zone
    // cron
    QString expression;
    // interval: fires at start + k * seconds (k >= 0), plus a per-fire jitter in [0, jitterSeconds)
    qint64 intervalSeconds = 0;
    std::optional<qint64> startMs;
    std::optional<qint64> endMs;
    qint64 jitterSeconds = 0;
    // date: fires once
    qint64 atMs = 0;

    [[nodiscard]] QJsonObject toJson() const;
    /// Parses the API form; problems are reported per field ("trigger.expression", …).
    [[nodiscard]] static std::optional<TriggerSpec> fromJson(const QJsonObject &json, FieldErrors *errors);
    [[nodiscard]] static QString typeName(Type type);
    bool operator==(const TriggerSpec &) const = default;
};

/// Computes fire instants of one trigger. Pure: the same input always gives the same answer
/// (interval jitter is derived from the fire's index, not drawn at random).
class Trigger
{
public:
    virtual ~Trigger() = default;
    /// The first fire instant strictly after @p afterMs, or nothing when the trigger is exhausted.
    [[nodiscard]] virtual std::optional<qint64> nextFireAfter(qint64 afterMs) const = 0;

    /// Builds the trigger for @p spec; on an invalid spec returns null and fills @p errors.
    [[nodiscard]] static std::unique_ptr<Trigger> create(
        const TriggerSpec &spec, FieldErrors *errors = nullptr);
};

/// Resolves a task's zone id (empty = the server's zone); nullopt when the id is unknown.
[[nodiscard]] std::optional<QTimeZone> zoneFor(const QString &ianaId);

} // namespace Kumo
