// SPDX-License-Identifier: MIT
#pragma once

namespace Kumo {
class ConsoleBackend;
}

namespace Kumo::Console {

/// Makes @p backend QML's Backend singleton and registers the C++ types of module
/// org.kumo.console; call it before loading any of the module's QML.
void registerTypes(ConsoleBackend *backend);

/// `kumo console`: the engine in this process with the Qt Quick desktop console over it
/// (and, when asked, the HTTP API and dashboard on a port). Makes its own QGuiApplication.
int run(int argc, char *argv[]);

} // namespace Kumo::Console
