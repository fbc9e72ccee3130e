// SPDX-License-Identifier: MIT
#include "server/httpserver.h"

#include "engine.h"

#include <QHttpServer>
#include <QHttpServerResponse>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace Kumo {

namespace {

QHttpServerResponse problem(
    QHttpServerResponse::StatusCode status, const QString &title, const QString &detail)
{
    const QJsonObject body {
        { u"type"_s, u"about:blank"_s },
        { u"title"_s, title },
        { u"status"_s, int(status) },
        { u"detail"_s, detail },
    };
    QHttpServerResponse response(QByteArrayLiteral("application/problem+json"),
        QJsonDocument(body).toJson(QJsonDocument::Compact), status);
    return response;
}

void addStandardHeaders(QHttpServerResponse &response)
{
    response.setHeader(QByteArrayLiteral("X-Content-Type-Options"), QByteArrayLiteral("nosniff"));
    response.setHeader(QByteArrayLiteral("X-Frame-Options"), QByteArrayLiteral("DENY"));
    response.setHeader(QByteArrayLiteral("Content-Security-Policy"), QByteArrayLiteral("default-src 'none'"));
    response.setHeader(QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("no-store"));
}

} // namespace

HttpServer::HttpServer(Engine &engine, QObject *parent)
    : QObject(parent)
    , m_engine(engine)
    , m_server(new QHttpServer(this))
{
    registerRoutes();
}

HttpServer::~HttpServer() = default;

void HttpServer::registerRoutes()
{
    m_server->route(u"/api/health"_s, QHttpServerRequest::Method::Get, [this] {
        const QJsonObject health = m_engine.health();
        const bool ok = health.value(u"status"_s).toString() == u"ok"_s;
        QHttpServerResponse response(health,
            ok ? QHttpServerResponse::StatusCode::Ok : QHttpServerResponse::StatusCode::ServiceUnavailable);
        addStandardHeaders(response);
        return response;
    });
    m_server->setMissingHandler([](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
        QHttpServerResponse response = problem(QHttpServerResponse::StatusCode::NotFound, u"Not Found"_s,
            u"no route for %1"_s.arg(request.url().path()));
        addStandardHeaders(response);
        response.write(std::move(responder));
    });
}

bool HttpServer::listen(const QHostAddress &address, quint16 port)
{
    m_port = m_server->listen(address, port);
    if (m_port == 0) {
        m_error
            = u"cannot listen on %1:%2 (address in use or not available)"_s.arg(address.toString()).arg(port);
        return false;
    }
    return true;
}

} // namespace Kumo
