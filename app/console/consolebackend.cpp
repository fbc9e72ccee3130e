// SPDX-License-Identifier: MIT
#include "console/consolebackend.h"

#include "console/consoleaudit.h"
#include "console/logmodel.h"
#include "console/runlistmodel.h"
#include "console/tasklistmodel.h"
#include "core/clock.h"
#include "core/projectrequirements.h"
#include "engine.h"
#include "environments/environmentservice.h"
#include "environments/interpreterregistry.h"
#include "execution/resourcesampler.h"
#include "projects/projectdetector.h"
#include "projects/projectservice.h"
#include "scheduling/triggerpreview.h"
#include "storage/runstore.h"
#include "storage/taskstore.h"
#include "system/envvarservice.h"
#include "system/runsettings.h"
#include "system/systemmonitor.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>
#include <QLocale>
#include <QQmlEngine>
#include <QRegularExpression>
#include <QSettings>
#include <QUrl>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace Kumo {

using Console::failure;

namespace {

/// A path as QML gives it: a file dialog's file:// URL, or what was typed.
QString localPath(const QString &given)
{
    return given.startsWith(u"file:"_s) ? QUrl(given).toLocalFile() : given;
}

} // namespace

ConsoleBackend::ConsoleBackend(Engine &engine, QObject *parent)
    : QObject(parent)
    , m_engine(engine)
    , m_tasks(new TaskListModel(engine, this))
    , m_runs(new RunListModel(engine, this))
    , m_projects(new ProjectListModel(engine, this))
    , m_environments(new EnvironmentListModel(engine, this))
    , m_audit(new AuditListModel(engine, this))
    , m_backups(new BackupBackend(engine, this))
    , m_maintenance(new MaintenanceBackend(engine, this))
    , m_users(new UserBackend(engine, this))
{
    for (const MonitorSample &sample : engine.monitor().history(0))
        m_history.append(QVariantMap { { u"at"_s, sample.at }, { u"cpu"_s, sample.system.cpuPercent },
            { u"memoryUsed"_s,
                double(sample.system.memoryTotalBytes - sample.system.memoryAvailableBytes) } });
    connect(&engine.monitor(), &SystemMonitor::sampled, this, &ConsoleBackend::takeSample);
    connect(
        &engine.interpreters(), &InterpreterRegistry::refreshed, this, &ConsoleBackend::interpretersChanged);
    m_stats = statsOf(engine.monitor().latest());
}

QVariantMap ConsoleBackend::statsOf(const MonitorSample &sample) const
{
    QVariantMap stats = sample.toJson().toVariantMap();
    stats.insert(u"maxConcurrent"_s, m_engine.runSettings().maxConcurrent);
    return stats;
}

ConsoleBackend::~ConsoleBackend() = default;

QString ConsoleBackend::actor()
{
    return Console::actor();
}

namespace {
ConsoleBackend *s_instance = nullptr;
}

void ConsoleBackend::setInstance(ConsoleBackend *backend)
{
    s_instance = backend;
}

ConsoleBackend *ConsoleBackend::create(QQmlEngine *, QJSEngine *)
{
    Q_ASSERT_X(s_instance, "ConsoleBackend::create", "setInstance() was not called before loading QML");
    // The console owns the backend (it outlives every QML engine); QML must not delete it.
    QJSEngine::setObjectOwnership(s_instance, QJSEngine::CppOwnership);
    return s_instance;
}

QVariantMap ConsoleBackend::audited(const QString &action, const QString &targetType,
    const QVariant &targetId, const QVariantMap &answer, const QJsonObject &details)
{
    return Console::audited(m_engine, action, targetType, targetId, answer, details);
}

QString ConsoleBackend::systemLanguage()
{
    const QLocale locale = QLocale::system();
    return locale.language() == QLocale::Chinese ? u"zh_CN"_s : u"en"_s;
}

