// SPDX-License-Identifier: MIT
#include "storage/database.h"

#include "core/logging.h"
#include "storage/migrations.h"

#include <QAtomicInt>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace Kumo {

namespace {
QAtomicInt s_instanceCounter;

QString threadConnectionName(const QString &prefix)
{
    return prefix + u'/' + QString::number(reinterpret_cast<quintptr>(QThread::currentThread()), 16);
}
} // namespace

Database::Database()
    : m_connectionPrefix(u"kumo-db-"_s + QString::number(s_instanceCounter.fetchAndAddRelaxed(1)))
{ }

Database::~Database()
{
    close();
}

bool Database::open(const QString &url)
{
    close();
    const QString main = threadConnectionName(m_connectionPrefix);
    const QUrl parsed(url);
    m_url = url;
    QSqlDatabase db;
    if (parsed.scheme() == u"postgresql"_s || parsed.scheme() == u"postgres"_s) {
        m_driver = u"QPSQL"_s;
        db = QSqlDatabase::addDatabase(m_driver, main);
        db.setHostName(parsed.host());
        db.setPort(parsed.port(5432));
        db.setUserName(parsed.userName());
        db.setPassword(parsed.password());
        db.setDatabaseName(parsed.path().mid(1));
    } else {
        m_driver = u"QSQLITE"_s;
        const QString path = url.startsWith(u"sqlite:"_s) ? url.mid(7) : url;
        m_sqliteFile = sqliteFileOf(url);
        db = QSqlDatabase::addDatabase(m_driver, main);
        db.setDatabaseName(path);
    }
    m_dialect = SqlDialect::forDriver(m_driver);
    if (!db.isValid()) {
        m_error = u"database driver %1 is not available (install its Qt SQL plugin)"_s.arg(m_driver);
        QSqlDatabase::removeDatabase(main);
        return false;
    }
    if (!db.open()) {
        m_error = u"cannot open database: %1"_s.arg(db.lastError().text());
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(main);
        return false;
    }
    for (const QString &statement : m_dialect.connectionSetup()) {
        QSqlQuery query(db);
        if (!query.exec(statement)) {
            m_error = u"cannot prepare database (%1): %2"_s.arg(statement, query.lastError().text());
            db.close();
            db = QSqlDatabase();
            QSqlDatabase::removeDatabase(main);
            return false;
        }
    }
    m_open = true;
    qCInfo(lcStorage) << "opened" << m_driver << "database";
    return true;
}

bool Database::migrate(int targetVersion)
{
    Migrations migrations(*this);
    if (!migrations.apply(targetVersion)) {
        m_error = migrations.errorString();
        return false;
    }
    return true;
}

void Database::close()
{
    if (!m_open)
        return;
    m_open = false;
    {
        // Statements must go before their connections.
        const QMutexLocker locker(&m_preparedMutex);
        m_prepared.clear();
    }
    const QStringList names = QSqlDatabase::connectionNames();
    for (const QString &name : names) {
        if (!name.startsWith(m_connectionPrefix + u'/'))
            continue;
        {
            QSqlDatabase db = QSqlDatabase::database(name, false);
            db.close();
        }
        QSqlDatabase::removeDatabase(name);
    }
}

QString Database::sqliteFileOf(const QString &url)
{
    const QString scheme = QUrl(url).scheme();
    if (scheme == u"postgresql"_s || scheme == u"postgres"_s)
        return {};
    return QFileInfo(url.startsWith(u"sqlite:"_s) ? url.mid(7) : url).absoluteFilePath();
}

QSqlDatabase Database::connection() const
{
    const QString name = threadConnectionName(m_connectionPrefix);
    if (QSqlDatabase::contains(name))
        return QSqlDatabase::database(name, false);
    // A worker thread's first use: clone the main connection's settings.
    const QString mainName = QSqlDatabase::connectionNames().filter(m_connectionPrefix + u'/').value(0);
    QSqlDatabase db = QSqlDatabase::cloneDatabase(mainName, name);
    if (db.open()) {
        for (const QString &statement : m_dialect.connectionSetup())
            QSqlQuery(db).exec(statement);
    } else {
        qCWarning(lcStorage) << "cannot open database connection for a worker thread:"
                             << db.lastError().text();
    }
    return db;
}

QSqlQuery &Database::prepared(const QString &sql) const
{
    const QSqlDatabase db = connection();
    const QString key = db.connectionName() + u'\n' + sql;
    const QMutexLocker locker(&m_preparedMutex);
    PreparedQuery &entry = m_prepared[key];
    if (!entry.query) {
        entry.query = std::make_unique<QSqlQuery>(db);
        entry.query->setForwardOnly(true);
    }
    // A failed prepare is retried next time: a transient failure (a busy schema, a dropped
    // connection) must not poison the statement for good. The caller's exec() reports it.
    if (!entry.prepared)
        entry.prepared = entry.query->prepare(sql);
    return *entry.query;
}

int Database::schemaVersion() const
{
    QSqlQuery query(connection());
    if (!query.exec(u"SELECT MAX(version) FROM schema_migrations"_s) || !query.next())
        return 0;
    return query.value(0).toInt();
}

bool Database::ping() const
{
    QSqlQuery query(connection());
    return query.exec(u"SELECT 1"_s) && query.next();
}

} // namespace Kumo
