// SPDX-License-Identifier: MIT
#pragma once

#include "execution/processrunner.h"
#include "execution/run.h"
#include "security/authenticator.h"

#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QTimer>

#include <functional>
#include <memory>

class QWebSocket;

namespace Kumo {

class Engine;

/// The live side of the API (`GET /api/events`, a WebSocket). Every client gets run state
/// changes; on request it follows run logs from any offset (catch-up from the file, then live
/// lines, then an end message with the final state) and receives system stats every few seconds.
///
/// Client messages: {"type":"follow","runId":N,"offset":0}, {"type":"unfollow","runId":N},
/// {"type":"subscribe","topics":["stats"]}, {"type":"unsubscribe","topics":[...]}.
/// Server messages: hello, run, log, end, stats, error (see docs/API.md).
///
/// A client that reads slowly is never buffered for without bound: log data is sent while its
/// socket holds less than kSendBudget unsent bytes and resumes from the log file as it drains;
/// a client with kHardLimit unsent bytes is closed. Credentials are checked again every
/// kRecheckMs and on every message, so a revoked token or ended session loses the socket.
class EventHub : public QObject
{
    Q_OBJECT
public:
    EventHub(Engine &engine, std::function<QJsonObject()> stats, QObject *parent = nullptr);
    ~EventHub() override;

    /// Takes ownership of @p socket, authenticated as @p principal with @p credential (the
    /// bearer token or session token it presented, to check again later).
    void addClient(QWebSocket *socket, const Principal &principal, const QString &credential);
    [[nodiscard]] int clientCount() const { return int(m_clients.size()); }

    void setRecheckIntervalMs(int ms) { m_recheckTimer.setInterval(ms); }

    static constexpr qint64 kChunkBytes = 256 * 1024;
    static constexpr qint64 kMaxMessageBytes = 64 * 1024;
    static constexpr qint64 kSendBudget = 1024 * 1024;
    static constexpr qint64 kHardLimit = 16 * 1024 * 1024;
    static constexpr int kMaxFollows = 32;
    static constexpr int kRecheckMs = 30 * 1000;

private:
    struct Follow
    {
        qint64 next = 0; // next log offset to send
        QString logPath;
        std::optional<Run> ended; // the final run, once it has ended
    };
    struct Client
    {
        QWebSocket *socket = nullptr;
        Principal principal;
        QString credential;
        bool stats = false;
        bool installs = false; // environment operation logs as they are written
        QHash<qint64, Follow> follows; // by run id
    };

    void onMessage(Client &client, const QString &text);
    void follow(Client &client, qint64 runId, qint64 offset);
    /// Sends log data of every follow from its file, within the client's send budget, and the
    /// end message of follows whose run has ended and is fully sent.
    void pump(Client &client);
    void onLogAppended(qint64 runId, OutputStream stream, qint64 offset, const QByteArray &data);
    void onRunChanged(const Run &run);
    void sendStats();
    void broadcast(const QJsonObject &message);
    /// Backups are the admins' business: the others do not hear of them.
    void broadcastToAdmins(const QJsonObject &message);
    [[nodiscard]] bool stillAuthenticated(const Client &client);
    void recheckCredentials();
    void send(Client &client, const QJsonObject &message);
    void removeClient(QWebSocket *socket);

    Engine &m_engine;
    std::function<QJsonObject()> m_stats;
    QHash<QWebSocket *, std::shared_ptr<Client>> m_clients;
    QTimer m_recheckTimer;
};

} // namespace Kumo
