// SPDX-License-Identifier: MIT
#include "audit/auditevent.h"

#include <QDateTime>
#include <QJsonValue>

using namespace Qt::StringLiterals;

namespace Kumo {

QJsonObject AuditEvent::toJson() const
{
    // Always with milliseconds: the trail is read side by side, and equal widths line up.
    const QString time = QDateTime::fromMSecsSinceEpoch(at, Qt::UTC).toString(Qt::ISODateWithMs);
    return {
        { u"id"_s, id },
        { u"at"_s, time },
        { u"actor"_s, actor },
        { u"actorId"_s, actorId ? QJsonValue(*actorId) : QJsonValue() },
        { u"ip"_s, ip },
        { u"action"_s, action },
        { u"targetType"_s, targetType },
        { u"targetId"_s, targetId },
        { u"outcome"_s, outcome },
        { u"details"_s, details },
    };
}

} // namespace Kumo
