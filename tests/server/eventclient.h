// SPDX-License-Identifier: MIT
#pragma once

// A client of GET /api/events for server tests.

#include "serverfixture.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QWebSocket>

namespace KumoTest {

/// A WebSocket client that collects the JSON messages it receives.
class EventClient : public QObject
{
public:
    EventClient()
    {
        connect(&socket, &QWebSocket::textMessageReceived, this, [this](const QString &text) {
            messages.append(QJsonDocument::fromJson(text.toUtf8()).object());
        });
    }

    void open(const ServerFixture &server, const KumoTest::Headers &headers)
    {
        QNetworkRequest request(
            QUrl(QStringLiteral("ws://127.0.0.1:%1/api/events").arg(server.server->port())));
        for (const auto &[name, value] : headers)
            request.setRawHeader(name, value);
        socket.open(request);
    }

    void send(const QJsonObject &message)
    {
        socket.sendTextMessage(QString::fromUtf8(QJsonDocument(message).toJson(QJsonDocument::Compact)));
    }

    [[nodiscard]] QList<QJsonObject> ofType(const QString &type) const
    {
        QList<QJsonObject> found;
        for (const QJsonObject &message : messages) {
            if (message.value(QStringLiteral("type")).toString() == type)
                found.append(message);
        }
        return found;
    }

    /// The log text received for @p runId, checking that chunks are contiguous.
    [[nodiscard]] QString logText(qint64 runId, bool *contiguous) const
    {
        QString text;
        qint64 expected = 0;
        *contiguous = true;
        for (const QJsonObject &message : ofType(QStringLiteral("log"))) {
            if (message.value(QStringLiteral("runId")).toInteger() != runId)
                continue;
            if (message.value(QStringLiteral("offset")).toInteger() != expected)
                *contiguous = false;
            expected = message.value(QStringLiteral("nextOffset")).toInteger();
            text += message.value(QStringLiteral("text")).toString();
        }
        return text;
    }

    QWebSocket socket;
    QList<QJsonObject> messages;
};

} // namespace KumoTest
