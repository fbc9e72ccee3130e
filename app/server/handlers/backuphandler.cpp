// SPDX-License-Identifier: MIT
#include "server/handlers/backuphandler.h"

#include "backup/backupservice.h"
#include "engine.h"
#include "server/handlers/handlerutil.h"

#include <QFile>

using namespace Qt::StringLiterals;

namespace Kumo {

namespace {

/// Reads an optional boolean body field; false (with the problem in @p errors) when it is not one.
bool readFlag(const QJsonObject &body, const QString &key, bool fallback, bool *value, FieldErrors *errors)
{
    const QJsonValue json = body.value(key);
    if (json.isUndefined()) {
        *value = fallback;
        return true;
    }
    if (!json.isBool()) {
        errors->append({ key, u"must be true or false"_s });
        return false;
    }
    *value = json.toBool();
    return true;
}

FieldErrors unknownFields(const QJsonObject &body, const QStringList &known)
{
    FieldErrors errors;
    for (auto it = body.begin(); it != body.end(); ++it) {
        if (!known.contains(it.key()))
            errors.append({ it.key(), u"unknown field; expected %1"_s.arg(known.join(u", "_s)) });
    }
    return errors;
}

} // namespace

HttpResponse BackupHandler::list(RequestContext &)
{
    QJsonArray items;
    const QList<BackupInfo> backups = m_engine.backups().list();
    for (const BackupInfo &backup : backups)
        items.append(backup.toJson());
    return HttpResponse::json(QJsonObject { { u"items"_s, items }, { u"total"_s, items.size() } });
}

HttpResponse BackupHandler::create(RequestContext &context)
{
    FieldErrors errors = unknownFields(context.body, { u"includeProjects"_s });
    bool includeProjects = true;
    readFlag(context.body, u"includeProjects"_s, true, &includeProjects, &errors);
    if (!errors.isEmpty())
        return Problem::validation(errors);
    if (m_engine.isRestartPending())
        return Problem::conflict(u"a restore is waiting for Kumo to restart"_s);
    QString error;
    const std::optional<QString> name
        = m_engine.backups().create(BackupManifest::Kind::Manual, includeProjects, &error);
    if (!name)
        return Problem::conflict(error);
    context.audit.targetType = u"backup"_s;
    context.audit.targetId = *name;
    context.audit.details.insert(u"includeProjects"_s, includeProjects);
    return HttpResponse::json(QJsonObject { { u"name"_s, *name }, { u"state"_s, u"creating"_s } }, 202);
}

HttpResponse BackupHandler::get(RequestContext &context)
{
    const QString name = context.params.value(u"name"_s);
    const std::optional<BackupInfo> backup = m_engine.backups().info(name);
    if (!backup)
        return Problem::notFound(u"no backup is called %1"_s.arg(name));
    return HttpResponse::json(backup->toJson());
}

HttpResponse BackupHandler::download(RequestContext &context)
{
    const QString name = context.params.value(u"name"_s);
    const QString path = m_engine.backups().pathOf(name);
    if (path.isEmpty())
        return Problem::notFound(u"no backup is called %1"_s.arg(name));
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Problem::make(500, u"cannot read %1: %2"_s.arg(name, file.errorString()));
    if (file.size() > kMaxDownloadBytes)
        return Problem::make(413,
            u"the backup has %1 bytes, more than the %2 a download may have: copy it from %3"_s
                .arg(file.size())
                .arg(kMaxDownloadBytes)
                .arg(path));
    HttpResponse response = HttpResponse::bytes(file.readAll(), "application/zip");
    response.setHeader("Content-Disposition", "attachment; filename=\"" + name.toLatin1() + '"');
    return response;
}

HttpResponse BackupHandler::remove(RequestContext &context)
{
    const QString name = context.params.value(u"name"_s);
    context.audit.targetType = u"backup"_s;
    context.audit.targetId = name;
    if (m_engine.backups().pathOf(name).isEmpty())
        return Problem::notFound(u"no backup is called %1"_s.arg(name));
    QString error;
    if (!m_engine.backups().remove(name, &error))
        return Problem::make(500, error);
    return HttpResponse::noContent();
}

HttpResponse BackupHandler::restore(RequestContext &context)
{
    RestoreRequest request;
    request.name = context.params.value(u"name"_s);
    FieldErrors errors = unknownFields(context.body, { u"dryRun"_s, u"stopRunning"_s });
    readFlag(context.body, u"dryRun"_s, false, &request.dryRun, &errors);
    readFlag(context.body, u"stopRunning"_s, false, &request.stopRunning, &errors);
    if (!errors.isEmpty())
        return Problem::validation(errors);
    request.actor = context.principal ? context.principal->user.username : QString();
    request.ip = context.audit.ip;
    context.audit.targetType = u"backup"_s;
    context.audit.targetId = request.name;
    context.audit.details.insert(u"dryRun"_s, request.dryRun);
    const RestoreResult result = m_engine.restoreBackup(request);
    switch (result.status) {
    case RestoreResult::Status::Ok:
        break;
    case RestoreResult::Status::NotFound:
        return Problem::notFound(result.message);
    case RestoreResult::Status::Invalid:
        return Problem::make(422, result.message);
    case RestoreResult::Status::Conflict:
        return Problem::conflict(result.message);
    case RestoreResult::Status::Error:
        return Problem::make(500, result.message);
    }
    if (request.dryRun)
        return HttpResponse::json(QJsonObject { { u"dryRun"_s, true }, { u"plan"_s, result.plan } });
    context.audit.details.insert(u"preRestoreBackup"_s, result.preRestoreBackup);
    return HttpResponse::json(
        QJsonObject { { u"dryRun"_s, false }, { u"plan"_s, result.plan }, { u"restarting"_s, true } }, 202);
}

} // namespace Kumo
