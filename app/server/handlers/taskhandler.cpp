// SPDX-License-Identifier: MIT
#include "server/handlers/taskhandler.h"

#include "engine.h"
#include "server/handlers/handlerutil.h"
#include "server/queryreader.h"
#include "storage/taskstore.h"

using namespace Qt::StringLiterals;

namespace Kumo {

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
    const std::optional<TaskPage> page = m_engine.tasks().page(query);
    if (!page)
        return storageFailure(m_engine.tasks().errorString());
    QJsonArray items;
    for (const Task &task : page->items)
        items.append(task.toJson());
    return pageResponse(items, page->total, query.limit, query.offset);
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
