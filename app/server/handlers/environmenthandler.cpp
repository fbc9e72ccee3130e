// SPDX-License-Identifier: MIT
#include "server/handlers/environmenthandler.h"

#include "core/projectrequirements.h"
#include "core/timeformat.h"
#include "engine.h"
#include "environments/environmentservice.h"
#include "environments/interpreterregistry.h"
#include "execution/logreader.h"
#include "projects/projectfiles.h"
#include "projects/projectservice.h"
#include "server/handlers/handlerutil.h"
#include "storage/runstore.h"
#include "storage/taskstore.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace Kumo {

namespace {

constexpr qint64 kMaxLogChunk = 256 * 1024;

HttpResponse envFailure(const EnvResult &result)
{
    switch (result.status) {
    case EnvResult::Status::Invalid:
        return Problem::validation(
            result.errors.isEmpty() ? FieldErrors { { QString(), result.message } } : result.errors);
    case EnvResult::Status::NotFound:
        return Problem::notFound(result.message);
    case EnvResult::Status::Conflict:
        return result.tasks.isEmpty()
            ? Problem::conflict(result.message)
            : conflictWith(result.message, u"tasks"_s, QJsonArray::fromStringList(result.tasks));
    case EnvResult::Status::Ok:
    case EnvResult::Status::Error:
        break;
    }
    return storageFailure(result.message);
}

HttpResponse interpreterFailure(const InterpreterResult &result)
{
    switch (result.status) {
    case InterpreterResult::Status::Invalid:
        return Problem::validation({ { u"path"_s, result.message } });
    case InterpreterResult::Status::NotFound:
        return Problem::notFound(result.message);
    case InterpreterResult::Status::Conflict:
        return conflictWith(result.message, u"usedBy"_s, QJsonArray::fromStringList(result.users));
    case InterpreterResult::Status::Ok:
    case InterpreterResult::Status::Error:
        break;
    }
    return storageFailure(result.message);
}

QJsonObject interpreterList(const QList<Interpreter> &interpreters, bool refreshing)
{
    QJsonArray items;
    for (const Interpreter &interpreter : interpreters)
        items.append(interpreter.toJson());
    return { { u"items"_s, items }, { u"total"_s, items.size() }, { u"refreshing"_s, refreshing } };
}

/// The environment with its tasks and the operation that runs or waits, if any.
QJsonObject environmentJson(EnvironmentService &service, const Environment &environment)
{
    QJsonObject json = environment.toJson();
    json.insert(u"tasks"_s, QJsonArray::fromStringList(service.store().tasksUsing(environment.id)));
    const QList<EnvOperation> recent = service.store().operations(environment.id, 1);
    json.insert(
        u"lastOperation"_s, recent.isEmpty() ? QJsonValue() : QJsonValue(recent.constFirst().toJson()));
    return json;
}

/// name → version of a `pip freeze` (lines "name==version", "name @ url", "-e …").
QMap<QString, QString> parseFreeze(const QString &text)
{
    QMap<QString, QString> packages;
    for (const QString &raw : text.split(u'\n', Qt::SkipEmptyParts)) {
        const QString line = raw.trimmed();
        if (line.isEmpty() || line.startsWith(u'#'))
            continue;
        const qsizetype pinned = line.indexOf(u"=="_s);
        const qsizetype direct = line.indexOf(u" @ "_s);
        if (pinned > 0)
            packages.insert(line.left(pinned).toLower(), line.mid(pinned + 2));
        else if (direct > 0)
            packages.insert(line.left(direct).toLower(), line.mid(direct + 3));
        else
            packages.insert(line.toLower(), QString());
    }
    return packages;
}

} // namespace

// ---- interpreters ------------------------------------------------------------------------

HttpResponse EnvironmentHandler::listInterpreters(RequestContext &)
{
    const InterpreterRegistry &registry = m_engine.interpreters();
    return HttpResponse::json(interpreterList(registry.list(), registry.isRefreshing()));
}