void ConsoleBackend::setLanguage(const QString &language)
{
    const QString wanted = language == u"zh_CN"_s || language == u"zh-CN"_s ? u"zh_CN"_s : u"en"_s;
    if (wanted == m_language)
        return;
    QCoreApplication::removeTranslator(&m_translator);
    // English is the source language: nothing to load for it.
    if (wanted != u"en"_s && m_translator.load(u":/i18n/kumo_%1.qm"_s.arg(wanted)))
        QCoreApplication::installTranslator(&m_translator);
    m_language = wanted;
    if (m_qmlEngine)
        m_qmlEngine->retranslate();
    m_tasks->reload(); // schedules in words come from C++
    Q_EMIT languageChanged();
}

QString ConsoleBackend::dataDir() const
{
    return QDir(m_engine.config().dataDir).absolutePath();
}

QString ConsoleBackend::version() const
{
    return QCoreApplication::applicationVersion();
}

void ConsoleBackend::setServeUrl(const QString &url)
{
    if (url == m_serveUrl)
        return;
    m_serveUrl = url;
    Q_EMIT serveUrlChanged();
}

void ConsoleBackend::setServeHint(const QString &hint)
{
    m_serveHint = hint;
    Q_EMIT serveUrlChanged();
}

void ConsoleBackend::takeSample()
{
    const MonitorSample sample = m_engine.monitor().latest();
    m_stats = statsOf(sample);
    m_history.append(QVariantMap { { u"at"_s, sample.at }, { u"cpu"_s, sample.system.cpuPercent },
        { u"memoryUsed"_s, double(sample.system.memoryTotalBytes - sample.system.memoryAvailableBytes) } });
    if (m_history.size() > SystemMonitor::kDefaultCapacity)
        m_history.removeFirst();
    Q_EMIT statsChanged();
}

LogModel *ConsoleBackend::createLogModel(qint64 runId, QObject *owner)
{
    auto *model = new LogModel(m_engine, owner ? owner : this);
    model->setRunId(runId);
    return model;
}

RunListModel *ConsoleBackend::createRunModel(qint64 taskId, QObject *owner)
{
    auto *model = new RunListModel(m_engine, owner ? owner : this);
    model->setTaskId(taskId);
    return model;
}

QVariantMap ConsoleBackend::task(qint64 id) const
{
    const std::optional<Task> task = m_engine.tasks().get(id);
    return task ? task->toJson().toVariantMap() : QVariantMap();
}

QVariantMap ConsoleBackend::run(qint64 id) const
{
    const std::optional<Run> run = m_engine.runs().get(id);
    return run ? run->toJson().toVariantMap() : QVariantMap();
}

QVariantMap ConsoleBackend::answer(const TaskResult &result)
{
    if (!result.ok())
        return failure(result.message, result.errors);
    QVariantMap map { { u"ok"_s, true } };
    if (result.task)
        map.insert(u"id"_s, result.task->id);
    if (result.run)
        map.insert(u"runId"_s, result.run->id);
    return map;
}

QVariantMap ConsoleBackend::createTask(const QVariantMap &fields)
{
    Task task;
    const FieldErrors errors = task.applyJson(QJsonObject::fromVariantMap(fields));
    if (!errors.isEmpty())
        return audited(u"task.create"_s, u"task"_s, {}, failure({}, errors));
    const QVariantMap result = answer(m_engine.createTask(task));
    return audited(u"task.create"_s, u"task"_s, result.value(u"id"_s), result, { { u"name"_s, task.name } });
}

QVariantMap ConsoleBackend::updateTask(qint64 id, const QVariantMap &changes)
{
    return audited(u"task.update"_s, u"task"_s, id,
        answer(m_engine.updateTask(id, QJsonObject::fromVariantMap(changes))),
        { { u"fields"_s, QJsonArray::fromStringList(changes.keys()) } });
}

QVariantMap ConsoleBackend::deleteTask(qint64 id)
{
    return audited(u"task.delete"_s, u"task"_s, id, answer(m_engine.deleteTask(id)));
}

QVariantMap ConsoleBackend::setTaskEnabled(qint64 id, bool enabled)
{
    return audited(enabled ? u"task.resume"_s : u"task.pause"_s, u"task"_s, id,
        answer(m_engine.setTaskEnabled(id, enabled)));
}

QVariantMap ConsoleBackend::runTask(qint64 id)
{
    const QVariantMap result = answer(m_engine.runTaskNow(id));
    return audited(
        u"task.run"_s, u"task"_s, id, result, { { u"runId"_s, result.value(u"runId"_s).toLongLong() } });
}

