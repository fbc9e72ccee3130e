// SPDX-License-Identifier: MIT
#pragma once

#include <QStringList>

namespace Kumo::Cli {

/// `kumo cron next EXPR [--tz ZONE] [-n N] [--from RFC3339]`: prints the next N fire times,
/// one RFC 3339 instant per line. Returns the process exit code (2 for an invalid expression).
/// @p args are the arguments after "cron".
[[nodiscard]] int runCronVerb(const QStringList &args);

} // namespace Kumo::Cli
