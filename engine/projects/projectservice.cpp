// SPDX-License-Identifier: MIT
#include "projects/projectservice.h"

#include "core/clock.h"
#include "core/logging.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QSet>
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
    // Unpacking that a process which died had started never finishes: say so. A replacement
    // in progress leaves the project as it was.
    for (Project project : m_store.list()) {
        if (project.state == Project::State::Extracting) {
            project.state = Project::State::Failed;
            project.error = u"Kumo stopped while the archive was being unpacked; upload it again"_s;
        } else if (project.state == Project::State::Replacing) {
            project.state = Project::State::Ready;
            project.error = u"Kumo stopped while the new archive was being unpacked; the files are "
                            u"unchanged, upload it again"_s;
        } else {
            continue;
        }
        project.updatedAt = m_clock.nowMs();
        (void)m_store.update(project);
    }
    removeLeftovers();
}

ProjectService::~ProjectService()
{
    m_stopping = true;
    waitForWork();
}

void ProjectService::waitForIdle()
{
    waitForWork();
    QCoreApplication::sendPostedEvents(this);
}

void ProjectService::runInBackground(std::function<void()> work)
{
    m_work.removeIf([](const QFuture<void> &future) { return future.isFinished(); });
    m_work.append(QtConcurrent::run(std::move(work)));
}

void ProjectService::waitForWork()
{
    for (QFuture<void> &future : m_work)
        future.waitForFinished();
    m_work.clear();
}

QString ProjectService::rootOf(qint64 id) const
{
    const std::optional<Project> project = m_store.get(id);
    return treeOf(id, project ? project->revision : 1);
}

bool ProjectService::markBroken(qint64 id, const QString &reason)
{
    std::optional<Project> project = m_store.get(id);
    if (!project || project->state != Project::State::Ready)
        return false;
    project->state = Project::State::Failed;
    project->error = reason;
    project->updatedAt = m_clock.nowMs();
    if (!m_store.update(*project))
        return false;
    Q_EMIT projectChanged(*project);
    return true;
}

QString ProjectService::treeOf(qint64 id, int revision) const
{
    const QString name = revision <= 1 ? QString::number(id) : u"%1.%2"_s.arg(id).arg(revision);
    return QDir(m_directory).filePath(name);
}

void ProjectService::removeLeftovers()
{
    QSet<QString> current;
    for (const Project &project : m_store.list())
        current.insert(QFileInfo(rootOf(project)).fileName());
    // Only names this class makes: ID, ID.REVISION, and the extractor's ….part-XXXXXX.
    static const QRegularExpression ours(
        QRegularExpression::anchoredPattern(u"\\d+(\\.\\d+)?(\\.part-\\w+)?"_s));
    const QDir directory(m_directory);
    for (const QString &name : directory.entryList(QDir::Dirs | QDir::NoDotAndDotDot | QDir::Hidden)) {
        if (!current.contains(name) && ours.match(name).hasMatch()) {
            qCInfo(lcEngine) << "removing the unused project tree" << directory.filePath(name);
            QDir(directory.filePath(name)).removeRecursively();
        }
    }
    QDir incoming(directory.filePath(u".incoming"_s));
    for (const QString &name : incoming.entryList(QDir::Files | QDir::Hidden))
        incoming.remove(name);
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
    const std::optional<QString> archive = takeArchive(project.id, archivePath);
    if (!archive) {
        (void)m_store.remove(project.id);
        return failed(
            ProjectResult::Status::Error, u"cannot take the uploaded archive %1"_s.arg(archivePath));
    }
    extract(project.id, *archive, project.revision);
    Q_EMIT projectChanged(project);
    ProjectResult result;
    result.project = project;
    return result;
}

std::optional<QString> ProjectService::takeArchive(qint64 id, const QString &archivePath) const
{
    const QString archive = QDir(m_directory).filePath(u".incoming/%1.archive"_s.arg(id));
    QFile::remove(archive);
    if (!QFile::rename(archivePath, archive))
        return std::nullopt;
    return archive;
}

ProjectResult ProjectService::replace(qint64 id, const QString &archivePath)
{
    std::optional<Project> project = m_store.get(id);
    if (!project)
        return failed(ProjectResult::Status::NotFound, u"project %1 does not exist"_s.arg(id));
    if (project->state == Project::State::Extracting || project->state == Project::State::Replacing)
        return failed(ProjectResult::Status::Conflict,
            u"project %1 is already being unpacked; wait until it is %2"_s.arg(id).arg(
                project->state == Project::State::Extracting ? u"ready or failed"_s : u"ready"_s));
    const std::optional<QString> archive = takeArchive(id, archivePath);
    if (!archive)
        return failed(
            ProjectResult::Status::Error, u"cannot take the uploaded archive %1"_s.arg(archivePath));
    // A project whose first archive failed has no files to keep using.
    project->state
        = project->state == Project::State::Ready ? Project::State::Replacing : Project::State::Extracting;
    project->updatedAt = m_clock.nowMs();
    if (!m_store.update(*project)) {
        QFile::remove(*archive);
        return failed(ProjectResult::Status::Error, m_store.errorString());
    }
    extract(id, *archive, project->revision + 1);
    Q_EMIT projectChanged(*project);
    ProjectResult result;
    result.project = project;
    return result;
}

