// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

namespace Kumo {

/// Password hashing with libsodium's argon2id (crypto_pwhash_str): the hash string carries its
/// own salt and cost parameters, so costs can be raised later without breaking old hashes.
class PasswordHasher
{
public:
    enum class Cost {
        Interactive, // libsodium's INTERACTIVE limits: production logins
        Minimal, // the smallest allowed limits: tests that create many users
    };

    explicit PasswordHasher(Cost cost = Cost::Interactive);

    /// An encoded argon2id hash of @p password; empty on failure (out of memory).
    [[nodiscard]] QString hash(const QString &password) const;
    /// Constant-time check of @p password against @p encodedHash.
    [[nodiscard]] bool verify(const QString &encodedHash, const QString &password) const;
    /// True when @p encodedHash was made with weaker limits than this hasher's.
    [[nodiscard]] bool needsRehash(const QString &encodedHash) const;

    /// Minimum password length enforced by UserStore.
    static constexpr int minimumLength = 8;

private:
    unsigned long long m_opsLimit;
    size_t m_memLimit;
};

} // namespace Kumo
