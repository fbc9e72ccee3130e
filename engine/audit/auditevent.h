// SPDX-License-Identifier: MIT
#pragma once

#include <QJsonObject>
#include <QString>

#include <optional>

namespace Kumo {

/// One audited action: who did what to which object, from where, and how it ended.
/// Details must never hold secret values (passwords, tokens, SECRET variables).
struct AuditEvent
{
    qint64 id = 0;
    qint64 at = 0; // ms UTC; set by AuditLog::record when 0
    QString actor; // username, "system", or the attempted username of a failed login
    std::optional<qint64> actorId;
    QString ip;
    QString action; // dotted verb: "auth.login", "task.create", "run.cancel", …
    QString targetType; // "task", "run", "user", "token", "session", …; empty when none
    QString targetId;
    QString outcome = QStringLiteral("success"); // "success", "failure", "denied"
    QJsonObject details;

    /// {"id","at","actor","actorId","ip","action","targetType","targetId","outcome","details"}.
    [[nodiscard]] QJsonObject toJson() const;
};

/// Which audit events to return, newest first.
struct AuditQuery
{
    QString actor;
    QString ip;
    QString action; // exact, or a prefix when it ends with '.' or '*' ("task.*")
    QString targetType;
    QString targetId;
    QString outcome;
    std::optional<qint64> from; // inclusive, ms UTC
    std::optional<qint64> to; // exclusive, ms UTC
    int limit = 50; // 1–1000
    int offset = 0;
};

struct AuditPage
{
    QList<AuditEvent> items;
    qint64 total = 0;
};

} // namespace Kumo
