// SPDX-License-Identifier: MIT
#pragma once

#include "core/fielderror.h"

#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace Kumo {

class Clock;
class Database;

/// An API token for scripts (Authorization: Bearer). Only its SHA-256 is stored.
struct ApiToken
{
    qint64 id = 0;
    qint64 userId = 0;
    QString name;
    QString prefix; // the first characters of the token, to tell tokens apart in lists
    qint64 createdAt = 0;
    std::optional<qint64> lastUsedAt;
    std::optional<qint64> expiresAt;

    /// {"id","userId","name","prefix","createdAt","lastUsedAt","expiresAt"}; never the token.
    [[nodiscard]] QJsonObject toJson() const;
};

/// Persists API tokens (table `api_tokens`). Tokens look like "kumo_" + 43 base64url characters.
class ApiTokenStore
{
public:
    ApiTokenStore(Database &database, Clock &clock);

    /// Creates a token for @p userId; fields: "name" (1–100 chars, required),
    /// "expiresInDays" (optional, 1–3650). On success @p token receives the secret (shown once).
    [[nodiscard]] std::optional<ApiToken> create(
        qint64 userId, const QJsonObject &json, QString *token, FieldErrors *errors);
    /// The token's record when @p token is valid and unexpired; records lastUsedAt (written at
    /// most once a minute per token, so busy scripts do not write on every request).
    [[nodiscard]] std::optional<ApiToken> authenticate(const QString &token);
    [[nodiscard]] std::optional<ApiToken> get(qint64 id) const;
    /// Tokens of one user, or of everyone when @p userId is nullopt; newest first.
    [[nodiscard]] QList<ApiToken> list(std::optional<qint64> userId) const;
    [[nodiscard]] bool revoke(qint64 id);
    bool revokeForUser(qint64 userId);

    [[nodiscard]] QString errorString() const { return m_error; }

private:
    Database &m_database;
    Clock &m_clock;
    mutable QString m_error;
};

} // namespace Kumo
