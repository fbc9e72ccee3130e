// SPDX-License-Identifier: MIT
// The master key and sealed values: round trips, tampering, values moved to another name,
// another key, and where the key comes from.

#include "security/secretbox.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace Qt::StringLiterals;
using namespace Kumo;

class TestSecretBox final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sealsAndOpens_data();
    void sealsAndOpens();
    void tamperedOrMovedValuesDoNotOpen();
    void keyFileIsCreatedPrivateAndReused();
    void keyFromTheEnvironment_data();
    void keyFromTheEnvironment();
};

void TestSecretBox::sealsAndOpens_data()
{
    QTest::addColumn<QByteArray>("plain");
    QTest::addRow("empty") << QByteArray();
    QTest::addRow("text") << QByteArray("hunter2");
    QTest::addRow("utf-8") << QString(u"密码-пароль"_s).toUtf8();
    QTest::addRow("64 KiB") << QByteArray(64 * 1024, 'x');
}

void TestSecretBox::sealsAndOpens()
{
    QFETCH(QByteArray, plain);
    SecretBox box;
    box.setKey(SecretBox::randomKey());
    const QByteArray sealed = box.seal(plain, "NAME");
    QVERIFY(sealed.startsWith(QByteArray("k1." + box.keyId().toLatin1() + '.')));
    QVERIFY(plain.size() < 4 || !sealed.contains(plain));
    QCOMPARE(box.open(sealed, "NAME"), std::optional(plain));
    QVERIFY(box.seal(plain, "NAME") != sealed); // a fresh nonce every time
}

void TestSecretBox::tamperedOrMovedValuesDoNotOpen()
{
    SecretBox box;
    box.setKey(SecretBox::randomKey());
    const QByteArray sealed = box.seal("hunter2", "API_TOKEN");
    QByteArray tampered = sealed;
    tampered[tampered.size() - 3] = tampered.at(tampered.size() - 3) == 'A' ? 'B' : 'A';
    QVERIFY(!box.open(tampered, "API_TOKEN"));
    QVERIFY(!box.open(sealed, "OTHER_NAME")); // copied to another variable
    QVERIFY(!box.open(sealed.left(20), "API_TOKEN"));
    QVERIFY(!box.open("garbage", "API_TOKEN"));
    SecretBox other;
    other.setKey(SecretBox::randomKey());
    QVERIFY(!other.isOwnKey(sealed));
    QVERIFY(!other.open(sealed, "API_TOKEN"));
}

void TestSecretBox::keyFileIsCreatedPrivateAndReused()
{
    QTemporaryDir dir;
    SecretBox first;
    QVERIFY(first.load(dir.path(), {}));
    QCOMPARE(first.source(), u"file"_s);
    const QString path = dir.filePath(u"secret.key"_s);
    struct stat info
    {
    };
    QCOMPARE(::stat(QFile::encodeName(path).constData(), &info), 0);
    QCOMPARE(int(info.st_mode & 0777), 0600);
    const QByteArray sealed = first.seal("value", "V");
    SecretBox second;
    QVERIFY(second.load(dir.path(), {}));
    QCOMPARE(second.keyId(), first.keyId());
    QCOMPARE(second.open(sealed, "V"), std::optional(QByteArray("value")));
}

void TestSecretBox::keyFromTheEnvironment_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<bool>("accepted");
    QTest::addRow("base64 key") << QString::fromLatin1(SecretBox::randomKey().toBase64()) << true;
    QTest::addRow("passphrase") << u"correct horse battery staple"_s << true;
    QTest::addRow("too short") << u"short"_s << false;
}

void TestSecretBox::keyFromTheEnvironment()
{
    QFETCH(QString, key);
    QFETCH(bool, accepted);
    QTemporaryDir dir;
    SecretBox box;
    QCOMPARE(box.load(dir.path(), key), accepted);
    QVERIFY(!QFile::exists(dir.filePath(u"secret.key"_s))); // never written
    if (!accepted)
        return;
    QCOMPARE(box.source(), u"environment"_s);
    SecretBox again;
    QVERIFY(again.load(dir.path(), key));
    QCOMPARE(again.keyId(), box.keyId()); // the same key from the same setting
}

QTEST_GUILESS_MAIN(TestSecretBox)
#include "tst_secretbox.moc"
