// SPDX-License-Identifier: MIT
#include "storage/taskstore.h"

#include "core/logging.h"
#include "storage/database.h"
#include "storage/sqlutil.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace Kumo {

namespace {

const QString kColumns = u"id, name, command, working_dir, trigger_type, trigger_config, timezone, enabled, "
                         "retries, retry_interval_s, timeout_s, max_instances, misfire_grace_s, env, "
                         "next_fire_at, created_at, updated_at, project_id, environment_id, interpreter_id"_s;

QString envToText(const QMap<QString, QString> &env)
{
    QJsonObject json;
    for (auto it = env.cbegin(); it != env.cend(); ++it)
        json[it.key()] = it.value();
    return QString::fromUtf8(QJsonDocument(json).toJson(QJsonDocument::Compact));
}

QMap<QString, QString> envFromText(const QString &text)
{
    QMap<QString, QString> env;
    const QJsonObject json = QJsonDocument::fromJson(text.toUtf8()).object();
    for (auto it = json.begin(); it != json.end(); ++it)
        env.insert(it.key(), it.value().toString());
    return env;
}

QString triggerConfigText(const TriggerSpec &spec)
{
    QJsonObject json = spec.toJson();
    json.remove(u"type"_s);
    json.remove(u"timezone"_s);
    return QString::fromUtf8(QJsonDocument(json).toJson(QJsonDocument::Compact));
}

TriggerSpec triggerFromColumns(const QString &type, const QString &config, const QString &timezone)
{
    QJsonObject json = QJsonDocument::fromJson(config.toUtf8()).object();
    json[u"type"_s] = type;
    if (!timezone.isEmpty())
        json[u"timezone"_s] = timezone;
    FieldErrors errors;
    std::optional<TriggerSpec> spec = TriggerSpec::fromJson(json, &errors);
    if (!spec) {
        // Stored triggers were validated on the way in; a zone removed from tzdata is the only
        // realistic way here. Keep the task readable; the scheduler will refuse to plan it.
        qCWarning(lcStorage) << "stored trigger no longer valid:" << type << config << timezone;
        TriggerSpec fallback;
        fallback.type = type == u"interval"_s ? TriggerSpec::Type::Interval
            : type == u"date"_s               ? TriggerSpec::Type::Date
                                              : TriggerSpec::Type::Cron;
        fallback.timezone = timezone;
        fallback.expression = json.value(u"expression"_s).toString();
        return fallback;
    }
    return *spec;
}

void bindTask(QSqlQuery &query, const Task &task)
{
    query.addBindValue(Sql::text(task.name));
    query.addBindValue(Sql::text(task.command));
    query.addBindValue(Sql::text(task.workingDir));
    query.addBindValue(TriggerSpec::typeName(task.trigger.type));
    query.addBindValue(triggerConfigText(task.trigger));
    query.addBindValue(Sql::text(task.trigger.timezone));
    query.addBindValue(task.enabled ? 1 : 0);
    query.addBindValue(task.retries);
    query.addBindValue(task.retryIntervalSeconds);
    query.addBindValue(task.timeoutSeconds);
    query.addBindValue(task.maxInstances);
    query.addBindValue(task.misfireGraceSeconds);
    query.addBindValue(envToText(task.env));
    query.addBindValue(Sql::optional(task.nextFireAt));
    query.addBindValue(task.createdAt);
    query.addBindValue(task.updatedAt);
    query.addBindValue(Sql::optional(task.projectId));
    query.addBindValue(Sql::optional(task.environmentId));
    query.addBindValue(Sql::optional(task.interpreterId));
}

bool isUniqueViolation(const QSqlError &error)
{
    const QString text = error.databaseText();
    return text.contains(u"UNIQUE"_s, Qt::CaseInsensitive) || error.nativeErrorCode() == u"23505"_s;
}

} // namespace

TaskStore::TaskStore(Database &database)
    : m_database(database)
{ }

