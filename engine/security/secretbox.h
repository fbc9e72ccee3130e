// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QString>

#include <memory>
#include <optional>

namespace Kumo {

class KeyStore;

/// Encrypts values at rest (SECRET environment variables) with XChaCha20-Poly1305 (libsodium)
/// under one master key: KUMO_SECRET_KEY when it is set (32 bytes as base64, or a passphrase of
/// at least 16 characters, hashed to a key), else DATA_DIR/secret.key (32 random bytes, mode
/// 0600, created on first start) — or, where asked and a keychain can be reached, the desktop's
/// keychain (a secret.key already there keeps being used). Sealed values carry the key's id, so that a value
/// sealed under another key is told apart from a damaged one.
class SecretBox
{
public:
    SecretBox();
    ~SecretBox();
    SecretBox(const SecretBox &) = delete;
    SecretBox &operator=(const SecretBox &) = delete;

    /// Loads (or creates) the master key; false with errorString() when it cannot.
    [[nodiscard]] bool load(const QString &dataDir, const QString &fromEnvironment, bool useKeychain = false);
    [[nodiscard]] QString errorString() const { return m_error; }
    /// "environment", "file" or "keychain".
    [[nodiscard]] QString source() const { return m_source; }
    /// 8 hex characters that name the key (a hash of it, not the key).
    [[nodiscard]] QString keyId() const { return m_keyId; }

    /// "k1.KEYID.BASE64(nonce|ciphertext)"; @p context (the variable's name) is authenticated
    /// with it, so a sealed value moved to another variable does not open.
    [[nodiscard]] QByteArray seal(const QByteArray &plain, const QByteArray &context) const;
    [[nodiscard]] std::optional<QByteArray> open(const QByteArray &sealed, const QByteArray &context) const;
    /// Whether @p sealed was sealed under this box's key.
    [[nodiscard]] bool isOwnKey(const QByteArray &sealed) const;

    /// A new random key (the caller re-seals every value with a box that uses it).
    [[nodiscard]] static QByteArray randomKey();
    /// Uses @p key from now on (32 bytes).
    void setKey(const QByteArray &key);
    [[nodiscard]] QByteArray key() const { return m_key; }
    /// Where the key is kept; null when it comes from KUMO_SECRET_KEY (nothing to rotate).
    [[nodiscard]] KeyStore *keyStore() const { return m_store.get(); }

private:
    QByteArray m_key; // 32 bytes, wiped on destruction
    QString m_keyId;
    QString m_source;
    QString m_error;
    std::unique_ptr<KeyStore> m_store;
};

} // namespace Kumo
