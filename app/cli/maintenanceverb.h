// SPDX-License-Identifier: MIT
#pragma once

#include <QStringList>

namespace Kumo::Cli {

/// `kumo maintenance check|fix …`: the server's data consistency report and cleanup.
[[nodiscard]] int runMaintenanceVerb(const QStringList &args);

} // namespace Kumo::Cli
