// SPDX-License-Identifier: MIT
#pragma once

#include <QString>
#include <QStringList>

#include <optional>

namespace Kumo::Cli {

class ApiClient;

/// `kumo task list|show|add|edit|rm|run|pause|resume …`: manages the tasks of the server the
/// client is signed in to. @p args are the arguments after "task".
[[nodiscard]] int runTaskVerb(const QStringList &args);

/// The id of the task @p idOrName names: a whole number is an id, anything else an exact task
/// name (found with GET /api/tasks?search=). Prints why to stderr as "kumo VERB: …" and returns
/// nullopt when no task, or more than one, has that name.
[[nodiscard]] std::optional<qint64> resolveTask(
    ApiClient &client, const QString &idOrName, const QString &verb);

} // namespace Kumo::Cli
