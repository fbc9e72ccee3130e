// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArrayView>
#include <QString>
#include <QStringView>

/// Random tokens, token hashes and constant-time comparison, on libsodium.
namespace Kumo::Secrets {

/// Initialises libsodium once, from any thread. Every function here calls it.
void ensureSodium();
/// @p bytes random bytes as base64url without padding (32 bytes: 43 characters).
[[nodiscard]] QString randomToken(int bytes = 32);
/// @p length characters drawn uniformly (no modulo bias) from @p alphabet.
[[nodiscard]] QString randomString(int length, QStringView alphabet);
/// Lower-case hex SHA-256 of @p token's UTF-8. Tokens carry 256 random bits, so a fast hash
/// suffices: nobody can guess their way back from the stored hash.
[[nodiscard]] QString tokenHash(QStringView token);
/// Equality that takes the same time wherever the first difference is (sodium_memcmp).
/// Lengths are not secret: different lengths compare unequal at once.
[[nodiscard]] bool equals(QByteArrayView a, QByteArrayView b);
[[nodiscard]] bool equals(QStringView a, QStringView b);

} // namespace Kumo::Secrets
