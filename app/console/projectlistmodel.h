// SPDX-License-Identifier: MIT
#pragma once

#include "projects/project.h"

#include <QAbstractListModel>
#include <QtQml/qqmlregistration.h>

namespace Kumo {

class Engine;

/// Every project by id, kept current from the project service's signals (created, unpacked,
/// edited, failed, removed).
class ProjectListModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("from Backend.projects")
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)
public:
    enum Role {
        IdRole = Qt::UserRole + 1,
        NameRole,
        StateRole,
        DescriptionRole,
        FilesRole,
        BytesRole,
        RevisionRole
    };
    Q_ENUM(Role)

    explicit ProjectListModel(Engine &engine, QObject *parent = nullptr);

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;
    Q_INVOKABLE void reload();

Q_SIGNALS:
    void countChanged();

private:
    void onProjectChanged(const Project &project);
    void onProjectRemoved(qint64 projectId);
    /// The first row whose id is not below @p id (the rows are sorted by id, as list() gives them).
    [[nodiscard]] QList<Project>::const_iterator lowerBound(qint64 id) const;

    Engine &m_engine;
    QList<Project> m_projects;
};

} // namespace Kumo
