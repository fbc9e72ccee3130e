// SPDX-License-Identifier: MIT
#include "server/handlers/uploadhandler.h"

#include "core/timeformat.h"
#include "server/handlers/handlerutil.h"
#include "server/uploadmanager.h"

using namespace Qt::StringLiterals;

namespace Kumo {

namespace {

HttpResponse uploadFailure(const UploadManager::Result &result, qint64 chunkSize)
{
    switch (result.status) {
    case UploadManager::Status::NotFound:
        return Problem::notFound(result.message);
    case UploadManager::Status::Invalid:
        return Problem::validation({ { result.field, result.message } });
    case UploadManager::Status::Conflict: {
        // With where the upload stands: the client resumes from there.
        return result.upload
            ? conflictWith(result.message, u"upload"_s, UploadHandler::toJson(*result.upload, chunkSize))
            : Problem::conflict(result.message);
    }
    case UploadManager::Status::TooLarge:
        return Problem::make(413, result.message);
    case UploadManager::Status::Ok:
    case UploadManager::Status::Error:
        break;
    }
    return storageFailure(result.message);
}

} // namespace

QJsonObject UploadHandler::toJson(const Upload &upload, qint64 chunkSize)
{
    return {
        { u"id"_s, upload.id },
        { u"filename"_s, upload.filename },
        { u"size"_s, upload.size },
        { u"received"_s, upload.received },
        { u"complete"_s, upload.complete() },
        { u"chunkSize"_s, chunkSize },
        { u"createdAt"_s, toRfc3339(upload.createdAt) },
    };
}

HttpResponse UploadHandler::create(RequestContext &context)
{
    const QJsonValue size = context.body.value(u"size"_s);
    const QJsonValue filename = context.body.value(u"filename"_s);
    context.audit.details.insert(u"filename"_s, filename.toString().left(255));
    context.audit.details.insert(u"size"_s, size.toDouble());
    if (!size.isDouble() || size.toDouble() != std::floor(size.toDouble()))
        return Problem::validation({ { u"size"_s, u"must be a whole number of bytes"_s } });
    if (!filename.isString())
        return Problem::validation({ { u"filename"_s, u"is required"_s } });
    const UploadManager::Result result = m_uploads.create(
        context.principal->user.id, qint64(std::clamp(size.toDouble(), -1.0, 9e15)), filename.toString());
    if (!result.ok())
        return uploadFailure(result, m_uploads.limits().chunkSize);
    context.audit.targetId = QString::number(result.upload->id);
    HttpResponse response = HttpResponse::json(toJson(*result.upload, m_uploads.limits().chunkSize), 201);
    response.setHeader("Location", "/api/uploads/" + QByteArray::number(result.upload->id));
    return response;
}

HttpResponse UploadHandler::append(RequestContext &context)
{
    bool ok = false;
    const qint64 offset = context.request.query.queryItemValue(u"offset"_s).toLongLong(&ok);
    if (!ok || offset < 0)
        return Problem::validation(
            { { u"offset"_s, u"is required: the byte offset where this chunk starts"_s } }, 400);
    const UploadManager::Result result
        = m_uploads.append(context.id(), context.principal->user.id, offset, context.request.body);
    if (!result.ok())
        return uploadFailure(result, m_uploads.limits().chunkSize);
    return HttpResponse::json(toJson(*result.upload, m_uploads.limits().chunkSize));
}

HttpResponse UploadHandler::get(RequestContext &context)
{
    const UploadManager::Result result = m_uploads.get(context.id(), context.principal->user.id);
    if (!result.ok())
        return uploadFailure(result, m_uploads.limits().chunkSize);
    return HttpResponse::json(toJson(*result.upload, m_uploads.limits().chunkSize));
}

HttpResponse UploadHandler::remove(RequestContext &context)
{
    const UploadManager::Result result = m_uploads.remove(context.id(), context.principal->user.id);
    if (!result.ok())
        return uploadFailure(result, m_uploads.limits().chunkSize);
    return HttpResponse::noContent();
}

} // namespace Kumo
