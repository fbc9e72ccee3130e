// SPDX-License-Identifier: MIT
#include "twousersdatabase.h"

#include "core/clock.h"
#include "security/sessionstore.h"
#include "security/userstore.h"
#include "storage/database.h"

#include <QCryptographicHash>
#include <QRegularExpression>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Kumo;

namespace {
constexpr qint64 kMinute = 60 * 1000;
constexpr qint64 kHour = 60 * kMinute;
} // namespace

class TestSessionStore final : public QObject, private KumoTest::TwoUsersDatabase
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void createAndValidate();
    void tokenIsNeverStoredInClear();
    void unknownTokensAreRejected_data();
    void unknownTokensAreRejected();
    void expiry_data();
    void expiry();
    void lastSeenIsWrittenAtMostOnceAMinute();
    void removeAndRemoveForUser();
    void purgeExpired();

private:
    qint64 sessionCount() const
    {
        QSqlQuery query(m_db->connection());
        return query.exec(u"SELECT COUNT(*) FROM sessions"_s) && query.next() ? query.value(0).toLongLong()
                                                                              : -1;
    }
    qint64 storedLastSeen(qint64 id) const
    {
        QSqlQuery query(m_db->connection());
        query.prepare(u"SELECT last_seen_at FROM sessions WHERE id = ?"_s);
        query.addBindValue(id);
        return query.exec() && query.next() ? query.value(0).toLongLong() : -1;
    }

    std::unique_ptr<SessionStore> m_store;
};

void TestSessionStore::init()
{
    QVERIFY(openTwoUsersDatabase());
    m_store = std::make_unique<SessionStore>(*m_db, *m_clock);
}

void TestSessionStore::cleanup()
{
    m_store.reset();
    closeTwoUsersDatabase();
}

void TestSessionStore::createAndValidate()
{
    const std::optional<NewSession> created = m_store->create(m_alice, u"192.0.2.7"_s);
    QVERIFY2(created, qPrintable(m_store->errorString()));
    static const QRegularExpression base64url(u"^[A-Za-z0-9_-]{43}$"_s);
    QVERIFY2(base64url.match(created->token).hasMatch(), qPrintable(created->token));
    QVERIFY2(base64url.match(created->session.csrfToken).hasMatch(), qPrintable(created->session.csrfToken));
    QVERIFY(created->token != created->session.csrfToken);
    QVERIFY(created->session.id > 0);
    QCOMPARE(created->session.userId, m_alice);
    QCOMPARE(created->session.ip, u"192.0.2.7"_s);
    QCOMPARE(created->session.createdAt, kStart);
    QCOMPARE(created->session.lastSeenAt, kStart);
    QCOMPARE(created->session.expiresAt, kStart + 7 * 24 * kHour);

    const std::optional<Session> session = m_store->validate(created->token);
    QVERIFY(session);
    QCOMPARE(session->id, created->session.id);
    QCOMPARE(session->userId, m_alice);
    QCOMPARE(session->csrfToken, created->session.csrfToken);
    QCOMPARE(session->ip, u"192.0.2.7"_s);
    QCOMPARE(session->expiresAt, created->session.expiresAt);

    const std::optional<NewSession> other = m_store->create(m_alice, QString());
    QVERIFY(other);
    QVERIFY(other->token != created->token);
    QCOMPARE(m_store->validate(other->token)->id, other->session.id);
}

void TestSessionStore::tokenIsNeverStoredInClear()
{
    const std::optional<NewSession> created = m_store->create(m_alice, u"192.0.2.7"_s);
    QVERIFY(created);
    QSqlQuery query(m_db->connection());
    QVERIFY(query.exec(u"SELECT * FROM sessions"_s) && query.next());
    for (int i = 0; i < query.record().count(); ++i)
        QVERIFY2(
            !query.value(i).toString().contains(created->token), qPrintable(query.record().fieldName(i)));
    QVERIFY(query.exec(u"SELECT token_hash FROM sessions"_s) && query.next());
    QCOMPARE(query.value(0).toString(),
        QString::fromLatin1(
            QCryptographicHash::hash(created->token.toUtf8(), QCryptographicHash::Sha256).toHex()));
}

