// SPDX-License-Identifier: MIT
#pragma once

#include <QJsonObject>
#include <QString>

#include <optional>

namespace Kumo {

/// Run states (DESIGN §2): queued → running → succeeded | failed | timed_out | cancelled;
/// lost (active when Kumo died), skipped (overlap), missed (fire passed while down).
enum class RunState { Queued, Running, Succeeded, Failed, TimedOut, Cancelled, Lost, Skipped, Missed };

[[nodiscard]] QString runStateName(RunState state);
[[nodiscard]] std::optional<RunState> runStateFromName(const QString &name);
[[nodiscard]] inline bool isActive(RunState state)
{
    return state == RunState::Queued || state == RunState::Running;
}

/// Why a run exists.
namespace RunReason {
inline constexpr char16_t Schedule[] = u"schedule";
inline constexpr char16_t Manual[] = u"manual";
inline constexpr char16_t Retry[] = u"retry";
} // namespace RunReason

/// One attempt of a task.
struct Run
{
    qint64 id = 0;
    qint64 taskId = 0;
    qint64 groupId = 0; // id of the first attempt; retries share it
    int attempt = 1;
    RunState state = RunState::Queued;
    QString reason;
    qint64 scheduledAt = 0; // when it was due (for retries: when the retry becomes eligible)
    std::optional<qint64> queuedAt;
    std::optional<qint64> startedAt;
    std::optional<qint64> finishedAt;
    std::optional<int> exitCode;
    std::optional<int> signal;
    qint64 pid = 0;
    qint64 pidStartTicks = 0;
    QString logPath;
    qint64 logBytes = 0;
    bool logTruncated = false;
    QString error;
    int fires = 1; // schedule fires folded into this record (coalesced or missed)
    std::optional<double> cpuPeakPercent;
    std::optional<qint64> rssPeakBytes;
    std::optional<double> cpuSeconds;
    QString environmentFreeze; // hash of the `pip freeze` of the environment it ran in

    [[nodiscard]] QJsonObject toJson() const;
};

} // namespace Kumo
