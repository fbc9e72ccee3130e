// SPDX-License-Identifier: MIT
#include "security/apitokenstore.h"

#include "core/clock.h"
#include "core/logging.h"
#include "security/secrets.h"
#include "storage/database.h"
#include "storage/sqlutil.h"

#include <QDateTime>
#include <QJsonValue>
#include <QSqlError>
#include <QSqlQuery>

#include <cmath>

using namespace Qt::StringLiterals;

namespace Kumo {

namespace {

const QString kTokenPrefix = u"kumo_"_s;
constexpr qsizetype kSecretLength = 43; // 32 random bytes, base64url
// "kumo_" and a few secret characters: enough to tell tokens apart, far too few to guess the rest.
constexpr qsizetype kShownPrefixLength = 12;
constexpr int kMaxNameLength = 100;
constexpr int kMaxExpiryDays = 3650;
// lastUsedAt is written at most this often per token.
constexpr qint64 kLastUsedResolutionMs = 60 * 1000;
constexpr qint64 kDayMs = 24LL * 3600 * 1000;

const QString kColumns = u"id, user_id, name, prefix, created_at, last_used_at, expires_at, token_hash"_s;

QJsonValue rfc3339(std::optional<qint64> ms)
{
    if (!ms)
        return QJsonValue();
    return QDateTime::fromMSecsSinceEpoch(*ms, Qt::UTC).toString(Qt::ISODateWithMs);
}

ApiToken tokenFromRow(const QSqlQuery &query)
{
    ApiToken token;
    token.id = query.value(0).toLongLong();
    token.userId = query.value(1).toLongLong();
    token.name = query.value(2).toString();
    token.prefix = query.value(3).toString();
    token.createdAt = query.value(4).toLongLong();
    token.lastUsedAt = Sql::column<qint64>(query, 5);
    token.expiresAt = Sql::column<qint64>(query, 6);
    return token;
}

bool hasControlCharacters(const QString &text)
{
    for (const QChar c : text) {
        if (c.category() == QChar::Other_Control)
            return true;
    }
    return false;
}

} // namespace

QJsonObject ApiToken::toJson() const
{
    return {
        { u"id"_s, id },
        { u"userId"_s, userId },
        { u"name"_s, name },
        { u"prefix"_s, prefix },
        { u"createdAt"_s, rfc3339(createdAt) },
        { u"lastUsedAt"_s, rfc3339(lastUsedAt) },
        { u"expiresAt"_s, rfc3339(expiresAt) },
    };
}

ApiTokenStore::ApiTokenStore(Database &database, Clock &clock)
    : m_database(database)
    , m_clock(clock)
{ }

std::optional<ApiToken> ApiTokenStore::create(
    qint64 userId, const QJsonObject &json, QString *token, FieldErrors *errors)
{
    FieldErrors problems;
    const QJsonValue name = json.value(u"name"_s);
    if (!name.isString() || name.toString().trimmed().isEmpty())
        problems.append({ u"name"_s, u"is required"_s });
    else if (name.toString().size() > kMaxNameLength)
        problems.append({ u"name"_s, u"must be at most %1 characters"_s.arg(kMaxNameLength) });
    else if (hasControlCharacters(name.toString()) || name.toString() != name.toString().trimmed())
        problems.append({ u"name"_s, u"must not contain control characters or surrounding spaces"_s });
    std::optional<int> expiresInDays;
    const QJsonValue days = json.value(u"expiresInDays"_s);
    if (!days.isUndefined() && !days.isNull()) {
        const double number = days.toDouble(std::nan(""));
        if (!days.isDouble() || number != std::floor(number) || number < 1 || number > kMaxExpiryDays)
            problems.append(
                { u"expiresInDays"_s, u"must be a whole number from 1 to %1"_s.arg(kMaxExpiryDays) });
        else
            expiresInDays = int(number);
    }
    if (!problems.isEmpty()) {
        m_error = u"the token is not valid"_s;
        if (errors)
            *errors = std::move(problems);
        return std::nullopt;
    }

    const QString secret = kTokenPrefix + Secrets::randomToken();
    ApiToken created;
    created.userId = userId;
    created.name = name.toString();
    created.prefix = secret.left(kShownPrefixLength);
    created.createdAt = m_clock.nowMs();
    if (expiresInDays)
        created.expiresAt = created.createdAt + *expiresInDays * kDayMs;
    QSqlQuery &query = m_database.prepared(
        u"INSERT INTO api_tokens (user_id, name, token_hash, prefix, created_at, expires_at) "
        "VALUES (?, ?, ?, ?, ?, ?) RETURNING id"_s);
    query.addBindValue(userId);
    query.addBindValue(created.name);
    query.addBindValue(Secrets::tokenHash(secret));
    query.addBindValue(created.prefix);
    query.addBindValue(created.createdAt);
    query.addBindValue(Sql::optional(created.expiresAt));
    if (!query.exec() || !query.next()) {
        m_error = u"cannot create API token: %1"_s.arg(query.lastError().text());
        query.finish();
        return std::nullopt;
    }
    created.id = query.value(0).toLongLong();
    query.finish();
    if (token)
        *token = secret;
    return created;
}

std::optional<ApiToken> ApiTokenStore::authenticate(const QString &token)
{
    if (!token.startsWith(kTokenPrefix) || token.size() != kTokenPrefix.size() + kSecretLength)
        return std::nullopt;
    const QString hash = Secrets::tokenHash(token);
    QSqlQuery &query
        = m_database.prepared(u"SELECT "_s + kColumns + u" FROM api_tokens WHERE token_hash = ?"_s);
    query.addBindValue(hash);
    if (!query.exec()) {
        m_error = u"cannot read API tokens: %1"_s.arg(query.lastError().text());
        query.finish();
        return std::nullopt;
    }
    if (!query.next()) {
        query.finish();
        return std::nullopt;
    }
    ApiToken found = tokenFromRow(query);
    const QString storedHash = query.value(7).toString();
    query.finish();
    // The lookup already matched; this guards against a collation that compares loosely.
    if (!Secrets::equals(storedHash, hash))
        return std::nullopt;

    const qint64 now = m_clock.nowMs();
    if (found.expiresAt && now >= *found.expiresAt)
        return std::nullopt;
    if (!found.lastUsedAt || now - *found.lastUsedAt >= kLastUsedResolutionMs) {
        QSqlQuery &touch = m_database.prepared(u"UPDATE api_tokens SET last_used_at = ? WHERE id = ?"_s);
        touch.addBindValue(now);
        touch.addBindValue(found.id);
        if (touch.exec())
            found.lastUsedAt = now;
        else
            qCWarning(lcSecurity) << "cannot record use of API token" << found.id << touch.lastError().text();
    }
    return found;
}

std::optional<ApiToken> ApiTokenStore::get(qint64 id) const
{
    QSqlQuery &query = m_database.prepared(u"SELECT "_s + kColumns + u" FROM api_tokens WHERE id = ?"_s);
    query.addBindValue(id);
    if (!query.exec()) {
        m_error = u"cannot read API tokens: %1"_s.arg(query.lastError().text());
        query.finish();
        return std::nullopt;
    }
    std::optional<ApiToken> token;
    if (query.next())
        token = tokenFromRow(query);
    query.finish();
    return token;
}

QList<ApiToken> ApiTokenStore::list(std::optional<qint64> userId) const
{
    const QString where = userId ? u"WHERE user_id = ? "_s : QString();
    QSqlQuery &query = m_database.prepared(
        u"SELECT "_s + kColumns + u" FROM api_tokens "_s + where + u"ORDER BY created_at DESC, id DESC"_s);
    if (userId)
        query.addBindValue(*userId);
    QList<ApiToken> tokens;
    if (!query.exec()) {
        m_error = u"cannot read API tokens: %1"_s.arg(query.lastError().text());
        query.finish();
        return tokens;
    }
    while (query.next())
        tokens.append(tokenFromRow(query));
    query.finish();
    return tokens;
}

bool ApiTokenStore::revoke(qint64 id)
{
    QSqlQuery &query = m_database.prepared(u"DELETE FROM api_tokens WHERE id = ?"_s);
    query.addBindValue(id);
    if (!query.exec()) {
        m_error = u"cannot revoke API token: %1"_s.arg(query.lastError().text());
        return false;
    }
    if (query.numRowsAffected() == 0) {
        m_error = u"API token %1 does not exist"_s.arg(id);
        return false;
    }
    return true;
}

bool ApiTokenStore::revokeForUser(qint64 userId)
{
    QSqlQuery &query = m_database.prepared(u"DELETE FROM api_tokens WHERE user_id = ?"_s);
    query.addBindValue(userId);
    if (!query.exec()) {
        m_error = u"cannot revoke the user's API tokens: %1"_s.arg(query.lastError().text());
        return false;
    }
    return true;
}

} // namespace Kumo
