// SPDX-License-Identifier: MIT
#pragma once

#include "environments/interpreter.h"

#include <QList>

#include <optional>

namespace Kumo {

class Database;

/// Persists interpreters (table `interpreters`), one row per path, so that ids stay stable
/// across refreshes.
class InterpreterStore
{
public:
    explicit InterpreterStore(Database &database);

    /// Inserts or updates the row of @p interpreter's path and sets its id.
    [[nodiscard]] bool upsert(Interpreter &interpreter);
    /// Marks unavailable every interpreter not in @p found that was last seen before
    /// @p seenBefore (one registered while the refresh ran is not missing).
    [[nodiscard]] bool markMissing(const QList<qint64> &found, qint64 seenBefore, qint64 now);
    [[nodiscard]] bool remove(qint64 id);
    [[nodiscard]] std::optional<Interpreter> get(qint64 id) const;
    [[nodiscard]] std::optional<Interpreter> findByPath(const QString &path) const;
    [[nodiscard]] QList<Interpreter> list() const;
    /// Names of the environments made from interpreter @p id and of the tasks that run with it.
    [[nodiscard]] QStringList usersOf(qint64 id) const;
    [[nodiscard]] QString errorString() const { return m_error; }

private:
    [[nodiscard]] QList<Interpreter> select(const QString &tail, const QVariantList &binds) const;

    Database &m_database;
    mutable QString m_error;
};

} // namespace Kumo
