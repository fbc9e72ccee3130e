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
#include "system/metrics.h"
#include "system/runsettings.h"
#include "system/systemmonitor.h"

#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace Kumo {

SystemHandler::SystemHandler(Engine &engine)
    : m_engine(engine)
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
    // The monitor's latest sample: CPU use is always measured over one monitor interval.
    QJsonObject body = m_engine.monitor().latest().toJson();
    body.insert(u"kumoUptimeSeconds"_s, m_engine.uptimeMs() / 1000);
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

HttpResponse SystemHandler::history(RequestContext &context)
{
    QueryReader reader(context.request.query);
    const int minutes = reader.integer(u"minutes"_s, 60, 1, 60);
    if (!reader.ok())
        return Problem::validation(reader.errors(), 400);
    const qint64 since = m_engine.clock().nowMs() - qint64(minutes) * 60'000;
    QJsonArray items;
    for (const MonitorSample &sample : m_engine.monitor().history(since))
        items.append(sample.toJson());
    return HttpResponse::json(QJsonObject { { u"intervalMs"_s, m_engine.monitor().intervalMs() },
        { u"items"_s, items }, { u"total"_s, items.size() } });
}

HttpResponse SystemHandler::metrics(const QMap<int, quint64> &responses)
{
    const EngineMetrics &measured = m_engine.metrics();
    PrometheusText out;
    out.family(u"kumo_build_info"_s, u"gauge"_s, u"Kumo's version"_s);
    out.sample(u"kumo_build_info"_s, 1, { { u"version"_s, QCoreApplication::applicationVersion() } });
    out.family(u"kumo_uptime_seconds"_s, u"gauge"_s, u"Seconds since the engine started"_s);
    out.sample(u"kumo_uptime_seconds"_s, double(m_engine.uptimeMs()) / 1000);

    out.family(u"kumo_runs_finished_total"_s, u"counter"_s,
        u"Runs that reached a final state since the start, by state"_s);
    for (const QString &state :
        { u"succeeded"_s, u"failed"_s, u"timed_out"_s, u"cancelled"_s, u"lost"_s, u"skipped"_s, u"missed"_s })
        out.sample(u"kumo_runs_finished_total"_s, double(measured.runsFinished.value(state)),
            { { u"state"_s, state } });
    out.family(u"kumo_runs"_s, u"gauge"_s, u"Runs kept in the database, by state"_s);
    const QHash<QString, qint64> stored = m_engine.runs().countByState();
    QStringList states = stored.keys();
    states.sort();
    for (const QString &state : std::as_const(states))
        out.sample(u"kumo_runs"_s, double(stored.value(state)), { { u"state"_s, state } });
    out.family(u"kumo_tasks"_s, u"gauge"_s, u"Tasks defined"_s);
    out.sample(u"kumo_tasks"_s, double(m_engine.tasks().count()));
    out.family(u"kumo_queue_length"_s, u"gauge"_s, u"Runs waiting for a slot"_s);
    out.sample(u"kumo_queue_length"_s, m_engine.queue().queuedCount());
    out.family(u"kumo_runs_running"_s, u"gauge"_s, u"Runs executing now"_s);
    out.sample(u"kumo_runs_running"_s, m_engine.queue().runningCount());
    out.family(u"kumo_max_concurrent"_s, u"gauge"_s, u"Runs allowed to execute at once"_s);
    out.sample(u"kumo_max_concurrent"_s, double(m_engine.runSettings().maxConcurrent));
    out.histogram(u"kumo_fire_lateness_seconds"_s,
        u"Seconds between a scheduled fire's planned instant and its run being queued"_s,
        measured.fireLateness);
    out.histogram(
        u"kumo_run_duration_seconds"_s, u"Seconds from a run's start to its end"_s, measured.runDuration);

    out.family(
        u"kumo_http_responses_total"_s, u"counter"_s, u"API answers since the start, by HTTP status"_s);
    for (auto it = responses.begin(); it != responses.end(); ++it)
        out.sample(
            u"kumo_http_responses_total"_s, double(it.value()), { { u"code"_s, QString::number(it.key()) } });

    const MonitorSample sample = m_engine.monitor().latest();
    const auto gauge = [&out](const QString &name, const QString &help, double value) {
        out.family(name, u"gauge"_s, help);
        out.sample(name, value);
    };
    gauge(u"kumo_process_resident_memory_bytes"_s, u"Kumo's resident memory"_s,
        double(sample.system.processRssBytes));
    gauge(u"kumo_process_threads"_s, u"Kumo's threads"_s, sample.system.processThreads);
    gauge(u"kumo_system_cpu_percent"_s, u"CPU use of the machine over the last monitor interval (0-100)"_s,
        sample.system.cpuPercent);
    gauge(u"kumo_system_memory_total_bytes"_s, u"Memory of the machine"_s,
        double(sample.system.memoryTotalBytes));
    gauge(u"kumo_system_memory_available_bytes"_s, u"Memory available on the machine"_s,
        double(sample.system.memoryAvailableBytes));
    gauge(u"kumo_system_load1"_s, u"Load average over one minute"_s, sample.system.load1);
    gauge(u"kumo_data_disk_free_bytes"_s, u"Free space of the file system holding the data directory"_s,
        double(sample.system.diskFreeBytes));
    return HttpResponse::bytes(out.text(), "text/plain; version=0.0.4; charset=utf-8");
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
