// SPDX-License-Identifier: MIT
#include "twousersdatabase.h"

#include "core/clock.h"
#include "security/apitokenstore.h"
#include "security/userstore.h"
#include "storage/database.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Kumo;

namespace {
constexpr qint64 kDay = 24LL * 3600 * 1000;
}

class TestApiTokenStore final : public QObject, private KumoTest::TwoUsersDatabase
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void createAndAuthenticate();
    void invalidTokens_data();
    void invalidTokens();
    void tokenIsNeverStoredInClear();
    void wrongTokensAreRejected_data();
    void wrongTokensAreRejected();
    void expiry_data();
    void expiry();
    void lastUsedIsWrittenAtMostOnceAMinute();
    void listNewestFirst();
    void revoke();
    void revokeForUser();

private:
    QString createToken(qint64 userId, const QString &name, std::optional<int> days = std::nullopt)
    {
        QJsonObject json { { u"name"_s, name } };
        if (days)
            json[u"expiresInDays"_s] = *days;
        QString token;
        FieldErrors errors;
        if (!m_store->create(userId, json, &token, &errors))
            qWarning("cannot create token: %s", qPrintable(m_store->errorString()));
        return token;
    }
    std::optional<qint64> storedLastUsed() const
    {
        QSqlQuery query(m_db->connection());
        if (!query.exec(u"SELECT last_used_at FROM api_tokens"_s) || !query.next() || query.value(0).isNull())
            return std::nullopt;
        return query.value(0).toLongLong();
    }

    std::unique_ptr<ApiTokenStore> m_store;
};

void TestApiTokenStore::init()
{
    QVERIFY(openTwoUsersDatabase());
    m_store = std::make_unique<ApiTokenStore>(*m_db, *m_clock);
}

void TestApiTokenStore::cleanup()
{
    m_store.reset();
    closeTwoUsersDatabase();
}

void TestApiTokenStore::createAndAuthenticate()
{
    QString token;
    FieldErrors errors;
    const std::optional<ApiToken> created = m_store->create(
        m_alice, { { u"name"_s, u"nightly backup"_s }, { u"expiresInDays"_s, 30 } }, &token, &errors);
    QVERIFY2(created, qPrintable(m_store->errorString()));
    QVERIFY(errors.isEmpty());
    static const QRegularExpression format(u"^kumo_[A-Za-z0-9_-]{43}$"_s);
    QVERIFY2(format.match(token).hasMatch(), qPrintable(token));
    QVERIFY(created->id > 0);
    QCOMPARE(created->userId, m_alice);
    QCOMPARE(created->name, u"nightly backup"_s);
    QCOMPARE(created->prefix, token.left(created->prefix.size()));
    QVERIFY(created->prefix.size() > 5 && created->prefix.size() < 16);
    QCOMPARE(created->createdAt, kStart);
    QCOMPARE(created->expiresAt, kStart + 30 * kDay);
    QVERIFY(!created->lastUsedAt);

    const QJsonObject json = created->toJson();
    QCOMPARE(json.keys(),
        (QStringList {
            u"createdAt"_s, u"expiresAt"_s, u"id"_s, u"lastUsedAt"_s, u"name"_s, u"prefix"_s, u"userId"_s }));
    QVERIFY(!QJsonDocument(json).toJson().contains(token.mid(created->prefix.size()).toUtf8()));
    QCOMPARE(json.value(u"expiresAt"_s).toString(), u"2026-10-21T14:13:20.000Z"_s);
    QVERIFY(json.value(u"lastUsedAt"_s).isNull());

    m_clock->advanceMs(1000);
    const std::optional<ApiToken> used = m_store->authenticate(token);
    QVERIFY(used);
    QCOMPARE(used->id, created->id);
    QCOMPARE(used->userId, m_alice);
    QCOMPARE(used->lastUsedAt, kStart + 1000);
    QCOMPARE(m_store->get(created->id)->lastUsedAt, kStart + 1000);

    // Without an expiry the token lives until revoked.
    const QString forever = createToken(m_alice, u"forever"_s);
    m_clock->advanceMs(3650 * kDay);
    QVERIFY(m_store->authenticate(forever));
    QVERIFY(!m_store->get(m_store->authenticate(forever)->id)->expiresAt);
}

