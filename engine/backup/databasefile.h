// SPDX-License-Identifier: MIT
#pragma once

#include <QJsonObject>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

namespace Kumo {

/// A SQLite file opened on a connection of its own, apart from the engine's: a snapshot being
/// written or a backup being checked. Closed when this object goes.
class DatabaseFile
{
public:
    explicit DatabaseFile(const QString &path, bool readOnly = true);
    ~DatabaseFile();
    DatabaseFile(const DatabaseFile &) = delete;
    DatabaseFile &operator=(const DatabaseFile &) = delete;

    [[nodiscard]] bool isOpen() const { return m_open; }
    [[nodiscard]] QString errorString() const { return m_error; }
    /// `PRAGMA integrity_check`: empty when the file is sound, else what is wrong.
    [[nodiscard]] QString integrityProblems();
    [[nodiscard]] int schemaVersion();
    /// Rows of each table a restore compares (tables the schema lacks are left out).
    [[nodiscard]] QJsonObject counts();
    /// Writes a consistent copy of the database to @p target (SQLite's `VACUUM INTO`).
    [[nodiscard]] bool copyTo(const QString &target);
    /// The first column of every row of @p sql.
    [[nodiscard]] QStringList strings(const QString &sql);

    /// Rows of each counted table through @p connection (any driver; missing tables left out).
    [[nodiscard]] static QJsonObject countsOf(const QSqlDatabase &connection);
    /// The tables whose rows a backup reports.
    [[nodiscard]] static const QStringList &countedTables();

private:
    QString m_connection;
    QString m_error;
    bool m_open = false;
};

} // namespace Kumo
