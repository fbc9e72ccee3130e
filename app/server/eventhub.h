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
class EventHub : public QObject
{
    Q_OBJECT
public:
    EventHub(Engine &engine, std::function<QJsonObject()> stats, QObject *parent = nullptr);
    ~EventHub() override;

    /// Takes ownership of @p socket, an authenticated client.
    void addClient(QWebSocket *socket, const Principal &principal);
    [[nodiscard]] int clientCount() const { return int(m_clients.size()); }

    void setStatsIntervalMs(int ms) { m_statsTimer.setInterval(ms); }

    static constexpr qint64 kChunkBytes = 256 * 1024;
    static constexpr qint64 kMaxMessageBytes = 64 * 1024;

private:
    struct Client
    {
        QWebSocket *socket = nullptr;
        Principal principal;
        bool stats = false;
        QHash<qint64, qint64> follows; // run id → next log offset to send
    };

    void onMessage(Client &client, const QString &text);
    void follow(Client &client, qint64 runId, qint64 offset);
    /// Sends the log from the client's offset up to the end of the file as it is now.
    void catchUp(Client &client, qint64 runId, const QString &logPath);
    void sendEnd(Client &client, const Run &run);
    void onLogAppended(qint64 runId, OutputStream stream, qint64 offset, const QByteArray &data);
    void onRunChanged(const Run &run);
    void sendStats();
    void updateStatsTimer();
    void send(Client &client, const QJsonObject &message);
    void removeClient(QWebSocket *socket);

    Engine &m_engine;
    std::function<QJsonObject()> m_stats;
    QHash<QWebSocket *, std::shared_ptr<Client>> m_clients;
    QTimer m_statsTimer;
};

} // namespace Kumo
