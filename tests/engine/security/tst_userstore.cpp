// SPDX-License-Identifier: MIT
#include "core/clock.h"
#include "security/apitokenstore.h"
#include "security/sessionstore.h"
#include "security/userstore.h"
#include "storage/database.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Kumo;

class TestUserStore final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void createAndRead();
    void invalidUsers_data();
    void invalidUsers();
    void validUsernames_data();
    void validUsernames();
    void duplicateUsernameIsAConflict_data();
    void duplicateUsernameIsAConflict();
    void passwordIsStoredOnlyAsArgon2Hash();
    void update();
    void invalidUpdates_data();
    void invalidUpdates();
    void updateAndRemoveUnknownUser();
    void lastEnabledAdminIsProtected_data();
    void lastEnabledAdminIsProtected();
    void verifyPassword_data();
    void verifyPassword();
    void unknownUserTakesAsLongAsAWrongPassword();
    void oldHashIsUpgradedOnSignIn();
    void credentialsEndWithTheAccount_data();
    void credentialsEndWithTheAccount();

private:
    UserResult create(const QString &username, const QString &role = u"viewer"_s, bool disabled = false)
    {
        return m_store->create({ { u"username"_s, username }, { u"password"_s, kPassword },
            { u"role"_s, role }, { u"disabled"_s, disabled } });
    }
    QVariant column(const QString &sql) const
    {
        QSqlQuery query(m_db->connection());
        if (!query.exec(sql) || !query.next())
            return QVariant();
        return query.value(0);
    }

    static inline const QString kPassword = u"correct horse"_s;
    static constexpr qint64 kStart = 1'790'000'000'000;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<ManualClock> m_clock;
    std::unique_ptr<UserStore> m_store;
};

void TestUserStore::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_db = std::make_unique<Database>();
    QVERIFY2(m_db->open(m_dir->filePath(u"kumo.db"_s)), qPrintable(m_db->errorString()));
    QVERIFY2(m_db->migrate(), qPrintable(m_db->errorString()));
    m_clock = std::make_unique<ManualClock>(kStart);
    m_store = std::make_unique<UserStore>(*m_db, *m_clock, PasswordHasher(PasswordHasher::Cost::Minimal));
}

void TestUserStore::cleanup()
{
    m_store.reset();
    m_db.reset();
    m_dir.reset();
}

void TestUserStore::createAndRead()
{
    const UserResult created = create(u"Alice"_s, u"operator"_s);
    QVERIFY2(created.ok(), qPrintable(created.message));
    QVERIFY(created.user->id > 0);
    QCOMPARE(created.user->username, u"Alice"_s);
    QCOMPARE(created.user->role, Role::Operator);
    QCOMPARE(created.user->disabled, false);
    QCOMPARE(created.user->createdAt, kStart);
    QCOMPARE(created.user->updatedAt, kStart);
    QVERIFY(!created.user->lastLoginAt);

    const std::optional<User> read = m_store->get(created.user->id);
    QVERIFY(read);
    QCOMPARE(read->toJson(), created.user->toJson());
    QCOMPARE(m_store->findByUsername(u"aLiCe"_s)->id, created.user->id);
    QVERIFY(!m_store->findByUsername(u"bob"_s));

    const QJsonObject json = read->toJson();
    QCOMPARE(json.value(u"username"_s).toString(), u"Alice"_s);
    QCOMPARE(json.value(u"role"_s).toString(), u"operator"_s);
    QCOMPARE(json.value(u"disabled"_s).toBool(), false);
    QCOMPARE(json.value(u"createdAt"_s).toString(), u"2026-09-21T14:13:20.000Z"_s);
    QVERIFY(json.value(u"lastLoginAt"_s).isNull());
    QVERIFY(!json.contains(u"password"_s));
    QVERIFY(!json.contains(u"passwordHash"_s));

    QVERIFY(create(u"bob"_s).ok());
    QCOMPARE(m_store->count(), 2);
    const QList<User> users = m_store->list();
    QCOMPARE(users.size(), 2);
    QCOMPARE(users.at(0).username, u"Alice"_s);
    QCOMPARE(users.at(1).username, u"bob"_s);
    QCOMPARE(users.at(1).role, Role::Viewer); // the default role
}

