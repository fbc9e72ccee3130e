// SPDX-License-Identifier: MIT
#include "audit/auditlog.h"

#include "core/clock.h"
#include "core/logging.h"
#include "storage/database.h"
#include "storage/sqlutil.h"

#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Kumo {

namespace {

constexpr int kMaxLimit = 1000;

const QString kColumns = u"id, at, actor, actor_id, ip, action, target_type, target_id, outcome, details"_s;

AuditEvent eventFromRow(const QSqlQuery &query)
{
    AuditEvent event;
    event.id = query.value(0).toLongLong();
    event.at = query.value(1).toLongLong();
    event.actor = query.value(2).toString();
    event.actorId = Sql::column<qint64>(query, 3);
    event.ip = query.value(4).toString();
    event.action = query.value(5).toString();
    event.targetType = query.value(6).toString();
    event.targetId = query.value(7).toString();
    event.outcome = query.value(8).toString();
    event.details = QJsonDocument::fromJson(query.value(9).toString().toUtf8()).object();
    return event;
}

/// The WHERE clause for @p filter and the values it binds, in order.
std::pair<QString, QVariantList> whereClause(const AuditQuery &filter)
{
    QStringList conditions;
    QVariantList binds;
    const auto equals = [&](const QString &column, const QString &value) {
        if (value.isEmpty())
            return;
        conditions.append(column + u" = ?"_s);
        binds.append(value);
    };
    equals(u"actor"_s, filter.actor);
    equals(u"ip"_s, filter.ip);
    equals(u"target_type"_s, filter.targetType);
    equals(u"target_id"_s, filter.targetId);
    equals(u"outcome"_s, filter.outcome);
    if (filter.action.endsWith(u'*') || filter.action.endsWith(u'.')) {
        // A prefix compared as such: LIKE would need escaping and differs in case handling
        // between SQLite and PostgreSQL.
        QString prefix = filter.action;
        if (prefix.endsWith(u'*'))
            prefix.chop(1);
        if (!prefix.isEmpty()) {
            conditions.append(u"substr(action, 1, ?) = ?"_s);
            binds.append(int(prefix.size()));
            binds.append(prefix);
        }
    } else {
        equals(u"action"_s, filter.action);
    }
    if (filter.from) {
        conditions.append(u"at >= ?"_s);
        binds.append(*filter.from);
    }
    if (filter.to) {
        conditions.append(u"at < ?"_s);
        binds.append(*filter.to);
    }
    if (conditions.isEmpty())
        return {};
    return { u" WHERE "_s + conditions.join(u" AND "_s), binds };
}

} // namespace

AuditLog::AuditLog(Database &database, Clock &clock, QObject *parent)
    : QObject(parent)
    , m_database(database)
    , m_clock(clock)
{ }

bool AuditLog::record(AuditEvent event)
{
    if (event.at == 0)
        event.at = m_clock.nowMs();
    if (event.action.isEmpty()) {
        m_error = u"an audit event needs an action"_s;
        qCWarning(lcAudit) << "audit event not recorded:" << m_error << "actor" << event.actor;
        return false;
    }
    QSqlQuery &query = m_database.prepared(
        u"INSERT INTO audit_events (at, actor, actor_id, ip, action, target_type, target_id, outcome, "
        "details) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"_s);
    query.addBindValue(event.at);
    query.addBindValue(Sql::text(event.actor));
    query.addBindValue(Sql::optional(event.actorId));
    query.addBindValue(Sql::text(event.ip));
    query.addBindValue(event.action);
    query.addBindValue(Sql::text(event.targetType));
    query.addBindValue(Sql::text(event.targetId));
    query.addBindValue(Sql::text(event.outcome));
    query.addBindValue(QString::fromUtf8(QJsonDocument(event.details).toJson(QJsonDocument::Compact)));
    if (!query.exec() || !query.next()) {
        m_error = u"cannot record audit event: %1"_s.arg(query.lastError().text());
        query.finish();
        qCWarning(lcAudit) << "audit event not recorded:" << event.action << "by" << event.actor << "on"
                           << event.targetType << event.targetId << "-" << m_error;
        return false;
    }
    event.id = query.value(0).toLongLong();
    query.finish();
    Q_EMIT recorded(event);
    return true;
}

std::optional<AuditPage> AuditLog::query(const AuditQuery &filter) const
{
    const auto [where, binds] = whereClause(filter);
    const int limit = std::clamp(filter.limit, 1, kMaxLimit);
    const int offset = std::max(filter.offset, 0);

    AuditPage page;
    QSqlQuery count(m_database.connection());
    count.setForwardOnly(true);
    count.prepare(u"SELECT COUNT(*) FROM audit_events"_s + where);
    for (const QVariant &bind : binds)
        count.addBindValue(bind);
    if (!count.exec() || !count.next()) {
        m_error = u"cannot count audit events: %1"_s.arg(count.lastError().text());
        return std::nullopt;
    }
    page.total = count.value(0).toLongLong();
    count.finish();

    QSqlQuery select(m_database.connection());
    select.setForwardOnly(true);
    select.prepare(u"SELECT "_s + kColumns + u" FROM audit_events"_s + where
        + u" ORDER BY at DESC, id DESC LIMIT ? OFFSET ?"_s);
    for (const QVariant &bind : binds)
        select.addBindValue(bind);
    select.addBindValue(limit);
    select.addBindValue(offset);
    if (!select.exec()) {
        m_error = u"cannot read audit events: %1"_s.arg(select.lastError().text());
        return std::nullopt;
    }
    while (select.next())
        page.items.append(eventFromRow(select));
    select.finish();
    return page;
}

} // namespace Kumo
