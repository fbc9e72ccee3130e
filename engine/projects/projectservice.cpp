// SPDX-License-Identifier: MIT
#include "projects/projectservice.h"

#include "core/clock.h"
#include "core/logging.h"

#include <QDir>
#include <QFile>
#include <QtConcurrent>

using namespace Qt::StringLiterals;

namespace Kumo {

namespace {

ProjectResult failed(ProjectResult::Status status, const QString &message, FieldErrors errors = {})
{
    ProjectResult result;
    result.status = status;
    result.message = message;
    result.errors = std::move(errors);
    return result;
}

/// A relative path inside the project, '/'-separated, without '..' or '.' parts; "" allowed.
bool isSafeRelativePath(const QString &path)
{
    if (path.isEmpty())
        return true;
    if (path.size() > 1024 || path.startsWith(u'/') || path.contains(u'\\') || path.contains(QChar(0)))
        return false;
    const QStringList parts = path.split(u'/');
    return std::none_of(parts.cbegin(), parts.cend(),
        [](const QString &part) { return part.isEmpty() || part == u"." || part == u".."; });
}

} // namespace

ProjectService::ProjectService(
    Database &database, Clock &clock, QString directory, ExtractionLimits limits, QObject *parent)
    : QObject(parent)
    , m_store(database)
    , m_clock(clock)
    , m_directory(std::move(directory))
    , m_limits(limits)
{
    QDir(m_directory).mkpath(u".incoming"_s);
    // A project left "extracting" by a process that died never finishes: say so.
    for (Project project : m_store.list()) {
        if (project.state != Project::State::Extracting)
            continue;
        project.state = Project::State::Failed;
        project.error = u"Kumo stopped while the archive was being unpacked; upload it again"_s;
        project.updatedAt = m_clock.nowMs();
        (void)m_store.update(project);
    }
}

ProjectService::~ProjectService()
{
    m_stopping = true;
    m_work.waitForFinished();
}

void ProjectService::waitForIdle()
{
    m_work.waitForFinished();
    QCoreApplication::sendPostedEvents(this);
}

QString ProjectService::rootOf(qint64 id) const
{
    return QDir(m_directory).filePath(QString::number(id));
}

FieldErrors ProjectService::applyJson(Project &project, const QJsonObject &json) const
{
    FieldErrors errors;
    const auto text = [&](const QString &key, QString *out, int max, bool required) {
        const QJsonValue value = json.value(key);
        if (value.isUndefined()) {
            if (required)
                errors.append({ key, u"is required"_s });
            return;
        }
        const QString string = value.toString().trimmed();
        if (!value.isString() || (required && string.isEmpty()) || string.size() > max) {
            errors.append({ key,
                required ? u"must be text of 1 to %1 characters"_s.arg(max)
                         : u"must be text of at most %1 characters"_s.arg(max) });
            return;
        }
        *out = string;
    };
    text(u"name"_s, &project.name, 100, project.id == 0);
    text(u"description"_s, &project.description, 2000, false);
    for (const auto &[key, field] :
        { std::pair(u"workingDir"_s, &project.workingDir), std::pair(u"outputDir"_s, &project.outputDir) }) {
        QString value = *field;
        text(key, &value, 1024, false);
        if (!isSafeRelativePath(value))
            errors.append({ key, u"must be a relative path inside the project (no '..', no leading '/')"_s });
        else
            *field = value;
    }
    return errors;
}

ProjectResult ProjectService::check(const QJsonObject &json) const
{
    Project project;
    if (FieldErrors errors = applyJson(project, json); !errors.isEmpty())
        return failed(ProjectResult::Status::Invalid, {}, std::move(errors));
    const QList<Project> existing = m_store.list();
    if (std::any_of(
            existing.cbegin(), existing.cend(), [&](const Project &p) { return p.name == project.name; }))
        return failed(
            ProjectResult::Status::Conflict, u"a project named \"%1\" already exists"_s.arg(project.name));
    return {};
}

ProjectResult ProjectService::create(const QJsonObject &json, const QString &archivePath)
{
    Project project;
    if (FieldErrors errors = applyJson(project, json); !errors.isEmpty())
        return failed(ProjectResult::Status::Invalid, {}, std::move(errors));
    project.state = Project::State::Extracting;
    project.createdAt = project.updatedAt = m_clock.nowMs();
    if (!m_store.create(project)) {
        return failed(m_store.lastErrorWasDuplicateName() ? ProjectResult::Status::Conflict
                                                          : ProjectResult::Status::Error,
            m_store.errorString());
    }
    const QString archive = QDir(m_directory).filePath(u".incoming/%1.archive"_s.arg(project.id));
    QFile::remove(archive);
    if (!QFile::rename(archivePath, archive)) {
        (void)m_store.remove(project.id);
        return failed(
            ProjectResult::Status::Error, u"cannot take the uploaded archive %1"_s.arg(archivePath));
    }
    extract(project, archive);
    ProjectResult result;
    result.project = project;
    return result;
}

void ProjectService::extract(Project project, const QString &archive)
{
    const QString target = rootOf(project.id);
    const ArchiveExtractor extractor(m_limits);
    QPointer<ProjectService> self(this);
    const qint64 id = project.id;
    m_work.addFuture(QtConcurrent::run([self, extractor, archive, target, id, stopping = &m_stopping] {
        const ExtractionResult result = extractor.extract(
            archive, target,
            [self, id](qint64 written, qint64 read, qint64 size) {
                if (self)
                    QMetaObject::invokeMethod(self, [self, id, written, read, size] {
                        if (self)
                            Q_EMIT self->extractionProgress(id, written, read, size);
                    });
            },
            stopping);
        if (self)
            QMetaObject::invokeMethod(self, [self, id, archive, result] {
                if (self)
                    self->finishExtraction(id, archive, result);
            });
    }));
}

void ProjectService::finishExtraction(
    qint64 projectId, const QString &archive, const ExtractionResult &result)
{
    QFile::remove(archive);
    std::optional<Project> project = m_store.get(projectId);
    if (!project) { // deleted meanwhile
        QDir(rootOf(projectId)).removeRecursively();
        return;
    }
    project->updatedAt = m_clock.nowMs();
    if (result.ok) {
        project->state = Project::State::Ready;
        project->error.clear();
        project->files = result.files;
        project->bytes = result.bytes;
        project->topLevelDir = result.singleTopLevelDir;
        // The usual layout (everything in one folder) needs no configuration.
        if (project->workingDir.isEmpty())
            project->workingDir = result.singleTopLevelDir;
    } else {
        project->state = Project::State::Failed;
        project->error = result.entry.isEmpty() || result.error.contains(result.entry)
            ? result.error
            : u"%1 (entry %2)"_s.arg(result.error, result.entry);
        qCWarning(lcEngine) << "project" << projectId << "archive refused:" << project->error;
    }
    if (!m_store.update(*project))
        qCWarning(lcEngine) << m_store.errorString();
    Q_EMIT projectChanged(*project);
}

ProjectResult ProjectService::update(qint64 id, const QJsonObject &json)
{
    std::optional<Project> project = m_store.get(id);
    if (!project)
        return failed(ProjectResult::Status::NotFound, u"project %1 does not exist"_s.arg(id));
    if (FieldErrors errors = applyJson(*project, json); !errors.isEmpty())
        return failed(ProjectResult::Status::Invalid, {}, std::move(errors));
    project->updatedAt = m_clock.nowMs();
    if (!m_store.update(*project)) {
        return failed(m_store.lastErrorWasDuplicateName() ? ProjectResult::Status::Conflict
                                                          : ProjectResult::Status::Error,
            m_store.errorString());
    }
    Q_EMIT projectChanged(*project);
    ProjectResult result;
    result.project = project;
    return result;
}

ProjectResult ProjectService::remove(qint64 id)
{
    const std::optional<Project> project = m_store.get(id);
    if (!project)
        return failed(ProjectResult::Status::NotFound, u"project %1 does not exist"_s.arg(id));
    if (project->state == Project::State::Extracting)
        return failed(ProjectResult::Status::Conflict, u"project %1 is still being unpacked"_s.arg(id));
    const QStringList tasks = m_store.tasksUsing(id);
    if (!tasks.isEmpty()) {
        ProjectResult result = failed(ProjectResult::Status::Conflict,
            u"project \"%1\" is used by %2 task(s): %3; change or delete them first"_s.arg(project->name)
                .arg(tasks.size())
                .arg(tasks.join(u", "_s)));
        result.tasks = tasks;
        return result;
    }
    if (!m_store.remove(id))
        return failed(ProjectResult::Status::Error, m_store.errorString());
    QDir(rootOf(id)).removeRecursively();
    ProjectResult result;
    result.project = project;
    return result;
}

} // namespace Kumo
