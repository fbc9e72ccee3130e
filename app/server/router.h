// SPDX-License-Identifier: MIT
#pragma once

#include "audit/auditevent.h"
#include "security/authenticator.h"
#include "server/httpmessage.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <functional>
#include <memory>
#include <optional>

namespace Kumo {

/// Who may call a route: anyone, or a signed-in user with at least this role.
enum class Access { Public, Viewer, Operator, Admin };

struct Route;

/// An answer that a handler gives later, from a callback (work on another thread). Sending
/// records the audit event and writes the response, unless the client has gone meanwhile.
class DeferredReply
{
public:
    using Sink = std::function<void(HttpResponse response, const AuditEvent &audit)>;
    DeferredReply(AuditEvent audit, Sink sink)
        : m_audit(std::move(audit))
        , m_sink(std::move(sink))
    { }

    [[nodiscard]] AuditEvent &audit() { return m_audit; }
    void send(HttpResponse response)
    {
        if (std::exchange(m_sent, true))
            return;
        m_sink(std::move(response), m_audit);
    }

private:
    AuditEvent m_audit;
    Sink m_sink;
    bool m_sent = false;
};

/// Everything a handler gets: the request, the caller, path parameters, the parsed JSON body,
/// and the audit event the server records after a mutating call (handlers fill in targets and
/// details; the server fills in the outcome from the status).
struct RequestContext
{
    const HttpRequest &request;
    const Route &route;
    QHash<QString, QString> params;
    std::optional<Principal> principal;
    QJsonObject body;
    AuditEvent audit;

    DeferredReply::Sink deferredSink; // set by the server
    std::shared_ptr<DeferredReply> deferred; // set by defer()

    /// A path parameter that the router already checked to be a positive integer.
    [[nodiscard]] qint64 id(const QString &name = QStringLiteral("id")) const;
    /// Answers later: keep the returned reply, send() it when done, and return anything from
    /// the handler (it is ignored). The audit event is copied now; amend it on the reply.
    [[nodiscard]] std::shared_ptr<DeferredReply> defer();
};

using Handler = std::function<HttpResponse(RequestContext &context)>;

struct Route
{
    HttpMethod method = HttpMethod::Get;
    QString pattern; // "/api/tasks/{id}"; parameters named id or ending in "Id" are integers
    Access access = Access::Viewer;
    QString auditAction; // mutating routes: "task.create" …; the server records one event per call
    QString summary; // one line for the OpenAPI document
    Handler handler;
    qint64 bodyLimit = -1; // -1: the server's JSON limit
    bool jsonBody = true; // a body, when sent, must be a JSON object
    QStringList segments; // pattern split on '/', filled by Router::add
};

/// Maps method + path to a route; tells 404 from 405.
class Router
{
public:
    struct Match
    {
        enum class Kind { Found, NotFound, MethodNotAllowed };
        Kind kind = Kind::NotFound;
        const Route *route = nullptr;
        QHash<QString, QString> params;
        QList<HttpMethod> allowed; // for 405 and OPTIONS
    };

    void add(Route route);
    void add(HttpMethod method, const QString &pattern, Access access, const QString &auditAction,
        const QString &summary, Handler handler);
    [[nodiscard]] Match match(HttpMethod method, QStringView path) const;
    [[nodiscard]] const QList<Route> &routes() const { return m_routes; }

private:
    [[nodiscard]] static bool matchSegments(
        const Route &route, const QList<QStringView> &segments, QHash<QString, QString> *params);

    QList<Route> m_routes;
};

} // namespace Kumo