QVariantMap ConsoleBackend::cancelRun(qint64 runId)
{
    QString error;
    if (!m_engine.cancelRun(runId, &error))
        return audited(u"run.cancel"_s, u"run"_s, runId, failure(error));
    return audited(u"run.cancel"_s, u"run"_s, runId, { { u"ok"_s, true } });
}

QVariantMap ConsoleBackend::previewTrigger(const QVariantMap &trigger, int count) const
{
    FieldErrors errors;
    const std::optional<TriggerSpec> spec
        = TriggerSpec::fromJson(QJsonObject::fromVariantMap(trigger), &errors);
    if (!spec)
        return failure({}, errors);
    QVariantList fires;
    for (const FirePreview &fire : previewFires(*spec, m_engine.clock().nowMs(), std::clamp(count, 1, 400))) {
        fires.append(QVariantMap { { u"at"_s, QDateTime::fromMSecsSinceEpoch(fire.atMs) },
            { u"local"_s, fire.localTime }, { u"offsetChanged"_s, fire.offsetChanged } });
    }
    return { { u"ok"_s, true }, { u"fires"_s, fires } };
}

FileTreeModel *ConsoleBackend::createFileTree(qint64 projectId, QObject *owner)
{
    return new FileTreeModel(m_engine, projectId, owner ? owner : this);
}

QVariantMap ConsoleBackend::importProject(const QString &name, const QString &archivePath)
{
    const QJsonObject fields { { u"name"_s, name } };
    const QJsonObject details { { u"name"_s, name } };
    const ProjectResult checked = m_engine.projects().check(fields);
    if (!checked.ok())
        return audited(
            u"project.create"_s, u"project"_s, {}, failure(checked.message, checked.errors), details);
    // The service takes the archive over (moves it): give it a copy in the data directory.
    const QString incoming = QDir(m_engine.config().dataDir).filePath(u"uploads"_s);
    QDir().mkpath(incoming);
    const QString copy = incoming + u"/console-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces);
    // A file dialog gives a file:// URL; a test or a script gives a path.
    const QString source = localPath(archivePath);
    // A regular file within the API's upload limit: not a FIFO or a device that never ends.
    const QFileInfo info(source);
    if (!info.isFile())
        return audited(
            u"project.create"_s, u"project"_s, {}, failure(tr("%1 is not a file").arg(source)), details);
    if (info.size() > kMaxImportBytes)
        return audited(u"project.create"_s, u"project"_s, {},
            failure(tr("%1 is larger than the %2 bytes an upload may be").arg(source).arg(kMaxImportBytes)),
            details);
    if (!QFile::copy(source, copy))
        return audited(
            u"project.create"_s, u"project"_s, {}, failure(u"cannot read %1"_s.arg(archivePath)), details);
    const ProjectResult created = m_engine.projects().create(fields, copy);
    if (!created.ok()) {
        QFile::remove(copy);
        return audited(
            u"project.create"_s, u"project"_s, {}, failure(created.message, created.errors), details);
    }
    return audited(u"project.create"_s, u"project"_s, created.project->id,
        { { u"ok"_s, true }, { u"id"_s, created.project->id } }, details);
}

QVariantMap ConsoleBackend::deleteProject(qint64 id)
{
    const ProjectResult removed = m_engine.projects().remove(id);
    if (!removed.ok()) {
        QString message = removed.message;
        if (!removed.tasks.isEmpty())
            message += u" ("_s + removed.tasks.join(u", "_s) + u')';
        return audited(u"project.delete"_s, u"project"_s, id, failure(message, removed.errors));
    }
    // As the API does: the project's own variables go with it.
    (void)m_engine.envVars().store().removeScope(EnvVar::Scope::Project, id);
    return audited(u"project.delete"_s, u"project"_s, id, { { u"ok"_s, true } });
}

QVariantMap ConsoleBackend::project(qint64 id) const
{
    const std::optional<Project> project = m_engine.projects().get(id);
    return project ? project->toJson().toVariantMap() : QVariantMap();
}

