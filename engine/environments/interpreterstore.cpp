// SPDX-License-Identifier: MIT
#include "environments/interpreterstore.h"

#include "storage/database.h"
#include "storage/sqlutil.h"

#include <QSqlError>

using namespace Qt::StringLiterals;

namespace Kumo {

InterpreterStore::InterpreterStore(Database &database)
    : m_database(database)
{ }

bool InterpreterStore::upsert(Interpreter &interpreter)
{
    if (const std::optional<Interpreter> existing = findByPath(interpreter.path)) {
        interpreter.id = existing->id;
        interpreter.createdAt = existing->createdAt;
        // A path registered by hand stays registered when discovery finds it too.
        if (existing->source == u"registered"_s)
            interpreter.source = existing->source;
        QSqlQuery &query = m_database.prepared(u"UPDATE interpreters SET version = ?, implementation = ?, "
                                               "source = ?, available = ?, has_venv = ?, updated_at = ? "
                                               "WHERE id = ?"_s);
        query.addBindValue(interpreter.version);
        query.addBindValue(interpreter.implementation);
        query.addBindValue(interpreter.source);
        query.addBindValue(interpreter.available ? 1 : 0);
        query.addBindValue(interpreter.hasVenv ? 1 : 0);
        query.addBindValue(interpreter.updatedAt);
        query.addBindValue(interpreter.id);
        if (!query.exec()) {
            m_error = u"cannot update interpreter %1: %2"_s.arg(interpreter.path, query.lastError().text());
            return false;
        }
        return true;
    }
    QSqlQuery &query
        = m_database.prepared(u"INSERT INTO interpreters (path, version, implementation, source, "
                              "available, has_venv, created_at, updated_at) "
                              "VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"_s);
    query.addBindValue(interpreter.path);
    query.addBindValue(interpreter.version);
    query.addBindValue(interpreter.implementation);
    query.addBindValue(interpreter.source);
    query.addBindValue(interpreter.available ? 1 : 0);
    query.addBindValue(interpreter.hasVenv ? 1 : 0);
    query.addBindValue(interpreter.createdAt);
    query.addBindValue(interpreter.updatedAt);
    if (!query.exec() || !query.next()) {
        m_error = u"cannot add interpreter %1: %2"_s.arg(interpreter.path, query.lastError().text());
        query.finish();
        return false;
    }
    interpreter.id = query.value(0).toLongLong();
    query.finish();
    return true;
}

bool InterpreterStore::markMissing(const QList<qint64> &found, qint64 seenBefore, qint64 now)
{
    for (const Interpreter &interpreter : list()) {
        if (found.contains(interpreter.id) || !interpreter.available || interpreter.updatedAt >= seenBefore)
            continue;
        QSqlQuery &query
            = m_database.prepared(u"UPDATE interpreters SET available = 0, updated_at = ? WHERE id = ?"_s);
        query.addBindValue(now);
        query.addBindValue(interpreter.id);
        if (!query.exec()) {
            m_error = u"cannot update interpreter %1: %2"_s.arg(interpreter.id).arg(query.lastError().text());
            return false;
        }
    }
    return true;
}

bool InterpreterStore::remove(qint64 id)
{
    QSqlQuery &query = m_database.prepared(u"DELETE FROM interpreters WHERE id = ?"_s);
    query.addBindValue(id);
    if (!query.exec()) {
        m_error = u"cannot delete interpreter %1: %2"_s.arg(id).arg(query.lastError().text());
        return false;
    }
    return true;
}

std::optional<Interpreter> InterpreterStore::get(qint64 id) const
{
    const QList<Interpreter> found = select(u"WHERE id = ?"_s, { id });
    return found.isEmpty() ? std::nullopt : std::optional(found.front());
}

std::optional<Interpreter> InterpreterStore::findByPath(const QString &path) const
{
    const QList<Interpreter> found = select(u"WHERE path = ?"_s, { path });
    return found.isEmpty() ? std::nullopt : std::optional(found.front());
}

QList<Interpreter> InterpreterStore::list() const
{
    return select(u"ORDER BY id"_s, {});
}

QStringList InterpreterStore::usersOf(qint64 id) const
{
    QSqlQuery &query = m_database.prepared(
        u"SELECT 'environment ' || name FROM environments WHERE interpreter_id = ? "
        "UNION ALL SELECT 'task ' || name FROM tasks WHERE interpreter_id = ? ORDER BY 1"_s);
    query.addBindValue(id);
    query.addBindValue(id);
    return Sql::strings(query);
}

QList<Interpreter> InterpreterStore::select(const QString &tail, const QVariantList &binds) const
{
    QList<Interpreter> interpreters;
    QSqlQuery &query = m_database.prepared(u"SELECT id, path, version, implementation, source, available, "
                                           "has_venv, created_at, updated_at FROM interpreters "_s
        + tail);
    for (const QVariant &bind : binds)
        query.addBindValue(bind);
    if (!query.exec()) {
        m_error = u"cannot read interpreters: %1"_s.arg(query.lastError().text());
        return interpreters;
    }
    while (query.next()) {
        Interpreter interpreter;
        interpreter.id = query.value(0).toLongLong();
        interpreter.path = query.value(1).toString();
        interpreter.version = query.value(2).toString();
        interpreter.implementation = query.value(3).toString();
        interpreter.source = query.value(4).toString();
        interpreter.available = query.value(5).toInt() != 0;
        interpreter.hasVenv = query.value(6).toInt() != 0;
        interpreter.createdAt = query.value(7).toLongLong();
        interpreter.updatedAt = query.value(8).toLongLong();
        interpreters.append(std::move(interpreter));
    }
    query.finish();
    return interpreters;
}

} // namespace Kumo