HttpResponse EnvironmentHandler::refreshInterpreters(RequestContext &context)
{
    InterpreterRegistry &registry = m_engine.interpreters();
    std::shared_ptr<DeferredReply> reply = context.defer();
    // Answered by the first refresh that began after this request: a refresh already running
    // is followed by another, and its refreshed() comes while isRefreshing() is still true.
    auto connection = std::make_shared<QMetaObject::Connection>();
    *connection = QObject::connect(&registry, &InterpreterRegistry::refreshed, m_context,
        [reply, connection, &registry](const QList<Interpreter> &interpreters) {
            if (registry.isRefreshing())
                return;
            QObject::disconnect(*connection);
            reply->audit().details.insert(u"found"_s, interpreters.size());
            reply->send(HttpResponse::json(interpreterList(interpreters, false)));
        });
    registry.refresh();
    return {};
}

HttpResponse EnvironmentHandler::addInterpreter(RequestContext &context)
{
    const QJsonValue path = context.body.value(u"path"_s);
    if (!path.isString() || path.toString().isEmpty() || path.toString().size() > 4096)
        return Problem::validation({ { u"path"_s, u"give the absolute path of a Python interpreter"_s } });
    context.audit.details.insert(u"path"_s, path.toString());
    std::shared_ptr<DeferredReply> reply = context.defer();
    m_engine.interpreters().add(path.toString(), [reply](const InterpreterResult &result) {
        if (!result.ok()) {
            reply->send(interpreterFailure(result));
            return;
        }
        reply->audit().targetId = QString::number(result.interpreter->id);
        reply->send(HttpResponse::json(result.interpreter->toJson(), 201));
    });
    return {};
}

HttpResponse EnvironmentHandler::removeInterpreter(RequestContext &context)
{
    const InterpreterResult result = m_engine.interpreters().remove(context.id());
    if (!result.ok())
        return interpreterFailure(result);
    context.audit.details.insert(u"path"_s, result.interpreter->path);
    return HttpResponse::noContent();
}

// ---- environments ------------------------------------------------------------------------

HttpResponse EnvironmentHandler::list(RequestContext &)
{
    EnvironmentService &service = m_engine.environments();
    QJsonArray items;
    for (const Environment &environment : service.list())
        items.append(environmentJson(service, environment));
    return pageResponse(items, items.size(), int(items.size()), 0);
}

HttpResponse EnvironmentHandler::create(RequestContext &context)
{
    context.audit.details.insert(u"name"_s, context.body.value(u"name"_s).toString().left(100));
    const EnvResult result = m_engine.environments().create(context.body, context.principal->user.username);
    if (!result.ok())
        return envFailure(result);
    context.audit.targetId = QString::number(result.environment->id);
    QJsonObject body = result.environment->toJson();
    body.insert(u"operation"_s, result.operation->toJson());
    HttpResponse response = HttpResponse::json(body, 202);
    response.setHeader("Location", "/api/environments/" + QByteArray::number(result.environment->id));
    return response;
}

HttpResponse EnvironmentHandler::get(RequestContext &context)
{
    EnvironmentService &service = m_engine.environments();
    const std::optional<Environment> environment = service.get(context.id());
    if (!environment)
        return Problem::notFound(u"environment %1 does not exist"_s.arg(context.id()));
    return HttpResponse::json(environmentJson(service, *environment));
}

HttpResponse EnvironmentHandler::remove(RequestContext &context)
{
    const EnvResult result = m_engine.environments().remove(context.id());
    if (!result.ok())
        return envFailure(result);
    context.audit.details.insert(u"name"_s, result.environment->name);
    return HttpResponse::json(result.environment->toJson(), 202);
}

HttpResponse EnvironmentHandler::reset(RequestContext &context)
{
    const EnvResult result = m_engine.environments().reset(context.id(), context.principal->user.username);
    if (!result.ok())
        return envFailure(result);
    context.audit.details.insert(u"name"_s, result.environment->name);
    return HttpResponse::json(result.operation->toJson(), 202);
}

HttpResponse EnvironmentHandler::packages(RequestContext &context)
{
    const qint64 id = context.id();
    if (!m_engine.environments().get(id))
        return Problem::notFound(u"environment %1 does not exist"_s.arg(id));
    std::shared_ptr<DeferredReply> reply = context.defer();
    m_engine.environments().listPackages(id, [reply](const PackageList &list) {
        if (!list.ok) {
            reply->send(Problem::conflict(list.error));
            return;
        }
        reply->send(HttpResponse::json(
            QJsonObject { { u"items"_s, list.packages }, { u"total"_s, list.packages.size() } }));
    });
    return {};
}

