// SPDX-License-Identifier: MIT
#pragma once

#include <QString>
#include <QStringList>

#include <optional>

namespace Kumo::Cli {

/// `kumo project list|show|add|replace|rm|download|files|cat|put …`: the projects of the server
/// the client is signed in to, their code archives and their files. @p args are the arguments
/// after "project".
[[nodiscard]] int runProjectVerb(const QStringList &args);

class ApiClient;

/// The id of the project @p idOrName names: a whole number is an id, anything else a project's
/// exact name. Prints why to stderr as "kumo VERB: …" and returns nullopt when none has it.
[[nodiscard]] std::optional<qint64> resolveProject(
    ApiClient &client, const QString &idOrName, const QString &verb);

} // namespace Kumo::Cli
