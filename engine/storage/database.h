// SPDX-License-Identifier: MIT
#pragma once

#include "storage/sqldialect.h"

#include <QSqlDatabase>
#include <QString>

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
    [[nodiscard]] int schemaVersion() const;
    /// Quick liveness probe for health checks.
    [[nodiscard]] bool ping() const;

private:
    QString m_connectionPrefix;
    QString m_driver;
    SqlDialect m_dialect;
    QString m_error;
    bool m_open = false;
};

} // namespace Kumo
