// SPDX-License-Identifier: MIT
#include "server/httpserver.h"

#include "engine.h"
#include "server/apiserver.h"
#include "server/eventhub.h"
#include "server/handlers/authhandler.h"
#include "server/handlers/backuphandler.h"
#include "server/handlers/environmenthandler.h"
#include "server/handlers/envvarhandler.h"
#include "server/handlers/maintenancehandler.h"
#include "server/handlers/projectfilehandler.h"
#include "server/handlers/projecthandler.h"
#include "server/handlers/runhandler.h"
#include "server/handlers/settingshandler.h"
#include "server/handlers/systemhandler.h"
#include "server/handlers/taskhandler.h"
#include "server/handlers/uploadhandler.h"
#include "server/uploadmanager.h"
#include "server/webassets.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QTcpSocket>
#include <QUrl>
#include <QWebSocket>

using namespace Qt::StringLiterals;

namespace Kumo {

namespace {

QString peerKey(const QHostAddress &address, quint16 port)
{
    return address.toString() + u'|' + QString::number(port);
}

HttpResponse resourceFile(const QString &path, const QByteArray &contentType)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Problem::notFound(u"missing resource"_s);
    HttpResponse response = HttpResponse::bytes(file.readAll(), contentType);
    response.setHeader("Content-Security-Policy",
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; "
        "frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
    response.setHeader("Cache-Control", "no-cache");
    return response;
}

} // namespace

HttpServer::HttpServer(Engine &engine, const HttpLimits &limits, QObject *parent)
    : QObject(parent)
    , m_engine(engine)
    , m_limits(limits)
    , m_tasks(std::make_unique<TaskHandler>(engine))
    , m_runs(std::make_unique<RunHandler>(engine, this))
    , m_auth(std::make_unique<AuthHandler>(engine, this))
    , m_users(std::make_unique<UserHandler>(engine))
    , m_system(std::make_unique<SystemHandler>(engine))
{
    UploadManager::Limits uploadLimits;
    uploadLimits.maxSize = limits.maxUploadBytes;
    m_uploadManager = new UploadManager(
        QDir(engine.config().dataDir).filePath(u"uploads"_s), engine.clock(), uploadLimits, this);
    m_uploads = std::make_unique<UploadHandler>(*m_uploadManager);
    m_projects = std::make_unique<ProjectHandler>(engine, *m_uploadManager);
    m_projectFiles = std::make_unique<ProjectFileHandler>(engine, this);
    m_environments = std::make_unique<EnvironmentHandler>(engine, this);
    m_settings = std::make_unique<SettingsHandler>(engine);
    m_envVars = std::make_unique<EnvVarHandler>(engine);
    m_backups = std::make_unique<BackupHandler>(engine);
    m_maintenance = std::make_unique<MaintenanceHandler>(engine);
    registerRoutes();
    m_api = new ApiServer(m_router, engine.auth(), engine.audit(), this);
    m_api->setUnavailable([&engine] { return engine.isRestartPending(); });
    m_events = new EventHub(
        engine, [this] { return m_system->statsJson(); }, this);
    connect(m_api, &QAbstractHttpServer::newWebSocketConnection, this, &HttpServer::onWebSocketConnection);
    connect(&engine, &Engine::taskChanged, this, [this](qint64 taskId) { m_tasks->forgetTask(taskId); });

    m_policy.bodyLimit = [this](const RequestHead &head) {
        const HttpMethod method = head.method == "POST" ? HttpMethod::Post
            : head.method == "PUT"                      ? HttpMethod::Put
            : head.method == "PATCH"                    ? HttpMethod::Patch
                                                        : HttpMethod::Get;
        const Router::Match match = m_router.match(method, QUrl::fromPercentEncoding(head.path()));
        if (match.route && match.route->bodyLimit >= 0)
            return match.route->bodyLimit;
        return m_limits.maxBodyBytes;
    };
    m_policy.checkUpgrade
        = [this](const RequestHead &head, const QTcpSocket &socket) { return checkUpgrade(head, socket); };
}

HttpServer::~HttpServer() = default;

void HttpServer::registerRoutes()
{
    using enum HttpMethod;
    const auto add = [this](HttpMethod method, const QString &pattern, Access access, const QString &audit,
                         const QString &summary, Handler handler) {
        m_router.add(method, pattern, access, audit, summary, std::move(handler));
    };
    const auto bind = [](auto *object,
                          HttpResponse (std::remove_pointer_t<decltype(object)>::*member)(RequestContext &)) {
        return [object, member](RequestContext &context) { return (object->*member)(context); };
    };
    TaskHandler *tasks = m_tasks.get();
    RunHandler *runs = m_runs.get();
    AuthHandler *auth = m_auth.get();
    UserHandler *users = m_users.get();
    SystemHandler *system = m_system.get();

    // Health and documentation
    add(Get, u"/api/health"_s, Access::Public, {}, u"Liveness of database, scheduler and queue"_s,
        bind(system, &SystemHandler::health));
    add(Get, u"/api/openapi.json"_s, Access::Viewer, {}, u"This API, as OpenAPI 3.1"_s,
        [this](RequestContext &) { return HttpResponse::json(openApiDocument()); });

    // Sign-in, sessions, tokens
    add(Post, u"/api/auth/login"_s, Access::Public, u"auth.login"_s,
        u"Sign in: sets the session cookie, answers the CSRF token"_s, bind(auth, &AuthHandler::login));
    add(Post, u"/api/auth/logout"_s, Access::Viewer, u"auth.logout"_s, u"End this session"_s,
        bind(auth, &AuthHandler::logout));
    add(Get, u"/api/auth/me"_s, Access::Viewer, {}, u"The signed-in user"_s, bind(auth, &AuthHandler::me));
    add(Post, u"/api/auth/password"_s, Access::Viewer, u"user.password"_s, u"Change your own password"_s,
        bind(auth, &AuthHandler::changePassword));
    add(Get, u"/api/auth/tokens"_s, Access::Viewer, {}, u"Your API tokens (all=true: everyone's, admins)"_s,
        bind(auth, &AuthHandler::listTokens));
    add(Post, u"/api/auth/tokens"_s, Access::Viewer, u"token.create"_s,
        u"Create an API token; the secret is shown once"_s, bind(auth, &AuthHandler::createToken));
    add(Delete, u"/api/auth/tokens/{id}"_s, Access::Viewer, u"token.revoke"_s, u"Revoke an API token"_s,
        bind(auth, &AuthHandler::revokeToken));

    // Users
    add(Get, u"/api/users"_s, Access::Admin, {}, u"List users"_s, bind(users, &UserHandler::list));
    add(Post, u"/api/users"_s, Access::Admin, u"user.create"_s, u"Create a user"_s,
        bind(users, &UserHandler::create));
    add(Get, u"/api/users/{id}"_s, Access::Admin, {}, u"One user"_s, bind(users, &UserHandler::get));
    add(Patch, u"/api/users/{id}"_s, Access::Admin, u"user.update"_s, u"Change role, password or disabled"_s,
        bind(users, &UserHandler::update));
    add(Delete, u"/api/users/{id}"_s, Access::Admin, u"user.delete"_s, u"Delete a user"_s,
        bind(users, &UserHandler::remove));

    // Tasks
    add(Get, u"/api/tasks"_s, Access::Viewer, {}, u"List tasks (search, enabled, projectId, limit, offset)"_s,
        bind(tasks, &TaskHandler::list));
    add(Post, u"/api/tasks"_s, Access::Admin, u"task.create"_s, u"Create a task"_s,
        bind(tasks, &TaskHandler::create));
    add(Get, u"/api/tasks/{id}"_s, Access::Viewer, {}, u"One task"_s, bind(tasks, &TaskHandler::get));
    add(Patch, u"/api/tasks/{id}"_s, Access::Admin, u"task.update"_s, u"Change a task"_s,
        bind(tasks, &TaskHandler::update));
    add(Delete, u"/api/tasks/{id}"_s, Access::Admin, u"task.delete"_s, u"Delete a task"_s,
        bind(tasks, &TaskHandler::remove));
    add(Post, u"/api/tasks/{id}/run"_s, Access::Operator, u"task.run"_s, u"Run a task now; answers the run"_s,
        bind(tasks, &TaskHandler::runNow));
    add(Post, u"/api/tasks/{id}/pause"_s, Access::Operator, u"task.pause"_s, u"Stop scheduling a task"_s,
        bind(tasks, &TaskHandler::pause));
    add(Post, u"/api/tasks/{id}/resume"_s, Access::Operator, u"task.resume"_s, u"Schedule a task again"_s,
        bind(tasks, &TaskHandler::resume));
    add(Post, u"/api/cron/preview"_s, Access::Viewer, {},
        u"Next fire times of a cron expression or trigger"_s, bind(system, &SystemHandler::cronPreview));

    // Runs and logs
    add(Get, u"/api/runs"_s, Access::Viewer, {}, u"Run history (task, state, from, to, limit, offset)"_s,
        bind(runs, &RunHandler::list));
    add(Get, u"/api/runs/{id}"_s, Access::Viewer, {}, u"One run"_s, bind(runs, &RunHandler::get));
    add(Delete, u"/api/runs/{id}"_s, Access::Admin, u"run.delete"_s, u"Delete a finished run and its log"_s,
        bind(runs, &RunHandler::remove));
    add(Post, u"/api/runs/{id}/cancel"_s, Access::Operator, u"run.cancel"_s,
        u"Cancel a queued or running run"_s, bind(runs, &RunHandler::cancel));
    add(Get, u"/api/runs/{id}/log"_s, Access::Viewer, {}, u"Read a run log (offset & limit, or tail lines)"_s,
        bind(runs, &RunHandler::log));
    add(Get, u"/api/runs/{id}/log/download"_s, Access::Viewer, {}, u"The whole log as a file"_s,
        bind(runs, &RunHandler::downloadLog));
    add(Get, u"/api/runs/{id}/log/search"_s, Access::Viewer, {}, u"Lines of a run log that match q"_s,
        bind(runs, &RunHandler::searchLog));
    add(Get, u"/api/runs/{id}/samples"_s, Access::Viewer, {}, u"CPU and memory timeline of a run"_s,
        bind(runs, &RunHandler::samples));

    // Uploads (project archives arrive this way: chunks of at most chunkSize, resumable)
    UploadHandler *uploads = m_uploads.get();
    add(Post, u"/api/uploads"_s, Access::Admin, u"upload.create"_s, u"Announce an upload {size, filename}"_s,
        bind(uploads, &UploadHandler::create));
    Route chunk;
    chunk.method = Put;
    chunk.pattern = u"/api/uploads/{id}"_s;
    chunk.access = Access::Admin;
    chunk.summary = u"Send the chunk at ?offset=N (raw bytes, at most chunkSize)"_s;
    chunk.handler = bind(uploads, &UploadHandler::append);
    chunk.bodyLimit = m_uploadManager->limits().chunkSize;
    chunk.jsonBody = false;
    m_router.add(std::move(chunk));
    add(Get, u"/api/uploads/{id}"_s, Access::Admin, {}, u"Where an upload stands (received bytes)"_s,
        bind(uploads, &UploadHandler::get));
    add(Delete, u"/api/uploads/{id}"_s, Access::Admin, u"upload.delete"_s, u"Cancel an upload"_s,
        bind(uploads, &UploadHandler::remove));

    // Projects
    ProjectHandler *projects = m_projects.get();
    add(Get, u"/api/projects"_s, Access::Viewer, {}, u"List projects"_s,
        bind(projects, &ProjectHandler::list));
    add(Post, u"/api/projects"_s, Access::Admin, u"project.create"_s,
        u"Create a project from a finished upload {name, uploadId, description, workingDir, outputDir}"_s,
        bind(projects, &ProjectHandler::create));
    add(Get, u"/api/projects/{id}"_s, Access::Viewer, {}, u"One project"_s,
        bind(projects, &ProjectHandler::get));
    add(Patch, u"/api/projects/{id}"_s, Access::Admin, u"project.update"_s,
        u"Change name, description, workingDir or outputDir"_s, bind(projects, &ProjectHandler::update));
    add(Put, u"/api/projects/{id}/archive"_s, Access::Admin, u"project.replace"_s,
        u"Replace the code with a finished upload {uploadId}; the files in use stay until the new ones are valid"_s,
        bind(projects, &ProjectHandler::replaceArchive));
    add(Get, u"/api/projects/{id}/suggestions"_s, Access::Viewer, {},
        u"How to run it: commands, requirements file, browser libraries it imports"_s,
        bind(projects, &ProjectHandler::suggestions));
    add(Delete, u"/api/projects/{id}"_s, Access::Admin, u"project.delete"_s,
        u"Delete a project and its files (refused while tasks use it)"_s,
        bind(projects, &ProjectHandler::remove));

    // Project files (paths relative to the project root; ProjectFiles keeps them inside it)
    ProjectFileHandler *projectFiles = m_projectFiles.get();
    add(Get, u"/api/projects/{id}/files"_s, Access::Viewer, {},
        u"List a folder (?path=DIR, default the root)"_s, bind(projectFiles, &ProjectFileHandler::list));
    add(Get, u"/api/projects/{id}/file"_s, Access::Viewer, {},
        u"Read a text file (?path=F, at most 2 MiB) as JSON; binary files and ?download=true as bytes"_s,
        bind(projectFiles, &ProjectFileHandler::read));
    Route save;
    save.method = Put;
    save.pattern = u"/api/projects/{id}/file"_s;
    save.access = Access::Admin;
    save.auditAction = u"project.file.write"_s;
    save.summary = u"Create or replace a text file (?path=F) {text, encoding}, atomically"_s;
    save.handler = bind(projectFiles, &ProjectFileHandler::write);
    save.bodyLimit = ProjectFileHandler::kMaxWriteBodyBytes;
    m_router.add(std::move(save));
    add(Delete, u"/api/projects/{id}/file"_s, Access::Admin, u"project.file.delete"_s,
        u"Delete a file, or a folder with everything in it (?path=F)"_s,
        bind(projectFiles, &ProjectFileHandler::remove));
    add(Post, u"/api/projects/{id}/file/move"_s, Access::Admin, u"project.file.move"_s,
        u"Rename or move a file or folder {from, to}"_s, bind(projectFiles, &ProjectFileHandler::move));
    add(Post, u"/api/projects/{id}/directories"_s, Access::Admin, u"project.file.mkdir"_s,
        u"Create a folder {path}"_s, bind(projectFiles, &ProjectFileHandler::makeDirectory));
    add(Get, u"/api/projects/{id}/download"_s, Access::Viewer, {}, u"The whole project as a ZIP"_s,
        bind(projectFiles, &ProjectFileHandler::download));

    // Python: interpreters, environments, packages (operations run in the background, one at a
    // time per environment; their logs stream on the events socket, topic "installs")
    EnvironmentHandler *environments = m_environments.get();
    add(Get, u"/api/python/interpreters"_s, Access::Viewer, {}, u"Python interpreters found on the machine"_s,
        bind(environments, &EnvironmentHandler::listInterpreters));
    add(Post, u"/api/python/interpreters"_s, Access::Admin, u"python.register"_s,
        u"Register an interpreter by its path {path}; it must be a working Python 3.6 or newer"_s,
        bind(environments, &EnvironmentHandler::addInterpreter));
    add(Post, u"/api/python/interpreters/refresh"_s, Access::Admin, u"python.refresh"_s,
        u"Look for interpreters again; answers the new list"_s,
        bind(environments, &EnvironmentHandler::refreshInterpreters));
    add(Delete, u"/api/python/interpreters/{id}"_s, Access::Admin, u"python.delete"_s,
        u"Forget an interpreter (refused while environments or tasks use it)"_s,
        bind(environments, &EnvironmentHandler::removeInterpreter));
    add(Get, u"/api/environments"_s, Access::Viewer, {}, u"List environments"_s,
        bind(environments, &EnvironmentHandler::list));
    add(Post, u"/api/environments"_s, Access::Admin, u"environment.create"_s,
        u"Create an environment {name, backend: venv|conda, interpreterId | pythonVersion}"_s,
        bind(environments, &EnvironmentHandler::create));
    add(Get, u"/api/environments/{id}"_s, Access::Viewer, {},
        u"One environment, its tasks and last operation"_s, bind(environments, &EnvironmentHandler::get));
    add(Delete, u"/api/environments/{id}"_s, Access::Admin, u"environment.delete"_s,
        u"Delete an environment and its files (refused while tasks use it)"_s,
        bind(environments, &EnvironmentHandler::remove));
    add(Post, u"/api/environments/{id}/reset"_s, Access::Admin, u"environment.reset"_s,
        u"Cancel its operations, create it again and reinstall its last freeze"_s,
        bind(environments, &EnvironmentHandler::reset));
    add(Get, u"/api/environments/{id}/packages"_s, Access::Viewer, {}, u"Installed packages (pip list)"_s,
        bind(environments, &EnvironmentHandler::packages));
    add(Post, u"/api/environments/{id}/packages"_s, Access::Admin, u"environment.packages"_s,
        u"Install, upgrade or uninstall {action, packages, requirements: {projectId, path}}"_s,
        bind(environments, &EnvironmentHandler::changePackages));
    add(Get, u"/api/environments/{id}/operations"_s, Access::Viewer, {}, u"Its operations, newest first"_s,
        bind(environments, &EnvironmentHandler::operations));
    add(Get, u"/api/environments/{id}/freezes"_s, Access::Viewer, {}, u"Its recorded pip freezes"_s,
        bind(environments, &EnvironmentHandler::freezes));
    add(Get, u"/api/environments/{id}/freezes/{hash}"_s, Access::Viewer, {}, u"One freeze's text"_s,
        bind(environments, &EnvironmentHandler::freeze));
    add(Get, u"/api/env-operations/{id}"_s, Access::Viewer, {}, u"One environment operation"_s,
        bind(environments, &EnvironmentHandler::operation));
    add(Get, u"/api/env-operations/{id}/log"_s, Access::Viewer, {}, u"Its log from ?offset=N"_s,
        bind(environments, &EnvironmentHandler::operationLog));
    add(Post, u"/api/env-operations/{id}/cancel"_s, Access::Admin, u"environment.cancel"_s,
        u"Cancel a queued operation or kill a running one"_s,
        bind(environments, &EnvironmentHandler::cancelOperation));
    add(Get, u"/api/runs/{id}/environment-changes"_s, Access::Viewer, {},
        u"Packages added, removed or changed in the run's environment since it ran"_s,
        bind(environments, &EnvironmentHandler::runEnvironmentChanges));

    // Settings
    add(Get, u"/api/settings"_s, Access::Admin, {}, u"Stored settings by group (pypi, python, runs)"_s,
        bind(m_settings.get(), &SettingsHandler::get));
    add(Patch, u"/api/settings"_s, Access::Admin, u"settings.update"_s,
        u"Change settings {pypi: {indexUrl, …}, python: {…}, runs: {maxConcurrent, …}}"_s,
        bind(m_settings.get(), &SettingsHandler::update));

    // Environment variables of runs (secrets encrypted at rest, never answered)
    EnvVarHandler *envVars = m_envVars.get();
    add(Get, u"/api/env-vars"_s, Access::Viewer, {}, u"Variables (scope, scopeId); secret values masked"_s,
        bind(envVars, &EnvVarHandler::list));
    add(Post, u"/api/env-vars"_s, Access::Admin, u"envvar.create"_s,
        u"Create a variable {name, value, secret, scope: {type: global|project|task, id}, description}"_s,
        bind(envVars, &EnvVarHandler::create));
    add(Get, u"/api/env-vars/{id}"_s, Access::Viewer, {}, u"One variable"_s,
        bind(envVars, &EnvVarHandler::get));
    add(Patch, u"/api/env-vars/{id}"_s, Access::Admin, u"envvar.update"_s,
        u"Change a variable; a secret's value sent back masked is kept"_s,
        bind(envVars, &EnvVarHandler::update));
    add(Delete, u"/api/env-vars/{id}"_s, Access::Admin, u"envvar.delete"_s, u"Delete a variable"_s,
        bind(envVars, &EnvVarHandler::remove));
    add(Post, u"/api/secrets/rotate-key"_s, Access::Admin, u"secrets.rotate"_s,
        u"A new master key; every secret re-encrypted"_s, bind(envVars, &EnvVarHandler::rotateKey));

    // Backups
    BackupHandler *backups = m_backups.get();
    add(Get, u"/api/backups"_s, Access::Admin, {}, u"Backups, newest first"_s,
        bind(backups, &BackupHandler::list));
    add(Post, u"/api/backups"_s, Access::Admin, u"backup.create"_s,
        u"Start a backup {includeProjects}; 202, then a backup event"_s,
        bind(backups, &BackupHandler::create));
    add(Get, u"/api/backups/{name}"_s, Access::Admin, {}, u"One backup and its manifest"_s,
        bind(backups, &BackupHandler::get));
    add(Get, u"/api/backups/{name}/download"_s, Access::Admin, {}, u"The backup's ZIP"_s,
        bind(backups, &BackupHandler::download));
    add(Delete, u"/api/backups/{name}"_s, Access::Admin, u"backup.delete"_s, u"Delete a backup"_s,
        bind(backups, &BackupHandler::remove));
    add(Post, u"/api/backups/{name}/restore"_s, Access::Admin, u"backup.restore"_s,
        u"Restore {dryRun, stopRunning}: checks the backup and reports what changes; unless a dry run, "
        "snapshots the current state and restarts the engine on the backup (202)"_s,
        bind(backups, &BackupHandler::restore));

    // Data maintenance
    add(Get, u"/api/maintenance/report"_s, Access::Admin, {},
        u"Inconsistencies between the database and the data directory, by kind"_s,
        bind(m_maintenance.get(), &MaintenanceHandler::report));
    add(Post, u"/api/maintenance/cleanup"_s, Access::Admin, u"maintenance.cleanup"_s,
        u"Fix the findings {kinds} (all when none given); what was fixed and the report after"_s,
        bind(m_maintenance.get(), &MaintenanceHandler::cleanup));

    // System and audit
    add(Get, u"/api/system/stats"_s, Access::Viewer, {}, u"CPU, memory, disk, load, queue and run counts"_s,
        bind(system, &SystemHandler::stats));
    add(Get, u"/api/system/history"_s, Access::Viewer, {},
        u"The system monitor's samples (every 5 s) of the last minutes (minutes ≤ 60)"_s,
        bind(system, &SystemHandler::history));
    add(Get, u"/metrics"_s, Access::Viewer, {},
        u"Prometheus metrics: runs by state, queue, fire lateness, run durations, API answers by status"_s,
        [this](RequestContext &) { return m_system->metrics(m_api->responseCounts()); });
    add(Get, u"/api/audit"_s, Access::Viewer, {},
        u"Audit trail (actor, ip, action, targetType, targetId, outcome, from, to)"_s,
        bind(system, &SystemHandler::audit));
    add(Get, u"/api/events"_s, Access::Viewer, {}, u"WebSocket: run changes, log follow, stats"_s,
        [](RequestContext &) { return Problem::make(426, u"connect with a WebSocket client"_s); });

    registerDocumentRoutes();
}

void HttpServer::serveDashboard(const QString &root)
{
    m_api->setFallback([assets = std::make_shared<WebAssets>(root)](
                           const HttpRequest &request) { return assets->serve(request); });
}

void HttpServer::registerDocumentRoutes()
{
    const auto page = [](const QString &resource, const QByteArray &type) {
        return [resource, type](RequestContext &) { return resourceFile(resource, type); };
    };
    // The documentation viewer is a static page; the document it shows needs a signed-in user.
    m_router.add(HttpMethod::Get, u"/docs"_s, Access::Public, {}, u"API documentation viewer"_s,
        page(u":/kumo/docs/index.html"_s, "text/html; charset=utf-8"));
    m_router.add(HttpMethod::Get, u"/docs/docs.js"_s, Access::Public, {}, {},
        page(u":/kumo/docs/docs.js"_s, "text/javascript; charset=utf-8"));
    m_router.add(HttpMethod::Get, u"/docs/docs.css"_s, Access::Public, {}, {},
        page(u":/kumo/docs/docs.css"_s, "text/css; charset=utf-8"));
}

QJsonObject HttpServer::openApiDocument() const
{
    QJsonObject paths;
    for (const Route &route : m_router.routes()) {
        if (!route.pattern.startsWith(u"/api/"))
            continue;
        QJsonObject operation { { u"summary"_s, route.summary } };
        QJsonArray parameters;
        for (const QString &segment : route.segments) {
            if (!segment.startsWith(u'{'))
                continue;
            parameters.append(QJsonObject {
                { u"name"_s, segment.mid(1, segment.size() - 2) },
                { u"in"_s, u"path"_s },
                { u"required"_s, true },
                { u"schema"_s, QJsonObject { { u"type"_s, u"integer"_s }, { u"minimum"_s, 1 } } },
            });
        }
        if (!parameters.isEmpty())
            operation.insert(u"parameters"_s, parameters);
        const QString role = route.access == Access::Public ? u"none"_s
            : route.access == Access::Viewer                ? u"viewer"_s
            : route.access == Access::Operator              ? u"operator"_s
                                                            : u"admin"_s;
        operation.insert(u"x-kumo-role"_s, role);
        if (route.access == Access::Public)
            operation.insert(u"security"_s, QJsonArray());
        if (!route.auditAction.isEmpty())
            operation.insert(u"x-kumo-audit"_s, route.auditAction);
        operation.insert(u"tags"_s, QJsonArray { route.segments.value(1) });
        operation.insert(u"responses"_s,
            QJsonObject { { u"default"_s,
                QJsonObject {
                    { u"description"_s, u"JSON on success; application/problem+json on error"_s } } } });
        QJsonObject item = paths.value(route.pattern).toObject();
        item.insert(QString::fromLatin1(httpMethodName(route.method)).toLower(), operation);
        paths.insert(route.pattern, item);
    }
    QFile components(u":/kumo/docs/components.json"_s);
    QJsonObject componentsJson;
    if (components.open(QIODevice::ReadOnly))
        componentsJson = QJsonDocument::fromJson(components.readAll()).object();
    return {
        { u"openapi"_s, u"3.1.0"_s },
        { u"info"_s,
            QJsonObject { { u"title"_s, u"Kumo API"_s }, { u"version"_s, QStringLiteral(KUMO_VERSION) },
                { u"description"_s,
                    u"Schedules and runs Python scripts. Sign in with POST /api/auth/login (cookie + "
                    "X-CSRF-Token on mutating requests) or send 'Authorization: Bearer <token>'."_s } } },
        { u"paths"_s, paths },
        { u"components"_s, componentsJson },
        { u"security"_s,
            QJsonArray { QJsonObject { { u"bearer"_s, QJsonArray() } },
                QJsonObject { { u"session"_s, QJsonArray() } } } },
    };
}

std::optional<HttpResponse> HttpServer::checkUpgrade(const RequestHead &head, const QTcpSocket &socket)
{
    if (QUrl::fromPercentEncoding(head.path()) != u"/api/events")
        return Problem::notFound(u"WebSocket connections are served at /api/events"_s);
    HttpRequest request;
    request.headers = head.headers;
    request.peer = socket.peerAddress();
    const std::optional<Principal> principal = m_api->authenticate(request);
    if (!principal)
        return Problem::make(401, u"sign in, or send an API token as 'Authorization: Bearer …'"_s);
    // A cookie is sent by the browser whatever page opens the socket: accept it only from our
    // own origin (cross-site WebSocket hijacking).
    const QByteArray origin = head.header("origin");
    if (principal->via == Principal::Via::Session && !origin.isEmpty()) {
        const QUrl originUrl(QString::fromLatin1(origin));
        const QByteArray host = head.header("host");
        if (originUrl.authority().toLatin1() != host)
            return Problem::make(403,
                u"WebSocket origin %1 does not match host %2"_s.arg(
                    QString::fromLatin1(origin), QString::fromLatin1(host)));
    }
    // QHttpServer cuts every connection of the socket when it hands it over, so entries of
    // handshakes that fail after this point are dropped by age instead.
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    m_pendingSockets.removeIf([now](const auto &entry) { return now - entry.value().acceptedAtMs > 60'000; });
    const QByteArray bearer = head.header("authorization");
    const QString credential = bearer.isEmpty() ? QString::fromLatin1(request.cookie(kSessionCookie))
                                                : QString::fromLatin1(bearer.mid(7).trimmed());
    m_pendingSockets.insert(
        peerKey(socket.peerAddress(), socket.peerPort()), { *principal, credential, now });
    return std::nullopt;
}

void HttpServer::onWebSocketConnection()
{
    while (std::unique_ptr<QWebSocket> owned = m_api->nextPendingWebSocketConnection()) {
        QWebSocket *socket = owned.release();
        const QString key = peerKey(socket->peerAddress(), socket->peerPort());
        const auto principal = m_pendingSockets.constFind(key);
        if (principal == m_pendingSockets.cend()) {
            socket->close(QWebSocketProtocol::CloseCodePolicyViolated, u"not authenticated"_s);
            socket->deleteLater();
            continue;
        }
        m_events->addClient(socket, principal->principal, principal->credential);
        m_pendingSockets.erase(principal);
    }
}

bool HttpServer::listen(const QHostAddress &address, quint16 port)
{
    auto *tcp = new GuardedTcpServer(m_limits, m_policy, this);
    if (!tcp->listen(address, port)) {
        m_error = u"cannot listen on %1:%2: %3"_s.arg(address.toString()).arg(port).arg(tcp->errorString());
        delete tcp;
        return false;
    }
    m_api->bind(tcp);
    m_port = tcp->serverPort();
    return true;
}

} // namespace Kumo