void TestSessionStore::unknownTokensAreRejected_data()
{
    QTest::addColumn<QString>("token");
    QTest::addRow("empty") << QString();
    QTest::addRow("random") << u"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"_s;
    QTest::addRow("huge") << QString(100'000, u'a');
    QTest::addRow("the stored hash itself") << u"hash"_s;
}

void TestSessionStore::unknownTokensAreRejected()
{
    QFETCH(QString, token);
    const std::optional<NewSession> created = m_store->create(m_alice, u"192.0.2.7"_s);
    QVERIFY(created);
    if (token == u"hash"_s) {
        QSqlQuery query(m_db->connection());
        QVERIFY(query.exec(u"SELECT token_hash FROM sessions"_s) && query.next());
        token = query.value(0).toString();
    }
    QVERIFY(!m_store->validate(token));
    QCOMPARE(sessionCount(), 1);
}

void TestSessionStore::expiry_data()
{
    // The session is used at each of `uses` (ms after creation); the last use is `lastValid`.
    QTest::addColumn<QList<qint64>>("uses");
    QTest::addColumn<bool>("lastValid");
    const qint64 lifetime = 24 * kHour;
    const qint64 idle = 30 * kMinute;
    QTest::addRow("fresh") << QList<qint64> { 0 } << true;
    QTest::addRow("idle just under the limit") << QList<qint64> { idle - 1 } << true;
    QTest::addRow("idle at the limit") << QList<qint64> { idle } << false;
    QTest::addRow("idle after a use") << QList<qint64> { 20 * kMinute, 20 * kMinute + idle - 1 } << true;
    QTest::addRow("idle long after a use") << QList<qint64> { 20 * kMinute, 20 * kMinute + idle } << false;
    QList<qint64> busy;
    for (qint64 at = 0; at < lifetime; at += 20 * kMinute)
        busy.append(at);
    QTest::addRow("used all day, just before the end") << (busy + QList<qint64> { lifetime - 1 }) << true;
    QTest::addRow("used all day, at the end") << (busy + QList<qint64> { lifetime }) << false;
}

void TestSessionStore::expiry()
{
    QFETCH(QList<qint64>, uses);
    QFETCH(bool, lastValid);
    m_store->setLifetimeMs(24 * kHour);
    m_store->setIdleTimeoutMs(30 * kMinute);
    const std::optional<NewSession> created = m_store->create(m_alice, u"192.0.2.7"_s);
    QVERIFY(created);
    for (qsizetype i = 0; i < uses.size(); ++i) {
        m_clock->setNowMs(kStart + uses.at(i));
        const bool expected = i + 1 < uses.size() || lastValid;
        QVERIFY2(bool(m_store->validate(created->token)) == expected, qPrintable(u"use %1"_s.arg(i)));
    }
    // An expired session is deleted on sight.
    QCOMPARE(sessionCount(), lastValid ? 1 : 0);
}

void TestSessionStore::lastSeenIsWrittenAtMostOnceAMinute()
{
    const std::optional<NewSession> created = m_store->create(m_alice, u"192.0.2.7"_s);
    QVERIFY(created);
    const qint64 id = created->session.id;
    m_clock->advanceMs(30'000);
    QCOMPARE(m_store->validate(created->token)->lastSeenAt, kStart);
    QCOMPARE(storedLastSeen(id), kStart);
    m_clock->advanceMs(29'999);
    QCOMPARE(m_store->validate(created->token)->lastSeenAt, kStart);
    QCOMPARE(storedLastSeen(id), kStart);
    m_clock->advanceMs(1);
    QCOMPARE(m_store->validate(created->token)->lastSeenAt, kStart + kMinute);
    QCOMPARE(storedLastSeen(id), kStart + kMinute);
    m_clock->advanceMs(59'000);
    QCOMPARE(m_store->validate(created->token)->lastSeenAt, kStart + kMinute);
    QCOMPARE(storedLastSeen(id), kStart + kMinute);
}

void TestSessionStore::removeAndRemoveForUser()
{
    const std::optional<NewSession> alice1 = m_store->create(m_alice, u"192.0.2.1"_s);
    const std::optional<NewSession> alice2 = m_store->create(m_alice, u"192.0.2.2"_s);
    const std::optional<NewSession> bob = m_store->create(m_bob, u"192.0.2.3"_s);
    QVERIFY(alice1 && alice2 && bob);

    QVERIFY(m_store->remove(alice1->session.id));
    QVERIFY(!m_store->remove(alice1->session.id));
    QVERIFY(!m_store->validate(alice1->token));
    QVERIFY(m_store->validate(alice2->token));

    const std::optional<NewSession> alice3 = m_store->create(m_alice, u"192.0.2.4"_s);
    QVERIFY(alice3);
    QVERIFY(m_store->removeForUser(m_alice));
    QVERIFY(!m_store->validate(alice2->token));
    QVERIFY(!m_store->validate(alice3->token));
    QVERIFY(m_store->validate(bob->token));
    QCOMPARE(sessionCount(), 1);
}

void TestSessionStore::purgeExpired()
{
    m_store->setLifetimeMs(2 * kHour);
    m_store->setIdleTimeoutMs(kHour);
    const std::optional<NewSession> old = m_store->create(m_alice, QString());
    m_clock->advanceMs(30 * kMinute);
    const std::optional<NewSession> used = m_store->create(m_alice, QString());
    const std::optional<NewSession> idle = m_store->create(m_bob, QString());
    QVERIFY(old && used && idle);
    QCOMPARE(m_store->purgeExpired(), 0);

    m_clock->advanceMs(50 * kMinute); // old has been idle for 80 minutes
    QVERIFY(m_store->validate(used->token));
    QCOMPARE(m_store->purgeExpired(), 1);
    QCOMPARE(sessionCount(), 2);

    m_clock->advanceMs(20 * kMinute); // idle: idle for 70 minutes; used: 20
    QCOMPARE(m_store->purgeExpired(), 1);
    QVERIFY(m_store->validate(used->token));

    m_clock->setNowMs(kStart + 30 * kMinute + 2 * kHour); // used reaches its absolute limit
    QCOMPARE(m_store->purgeExpired(), 1);
    QCOMPARE(sessionCount(), 0);
}

QTEST_GUILESS_MAIN(TestSessionStore)
#include "tst_sessionstore.moc"