bool TaskStore::create(Task &task)
{
    m_duplicateName = false;
    QSqlQuery &query = m_database.prepared(
        u"INSERT INTO tasks (name, command, working_dir, trigger_type, trigger_config, timezone, "
        "enabled, retries, retry_interval_s, timeout_s, max_instances, misfire_grace_s, env, "
        "next_fire_at, created_at, updated_at, project_id, environment_id, interpreter_id) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"_s);
    bindTask(query, task);
    if (!query.exec() || !query.next()) {
        query.finish();
        m_duplicateName = isUniqueViolation(query.lastError());
        m_error = m_duplicateName ? u"a task named \"%1\" already exists"_s.arg(task.name)
                                  : u"cannot create task: %1"_s.arg(query.lastError().text());
        return false;
    }
    task.id = query.value(0).toLongLong();
    query.finish();
    return true;
}

bool TaskStore::update(const Task &task)
{
    m_duplicateName = false;
    QSqlQuery query(m_database.connection());
    query.prepare(u"UPDATE tasks SET name = ?, command = ?, working_dir = ?, trigger_type = ?, "
                  "trigger_config = ?, timezone = ?, enabled = ?, retries = ?, retry_interval_s = ?, "
                  "timeout_s = ?, max_instances = ?, misfire_grace_s = ?, env = ?, next_fire_at = ?, "
                  "created_at = ?, updated_at = ?, project_id = ?, environment_id = ?, interpreter_id = ? "
                  "WHERE id = ?"_s);
    bindTask(query, task);
    query.addBindValue(task.id);
    if (!query.exec()) {
        m_duplicateName = isUniqueViolation(query.lastError());
        m_error = m_duplicateName ? u"a task named \"%1\" already exists"_s.arg(task.name)
                                  : u"cannot update task: %1"_s.arg(query.lastError().text());
        return false;
    }
    if (query.numRowsAffected() == 0) {
        m_error = u"task %1 does not exist"_s.arg(task.id);
        return false;
    }
    return true;
}

bool TaskStore::remove(qint64 id)
{
    QSqlQuery query(m_database.connection());
    query.prepare(u"DELETE FROM tasks WHERE id = ?"_s);
    query.addBindValue(id);
    if (!query.exec()) {
        m_error = u"cannot delete task: %1"_s.arg(query.lastError().text());
        return false;
    }
    return query.numRowsAffected() > 0;
}

std::optional<Task> TaskStore::get(qint64 id) const
{
    const QList<Task> found = select(u"WHERE id = ?"_s, { id });
    if (found.isEmpty())
        return std::nullopt;
    return found.constFirst();
}

std::optional<Task> TaskStore::findByName(const QString &name) const
{
    const QList<Task> found = select(u"WHERE name = ?"_s, { name });
    if (found.isEmpty())
        return std::nullopt;
    return found.constFirst();
}

QList<Task> TaskStore::list() const
{
    return select(u"ORDER BY id"_s, {});
}

namespace {

/// WHERE clause and binds for a TaskQuery.
std::pair<QString, QVariantList> taskFilter(const TaskQuery &query)
{
    QStringList conditions;
    QVariantList binds;
    if (!query.search.isEmpty()) {
        QString pattern = query.search.toLower();
        pattern.replace(u"\\"_s, u"\\\\"_s).replace(u"%"_s, u"\\%"_s).replace(u"_"_s, u"\\_"_s);
        pattern = u'%' + pattern + u'%';
        conditions.append(u"(LOWER(name) LIKE ? ESCAPE '\\' OR LOWER(command) LIKE ? ESCAPE '\\')"_s);
        binds << pattern << pattern;
    }
    if (query.enabled) {
        conditions.append(u"enabled = ?"_s);
        binds << (*query.enabled ? 1 : 0);
    }
    if (query.projectId) {
        conditions.append(u"project_id = ?"_s);
        binds << *query.projectId;
    }
    return { conditions.isEmpty() ? QString() : u"WHERE "_s + conditions.join(u" AND "_s), binds };
}

} // namespace

std::optional<qint64> TaskStore::countWhere(const QString &where, const QVariantList &binds) const
{
    QSqlQuery &count = m_database.prepared(u"SELECT COUNT(*) FROM tasks "_s + where);
    for (const QVariant &bind : binds)
        count.addBindValue(bind);
    if (!count.exec() || !count.next()) {
        m_error = u"cannot count tasks: %1"_s.arg(count.lastError().text());
        count.finish();
        return std::nullopt;
    }
    const qint64 total = count.value(0).toLongLong();
    count.finish();
    return total;
}