void TestApiTokenStore::invalidTokens_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("field");
    QTest::addRow("no name") << QByteArray("{}") << u"name"_s;
    QTest::addRow("empty name") << QByteArray(R"({"name":""})") << u"name"_s;
    QTest::addRow("blank name") << QByteArray(R"({"name":"   "})") << u"name"_s;
    QTest::addRow("name not a string") << QByteArray(R"({"name":7})") << u"name"_s;
    QTest::addRow("name of 101 characters")
        << QByteArray(R"({"name":")" + QByteArray(101, 'n') + R"("})") << u"name"_s;
    QTest::addRow("name with a newline") << QByteArray(R"({"name":"a\nb"})") << u"name"_s;
    QTest::addRow("zero days") << QByteArray(R"({"name":"ci","expiresInDays":0})") << u"expiresInDays"_s;
    QTest::addRow("too many days") << QByteArray(R"({"name":"ci","expiresInDays":3651})")
                                   << u"expiresInDays"_s;
    QTest::addRow("fractional days") << QByteArray(R"({"name":"ci","expiresInDays":1.5})")
                                     << u"expiresInDays"_s;
    QTest::addRow("days as text") << QByteArray(R"({"name":"ci","expiresInDays":"7"})") << u"expiresInDays"_s;
}

void TestApiTokenStore::invalidTokens()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, field);
    QString token;
    FieldErrors errors;
    QVERIFY(!m_store->create(m_alice, QJsonDocument::fromJson(json).object(), &token, &errors));
    QCOMPARE(errors.size(), 1);
    QCOMPARE(errors.constFirst().field, field);
    QVERIFY(token.isEmpty());
    QVERIFY(m_store->list(std::nullopt).isEmpty());
}

void TestApiTokenStore::tokenIsNeverStoredInClear()
{
    const QString token = createToken(m_alice, u"ci"_s);
    QVERIFY(!token.isEmpty());
    const QString secretPart = token.mid(12);
    QSqlQuery query(m_db->connection());
    QVERIFY(query.exec(u"SELECT * FROM api_tokens"_s) && query.next());
    for (int i = 0; i < query.record().count(); ++i)
        QVERIFY2(!query.value(i).toString().contains(secretPart), qPrintable(query.record().fieldName(i)));
    QVERIFY(query.exec(u"SELECT token_hash FROM api_tokens"_s) && query.next());
    QCOMPARE(query.value(0).toString(),
        QString::fromLatin1(QCryptographicHash::hash(token.toUtf8(), QCryptographicHash::Sha256).toHex()));
}

void TestApiTokenStore::wrongTokensAreRejected_data()
{
    QTest::addColumn<QString>("mutation");
    QTest::addRow("empty") << u"empty"_s;
    QTest::addRow("one character changed") << u"flip"_s;
    QTest::addRow("without the kumo_ prefix") << u"strip"_s;
    QTest::addRow("one character longer") << u"append"_s;
    QTest::addRow("one character shorter") << u"chop"_s;
    QTest::addRow("secret in capitals") << u"upper"_s;
}

void TestApiTokenStore::wrongTokensAreRejected()
{
    QFETCH(QString, mutation);
    const QString token = createToken(m_alice, u"ci"_s);
    QString wrong = token;
    if (mutation == u"empty"_s)
        wrong.clear();
    else if (mutation == u"flip"_s)
        wrong[20] = wrong.at(20) == u'A' ? u'B' : u'A';
    else if (mutation == u"strip"_s)
        wrong = token.mid(5);
    else if (mutation == u"append"_s)
        wrong += u'A';
    else if (mutation == u"chop"_s)
        wrong.chop(1);
    else if (mutation == u"upper"_s)
        wrong = token.left(5) + token.mid(5).toUpper();
    QVERIFY(wrong != token);
    QVERIFY(!m_store->authenticate(wrong));
    QVERIFY(!storedLastUsed());
    QVERIFY(m_store->authenticate(token));
}

