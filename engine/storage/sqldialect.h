// SPDX-License-Identifier: MIT
#pragma once

#include <QString>
#include <QStringList>

namespace Kumo {

/// The one place that knows how SQL differs between the supported drivers. Everything else
/// writes portable SQL (INSERT … RETURNING, BIGINT milliseconds, INTEGER booleans).
class SqlDialect
{
public:
    enum class Kind { Sqlite, PostgreSql };

    explicit SqlDialect(Kind kind = Kind::Sqlite)
        : m_kind(kind)
    { }
    [[nodiscard]] static SqlDialect forDriver(const QString &qtDriverName);

    [[nodiscard]] Kind kind() const { return m_kind; }
    /// Statements run on every new connection (SQLite pragmas: WAL, busy timeout, foreign keys).
    [[nodiscard]] QStringList connectionSetup() const;
    /// Replaces the `{{ID}}` placeholder of migration DDL with the driver's auto-increment key.
    [[nodiscard]] QString translateDdl(const QString &ddl) const;

private:
    Kind m_kind;
};

} // namespace Kumo