HttpResponse EnvironmentHandler::changePackages(RequestContext &context)
{
    static const QHash<QString, EnvOperation::Kind> actions { { u"install"_s, EnvOperation::Kind::Install },
        { u"upgrade"_s, EnvOperation::Kind::Upgrade }, { u"uninstall"_s, EnvOperation::Kind::Uninstall } };
    const QString action = context.body.value(u"action"_s).toString(u"install"_s);
    context.audit.details.insert(u"action"_s, action);
    if (!actions.contains(action))
        return Problem::validation({ { u"action"_s, u"must be install, upgrade or uninstall"_s } });
    const QJsonValue packagesValue = context.body.value(u"packages"_s);
    QStringList packages;
    if (!packagesValue.isUndefined()) {
        if (!packagesValue.isArray())
            return Problem::validation({ { u"packages"_s, u"must be a list of package specifiers"_s } });
        for (const QJsonValue &package : packagesValue.toArray()) {
            if (!package.isString())
                return Problem::validation({ { u"packages"_s, u"must be a list of package specifiers"_s } });
            packages.append(package.toString());
        }
    }
    context.audit.details.insert(u"packages"_s, QJsonArray::fromStringList(packages.mid(0, 20)));

    // -r a requirements file of a project: resolved inside the project, like every file route.
    QString requirementsFile;
    const QJsonValue requirements = context.body.value(u"requirements"_s);
    if (!requirements.isUndefined() && !requirements.isNull()) {
        const qint64 projectId = requirements[u"projectId"_s].toInteger(0);
        const QString path = requirements[u"path"_s].toString(u"requirements.txt"_s);
        if (!requirements.isObject() || projectId <= 0)
            return Problem::validation(
                { { u"requirements"_s, u"give {\"projectId\": N, \"path\": \"requirements.txt\"}"_s } });
        if (action == u"uninstall"_s)
            return Problem::validation({ { u"requirements"_s, u"goes with install or upgrade"_s } });
        const ProjectRequirements resolved
            = ProjectRequirements::resolve(m_engine.projects(), projectId, path);
        if (!resolved.ok())
            return Problem::validation(resolved.errors);
        requirementsFile = resolved.absolutePath;
        context.audit.details.insert(u"requirements"_s, resolved.label);
    }
    const EnvResult result = m_engine.environments().change(
        context.id(), actions.value(action), packages, requirementsFile, context.principal->user.username);
    if (!result.ok())
        return envFailure(result);
    context.audit.details.insert(u"environment"_s, result.environment->name);
    return HttpResponse::json(result.operation->toJson(), 202);
}

HttpResponse EnvironmentHandler::operations(RequestContext &context)
{
    EnvironmentService &service = m_engine.environments();
    if (!service.get(context.id()))
        return Problem::notFound(u"environment %1 does not exist"_s.arg(context.id()));
    QJsonArray items;
    for (const EnvOperation &operation : service.store().operations(context.id(), 200))
        items.append(operation.toJson());
    return pageResponse(items, items.size(), 200, 0);
}

HttpResponse EnvironmentHandler::freezes(RequestContext &context)
{
    EnvironmentService &service = m_engine.environments();
    const std::optional<Environment> environment = service.get(context.id());
    if (!environment)
        return Problem::notFound(u"environment %1 does not exist"_s.arg(context.id()));
    QJsonArray items;
    for (const Freeze &freeze : service.store().freezes(context.id()))
        items.append(
            QJsonObject { { u"hash"_s, freeze.hash }, { u"createdAt"_s, toRfc3339(freeze.createdAt) },
                { u"current"_s, freeze.hash == environment->freezeHash } });
    return pageResponse(items, items.size(), int(items.size()), 0);
}

HttpResponse EnvironmentHandler::freeze(RequestContext &context)
{
    const QString hash = context.params.value(u"hash"_s);
    const std::optional<Freeze> freeze = m_engine.environments().store().freeze(context.id(), hash);
    if (!freeze)
        return Problem::notFound(u"environment %1 has no freeze %2"_s.arg(context.id()).arg(hash.left(64)));
    return HttpResponse::json(QJsonObject { { u"hash"_s, freeze->hash }, { u"text"_s, freeze->text },
        { u"createdAt"_s, toRfc3339(freeze->createdAt) } });
}

