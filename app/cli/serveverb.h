// SPDX-License-Identifier: MIT
#pragma once

#include <QStringList>

namespace Kumo::Cli {

/// `kumo serve [--data-dir DIR] [--listen HOST:PORT] …`: runs the engine and the HTTP server
/// until SIGTERM/SIGINT. @p args are the arguments after "serve".
[[nodiscard]] int runServeVerb(const QStringList &args);

} // namespace Kumo::Cli
