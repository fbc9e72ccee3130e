// SPDX-License-Identifier: MIT
#pragma once

// Shared set-up for server tests: a real Engine and HttpServer in the test process on a free
// loopback port, and a synchronous HTTP client (QNetworkAccessManager) to drive it.

#include "engine.h"
#include "security/authenticator.h"
#include "server/httpserver.h"
#include "storage/taskstore.h"

#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTemporaryDir>
#include <QTimer>

#include <memory>

namespace KumoTest {

inline constexpr char kAdminPassword[] = "admin-password-1";

struct HttpReply
{
    int status = 0; // 0: no HTTP answer (connection error or timeout)
    QByteArray body;
    QList<QNetworkReply::RawHeaderPair> headers;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;

    [[nodiscard]] QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
    [[nodiscard]] QByteArray header(const QByteArray &name) const
    {
        for (const auto &[key, value] : headers) {
            if (key.compare(name, Qt::CaseInsensitive) == 0)
                return value;
        }
        return {};
    }
};

/// Extra request headers, e.g. {{"Authorization", "Bearer …"}}.
using Headers = QList<std::pair<QByteArray, QByteArray>>;

struct ServerFixture
{
    std::unique_ptr<QTemporaryDir> dir = std::make_unique<QTemporaryDir>();
    std::unique_ptr<Kumo::Engine> engine;
    std::unique_ptr<Kumo::HttpServer> server;
    QNetworkAccessManager network;
    QString adminToken; // an API token of the initial admin

    bool start(Kumo::HttpLimits limits = {}, Kumo::EngineConfig config = {})
    {
        config.dataDir = dir->path();
        config.killGraceMs = 500;
        config.passwordCost = Kumo::PasswordHasher::Cost::Minimal;
        engine = std::make_unique<Kumo::Engine>();
        if (!engine->open(config)) {
            qWarning("engine failed to open: %s", qPrintable(engine->errorString()));
            return false;
        }
        QString error;
        // On a restart the admin exists already: nothing is created and nothing is wrong.
        (void)engine->auth().ensureInitialAdmin(QString::fromLatin1(kAdminPassword), &error);
        if (!error.isEmpty()) {
            qWarning("no initial admin: %s", qPrintable(error));
            return false;
        }
        server = std::make_unique<Kumo::HttpServer>(*engine, limits);
        if (!server->listen(QHostAddress::LocalHost, 0))
            return false;
        engine->start();
        adminToken = tokenFor(QStringLiteral("admin"));
        return !adminToken.isEmpty();
    }

    /// An API token for an existing user, made directly through the engine.
    QString tokenFor(const QString &username)
    {
        const std::optional<Kumo::User> user = engine->auth().users().findByUsername(username);
        if (!user)
            return {};
        QString token;
        Kumo::FieldErrors errors;
        (void)engine->auth().tokens().create(
            user->id, QJsonObject { { QStringLiteral("name"), QStringLiteral("test") } }, &token, &errors);
        return token;
    }

    /// Creates a user with @p role and returns an API token for it.
    QString userToken(const QString &username, const QString &role)
    {
        const Kumo::UserResult created
            = engine->auth().users().create(QJsonObject { { QStringLiteral("username"), username },
                { QStringLiteral("password"), QString(QStringLiteral("password-of-") + username) },
                { QStringLiteral("role"), role } });
        return created.ok() ? tokenFor(username) : QString();
    }

    QUrl url(const QString &pathAndQuery) const
    {
        return QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(server->port()).arg(pathAndQuery));
    }

    static Headers bearer(const QString &token)
    {
        return { { "Authorization", "Bearer " + token.toLatin1() } };
    }
    Headers admin() const { return bearer(adminToken); }

    /// Sends one request and waits for the answer (at most @p timeoutMs).
    HttpReply send(const QByteArray &method, const QString &pathAndQuery, const Headers &headers = {},
        const QByteArray &body = {}, int timeoutMs = 10000)
    {
        QNetworkRequest request(url(pathAndQuery));
        if (!body.isEmpty())
            request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        for (const auto &[name, value] : headers)
            request.setRawHeader(name, value);
        // A custom "HEAD" would make QNetworkAccessManager wait for the announced body.
        QNetworkReply *reply
            = method == "HEAD" ? network.head(request) : network.sendCustomRequest(request, method, body);
        QEventLoop loop;
        QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
        QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        if (!reply->isFinished())
            loop.exec();
        HttpReply result;
        if (reply->isFinished()) {
            result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            result.body = reply->readAll();
            result.headers = reply->rawHeaderPairs();
            result.error = reply->error();
        } else {
            reply->abort();
            result.error = QNetworkReply::TimeoutError;
        }
        reply->deleteLater();
        return result;
    }

    HttpReply get(const QString &path, const Headers &headers) { return send("GET", path, headers); }
    HttpReply post(const QString &path, const Headers &headers, const QJsonObject &body = {})
    {
        return send("POST", path, headers, QJsonDocument(body).toJson(QJsonDocument::Compact));
    }
    HttpReply patch(const QString &path, const Headers &headers, const QJsonObject &body)
    {
        return send("PATCH", path, headers, QJsonDocument(body).toJson(QJsonDocument::Compact));
    }
};

} // namespace KumoTest
