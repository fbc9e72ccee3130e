// SPDX-License-Identifier: MIT
#include "security/authenticator.h"

#include "core/logging.h"
#include "security/secrets.h"

#include <QJsonObject>
#include <QStringList>
#include <QtConcurrent>

using namespace Qt::StringLiterals;

namespace Kumo {

namespace {
constexpr int kInitialPasswordLength = 20;
// No 0/O, 1/l/I: the password is read off a terminal and typed in by hand.
constexpr QStringView kUnambiguousAlphabet = u"ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";
const QString kInitialAdminName = u"admin"_s;
} // namespace

Authenticator::Authenticator(Database &database, Clock &clock, PasswordHasher hasher)
    : m_users(database, clock, hasher)
    , m_sessions(database, clock)
    , m_tokens(database, clock)
    , m_throttle(clock)
{
    // Each argon2id check holds 64 MiB: two at a time bounds memory, and a burst of sign-ins
    // queues instead of taking every core from the runs.
    m_hashPool.setMaxThreadCount(2);
}

LoginResult Authenticator::login(const QString &username, const QString &password, const QString &ip)
{
    UserStore::SignInAttempt attempt;
    if (std::optional<LoginResult> over = begin(username, ip, &attempt))
        return *over;
    return finish(username, ip, attempt, m_users.check(attempt, password));
}

void Authenticator::loginAsync(const QString &username, const QString &password, const QString &ip,
    QObject *context, std::function<void(const LoginResult &)> done)
{
    UserStore::SignInAttempt attempt;
    if (std::optional<LoginResult> over = begin(username, ip, &attempt)) {
        done(*over);
        return;
    }
    // Parallel guesses would all pass the throttle before the first failure is counted.
    const QString userKey = u"user:"_s + username.toLower();
    const QString ipKey = u"ip:"_s + ip;
    if (m_inFlight.contains(userKey) || m_inFlight.contains(ipKey)) {
        LoginResult busy;
        busy.status = LoginResult::Status::Throttled;
        busy.retryAfterMs = 1000;
        busy.message = u"a sign-in from this address or for this user is already in progress"_s;
        done(busy);
        return;
    }
    m_inFlight.insert(userKey);
    m_inFlight.insert(ipKey);
    const UserStore *users = &m_users;
    QtConcurrent::run(&m_hashPool, [users, attempt, password] { return users->check(attempt, password); })
        .then(context,
            [this, username, ip, attempt, userKey, ipKey, done = std::move(done)](
                const UserStore::SignInCheck &check) {
                m_inFlight.remove(userKey);
                m_inFlight.remove(ipKey);
                done(finish(username, ip, attempt, check));
            });
}

std::optional<LoginResult> Authenticator::begin(
    const QString &username, const QString &ip, UserStore::SignInAttempt *attempt)
{
    LoginResult result;
    // Before the password check: a throttled guess must cost the attacker time, not us CPU.
    result.retryAfterMs = m_throttle.retryAfterMs(ip, username);
    if (result.retryAfterMs > 0) {
        qCInfo(lcSecurity) << "sign-in as" << username << "from" << ip << "throttled for"
                           << result.retryAfterMs << "ms";
        result.status = LoginResult::Status::Throttled;
        result.message = u"too many failed sign-in attempts; try again in %1 s"_s.arg(
            (result.retryAfterMs + 999) / 1000);
        return result;
    }
    const std::optional<UserStore::SignInAttempt> found = m_users.lookUp(username);
    if (!found) {
        // The database failed, not the user: no failure to count against them.
        result.status = LoginResult::Status::Error;
        result.message = m_users.errorString();
        return result;
    }
    *attempt = *found;
    return std::nullopt;
}

LoginResult Authenticator::finish(const QString &username, const QString &ip,
    const UserStore::SignInAttempt &attempt, const UserStore::SignInCheck &check)
{
    LoginResult result;
    if (!check.passwordMatches) {
        m_throttle.recordFailure(ip, username);
        result.status = LoginResult::Status::InvalidCredentials;
        result.message = u"invalid username or password"_s;
        return result;
    }
    result.user = m_users.recordSignIn(attempt, check);
    m_throttle.recordSuccess(ip, username);
    result.session = m_sessions.create(result.user->id, ip);
    if (!result.session) {
        result.status = LoginResult::Status::Error;
        result.message = m_sessions.errorString();
        return result;
    }
    result.status = LoginResult::Status::Ok;
    return result;
}

std::optional<Principal> Authenticator::authenticateSession(const QString &token)
{
    const std::optional<Session> session = m_sessions.validate(token);
    if (!session)
        return std::nullopt;
    const std::optional<User> user = m_users.get(session->userId);
    if (!user || user->disabled) {
        // Disabling ends sessions already; this catches one created in a race with it.
        m_sessions.remove(session->id);
        return std::nullopt;
    }
    Principal principal;
    principal.user = *user;
    principal.via = Principal::Via::Session;
    principal.credentialId = session->id;
    principal.csrfToken = session->csrfToken;
    return principal;
}

std::optional<Principal> Authenticator::authenticateBearer(const QString &token)
{
    const std::optional<ApiToken> apiToken = m_tokens.authenticate(token);
    if (!apiToken)
        return std::nullopt;
    const std::optional<User> user = m_users.get(apiToken->userId);
    if (!user || user->disabled)
        return std::nullopt;
    Principal principal;
    principal.user = *user;
    principal.via = Principal::Via::ApiToken;
    principal.credentialId = apiToken->id;
    return principal;
}

bool Authenticator::logout(const Principal &principal)
{
    // An API token is not signed out of: it lives until it is revoked or expires.
    if (principal.via != Principal::Via::Session)
        return false;
    return m_sessions.remove(principal.credentialId);
}

std::optional<QString> Authenticator::ensureInitialAdmin(const QString &password, QString *error)
{
    if (error)
        error->clear();
    const qint64 users = m_users.count();
    if (users < 0) {
        if (error)
            *error = m_users.errorString();
        return std::nullopt;
    }
    if (users > 0)
        return std::nullopt;
    const QString chosen
        = password.isEmpty() ? Secrets::randomString(kInitialPasswordLength, kUnambiguousAlphabet) : password;
    const UserResult result = m_users.create({
        { u"username"_s, kInitialAdminName },
        { u"password"_s, chosen },
        { u"role"_s, roleName(Role::Admin) },
    });
    if (!result.ok()) {
        // Callers add their own context ("cannot create the first admin: …").
        if (error) {
            QStringList problems;
            for (const FieldError &fieldError : result.errors)
                problems.append(fieldError.field + u' ' + fieldError.message);
            *error = problems.isEmpty() ? result.message : problems.join(u"; "_s);
        }
        return std::nullopt;
    }
    qCInfo(lcSecurity) << "created the initial admin user" << kInitialAdminName;
    return chosen;
}

} // namespace Kumo
