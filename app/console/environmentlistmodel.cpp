// SPDX-License-Identifier: MIT
#include "console/environmentlistmodel.h"

#include "engine.h"
#include "environments/environmentservice.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QPointer>

using namespace Qt::StringLiterals;

namespace Kumo {

EnvironmentListModel::EnvironmentListModel(Engine &engine, QObject *parent)
    : QAbstractListModel(parent)
    , m_engine(engine)
{
    EnvironmentService &service = engine.environments();
    connect(&service, &EnvironmentService::environmentChanged, this, &EnvironmentListModel::onChanged);
    connect(&service, &EnvironmentService::environmentRemoved, this, &EnvironmentListModel::onRemoved);
    reload();
}

void EnvironmentListModel::reload()
{
    beginResetModel();
    m_environments = m_engine.environments().list();
    endResetModel();
    Q_EMIT countChanged();
}

void EnvironmentListModel::onChanged(const Environment &environment)
{
    for (int i = 0; i < m_environments.size(); ++i) {
        if (m_environments.at(i).id == environment.id) {
            m_environments[i] = environment;
            Q_EMIT dataChanged(index(i), index(i));
            return;
        }
    }
    beginInsertRows({}, int(m_environments.size()), int(m_environments.size()));
    m_environments.append(environment);
    endInsertRows();
    Q_EMIT countChanged();
}

void EnvironmentListModel::onRemoved(qint64 id)
{
    for (int i = 0; i < m_environments.size(); ++i) {
        if (m_environments.at(i).id == id) {
            beginRemoveRows({}, i, i);
            m_environments.removeAt(i);
            endRemoveRows();
            Q_EMIT countChanged();
            return;
        }
    }
}

int EnvironmentListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_environments.size());
}

QVariant EnvironmentListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Environment &environment = m_environments.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case NameRole:
        return environment.name;
    case IdRole:
        return environment.id;
    case StateRole:
        return Environment::stateName(environment.state);
    case BackendRole:
        return environment.toJson().value(u"backend"_s).toString();
    case PythonRole:
        return environment.pythonVersion;
    case PackagesRole:
        return environment.packages;
    case ErrorRole:
        return environment.error;
    default:
        return {};
    }
}

QHash<int, QByteArray> EnvironmentListModel::roleNames() const
{
    return { { IdRole, "environmentId" }, { NameRole, "name" }, { StateRole, "state" },
        { BackendRole, "backend" }, { PythonRole, "pythonVersion" }, { PackagesRole, "packages" },
        { ErrorRole, "error" } };
}

PackageListModel::PackageListModel(Engine &engine, qint64 environmentId, QObject *parent)
    : QAbstractListModel(parent)
    , m_engine(engine)
    , m_environmentId(environmentId)
{
    // The packages change when an operation has ended and the environment is usable again
    // (its record, with the new freeze, follows the operation's end).
    connect(&engine.environments(), &EnvironmentService::environmentChanged, this,
        [this](const Environment &environment) {
            if (environment.id == m_environmentId && environment.state == Environment::State::Ready
                && environment.freezeHash != m_freezeHash)
                reload();
        });
    reload();
}

void PackageListModel::reload()
{
    if (const std::optional<Environment> environment = m_engine.environments().get(m_environmentId))
        m_freezeHash = environment->freezeHash;
    m_loading = true;
    Q_EMIT loadingChanged();
    m_engine.environments().listPackages(
        m_environmentId, [self = QPointer<PackageListModel>(this)](const PackageList &list) {
            if (!self)
                return;
            self->beginResetModel();
            self->m_packages.clear();
            for (const QJsonValue &package : list.packages)
                self->m_packages.append({ package[u"name"_s].toString(), package[u"version"_s].toString() });
            self->endResetModel();
            self->m_error = list.ok ? QString() : list.error;
            self->m_loading = false;
            Q_EMIT self->loadingChanged();
        });
}

int PackageListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_packages.size());
}

QVariant PackageListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const auto &[name, version] = m_packages.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case NameRole:
        return name;
    case VersionRole:
        return version;
    default:
        return {};
    }
}

QHash<int, QByteArray> PackageListModel::roleNames() const
{
    return { { NameRole, "name" }, { VersionRole, "version" } };
}

} // namespace Kumo
