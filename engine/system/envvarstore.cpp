// SPDX-License-Identifier: MIT
#include "system/envvarstore.h"

#include "storage/database.h"
#include "storage/sqlutil.h"

#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace Kumo {

namespace {

const QString kColumns = u"id, name, value, secret, scope, scope_id, description, created_at, updated_at"_s;

/// What the value column holds: the plain text, or the sealed form.
QString storedValue(const EnvVar &variable)
{
    return variable.secret ? QString::fromLatin1(variable.sealed) : variable.value;
}

/// Binds the columns create() and update() both write, in their order.
void bindColumns(QSqlQuery &query, const EnvVar &variable)
{
    query.addBindValue(variable.name);
    query.addBindValue(Sql::text(storedValue(variable)));
    query.addBindValue(variable.secret ? 1 : 0);
    query.addBindValue(EnvVar::scopeName(variable.scope));
    query.addBindValue(variable.scopeId);
    query.addBindValue(Sql::text(variable.description));
}

} // namespace

EnvVarStore::EnvVarStore(Database &database)
    : m_database(database)
{ }

bool EnvVarStore::create(EnvVar &variable)
{
    m_duplicate = false;
    QSqlQuery &query
        = m_database.prepared(u"INSERT INTO env_vars (name, value, secret, scope, scope_id, "
                              "description, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                              "RETURNING id"_s);
    bindColumns(query, variable);
    query.addBindValue(variable.createdAt);
    query.addBindValue(variable.updatedAt);
    if (!query.exec() || !query.next()) {
        m_duplicate = Sql::isUniqueViolation(query.lastError());
        m_error = m_duplicate ? u"%1 is already set in this scope"_s.arg(variable.name)
                              : u"cannot create variable: %1"_s.arg(query.lastError().text());
        query.finish();
        return false;
    }
    variable.id = query.value(0).toLongLong();
    query.finish();
    return true;
}

bool EnvVarStore::update(const EnvVar &variable)
{
    m_duplicate = false;
    QSqlQuery &query = m_database.prepared(u"UPDATE env_vars SET name = ?, value = ?, secret = ?, scope = ?, "
                                           "scope_id = ?, description = ?, updated_at = ? WHERE id = ?"_s);
    bindColumns(query, variable);
    query.addBindValue(variable.updatedAt);
    query.addBindValue(variable.id);
    if (!query.exec()) {
        m_duplicate = Sql::isUniqueViolation(query.lastError());
        m_error = m_duplicate
            ? u"%1 is already set in this scope"_s.arg(variable.name)
            : u"cannot update variable %1: %2"_s.arg(variable.id).arg(query.lastError().text());
        return false;
    }
    return true;
}

bool EnvVarStore::remove(qint64 id)
{
    QSqlQuery &query = m_database.prepared(u"DELETE FROM env_vars WHERE id = ?"_s);
    query.addBindValue(id);
    if (!query.exec()) {
        m_error = u"cannot delete variable %1: %2"_s.arg(id).arg(query.lastError().text());
        return false;
    }
    return true;
}

bool EnvVarStore::removeScope(EnvVar::Scope scope, qint64 scopeId)
{
    QSqlQuery &query = m_database.prepared(u"DELETE FROM env_vars WHERE scope = ? AND scope_id = ?"_s);
    query.addBindValue(EnvVar::scopeName(scope));
    query.addBindValue(scopeId);
    if (!query.exec()) {
        m_error = u"cannot delete variables: %1"_s.arg(query.lastError().text());
        return false;
    }
    return true;
}

bool EnvVarStore::reseal(const QList<EnvVar> &variables)
{
    QSqlDatabase connection = m_database.connection();
    if (!connection.transaction()) {
        m_error = u"cannot begin a transaction: %1"_s.arg(connection.lastError().text());
        return false;
    }
    for (const EnvVar &variable : variables) {
        QSqlQuery &query = m_database.prepared(u"UPDATE env_vars SET value = ? WHERE id = ?"_s);
        query.addBindValue(QString::fromLatin1(variable.sealed));
        query.addBindValue(variable.id);
        if (!query.exec()) {
            m_error = u"cannot re-encrypt variable %1: %2"_s.arg(variable.id).arg(query.lastError().text());
            connection.rollback();
            return false;
        }
    }
    if (!connection.commit()) {
        m_error = u"cannot commit: %1"_s.arg(connection.lastError().text());
        connection.rollback();
        return false;
    }
    return true;
}

std::optional<EnvVar> EnvVarStore::get(qint64 id) const
{
    const QList<EnvVar> found = select(u"WHERE id = ?"_s, { id });
    return found.isEmpty() ? std::nullopt : std::optional(found.front());
}

QList<EnvVar> EnvVarStore::list(std::optional<EnvVar::Scope> scope, qint64 scopeId) const
{
    if (!scope)
        return select(u"ORDER BY scope, scope_id, name"_s, {});
    return select(
        u"WHERE scope = ? AND scope_id = ? ORDER BY name"_s, { EnvVar::scopeName(*scope), scopeId });
}

QList<EnvVar> EnvVarStore::forRun(qint64 taskId, std::optional<qint64> projectId) const
{
    // Global first, then the project's, then the task's: later ones win.
    return select(u"WHERE scope = 'global' OR (scope = 'project' AND scope_id = ?) "
                  "OR (scope = 'task' AND scope_id = ?) "
                  "ORDER BY CASE scope WHEN 'global' THEN 0 WHEN 'project' THEN 1 ELSE 2 END, name"_s,
        { projectId.value_or(-1), taskId });
}

QList<EnvVar> EnvVarStore::select(const QString &tail, const QVariantList &binds) const
{
    QList<EnvVar> variables;
    QSqlQuery &query = m_database.prepared(u"SELECT "_s + kColumns + u" FROM env_vars "_s + tail);
    for (const QVariant &bind : binds)
        query.addBindValue(bind);
    m_readFailed = !query.exec();
    if (m_readFailed) {
        m_error = u"cannot read variables: %1"_s.arg(query.lastError().text());
        return variables;
    }
    while (query.next()) {
        EnvVar variable;
        variable.id = query.value(0).toLongLong();
        variable.name = query.value(1).toString();
        variable.secret = query.value(3).toInt() != 0;
        if (variable.secret)
            variable.sealed = query.value(2).toString().toLatin1();
        else
            variable.value = query.value(2).toString();
        variable.scope = EnvVar::scopeFromName(query.value(4).toString()).value_or(EnvVar::Scope::Global);
        variable.scopeId = query.value(5).toLongLong();
        variable.description = query.value(6).toString();
        variable.createdAt = query.value(7).toLongLong();
        variable.updatedAt = query.value(8).toLongLong();
        variables.append(std::move(variable));
    }
    query.finish();
    return variables;
}

} // namespace Kumo
