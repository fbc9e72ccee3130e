// SPDX-License-Identifier: MIT
#include "server/eventhub.h"

#include "engine.h"
#include "execution/logreader.h"
#include "execution/runlauncher.h"
#include "storage/runstore.h"

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
    m_statsTimer.setInterval(5000);
    connect(&m_statsTimer, &QTimer::timeout, this, &EventHub::sendStats);
    connect(&engine, &Engine::runChanged, this, &EventHub::onRunChanged);
    connect(&engine.launcher(), &RunLauncher::logAppended, this, &EventHub::onLogAppended);
}

EventHub::~EventHub()
{
    for (auto it = m_clients.cbegin(); it != m_clients.cend(); ++it) {
        it.key()->disconnect(this);
        delete it.key();
    }
}

void EventHub::addClient(QWebSocket *socket, const Principal &principal)
{
    socket->setParent(this);
    socket->setMaxAllowedIncomingMessageSize(kMaxMessageBytes);
    socket->setMaxAllowedIncomingFrameSize(kMaxMessageBytes);
    auto client = std::make_shared<Client>();
    client->socket = socket;
    client->principal = principal;
    m_clients.insert(socket, client);
    connect(socket, &QWebSocket::textMessageReceived, this, [this, socket](const QString &text) {
        if (const auto client = m_clients.value(socket))
            onMessage(*client, text);
    });
    connect(socket, &QWebSocket::binaryMessageReceived, this, [this, socket](const QByteArray &) {
        if (const auto client = m_clients.value(socket))
            send(*client, errorMessage(u"send JSON text messages"_s));
    });
    connect(socket, &QWebSocket::disconnected, this, [this, socket] { removeClient(socket); });
    send(*client, { { u"type"_s, u"hello"_s }, { u"user"_s, principal.user.toJson() } });
}

void EventHub::removeClient(QWebSocket *socket)
{
    if (m_clients.remove(socket)) {
        socket->deleteLater();
        updateStatsTimer();
    }
}

void EventHub::onMessage(Client &client, const QString &text)
{
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
            } else {
                send(client,
                    errorMessage(u"unknown topic '%1'; topics: stats"_s.arg(topic.toString().left(50))));
                return;
            }
        }
        updateStatsTimer();
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
    client.follows.insert(runId, offset);
    catchUp(client, runId, run->logPath);
    if (!isActive(run->state))
        sendEnd(client, *run);
}

void EventHub::catchUp(Client &client, qint64 runId, const QString &logPath)
{
    // The log is written before its lines are announced, so once the file has been read to
    // its current end, every later line arrives through onLogAppended.
    while (client.follows.contains(runId)) {
        const qint64 offset = client.follows.value(runId);
        const LogChunk chunk = LogReader::read(logPath, offset, kChunkBytes);
        if (chunk.data.isEmpty())
            break;
        client.follows.insert(runId, chunk.end);
        send(client, logMessage(runId, chunk));
    }
}

void EventHub::sendEnd(Client &client, const Run &run)
{
    send(client,
        {
            { u"type"_s, u"end"_s },
            { u"runId"_s, run.id },
            { u"state"_s, runStateName(run.state) },
            { u"exitCode"_s, run.exitCode ? QJsonValue(*run.exitCode) : QJsonValue() },
            { u"nextOffset"_s, client.follows.value(run.id) },
            { u"run"_s, run.toJson() },
        });
    client.follows.remove(run.id);
}

void EventHub::onLogAppended(qint64 runId, OutputStream stream, qint64 offset, const QByteArray &data)
{
    for (const auto &client : std::as_const(m_clients)) {
        const auto it = client->follows.constFind(runId);
        if (it == client->follows.cend())
            continue;
        const qint64 next = it.value();
        const qint64 end = offset + data.size();
        if (end <= next)
            continue; // already sent during catch-up
        if (offset > next) {
            // Lines were missed (e.g. written while this client caught up): read them back.
            if (const std::optional<Run> run = m_engine.runs().get(runId))
                catchUp(*client, runId, run->logPath);
            continue;
        }
        LogChunk chunk;
        chunk.offset = next;
        chunk.end = end;
        chunk.data = data.sliced(next - offset);
        chunk.segments = { { next, end - next, stream } };
        client->follows.insert(runId, end);
        send(*client, logMessage(runId, chunk));
    }
}

void EventHub::onRunChanged(const Run &run)
{
    const QJsonObject message { { u"type"_s, u"run"_s }, { u"run"_s, run.toJson() } };
    const bool ended = !isActive(run.state);
    for (const auto &client : std::as_const(m_clients)) {
        send(*client, message);
        if (ended && client->follows.contains(run.id)) {
            catchUp(*client, run.id, run.logPath);
            sendEnd(*client, run);
        }
    }
}

void EventHub::sendStats()
{
    QJsonObject message;
    for (const auto &client : std::as_const(m_clients)) {
        if (!client->stats)
            continue;
        if (message.isEmpty())
            message = { { u"type"_s, u"stats"_s }, { u"stats"_s, m_stats() } };
        send(*client, message);
    }
}

void EventHub::updateStatsTimer()
{
    const bool wanted
        = std::any_of(m_clients.cbegin(), m_clients.cend(), [](const auto &c) { return c->stats; });
    if (wanted && !m_statsTimer.isActive())
        m_statsTimer.start();
    else if (!wanted)
        m_statsTimer.stop();
}

void EventHub::send(Client &client, const QJsonObject &message)
{
    client.socket->sendTextMessage(QString::fromUtf8(QJsonDocument(message).toJson(QJsonDocument::Compact)));
}

} // namespace Kumo
