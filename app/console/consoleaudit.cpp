// SPDX-License-Identifier: MIT
#include "console/consoleaudit.h"

#include "audit/auditlog.h"
#include "engine.h"

using namespace Qt::StringLiterals;

namespace Kumo::Console {

QVariantMap failure(const QString &message, const FieldErrors &errors)
{
    QVariantMap byField;
    for (const FieldError &error : errors)
        byField.insert(error.field, error.message);
    QString text = message;
    if (text.isEmpty() && !errors.isEmpty())
        text = errors.constFirst().field + u": "_s + errors.constFirst().message;
    return { { u"ok"_s, false }, { u"message"_s, text }, { u"errors"_s, byField } };
}

QVariantMap success(QVariantMap extra)
{
    extra.insert(u"ok"_s, true);
    return extra;
}

QString actor()
{
    const QString user = qEnvironmentVariable("USER", qEnvironmentVariable("LOGNAME", u"desktop"_s));
    return u"console:"_s + user;
}

QVariantMap audited(Engine &engine, const QString &action, const QString &targetType,
    const QVariant &targetId, const QVariantMap &answer, const QJsonObject &details)
{
    AuditEvent event;
    event.actor = actor();
    event.ip = u"local"_s;
    event.action = action;
    event.targetType = targetType;
    event.targetId = targetId.toString();
    event.details = details;
    if (!answer.value(u"ok"_s).toBool()) {
        event.outcome = u"failure"_s;
        event.details.insert(u"error"_s, answer.value(u"message"_s).toString().left(300));
    }
    engine.audit().record(event);
    return answer;
}

} // namespace Kumo::Console
