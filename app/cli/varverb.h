// SPDX-License-Identifier: MIT
#pragma once

#include <QStringList>

namespace Kumo::Cli {

/// `kumo var list|set|rm …`: the environment variables and secrets runs get. @p args follow "var".
[[nodiscard]] int runVarVerb(const QStringList &args);

} // namespace Kumo::Cli
