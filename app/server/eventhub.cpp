// SPDX-License-Identifier: MIT
#include "server/eventhub.h"

#include "backup/backupservice.h"
#include "engine.h"
#include "environments/environmentservice.h"
#include "execution/logreader.h"
#include "execution/runlauncher.h"
#include "projects/projectservice.h"
#include "storage/runstore.h"
#include "system/systemmonitor.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QWebSocket>

using namespace Qt::StringLiterals;

namespace Kumo {

namespace {

QString streamName(OutputStream stream)
{
    return stream == OutputStream::Stderr ? u"stderr"_s : u"stdout"_s;
}

QJsonObject logMessage(qint64 runId, const LogChunk &chunk)
{
    QJsonArray segments;
    for (const LogSegment &segment : chunk.segments) {
        segments.append(QJsonObject {
            { u"offset"_s, segment.offset },
            { u"length"_s, segment.length },
            { u"stream"_s, streamName(segment.stream) },
        });
    }
    return {
        { u"type"_s, u"log"_s },
        { u"runId"_s, runId },
        { u"offset"_s, chunk.offset },
        { u"nextOffset"_s, chunk.end },
        { u"text"_s, QString::fromUtf8(chunk.data) },
        { u"segments"_s, segments },
    };
}

QJsonObject errorMessage(const QString &message, qint64 runId = 0)
{
    QJsonObject object { { u"type"_s, u"error"_s }, { u"message"_s, message } };
    if (runId > 0)
        object.insert(u"runId"_s, runId);
    return object;
}

} // namespace

EventHub::EventHub(Engine &engine, std::function<QJsonObject()> stats, QObject *parent)
    : QObject(parent)
    , m_engine(engine)
    , m_stats(std::move(stats))
{
    // Stats go out as the monitor samples them (every 5 s), to the clients that subscribed.
    connect(&engine.monitor(), &SystemMonitor::sampled, this, &EventHub::sendStats);
    m_recheckTimer.setInterval(kRecheckMs);
    connect(&m_recheckTimer, &QTimer::timeout, this, &EventHub::recheckCredentials);
    connect(&engine, &Engine::runChanged, this, &EventHub::onRunChanged);
    connect(&engine.launcher(), &RunLauncher::logAppended, this, &EventHub::onLogAppended);
    connect(&engine, &Engine::runRemoved, this, [this](qint64 runId) {
        broadcast({ { u"type"_s, u"runRemoved"_s }, { u"runId"_s, runId } });
    });
    connect(&engine.projects(), &ProjectService::projectChanged, this, [this](const Project &project) {
        broadcast({ { u"type"_s, u"project"_s }, { u"project"_s, project.toJson() } });
    });
    connect(&engine.projects(), &ProjectService::projectRemoved, this, [this](qint64 projectId) {
        broadcast({ { u"type"_s, u"projectRemoved"_s }, { u"projectId"_s, projectId } });
    });
    EnvironmentService &environments = engine.environments();
    connect(
        &environments, &EnvironmentService::environmentChanged, this, [this](const Environment &environment) {
            broadcast({ { u"type"_s, u"environment"_s }, { u"environment"_s, environment.toJson() } });
        });
    connect(&environments, &EnvironmentService::environmentRemoved, this, [this](qint64 id) {
        broadcast({ { u"type"_s, u"environmentRemoved"_s }, { u"environmentId"_s, id } });
    });
    connect(
        &environments, &EnvironmentService::operationChanged, this, [this](const EnvOperation &operation) {
            broadcast({ { u"type"_s, u"envOperation"_s }, { u"operation"_s, operation.toJson() } });
        });
    connect(&environments, &EnvironmentService::operationOutput, this,
        [this](qint64 operationId, qint64 environmentId, const QByteArray &text) {
            const QJsonObject message { { u"type"_s, u"envOperationOutput"_s },
                { u"operationId"_s, operationId }, { u"environmentId"_s, environmentId },
                { u"text"_s, QString::fromUtf8(text) } };
            const QList<std::shared_ptr<Client>> clients = m_clients.values(); // send() may drop one
            for (const std::shared_ptr<Client> &client : clients) {
                if (client->installs)
                    send(*client, message);
            }
        });
    // Backups: so that a client sees the one it asked for become ready (or fail).
    connect(&engine.backups(), &BackupService::started, this, [this](const QString &name) {
        broadcastToAdmins({ { u"type"_s, u"backup"_s }, { u"name"_s, name }, { u"state"_s, u"creating"_s } });
    });
    connect(&engine.backups(), &BackupService::finished, this, [this](const BackupOutcome &outcome) {
        QJsonObject message { { u"type"_s, u"backup"_s }, { u"name"_s, outcome.info.name },
            { u"state"_s, outcome.ok ? u"ready"_s : u"failed"_s } };
        if (outcome.ok)
            message.insert(u"backup"_s, outcome.info.toJson());
        else
            message.insert(u"error"_s, outcome.error);
        broadcastToAdmins(message);
    });
    connect(&engine.backups(), &BackupService::removed, this, [this](const QString &name) {
        broadcastToAdmins({ { u"type"_s, u"backupRemoved"_s }, { u"name"_s, name } });
    });
    connect(&engine.projects(), &ProjectService::extractionProgress, this,
        [this](qint64 projectId, qint64 written, qint64 read, qint64 size) {
            broadcast({ { u"type"_s, u"projectProgress"_s }, { u"projectId"_s, projectId },
                { u"written"_s, written }, { u"archiveRead"_s, read }, { u"archiveSize"_s, size } });
        });
}

EventHub::~EventHub()
{
    for (auto it = m_clients.cbegin(); it != m_clients.cend(); ++it) {
        it.key()->disconnect(this);
        delete it.key();
    }
}

void EventHub::addClient(QWebSocket *socket, const Principal &principal, const QString &credential)
{
    socket->setParent(this);
    socket->setMaxAllowedIncomingMessageSize(kMaxMessageBytes);
    socket->setMaxAllowedIncomingFrameSize(kMaxMessageBytes);
    auto client = std::make_shared<Client>();
    client->socket = socket;
    client->principal = principal;
    client->credential = credential;
    m_clients.insert(socket, client);
    connect(socket, &QWebSocket::textMessageReceived, this, [this, socket](const QString &text) {
        if (const auto client = m_clients.value(socket))
            onMessage(*client, text);
    });
    connect(socket, &QWebSocket::binaryMessageReceived, this, [this, socket](const QByteArray &) {
        if (const auto client = m_clients.value(socket))
            send(*client, errorMessage(u"send JSON text messages"_s));
    });
    connect(socket, &QWebSocket::bytesWritten, this, [this, socket] {
        if (const auto client = m_clients.value(socket))
            pump(*client);
    });
    connect(socket, &QWebSocket::disconnected, this, [this, socket] { removeClient(socket); });
    if (!m_recheckTimer.isActive())
        m_recheckTimer.start();
    send(*client, { { u"type"_s, u"hello"_s }, { u"user"_s, principal.user.toJson() } });
}

void EventHub::removeClient(QWebSocket *socket)
{
    if (m_clients.remove(socket)) {
        socket->deleteLater();
        if (m_clients.isEmpty())
            m_recheckTimer.stop();
    }
}

void EventHub::onMessage(Client &client, const QString &text)
{
    if (!stillAuthenticated(client))
        return;
    QJsonParseError error;
    const QJsonObject message = QJsonDocument::fromJson(text.toUtf8(), &error).object();
    if (error.error != QJsonParseError::NoError || message.isEmpty()) {
        send(client, errorMessage(u"messages must be JSON objects"_s));
        return;
    }
    const QString type = message.value(u"type"_s).toString();
    const qint64 runId = message.value(u"runId"_s).toInteger(0);
    if (type == u"follow") {
        const QJsonValue offset = message.value(u"offset"_s);
        if (runId <= 0 || (!offset.isUndefined() && (!offset.isDouble() || offset.toDouble() < 0))) {
            send(client, errorMessage(u"follow needs a runId and an offset of 0 or more"_s, runId));
            return;
        }
        follow(client, runId, offset.toInteger(0));
    } else if (type == u"unfollow") {
        client.follows.remove(runId);
    } else if (type == u"subscribe" || type == u"unsubscribe") {
        const QJsonArray topics = message.value(u"topics"_s).toArray();
        for (const QJsonValue &topic : topics) {
            if (topic.toString() == u"stats") {
                client.stats = type == u"subscribe";
            } else if (topic.toString() == u"installs") {
                client.installs = type == u"subscribe";
            } else {
                send(client,
                    errorMessage(
                        u"unknown topic '%1'; topics: stats, installs"_s.arg(topic.toString().left(50))));
                return;
            }
        }
        if (client.stats && type == u"subscribe")
            send(client, { { u"type"_s, u"stats"_s }, { u"stats"_s, m_stats() } });
    } else {
        send(client, errorMessage(u"unknown message type '%1'"_s.arg(type.left(50))));
    }
}

void EventHub::follow(Client &client, qint64 runId, qint64 offset)
{
    const std::optional<Run> run = m_engine.runs().get(runId);
    if (!run) {
        send(client, errorMessage(u"run %1 does not exist"_s.arg(runId), runId));
        return;
    }
    if (!client.follows.contains(runId) && client.follows.size() >= kMaxFollows) {
        send(client, errorMessage(u"at most %1 runs can be followed at once"_s.arg(kMaxFollows), runId));
        return;
    }
    Follow &followed = client.follows[runId]; // following again restarts from the new offset
    followed.next = offset;
    followed.logPath = run->logPath;
    followed.ended = isActive(run->state) ? std::nullopt : run;
    pump(client);
}

void EventHub::pump(Client &client)
{
    // The log is written before its lines are announced, so reading a file to its current end
    // leaves nothing that a later onLogAppended will not bring.
    QList<qint64> done;
    for (auto it = client.follows.begin(); it != client.follows.end(); ++it) {
        Follow &followed = it.value();
        if (followed.logPath.isEmpty()) {
            if (const std::optional<Run> run = m_engine.runs().get(it.key()))
                followed.logPath = run->logPath;
        }
        while (client.socket->bytesToWrite() < kSendBudget) {
            const LogChunk chunk = LogReader::read(followed.logPath, followed.next, kChunkBytes);
            if (chunk.data.isEmpty())
                break;
            followed.next = chunk.end;
            send(client, logMessage(it.key(), chunk));
        }
        if (followed.ended && client.socket->bytesToWrite() < kSendBudget
            && LogReader::read(followed.logPath, followed.next, 1).data.isEmpty()) {
            const Run &run = *followed.ended;
            send(client,
                {
                    { u"type"_s, u"end"_s },
                    { u"runId"_s, run.id },
                    { u"state"_s, runStateName(run.state) },
                    { u"exitCode"_s, run.exitCode ? QJsonValue(*run.exitCode) : QJsonValue() },
                    { u"nextOffset"_s, followed.next },
                    { u"run"_s, run.toJson() },
                });
            done.append(it.key());
        }
    }
    for (qint64 runId : std::as_const(done))
        client.follows.remove(runId);
}

void EventHub::onLogAppended(qint64 runId, OutputStream stream, qint64 offset, const QByteArray &data)
{
    // A snapshot: a send may close a client, which removes it from m_clients.
    const QList<std::shared_ptr<Client>> clients = m_clients.values();
    for (const auto &client : clients) {
        const auto it = client->follows.find(runId);
        if (it == client->follows.end())
            continue;
        Follow &followed = it.value();
        const qint64 end = offset + data.size();
        if (end <= followed.next)
            continue; // already sent from the file
        if (offset != followed.next || client->socket->bytesToWrite() >= kSendBudget) {
            // Behind (a held-back partial character, or a slow reader): read on from the file
            // now, or once the socket has drained.
            pump(*client);
            continue;
        }
        // A character cut by a partial-line flush waits for its remaining bytes.
        const qsizetype held = incompleteUtf8Tail(data);
        if (held == data.size())
            continue;
        LogChunk chunk;
        chunk.offset = offset;
        chunk.end = end - held;
        chunk.data = data.first(data.size() - held);
        chunk.segments = { { offset, chunk.end - offset, stream } };
        followed.next = chunk.end;
        send(*client, logMessage(runId, chunk));
    }
}

void EventHub::onRunChanged(const Run &run)
{
    const QJsonObject message { { u"type"_s, u"run"_s }, { u"run"_s, run.toJson() } };
    const bool ended = !isActive(run.state);
    const QList<std::shared_ptr<Client>> clients = m_clients.values();
    for (const auto &client : clients) {
        send(*client, message);
        const auto it = client->follows.find(run.id);
        if (ended && it != client->follows.end()) {
            it->ended = run;
            if (!run.logPath.isEmpty())
                it->logPath = run.logPath;
            pump(*client);
        }
    }
}

void EventHub::broadcast(const QJsonObject &message)
{
    const QList<std::shared_ptr<Client>> clients = m_clients.values();
    for (const auto &client : clients)
        send(*client, message);
}

void EventHub::broadcastToAdmins(const QJsonObject &message)
{
    const QList<std::shared_ptr<Client>> clients = m_clients.values();
    for (const auto &client : clients) {
        if (client->principal.user.role == Role::Admin)
            send(*client, message);
    }
}

void EventHub::sendStats()
{
    QJsonObject message;
    const QList<std::shared_ptr<Client>> clients = m_clients.values();
    for (const auto &client : clients) {
        if (!client->stats)
            continue;
        if (message.isEmpty())
            message = { { u"type"_s, u"stats"_s }, { u"stats"_s, m_stats() } };
        send(*client, message);
    }
}

bool EventHub::stillAuthenticated(const Client &client)
{
    Authenticator &auth = m_engine.auth();
    const std::optional<Principal> now = client.principal.via == Principal::Via::ApiToken
        ? auth.authenticateBearer(client.credential)
        : auth.authenticateSession(client.credential);
    if (now && now->user.id == client.principal.user.id)
        return true;
    client.socket->close(QWebSocketProtocol::CloseCodePolicyViolated, u"credentials no longer valid"_s);
    return false;
}

void EventHub::recheckCredentials()
{
    const QList<std::shared_ptr<Client>> clients = m_clients.values();
    for (const auto &client : clients)
        (void)stillAuthenticated(*client);
}

void EventHub::send(Client &client, const QJsonObject &message)
{
    if (client.socket->state() != QAbstractSocket::ConnectedState)
        return;
    if (client.socket->bytesToWrite() >= kHardLimit) {
        // Not reading at all: drop it rather than buffer on its behalf.
        client.socket->close(QWebSocketProtocol::CloseCodeGoingAway, u"client too slow"_s);
        return;
    }
    client.socket->sendTextMessage(QString::fromUtf8(QJsonDocument(message).toJson(QJsonDocument::Compact)));
}

} // namespace Kumo
