// SPDX-License-Identifier: MIT
#include "console/tasklistmodel.h"

#include "engine.h"
#include "storage/runstore.h"
#include "storage/taskstore.h"

#include <QDateTime>

using namespace Qt::StringLiterals;

namespace Kumo {

TaskListModel::TaskListModel(Engine &engine, QObject *parent)
    : QAbstractListModel(parent)
    , m_engine(engine)
{
    connect(&engine, &Engine::taskChanged, this, &TaskListModel::reload);
    connect(&engine, &Engine::runChanged, this, &TaskListModel::onRunChanged);
    reload();
}

void TaskListModel::onRunChanged(const Run &run)
{
    // Only that task's row: its last state, and its next fire (a fire moves it on).
    const int row = rowOf(run.taskId);
    if (row < 0)
        return;
    if (const std::optional<Task> task = m_engine.tasks().get(run.taskId))
        m_rows[row].task = *task;
    m_rows[row].lastState = runStateName(run.state);
    Q_EMIT dataChanged(index(row), index(row));
}

QString TaskListModel::describe(const TriggerSpec &trigger)
{
    const QString zone = trigger.timezone.isEmpty() ? QString() : u" (%1)"_s.arg(trigger.timezone);
    switch (trigger.type) {
    case TriggerSpec::Type::Cron:
        return tr("cron %1").arg(trigger.expression) + zone;
    case TriggerSpec::Type::Interval:
        return tr("every %n s", nullptr, int(trigger.intervalSeconds));
    case TriggerSpec::Type::Date:
        return tr("once at %1")
            .arg(QDateTime::fromMSecsSinceEpoch(trigger.atMs).toString(u"yyyy-MM-dd HH:mm"_s));
    }
    return {};
}

TaskListModel::Row TaskListModel::rowFor(const Task &task) const
{
    const QList<Run> last = m_engine.runs().listByTask(task.id, 1);
    return { task, last.isEmpty() ? QString() : runStateName(last.constFirst().state) };
}

void TaskListModel::reload()
{
    QList<Row> rows;
    for (const Task &task : m_engine.tasks().list())
        rows.append(rowFor(task));
    const bool sameIds = rows.size() == m_rows.size()
        && std::equal(rows.cbegin(), rows.cend(), m_rows.cbegin(),
            [](const Row &a, const Row &b) { return a.task.id == b.task.id; });
    if (sameIds) {
        // Same tasks in the same order: update in place, so views keep selection and scroll.
        m_rows = rows;
        if (!m_rows.isEmpty())
            Q_EMIT dataChanged(index(0), index(int(m_rows.size()) - 1));
        return;
    }
    beginResetModel();
    m_rows = rows;
    endResetModel();
    Q_EMIT countChanged();
}

int TaskListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int TaskListModel::rowOf(qint64 id) const
{
    for (int i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).task.id == id)
            return i;
    }
    return -1;
}

QVariant TaskListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows.at(index.row());
    const Task &task = row.task;
    switch (role) {
    case Qt::DisplayRole:
    case NameRole:
        return task.name;
    case IdRole:
        return task.id;
    case CommandRole:
        return task.command;
    case TriggerTextRole:
        return describe(task.trigger);
    case EnabledRole:
        return task.enabled;
    case NextRunAtRole:
        return task.nextFireAt && task.enabled ? QVariant(QDateTime::fromMSecsSinceEpoch(*task.nextFireAt))
                                               : QVariant();
    case LastStateRole:
        return row.lastState;
    case ProjectIdRole:
        return task.projectId ? QVariant(*task.projectId) : QVariant();
    default:
        return {};
    }
}

QHash<int, QByteArray> TaskListModel::roleNames() const
{
    return {
        { IdRole, "taskId" },
        { NameRole, "name" },
        { CommandRole, "command" },
        { TriggerTextRole, "triggerText" },
        { EnabledRole, "enabled" },
        { NextRunAtRole, "nextRunAt" },
        { LastStateRole, "lastState" },
        { ProjectIdRole, "projectId" },
    };
}

} // namespace Kumo