QVariantMap ConsoleBackend::readFile(qint64 projectId, const QString &path) const
{
    ProjectResult why;
    const std::optional<ProjectFiles> files
        = m_engine.projects().files(projectId, ProjectService::FileUse::Read, &why);
    if (!files)
        return failure(why.message);
    ProjectFiles::Result result;
    const std::optional<FileContent> content = files->read(path, kMaxEditableBytes, &result);
    if (!content)
        return failure(result.message);
    if (content->binary)
        return failure(tr("%1 is not a text file").arg(path));
    return { { u"ok"_s, true }, { u"text"_s, content->text }, { u"encoding"_s, content->encoding } };
}

QVariantMap ConsoleBackend::saveFile(
    qint64 projectId, const QString &path, const QString &text, const QString &encoding)
{
    QString error;
    const std::optional<ProjectFiles::Encoded> encoded
        = ProjectFiles::encodeText(text, encoding.isEmpty() ? u"UTF-8"_s : encoding, &error);
    if (!encoded)
        return failure(error);
    if (encoded->bytes.size() > kMaxEditableBytes)
        return failure(tr("the text is larger than the %1 bytes the editor saves").arg(kMaxEditableBytes));
    ProjectResult why;
    const std::optional<ProjectFiles> files
        = m_engine.projects().files(projectId, ProjectService::FileUse::Write, &why);
    if (!files)
        return failure(why.message);
    if (const ProjectFiles::Result result = files->write(path, encoded->bytes); !result.ok())
        return failure(result.message);
    return { { u"ok"_s, true } };
}

QVariantMap ConsoleBackend::writeFile(
    qint64 projectId, const QString &path, const QString &text, const QString &encoding)
{
    return audited(u"project.file.write"_s, u"project"_s, projectId,
        saveFile(projectId, path, text, encoding), { { u"path"_s, path } });
}

QVariantList ConsoleBackend::interpreters() const
{
    QVariantList list;
    for (const Interpreter &interpreter : m_engine.interpreters().list()) {
        if (!interpreter.available)
            continue;
        list.append(QVariantMap { { u"id"_s, interpreter.id },
            { u"label"_s, u"Python %1 — %2"_s.arg(interpreter.version, interpreter.path) } });
    }
    return list;
}

namespace {

QVariantMap envFailure(const EnvResult &result)
{
    QString message = result.message;
    if (!result.tasks.isEmpty())
        message += u" ("_s + result.tasks.join(u", "_s) + u')';
    return failure(message, result.errors);
}

} // namespace

QVariantMap ConsoleBackend::createEnvironment(const QString &name, qint64 interpreterId)
{
    return createFrom(
        { { u"name"_s, name }, { u"backend"_s, u"venv"_s }, { u"interpreterId"_s, interpreterId } });
}

QVariantMap ConsoleBackend::createCondaEnvironment(const QString &name, const QString &pythonVersion)
{
    return createFrom({ { u"name"_s, name }, { u"backend"_s, u"conda"_s },
        { u"pythonVersion"_s, pythonVersion.trimmed() } });
}

QVariantMap ConsoleBackend::createFrom(const QJsonObject &fields)
{
    const EnvResult result = m_engine.environments().create(fields, actor());
    const QVariantMap answer = result.ok() ? QVariantMap { { u"ok"_s, true },
        { u"id"_s, result.environment->id }, { u"operationId"_s, result.operation->id } }
                                           : envFailure(result);
    return audited(u"environment.create"_s, u"environment"_s, answer.value(u"id"_s), answer,
        { { u"name"_s, fields.value(u"name"_s).toString().left(100) },
            { u"backend"_s, fields.value(u"backend"_s) } });
}

QVariantMap ConsoleBackend::pythonSettings() const
{
    const EnvironmentService &environments = m_engine.environments();
    return { { u"condaExecutable"_s, environments.pythonSettings().condaExecutable },
        { u"condaFound"_s, environments.condaExecutable() } };
}

