// SPDX-License-Identifier: MIT
#include "server/handlers/envvarhandler.h"

#include "engine.h"
#include "security/secretbox.h"
#include "server/handlers/handlerutil.h"
#include "system/envvarservice.h"

using namespace Qt::StringLiterals;

namespace Kumo {

namespace {

HttpResponse envVarFailure(const EnvVarResult &result)
{
    switch (result.status) {
    case EnvVarResult::Status::Invalid:
        return Problem::validation(result.errors);
    case EnvVarResult::Status::NotFound:
        return Problem::notFound(result.message);
    case EnvVarResult::Status::Conflict:
        return Problem::conflict(result.message);
    case EnvVarResult::Status::Ok:
    case EnvVarResult::Status::Error:
        break;
    }
    return storageFailure(result.message);
}

/// What the audit keeps of a variable: never its value.
void describe(AuditEvent &audit, const EnvVar &variable)
{
    audit.targetId = QString::number(variable.id);
    audit.details.insert(u"name"_s, variable.name);
    audit.details.insert(u"secret"_s, variable.secret);
    audit.details.insert(u"scope"_s, variable.toJson().value(u"scope"_s));
}

} // namespace

HttpResponse EnvVarHandler::list(RequestContext &context)
{
    const QString scopeText = context.request.query.queryItemValue(u"scope"_s);
    std::optional<EnvVar::Scope> scope;
    qint64 scopeId = 0;
    if (!scopeText.isEmpty()) {
        scope = EnvVar::scopeFromName(scopeText);
        bool ok = true;
        const QString idText = context.request.query.queryItemValue(u"scopeId"_s);
        scopeId = idText.isEmpty() ? 0 : idText.toLongLong(&ok);
        if (!scope || !ok || scopeId < 0)
            return Problem::validation(
                { { u"scope"_s, u"give scope=global, or scope=project|task with scopeId=N"_s } }, 400);
    }
    QJsonArray items;
    for (const EnvVar &variable : m_engine.envVars().list(scope, scopeId))
        items.append(variable.toJson());
    return pageResponse(items, items.size(), int(items.size()), 0);
}

HttpResponse EnvVarHandler::create(RequestContext &context)
{
    context.audit.details.insert(u"name"_s, context.body.value(u"name"_s).toString().left(128));
    const EnvVarResult result = m_engine.envVars().create(context.body);
    if (!result.ok())
        return envVarFailure(result);
    describe(context.audit, *result.variable);
    return HttpResponse::json(result.variable->toJson(), 201);
}

HttpResponse EnvVarHandler::get(RequestContext &context)
{
    const std::optional<EnvVar> variable = m_engine.envVars().get(context.id());
    if (!variable)
        return Problem::notFound(u"variable %1 does not exist"_s.arg(context.id()));
    return HttpResponse::json(variable->toJson());
}

HttpResponse EnvVarHandler::update(RequestContext &context)
{
    const EnvVarResult result = m_engine.envVars().update(context.id(), context.body);
    if (!result.ok())
        return envVarFailure(result);
    describe(context.audit, *result.variable);
    context.audit.details.insert(u"changed"_s, QJsonArray::fromStringList(context.body.keys()));
    return HttpResponse::json(result.variable->toJson());
}

HttpResponse EnvVarHandler::remove(RequestContext &context)
{
    const EnvVarResult result = m_engine.envVars().remove(context.id());
    if (!result.ok())
        return envVarFailure(result);
    describe(context.audit, *result.variable);
    return HttpResponse::noContent();
}

HttpResponse EnvVarHandler::rotateKey(RequestContext &context)
{
    const EnvVarResult result = m_engine.envVars().rotateKey();
    if (!result.ok())
        return envVarFailure(result);
    const QString keyId = m_engine.secretBox().keyId();
    context.audit.details.insert(u"keyId"_s, keyId);
    return HttpResponse::json(
        QJsonObject { { u"keyId"_s, keyId }, { u"source"_s, m_engine.secretBox().source() } });
}

} // namespace Kumo
