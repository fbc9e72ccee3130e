// SPDX-License-Identifier: MIT
#include "security/secretbox.h"

#include "security/secrets.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

#include <sodium.h>

#include <cstdio>
#include <fcntl.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace Kumo {

namespace {

constexpr qsizetype kKeyBytes = crypto_aead_xchacha20poly1305_ietf_KEYBYTES;
constexpr qsizetype kNonceBytes = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
constexpr char kPrefix[] = "k1.";

/// Writes @p bytes to @p path as a file only its owner can read from its first byte (created
/// 0600 under a temporary name, synced, renamed over @p path, directory synced).
bool writePrivateFile(const QString &path, const QByteArray &bytes, QString *error)
{
    const QString temporary = path + u".tmp"_s;
    QFile::remove(temporary);
    QFile file(temporary);
    if (!file.open(
            QIODevice::WriteOnly | QIODevice::NewOnly, QFileDevice::ReadOwner | QFileDevice::WriteOwner)
        || file.write(bytes) != bytes.size() || !file.flush() || ::fsync(file.handle()) != 0) {
        *error = u"cannot write %1: %2"_s.arg(temporary, file.errorString());
        return false;
    }
    file.close();
    if (std::rename(QFile::encodeName(temporary).constData(), QFile::encodeName(path).constData()) != 0) {
        *error = u"cannot replace %1"_s.arg(path);
        return false;
    }
    const int directory = ::open(QFile::encodeName(QFileInfo(path).absolutePath()).constData(), O_RDONLY);
    if (directory >= 0) {
        ::fsync(directory);
        ::close(directory);
    }
    return true;
}

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

bool SecretBox::load(const QString &dataDir, const QString &fromEnvironment)
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
    const QString path = QDir(dataDir).filePath(u"secret.key"_s);
    QFile file(path);
    if (file.exists()) {
        if (!file.open(QIODevice::ReadOnly)) {
            m_error = u"cannot read %1: %2"_s.arg(path, file.errorString());
            return false;
        }
        const QByteArray key = QByteArray::fromBase64(file.readAll().trimmed());
        if (key.size() != kKeyBytes) {
            m_error = u"%1 does not hold a key (32 bytes in base64); restore it from a backup"_s.arg(path);
            return false;
        }
        setKey(key);
    } else {
        setKey(randomKey());
        if (!saveKeyFile(dataDir))
            return false;
    }
    m_source = u"file"_s;
    return true;
}

bool SecretBox::saveKeyFile(const QString &dataDir)
{
    return writePrivateFile(QDir(dataDir).filePath(u"secret.key"_s), m_key.toBase64() + '\n', &m_error);
}

bool SecretBox::saveKeyFile(const QString &path, const QByteArray &key, QString *error)
{
    return writePrivateFile(path, key.toBase64() + '\n', error);
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
