// SPDX-License-Identifier: MIT
#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace Kumo::Cli {

class ApiClient;

/// `kumo runs [--task ID|NAME] [--state S[,S]] [--limit N] [--json]`: the run history, newest
/// first. @p args are the arguments after "runs".
[[nodiscard]] int runRunsVerb(const QStringList &args);

/// `kumo logs RUN [--follow] [--tail N]`: a run's log, what the run printed to stdout on stdout
/// and what it printed to stderr on stderr. @p args are the arguments after "logs".
[[nodiscard]] int runLogsVerb(const QStringList &args);

/// Prints the log of run @p runId from byte @p offset as it is written (over the WebSocket at
/// GET /api/events) until the run ends, and returns runExitStatus() of the run; 1 when the
/// connection fails. @p verb names the caller in messages.
[[nodiscard]] int followRun(ApiClient &client, qint64 runId, qint64 offset, const QString &verb);

/// The exit status that stands for a finished run: 0 when it succeeded, else its exit code
/// when it has one from 1 to 255, else 1.
[[nodiscard]] int runExitStatus(const QJsonObject &run);

} // namespace Kumo::Cli
