// SPDX-License-Identifier: MIT
#include "server/handlers/maintenancehandler.h"

#include "core/clock.h"
#include "core/timeformat.h"
#include "engine.h"
#include "server/handlers/handlerutil.h"
#include "system/datamaintenance.h"

using namespace Qt::StringLiterals;

namespace Kumo {

namespace {

QJsonObject findingsJson(const QList<MaintenanceFinding> &findings, qint64 at, const QString &timeKey)
{
    QJsonArray items;
    qint64 total = 0;
    qint64 bytes = 0;
    for (const MaintenanceFinding &finding : findings) {
        items.append(finding.toJson());
        total += finding.items.size();
        bytes += finding.bytes;
    }
    return { { timeKey, toRfc3339(at) }, { u"total"_s, total }, { u"bytes"_s, bytes },
        { u"findings"_s, items } };
}

} // namespace

HttpResponse MaintenanceHandler::report(RequestContext &)
{
    return HttpResponse::json(
        findingsJson(DataMaintenance(m_engine).check(), m_engine.clock().nowMs(), u"checkedAt"_s));
}

HttpResponse MaintenanceHandler::cleanup(RequestContext &context)
{
    FieldErrors errors;
    QStringList kinds;
    for (auto it = context.body.begin(); it != context.body.end(); ++it) {
        if (it.key() != u"kinds"_s)
            errors.append({ it.key(), u"unknown field; expected kinds"_s });
    }
    const QJsonValue requested = context.body.value(u"kinds"_s);
    if (!requested.isUndefined() && !requested.isArray())
        errors.append({ u"kinds"_s, u"must be a list of kinds"_s });
    const QJsonArray list = requested.toArray();
    for (qsizetype i = 0; i < list.size(); ++i) {
        if (!DataMaintenance::kinds().contains(list.at(i).toString()))
            errors.append({ u"kinds[%1]"_s.arg(i),
                u"unknown kind; kinds: %1"_s.arg(DataMaintenance::kinds().join(u", "_s)) });
        else
            kinds.append(list.at(i).toString());
    }
    if (!errors.isEmpty())
        return Problem::validation(errors);
    DataMaintenance maintenance(m_engine);
    const QList<MaintenanceFinding> fixed = maintenance.fix(kinds);
    QJsonObject body = findingsJson(fixed, m_engine.clock().nowMs(), u"fixedAt"_s);
    QJsonObject counts;
    for (const MaintenanceFinding &finding : fixed)
        counts.insert(finding.kind, finding.items.size());
    context.audit.details.insert(u"fixed"_s, counts);
    body.insert(u"report"_s, findingsJson(maintenance.check(), m_engine.clock().nowMs(), u"checkedAt"_s));
    return HttpResponse::json(body);
}

} // namespace Kumo
