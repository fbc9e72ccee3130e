// SPDX-License-Identifier: MIT
#include "system/settingsstore.h"

#include "storage/database.h"

#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace Kumo {

SettingsStore::SettingsStore(Database &database)
    : m_database(database)
{ }

std::optional<QJsonObject> SettingsStore::value(const QString &key) const
{
    QSqlQuery &query = m_database.prepared(u"SELECT value FROM settings WHERE key = ?"_s);
    query.addBindValue(key);
    std::optional<QJsonObject> found;
    if (!query.exec())
        m_error = u"cannot read setting %1: %2"_s.arg(key, query.lastError().text());
    else if (query.next())
        found = QJsonDocument::fromJson(query.value(0).toByteArray()).object();
    query.finish();
    return found;
}

bool SettingsStore::setValue(const QString &key, const QJsonObject &value, qint64 now)
{
    // Portable upsert: SQLite ≥ 3.24 and PostgreSQL both have ON CONFLICT.
    QSqlQuery &query = m_database.prepared(u"INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) "
                                           "ON CONFLICT (key) DO UPDATE SET value = excluded.value, "
                                           "updated_at = excluded.updated_at"_s);
    query.addBindValue(key);
    query.addBindValue(QString::fromUtf8(QJsonDocument(value).toJson(QJsonDocument::Compact)));
    query.addBindValue(now);
    if (!query.exec()) {
        m_error = u"cannot save setting %1: %2"_s.arg(key, query.lastError().text());
        return false;
    }
    return true;
}

} // namespace Kumo
