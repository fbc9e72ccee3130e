// SPDX-License-Identifier: MIT
#include "security/user.h"

#include <QDateTime>

using namespace Qt::StringLiterals;

namespace Kumo {

namespace {
QJsonValue rfc3339(std::optional<qint64> ms)
{
    if (!ms)
        return QJsonValue();
    return QDateTime::fromMSecsSinceEpoch(*ms, Qt::UTC).toString(Qt::ISODateWithMs);
}
} // namespace

QJsonObject User::toJson() const
{
    return {
        { u"id"_s, id },
        { u"username"_s, username },
        { u"role"_s, roleName(role) },
        { u"disabled"_s, disabled },
        { u"createdAt"_s, rfc3339(createdAt) },
        { u"updatedAt"_s, rfc3339(updatedAt) },
        { u"lastLoginAt"_s, rfc3339(lastLoginAt) },
    };
}

} // namespace Kumo
