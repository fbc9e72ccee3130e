// SPDX-License-Identifier: MIT
#pragma once

#include "storage/sqldialect.h"

#include <QHash>
#include <QMutex>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>

#include <memory>
#include <unordered_map>

namespace Kumo {

/// The engine's database: opens SQLite (default) or PostgreSQL from a URL, hands out one
/// connection per thread and applies the schema migrations.
class Database
{
public:
    Database();
    ~Database();
    Database(const Database &) = delete;
    Database &operator=(const Database &) = delete;

    /// The absolute path of the SQLite file @p url names; empty for PostgreSQL.
    [[nodiscard]] static QString sqliteFileOf(const QString &url);
    /// @p url is a SQLite file path, `sqlite:PATH`, or `postgresql://user:pass@host:port/db`.
    [[nodiscard]] bool open(const QString &url);
    /// Applies pending migrations (all, or up to @p targetVersion for tests); refuses a
    /// database written by a newer Kumo.
    [[nodiscard]] bool migrate(int targetVersion = -1);
    void close();

    [[nodiscard]] QString errorString() const { return m_error; }
    [[nodiscard]] bool isOpen() const { return m_open; }
    /// The connection of the calling thread (created on first use).
    [[nodiscard]] QSqlDatabase connection() const;
    [[nodiscard]] const SqlDialect &dialect() const { return m_dialect; }
    [[nodiscard]] QString driverName() const { return m_driver; }
    /// The database file's absolute path; empty for PostgreSQL.
    [[nodiscard]] QString sqliteFile() const { return m_sqliteFile; }
    /// The URL it was opened with.
    [[nodiscard]] QString url() const { return m_url; }
    [[nodiscard]] int schemaVersion() const;
    /// A prepared statement for @p sql on the calling thread's connection, prepared once and
    /// reused: the hot paths (a run's insert and updates) then skip SQL parsing. Callers bind,
    /// exec, read, and must finish() a SELECT so that it releases its read snapshot.
    /// The statement is shared: use it to completion before asking for the same SQL again.
    [[nodiscard]] QSqlQuery &prepared(const QString &sql) const;
    /// Quick liveness probe for health checks.
    [[nodiscard]] bool ping() const;

private:
    QString m_connectionPrefix;
    QString m_driver;
    QString m_sqliteFile;
    QString m_url;
    SqlDialect m_dialect;
    QString m_error;
    bool m_open = false;
    mutable QMutex m_preparedMutex;
    struct PreparedQuery
    {
        std::unique_ptr<QSqlQuery> query;
        bool prepared = false;
    };
    mutable std::unordered_map<QString, PreparedQuery> m_prepared; // key: connection name + '\n' + SQL
};

} // namespace Kumo
