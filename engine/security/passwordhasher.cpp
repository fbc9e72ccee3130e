// SPDX-License-Identifier: MIT
#include "security/passwordhasher.h"

#include "security/secrets.h"

#include <QByteArray>
#include <QRegularExpression>

#include <sodium.h>

using namespace Qt::StringLiterals;

namespace Kumo {

namespace {
// The same password typed on two systems can arrive in different Unicode normal forms.
QByteArray passwordBytes(const QString &password)
{
    return password.normalized(QString::NormalizationForm_C).toUtf8();
}

void wipe(QByteArray &bytes)
{
    sodium_memzero(bytes.data(), size_t(bytes.size()));
}
} // namespace

PasswordHasher::PasswordHasher(Cost cost)
    : m_opsLimit(cost == Cost::Minimal ? crypto_pwhash_OPSLIMIT_MIN : crypto_pwhash_OPSLIMIT_INTERACTIVE)
    , m_memLimit(cost == Cost::Minimal ? crypto_pwhash_MEMLIMIT_MIN : crypto_pwhash_MEMLIMIT_INTERACTIVE)
{
    Secrets::ensureSodium();
}

QString PasswordHasher::hash(const QString &password) const
{
    QByteArray bytes = passwordBytes(password);
    char encoded[crypto_pwhash_STRBYTES];
    const int result
        = crypto_pwhash_str(encoded, bytes.constData(), quint64(bytes.size()), m_opsLimit, m_memLimit);
    wipe(bytes);
    if (result != 0)
        return QString();
    return QString::fromLatin1(encoded);
}

bool PasswordHasher::verify(const QString &encodedHash, const QString &password) const
{
    const QByteArray encoded = encodedHash.toLatin1();
    if (encoded.isEmpty() || encoded.size() >= crypto_pwhash_STRBYTES)
        return false;
    QByteArray bytes = passwordBytes(password);
    const bool ok
        = crypto_pwhash_str_verify(encoded.constData(), bytes.constData(), quint64(bytes.size())) == 0;
    wipe(bytes);
    return ok;
}

bool PasswordHasher::needsRehash(const QString &encodedHash) const
{
    const QByteArray encoded = encodedHash.toLatin1();
    if (!encoded.startsWith(crypto_pwhash_argon2id_STRPREFIX) || encoded.size() >= crypto_pwhash_STRBYTES)
        return true; // another algorithm (argon2i) or not a hash: replace it with ours
    // "$argon2id$v=19$m=…,t=…,p=…$SALT$HASH": libsodium checks the parameters only, so a
    // damaged salt or hash would pass as current. 16-byte salt, 32-byte hash, unpadded base64.
    const QList<QByteArray> parts = encoded.split('$');
    if (parts.size() != 6 || parts[4].size() != 22 || parts[5].size() != 43)
        return true;
    const int differs = crypto_pwhash_str_needs_rehash(encoded.constData(), m_opsLimit, m_memLimit);
    if (differs == 0)
        return false;
    if (differs < 0)
        return true; // unreadable parameters
    // libsodium reports any difference; a hash made with stronger limits than ours (a test
    // hasher reading a production hash) is kept.
    static const QRegularExpression params(u"\\$m=(\\d+),t=(\\d+),"_s);
    const QRegularExpressionMatch match = params.match(encodedHash);
    if (!match.hasMatch())
        return true;
    const quint64 memoryKiB = match.captured(1).toULongLong();
    const quint64 passes = match.captured(2).toULongLong();
    return memoryKiB < m_memLimit / 1024 || passes < m_opsLimit;
}

} // namespace Kumo
