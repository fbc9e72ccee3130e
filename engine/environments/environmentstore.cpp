// SPDX-License-Identifier: MIT
#include "environments/environmentstore.h"

#include "storage/database.h"
#include "storage/sqlutil.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>

using namespace Qt::StringLiterals;

namespace Kumo {

namespace {

const QString kColumns = u"id, name, backend, interpreter_id, python_version, path, state, error, "
                         "freeze_hash, packages, created_at, updated_at"_s;
const QString kOperationColumns = u"id, environment_id, kind, packages, requirements, state, exit_code, "
                                  "error, actor, queued_at, started_at, finished_at"_s;

QVariantList fields(const Environment &environment)
{
    return { Sql::text(environment.name), Environment::backendName(environment.backend),
        Sql::optional(environment.interpreterId), Sql::text(environment.pythonVersion),
        Sql::text(environment.path), Environment::stateName(environment.state), Sql::text(environment.error),
        Sql::text(environment.freezeHash), environment.packages, environment.updatedAt };
}

QVariantList operationFields(const EnvOperation &operation)
{
    return { EnvOperation::stateName(operation.state), Sql::optional(operation.exitCode),
        Sql::text(operation.error), Sql::optional(operation.startedAt), Sql::optional(operation.finishedAt) };
}

} // namespace

EnvironmentStore::EnvironmentStore(Database &database)
    : m_database(database)
{ }

bool EnvironmentStore::exec(const QString &sql, const QVariantList &binds, const QString &what)
{
    QSqlQuery &query = m_database.prepared(sql);
    for (const QVariant &bind : binds)
        query.addBindValue(bind);
    if (!query.exec()) {
        m_duplicateName = Sql::isUniqueViolation(query.lastError());
        m_error = u"cannot %1: %2"_s.arg(what, query.lastError().text());
        return false;
    }
    return true;
}

bool EnvironmentStore::create(Environment &environment)
{
    m_duplicateName = false;
    QSqlQuery &query = m_database.prepared(u"INSERT INTO environments (name, backend, interpreter_id, "
                                           "python_version, path, state, error, freeze_hash, packages, "
                                           "updated_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                                           "RETURNING id"_s);
    for (const QVariant &bind : fields(environment))
        query.addBindValue(bind);
    query.addBindValue(environment.createdAt);
    if (!query.exec() || !query.next()) {
        m_duplicateName = Sql::isUniqueViolation(query.lastError());
        m_error = m_duplicateName ? u"an environment named \"%1\" already exists"_s.arg(environment.name)
                                  : u"cannot create environment: %1"_s.arg(query.lastError().text());
        query.finish();
        return false;
    }
    environment.id = query.value(0).toLongLong();
    query.finish();
    return true;
}

bool EnvironmentStore::update(const Environment &environment)
{
    m_duplicateName = false;
    return exec(
        u"UPDATE environments SET name = ?, backend = ?, interpreter_id = ?, python_version = ?, "
        "path = ?, state = ?, error = ?, freeze_hash = ?, packages = ?, updated_at = ? WHERE id = ?"_s,
        fields(environment) << environment.id, u"update environment %1"_s.arg(environment.id));
}

bool EnvironmentStore::remove(qint64 id)
{
    const QString what = u"delete environment %1"_s.arg(id);
    return exec(u"DELETE FROM env_freezes WHERE environment_id = ?"_s, { id }, what)
        && exec(u"DELETE FROM env_operations WHERE environment_id = ?"_s, { id }, what)
        && exec(u"DELETE FROM environments WHERE id = ?"_s, { id }, what);
}

std::optional<Environment> EnvironmentStore::get(qint64 id) const
{
    const QList<Environment> found = select(u"WHERE id = ?"_s, { id });
    return found.isEmpty() ? std::nullopt : std::optional(found.front());
}

QList<Environment> EnvironmentStore::list() const
{
    return select(u"ORDER BY id"_s, {});
}

QStringList EnvironmentStore::tasksUsing(qint64 id) const
{
    QSqlQuery &query
        = m_database.prepared(u"SELECT name FROM tasks WHERE environment_id = ? ORDER BY name"_s);
    query.addBindValue(id);
    return Sql::strings(query);
}

QList<Environment> EnvironmentStore::select(const QString &tail, const QVariantList &binds) const
{
    QList<Environment> environments;
    QSqlQuery &query = m_database.prepared(u"SELECT "_s + kColumns + u" FROM environments "_s + tail);
    for (const QVariant &bind : binds)
        query.addBindValue(bind);
    if (!query.exec()) {
        m_error = u"cannot read environments: %1"_s.arg(query.lastError().text());
        return environments;
    }
    while (query.next()) {
        Environment environment;
        environment.id = query.value(0).toLongLong();
        environment.name = query.value(1).toString();
        environment.backend
            = Environment::backendFromName(query.value(2).toString()).value_or(Environment::Backend::Venv);
        environment.interpreterId = Sql::column<qint64>(query, 3);
        environment.pythonVersion = query.value(4).toString();
        environment.path = query.value(5).toString();
        environment.state
            = Environment::stateFromName(query.value(6).toString()).value_or(Environment::State::Failed);
        environment.error = query.value(7).toString();
        environment.freezeHash = query.value(8).toString();
        environment.packages = query.value(9).toInt();
        environment.createdAt = query.value(10).toLongLong();
        environment.updatedAt = query.value(11).toLongLong();
        environments.append(std::move(environment));
    }
    query.finish();
    return environments;
}

bool EnvironmentStore::createOperation(EnvOperation &operation)
{
    QSqlQuery &query
        = m_database.prepared(u"INSERT INTO env_operations (environment_id, kind, packages, "
                              "requirements, actor, queued_at, state, exit_code, error, "
                              "started_at, finished_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                              "RETURNING id"_s);
    query.addBindValue(operation.environmentId);
    query.addBindValue(EnvOperation::kindName(operation.kind));
    query.addBindValue(QString::fromUtf8(
        QJsonDocument(QJsonArray::fromStringList(operation.packages)).toJson(QJsonDocument::Compact)));
    query.addBindValue(Sql::text(operation.requirementsFile));
    query.addBindValue(Sql::text(operation.actor));
    query.addBindValue(operation.queuedAt);
    for (const QVariant &bind : operationFields(operation))
        query.addBindValue(bind);
    if (!query.exec() || !query.next()) {
        m_error = u"cannot record the operation: %1"_s.arg(query.lastError().text());
        query.finish();
        return false;
    }
    operation.id = query.value(0).toLongLong();
    query.finish();
    return true;
}

bool EnvironmentStore::updateOperation(const EnvOperation &operation)
{
    return exec(u"UPDATE env_operations SET state = ?, exit_code = ?, error = ?, started_at = ?, "
                "finished_at = ? WHERE id = ?"_s,
        operationFields(operation) << operation.id, u"update operation %1"_s.arg(operation.id));
}

std::optional<EnvOperation> EnvironmentStore::operation(qint64 id) const
{
    const QList<EnvOperation> found = selectOperations(u"WHERE id = ?"_s, { id });
    return found.isEmpty() ? std::nullopt : std::optional(found.front());
}

QList<EnvOperation> EnvironmentStore::operations(qint64 environmentId, int limit) const
{
    return selectOperations(u"WHERE environment_id = ? ORDER BY id DESC LIMIT ?"_s, { environmentId, limit });
}

QList<EnvOperation> EnvironmentStore::activeOperations() const
{
    return selectOperations(u"WHERE state IN ('queued', 'running') ORDER BY id"_s, {});
}

QList<EnvOperation> EnvironmentStore::selectOperations(const QString &tail, const QVariantList &binds) const
{
    QList<EnvOperation> operations;
    QSqlQuery &query
        = m_database.prepared(u"SELECT "_s + kOperationColumns + u" FROM env_operations "_s + tail);
    for (const QVariant &bind : binds)
        query.addBindValue(bind);
    if (!query.exec()) {
        m_error = u"cannot read operations: %1"_s.arg(query.lastError().text());
        return operations;
    }
    while (query.next()) {
        EnvOperation operation;
        operation.id = query.value(0).toLongLong();
        operation.environmentId = query.value(1).toLongLong();
        operation.kind
            = EnvOperation::kindFromName(query.value(2).toString()).value_or(EnvOperation::Kind::Install);
        for (const QJsonValue &package : QJsonDocument::fromJson(query.value(3).toByteArray()).array())
            operation.packages.append(package.toString());
        operation.requirementsFile = query.value(4).toString();
        operation.state
            = EnvOperation::stateFromName(query.value(5).toString()).value_or(EnvOperation::State::Failed);
        operation.exitCode = Sql::column<int>(query, 6);
        operation.error = query.value(7).toString();
        operation.actor = query.value(8).toString();
        operation.queuedAt = query.value(9).toLongLong();
        operation.startedAt = Sql::column<qint64>(query, 10);
        operation.finishedAt = Sql::column<qint64>(query, 11);
        operations.append(std::move(operation));
    }
    query.finish();
    return operations;
}

bool EnvironmentStore::addFreeze(qint64 environmentId, const Freeze &freeze)
{
    if (this->freeze(environmentId, freeze.hash))
        return true;
    return exec(u"INSERT INTO env_freezes (environment_id, hash, text, created_at) VALUES (?, ?, ?, ?)"_s,
        { environmentId, freeze.hash, Sql::text(freeze.text), freeze.createdAt },
        u"record the freeze of environment %1"_s.arg(environmentId));
}

std::optional<Freeze> EnvironmentStore::freeze(qint64 environmentId, const QString &hash) const
{
    QSqlQuery &query = m_database.prepared(
        u"SELECT hash, text, created_at FROM env_freezes WHERE environment_id = ? AND hash = ?"_s);
    query.addBindValue(environmentId);
    query.addBindValue(hash);
    std::optional<Freeze> found;
    if (query.exec() && query.next())
        found = Freeze { query.value(0).toString(), query.value(1).toString(), query.value(2).toLongLong() };
    query.finish();
    return found;
}

QList<Freeze> EnvironmentStore::freezes(qint64 environmentId) const
{
    QList<Freeze> found;
    QSqlQuery &query = m_database.prepared(
        u"SELECT hash, created_at FROM env_freezes WHERE environment_id = ? ORDER BY created_at DESC"_s);
    query.addBindValue(environmentId);
    if (query.exec()) {
        while (query.next())
            found.append({ query.value(0).toString(), {}, query.value(1).toLongLong() });
    }
    query.finish();
    return found;
}

} // namespace Kumo