void ProjectService::extract(qint64 projectId, const QString &archive, int revision)
{
    const QString target = treeOf(projectId, revision);
    QDir(target).removeRecursively(); // a tree of this revision can only be a leftover
    const ArchiveExtractor extractor(m_limits);
    QPointer<ProjectService> self(this);
    runInBackground([self, extractor, archive, target, projectId, revision, stopping = &m_stopping] {
        const ExtractionResult result = extractor.extract(
            archive, target,
            [self, projectId](qint64 written, qint64 read, qint64 size) {
                if (self)
                    QMetaObject::invokeMethod(self, [self, projectId, written, read, size] {
                        if (self)
                            Q_EMIT self->extractionProgress(projectId, written, read, size);
                    });
            },
            stopping);
        if (self)
            QMetaObject::invokeMethod(self, [self, projectId, archive, revision, result] {
                if (self)
                    self->finishExtraction(projectId, archive, revision, result);
            });
    });
}

QString ProjectService::checkNewTree(const Project &project, const QString &tree) const
{
    for (const QString &directory : { project.workingDir, project.outputDir }) {
        if (directory.isEmpty())
            continue;
        if (!QFileInfo(QDir(tree).filePath(directory)).isDir())
            return u"the new archive has no folder '%1' (the project's %2); change the project's "
                   u"setting or the archive"_s.arg(directory,
                       directory == project.workingDir ? u"working directory"_s : u"output directory"_s);
    }
    return {};
}

void ProjectService::finishExtraction(
    qint64 projectId, const QString &archive, int revision, const ExtractionResult &result)
{
    QFile::remove(archive);
    const QString tree = treeOf(projectId, revision);
    std::optional<Project> project = m_store.get(projectId);
    if (!project) { // deleted meanwhile
        QDir(tree).removeRecursively();
        return;
    }
    const bool hadFiles = project->state == Project::State::Replacing;
    project->updatedAt = m_clock.nowMs();
    project->state = hadFiles ? Project::State::Ready : Project::State::Failed;
    QString problem = result.ok ? QString()
        : result.entry.isEmpty() || result.error.contains(result.entry)
        ? result.error
        : u"%1 (entry %2)"_s.arg(result.error, result.entry);
    Project next = *project;
    if (result.ok) {
        // A working directory that was the archive's folder follows the new archive's folder;
        // the usual layout (everything in one folder) needs no configuration.
        if (next.workingDir.isEmpty() || (hadFiles && next.workingDir == next.topLevelDir))
            next.workingDir = result.singleTopLevelDir;
        problem = hadFiles ? checkNewTree(next, tree) : QString();
    }
    if (problem.isEmpty()) {
        next.state = Project::State::Ready;
        next.error.clear();
        next.files = result.files;
        next.bytes = result.bytes;
        next.topLevelDir = result.singleTopLevelDir;
        next.revision = revision;
        // The commit point: from here on the new tree is the project's.
        if (m_store.update(next)) {
            if (revision != project->revision)
                retireTree(treeOf(projectId, project->revision));
            Q_EMIT projectChanged(next);
            return;
        }
        problem = m_store.errorString();
    }
    QDir(tree).removeRecursively();
    project->error = problem;
    qCWarning(lcEngine) << "project" << projectId << "archive refused:" << problem;
    if (!m_store.update(*project))
        qCWarning(lcEngine) << m_store.errorString();
    Q_EMIT projectChanged(*project);
}

void ProjectService::retireTree(const QString &tree)
{
    if (QFileInfo::exists(tree))
        m_oldTrees.append(tree);
    releaseOldTrees();
}

void ProjectService::releaseOldTrees()
{
    for (auto it = m_oldTrees.begin(); it != m_oldTrees.end();) {
        if (m_treeInUse && m_treeInUse(*it)) {
            ++it;
            continue;
        }
        runInBackground([tree = *it] { QDir(tree).removeRecursively(); });
        it = m_oldTrees.erase(it);
    }
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
    if (project->state == Project::State::Extracting || project->state == Project::State::Replacing)
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
    retireTree(rootOf(*project)); // at once, unless a run of a task deleted meanwhile is in it
    Q_EMIT projectRemoved(id);
    ProjectResult result;
    result.project = project;
    return result;
}

std::optional<ProjectFiles> ProjectService::files(qint64 id, FileUse use, ProjectResult *outcome) const
{
    *outcome = {};
    outcome->project = get(id);
    const std::optional<Project> &project = outcome->project;
    if (!project) {
        outcome->status = ProjectResult::Status::NotFound;
        outcome->message = u"project %1 does not exist"_s.arg(id);
        return std::nullopt;
    }
    if (!project->hasFiles()) {
        outcome->status = ProjectResult::Status::Conflict;
        outcome->message = u"project %1 is %2; its files can be used once it is ready"_s.arg(id).arg(
            Project::stateName(project->state));
        return std::nullopt;
    }
    if (use == FileUse::Write && project->state == Project::State::Replacing) {
        // The new archive's files replace these in a moment: an edit now would be lost.
        outcome->status = ProjectResult::Status::Conflict;
        outcome->message
            = u"project %1 is being replaced by a new archive; edit its files once it is ready"_s.arg(id);
        return std::nullopt;
    }
    return ProjectFiles(rootOf(*project));
}

} // namespace Kumo
