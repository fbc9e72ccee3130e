// SPDX-License-Identifier: MIT
#pragma once

#include "engine.h"
#include "server/httpmessage.h"

#include <QJsonArray>

namespace Kumo {

/// Maps an engine result status onto the HTTP answer for a failure.
[[nodiscard]] HttpResponse failureResponse(
    TaskResult::Status status, const QString &message, const FieldErrors &errors);

/// {"items": [...], "total": N, "limit": L, "offset": O}
[[nodiscard]] HttpResponse pageResponse(const QJsonArray &items, qint64 total, int limit, int offset);

/// A 409 problem that also carries @p key: @p value (the tasks that use something, where an
/// upload stands …), so that a client can act on it.
[[nodiscard]] HttpResponse conflictWith(const QString &message, const QString &key, const QJsonValue &value);

/// 500 for a storage failure, with the reason (the client can do nothing about it).
[[nodiscard]] HttpResponse storageFailure(const QString &message);

} // namespace Kumo