QVariantMap ConsoleBackend::setCondaExecutable(const QString &path)
{
    EnvironmentService &environments = m_engine.environments();
    const QString chosen = localPath(path.trimmed());
    FieldErrors errors;
    const std::optional<EnvironmentService::PythonSettings> changed
        = EnvironmentService::PythonSettings::fromJson(
            { { u"condaExecutable"_s, chosen } }, environments.pythonSettings(), &errors);
    QVariantMap answer;
    if (!changed)
        answer = failure({}, errors);
    else if (!chosen.isEmpty()
        && (!QFileInfo(chosen).isAbsolute() || !QFileInfo(chosen).isFile()
            || !QFileInfo(chosen).isExecutable()))
        answer = failure(tr("%1 is not an executable file").arg(chosen));
    else if (!environments.setPythonSettings(*changed))
        answer = failure(tr("the setting could not be stored"));
    else
        answer = { { u"ok"_s, true }, { u"condaFound"_s, environments.condaExecutable() } };
    return audited(u"settings.update"_s, u"settings"_s, u"python"_s, answer,
        { { u"groups"_s, QJsonArray { u"python"_s } } });
}

QVariantList ConsoleBackend::requirementsChoices() const
{
    QVariantList list;
    for (const Project &project : m_engine.projects().list()) {
        if (!project.hasFiles())
            continue;
        // The detector looks where tasks run; the API wants the path from the project's root.
        const QString root = m_engine.projects().rootOf(project);
        const QString workingDir
            = QDir::cleanPath(project.workingDir.isEmpty() ? u"."_s : project.workingDir);
        ProjectFiles::Result why;
        const std::optional<QString> directory = ProjectFiles(root).resolve(workingDir, &why);
        QString file = directory ? ProjectDetector::detect(*directory).requirementsFile : QString();
        if (!file.isEmpty() && workingDir != u"."_s)
            file = workingDir + u'/' + file;
        list.append(QVariantMap { { u"id"_s, project.id }, { u"name"_s, project.name },
            { u"requirementsFile"_s, file.isEmpty() ? u"requirements.txt"_s : file } });
    }
    return list;
}

QVariantMap ConsoleBackend::installRequirements(qint64 environmentId, const QVariantMap &source, bool upgrade)
{
    QVariantMap answer;
    QString requirementsFile;
    QString described;
    if (source.contains(u"file"_s)) {
        // A file of this computer, chosen by the desktop's own user.
        const QString given = source.value(u"file"_s).toString();
        const QString path = localPath(given.trimmed());
        const QFileInfo info(path);
        described = path;
        if (path.isEmpty())
            answer = failure(tr("choose a requirements file"));
        else if (!info.isAbsolute() || !info.isFile() || !info.isReadable())
            answer = failure(tr("%1 is not a readable file").arg(path));
        else if (info.size() > kMaxRequirementsBytes)
            answer = failure(tr("%1 is larger than %2 bytes: not a requirements file")
                                 .arg(path)
                                 .arg(kMaxRequirementsBytes));
        else
            requirementsFile = info.absoluteFilePath();
    } else {
        const ProjectRequirements resolved = ProjectRequirements::resolve(m_engine.projects(),
            source.value(u"projectId"_s).toLongLong(), source.value(u"path"_s).toString().trimmed());
        described = resolved.label;
        if (!resolved.ok())
            answer = failure(resolved.errors.constFirst().message, resolved.errors);
        else
            requirementsFile = resolved.absolutePath;
    }
    if (answer.isEmpty()) {
        const EnvResult result = m_engine.environments().change(environmentId,
            upgrade ? EnvOperation::Kind::Upgrade : EnvOperation::Kind::Install, {}, requirementsFile,
            actor());
        answer = result.ok() ? QVariantMap { { u"ok"_s, true }, { u"operationId"_s, result.operation->id } }
                             : envFailure(result);
    }
    return audited(u"environment.packages"_s, u"environment"_s, environmentId, answer,
        { { u"action"_s, upgrade ? u"upgrade"_s : u"install"_s },
            { u"requirements"_s, described.left(300) } });
}

QVariantMap ConsoleBackend::deleteEnvironment(qint64 id)
{
    const EnvResult result = m_engine.environments().remove(id);
    return audited(u"environment.delete"_s, u"environment"_s, id,
        result.ok() ? QVariantMap { { u"ok"_s, true } } : envFailure(result));
}

