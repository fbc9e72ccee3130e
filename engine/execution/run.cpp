// SPDX-License-Identifier: MIT
#include "execution/run.h"

#include "core/timeformat.h"
#include <QDateTime>
#include <QTimeZone>

#include <array>

using namespace Qt::StringLiterals;

namespace Kumo {

namespace {
struct StateName
{
    RunState state;
    QStringView name;
};
constexpr std::array<StateName, 9> kStateNames { {
    { RunState::Queued, u"queued" },
    { RunState::Running, u"running" },
    { RunState::Succeeded, u"succeeded" },
    { RunState::Failed, u"failed" },
    { RunState::TimedOut, u"timed_out" },
    { RunState::Cancelled, u"cancelled" },
    { RunState::Lost, u"lost" },
    { RunState::Skipped, u"skipped" },
    { RunState::Missed, u"missed" },
} };

template<typename T> QJsonValue optional(const std::optional<T> &value)
{
    return value ? QJsonValue(*value) : QJsonValue();
}
} // namespace

QString runStateName(RunState state)
{
    for (const StateName &entry : kStateNames) {
        if (entry.state == state)
            return entry.name.toString();
    }
    return {};
}

std::optional<RunState> runStateFromName(const QString &name)
{
    for (const StateName &entry : kStateNames) {
        if (entry.name == name)
            return entry.state;
    }
    return std::nullopt;
}

QJsonObject Run::toJson() const
{
    return {
        { u"id"_s, id },
        { u"taskId"_s, taskId },
        { u"groupId"_s, groupId },
        { u"attempt"_s, attempt },
        { u"state"_s, runStateName(state) },
        { u"reason"_s, reason },
        { u"scheduledAt"_s, toRfc3339(scheduledAt) },
        { u"queuedAt"_s, toRfc3339OrNull(queuedAt) },
        { u"startedAt"_s, toRfc3339OrNull(startedAt) },
        { u"finishedAt"_s, toRfc3339OrNull(finishedAt) },
        { u"exitCode"_s, optional(exitCode) },
        { u"signal"_s, optional(signal) },
        { u"cpuPeakPercent"_s, optional(cpuPeakPercent) },
        { u"rssPeakBytes"_s, optional(rssPeakBytes) },
        { u"cpuSeconds"_s, optional(cpuSeconds) },
        { u"environmentFreeze"_s,
            environmentFreeze.isEmpty() ? QJsonValue() : QJsonValue(environmentFreeze) },
        { u"logBytes"_s, logBytes },
        { u"logTruncated"_s, logTruncated },
        { u"fires"_s, fires },
        { u"error"_s, error.isEmpty() ? QJsonValue() : QJsonValue(error) },
    };
}

} // namespace Kumo
