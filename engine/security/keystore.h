// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QString>

#include <optional>

namespace Kumo {

/// Where the master key of the secrets is kept between starts, with room for the next key
/// while a rotation is under way.
class KeyStore
{
public:
    enum class Slot { Current, Next };
    virtual ~KeyStore() = default;

    /// "file" or "keychain".
    [[nodiscard]] virtual QString name() const = 0;
    /// Where @p slot is kept, for messages.
    [[nodiscard]] virtual QString location(Slot slot) const = 0;
    /// The key in @p slot; nullopt when there is none (@p error empty) or it cannot be read.
    [[nodiscard]] virtual std::optional<QByteArray> read(Slot slot, QString *error) const = 0;
    /// Stores @p key durably in @p slot.
    [[nodiscard]] virtual bool write(Slot slot, const QByteArray &key, QString *error) = 0;
    virtual void remove(Slot slot) = 0;
    /// The next key becomes the current one.
    [[nodiscard]] virtual bool promote(QString *error) = 0;
};

/// DATA_DIR/secret.key and secret.key.next: 32 bytes in base64, mode 0600 from the first byte,
/// synced before they are used; promotion is a rename.
class FileKeyStore final : public KeyStore
{
public:
    explicit FileKeyStore(const QString &dataDir);
    [[nodiscard]] QString name() const override { return QStringLiteral("file"); }
    [[nodiscard]] QString location(Slot slot) const override;
    [[nodiscard]] std::optional<QByteArray> read(Slot slot, QString *error) const override;
    [[nodiscard]] bool write(Slot slot, const QByteArray &key, QString *error) override;
    void remove(Slot slot) override;
    [[nodiscard]] bool promote(QString *error) override;

private:
    QString m_path;
};

/// The desktop's keychain (Secret Service, KWallet, … through QtKeychain): one entry per data
/// directory, and one for the next key. Promotion writes the current entry, then drops the
/// next one; a rotation interrupted in between is told apart by the secrets themselves.
class KeychainKeyStore final : public KeyStore
{
public:
    explicit KeychainKeyStore(const QString &dataDir);
    /// Whether a keychain service can be reached (a D-Bus session exists).
    [[nodiscard]] static bool isAvailable();
    [[nodiscard]] QString name() const override { return QStringLiteral("keychain"); }
    [[nodiscard]] QString location(Slot slot) const override;
    [[nodiscard]] std::optional<QByteArray> read(Slot slot, QString *error) const override;
    [[nodiscard]] bool write(Slot slot, const QByteArray &key, QString *error) override;
    void remove(Slot slot) override;
    [[nodiscard]] bool promote(QString *error) override;

private:
    [[nodiscard]] QString account(Slot slot) const;
    QString m_dataDir;
};

} // namespace Kumo
