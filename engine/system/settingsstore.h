// SPDX-License-Identifier: MIT
#pragma once

#include <QJsonObject>
#include <QString>

#include <optional>

namespace Kumo {

class Database;

/// Settings kept in the database (table `settings`): one JSON object per key. The precedence
/// of DESIGN §3 (command line > environment > database > default) is the caller's.
class SettingsStore
{
public:
    explicit SettingsStore(Database &database);

    [[nodiscard]] std::optional<QJsonObject> value(const QString &key) const;
    [[nodiscard]] bool setValue(const QString &key, const QJsonObject &value, qint64 now);
    [[nodiscard]] QString errorString() const { return m_error; }

private:
    Database &m_database;
    mutable QString m_error;
};

} // namespace Kumo
