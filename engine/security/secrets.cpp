// SPDX-License-Identifier: MIT
#include "security/secrets.h"

#include <QByteArray>
#include <QCryptographicHash>

#include <sodium.h>

namespace Kumo::Secrets {

void ensureSodium()
{
    // sodium_init() is itself thread-safe; the static only spares the repeated call.
    static const bool initialised = sodium_init() >= 0;
    if (!initialised) {
        // Without a working random source every token and salt would be guessable: refusing to
        // run is the only safe answer.
        qFatal("libsodium cannot be initialised");
    }
}

QString randomToken(int bytes)
{
    ensureSodium();
    QByteArray raw(bytes, Qt::Uninitialized);
    randombytes_buf(raw.data(), size_t(raw.size()));
    const QString token
        = QString::fromLatin1(raw.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
    sodium_memzero(raw.data(), size_t(raw.size()));
    return token;
}

QString randomString(int length, QStringView alphabet)
{
    ensureSodium();
    QString text;
    text.reserve(length);
    for (int i = 0; i < length; ++i)
        text.append(alphabet.at(randombytes_uniform(uint32_t(alphabet.size()))));
    return text;
}

QString tokenHash(QStringView token)
{
    return QString::fromLatin1(QCryptographicHash::hash(token.toUtf8(), QCryptographicHash::Sha256).toHex());
}

bool equals(QByteArrayView a, QByteArrayView b)
{
    if (a.size() != b.size())
        return false;
    if (a.isEmpty())
        return true;
    return sodium_memcmp(a.data(), b.data(), size_t(a.size())) == 0;
}

bool equals(QStringView a, QStringView b)
{
    if (a.size() != b.size())
        return false;
    return equals(QByteArrayView(reinterpret_cast<const char *>(a.utf16()), a.size() * 2),
        QByteArrayView(reinterpret_cast<const char *>(b.utf16()), b.size() * 2));
}

} // namespace Kumo::Secrets