void TestApiTokenStore::expiry_data()
{
    QTest::addColumn<int>("days");
    QTest::addColumn<qint64>("after");
    QTest::addColumn<bool>("valid");
    QTest::addRow("1 day, just before") << 1 << kDay - 1 << true;
    QTest::addRow("1 day, at the end") << 1 << kDay << false;
    QTest::addRow("90 days, after 89") << 90 << 89 * kDay << true;
    QTest::addRow("90 days, after 91") << 90 << 91 * kDay << false;
}

void TestApiTokenStore::expiry()
{
    QFETCH(int, days);
    QFETCH(qint64, after);
    QFETCH(bool, valid);
    const QString token = createToken(m_alice, u"ci"_s, days);
    m_clock->advanceMs(after);
    QCOMPARE(bool(m_store->authenticate(token)), valid);
    // An expired token stays listed, so that its owner sees why the script stopped working.
    QCOMPARE(m_store->list(m_alice).size(), 1);
}

void TestApiTokenStore::lastUsedIsWrittenAtMostOnceAMinute()
{
    const QString token = createToken(m_alice, u"ci"_s);
    QVERIFY(!storedLastUsed());
    QCOMPARE(m_store->authenticate(token)->lastUsedAt, kStart);
    QCOMPARE(storedLastUsed(), kStart);
    m_clock->advanceMs(59'999);
    QCOMPARE(m_store->authenticate(token)->lastUsedAt, kStart);
    QCOMPARE(storedLastUsed(), kStart);
    m_clock->advanceMs(1);
    QCOMPARE(m_store->authenticate(token)->lastUsedAt, kStart + 60'000);
    QCOMPARE(storedLastUsed(), kStart + 60'000);
    m_clock->advanceMs(10'000);
    QCOMPARE(m_store->authenticate(token)->lastUsedAt, kStart + 60'000);
    QCOMPARE(storedLastUsed(), kStart + 60'000);
}

void TestApiTokenStore::listNewestFirst()
{
    createToken(m_alice, u"first"_s);
    m_clock->advanceMs(1000);
    createToken(m_bob, u"second"_s);
    m_clock->advanceMs(1000);
    createToken(m_alice, u"third"_s);
    createToken(m_alice, u"fourth, same instant"_s);

    QStringList names;
    for (const ApiToken &token : m_store->list(m_alice))
        names.append(token.name);
    QCOMPARE(names, (QStringList { u"fourth, same instant"_s, u"third"_s, u"first"_s }));
    names.clear();
    for (const ApiToken &token : m_store->list(std::nullopt))
        names.append(token.name);
    QCOMPARE(names, (QStringList { u"fourth, same instant"_s, u"third"_s, u"second"_s, u"first"_s }));
    QCOMPARE(m_store->list(m_bob).size(), 1);
    QVERIFY(m_store->list(999).isEmpty());
}

void TestApiTokenStore::revoke()
{
    const QString token = createToken(m_alice, u"ci"_s);
    const std::optional<ApiToken> record = m_store->authenticate(token);
    QVERIFY(record);
    QVERIFY(m_store->revoke(record->id));
    QVERIFY(!m_store->authenticate(token));
    QVERIFY(!m_store->get(record->id));
    QVERIFY(!m_store->revoke(record->id));
    QVERIFY(m_store->errorString().contains(u"does not exist"_s));
}

void TestApiTokenStore::revokeForUser()
{
    const QString alice1 = createToken(m_alice, u"one"_s);
    const QString alice2 = createToken(m_alice, u"two"_s);
    const QString bob = createToken(m_bob, u"one"_s);
    QVERIFY(m_store->revokeForUser(m_alice));
    QVERIFY(!m_store->authenticate(alice1));
    QVERIFY(!m_store->authenticate(alice2));
    QVERIFY(m_store->authenticate(bob));
    QCOMPARE(m_store->list(std::nullopt).size(), 1);
}

QTEST_GUILESS_MAIN(TestApiTokenStore)
#include "tst_apitokenstore.moc"
