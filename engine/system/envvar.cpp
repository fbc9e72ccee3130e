// SPDX-License-Identifier: MIT
#include "system/envvar.h"

#include "core/timeformat.h"

using namespace Qt::StringLiterals;

namespace Kumo {

QString EnvVar::scopeName(Scope scope)
{
    switch (scope) {
    case Scope::Project:
        return u"project"_s;
    case Scope::Task:
        return u"task"_s;
    case Scope::Global:
        break;
    }
    return u"global"_s;
}

std::optional<EnvVar::Scope> EnvVar::scopeFromName(QStringView name)
{
    if (name == u"global")
        return Scope::Global;
    if (name == u"project")
        return Scope::Project;
    if (name == u"task")
        return Scope::Task;
    return std::nullopt;
}

QJsonObject EnvVar::toJson() const
{
    QJsonObject scopeJson { { u"type"_s, scopeName(scope) } };
    if (scope != Scope::Global)
        scopeJson.insert(u"id"_s, scopeId);
    return {
        { u"id"_s, id },
        { u"name"_s, name },
        { u"value"_s, secret ? QString::fromUtf16(kMask) : value },
        { u"secret"_s, secret },
        { u"scope"_s, scopeJson },
        { u"description"_s, description },
        { u"createdAt"_s, toRfc3339(createdAt) },
        { u"updatedAt"_s, toRfc3339(updatedAt) },
    };
}

} // namespace Kumo
