// SPDX-License-Identifier: MIT
#pragma once

#include <QStringList>

namespace Kumo::Cli {

/// `kumo backup create|list|restore|download|rm …`. @p args follow "backup".
[[nodiscard]] int runBackupVerb(const QStringList &args);

} // namespace Kumo::Cli
