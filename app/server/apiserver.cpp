// SPDX-License-Identifier: MIT
#include "server/apiserver.h"

#include "audit/auditlog.h"
#include "security/authenticator.h"
#include "server/responsewriter.h"

#include <QHttpServerRequest>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QTcpSocket>

#include <sodium.h>

using namespace Qt::StringLiterals;

namespace Kumo {

namespace {

HttpMethod methodOf(QHttpServerRequest::Method method)
{
    switch (method) {
    case QHttpServerRequest::Method::Get:
        return HttpMethod::Get;
    case QHttpServerRequest::Method::Head:
        return HttpMethod::Head;
    case QHttpServerRequest::Method::Post:
        return HttpMethod::Post;
    case QHttpServerRequest::Method::Put:
        return HttpMethod::Put;
    case QHttpServerRequest::Method::Patch:
        return HttpMethod::Patch;
    case QHttpServerRequest::Method::Delete:
        return HttpMethod::Delete;
    case QHttpServerRequest::Method::Options:
        return HttpMethod::Options;
    default:
        return HttpMethod::Other;
    }
}

Role requiredRole(Access access)
{
    switch (access) {
    case Access::Admin:
        return Role::Admin;
    case Access::Operator:
        return Role::Operator;
    default:
        return Role::Viewer;
    }
}

bool equalSecrets(const QByteArray &a, const QByteArray &b)
{
    return a.size() == b.size() && !a.isEmpty()
        && sodium_memcmp(a.constData(), b.constData(), size_t(a.size())) == 0;
}

QByteArray allowHeader(QList<HttpMethod> methods)
{
    if (methods.contains(HttpMethod::Get))
        methods.append(HttpMethod::Head);
    methods.append(HttpMethod::Options);
    QByteArrayList names;
    for (HttpMethod method : std::as_const(methods)) {
        const QByteArray name = httpMethodName(method);
        if (!names.contains(name))
            names.append(name);
    }
    return names.join(", ");
}

} // namespace

ApiServer::ApiServer(Router &router, Authenticator &auth, AuditLog &audit, QObject *parent)
    : QAbstractHttpServer(parent)
    , m_router(router)
    , m_auth(auth)
    , m_audit(audit)
{ }

bool ApiServer::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    // QHttpServer 6.4 asks handleRequest() before upgrading, and upgrades when it returns true.
    // The RequestGuard has already checked the path and the caller of every handshake that gets
    // here, so the answer is to write nothing and let the WebSocket server take the socket.
    if (request.value("upgrade").compare("websocket", Qt::CaseInsensitive) == 0)
        return true;
    // A client that keeps sending requests without reading the answers is cut off instead of
    // having its answers buffered here without bound.
    if (socket->bytesToWrite() > kMaxUnsentBytes) {
        socket->abort();
        return true;
    }

    HttpRequest copy;
    copy.method = methodOf(request.method());
    const QUrl url = request.url();
    copy.path = url.path(QUrl::FullyDecoded);
    copy.query = QUrlQuery(url);
    copy.body = request.body();
    copy.peer = request.remoteAddress();
    copy.requestId = QString::number(++m_requestCounter, 36);
    const auto headers = request.headers();
    copy.headers.reserve(headers.size());
    for (const auto &[name, value] : headers)
        copy.headers.append({ name.toLower(), value });

    const ResponseWriter::Options options { .headOnly = copy.method == HttpMethod::Head,
        .close = RequestGuard::takeCloseRequested(socket),
        .requestId = copy.requestId.toLatin1() };
    // The socket may be gone by the time a deferred answer is ready.
    dispatch(copy, [socket = QPointer<QTcpSocket>(socket), options](HttpResponse response) {
        ResponseWriter::send(socket, std::move(response), options);
    });
    return true;
}

void ApiServer::missingHandler(const QHttpServerRequest &, QTcpSocket *socket)
{
    // Unreachable: handleRequest answers every request. Kept total for safety.
    ResponseWriter::send(
        socket, Problem::notFound(QString()), { .headOnly = false, .close = true, .requestId = {} });
}

std::optional<Principal> ApiServer::authenticate(const HttpRequest &request)
{
    const QByteArray authorization = request.header("authorization");
    if (!authorization.isEmpty()) {
        if (!authorization.startsWith("Bearer ") && !authorization.startsWith("bearer "))
            return std::nullopt;
        return m_auth.authenticateBearer(QString::fromLatin1(authorization.mid(7).trimmed()));
    }
    const QByteArray session = request.cookie(kSessionCookie);
    if (session.isEmpty())
        return std::nullopt;
    return m_auth.authenticateSession(QString::fromLatin1(session));
}