void TestUserStore::invalidUsers_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("field");
    const QByteArray longName = QByteArray(65, 'a');
    QTest::addRow("no username") << QByteArray(R"({"password":"correct horse"})") << u"username"_s;
    QTest::addRow("empty username") << QByteArray(R"({"username":"","password":"correct horse"})")
                                    << u"username"_s;
    QTest::addRow("username not a string")
        << QByteArray(R"({"username":42,"password":"correct horse"})") << u"username"_s;
    QTest::addRow("username with a space")
        << QByteArray(R"({"username":"a b","password":"correct horse"})") << u"username"_s;
    QTest::addRow("username with a slash")
        << QByteArray(R"({"username":"a/b","password":"correct horse"})") << u"username"_s;
    QTest::addRow("username with a letter outside ASCII")
        << QByteArray(R"({"username":"j\u00fcrgen","password":"correct horse"})") << u"username"_s;
    QTest::addRow("username of 65 characters")
        << QByteArray(R"({"username":")" + longName + R"(","password":"correct horse"})") << u"username"_s;
    QTest::addRow("no password") << QByteArray(R"({"username":"alice"})") << u"password"_s;
    QTest::addRow("password not a string")
        << QByteArray(R"({"username":"alice","password":12345678})") << u"password"_s;
    QTest::addRow("password of 7 characters")
        << QByteArray(R"({"username":"alice","password":"1234567"})") << u"password"_s;
    QTest::addRow("password of 1025 characters")
        << QByteArray(R"({"username":"alice","password":")" + QByteArray(1025, 'p') + R"("})")
        << u"password"_s;
    QTest::addRow("unknown role") << QByteArray(
        R"({"username":"alice","password":"correct horse","role":"root"})")
                                  << u"role"_s;
    QTest::addRow("role in capitals")
        << QByteArray(R"({"username":"alice","password":"correct horse","role":"Admin"})") << u"role"_s;
    QTest::addRow("role not a string")
        << QByteArray(R"({"username":"alice","password":"correct horse","role":2})") << u"role"_s;
    QTest::addRow("disabled not a boolean")
        << QByteArray(R"({"username":"alice","password":"correct horse","disabled":"yes"})") << u"disabled"_s;
}

void TestUserStore::invalidUsers()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, field);
    const UserResult result = m_store->create(QJsonDocument::fromJson(json).object());
    QCOMPARE(result.status, UserResult::Status::Invalid);
    QCOMPARE(result.errors.size(), 1);
    QCOMPARE(result.errors.constFirst().field, field);
    QVERIFY(!result.errors.constFirst().message.isEmpty());
    QCOMPARE(m_store->count(), 0);
}

void TestUserStore::validUsernames_data()
{
    QTest::addColumn<QString>("username");
    QTest::addRow("one character") << u"a"_s;
    QTest::addRow("every allowed sign") << u"Ops.Robot_01-x@example.org"_s;
    QTest::addRow("64 characters") << QString(64, u'z');
}

void TestUserStore::validUsernames()
{
    QFETCH(QString, username);
    const UserResult result = create(username);
    QVERIFY2(result.ok(), qPrintable(result.errors.value(0).message));
    QCOMPARE(m_store->findByUsername(username)->username, username);
}

void TestUserStore::duplicateUsernameIsAConflict_data()
{
    QTest::addColumn<QString>("second");
    QTest::addRow("same") << u"alice"_s;
    QTest::addRow("capitals") << u"ALICE"_s;
    QTest::addRow("mixed") << u"Alice"_s;
}

void TestUserStore::duplicateUsernameIsAConflict()
{
    QFETCH(QString, second);
    QVERIFY(create(u"alice"_s).ok());
    const UserResult result = create(second);
    QCOMPARE(result.status, UserResult::Status::Conflict);
    QVERIFY2(result.message.contains(u"already exists"_s), qPrintable(result.message));
    QCOMPARE(m_store->count(), 1);
}

