// SPDX-License-Identifier: MIT
#pragma once

#include "audit/auditevent.h"

#include <QObject>

#include <optional>

namespace Kumo {

class Clock;
class Database;

/// The audit trail (table `audit_events`): append-only records of who did what, queryable.
class AuditLog : public QObject
{
    Q_OBJECT
public:
    AuditLog(Database &database, Clock &clock, QObject *parent = nullptr);

    /// Stores @p event (sets id and, when 0, at); false with errorString() on failure, which
    /// is also logged: an audit write failure must never be silent.
    bool record(AuditEvent event);
    [[nodiscard]] std::optional<AuditPage> query(const AuditQuery &query) const;

    [[nodiscard]] QString errorString() const { return m_error; }

Q_SIGNALS:
    void recorded(const Kumo::AuditEvent &event);

private:
    Database &m_database;
    Clock &m_clock;
    mutable QString m_error;
};

} // namespace Kumo
