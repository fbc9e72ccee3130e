// SPDX-License-Identifier: MIT
#include "console/auditlistmodel.h"

#include "audit/auditlog.h"
#include "engine.h"

#include <QDateTime>
#include <QJsonDocument>

namespace Kumo {

AuditListModel::AuditListModel(Engine &engine, QObject *parent)
    : QAbstractListModel(parent)
    , m_engine(engine)
{
    connect(&engine.audit(), &AuditLog::recorded, this, &AuditListModel::onRecorded);
    reload();
}

void AuditListModel::setAction(const QString &action)
{
    const QString trimmed = action.trimmed();
    if (trimmed == m_action)
        return;
    m_action = trimmed;
    Q_EMIT actionChanged();
    reload();
}

bool AuditListModel::matches(const AuditEvent &event) const
{
    if (m_action.isEmpty())
        return true;
    // The same rule as the API's ?action=: exact, or a family when it ends with '.' or '*'.
    if (m_action.endsWith(u'*') || m_action.endsWith(u'.'))
        return event.action.startsWith(QStringView(m_action).chopped(1));
    return event.action == m_action;
}

void AuditListModel::reload()
{
    AuditQuery query;
    query.action = m_action;
    query.limit = kLimit;
    const std::optional<AuditPage> page = m_engine.audit().query(query);
    beginResetModel();
    m_events = page ? page->items : QList<AuditEvent>();
    endResetModel();
    Q_EMIT countChanged();
}

void AuditListModel::onRecorded(const AuditEvent &event)
{
    if (!matches(event))
        return;
    beginInsertRows({}, 0, 0);
    m_events.prepend(event);
    endInsertRows();
    if (m_events.size() > kLimit) {
        beginRemoveRows({}, kLimit, int(m_events.size()) - 1);
        m_events.resize(kLimit);
        endRemoveRows();
    }
    Q_EMIT countChanged();
}

int AuditListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_events.size());
}

QVariant AuditListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const AuditEvent &event = m_events.at(index.row());
    switch (role) {
    case AtRole:
        return QDateTime::fromMSecsSinceEpoch(event.at);
    case ActorRole:
        return event.actor;
    case IpRole:
        return event.ip;
    case Qt::DisplayRole:
    case ActionRole:
        return event.action;
    case TargetRole:
        return event.targetType.isEmpty() ? QString() : event.targetType + u' ' + event.targetId;
    case OutcomeRole:
        return event.outcome;
    case DetailsRole:
        return QString::fromUtf8(QJsonDocument(event.details).toJson(QJsonDocument::Compact));
    default:
        return {};
    }
}

QHash<int, QByteArray> AuditListModel::roleNames() const
{
    return { { AtRole, "at" }, { ActorRole, "actor" }, { IpRole, "ip" }, { ActionRole, "auditAction" },
        { TargetRole, "target" }, { OutcomeRole, "outcome" }, { DetailsRole, "details" } };
}

} // namespace Kumo
