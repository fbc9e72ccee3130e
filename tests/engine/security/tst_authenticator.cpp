// SPDX-License-Identifier: MIT
#include "core/clock.h"
#include "security/authenticator.h"
#include "storage/database.h"

#include <QRegularExpression>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Kumo;

class TestAuthenticator final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void loginCreatesASession();
    void loginFailures_data();
    void loginFailures();
    void throttledLoginDoesNotCheckThePassword();
    void asyncLoginAnswersFromTheEventLoop();
    void asyncLoginRefusesParallelGuesses();
    void sessionOfADisabledUserIsRejected();
    void bearerTokens();
    void bearerTokenOfADisabledUserIsRejected();
    void passwordChangeSignsOutEverywhere();
    void logout();
    void ensureInitialAdmin_data();
    void ensureInitialAdmin();
    void ensureInitialAdminOnlyOnce();

private:
    User createUser(const QString &username, const QString &role = u"operator"_s, bool disabled = false)
    {
        const UserResult result = m_auth->users().create({ { u"username"_s, username },
            { u"password"_s, kPassword }, { u"role"_s, role }, { u"disabled"_s, disabled } });
        if (!result.ok())
            qFatal("cannot create user: %s", qPrintable(result.message));
        return *result.user;
    }
    void disableBehindTheStoresBack(qint64 userId)
    {
        QSqlQuery query(m_db->connection());
        query.prepare(u"UPDATE users SET disabled = 1 WHERE id = ?"_s);
        query.addBindValue(userId);
        QVERIFY(query.exec());
    }

    static inline const QString kPassword = u"correct horse"_s;
    static constexpr qint64 kStart = 1'790'000'000'000;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<ManualClock> m_clock;
    std::unique_ptr<Authenticator> m_auth;
};

void TestAuthenticator::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_db = std::make_unique<Database>();
    QVERIFY2(m_db->open(m_dir->filePath(u"kumo.db"_s)), qPrintable(m_db->errorString()));
    QVERIFY2(m_db->migrate(), qPrintable(m_db->errorString()));
    m_clock = std::make_unique<ManualClock>(kStart);
    m_auth = std::make_unique<Authenticator>(*m_db, *m_clock, PasswordHasher(PasswordHasher::Cost::Minimal));
}

void TestAuthenticator::cleanup()
{
    m_auth.reset();
    m_db.reset();
    m_dir.reset();
}

void TestAuthenticator::loginCreatesASession()
{
    const User alice = createUser(u"alice"_s);
    m_clock->advanceMs(1000);
    const LoginResult result = m_auth->login(u"Alice"_s, kPassword, u"192.0.2.1"_s);
    QCOMPARE(result.status, LoginResult::Status::Ok);
    QVERIFY(result.user && result.session);
    QCOMPARE(result.user->id, alice.id);
    QCOMPARE(result.user->lastLoginAt, kStart + 1000);
    QCOMPARE(result.session->session.userId, alice.id);
    QCOMPARE(result.session->session.ip, u"192.0.2.1"_s);
    QCOMPARE(result.retryAfterMs, 0);

    const std::optional<Principal> principal = m_auth->authenticateSession(result.session->token);
    QVERIFY(principal);
    QCOMPARE(principal->user.id, alice.id);
    QCOMPARE(principal->user.role, Role::Operator);
    QCOMPARE(principal->via, Principal::Via::Session);
    QCOMPARE(principal->credentialId, result.session->session.id);
    QCOMPARE(principal->csrfToken, result.session->session.csrfToken);
    QVERIFY(!principal->csrfToken.isEmpty());
    QVERIFY(!m_auth->authenticateSession(u"not a session"_s));
    // A session token is not an API token.
    QVERIFY(!m_auth->authenticateBearer(result.session->token));
}

void TestAuthenticator::loginFailures_data()
{
    QTest::addColumn<QString>("username");
    QTest::addColumn<QString>("password");
    QTest::addRow("wrong password") << u"alice"_s << u"wrong password"_s;
    QTest::addRow("unknown user") << u"mallory"_s << kPassword;
    QTest::addRow("disabled user") << u"dave"_s << kPassword;
    QTest::addRow("empty") << QString() << QString();
}

