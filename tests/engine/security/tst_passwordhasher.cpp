// SPDX-License-Identifier: MIT
#include "security/passwordhasher.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace Kumo;

Q_DECLARE_METATYPE(Kumo::PasswordHasher::Cost)

class TestPasswordHasher final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void roundTrip_data();
    void roundTrip();
    void saltsDiffer();
    void rejectsMalformedHashes_data();
    void rejectsMalformedHashes();
    void unicodeNormalForms();
    void needsRehash_data();
    void needsRehash();
};

void TestPasswordHasher::roundTrip_data()
{
    QTest::addColumn<QString>("password");
    QTest::addColumn<QString>("wrong");
    QTest::addRow("ascii") << u"correct horse battery staple"_s << u"correct horse battery stapler"_s;
    QTest::addRow("case matters") << u"Secret-Password"_s << u"secret-password"_s;
    QTest::addRow("unicode") << u"пароль-密码-🔑"_s << u"пароль-密码-🔒"_s;
    QTest::addRow("surrounding spaces kept") << u"  padded pass  "_s << u"padded pass"_s;
    QTest::addRow("longest allowed") << QString(1024, u'x') << QString(1023, u'x');
    QTest::addRow("empty is wrong") << u"something long"_s << QString();
}

void TestPasswordHasher::roundTrip()
{
    QFETCH(QString, password);
    QFETCH(QString, wrong);
    const PasswordHasher hasher(PasswordHasher::Cost::Minimal);
    const QString hash = hasher.hash(password);
    QVERIFY(hash.startsWith(u"$argon2id$"_s));
    QVERIFY(!hash.contains(password));
    QVERIFY(hasher.verify(hash, password));
    QVERIFY(!hasher.verify(hash, wrong));
}

void TestPasswordHasher::saltsDiffer()
{
    const PasswordHasher hasher(PasswordHasher::Cost::Minimal);
    const QString first = hasher.hash(u"same password"_s);
    const QString second = hasher.hash(u"same password"_s);
    QVERIFY(first != second);
    QVERIFY(hasher.verify(first, u"same password"_s));
    QVERIFY(hasher.verify(second, u"same password"_s));
}

void TestPasswordHasher::rejectsMalformedHashes_data()
{
    QTest::addColumn<QString>("hash");
    QTest::addRow("empty") << QString();
    QTest::addRow("plain text") << u"same password"_s;
    QTest::addRow("overlong") << QString(200, u'$');
    QTest::addRow("truncated")
        << PasswordHasher(PasswordHasher::Cost::Minimal).hash(u"same password"_s).chopped(5);
    QTest::addRow("argon2i") << u"$argon2i$v=19$m=32768,t=4,p=1$c29tZXNhbHQ$YWJjZGVmZ2hpamtsbW5vcA"_s;
}

void TestPasswordHasher::rejectsMalformedHashes()
{
    QFETCH(QString, hash);
    const PasswordHasher hasher(PasswordHasher::Cost::Minimal);
    QVERIFY(!hasher.verify(hash, u"same password"_s));
    // Whatever it is, it is not a current argon2id hash: the next sign-in (if any) replaces it.
    QVERIFY(hasher.needsRehash(hash));
}

void TestPasswordHasher::unicodeNormalForms()
{
    // "é" typed as one code point on one system and as e + combining accent on another.
    const PasswordHasher hasher(PasswordHasher::Cost::Minimal);
    const QString composed = u"caf\u00e9-au-lait"_s;
    const QString decomposed = u"cafe\u0301-au-lait"_s;
    QVERIFY(composed != decomposed);
    QVERIFY(hasher.verify(hasher.hash(composed), decomposed));
}

void TestPasswordHasher::needsRehash_data()
{
    QTest::addColumn<PasswordHasher::Cost>("madeWith");
    QTest::addColumn<PasswordHasher::Cost>("checkedBy");
    QTest::addColumn<bool>("expected");
    QTest::addRow("minimal by minimal")
        << PasswordHasher::Cost::Minimal << PasswordHasher::Cost::Minimal << false;
    QTest::addRow("minimal by interactive")
        << PasswordHasher::Cost::Minimal << PasswordHasher::Cost::Interactive << true;
    QTest::addRow("interactive by interactive")
        << PasswordHasher::Cost::Interactive << PasswordHasher::Cost::Interactive << false;
    // A stronger hash is never downgraded.
    QTest::addRow("interactive by minimal")
        << PasswordHasher::Cost::Interactive << PasswordHasher::Cost::Minimal << false;
}

void TestPasswordHasher::needsRehash()
{
    QFETCH(PasswordHasher::Cost, madeWith);
    QFETCH(PasswordHasher::Cost, checkedBy);
    QFETCH(bool, expected);
    const QString hash = PasswordHasher(madeWith).hash(u"same password"_s);
    QVERIFY(!hash.isEmpty());
    const PasswordHasher checker(checkedBy);
    QCOMPARE(checker.needsRehash(hash), expected);
    QVERIFY(checker.verify(hash, u"same password"_s)); // either way the hash still verifies
}

QTEST_GUILESS_MAIN(TestPasswordHasher)
#include "tst_passwordhasher.moc"
