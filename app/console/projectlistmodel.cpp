// SPDX-License-Identifier: MIT
#include "console/projectlistmodel.h"

#include "engine.h"
#include "projects/projectservice.h"

namespace Kumo {

ProjectListModel::ProjectListModel(Engine &engine, QObject *parent)
    : QAbstractListModel(parent)
    , m_engine(engine)
{
    connect(&engine.projects(), &ProjectService::projectChanged, this, &ProjectListModel::onProjectChanged);
    reload();
}

void ProjectListModel::reload()
{
    beginResetModel();
    m_projects = m_engine.projects().list();
    endResetModel();
    Q_EMIT countChanged();
}

void ProjectListModel::onProjectChanged(const Project &project)
{
    for (int i = 0; i < m_projects.size(); ++i) {
        if (m_projects.at(i).id == project.id) {
            m_projects[i] = project;
            Q_EMIT dataChanged(index(i), index(i));
            return;
        }
    }
    reload(); // a new one, or one deleted elsewhere: read the list again
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
