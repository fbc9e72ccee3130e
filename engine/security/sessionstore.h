// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

#include <optional>

namespace Kumo {

class Clock;
class Database;

/// A browser session. Only the SHA-256 of the session token is stored.
struct Session
{
    qint64 id = 0;
    qint64 userId = 0;
    QString csrfToken; // random; the browser must echo it in X-CSRF-Token on mutating requests
    QString ip;
    qint64 createdAt = 0;
    qint64 lastSeenAt = 0;
    qint64 expiresAt = 0; // absolute limit
};

/// A newly created session: the token goes into the cookie and is never stored in clear.
struct NewSession
{
    Session session;
    QString token;
};

/// Persists sessions (table `sessions`). A session ends at its absolute expiry, or after
/// idleTimeoutMs without use; both are checked against the injected clock.
class SessionStore
{
public:
    SessionStore(Database &database, Clock &clock);

    void setLifetimeMs(qint64 ms) { m_lifetimeMs = ms; } // default 7 days
    void setIdleTimeoutMs(qint64 ms) { m_idleTimeoutMs = ms; } // default 12 hours

    [[nodiscard]] std::optional<NewSession> create(qint64 userId, const QString &ip);
    /// The live session for @p token (and refreshes lastSeenAt, at most once a minute);
    /// expired sessions are deleted and yield nullopt.
    [[nodiscard]] std::optional<Session> validate(const QString &token);
    bool remove(qint64 sessionId);
    /// Ends every session of a user (password change, disable, delete).
    bool removeForUser(qint64 userId);
    /// Deletes expired sessions; returns how many.
    int purgeExpired();

    [[nodiscard]] QString errorString() const { return m_error; }

private:
    Database &m_database;
    Clock &m_clock;
    qint64 m_lifetimeMs = 7LL * 24 * 3600 * 1000;
    qint64 m_idleTimeoutMs = 12LL * 3600 * 1000;
    mutable QString m_error;
};

} // namespace Kumo