// ---- operations --------------------------------------------------------------------------

HttpResponse EnvironmentHandler::operation(RequestContext &context)
{
    const std::optional<EnvOperation> operation = m_engine.environments().store().operation(context.id());
    if (!operation)
        return Problem::notFound(u"operation %1 does not exist"_s.arg(context.id()));
    return HttpResponse::json(operation->toJson());
}

HttpResponse EnvironmentHandler::operationLog(RequestContext &context)
{
    EnvironmentService &service = m_engine.environments();
    const std::optional<EnvOperation> operation = service.store().operation(context.id());
    if (!operation)
        return Problem::notFound(u"operation %1 does not exist"_s.arg(context.id()));
    bool ok = true;
    const QString offsetText = context.request.query.queryItemValue(u"offset"_s);
    const qint64 offset = offsetText.isEmpty() ? 0 : offsetText.toLongLong(&ok);
    if (!ok || offset < 0)
        return Problem::validation({ { u"offset"_s, u"must be a byte offset of 0 or more"_s } }, 400);
    QFile file(service.logPathOf(operation->id));
    QByteArray bytes;
    qint64 size = 0;
    if (file.open(QIODevice::ReadOnly)) {
        size = file.size();
        if (offset < size && file.seek(offset))
            bytes = file.read(kMaxLogChunk);
    }
    // Whole UTF-8 characters only: the next read starts where this one stopped.
    bytes.chop(incompleteUtf8Tail(bytes));
    return HttpResponse::json(
        QJsonObject { { u"offset"_s, offset }, { u"nextOffset"_s, offset + bytes.size() },
            { u"size"_s, size }, { u"text"_s, QString::fromUtf8(bytes) },
            { u"complete"_s, !operation->isActive() && offset + bytes.size() >= size } });
}

HttpResponse EnvironmentHandler::cancelOperation(RequestContext &context)
{
    const EnvResult result = m_engine.environments().cancelOperation(context.id());
    if (!result.ok())
        return envFailure(result);
    return HttpResponse::json(result.operation->toJson(), 202);
}

HttpResponse EnvironmentHandler::runEnvironmentChanges(RequestContext &context)
{
    const std::optional<Run> run = m_engine.runs().get(context.id());
    if (!run)
        return Problem::notFound(u"run %1 does not exist"_s.arg(context.id()));
    const std::optional<Task> task = m_engine.tasks().get(run->taskId);
    if (run->environmentFreeze.isEmpty() || !task || !task->environmentId)
        return Problem::conflict(
            u"run %1 did not run in an environment whose packages were recorded"_s.arg(run->id));
    EnvironmentService &service = m_engine.environments();
    const std::optional<Environment> environment = service.get(*task->environmentId);
    const std::optional<Freeze> then = service.store().freeze(*task->environmentId, run->environmentFreeze);
    if (!environment || !then)
        return Problem::conflict(u"the environment run %1 ran in is no longer the task's"_s.arg(run->id));
    const std::optional<Freeze> now = service.store().freeze(environment->id, environment->freezeHash);
    const QMap<QString, QString> before = parseFreeze(then->text);
    const QMap<QString, QString> after = parseFreeze(now ? now->text : QString());
    QJsonArray added;
    QJsonArray removed;
    QJsonArray changed;
    for (auto it = after.cbegin(); it != after.cend(); ++it) {
        if (!before.contains(it.key()))
            added.append(QJsonObject { { u"name"_s, it.key() }, { u"version"_s, it.value() } });
        else if (before.value(it.key()) != it.value())
            changed.append(QJsonObject {
                { u"name"_s, it.key() }, { u"from"_s, before.value(it.key()) }, { u"to"_s, it.value() } });
    }
    for (auto it = before.cbegin(); it != before.cend(); ++it) {
        if (!after.contains(it.key()))
            removed.append(QJsonObject { { u"name"_s, it.key() }, { u"version"_s, it.value() } });
    }
    return HttpResponse::json(QJsonObject { { u"runId"_s, run->id }, { u"environmentId"_s, environment->id },
        { u"then"_s, then->hash }, { u"now"_s, environment->freezeHash },
        { u"same"_s, then->hash == environment->freezeHash }, { u"added"_s, added },
        { u"removed"_s, removed }, { u"changed"_s, changed } });
}

} // namespace Kumo
