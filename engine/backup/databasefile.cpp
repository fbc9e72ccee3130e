// SPDX-License-Identifier: MIT
#include "backup/databasefile.h"

#include <QAtomicInteger>
#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace Kumo {

namespace {
QAtomicInteger<quint64> g_connections;
}

DatabaseFile::DatabaseFile(const QString &path, bool readOnly)
    : m_connection(u"kumo-file-%1"_s.arg(g_connections.fetchAndAddRelaxed(1)))
{
    QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_connection);
    db.setDatabaseName(path);
    if (readOnly)
        db.setConnectOptions(u"QSQLITE_OPEN_READONLY"_s);
    m_open = db.open();
    if (!m_open)
        m_error = db.lastError().text();
}

DatabaseFile::~DatabaseFile()
{
    {
        QSqlDatabase db = QSqlDatabase::database(m_connection, false);
        db.close();
    }
    QSqlDatabase::removeDatabase(m_connection);
}

const QStringList &DatabaseFile::countedTables()
{
    static const QStringList tables { u"tasks"_s, u"runs"_s, u"projects"_s, u"interpreters"_s,
        u"environments"_s, u"env_vars"_s, u"users"_s, u"api_tokens"_s, u"audit_events"_s, u"settings"_s };
    return tables;
}

QStringList DatabaseFile::strings(const QString &sql)
{
    QStringList values;
    QSqlQuery query(QSqlDatabase::database(m_connection, false));
    if (!query.exec(sql)) {
        m_error = query.lastError().text();
        return values;
    }
    while (query.next())
        values.append(query.value(0).toString());
    return values;
}

bool DatabaseFile::copyTo(const QString &target)
{
    QSqlQuery vacuum(QSqlDatabase::database(m_connection, false));
    vacuum.prepare(u"VACUUM INTO ?"_s);
    vacuum.addBindValue(target);
    if (!vacuum.exec()) {
        m_error = vacuum.lastError().text();
        return false;
    }
    return true;
}

QString DatabaseFile::integrityProblems()
{
    const QStringList rows = strings(u"PRAGMA integrity_check"_s);
    if (rows.isEmpty())
        return m_error.isEmpty() ? u"the integrity check gave no answer"_s : m_error;
    if (rows == QStringList { u"ok"_s })
        return {};
    return rows.mid(0, 5).join(u"; "_s);
}

int DatabaseFile::schemaVersion()
{
    return strings(u"SELECT MAX(version) FROM schema_migrations"_s).value(0).toInt();
}

QJsonObject DatabaseFile::countsOf(const QSqlDatabase &connection)
{
    QJsonObject counts;
    for (const QString &table : countedTables()) {
        QSqlQuery query(connection);
        if (query.exec(u"SELECT COUNT(*) FROM "_s + table) && query.next()) // names from our own list
            counts.insert(table, query.value(0).toLongLong());
    }
    return counts;
}

QJsonObject DatabaseFile::counts()
{
    return countsOf(QSqlDatabase::database(m_connection, false));
}

} // namespace Kumo
