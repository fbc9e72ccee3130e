// SPDX-License-Identifier: MIT
#pragma once

#include "security/apitokenstore.h"
#include "security/loginthrottle.h"
#include "security/sessionstore.h"
#include "security/user.h"
#include "security/userstore.h"

#include <QSet>
#include <QString>
#include <QThreadPool>

#include <functional>
#include <optional>

class QObject;

namespace Kumo {

/// Who is making a request, and how they proved it.
struct Principal
{
    enum class Via { Session, ApiToken };
    User user;
    Via via = Via::Session;
    qint64 credentialId = 0; // session id or token id
    QString csrfToken; // sessions only
};

struct LoginResult
{
    enum class Status { Ok, InvalidCredentials, Throttled, Error };
    Status status = Status::InvalidCredentials;
    std::optional<User> user;
    std::optional<NewSession> session;
    qint64 retryAfterMs = 0;
    QString message;
};

/// Signs users in and recognises them again: passwords → sessions, bearer tokens → principals,
/// with login throttling. Owns the user, session and token stores.
class Authenticator
{
public:
    Authenticator(Database &database, Clock &clock, PasswordHasher hasher = PasswordHasher());

    [[nodiscard]] LoginResult login(const QString &username, const QString &password, const QString &ip);
    /// login() with the password hash computed on a worker thread, so that a sign-in (tens of
    /// milliseconds and 64 MiB of argon2id) never stalls the event loop that fires schedules.
    /// @p done runs on @p context's thread, unless @p context is destroyed first. At most two
    /// hashes run at once; a user or IP with a sign-in already in flight is throttled.
    void loginAsync(const QString &username, const QString &password, const QString &ip, QObject *context,
        std::function<void(const LoginResult &)> done);
    /// Principal for a session cookie token; nullopt when unknown, expired or the user disabled.
    [[nodiscard]] std::optional<Principal> authenticateSession(const QString &token);
    /// Principal for an API token; nullopt when unknown, expired, revoked or the user disabled.
    [[nodiscard]] std::optional<Principal> authenticateBearer(const QString &token);
    bool logout(const Principal &principal);

    /// With no users at all, creates "admin" (role admin) with @p password, or a random
    /// 20-character one when @p password is empty. Returns the password that was set, or
    /// nullopt when users already exist. @p error receives a failure message (e.g. a too short
    /// KUMO_ADMIN_PASSWORD).
    [[nodiscard]] std::optional<QString> ensureInitialAdmin(const QString &password, QString *error);

    [[nodiscard]] UserStore &users() { return m_users; }
    [[nodiscard]] SessionStore &sessions() { return m_sessions; }
    [[nodiscard]] ApiTokenStore &tokens() { return m_tokens; }
    [[nodiscard]] LoginThrottle &throttle() { return m_throttle; }

private:
    /// The first part of a sign-in: throttling and the user lookup; a result when it is over.
    [[nodiscard]] std::optional<LoginResult> begin(
        const QString &username, const QString &ip, UserStore::SignInAttempt *attempt);
    /// The last part, once the password was checked.
    [[nodiscard]] LoginResult finish(const QString &username, const QString &ip,
        const UserStore::SignInAttempt &attempt, const UserStore::SignInCheck &check);

    UserStore m_users;
    SessionStore m_sessions;
    ApiTokenStore m_tokens;
    LoginThrottle m_throttle;
    QThreadPool m_hashPool;
    QSet<QString> m_inFlight; // "user:NAME" and "ip:ADDRESS" of sign-ins being hashed
};

} // namespace Kumo
