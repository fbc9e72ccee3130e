// SPDX-License-Identifier: MIT
#include "security/sessionstore.h"

#include "core/clock.h"
#include "core/logging.h"
#include "security/secrets.h"
#include "storage/database.h"

#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace Kumo {

namespace {
// lastSeenAt is written at most this often: a busy browser must not turn every request into a
// write. The idle timeout is therefore exact to within this much.
constexpr qint64 kLastSeenResolutionMs = 60 * 1000;
// Our tokens are 43 characters; anything far longer is not worth hashing.
constexpr qsizetype kMaxTokenLength = 256;
} // namespace

SessionStore::SessionStore(Database &database, Clock &clock)
    : m_database(database)
    , m_clock(clock)
{ }

std::optional<NewSession> SessionStore::create(qint64 userId, const QString &ip)
{
    NewSession created;
    created.token = Secrets::randomToken();
    Session &session = created.session;
    session.userId = userId;
    session.csrfToken = Secrets::randomToken();
    session.ip = ip;
    session.createdAt = session.lastSeenAt = m_clock.nowMs();
    session.expiresAt = session.createdAt + m_lifetimeMs;
    QSqlQuery &query = m_database.prepared(
        u"INSERT INTO sessions (user_id, token_hash, csrf_token, ip, created_at, last_seen_at, expires_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id"_s);
    query.addBindValue(userId);
    query.addBindValue(Secrets::tokenHash(created.token));
    query.addBindValue(session.csrfToken);
    query.addBindValue(ip.isNull() ? u""_s : ip);
    query.addBindValue(session.createdAt);
    query.addBindValue(session.lastSeenAt);
    query.addBindValue(session.expiresAt);
    if (!query.exec() || !query.next()) {
        m_error = u"cannot create session: %1"_s.arg(query.lastError().text());
        query.finish();
        return std::nullopt;
    }
    session.id = query.value(0).toLongLong();
    query.finish();
    return created;
}

std::optional<Session> SessionStore::validate(const QString &token)
{
    if (token.isEmpty() || token.size() > kMaxTokenLength)
        return std::nullopt;
    const QString hash = Secrets::tokenHash(token);
    QSqlQuery &query = m_database.prepared(
        u"SELECT id, user_id, token_hash, csrf_token, ip, created_at, last_seen_at, expires_at "
        "FROM sessions WHERE token_hash = ?"_s);
    query.addBindValue(hash);
    if (!query.exec()) {
        m_error = u"cannot read sessions: %1"_s.arg(query.lastError().text());
        query.finish();
        return std::nullopt;
    }
    if (!query.next()) {
        query.finish();
        return std::nullopt;
    }
    Session session;
    session.id = query.value(0).toLongLong();
    session.userId = query.value(1).toLongLong();
    const QString storedHash = query.value(2).toString();
    session.csrfToken = query.value(3).toString();
    session.ip = query.value(4).toString();
    session.createdAt = query.value(5).toLongLong();
    session.lastSeenAt = query.value(6).toLongLong();
    session.expiresAt = query.value(7).toLongLong();
    query.finish();
    // The lookup already matched; this guards against a collation that compares loosely.
    if (!Secrets::equals(storedHash, hash))
        return std::nullopt;

    const qint64 now = m_clock.nowMs();
    if (now >= session.expiresAt || now >= session.lastSeenAt + m_idleTimeoutMs) {
        remove(session.id);
        return std::nullopt;
    }
    if (now - session.lastSeenAt >= kLastSeenResolutionMs) {
        QSqlQuery &touch = m_database.prepared(u"UPDATE sessions SET last_seen_at = ? WHERE id = ?"_s);
        touch.addBindValue(now);
        touch.addBindValue(session.id);
        if (touch.exec())
            session.lastSeenAt = now;
        else
            qCWarning(lcSecurity) << "cannot refresh session" << session.id << touch.lastError().text();
    }
    return session;
}

bool SessionStore::remove(qint64 sessionId)
{
    QSqlQuery &query = m_database.prepared(u"DELETE FROM sessions WHERE id = ?"_s);
    query.addBindValue(sessionId);
    if (!query.exec()) {
        m_error = u"cannot end session: %1"_s.arg(query.lastError().text());
        return false;
    }
    return query.numRowsAffected() > 0;
}

bool SessionStore::removeForUser(qint64 userId)
{
    QSqlQuery &query = m_database.prepared(u"DELETE FROM sessions WHERE user_id = ?"_s);
    query.addBindValue(userId);
    if (!query.exec()) {
        m_error = u"cannot end the user's sessions: %1"_s.arg(query.lastError().text());
        return false;
    }
    return true;
}

int SessionStore::purgeExpired()
{
    const qint64 now = m_clock.nowMs();
    QSqlQuery &query
        = m_database.prepared(u"DELETE FROM sessions WHERE expires_at <= ? OR last_seen_at <= ?"_s);
    query.addBindValue(now);
    query.addBindValue(now - m_idleTimeoutMs);
    if (!query.exec()) {
        m_error = u"cannot purge sessions: %1"_s.arg(query.lastError().text());
        qCWarning(lcSecurity) << m_error;
        return 0;
    }
    return query.numRowsAffected();
}

} // namespace Kumo
