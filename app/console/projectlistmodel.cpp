// SPDX-License-Identifier: MIT
#include "console/projectlistmodel.h"

#include "engine.h"
#include "projects/projectservice.h"

#include <algorithm>

namespace Kumo {

ProjectListModel::ProjectListModel(Engine &engine, QObject *parent)
    : QAbstractListModel(parent)
    , m_engine(engine)
{
    connect(&engine.projects(), &ProjectService::projectChanged, this, &ProjectListModel::onProjectChanged);
    connect(&engine.projects(), &ProjectService::projectRemoved, this, &ProjectListModel::onProjectRemoved);
    reload();
}

void ProjectListModel::reload()
{
    beginResetModel();
    m_projects = m_engine.projects().list();
    endResetModel();
    Q_EMIT countChanged();
}

QList<Project>::const_iterator ProjectListModel::lowerBound(qint64 id) const
{
    return std::lower_bound(m_projects.cbegin(), m_projects.cend(), id,
        [](const Project &project, qint64 wanted) { return project.id < wanted; });
}

void ProjectListModel::onProjectChanged(const Project &project)
{
    const auto at = lowerBound(project.id);
    const int row = int(at - m_projects.cbegin());
    if (at != m_projects.cend() && at->id == project.id) {
        m_projects[row] = project;
        Q_EMIT dataChanged(index(row), index(row));
        return;
    }
    beginInsertRows({}, row, row);
    m_projects.insert(row, project);
    endInsertRows();
    Q_EMIT countChanged();
}

void ProjectListModel::onProjectRemoved(qint64 projectId)
{
    const auto at = lowerBound(projectId);
    if (at == m_projects.cend() || at->id != projectId)
        return;
    const int row = int(at - m_projects.cbegin());
    beginRemoveRows({}, row, row);
    m_projects.removeAt(row);
    endRemoveRows();
    Q_EMIT countChanged();
}

int ProjectListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_projects.size());
}

QVariant ProjectListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Project &project = m_projects.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case NameRole:
        return project.name;
    case IdRole:
        return project.id;
    case StateRole:
        return Project::stateName(project.state);
    case DescriptionRole:
        return project.description;
    case FilesRole:
        return project.files;
    case BytesRole:
        return project.bytes;
    case RevisionRole:
        return project.revision;
    default:
        return {};
    }
}

QHash<int, QByteArray> ProjectListModel::roleNames() const
{
    return { { IdRole, "projectId" }, { NameRole, "name" }, { StateRole, "state" },
        { DescriptionRole, "description" }, { FilesRole, "files" }, { BytesRole, "bytes" },
        { RevisionRole, "revision" } };
}

} // namespace Kumo
