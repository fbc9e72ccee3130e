// SPDX-License-Identifier: MIT
#pragma once

#include <QStringList>

class QHostAddress;

namespace Kumo {
class Engine;
}

namespace Kumo::Cli {

/// `kumo serve [--data-dir DIR] [--listen HOST:PORT] …`: runs the engine and the HTTP server
/// until SIGTERM/SIGINT. @p args are the arguments after "serve".
[[nodiscard]] int runServeVerb(const QStringList &args);

/// Creates the first admin when there are no users (KUMO_ADMIN_PASSWORD, or a random password
/// written to DATA_DIR/initial-admin-password) and says how to sign in; false with @p error.
[[nodiscard]] bool prepareFirstLogin(
    Engine &engine, const QString &dataDir, QString *howToLogIn, QString *error);

/// HOST:PORT ("[::1]:8000", "localhost:0") as an address and a port; false when it is not one.
[[nodiscard]] bool parseListen(const QString &text, QHostAddress *address, quint16 *port);

} // namespace Kumo::Cli
