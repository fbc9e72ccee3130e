// SPDX-License-Identifier: MIT
#pragma once

#include <QString>
#include <QStringList>

#include <optional>

namespace Kumo::Cli {

/// `kumo python list|add …`: the Python interpreters the server knows. @p args follow "python".
[[nodiscard]] int runPythonVerb(const QStringList &args);

/// `kumo env list|show|create|rm|reset …`: Python environments. @p args follow "env".
[[nodiscard]] int runEnvVerb(const QStringList &args);

/// `kumo pkg list|install|upgrade|uninstall ENV …`: the packages of an environment. @p args
/// follow "pkg".
[[nodiscard]] int runPkgVerb(const QStringList &args);

class ApiClient;

/// The id of the environment @p idOrName names (an id, or an environment's exact name); prints
/// why to stderr as "kumo VERB: …" and returns nullopt when there is none.
[[nodiscard]] std::optional<qint64> resolveEnvironment(
    ApiClient &client, const QString &idOrName, const QString &verb);

} // namespace Kumo::Cli
