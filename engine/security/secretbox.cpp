// SPDX-License-Identifier: MIT
#include "security/secretbox.h"

#include "security/keystore.h"
#include "security/secrets.h"

#include <sodium.h>

using namespace Qt::StringLiterals;

namespace Kumo {

namespace {

constexpr qsizetype kKeyBytes = crypto_aead_xchacha20poly1305_ietf_KEYBYTES;
constexpr qsizetype kNonceBytes = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
constexpr char kPrefix[] = "k1.";

/// A short public name of @p key: the start of a keyed hash of it, never the key.
QString idOf(const QByteArray &key)
{
    unsigned char hash[8];
    crypto_generichash(hash, sizeof hash, reinterpret_cast<const unsigned char *>(key.constData()),
        size_t(key.size()), reinterpret_cast<const unsigned char *>("kumo-key-id"), 11);
    return QString::fromLatin1(QByteArray(reinterpret_cast<const char *>(hash), 4).toHex());
}

} // namespace

SecretBox::SecretBox()
{
    Secrets::ensureSodium();
}

SecretBox::~SecretBox()
{
    if (!m_key.isEmpty())
        sodium_memzero(m_key.data(), size_t(m_key.size()));
}

void SecretBox::setKey(const QByteArray &key)
{
    if (!m_key.isEmpty())
        sodium_memzero(m_key.data(), size_t(m_key.size()));
    m_key = key;
    m_keyId = idOf(m_key);
}

QByteArray SecretBox::randomKey()
{
    Secrets::ensureSodium();
    QByteArray key(kKeyBytes, Qt::Uninitialized);
    crypto_aead_xchacha20poly1305_ietf_keygen(reinterpret_cast<unsigned char *>(key.data()));
    return key;
}

bool SecretBox::load(const QString &dataDir, const QString &fromEnvironment, bool useKeychain)
{
    if (!fromEnvironment.isEmpty()) {
        const QString given = fromEnvironment.trimmed(); // a stray newline is no part of a key
        const QByteArray decoded = QByteArray::fromBase64(
            given.toLatin1(), QByteArray::Base64Encoding | QByteArray::AbortOnBase64DecodingErrors);
        if (decoded.size() == kKeyBytes) {
            setKey(decoded);
        } else if (given.size() >= 16) {
            // A passphrase: stretched with argon2id (slow to guess offline). The salt is fixed:
            // a passphrase must give the same key on every machine, with nothing stored.
            QByteArray key(kKeyBytes, Qt::Uninitialized);
            const QByteArray utf8 = given.toUtf8();
            unsigned char salt[crypto_pwhash_SALTBYTES];
            crypto_generichash(salt, sizeof salt,
                reinterpret_cast<const unsigned char *>("kumo-secret-key-salt"), 20, nullptr, 0);
            if (crypto_pwhash(reinterpret_cast<unsigned char *>(key.data()), size_t(key.size()),
                    utf8.constData(), size_t(utf8.size()), salt, crypto_pwhash_OPSLIMIT_INTERACTIVE,
                    crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13)
                != 0) {
                m_error = u"not enough memory to derive the key from KUMO_SECRET_KEY"_s;
                return false;
            }
            setKey(key);
        } else {
            m_error
                = u"KUMO_SECRET_KEY must be 32 bytes in base64 (openssl rand -base64 32) or a passphrase of "
                  u"at least 16 characters"_s;
            return false;
        }
        m_source = u"environment"_s;
        return true;
    }
    // A key file already there stays in use, keychain or not: its secrets need it.
    auto file = std::make_unique<FileKeyStore>(dataDir);
    std::optional<QByteArray> key = file->read(KeyStore::Slot::Current, &m_error);
    if (!m_error.isEmpty())
        return false;
    std::unique_ptr<KeyStore> store = std::move(file);
    if (!key && useKeychain && KeychainKeyStore::isAvailable()) {
        // Asked for and reachable: from here on a keychain problem stops the start rather than
        // putting a new key beside one the keychain may hold.
        auto keychain = std::make_unique<KeychainKeyStore>(dataDir);
        key = keychain->read(KeyStore::Slot::Current, &m_error);
        if (!key && m_error.isEmpty()) {
            const QByteArray created = randomKey();
            if (keychain->write(KeyStore::Slot::Current, created, &m_error))
                key = created;
        }
        if (!key) {
            m_error = u"cannot keep the master key in the keychain (%1); start without the keychain to use "
                      "DATA_DIR/secret.key"_s.arg(m_error);
            return false;
        }
        store = std::move(keychain);
    }
    if (!key) {
        key = randomKey();
        if (!store->write(KeyStore::Slot::Current, *key, &m_error))
            return false;
    }
    setKey(*key);
    m_source = store->name();
    m_store = std::move(store);
    return true;
}

QByteArray SecretBox::seal(const QByteArray &plain, const QByteArray &context) const
{
    QByteArray box(kNonceBytes + plain.size() + crypto_aead_xchacha20poly1305_ietf_ABYTES, Qt::Uninitialized);
    auto *nonce = reinterpret_cast<unsigned char *>(box.data());
    randombytes_buf(nonce, kNonceBytes);
    unsigned long long length = 0;
    crypto_aead_xchacha20poly1305_ietf_encrypt(nonce + kNonceBytes, &length,
        reinterpret_cast<const unsigned char *>(plain.constData()), size_t(plain.size()),
        reinterpret_cast<const unsigned char *>(context.constData()), size_t(context.size()), nullptr, nonce,
        reinterpret_cast<const unsigned char *>(m_key.constData()));
    box.truncate(kNonceBytes + qsizetype(length));
    return kPrefix + m_keyId.toLatin1() + '.'
        + box.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

bool SecretBox::isOwnKey(const QByteArray &sealed) const
{
    return sealed.startsWith(QByteArray(kPrefix + m_keyId.toLatin1() + '.'));
}

std::optional<QByteArray> SecretBox::open(const QByteArray &sealed, const QByteArray &context) const
{
    if (!isOwnKey(sealed))
        return std::nullopt;
    const QByteArray box
        = QByteArray::fromBase64(sealed.mid(qsizetype(sizeof kPrefix) - 1 + m_keyId.size() + 1),
            QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    if (box.size() < kNonceBytes + qsizetype(crypto_aead_xchacha20poly1305_ietf_ABYTES))
        return std::nullopt;
    QByteArray plain(box.size() - kNonceBytes, Qt::Uninitialized);
    unsigned long long length = 0;
    const auto *nonce = reinterpret_cast<const unsigned char *>(box.constData());
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(reinterpret_cast<unsigned char *>(plain.data()), &length,
            nullptr, nonce + kNonceBytes, size_t(box.size() - kNonceBytes),
            reinterpret_cast<const unsigned char *>(context.constData()), size_t(context.size()), nonce,
            reinterpret_cast<const unsigned char *>(m_key.constData()))
        != 0)
        return std::nullopt;
    plain.truncate(qsizetype(length));
    return plain;
}

} // namespace Kumo
