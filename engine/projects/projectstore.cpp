// SPDX-License-Identifier: MIT
#include "projects/projectstore.h"

#include "storage/database.h"
#include "storage/sqlutil.h"

#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace Kumo {

namespace {

const QString kColumns = u"id, name, description, working_dir, output_dir, state, error, files, bytes, "
                         "top_level_dir, revision, created_at, updated_at"_s;

void bindFields(QSqlQuery &query, const Project &project)
{
    query.addBindValue(Sql::text(project.name));
    query.addBindValue(Sql::text(project.description));
    query.addBindValue(Sql::text(project.workingDir));
    query.addBindValue(Sql::text(project.outputDir));
    query.addBindValue(Project::stateName(project.state));
    query.addBindValue(Sql::text(project.error));
    query.addBindValue(project.files);
    query.addBindValue(project.bytes);
    query.addBindValue(Sql::text(project.topLevelDir));
    query.addBindValue(project.revision);
}

} // namespace

ProjectStore::ProjectStore(Database &database)
    : m_database(database)
{ }

bool ProjectStore::create(Project &project)
{
    m_duplicateName = false;
    QSqlQuery &query
        = m_database.prepared(u"INSERT INTO projects (name, description, working_dir, output_dir, "
                              "state, error, files, bytes, top_level_dir, revision, created_at, updated_at) "
                              "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"_s);
    bindFields(query, project);
    query.addBindValue(project.createdAt);
    query.addBindValue(project.updatedAt);
    if (!query.exec() || !query.next()) {
        m_duplicateName = Sql::isUniqueViolation(query.lastError());
        m_error = m_duplicateName ? u"a project named \"%1\" already exists"_s.arg(project.name)
                                  : u"cannot create project: %1"_s.arg(query.lastError().text());
        query.finish();
        return false;
    }
    project.id = query.value(0).toLongLong();
    query.finish();
    return true;
}

bool ProjectStore::update(const Project &project)
{
    m_duplicateName = false;
    QSqlQuery &query = m_database.prepared(u"UPDATE projects SET name = ?, description = ?, working_dir = ?, "
                                           "output_dir = ?, state = ?, error = ?, files = ?, bytes = ?, "
                                           "top_level_dir = ?, revision = ?, updated_at = ? WHERE id = ?"_s);
    bindFields(query, project);
    query.addBindValue(project.updatedAt);
    query.addBindValue(project.id);
    if (!query.exec()) {
        m_duplicateName = Sql::isUniqueViolation(query.lastError());
        m_error = m_duplicateName
            ? u"a project named \"%1\" already exists"_s.arg(project.name)
            : u"cannot update project %1: %2"_s.arg(project.id).arg(query.lastError().text());
        return false;
    }
    return true;
}

bool ProjectStore::remove(qint64 id)
{
    QSqlQuery &query = m_database.prepared(u"DELETE FROM projects WHERE id = ?"_s);
    query.addBindValue(id);
    if (!query.exec()) {
        m_error = u"cannot delete project %1: %2"_s.arg(id).arg(query.lastError().text());
        return false;
    }
    return true;
}

std::optional<Project> ProjectStore::get(qint64 id) const
{
    const QList<Project> found = select(u"WHERE id = ?"_s, { id });
    return found.isEmpty() ? std::nullopt : std::optional(found.front());
}

QList<Project> ProjectStore::list() const
{
    return select(u"ORDER BY id"_s, {});
}

QStringList ProjectStore::tasksUsing(qint64 id) const
{
    QSqlQuery &query = m_database.prepared(u"SELECT name FROM tasks WHERE project_id = ? ORDER BY name"_s);
    query.addBindValue(id);
    return Sql::strings(query);
}

QList<Project> ProjectStore::select(const QString &tail, const QVariantList &binds) const
{
    QList<Project> projects;
    QSqlQuery &query = m_database.prepared(u"SELECT "_s + kColumns + u" FROM projects "_s + tail);
    for (const QVariant &bind : binds)
        query.addBindValue(bind);
    if (!query.exec()) {
        m_error = u"cannot read projects: %1"_s.arg(query.lastError().text());
        return projects;
    }
    while (query.next()) {
        Project project;
        project.id = query.value(0).toLongLong();
        project.name = query.value(1).toString();
        project.description = query.value(2).toString();
        project.workingDir = query.value(3).toString();
        project.outputDir = query.value(4).toString();
        project.state = Project::stateFromName(query.value(5).toString()).value_or(Project::State::Failed);
        project.error = query.value(6).toString();
        project.files = query.value(7).toLongLong();
        project.bytes = query.value(8).toLongLong();
        project.topLevelDir = query.value(9).toString();
        project.revision = query.value(10).toInt();
        project.createdAt = query.value(11).toLongLong();
        project.updatedAt = query.value(12).toLongLong();
        projects.append(std::move(project));
    }
    query.finish();
    return projects;
}

} // namespace Kumo
