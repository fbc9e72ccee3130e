// SPDX-License-Identifier: MIT
#include "server/handlers/systemhandler.h"

#include "audit/auditlog.h"
#include "core/clock.h"
#include "core/timeformat.h"
#include "engine.h"
#include "execution/runqueue.h"
#include "scheduling/triggerpreview.h"
#include "server/handlers/handlerutil.h"
#include "server/queryreader.h"
#include "storage/runstore.h"
#include "storage/taskstore.h"

using namespace Qt::StringLiterals;

namespace Kumo {

SystemHandler::SystemHandler(Engine &engine)
    : m_engine(engine)
    , m_stats(engine.config().dataDir)
{ }

HttpResponse SystemHandler::health(RequestContext &)
{
    const QJsonObject health = m_engine.health();
    return HttpResponse::json(health, health.value(u"status"_s).toString() == u"ok" ? 200 : 503);
}

QJsonObject SystemHandler::statsJson()
{
    QJsonObject runs;
    const QHash<QString, qint64> counts = m_engine.runs().countByState();
    for (auto it = counts.cbegin(); it != counts.cend(); ++it)
        runs.insert(it.key(), it.value());
    QJsonObject body = m_stats.sample().toJson();
    body.insert(u"at"_s, toRfc3339(m_engine.clock().nowMs()));
    body.insert(u"tasks"_s, m_engine.tasks().count());
    body.insert(u"runsByState"_s, runs);
    body.insert(u"queue"_s,
        QJsonObject {
            { u"queued"_s, m_engine.queue().queuedCount() },
            { u"running"_s, m_engine.queue().runningCount() },
            { u"maxConcurrent"_s, m_engine.runSettings().maxConcurrent },
        });
    return body;
}

HttpResponse SystemHandler::stats(RequestContext &)
{
    return HttpResponse::json(statsJson());
}

HttpResponse SystemHandler::audit(RequestContext &context)
{
    QueryReader reader(context.request.query);
    AuditQuery query;
    query.actor = reader.text(u"actor"_s, 100);
    query.ip = reader.text(u"ip"_s, 64);
    query.action = reader.text(u"action"_s, 100);
    query.targetType = reader.text(u"targetType"_s, 50);
    query.targetId = reader.text(u"targetId"_s, 50);
    query.outcome = reader.text(u"outcome"_s, 20);
    query.from = reader.instant(u"from"_s);
    query.to = reader.instant(u"to"_s);
    reader.paging(&query.limit, &query.offset);
    if (!reader.ok())
        return Problem::validation(reader.errors(), 400);
    const std::optional<AuditPage> page = m_engine.audit().query(query);
    if (!page)
        return storageFailure(m_engine.audit().errorString());
    QJsonArray items;
    for (const AuditEvent &event : page->items)
        items.append(event.toJson());
    return pageResponse(items, page->total, query.limit, query.offset);
}

HttpResponse SystemHandler::cronPreview(RequestContext &context)
{
    const QJsonObject &body = context.body;
    // Either a cron expression with its zone (the DESIGN §4 shape), or any trigger object.
    const bool wholeTrigger = body.contains(u"trigger"_s);
    QJsonObject triggerJson;
    if (wholeTrigger) {
        if (!body.value(u"trigger"_s).isObject())
            return Problem::validation({ { u"trigger"_s, u"must be an object"_s } });
        triggerJson = body.value(u"trigger"_s).toObject();
    } else {
        if (!body.value(u"expression"_s).isString())
            return Problem::validation({ { u"expression"_s, u"is required"_s } });
        triggerJson = { { u"type"_s, u"cron"_s }, { u"expression"_s, body.value(u"expression"_s) } };
        if (body.contains(u"timezone"_s))
            triggerJson.insert(u"timezone"_s, body.value(u"timezone"_s));
    }
    FieldErrors errors;
    const QJsonValue countValue = body.value(u"count"_s);
    int count = 10;
    if (!countValue.isUndefined()) {
        const double number = countValue.toDouble(-1);
        if (!countValue.isDouble() || number != std::floor(number) || number < 1 || number > 100)
            errors.append({ u"count"_s, u"must be a whole number from 1 to 100"_s });
        else
            count = int(number);
    }
    qint64 from = m_engine.clock().nowMs();
    if (body.contains(u"from"_s)) {
        const std::optional<qint64> parsed = parseRfc3339(body.value(u"from"_s).toString());
        if (!parsed)
            errors.append({ u"from"_s, u"must be an RFC 3339 time with an offset"_s });
        else
            from = *parsed;
    }
    FieldErrors triggerErrors;
    const std::optional<TriggerSpec> spec = TriggerSpec::fromJson(triggerJson, &triggerErrors);
    FieldErrors buildErrors;
    if (spec)
        (void)Trigger::create(*spec, &buildErrors);
    for (FieldError error : triggerErrors + buildErrors) {
        if (!wholeTrigger && error.field.startsWith(u"trigger."))
            error.field = error.field.mid(8);
        errors.append(error);
    }
    if (!errors.isEmpty() || !spec)
        return Problem::validation(errors);

    QJsonArray fires;
    QJsonArray times;
    for (const FirePreview &fire : previewFires(*spec, from, count)) {
        times.append(toRfc3339(fire.atMs));
        fires.append(QJsonObject {
            { u"at"_s, toRfc3339(fire.atMs) },
            { u"local"_s, fire.localTime },
            { u"utcOffsetSeconds"_s, fire.utcOffsetSeconds },
            { u"offsetChanged"_s, fire.offsetChanged },
        });
    }
    const std::optional<QTimeZone> zone = zoneFor(spec->timezone);
    return HttpResponse::json(QJsonObject {
        { u"timezone"_s, zone ? QString::fromUtf8(zone->id()) : spec->timezone },
        { u"times"_s, times },
        { u"fires"_s, fires },
        { u"exhausted"_s, fires.size() < count },
    });
}

} // namespace Kumo
