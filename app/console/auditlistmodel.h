// SPDX-License-Identifier: MIT
#pragma once

#include "audit/auditevent.h"

#include <QAbstractListModel>
#include <QtQml/qqmlregistration.h>

namespace Kumo {

class Engine;

/// The newest audit events, optionally of one action ("task.*" for a family), newest first;
/// events recorded while it is open appear at the top.
class AuditListModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("from Backend.audit")
    Q_PROPERTY(QString action READ action WRITE setAction NOTIFY actionChanged)
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)
public:
    enum Role {
        AtRole = Qt::UserRole + 1,
        ActorRole,
        IpRole,
        ActionRole,
        TargetRole,
        OutcomeRole,
        DetailsRole
    };
    Q_ENUM(Role)

    static constexpr int kLimit = 500;

    explicit AuditListModel(Engine &engine, QObject *parent = nullptr);

    [[nodiscard]] QString action() const { return m_action; }
    void setAction(const QString &action);

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;
    Q_INVOKABLE void reload();

Q_SIGNALS:
    void actionChanged();
    void countChanged();

private:
    void onRecorded(const AuditEvent &event);
    [[nodiscard]] bool matches(const AuditEvent &event) const;

    Engine &m_engine;
    QString m_action;
    QList<AuditEvent> m_events;
};

} // namespace Kumo
