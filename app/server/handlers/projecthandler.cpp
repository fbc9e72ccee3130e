// SPDX-License-Identifier: MIT
#include "server/handlers/projecthandler.h"

#include "engine.h"
#include "projects/projectdetector.h"
#include "projects/projectfiles.h"
#include "projects/projectservice.h"
#include "server/handlers/handlerutil.h"
#include "server/uploadmanager.h"
#include "system/envvarservice.h"

#include <QFile>

using namespace Qt::StringLiterals;

namespace Kumo {

namespace {

HttpResponse projectFailure(const ProjectResult &result)
{
    switch (result.status) {
    case ProjectResult::Status::Invalid:
        return Problem::validation(result.errors);
    case ProjectResult::Status::NotFound:
        return Problem::notFound(result.message);
    case ProjectResult::Status::Conflict:
        return result.tasks.isEmpty()
            ? Problem::conflict(result.message)
            : conflictWith(result.message, u"tasks"_s, QJsonArray::fromStringList(result.tasks));
    case ProjectResult::Status::Ok:
    case ProjectResult::Status::Error:
        break;
    }
    return storageFailure(result.message);
}

} // namespace

HttpResponse ProjectHandler::list(RequestContext &)
{
    QJsonArray items;
    for (const Project &project : m_engine.projects().list())
        items.append(project.toJson());
    return pageResponse(items, items.size(), int(items.size()), 0);
}

std::optional<QString> ProjectHandler::takeUpload(RequestContext &context, HttpResponse *problem)
{
    const QJsonValue uploadId = context.body.value(u"uploadId"_s);
    if (!uploadId.isDouble() || uploadId.toDouble() < 1) {
        *problem = Problem::validation(
            { { u"uploadId"_s, u"give the id of a finished upload (POST /api/uploads)"_s } });
        return std::nullopt;
    }
    const qint64 ownerId = context.principal->user.id;
    const UploadManager::Result upload = m_uploads.get(uploadId.toInteger(), ownerId);
    if (!upload.ok()) {
        *problem = Problem::validation({ { u"uploadId"_s, upload.message } });
        return std::nullopt;
    }
    if (!upload.upload->complete()) {
        *problem = Problem::validation({ { u"uploadId"_s,
            u"upload %1 has %2 of %3 bytes; finish it first"_s.arg(upload.upload->id)
                .arg(upload.upload->received)
                .arg(upload.upload->size) } });
        return std::nullopt;
    }
    context.audit.details.insert(u"archive"_s, upload.upload->filename);
    return m_uploads.take(upload.upload->id, ownerId).upload->path;
}

HttpResponse ProjectHandler::create(RequestContext &context)
{
    context.audit.details.insert(u"name"_s, context.body.value(u"name"_s).toString().left(100));
    if (!context.body.value(u"uploadId"_s).isDouble())
        return Problem::validation(
            { { u"uploadId"_s, u"give the id of a finished upload (POST /api/uploads)"_s } });
    // Check the fields before the upload is consumed, so that a typo does not cost the upload.
    if (const ProjectResult checked = m_engine.projects().check(context.body); !checked.ok())
        return projectFailure(checked);
    HttpResponse problem;
    const std::optional<QString> archive = takeUpload(context, &problem);
    if (!archive)
        return problem;
    const ProjectResult result = m_engine.projects().create(context.body, *archive);
    if (!result.ok()) {
        QFile::remove(*archive);
        return projectFailure(result);
    }
    context.audit.targetId = QString::number(result.project->id);
    HttpResponse response = HttpResponse::json(result.project->toJson(), 202);
    response.setHeader("Location", "/api/projects/" + QByteArray::number(result.project->id));
    return response;
}

HttpResponse ProjectHandler::replaceArchive(RequestContext &context)
{
    // The same checks as the replacement's, before the upload is consumed.
    const std::optional<Project> project = m_engine.projects().get(context.id());
    if (!project)
        return Problem::notFound(u"project %1 does not exist"_s.arg(context.id()));
    if (project->state == Project::State::Extracting || project->state == Project::State::Replacing)
        return Problem::conflict(u"project %1 is already being unpacked"_s.arg(project->id));
    HttpResponse problem;
    const std::optional<QString> archive = takeUpload(context, &problem);
    if (!archive)
        return problem;
    const ProjectResult result = m_engine.projects().replace(context.id(), *archive);
    if (!result.ok()) {
        QFile::remove(*archive);
        return projectFailure(result);
    }
    return HttpResponse::json(result.project->toJson(), 202);
}

HttpResponse ProjectHandler::get(RequestContext &context)
{
    const std::optional<Project> project = m_engine.projects().get(context.id());
    if (!project)
        return Problem::notFound(u"project %1 does not exist"_s.arg(context.id()));
    return HttpResponse::json(project->toJson());
}

HttpResponse ProjectHandler::update(RequestContext &context)
{
    context.audit.details.insert(u"fields"_s, QJsonArray::fromStringList(context.body.keys()));
    const ProjectResult result = m_engine.projects().update(context.id(), context.body);
    if (!result.ok())
        return projectFailure(result);
    return HttpResponse::json(result.project->toJson());
}

HttpResponse ProjectHandler::suggestions(RequestContext &context)
{
    const std::optional<Project> project = m_engine.projects().get(context.id());
    if (!project)
        return Problem::notFound(u"project %1 does not exist"_s.arg(context.id()));
    if (!project->hasFiles())
        return Problem::conflict(
            u"project %1 is not ready (%2)"_s.arg(project->id).arg(Project::stateName(project->state)));
    // Where its tasks will run: the project's working directory, resolved inside it.
    ProjectFiles::Result result;
    const std::optional<QString> directory
        = ProjectFiles(m_engine.projects().rootOf(*project)).resolve(project->workingDir, &result);
    if (!directory)
        return Problem::conflict(result.message);
    QJsonObject body = ProjectDetector::detect(*directory).toJson();
    body.insert(u"directory"_s, project->workingDir);
    return HttpResponse::json(body);
}

HttpResponse ProjectHandler::remove(RequestContext &context)
{
    const ProjectResult result = m_engine.projects().remove(context.id());
    if (!result.ok())
        return projectFailure(result);
    (void)m_engine.envVars().store().removeScope(EnvVar::Scope::Project, context.id());
    context.audit.details.insert(u"name"_s, result.project->name);
    return HttpResponse::noContent();
}

} // namespace Kumo
