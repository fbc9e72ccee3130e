// SPDX-License-Identifier: MIT
#pragma once

#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace Kumo {

/// pg_dump, pg_restore and psql for the PostgreSQL database of a postgresql:// URL. The
/// connection reaches them through PG* variables, so the password is never on a command line.
class PostgresTools
{
public:
    explicit PostgresTools(const QString &url);

    /// A consistent dump (pg_dump's own snapshot) in the custom format.
    [[nodiscard]] bool dump(const QString &file, QString *error) const;
    /// Whether @p file is a dump pg_restore can read (its table of contents).
    [[nodiscard]] bool check(const QString &file, QString *error) const;
    /// Replaces everything in the database by @p file's content, in one transaction: on any
    /// error nothing changes. @p workDir holds the SQL it runs.
    [[nodiscard]] bool restore(const QString &file, const QString &workDir, QString *error) const;

private:
    [[nodiscard]] bool run(const QString &program, const QStringList &arguments, QString *error) const;

    QProcessEnvironment m_environment;
};

} // namespace Kumo
