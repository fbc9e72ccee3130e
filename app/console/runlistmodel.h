// SPDX-License-Identifier: MIT
#pragma once

#include "execution/run.h"

#include <QAbstractListModel>
#include <QtQml/qqmlregistration.h>

namespace Kumo {

class Engine;

/// The newest runs (all, or of one task), newest first; rows change in place, new runs
/// appear at the top and deleted ones go, as the engine reports them.
class RunListModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("from Backend.runs or Backend.createRunModel()")
    /// 0: every task.
    Q_PROPERTY(qint64 taskId READ taskId WRITE setTaskId NOTIFY taskIdChanged)
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)
public:
    enum Role {
        IdRole = Qt::UserRole + 1,
        TaskIdRole,
        TaskNameRole,
        StateRole,
        ReasonRole,
        AttemptRole,
        StartedAtRole,
        FinishedAtRole,
        DurationMsRole,
        ExitCodeRole,
        CpuPeakRole,
        RssPeakRole,
    };
    Q_ENUM(Role)

    static constexpr int kLimit = 200;

    explicit RunListModel(Engine &engine, QObject *parent = nullptr);

    [[nodiscard]] qint64 taskId() const { return m_taskId; }
    void setTaskId(qint64 taskId);

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;

    Q_INVOKABLE void reload();

Q_SIGNALS:
    void taskIdChanged();
    void countChanged();

private:
    void onRunChanged(const Run &run);
    void onRunRemoved(qint64 runId);
    /// Tops a list that was full up to kLimit again with older runs after a removal.
    void refill();
    [[nodiscard]] QString taskName(qint64 taskId) const;

    Engine &m_engine;
    qint64 m_taskId = 0;
    QList<Run> m_runs;
    mutable QHash<qint64, QString> m_taskNames;
};

} // namespace Kumo
