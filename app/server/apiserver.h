// SPDX-License-Identifier: MIT
#pragma once

#include "server/requestguard.h"
#include "server/router.h"

#include <QAbstractHttpServer>
#include <QMap>

namespace Kumo {

class AuditLog;
class Authenticator;

/// The name of the session cookie.
inline constexpr char kSessionCookie[] = "kumo_session";

/// Answers every HTTP request through the Router: authentication (session cookie with CSRF
/// header, or bearer token), role checks, JSON bodies, HEAD/OPTIONS/405, one audit event per
/// mutating call, and problem+json for every error. QHttpServer's own router is not used: it
/// answers a wrong method with 404 and HEAD with a body.
class ApiServer : public QAbstractHttpServer
{
    Q_OBJECT
public:
    ApiServer(Router &router, Authenticator &auth, AuditLog &audit, QObject *parent = nullptr);

    /// The whole request pipeline. Answers through @p reply, at once or later (deferred).
    void dispatch(const HttpRequest &request, const std::function<void(HttpResponse)> &reply);
    /// The caller of @p request (cookie or bearer), or nullopt.
    [[nodiscard]] std::optional<Principal> authenticate(const HttpRequest &request);

    static constexpr qint64 kMaxUnsentBytes = 16 * 1024 * 1024;

    /// While @p unavailable answers true, requests that change something get 503 (a restore
    /// waits for the restart: what they changed would be lost in the swap).
    void setUnavailable(std::function<bool()> unavailable) { m_unavailable = std::move(unavailable); }

    /// Asked for requests that match no route (the dashboard's files); nullopt keeps the 404.
    using Fallback = std::function<std::optional<HttpResponse>(const HttpRequest &)>;
    void setFallback(Fallback fallback) { m_fallback = std::move(fallback); }

    /// Responses by status since start (for metrics).
    [[nodiscard]] const QMap<int, quint64> &responseCounts() const { return m_responseCounts; }

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    /// Authentication, authorisation, body parsing and the handler; nullopt when deferred.
    [[nodiscard]] std::optional<HttpResponse> run(RequestContext &context);
    void recordAudit(AuditEvent event, const HttpResponse &response);

    Router &m_router;
    std::function<bool()> m_unavailable;
    Fallback m_fallback;
    Authenticator &m_auth;
    AuditLog &m_audit;
    QMap<int, quint64> m_responseCounts;
    quint64 m_requestCounter = 0;
};

} // namespace Kumo
