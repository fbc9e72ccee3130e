// SPDX-License-Identifier: MIT
#pragma once

namespace Kumo {
class ConsoleBackend;
}

namespace Kumo::Console {

/// Makes @p backend and the console's C++ types known to QML as module Kumo.Backend.
void registerTypes(ConsoleBackend *backend);

/// `kumo console`: the engine in this process with the Qt Quick desktop console over it
/// (and, when asked, the HTTP API and dashboard on a port). Makes its own QGuiApplication.
int run(int argc, char *argv[]);

} // namespace Kumo::Console