void TestAuthenticator::loginFailures()
{
    QFETCH(QString, username);
    QFETCH(QString, password);
    createUser(u"alice"_s);
    createUser(u"dave"_s, u"admin"_s, true);
    const LoginResult result = m_auth->login(username, password, u"192.0.2.1"_s);
    QCOMPARE(result.status, LoginResult::Status::InvalidCredentials);
    QVERIFY(!result.user);
    QVERIFY(!result.session);
    // The same words whatever went wrong: the answer must not reveal which accounts exist.
    QCOMPARE(result.message, u"invalid username or password"_s);
    QSqlQuery query(m_db->connection());
    QVERIFY(query.exec(u"SELECT COUNT(*) FROM sessions"_s) && query.next());
    QCOMPARE(query.value(0).toInt(), 0);
}

void TestAuthenticator::throttledLoginDoesNotCheckThePassword()
{
    const User alice = createUser(u"alice"_s);
    for (int i = 0; i < 5; ++i)
        QCOMPARE(m_auth->login(u"alice"_s, u"guess %1"_s.arg(i), u"192.0.2.1"_s).status,
            LoginResult::Status::InvalidCredentials);

    // Even the right password is not looked at while the delay runs (another address is
    // not held back by these failures: nobody can lock alice out from elsewhere).
    QCOMPARE(m_auth->throttle().retryAfterMs(u"192.0.2.99"_s, u"alice"_s), 0);
    LoginResult result = m_auth->login(u"alice"_s, kPassword, u"192.0.2.1"_s);
    QCOMPARE(result.status, LoginResult::Status::Throttled);
    QCOMPARE(result.retryAfterMs, 1000);
    QVERIFY(!result.session);
    QVERIFY(result.message.contains(u"try again"_s));
    QVERIFY(!m_auth->users().get(alice.id)->lastLoginAt);

    m_clock->advanceMs(999);
    QCOMPARE(m_auth->login(u"alice"_s, kPassword, u"192.0.2.1"_s).retryAfterMs, 1);
    m_clock->advanceMs(1);
    result = m_auth->login(u"alice"_s, kPassword, u"192.0.2.1"_s);
    QCOMPARE(result.status, LoginResult::Status::Ok);
    // The success cleared alice's record: a slip of the finger right after is free again.
    QCOMPARE(
        m_auth->login(u"alice"_s, u"typo"_s, u"192.0.2.1"_s).status, LoginResult::Status::InvalidCredentials);
    QCOMPARE(m_auth->throttle().retryAfterMs(u"192.0.2.1"_s, u"alice"_s), 0);
}

void TestAuthenticator::asyncLoginAnswersFromTheEventLoop()
{
    createUser(u"alice"_s);
    QObject context;
    std::optional<LoginResult> right;
    std::optional<LoginResult> wrong;
    m_auth->loginAsync(
        u"alice"_s, kPassword, u"192.0.2.1"_s, &context, [&](const LoginResult &r) { right = r; });
    QVERIFY(!right); // the hash runs on a worker thread
    QTRY_VERIFY(right.has_value());
    QCOMPARE(right->status, LoginResult::Status::Ok);
    QVERIFY(m_auth->authenticateSession(right->session->token));

    m_auth->loginAsync(
        u"alice"_s, u"nope"_s, u"192.0.2.1"_s, &context, [&](const LoginResult &r) { wrong = r; });
    QTRY_VERIFY(wrong.has_value());
    QCOMPARE(wrong->status, LoginResult::Status::InvalidCredentials);
    QVERIFY(m_auth->throttle().retryAfterMs(u"192.0.2.1"_s, u"alice"_s) == 0); // one failure is free
}

void TestAuthenticator::asyncLoginRefusesParallelGuesses()
{
    createUser(u"alice"_s);
    QObject context;
    QList<LoginResult> results;
    const auto collect = [&](const LoginResult &r) { results.append(r); };
    // Without waiting for the first: guesses in flight would all pass the throttle otherwise.
    m_auth->loginAsync(u"alice"_s, u"guess 1"_s, u"192.0.2.1"_s, &context, collect);
    m_auth->loginAsync(u"alice"_s, u"guess 2"_s, u"192.0.2.2"_s, &context, collect); // same user
    m_auth->loginAsync(u"bob"_s, u"guess 3"_s, u"192.0.2.1"_s, &context, collect); // same address
    QCOMPARE(results.size(), 2);
    QCOMPARE(results.at(0).status, LoginResult::Status::Throttled);
    QCOMPARE(results.at(1).status, LoginResult::Status::Throttled);
    QTRY_COMPARE(results.size(), 3);
    QCOMPARE(results.at(2).status, LoginResult::Status::InvalidCredentials);
    // Once it is over, the next attempt runs.
    m_auth->loginAsync(u"alice"_s, kPassword, u"192.0.2.2"_s, &context, collect);
    QTRY_COMPARE(results.size(), 4);
    QCOMPARE(results.at(3).status, LoginResult::Status::Ok);
}

