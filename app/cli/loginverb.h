// SPDX-License-Identifier: MIT
#pragma once

#include <QStringList>

namespace Kumo::Cli {

/// `kumo login URL [--username U] [--password-stdin]`: signs in, creates an API token named
/// "kumo-cli@HOST" and stores the server's URL and the token for the other client verbs (see
/// ClientConfig). @p args are the arguments after "login".
[[nodiscard]] int runLoginVerb(const QStringList &args);

/// `kumo logout`: revokes the stored token and deletes the stored login.
[[nodiscard]] int runLogoutVerb(const QStringList &args);

} // namespace Kumo::Cli
