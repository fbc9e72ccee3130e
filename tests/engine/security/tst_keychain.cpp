// SPDX-License-Identifier: MIT
// The master key in the desktop's keychain, against a real Secret Service (gnome-keyring in a
// private D-Bus session that CTest starts for this test): created there on first start and
// found again, a key file already present keeps priority, rotation through the keychain's
// "next" entry (and its recovery), and the key file when no keychain can be reached.

#include "enginefixture.h"

#include "security/keystore.h"
#include "security/secretbox.h"
#include "system/envvarservice.h"

#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Kumo;
using KumoTest::EngineFixture;

class TestKeychain final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void keyLivesInTheKeychain();
    void existingKeyFileKeepsPriority();
    void rotationGoesThroughTheKeychain();
    void interruptedRotationIsUndone();
    void noKeychainMeansTheKeyFile();

private:
    static EngineConfig keychainConfig()
    {
        EngineConfig config;
        config.useKeychain = true;
        return config;
    }
    static QString secretValue(Engine &engine)
    {
        return engine.envVars().forRun(0, std::nullopt).values.value(u"TOKEN"_s);
    }
};

void TestKeychain::initTestCase()
{
    if (!KeychainKeyStore::isAvailable())
        QFAIL("no D-Bus session: run this test through CTest, which starts one with gnome-keyring");
}

void TestKeychain::keyLivesInTheKeychain()
{
    EngineFixture f;
    QVERIFY(f.open(keychainConfig()));
    QCOMPARE(f.engine->secretBox().source(), u"keychain"_s);
    QVERIFY(!QFile::exists(f.dir->filePath(u"secret.key"_s)));
    QVERIFY(
        f.engine->envVars()
            .create({ { u"name"_s, u"TOKEN"_s }, { u"value"_s, u"from-keychain"_s }, { u"secret"_s, true } })
            .ok());
    const QString keyId = f.engine->secretBox().keyId();
    f.engine.reset();
    QVERIFY(f.open(keychainConfig()));
    QCOMPARE(f.engine->secretBox().keyId(), keyId);
    QCOMPARE(secretValue(*f.engine), u"from-keychain"_s);
    // The key is stored under this data directory's own entry.
    KeychainKeyStore store(f.dir->path());
    QString error;
    QCOMPARE(store.read(KeyStore::Slot::Current, &error), std::optional(f.engine->secretBox().key()));
    QVERIFY2(error.isEmpty(), qPrintable(error));
}

void TestKeychain::existingKeyFileKeepsPriority()
{
    EngineFixture f;
    QVERIFY(f.open()); // creates secret.key
    const QString keyId = f.engine->secretBox().keyId();
    f.engine.reset();
    QVERIFY(f.open(keychainConfig()));
    QCOMPARE(f.engine->secretBox().source(), u"file"_s);
    QCOMPARE(f.engine->secretBox().keyId(), keyId);
}

void TestKeychain::rotationGoesThroughTheKeychain()
{
    EngineFixture f;
    QVERIFY(f.open(keychainConfig()));
    QVERIFY(f.engine->envVars()
                .create({ { u"name"_s, u"TOKEN"_s }, { u"value"_s, u"rotated"_s }, { u"secret"_s, true } })
                .ok());
    const QString before = f.engine->secretBox().keyId();
    const EnvVarResult rotated = f.engine->envVars().rotateKey();
    QVERIFY2(rotated.ok(), qPrintable(rotated.message));
    QVERIFY(f.engine->secretBox().keyId() != before);
    KeychainKeyStore store(f.dir->path());
    QString error;
    QVERIFY(!store.read(KeyStore::Slot::Next, &error)); // promoted, not left behind
    QVERIFY(error.isEmpty());
    const QString after = f.engine->secretBox().keyId();
    f.engine.reset();
    QVERIFY(f.open(keychainConfig()));
    QCOMPARE(f.engine->secretBox().keyId(), after);
    QCOMPARE(secretValue(*f.engine), u"rotated"_s);
}

void TestKeychain::interruptedRotationIsUndone()
{
    EngineFixture f;
    QVERIFY(f.open(keychainConfig()));
    QVERIFY(f.engine->envVars()
                .create({ { u"name"_s, u"TOKEN"_s }, { u"value"_s, u"kept"_s }, { u"secret"_s, true } })
                .ok());
    const QString keyId = f.engine->secretBox().keyId();
    f.engine.reset();
    // A crash after the next key was stored but before the database took it.
    KeychainKeyStore store(f.dir->path());
    QString error;
    QVERIFY(store.write(KeyStore::Slot::Next, SecretBox::randomKey(), &error));
    QVERIFY(f.open(keychainConfig()));
    QCOMPARE(f.engine->secretBox().keyId(), keyId);
    QCOMPARE(secretValue(*f.engine), u"kept"_s);
    QVERIFY(!store.read(KeyStore::Slot::Next, &error));
}

void TestKeychain::noKeychainMeansTheKeyFile()
{
    const QByteArray bus = qgetenv("DBUS_SESSION_BUS_ADDRESS");
    qunsetenv("DBUS_SESSION_BUS_ADDRESS");
    EngineFixture f;
    const bool opened = f.open(keychainConfig());
    qputenv("DBUS_SESSION_BUS_ADDRESS", bus);
    QVERIFY(opened);
    QCOMPARE(f.engine->secretBox().source(), u"file"_s);
    QVERIFY(QFile::exists(f.dir->filePath(u"secret.key"_s)));
}

QTEST_GUILESS_MAIN(TestKeychain)
#include "tst_keychain.moc"