QVariantMap ConsoleBackend::changePackages(
    qint64 environmentId, const QString &action, const QString &specifiers)
{
    static const QHash<QString, EnvOperation::Kind> actions { { u"install"_s, EnvOperation::Kind::Install },
        { u"upgrade"_s, EnvOperation::Kind::Upgrade }, { u"uninstall"_s, EnvOperation::Kind::Uninstall } };
    static const QRegularExpression separators(u"[\\s,]+"_s);
    const QStringList packages = specifiers.split(separators, Qt::SkipEmptyParts);
    QVariantMap answer;
    if (!actions.contains(action))
        answer = failure(tr("the action must be install, upgrade or uninstall"));
    else if (packages.isEmpty())
        answer = failure(tr("name at least one package"));
    if (answer.isEmpty()) {
        const EnvResult result
            = m_engine.environments().change(environmentId, actions.value(action), packages, {}, actor());
        answer = result.ok() ? QVariantMap { { u"ok"_s, true }, { u"operationId"_s, result.operation->id } }
                             : envFailure(result);
    }
    return audited(u"environment.packages"_s, u"environment"_s, environmentId, answer,
        { { u"action"_s, action }, { u"packages"_s, QJsonArray::fromStringList(packages.mid(0, 20)) } });
}

PackageListModel *ConsoleBackend::createPackageModel(qint64 environmentId, QObject *owner)
{
    return new PackageListModel(m_engine, environmentId, owner ? owner : this);
}

OperationLog *ConsoleBackend::createOperationLog(qint64 operationId, QObject *owner)
{
    return new OperationLog(m_engine, operationId, owner ? owner : this);
}

QVariantMap ConsoleBackend::environment(qint64 id) const
{
    const std::optional<Environment> environment = m_engine.environments().get(id);
    return environment ? environment->toJson().toVariantMap() : QVariantMap();
}

QString ConsoleBackend::serveSetting()
{
    return QSettings().value(u"console/serve"_s).toString();
}

void ConsoleBackend::setServeSetting(const QString &address)
{
    if (address.trimmed() == serveSetting())
        return;
    QSettings().setValue(u"console/serve"_s, address.trimmed());
    Q_EMIT serveSettingChanged();
}

QVariantList ConsoleBackend::variables() const
{
    QHash<QString, QString> names; // "project:3" → its name
    for (const QVariant &scope : variableScopes()) {
        const QVariantMap map = scope.toMap();
        names.insert(map.value(u"key"_s).toString(), map.value(u"name"_s).toString());
    }
    QVariantList list;
    for (const EnvVar &variable : m_engine.envVars().list()) {
        QVariantMap map = variable.toJson().toVariantMap();
        const QString key = EnvVar::scopeName(variable.scope)
            + (variable.scope == EnvVar::Scope::Global ? QString()
                                                       : u':' + QString::number(variable.scopeId));
        map.insert(u"scopeKey"_s, key);
        map.insert(u"scopeName"_s, names.value(key, u"#%1"_s.arg(variable.scopeId)));
        list.append(map);
    }
    return list;
}

QVariantList ConsoleBackend::variableScopes() const
{
    QVariantList list { QVariantMap {
        { u"key"_s, u"global"_s }, { u"type"_s, u"global"_s }, { u"id"_s, 0 }, { u"name"_s, QString() } } };
    for (const Project &project : m_engine.projects().list())
        list.append(QVariantMap { { u"key"_s, u"project:%1"_s.arg(project.id) }, { u"type"_s, u"project"_s },
            { u"id"_s, project.id }, { u"name"_s, project.name } });
    for (const Task &task : m_engine.tasks().list())
        list.append(QVariantMap { { u"key"_s, u"task:%1"_s.arg(task.id) }, { u"type"_s, u"task"_s },
            { u"id"_s, task.id }, { u"name"_s, task.name } });
    return list;
}

namespace {

QVariantMap varAnswer(const EnvVarResult &result)
{
    if (!result.ok())
        return failure(result.message, result.errors);
    return { { u"ok"_s, true }, { u"id"_s, result.variable ? result.variable->id : 0 } };
}

} // namespace

