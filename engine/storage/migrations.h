// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace Kumo {

class Database;

/// One numbered schema change. DDL uses `{{ID}}` for the auto-increment primary key.
struct Migration
{
    int version;
    QString name;
    QStringList statements;
};

/// Applies the numbered migrations, each in its own transaction, and records them in
/// `schema_migrations`. A database whose version is newer than this build knows is refused.
class Migrations
{
public:
    explicit Migrations(Database &database);

    [[nodiscard]] static const QList<Migration> &all();
    [[nodiscard]] static int latestVersion();

    /// Applies every pending migration up to @p targetVersion (-1: all).
    [[nodiscard]] bool apply(int targetVersion = -1);
    [[nodiscard]] QString errorString() const { return m_error; }

private:
    [[nodiscard]] bool ensureBookkeeping();
    [[nodiscard]] int currentVersion(bool *ok);

    Database &m_database;
    QString m_error;
};

} // namespace Kumo