void TestAuthenticator::sessionOfADisabledUserIsRejected()
{
    createUser(u"root"_s, u"admin"_s);
    const User alice = createUser(u"alice"_s);
    const LoginResult first = m_auth->login(u"alice"_s, kPassword, u"192.0.2.1"_s);
    QVERIFY(first.session);
    QVERIFY(m_auth->authenticateSession(first.session->token));

    // Disabled through the store: the session is ended outright.
    QVERIFY(m_auth->users().update(alice.id, { { u"disabled"_s, true } }).ok());
    QVERIFY(!m_auth->authenticateSession(first.session->token));
    QCOMPARE(
        m_auth->login(u"alice"_s, kPassword, u"192.0.2.1"_s).status, LoginResult::Status::InvalidCredentials);

    // Disabled by any other way: the check at authentication still holds.
    QVERIFY(m_auth->users().update(alice.id, { { u"disabled"_s, false } }).ok());
    const LoginResult second = m_auth->login(u"alice"_s, kPassword, u"192.0.2.1"_s);
    QVERIFY(second.session);
    disableBehindTheStoresBack(alice.id);
    QVERIFY(!m_auth->authenticateSession(second.session->token));
}

void TestAuthenticator::bearerTokens()
{
    const User alice = createUser(u"alice"_s, u"viewer"_s);
    QString token;
    const std::optional<ApiToken> created
        = m_auth->tokens().create(alice.id, { { u"name"_s, u"ci"_s } }, &token, nullptr);
    QVERIFY(created);
    const std::optional<Principal> principal = m_auth->authenticateBearer(token);
    QVERIFY(principal);
    QCOMPARE(principal->user.id, alice.id);
    QCOMPARE(principal->user.role, Role::Viewer);
    QCOMPARE(principal->via, Principal::Via::ApiToken);
    QCOMPARE(principal->credentialId, created->id);
    QVERIFY(principal->csrfToken.isEmpty());

    QVERIFY(!m_auth->authenticateBearer(u"kumo_"_s + QString(43, u'A')));
    QVERIFY(!m_auth->authenticateSession(token)); // nor is an API token a session
    QVERIFY(m_auth->tokens().revoke(created->id));
    QVERIFY(!m_auth->authenticateBearer(token));
}

void TestAuthenticator::bearerTokenOfADisabledUserIsRejected()
{
    createUser(u"root"_s, u"admin"_s);
    const User alice = createUser(u"alice"_s);
    QString token;
    QVERIFY(m_auth->tokens().create(alice.id, { { u"name"_s, u"ci"_s } }, &token, nullptr));
    QVERIFY(m_auth->authenticateBearer(token));
    disableBehindTheStoresBack(alice.id);
    QVERIFY(!m_auth->authenticateBearer(token));

    QString second;
    QVERIFY(m_auth->tokens().create(alice.id, { { u"name"_s, u"ci 2"_s } }, &second, nullptr));
    QVERIFY(m_auth->users().update(alice.id, { { u"disabled"_s, true } }).ok());
    QVERIFY(m_auth->users().update(alice.id, { { u"disabled"_s, false } }).ok());
    QVERIFY(!m_auth->authenticateBearer(second)); // disabling revoked it for good
}

void TestAuthenticator::passwordChangeSignsOutEverywhere()
{
    const User alice = createUser(u"alice"_s);
    const LoginResult laptop = m_auth->login(u"alice"_s, kPassword, u"192.0.2.1"_s);
    const LoginResult phone = m_auth->login(u"alice"_s, kPassword, u"192.0.2.2"_s);
    QVERIFY(laptop.session && phone.session);
    QString token;
    QVERIFY(m_auth->tokens().create(alice.id, { { u"name"_s, u"ci"_s } }, &token, nullptr));

    QVERIFY(m_auth->users().update(alice.id, { { u"password"_s, u"a new password"_s } }).ok());
    QVERIFY(!m_auth->authenticateSession(laptop.session->token));
    QVERIFY(!m_auth->authenticateSession(phone.session->token));
    QVERIFY(m_auth->authenticateBearer(token)); // scripts keep working
    QCOMPARE(
        m_auth->login(u"alice"_s, kPassword, u"192.0.2.1"_s).status, LoginResult::Status::InvalidCredentials);
    QCOMPARE(m_auth->login(u"alice"_s, u"a new password"_s, u"192.0.2.1"_s).status, LoginResult::Status::Ok);
}

