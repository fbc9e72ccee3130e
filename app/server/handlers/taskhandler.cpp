// SPDX-License-Identifier: MIT
#include "server/handlers/taskhandler.h"

#include "engine.h"
#include "server/handlers/handlerutil.h"
#include "server/queryreader.h"
#include "storage/taskstore.h"

#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace Kumo {

const QByteArray *TaskJsonCache::find(const TaskVersion &version) const
{
    const auto it = m_entries.constFind(version.id);
    if (it == m_entries.cend() || it->updatedAt != version.updatedAt || it->nextFireAt != version.nextFireAt)
        return nullptr;
    return &it->json;
}

QByteArray TaskJsonCache::insert(const Task &task)
{
    if (m_entries.size() >= kMaxEntries && !m_entries.contains(task.id))
        m_entries.clear(); // simplest bound; a page refills what it needs
    Entry &entry = m_entries[task.id];
    entry.updatedAt = task.updatedAt;
    entry.nextFireAt = task.nextFireAt;
    entry.json = QJsonDocument(task.toJson()).toJson(QJsonDocument::Compact);
    return entry.json;
}

HttpResponse TaskHandler::list(RequestContext &context)
{
    QueryReader reader(context.request.query);
    TaskQuery query;
    query.search = reader.text(u"search"_s);
    query.enabled = reader.flag(u"enabled"_s);
    query.projectId = reader.id(u"projectId"_s);
    reader.paging(&query.limit, &query.offset);
    if (!reader.ok())
        return Problem::validation(reader.errors(), 400);
    const std::optional<TaskVersionPage> page = m_engine.tasks().versionPage(query);
    if (!page)
        return storageFailure(m_engine.tasks().errorString());
    QList<qint64> missing;
    for (const TaskVersion &version : page->items) {
        if (!m_json.find(version))
            missing.append(version.id);
    }
    QHash<qint64, QByteArray> fresh;
    for (const Task &task : m_engine.tasks().getMany(missing))
        fresh.insert(task.id, m_json.insert(task));

    QByteArray body = "{\"items\":[";
    body.reserve(page->items.size() * 512);
    bool first = true;
    for (const TaskVersion &version : page->items) {
        const QByteArray *cached = m_json.find(version);
        // Not cached: changed since the page was read (its newer state), or deleted meanwhile.
        const QByteArray json = cached ? *cached : fresh.value(version.id);
        if (json.isEmpty())
            continue;
        if (!std::exchange(first, false))
            body += ',';
        body += json;
    }
    body += "],\"total\":" + QByteArray::number(page->total) + ",\"limit\":" + QByteArray::number(query.limit)
        + ",\"offset\":" + QByteArray::number(query.offset) + '}';
    return HttpResponse::bytes(std::move(body), "application/json");
}

HttpResponse TaskHandler::create(RequestContext &context)
{
    Task task;
    if (FieldErrors errors = task.applyJson(context.body); !errors.isEmpty())
        return Problem::validation(errors);
    const TaskResult result = m_engine.createTask(std::move(task));
    context.audit.details.insert(u"name"_s, context.body.value(u"name"_s).toString().left(200));
    if (!result.ok())
        return failureResponse(result.status, result.message, result.errors);
    context.audit.targetId = QString::number(result.task->id);
    HttpResponse response = HttpResponse::json(result.task->toJson(), 201);
    response.setHeader("Location", "/api/tasks/" + QByteArray::number(result.task->id));
    return response;
}

HttpResponse TaskHandler::get(RequestContext &context)
{
    const std::optional<Task> task = m_engine.tasks().get(context.id());
    if (!task)
        return Problem::notFound(u"task %1 does not exist"_s.arg(context.id()));
    return HttpResponse::json(task->toJson());
}

HttpResponse TaskHandler::update(RequestContext &context)
{
    const TaskResult result = m_engine.updateTask(context.id(), context.body);
    context.audit.details.insert(u"fields"_s, QJsonArray::fromStringList(context.body.keys()));
    if (!result.ok())
        return failureResponse(result.status, result.message, result.errors);
    return HttpResponse::json(result.task->toJson());
}

HttpResponse TaskHandler::remove(RequestContext &context)
{
    const TaskResult result = m_engine.deleteTask(context.id());
    if (!result.ok())
        return failureResponse(result.status, result.message, result.errors);
    return HttpResponse::noContent();
}

HttpResponse TaskHandler::runNow(RequestContext &context)
{
    const TaskResult result = m_engine.runTaskNow(context.id());
    if (!result.ok())
        return failureResponse(result.status, result.message, result.errors);
    context.audit.details.insert(u"runId"_s, result.run->id);
    HttpResponse response = HttpResponse::json(result.run->toJson(), 202);
    response.setHeader("Location", "/api/runs/" + QByteArray::number(result.run->id));
    return response;
}

HttpResponse TaskHandler::pause(RequestContext &context)
{
    return setEnabled(context, false);
}

HttpResponse TaskHandler::resume(RequestContext &context)
{
    return setEnabled(context, true);
}

HttpResponse TaskHandler::setEnabled(RequestContext &context, bool enabled)
{
    const TaskResult result = m_engine.setTaskEnabled(context.id(), enabled);
    if (!result.ok())
        return failureResponse(result.status, result.message, result.errors);
    return HttpResponse::json(result.task->toJson());
}

} // namespace Kumo
