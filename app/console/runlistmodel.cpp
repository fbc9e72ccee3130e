// SPDX-License-Identifier: MIT
#include "console/runlistmodel.h"

#include "engine.h"
#include "storage/runstore.h"
#include "storage/taskstore.h"

#include <QDateTime>

#include <algorithm>

namespace Kumo {

RunListModel::RunListModel(Engine &engine, QObject *parent)
    : QAbstractListModel(parent)
    , m_engine(engine)
{
    connect(&engine, &Engine::runChanged, this, &RunListModel::onRunChanged);
    connect(&engine, &Engine::runRemoved, this, &RunListModel::onRunRemoved);
    connect(&engine, &Engine::taskChanged, this, [this](qint64 taskId) {
        // A renamed task: its rows show the new name.
        m_taskNames.remove(taskId);
        for (int i = 0; i < m_runs.size(); ++i) {
            if (m_runs.at(i).taskId == taskId)
                Q_EMIT dataChanged(index(i), index(i), { Qt::DisplayRole, TaskNameRole });
        }
    });
    reload();
}

void RunListModel::setTaskId(qint64 taskId)
{
    if (taskId == m_taskId)
        return;
    m_taskId = taskId;
    Q_EMIT taskIdChanged();
    reload();
}

void RunListModel::reload()
{
    RunQuery query;
    if (m_taskId > 0)
        query.taskId = m_taskId;
    query.limit = kLimit;
    const std::optional<RunPage> page = m_engine.runs().page(query);
    beginResetModel();
    m_runs = page ? page->items : QList<Run>();
    endResetModel();
    Q_EMIT countChanged();
}

void RunListModel::onRunChanged(const Run &run)
{
    if (m_taskId > 0 && run.taskId != m_taskId)
        return;
    for (int i = 0; i < m_runs.size(); ++i) {
        if (m_runs.at(i).id == run.id) {
            m_runs[i] = run;
            Q_EMIT dataChanged(index(i), index(i));
            return;
        }
    }
    // Newest first: a run the list has not seen is newer than every row (ids grow).
    if (!m_runs.isEmpty() && run.id < m_runs.constFirst().id)
        return;
    beginInsertRows({}, 0, 0);
    m_runs.prepend(run);
    endInsertRows();
    if (m_runs.size() > kLimit) {
        beginRemoveRows({}, kLimit, int(m_runs.size()) - 1);
        m_runs.resize(kLimit);
        endRemoveRows();
    }
    Q_EMIT countChanged();
}

void RunListModel::onRunRemoved(qint64 runId)
{
    const auto found
        = std::find_if(m_runs.cbegin(), m_runs.cend(), [runId](const Run &run) { return run.id == runId; });
    if (found == m_runs.cend())
        return;
    const bool wasFull = m_runs.size() >= kLimit;
    const int row = int(found - m_runs.cbegin());
    beginRemoveRows({}, row, row);
    m_runs.removeAt(row);
    endRemoveRows();
    if (wasFull)
        refill();
    Q_EMIT countChanged();
}

void RunListModel::refill()
{
    // The rows are the newest runs, so the next older ones start right after them.
    RunQuery query;
    if (m_taskId > 0)
        query.taskId = m_taskId;
    query.offset = int(m_runs.size());
    query.limit = kLimit - query.offset;
    const std::optional<RunPage> page = m_engine.runs().page(query);
    if (!page || page->items.isEmpty())
        return;
    // Skip any that the list holds already (a run inserted meanwhile shifts the page).
    QList<Run> older;
    for (const Run &run : page->items) {
        if (m_runs.isEmpty() || run.id < m_runs.constLast().id)
            older.append(run);
    }
    if (older.isEmpty())
        return;
    beginInsertRows({}, int(m_runs.size()), int(m_runs.size() + older.size()) - 1);
    m_runs.append(older);
    endInsertRows();
}

QString RunListModel::taskName(qint64 taskId) const
{
    auto found = m_taskNames.constFind(taskId);
    if (found != m_taskNames.cend())
        return *found;
    const std::optional<Task> task = m_engine.tasks().get(taskId);
    const QString name = task ? task->name : QStringLiteral("#%1").arg(taskId);
    m_taskNames.insert(taskId, name);
    return name;
}

int RunListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_runs.size());
}

QVariant RunListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Run &run = m_runs.at(index.row());
    const auto time = [](const std::optional<qint64> &ms) {
        return ms ? QVariant(QDateTime::fromMSecsSinceEpoch(*ms)) : QVariant();
    };
    switch (role) {
    case Qt::DisplayRole:
    case TaskNameRole:
        return taskName(run.taskId);
    case IdRole:
        return run.id;
    case TaskIdRole:
        return run.taskId;
    case StateRole:
        return runStateName(run.state);
    case ReasonRole:
        return run.reason;
    case AttemptRole:
        return run.attempt;
    case StartedAtRole:
        return time(run.startedAt);
    case FinishedAtRole:
        return time(run.finishedAt);
    case DurationMsRole:
        return run.startedAt && run.finishedAt ? QVariant(*run.finishedAt - *run.startedAt) : QVariant();
    case ExitCodeRole:
        return run.exitCode ? QVariant(*run.exitCode) : QVariant();
    case CpuPeakRole:
        return run.cpuPeakPercent ? QVariant(*run.cpuPeakPercent) : QVariant();
    case RssPeakRole:
        return run.rssPeakBytes ? QVariant(*run.rssPeakBytes) : QVariant();
    default:
        return {};
    }
}

QHash<int, QByteArray> RunListModel::roleNames() const
{
    return {
        { IdRole, "runId" },
        { TaskIdRole, "taskId" },
        { TaskNameRole, "taskName" },
        { StateRole, "state" },
        { ReasonRole, "reason" },
        { AttemptRole, "attempt" },
        { StartedAtRole, "startedAt" },
        { FinishedAtRole, "finishedAt" },
        { DurationMsRole, "durationMs" },
        { ExitCodeRole, "exitCode" },
        { CpuPeakRole, "cpuPeakPercent" },
        { RssPeakRole, "rssPeakBytes" },
    };
}

} // namespace Kumo