void TestAuthenticator::logout()
{
    const User alice = createUser(u"alice"_s);
    const LoginResult first = m_auth->login(u"alice"_s, kPassword, u"192.0.2.1"_s);
    const LoginResult second = m_auth->login(u"alice"_s, kPassword, u"192.0.2.2"_s);
    const std::optional<Principal> principal = m_auth->authenticateSession(first.session->token);
    QVERIFY(principal);
    QVERIFY(m_auth->logout(*principal));
    QVERIFY(!m_auth->authenticateSession(first.session->token));
    QVERIFY(m_auth->authenticateSession(second.session->token)); // other devices stay signed in
    QVERIFY(!m_auth->logout(*principal));

    QString token;
    QVERIFY(m_auth->tokens().create(alice.id, { { u"name"_s, u"ci"_s } }, &token, nullptr));
    const std::optional<Principal> script = m_auth->authenticateBearer(token);
    QVERIFY(script);
    QVERIFY(!m_auth->logout(*script)); // a token is revoked, not signed out
    QVERIFY(m_auth->authenticateBearer(token));
}

void TestAuthenticator::ensureInitialAdmin_data()
{
    QTest::addColumn<QString>("given");
    QTest::addColumn<bool>("created");
    QTest::addRow("generated") << QString() << true;
    QTest::addRow("given") << u"my admin password"_s << true;
    QTest::addRow("given, 8 characters") << u"12345678"_s << true;
    QTest::addRow("given, too short") << u"1234567"_s << false;
}

void TestAuthenticator::ensureInitialAdmin()
{
    QFETCH(QString, given);
    QFETCH(bool, created);
    QString error = u"stale"_s;
    const std::optional<QString> password = m_auth->ensureInitialAdmin(given, &error);
    QCOMPARE(bool(password), created);
    if (!created) {
        QVERIFY2(error.contains(u"password"_s), qPrintable(error));
        QVERIFY2(error.contains(u"8"_s), qPrintable(error));
        QCOMPARE(m_auth->users().count(), 0);
        return;
    }
    QVERIFY2(error.isEmpty(), qPrintable(error));
    if (given.isEmpty()) {
        static const QRegularExpression unambiguous(u"^[A-HJ-NP-Za-km-z2-9]{20}$"_s);
        QVERIFY2(unambiguous.match(*password).hasMatch(), qPrintable(*password));
    } else {
        QCOMPARE(*password, given);
    }
    const std::optional<User> admin = m_auth->users().findByUsername(u"admin"_s);
    QVERIFY(admin);
    QCOMPARE(admin->role, Role::Admin);
    QVERIFY(!admin->disabled);
    QCOMPARE(m_auth->login(u"admin"_s, *password, u"127.0.0.1"_s).status, LoginResult::Status::Ok);
}

void TestAuthenticator::ensureInitialAdminOnlyOnce()
{
    QString error;
    const std::optional<QString> first = m_auth->ensureInitialAdmin(QString(), &error);
    QVERIFY(first);
    const std::optional<QString> second = m_auth->ensureInitialAdmin(QString(), &error);
    QVERIFY(!second);
    QVERIFY(error.isEmpty());
    QCOMPARE(m_auth->users().count(), 1);
    QCOMPARE(m_auth->login(u"admin"_s, *first, u"127.0.0.1"_s).status, LoginResult::Status::Ok);

    // Any user at all counts: an installation whose admin was renamed is not given a new one.
    QTemporaryDir dir;
    Database db;
    QVERIFY(db.open(dir.filePath(u"kumo.db"_s)) && db.migrate());
    Authenticator other(db, *m_clock, PasswordHasher(PasswordHasher::Cost::Minimal));
    QVERIFY(other.users().create({ { u"username"_s, u"viewer"_s }, { u"password"_s, kPassword } }).ok());
    QVERIFY(!other.ensureInitialAdmin(QString(), &error));
    QVERIFY(error.isEmpty());
    QVERIFY(!other.users().findByUsername(u"admin"_s));
}

QTEST_GUILESS_MAIN(TestAuthenticator)
#include "tst_authenticator.moc"
