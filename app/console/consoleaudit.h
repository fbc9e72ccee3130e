// SPDX-License-Identifier: MIT
#pragma once

#include "core/fielderror.h"

#include <QJsonObject>
#include <QVariant>
#include <QVariantMap>

namespace Kumo {
class Engine;
}

/// How the console's operations answer QML and how they are audited, shared by its backends.
namespace Kumo::Console {

/// {ok: false, message, errors: {field: message}}; the message defaults to the first field's.
[[nodiscard]] QVariantMap failure(const QString &message, const FieldErrors &errors = {});
/// {ok: true} with @p extra.
[[nodiscard]] QVariantMap success(QVariantMap extra = {});

/// Who the audit trail names for the console's actions: "console:" and the desktop user.
[[nodiscard]] QString actor();

/// Records @p action in the audit trail as the API does, with the desktop user as actor and
/// "local" as address; the outcome (and a failure's message) follows @p answer, which is
/// returned. @p details must never hold a secret.
QVariantMap audited(Engine &engine, const QString &action, const QString &targetType,
    const QVariant &targetId, const QVariantMap &answer, const QJsonObject &details = {});

} // namespace Kumo::Console
