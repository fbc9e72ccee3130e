// SPDX-License-Identifier: MIT
#pragma once

#include "core/fielderror.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

namespace Kumo {

/// Where packages come from (the PyPI mirror setting): applied to every pip call Kumo makes.
struct PackageIndex
{
    QString indexUrl; // empty: pip's default (pypi.org)
    QStringList extraIndexUrls;
    QStringList trustedHosts;
    QString proxy; // http(s)://[user:password@]host:port

    /// The pip options that say all of the above (for people: logs show them masked).
    [[nodiscard]] QStringList pipArguments() const;
    /// The same as pip's environment variables (PIP_INDEX_URL, …): what installs get, so that
    /// no password is on a command line, where any local user could read it in /proc.
    [[nodiscard]] QList<std::pair<QString, QString>> pipVariables() const;
    /// {"indexUrl","extraIndexUrls","trustedHosts","proxy"}; passwords in URLs are masked when
    /// @p maskPasswords is set (answers, logs) and kept for storage.
    [[nodiscard]] QJsonObject toJson(bool maskPasswords = true) const;
    /// Reads and checks the fields present in @p json over @p base (PATCH semantics). A URL that
    /// comes back masked keeps the password stored in @p base.
    [[nodiscard]] static std::optional<PackageIndex> fromJson(
        const QJsonObject &json, const PackageIndex &base, FieldErrors *errors);
    /// The default when nothing is stored: PIP_INDEX_URL, PIP_EXTRA_INDEX_URL and
    /// PIP_TRUSTED_HOST of the server's environment.
    [[nodiscard]] static PackageIndex fromEnvironment();

    bool operator==(const PackageIndex &) const = default;
};

/// @p url with the password of its user info replaced by "***", or the user name when there
/// is no password (a token in the user name): for logs and answers.
[[nodiscard]] QString maskUrlPassword(const QString &url);

} // namespace Kumo
