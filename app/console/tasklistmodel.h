// SPDX-License-Identifier: MIT
#pragma once

#include "scheduling/task.h"

#include <QAbstractListModel>
#include <QtQml/qqmlregistration.h>

namespace Kumo {

class Engine;
struct Run;

/// Every task for the console's task list, kept current from the engine's signals: the list
/// is read again when a task changes, one row is updated when a run of it changes.
class TaskListModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("from Backend.tasks")
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)
public:
    enum Role {
        IdRole = Qt::UserRole + 1,
        NameRole,
        CommandRole,
        TriggerTextRole,
        EnabledRole,
        NextRunAtRole,
        LastStateRole,
        ProjectIdRole,
    };
    Q_ENUM(Role)

    explicit TaskListModel(Engine &engine, QObject *parent = nullptr);

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;

    /// The row of task @p id, or -1.
    Q_INVOKABLE int rowOf(qint64 id) const;
    /// Reads the tasks again (also done on every engine change).
    Q_INVOKABLE void reload();

    /// A trigger in a few words: "cron 30 9 * * 1-5 (UTC)", "every 300 s", "once at …".
    [[nodiscard]] static QString describe(const TriggerSpec &trigger);

Q_SIGNALS:
    void countChanged();

private:
    struct Row
    {
        Task task;
        QString lastState;
    };
    [[nodiscard]] Row rowFor(const Task &task) const;
    void onRunChanged(const Run &run);

    Engine &m_engine;
    QList<Row> m_rows;
};

} // namespace Kumo
