// SPDX-License-Identifier: MIT
#pragma once

#include "server/httpmessage.h"

#include <QElapsedTimer>
#include <QMetaObject>
#include <QObject>
#include <QTcpServer>
#include <QTimer>

#include <functional>
#include <memory>
#include <optional>

class QTcpSocket;

namespace Kumo {

/// Limits every connection is held to.
struct HttpLimits
{
    qint64 maxHeaderBytes = 32 * 1024;
    qint64 maxTargetBytes = 8 * 1024;
    qint64 maxBodyBytes = 1024 * 1024; // JSON requests; routes may allow other sizes
    int idleTimeoutMs = 60 * 1000; // a connection with no traffic (or a stalled request) closes
    int requestTimeoutMs = 120 * 1000; // from a request's first byte to its last (slow senders)
    int maxConnections = 1024; // more are answered 503 and closed
    qint64 maxUploadBytes = 1024LL * 1024 * 1024; // one file sent through /api/uploads in chunks
};

/// What the guard read from one request head.
struct RequestHead
{
    QByteArray method;
    QByteArray target;
    QByteArray version;
    QList<std::pair<QByteArray, QByteArray>> headers; // names lower-cased
    qint64 contentLength = 0;

    [[nodiscard]] QByteArray header(QByteArrayView name) const;
    [[nodiscard]] bool headerHasToken(QByteArrayView name, QByteArrayView token) const;
    [[nodiscard]] QByteArray path() const; // target without the query
};

/// Decisions the guard leaves to the server.
struct GuardPolicy
{
    /// The largest body the route of @p head accepts (default: HttpLimits::maxBodyBytes).
    std::function<qint64(const RequestHead &head)> bodyLimit;
    /// Checks a WebSocket handshake before it is handed on: nullopt accepts it, a response
    /// (401, 404 …) refuses it.
    std::function<std::optional<HttpResponse>(const RequestHead &head, const QTcpSocket &socket)>
        checkUpgrade;
};

/// Watches one connection's bytes ahead of QHttpServer, which buffers whole requests without a
/// limit. It frames the stream (head, then Content-Length body bytes) by peeking, so it never
/// holds more than one head, and refuses before a body is buffered: oversized heads (431) or
/// targets (414), malformed heads (400), bodies over the route's limit (413), chunked bodies
/// (411), bad or refused WebSocket handshakes; stalled and idle connections are closed.
///
/// Peeking only works if the guard knows which bytes QHttpServer has read. QHttpServer 6.4
/// reads what is available up to the end of the first complete request and leaves the rest for
/// a readyRead it re-emits, so the guard keeps a model of that position (by stream offsets)
/// and checks it on every read; a mismatch closes the connection rather than let a request by.
class RequestGuard : public QObject
{
    Q_OBJECT
public:
    /// @p connections counts live connections; the guard holds one until its socket is gone
    /// (it is the socket's child, so it goes with it however the socket changes hands).
    RequestGuard(QTcpSocket *socket, const HttpLimits &limits, const GuardPolicy &policy,
        std::shared_ptr<int> connections = {});
    ~RequestGuard() override;

    /// Whether the response to the request QHttpServer is handling on @p socket must close the
    /// connection (HTTP/1.0 without keep-alive, or "Connection: close"). Call once per request.
    [[nodiscard]] static bool takeCloseRequested(QTcpSocket *socket);

    static constexpr int kMaxHeaderFields = 100; // QHttpServer 6.4 drops all headers beyond
    static constexpr int kLingerMs = 2000;

private:
    enum class State { Head, Body, UpgradePending, Upgraded, Rejected };

    void onReadyRead();
    /// Frames @p data, the bytes after everything examined so far.
    void frame(QByteArrayView data);
    /// Takes bytes that complete the head; returns how many of @p data it consumed.
    qsizetype consumeHead(QByteArrayView data);
    void acceptHead(const RequestHead &head);
    [[nodiscard]] std::optional<RequestHead> parseHead(QByteArrayView raw, HttpResponse *refusal) const;
    [[nodiscard]] std::optional<HttpResponse> checkWebSocketHandshake(const RequestHead &head) const;
    /// Refuses the request being framed: now, or once QHttpServer has read the requests before
    /// it on this connection (so that they are answered first).
    void refuse(HttpResponse response);
    /// QHttpServer disconnects a socket whose request its parser rejects and then forgets it.
    void checkServerStillReading();
    void onIdle();
    void reject(HttpResponse response);
    void lingerAndClose();

    QTcpSocket *m_socket;
    const HttpLimits &m_limits;
    const GuardPolicy &m_policy;
    State m_state = State::Head;
    QByteArray m_head;
    qint64 m_headEnd = 0; // stream offset just past the last complete head
    qint64 m_bodyRemaining = 0;
    // The model of QHttpServer's reading, in stream offsets.
    qint64 m_examined = 0; // bytes of the stream this guard has looked at
    qint64 m_serverPos = 0; // where QHttpServer's next read starts
    QList<qint64> m_requestEnds; // ends of framed requests it has not reached yet
    QList<bool> m_closeAfter; // per framed request not yet handled, in order
    std::optional<HttpResponse> m_refusal; // waiting for the server to reach m_refusalAt
    qint64 m_refusalAt = 0;
    bool m_checkQueued = false;
    qint64 m_lingerBudget = 64 * 1024 * 1024; // bytes dropped after a refusal before aborting
    QMetaObject::Connection m_readyRead;
    QTimer m_idle;
    QElapsedTimer m_requestStarted; // running while a request is incomplete
    std::shared_ptr<int> m_connections;
};

/// A QTcpServer that puts a RequestGuard on every connection before QHttpServer sees it.
class GuardedTcpServer : public QTcpServer
{
    Q_OBJECT
public:
    GuardedTcpServer(const HttpLimits &limits, const GuardPolicy &policy, QObject *parent = nullptr);

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    const HttpLimits &m_limits;
    const GuardPolicy &m_policy;
    std::shared_ptr<int> m_connections = std::make_shared<int>(0);
};

} // namespace Kumo