std::optional<TaskVersionPage> TaskStore::versionPage(const TaskQuery &query) const
{
    const auto [where, binds] = taskFilter(query);
    const std::optional<qint64> total = countWhere(where, binds);
    if (!total)
        return std::nullopt;
    TaskVersionPage page;
    page.total = *total;
    QSqlQuery &select = m_database.prepared(
        u"SELECT id, updated_at, next_fire_at FROM tasks "_s + where + u" ORDER BY id LIMIT ? OFFSET ?"_s);
    for (const QVariant &bind : binds + QVariantList { query.limit, query.offset })
        select.addBindValue(bind);
    if (!select.exec()) {
        m_error = u"cannot read tasks: %1"_s.arg(select.lastError().text());
        return std::nullopt;
    }
    while (select.next())
        page.items.append(
            { select.value(0).toLongLong(), select.value(1).toLongLong(), Sql::column<qint64>(select, 2) });
    select.finish();
    return page;
}

QList<Task> TaskStore::getMany(const QList<qint64> &ids) const
{
    if (ids.isEmpty())
        return {};
    // One statement per distinct size would crowd the statement cache: pad to a power of two.
    qsizetype slots = 1;
    while (slots < ids.size())
        slots *= 2;
    QVariantList binds;
    for (qsizetype i = 0; i < slots; ++i)
        binds.append(ids.value(i, ids.constFirst()));
    QStringList marks(slots, u"?"_s);
    return select(u"WHERE id IN ("_s + marks.join(u',') + u") ORDER BY id"_s, binds);
}

qint64 TaskStore::count() const
{
    QSqlQuery query(m_database.connection());
    if (!query.exec(u"SELECT COUNT(*) FROM tasks"_s) || !query.next())
        return 0;
    return query.value(0).toLongLong();
}

bool TaskStore::setNextFireTimes(const QList<std::pair<qint64, std::optional<qint64>>> &times)
{
    if (times.isEmpty())
        return true;
    QSqlDatabase db = m_database.connection();
    db.transaction();
    QSqlQuery &query = m_database.prepared(u"UPDATE tasks SET next_fire_at = ? WHERE id = ?"_s);
    for (const auto &[id, next] : times) {
        query.addBindValue(Sql::optional(next));
        query.addBindValue(id);
        if (!query.exec()) {
            m_error = u"cannot store next fire time: %1"_s.arg(query.lastError().text());
            db.rollback();
            return false;
        }
    }
    return db.commit();
}

QList<Task> TaskStore::select(const QString &where, const QVariantList &binds) const
{
    QList<Task> tasks;
    QSqlQuery &query = m_database.prepared(u"SELECT "_s + kColumns + u" FROM tasks "_s + where);
    for (const QVariant &bind : binds)
        query.addBindValue(bind);
    if (!query.exec()) {
        m_error = u"cannot read tasks: %1"_s.arg(query.lastError().text());
        return tasks;
    }
    while (query.next()) {
        Task task;
        task.id = query.value(0).toLongLong();
        task.name = query.value(1).toString();
        task.command = query.value(2).toString();
        task.workingDir = query.value(3).toString();
        task.trigger = triggerFromColumns(
            query.value(4).toString(), query.value(5).toString(), query.value(6).toString());
        task.enabled = query.value(7).toInt() != 0;
        task.retries = query.value(8).toInt();
        task.retryIntervalSeconds = query.value(9).toInt();
        task.timeoutSeconds = query.value(10).toInt();
        task.maxInstances = query.value(11).toInt();
        task.misfireGraceSeconds = query.value(12).toInt();
        task.env = envFromText(query.value(13).toString());
        task.nextFireAt = Sql::column<qint64>(query, 14);
        task.createdAt = query.value(15).toLongLong();
        task.updatedAt = query.value(16).toLongLong();
        task.projectId = Sql::column<qint64>(query, 17);
        task.environmentId = Sql::column<qint64>(query, 18);
        task.interpreterId = Sql::column<qint64>(query, 19);
        tasks.append(std::move(task));
    }
    query.finish();
    return tasks;
}

} // namespace Kumo
