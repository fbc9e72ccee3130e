// SPDX-License-Identifier: MIT
#include "server/handlers/handlerutil.h"

using namespace Qt::StringLiterals;

namespace Kumo {

HttpResponse failureResponse(TaskResult::Status status, const QString &message, const FieldErrors &errors)
{
    switch (status) {
    case TaskResult::Status::Invalid:
        return Problem::validation(errors);
    case TaskResult::Status::NotFound:
        return Problem::notFound(message);
    case TaskResult::Status::Conflict:
        return Problem::conflict(message);
    case TaskResult::Status::Ok:
    case TaskResult::Status::Error:
        break;
    }
    return storageFailure(message);
}

HttpResponse pageResponse(const QJsonArray &items, qint64 total, int limit, int offset)
{
    return HttpResponse::json(QJsonObject {
        { u"items"_s, items },
        { u"total"_s, total },
        { u"limit"_s, limit },
        { u"offset"_s, offset },
    });
}

HttpResponse conflictWith(const QString &message, const QString &key, const QJsonValue &value)
{
    HttpResponse response = Problem::conflict(message);
    QJsonObject body = QJsonDocument::fromJson(response.body).object();
    body.insert(key, value);
    response.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
    return response;
}

HttpResponse storageFailure(const QString &message)
{
    return Problem::make(500, message.isEmpty() ? u"the database could not be read or written"_s : message);
}

} // namespace Kumo