void TestUserStore::passwordIsStoredOnlyAsArgon2Hash()
{
    QVERIFY(create(u"alice"_s).ok());
    QSqlQuery query(m_db->connection());
    QVERIFY(query.exec(u"SELECT * FROM users"_s) && query.next());
    for (int i = 0; i < query.record().count(); ++i)
        QVERIFY2(!query.value(i).toString().contains(kPassword), qPrintable(query.record().fieldName(i)));
    QVERIFY(column(u"SELECT password_hash FROM users"_s).toString().startsWith(u"$argon2id$"_s));
    QCOMPARE(column(u"SELECT username_key FROM users"_s).toString(), u"alice"_s);
}

void TestUserStore::update()
{
    const User alice = *create(u"alice"_s).user;
    m_clock->advanceMs(5000);
    UserResult result = m_store->update(alice.id, { { u"role"_s, u"admin"_s } });
    QVERIFY2(result.ok(), qPrintable(result.message));
    QCOMPARE(result.user->role, Role::Admin);
    QCOMPARE(result.user->updatedAt, kStart + 5000);
    QCOMPARE(result.user->createdAt, kStart);
    QCOMPARE(m_store->get(alice.id)->role, Role::Admin);

    result = m_store->update(alice.id, { { u"password"_s, u"a new password"_s } });
    QVERIFY(result.ok());
    QVERIFY(!m_store->verifyPassword(u"alice"_s, kPassword));
    QVERIFY(m_store->verifyPassword(u"alice"_s, u"a new password"_s));

    // Repeating the unchanged username is fine: an edit form sends every field.
    QVERIFY(create(u"root"_s, u"admin"_s).ok());
    result = m_store->update(alice.id, { { u"username"_s, u"alice"_s }, { u"role"_s, u"operator"_s } });
    QVERIFY2(result.ok(), qPrintable(result.message));
    QCOMPARE(result.user->role, Role::Operator);

    result = m_store->update(alice.id, { { u"disabled"_s, true } });
    QVERIFY(result.ok());
    QCOMPARE(m_store->get(alice.id)->disabled, true);
}

void TestUserStore::invalidUpdates_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("field");
    QTest::addRow("rename") << QByteArray(R"({"username":"mallory"})") << u"username"_s;
    QTest::addRow("rename by case") << QByteArray(R"({"username":"ALICE"})") << u"username"_s;
    QTest::addRow("short password") << QByteArray(R"({"password":"short"})") << u"password"_s;
    QTest::addRow("null password") << QByteArray(R"({"password":null})") << u"password"_s;
    QTest::addRow("bad role") << QByteArray(R"({"role":"superuser"})") << u"role"_s;
    QTest::addRow("bad disabled") << QByteArray(R"({"disabled":1})") << u"disabled"_s;
}

void TestUserStore::invalidUpdates()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, field);
    const User alice = *create(u"alice"_s).user;
    const UserResult result = m_store->update(alice.id, QJsonDocument::fromJson(json).object());
    QCOMPARE(result.status, UserResult::Status::Invalid);
    QCOMPARE(result.errors.size(), 1);
    QCOMPARE(result.errors.constFirst().field, field);
    QCOMPARE(m_store->get(alice.id)->toJson(), alice.toJson());
    QVERIFY(m_store->verifyPassword(u"alice"_s, kPassword));
}

void TestUserStore::updateAndRemoveUnknownUser()
{
    QCOMPARE(m_store->update(99, { { u"role"_s, u"admin"_s } }).status, UserResult::Status::NotFound);
    QCOMPARE(m_store->remove(99).status, UserResult::Status::NotFound);
    const User alice = *create(u"alice"_s).user;
    QVERIFY(m_store->remove(alice.id).ok());
    QVERIFY(!m_store->get(alice.id));
    QCOMPARE(m_store->remove(alice.id).status, UserResult::Status::NotFound);
}