void ApiServer::dispatch(const HttpRequest &request, const std::function<void(HttpResponse)> &reply)
{
    QString path = request.path;
    if (path.size() > 1 && path.endsWith(u'/'))
        path.chop(1);
    const Router::Match match = m_router.match(request.method, path);
    const auto answer = [this, reply](HttpResponse response) {
        ++m_responseCounts[response.status];
        reply(std::move(response));
    };
    if (match.kind == Router::Match::Kind::NotFound) {
        std::optional<HttpResponse> fallback = m_fallback ? m_fallback(request) : std::nullopt;
        answer(fallback ? std::move(*fallback) : Problem::notFound(u"no route for %1"_s.arg(path)));
    } else if (request.method == HttpMethod::Options) {
        HttpResponse response = HttpResponse::noContent();
        response.setHeader("Allow", allowHeader(match.allowed));
        answer(std::move(response));
    } else if (request.method != HttpMethod::Get && request.method != HttpMethod::Head && m_unavailable
        && m_unavailable()) {
        HttpResponse response
            = Problem::make(503, u"Kumo is restarting to restore a backup; try again in a moment"_s);
        response.setHeader("Retry-After", "5");
        answer(std::move(response));
    } else if (match.kind == Router::Match::Kind::MethodNotAllowed) {
        HttpResponse response = Problem::make(
            405, u"%1 is not allowed on %2"_s.arg(QString::fromLatin1(httpMethodName(request.method)), path));
        response.setHeader("Allow", allowHeader(match.allowed));
        answer(std::move(response));
    } else {
        RequestContext context { request, *match.route, match.params, std::nullopt, {}, {}, {}, {} };
        const bool audited = !match.route->auditAction.isEmpty();
        context.deferredSink = [this, guard = QPointer<ApiServer>(this), answer, audited](
                                   HttpResponse response, const AuditEvent &audit) {
            if (!guard)
                return;
            // A handler clears the action of an event that must not be recorded.
            if (audited && !audit.action.isEmpty())
                recordAudit(audit, response);
            answer(std::move(response));
        };
        if (std::optional<HttpResponse> response = run(context))
            answer(std::move(*response));
    }
}

std::optional<HttpResponse> ApiServer::run(RequestContext &context)
{
    const Route &route = context.route;
    const HttpRequest &request = context.request;
    context.audit.ip = request.peerIp();
    context.audit.action = route.auditAction;
    context.audit.targetType = route.auditAction.section(u'.', 0, 0); // "task.create" → "task"
    context.audit.targetId = context.params.value(u"id"_s);
    const bool audited = !route.auditAction.isEmpty();

    if (route.access != Access::Public) {
        context.principal = authenticate(request);
        if (!context.principal) {
            HttpResponse response
                = Problem::make(401, u"sign in, or send an API token as 'Authorization: Bearer …'"_s);
            response.setHeader("WWW-Authenticate", "Bearer realm=\"kumo\"");
            return response;
        }
        const User &user = context.principal->user;
        context.audit.actor = user.username;
        context.audit.actorId = user.id;
        if (context.principal->via == Principal::Via::Session && request.isMutating()
            && !equalSecrets(request.header("x-csrf-token"), context.principal->csrfToken.toLatin1())) {
            HttpResponse response = Problem::make(403, u"missing or wrong X-CSRF-Token header"_s);
            if (audited)
                recordAudit(context.audit, response);
            return response;
        }
        if (!roleAllows(user.role, requiredRole(route.access))) {
            HttpResponse response = Problem::make(403,
                u"this needs the %1 role; %2 has the %3 role"_s.arg(
                    roleName(requiredRole(route.access)), user.username, roleName(user.role)));
            if (audited)
                recordAudit(context.audit, response);
            return response;
        }
    }

    if (route.jsonBody && !request.body.isEmpty()) {
        // Required, not assumed: a cross-site page can send a body without a type, never
        // with application/json (that needs a CORS preflight, which this server refuses).
        const QByteArray type = request.header("content-type");
        if (!type.startsWith("application/json")) {
            HttpResponse response = Problem::make(415, u"send the body as application/json"_s);
            if (audited)
                recordAudit(context.audit, response);
            return response;
        }
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(request.body, &error);
        if (error.error != QJsonParseError::NoError || !document.isObject()) {
            HttpResponse response = Problem::badRequest(error.error != QJsonParseError::NoError
                    ? u"invalid JSON at offset %1: %2"_s.arg(error.offset).arg(error.errorString())
                    : u"the body must be a JSON object"_s);
            if (audited)
                recordAudit(context.audit, response);
            return response;
        }
        context.body = document.object();
    }

    HttpResponse response = route.handler(context);
    if (context.deferred)
        return std::nullopt;
    if (audited)
        recordAudit(context.audit, response);
    return response;
}

void ApiServer::recordAudit(AuditEvent event, const HttpResponse &response)
{
    if (response.status < 300)
        event.outcome = u"success"_s;
    else if (response.status == 403)
        event.outcome = u"denied"_s;
    else
        event.outcome = u"failure"_s;
    if (response.status >= 400 && !event.details.contains(u"status"_s)) {
        event.details.insert(u"status"_s, response.status);
        const QJsonObject problem = QJsonDocument::fromJson(response.body).object();
        event.details.insert(u"error"_s, problem.value(u"detail"_s).toString().left(500));
    }
    m_audit.record(event);
}

} // namespace Kumo
