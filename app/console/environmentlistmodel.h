// SPDX-License-Identifier: MIT
#pragma once

#include "environments/environment.h"

#include <QAbstractListModel>
#include <QtQml/qqmlregistration.h>

namespace Kumo {

class Engine;

/// Every Python environment with its state, kept current from the environment service.
class EnvironmentListModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("from Backend.environments")
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)
public:
    enum Role {
        IdRole = Qt::UserRole + 1,
        NameRole,
        StateRole,
        BackendRole,
        PythonRole,
        PackagesRole,
        ErrorRole
    };
    Q_ENUM(Role)

    explicit EnvironmentListModel(Engine &engine, QObject *parent = nullptr);

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;
    Q_INVOKABLE void reload();

Q_SIGNALS:
    void countChanged();

private:
    void onChanged(const Environment &environment);
    void onRemoved(qint64 id);

    Engine &m_engine;
    QList<Environment> m_environments;
};

/// The installed packages of one environment (pip list or conda list, read in the background),
/// read again whenever its packages have changed (a new freeze once it is ready again).
class PackageListModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("from Backend.createPackageModel()")
    Q_PROPERTY(bool loading READ isLoading NOTIFY loadingChanged)
    Q_PROPERTY(QString error READ error NOTIFY loadingChanged)
    Q_PROPERTY(int count READ rowCount NOTIFY loadingChanged)
public:
    enum Role { NameRole = Qt::UserRole + 1, VersionRole };
    Q_ENUM(Role)

    PackageListModel(Engine &engine, qint64 environmentId, QObject *parent = nullptr);

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;
    [[nodiscard]] bool isLoading() const { return m_loading; }
    [[nodiscard]] QString error() const { return m_error; }
    Q_INVOKABLE void reload();

Q_SIGNALS:
    void loadingChanged();

private:
    Engine &m_engine;
    qint64 m_environmentId = 0;
    QList<std::pair<QString, QString>> m_packages;
    QString m_freezeHash; // of the environment when last listed
    bool m_loading = false;
    QString m_error;
};

} // namespace Kumo