void TestUserStore::lastEnabledAdminIsProtected_data()
{
    QTest::addColumn<QString>("operation");
    QTest::addColumn<QString>("otherAdmin"); // "none", "disabled", "enabled"
    QTest::addColumn<bool>("allowed");
    for (const QString &operation : { u"delete"_s, u"demote"_s, u"disable"_s }) {
        QTest::addRow("%s, only admin", qPrintable(operation)) << operation << u"none"_s << false;
        QTest::addRow("%s, other admin disabled", qPrintable(operation))
            << operation << u"disabled"_s << false;
        QTest::addRow("%s, other admin enabled", qPrintable(operation)) << operation << u"enabled"_s << true;
    }
}

void TestUserStore::lastEnabledAdminIsProtected()
{
    QFETCH(QString, operation);
    QFETCH(QString, otherAdmin);
    QFETCH(bool, allowed);
    QVERIFY(create(u"viewer"_s, u"viewer"_s).ok());
    QVERIFY(create(u"operator"_s, u"operator"_s).ok());
    const User admin = *create(u"admin"_s, u"admin"_s).user;
    if (otherAdmin != u"none"_s)
        QVERIFY(create(u"admin2"_s, u"admin"_s, otherAdmin == u"disabled"_s).ok());

    const UserResult result = operation == u"delete"_s ? m_store->remove(admin.id)
        : operation == u"demote"_s ? m_store->update(admin.id, { { u"role"_s, u"operator"_s } })
                                   : m_store->update(admin.id, { { u"disabled"_s, true } });
    if (allowed) {
        QVERIFY2(result.ok(), qPrintable(result.message));
        return;
    }
    QCOMPARE(result.status, UserResult::Status::Conflict);
    QVERIFY2(result.message.contains(u"last enabled admin"_s), qPrintable(result.message));
    const std::optional<User> unchanged = m_store->get(admin.id);
    QVERIFY(unchanged);
    QCOMPARE(unchanged->role, Role::Admin);
    QCOMPARE(unchanged->disabled, false);
}

void TestUserStore::verifyPassword_data()
{
    QTest::addColumn<QString>("username");
    QTest::addColumn<QString>("password");
    QTest::addColumn<bool>("accepted");
    QTest::addRow("right") << u"alice"_s << kPassword << true;
    QTest::addRow("username in other case") << u"ALICE"_s << kPassword << true;
    QTest::addRow("wrong password") << u"alice"_s << u"correct horsE"_s << false;
    QTest::addRow("empty password") << u"alice"_s << QString() << false;
    QTest::addRow("unknown user") << u"mallory"_s << kPassword << false;
    QTest::addRow("invalid username") << u"a b"_s << kPassword << false;
    QTest::addRow("disabled user, right password") << u"dave"_s << kPassword << false;
}