QVariantMap ConsoleBackend::saveVariable(qint64 id, const QVariantMap &fields)
{
    QJsonObject json = QJsonObject::fromVariantMap(fields);
    if (id == 0 && !json.contains(u"scope"_s))
        json.insert(u"scope"_s, QJsonObject { { u"type"_s, u"global"_s } });
    const EnvVarResult result = id ? m_engine.envVars().update(id, json) : m_engine.envVars().create(json);
    // Name, scope and whether it is secret, never the value.
    QJsonObject details { { u"name"_s, json.value(u"name"_s).toString().left(128) },
        { u"secret"_s, json.value(u"secret"_s) }, { u"scope"_s, json.value(u"scope"_s) } };
    if (result.variable) {
        const QJsonObject stored = result.variable->toJson();
        for (const QString &key : { u"name"_s, u"secret"_s, u"scope"_s })
            details.insert(key, stored.value(key));
    }
    if (id)
        details.insert(u"changed"_s, QJsonArray::fromStringList(json.keys()));
    const QVariantMap answer = varAnswer(result);
    return audited(id ? u"envvar.update"_s : u"envvar.create"_s, u"envvar"_s,
        id ? QVariant(id) : answer.value(u"id"_s), answer, details);
}

QVariantMap ConsoleBackend::deleteVariable(qint64 id)
{
    const EnvVarResult result = m_engine.envVars().remove(id);
    QJsonObject details;
    if (result.variable)
        details = { { u"name"_s, result.variable->name }, { u"secret"_s, result.variable->secret },
            { u"scope"_s, result.variable->toJson().value(u"scope"_s) } };
    return audited(u"envvar.delete"_s, u"envvar"_s, id, varAnswer(result), details);
}

QVariantMap ConsoleBackend::pypi() const
{
    return m_engine.environments().packageIndex().toJson().toVariantMap();
}

QVariantMap ConsoleBackend::setPypiIndexUrl(const QString &url)
{
    FieldErrors errors;
    const PackageIndex current = m_engine.environments().packageIndex();
    const std::optional<PackageIndex> changed
        = PackageIndex::fromJson(QJsonObject { { u"indexUrl"_s, url.trimmed() } }, current, &errors);
    QVariantMap answer;
    if (!changed)
        answer = failure({}, errors);
    else if (!m_engine.environments().setPackageIndex(*changed))
        answer = failure(tr("the setting could not be stored"));
    else
        answer = { { u"ok"_s, true } };
    return audited(u"settings.update"_s, u"settings"_s, u"pypi"_s, answer,
        { { u"groups"_s, QJsonArray { u"pypi"_s } } });
}

QVariantList ConsoleBackend::runSamples(qint64 runId) const
{
    QVariantList list;
    for (const ResourceSample &sample : m_engine.runs().samples(runId))
        list.append(QVariantMap { { u"at"_s, sample.atMs }, { u"cpu"_s, sample.cpuPercent },
            { u"rss"_s, double(sample.rssBytes) } });
    return list;
}

QVariantList ConsoleBackend::interpreterDetails() const
{
    QHash<qint64, QStringList> usedBy;
    for (const Environment &environment : m_engine.environments().list()) {
        if (environment.interpreterId)
            usedBy[*environment.interpreterId].append(environment.name);
    }
    QVariantList list;
    for (const Interpreter &interpreter : m_engine.interpreters().list()) {
        QVariantMap map = interpreter.toJson().toVariantMap();
        map.insert(u"usedBy"_s, usedBy.value(interpreter.id));
        list.append(map);
    }
    return list;
}

void ConsoleBackend::refreshInterpreters()
{
    m_engine.interpreters().refresh();
}

void ConsoleBackend::addInterpreter(const QString &path)
{
    m_engine.interpreters().add(path.trimmed(),
        [this, path, guard = QPointer<ConsoleBackend>(this)](const InterpreterResult &result) {
            if (!guard)
                return;
            const QVariantMap answer
                = result.ok() ? QVariantMap { { u"ok"_s, true } } : failure(result.message);
            audited(u"python.register"_s, u"python"_s, {}, answer, { { u"path"_s, path } });
            Q_EMIT interpretersChanged();
            Q_EMIT interpreterAdded(result.ok(), answer.value(u"message"_s).toString());
        });
}

} // namespace Kumo
