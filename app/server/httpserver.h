// SPDX-License-Identifier: MIT
#pragma once

#include <QHostAddress>
#include <QObject>

class QHttpServer;

namespace Kumo {

class Engine;

/// The HTTP front end. This first version answers `GET /api/health`; the full REST API, the
/// events socket and the dashboard are built on it.
class HttpServer : public QObject
{
    Q_OBJECT
public:
    explicit HttpServer(Engine &engine, QObject *parent = nullptr);
    ~HttpServer() override;

    /// Listens on @p address:@p port (0 picks a free port); false with errorString() on failure.
    [[nodiscard]] bool listen(const QHostAddress &address, quint16 port);
    [[nodiscard]] quint16 port() const { return m_port; }
    [[nodiscard]] QString errorString() const { return m_error; }

private:
    void registerRoutes();

    Engine &m_engine;
    QHttpServer *m_server;
    quint16 m_port = 0;
    QString m_error;
};

} // namespace Kumo