void TestUserStore::verifyPassword()
{
    QFETCH(QString, username);
    QFETCH(QString, password);
    QFETCH(bool, accepted);
    QVERIFY(create(u"alice"_s).ok());
    QVERIFY(create(u"dave"_s, u"viewer"_s, true).ok());
    m_clock->advanceMs(60'000);
    const std::optional<User> user = m_store->verifyPassword(username, password);
    QCOMPARE(bool(user), accepted);
    QVERIFY(m_store->errorString().isEmpty());
    if (!accepted) {
        QVERIFY(!m_store->findByUsername(u"alice"_s)->lastLoginAt);
        return;
    }
    QCOMPARE(user->username, u"alice"_s);
    QCOMPARE(user->lastLoginAt, kStart + 60'000);
    QCOMPARE(m_store->get(user->id)->lastLoginAt, kStart + 60'000);
}

void TestUserStore::unknownUserTakesAsLongAsAWrongPassword()
{
    // With production costs the hash dominates: an unknown name must cost a hash too. Only a
    // generous lower bound is checked, so that a busy machine cannot make this flaky.
    UserStore store(*m_db, *m_clock, PasswordHasher(PasswordHasher::Cost::Interactive));
    QVERIFY(store.create({ { u"username"_s, u"alice"_s }, { u"password"_s, kPassword } }).ok());
    QElapsedTimer timer;
    timer.start();
    QVERIFY(!store.verifyPassword(u"alice"_s, u"wrong password"_s));
    const qint64 wrongPasswordNs = timer.nsecsElapsed();
    timer.restart();
    QVERIFY(!store.verifyPassword(u"nobody"_s, u"wrong password"_s));
    const qint64 unknownUserNs = timer.nsecsElapsed();
    QVERIFY2(unknownUserNs * 4 > wrongPasswordNs,
        qPrintable(u"unknown user %1 ms, wrong password %2 ms"_s.arg(unknownUserNs / 1e6)
                       .arg(wrongPasswordNs / 1e6)));
}

void TestUserStore::oldHashIsUpgradedOnSignIn()
{
    QVERIFY(create(u"alice"_s).ok()); // minimal cost
    const QString before = column(u"SELECT password_hash FROM users"_s).toString();
    QVERIFY(before.contains(u"$m=8,t=1,"_s));
    UserStore production(*m_db, *m_clock, PasswordHasher(PasswordHasher::Cost::Interactive));
    QVERIFY(production.verifyPassword(u"alice"_s, kPassword));
    const QString after = column(u"SELECT password_hash FROM users"_s).toString();
    QVERIFY2(after.contains(u"$m=65536,t=2,"_s), qPrintable(after));
    QVERIFY(production.verifyPassword(u"alice"_s, kPassword));
    QVERIFY(!production.verifyPassword(u"alice"_s, u"wrong password"_s));
}

void TestUserStore::credentialsEndWithTheAccount_data()
{
    QTest::addColumn<QByteArray>("change"); // JSON for update(), or "delete"
    QTest::addColumn<bool>("applied");
    QTest::addColumn<bool>("sessionsEnd");
    QTest::addColumn<bool>("tokensEnd");
    QTest::addRow("new password") << QByteArray(R"({"password":"another password"})") << true << true
                                  << false;
    QTest::addRow("disabled") << QByteArray(R"({"disabled":true})") << true << true << true;
    QTest::addRow("deleted") << QByteArray("delete") << true << true << true;
    QTest::addRow("new role") << QByteArray(R"({"role":"operator"})") << true << false << false;
    QTest::addRow("invalid change") << QByteArray(R"({"password":"short","disabled":true})") << false << false
                                    << false;
}

void TestUserStore::credentialsEndWithTheAccount()
{
    QFETCH(QByteArray, change);
    QFETCH(bool, applied);
    QFETCH(bool, sessionsEnd);
    QFETCH(bool, tokensEnd);
    const User alice = *create(u"alice"_s).user;
    const User bob = *create(u"bob"_s).user;
    SessionStore sessions(*m_db, *m_clock);
    ApiTokenStore tokens(*m_db, *m_clock);
    QString aliceToken;
    QString bobToken;
    const std::optional<NewSession> aliceSession = sessions.create(alice.id, u"10.0.0.1"_s);
    const std::optional<NewSession> bobSession = sessions.create(bob.id, u"10.0.0.2"_s);
    QVERIFY(aliceSession && bobSession);
    QVERIFY(tokens.create(alice.id, { { u"name"_s, u"ci"_s } }, &aliceToken, nullptr));
    QVERIFY(tokens.create(bob.id, { { u"name"_s, u"ci"_s } }, &bobToken, nullptr));

    const UserResult result = change == "delete"
        ? m_store->remove(alice.id)
        : m_store->update(alice.id, QJsonDocument::fromJson(change).object());
    QCOMPARE(result.ok(), applied);

    QCOMPARE(bool(sessions.validate(aliceSession->token)), !sessionsEnd);
    QCOMPARE(bool(tokens.authenticate(aliceToken)), !tokensEnd);
    // Nobody else is signed out.
    QVERIFY(sessions.validate(bobSession->token));
    QVERIFY(tokens.authenticate(bobToken));
}

QTEST_GUILESS_MAIN(TestUserStore)
#include "tst_userstore.moc"
