// SPDX-License-Identifier: MIT
#pragma once

#include "server/requestguard.h"
#include "server/router.h"

#include <QHash>
#include <QHostAddress>
#include <QObject>

#include <memory>

namespace Kumo {

class ApiServer;
class AuthHandler;
class Engine;
class EventHub;
class ProjectFileHandler;
class ProjectHandler;
class EnvironmentHandler;
class SettingsHandler;
class EnvVarHandler;
class BackupHandler;
class MaintenanceHandler;
class RunHandler;
class SystemHandler;
class TaskHandler;
class UploadHandler;
class UploadManager;
class UserHandler;

/// The HTTP front end of `kumo serve`: the REST API (DESIGN §4), the events WebSocket and the
/// API documentation, on one port.
class HttpServer : public QObject
{
    Q_OBJECT
public:
    explicit HttpServer(Engine &engine, const HttpLimits &limits = HttpLimits(), QObject *parent = nullptr);
    ~HttpServer() override;

    /// Listens on @p address:@p port (0 picks a free port); false with errorString() on failure.
    [[nodiscard]] bool listen(const QHostAddress &address, quint16 port);
    [[nodiscard]] quint16 port() const { return m_port; }
    [[nodiscard]] QString errorString() const { return m_error; }

    /// Serves the browser dashboard built into @p root (see WebAssets) at / and its routes.
    void serveDashboard(const QString &root);

    [[nodiscard]] ApiServer &api() const { return *m_api; }
    [[nodiscard]] EventHub &events() const { return *m_events; }
    [[nodiscard]] const Router &router() const { return m_router; }

private:
    /// The API's table of contents.
    void registerRoutes();
    void registerDocumentRoutes();
    [[nodiscard]] QJsonObject openApiDocument() const;
    [[nodiscard]] std::optional<HttpResponse> checkUpgrade(const RequestHead &head, const QTcpSocket &socket);
    void onWebSocketConnection();

    Engine &m_engine;
    HttpLimits m_limits;
    GuardPolicy m_policy;
    Router m_router;
    std::unique_ptr<TaskHandler> m_tasks;
    std::unique_ptr<RunHandler> m_runs;
    std::unique_ptr<AuthHandler> m_auth;
    std::unique_ptr<UserHandler> m_users;
    std::unique_ptr<SystemHandler> m_system;
    UploadManager *m_uploadManager = nullptr;
    std::unique_ptr<UploadHandler> m_uploads;
    std::unique_ptr<ProjectHandler> m_projects;
    std::unique_ptr<ProjectFileHandler> m_projectFiles;
    std::unique_ptr<EnvironmentHandler> m_environments;
    std::unique_ptr<SettingsHandler> m_settings;
    std::unique_ptr<EnvVarHandler> m_envVars;
    std::unique_ptr<BackupHandler> m_backups;
    std::unique_ptr<MaintenanceHandler> m_maintenance;
    ApiServer *m_api = nullptr;
    EventHub *m_events = nullptr;
    // Principals of accepted WebSocket handshakes, by peer "address:port", until the socket
    // arrives from QHttpServer.
    struct PendingSocket
    {
        Principal principal;
        QString credential;
        qint64 acceptedAtMs = 0;
    };
    QHash<QString, PendingSocket> m_pendingSockets;
    quint16 m_port = 0;
    QString m_error;
};

} // namespace Kumo
