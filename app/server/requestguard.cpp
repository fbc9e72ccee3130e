// SPDX-License-Identifier: MIT
#include "server/requestguard.h"

#include "server/responsewriter.h"

#include <QTcpSocket>

#include <sys/socket.h>

using namespace Qt::StringLiterals;

namespace Kumo {

namespace {

bool isTokenChar(char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    return QByteArrayView("!#$%&'*+-.^_`|~").contains(c);
}

bool isToken(QByteArrayView text)
{
    return !text.isEmpty() && std::all_of(text.begin(), text.end(), isTokenChar);
}

bool hasControlChars(QByteArrayView text, bool allowTab)
{
    return std::any_of(text.begin(), text.end(), [allowTab](char c) {
        const auto u = static_cast<unsigned char>(c);
        return (u < 0x20 && !(allowTab && u == '\t')) || u == 0x7f;
    });
}

/// The end of a head (index just past its blank line) in @p data, or -1. Accepts bare LF line
/// ends as QHttpServer's parser does, so that both agree where a request ends.
qsizetype findHeadEnd(QByteArrayView data, qsizetype from)
{
    for (qsizetype i = qMax<qsizetype>(from, 0); i < data.size(); ++i) {
        if (data[i] != '\n')
            continue;
        if (i + 1 < data.size() && data[i + 1] == '\n')
            return i + 2;
        if (i + 2 < data.size() && data[i + 1] == '\r' && data[i + 2] == '\n')
            return i + 3;
    }
    return -1;
}

} // namespace

QByteArray RequestHead::header(QByteArrayView name) const
{
    for (const auto &[key, value] : headers) {
        if (key == name)
            return value;
    }
    return {};
}

bool RequestHead::headerHasToken(QByteArrayView name, QByteArrayView token) const
{
    for (const auto &[key, value] : headers) {
        if (key != name)
            continue;
        for (const QByteArray &part : value.split(',')) {
            if (part.trimmed().compare(token, Qt::CaseInsensitive) == 0)
                return true;
        }
    }
    return false;
}

QByteArray RequestHead::path() const
{
    const qsizetype query = target.indexOf('?');
    return query < 0 ? target : target.left(query);
}

RequestGuard::RequestGuard(
    QTcpSocket *socket, const HttpLimits &limits, const GuardPolicy &policy, std::shared_ptr<int> connections)
    : QObject(socket)
    , m_socket(socket)
    , m_limits(limits)
    , m_policy(policy)
    , m_connections(std::move(connections))
{
    if (m_connections)
        ++*m_connections;
    // Connected before QHttpServer connects its own reader, so this slot sees new bytes first.
    m_readyRead = connect(socket, &QTcpSocket::readyRead, this, &RequestGuard::onReadyRead);
    m_idle.setSingleShot(true);
    m_idle.setInterval(limits.idleTimeoutMs);
    connect(&m_idle, &QTimer::timeout, this, &RequestGuard::onIdle);
    m_idle.start();
}

RequestGuard::~RequestGuard()
{
    if (m_connections)
        --*m_connections;
}

bool RequestGuard::takeCloseRequested(QTcpSocket *socket)
{
    auto *guard = socket->findChild<RequestGuard *>(QString(), Qt::FindDirectChildrenOnly);
    return guard && !guard->m_closeAfter.isEmpty() && guard->m_closeAfter.takeFirst();
}

void RequestGuard::onReadyRead()
{
    if (m_state == State::Upgraded || m_state == State::Rejected || !m_socket->isOpen())
        return;
    if (m_state == State::UpgradePending) {
        // QHttpServer would have taken the socket away by now: it did not treat the request
        // as the handshake this guard accepted. Do not guess what the bytes mean.
        m_socket->abort();
        return;
    }
    m_idle.start();
    const QByteArray data = m_socket->peek(m_socket->bytesAvailable());
    const qint64 known = m_examined - m_serverPos; // at the front: examined, not yet read
    if (known < 0 || known > data.size()) {
        reject(Problem::badRequest(u"the request stream could not be followed"_s));
        return;
    }
    if (m_refusal && m_serverPos >= m_refusalAt) {
        reject(*std::exchange(m_refusal, std::nullopt));
        return;
    }
    if (!m_refusal)
        frame(QByteArrayView(data).sliced(known));
    // Trickling a byte now and then keeps the idle timer happy, but not this deadline.
    const bool incomplete = m_state == State::Body || !m_head.isEmpty();
    if (!incomplete)
        m_requestStarted.invalidate();
    else if (!m_requestStarted.isValid())
        m_requestStarted.start();
    else if (m_requestStarted.hasExpired(m_limits.requestTimeoutMs) && !m_refusal)
        refuse(Problem::make(408, u"the request was not completed in time"_s));
    if (m_state == State::Rejected || m_state == State::UpgradePending)
        return;

    // What QHttpServer reads in this emission: up to the end of the first complete request,
    // or everything available.
    const qint64 available = m_serverPos + data.size();
    if (!m_requestEnds.isEmpty() && m_requestEnds.constFirst() <= available)
        m_serverPos = m_requestEnds.takeFirst();
    else
        m_serverPos = available;
    if (!m_checkQueued) {
        m_checkQueued = true;
        QMetaObject::invokeMethod(this, &RequestGuard::checkServerStillReading, Qt::QueuedConnection);
    }
}

void RequestGuard::frame(QByteArrayView data)
{
    qsizetype pos = 0;
    while (pos < data.size() && !m_refusal && (m_state == State::Head || m_state == State::Body)) {
        if (m_state == State::Body) {
            const qint64 take = qMin<qint64>(m_bodyRemaining, data.size() - pos);
            m_bodyRemaining -= take;
            pos += take;
            m_examined += take;
            if (m_bodyRemaining == 0) {
                m_requestEnds.append(m_examined);
                m_state = State::Head;
            }
            continue;
        }
        const qsizetype used = consumeHead(data.sliced(pos));
        pos += used;
        m_examined += used;
    }
}

qsizetype RequestGuard::consumeHead(QByteArrayView data)
{
    // Blank lines before a request line are allowed (RFC 9112 §2.2).
    qsizetype skipped = 0;
    if (m_head.isEmpty()) {
        while (skipped < data.size() && (data[skipped] == '\r' || data[skipped] == '\n'))
            ++skipped;
        data = data.sliced(skipped);
    }
    const qsizetype before = m_head.size();
    const qsizetype room = m_limits.maxHeaderBytes + 3 - before;
    m_head.append(data.first(qMin<qsizetype>(data.size(), room)));
    const qsizetype end = findHeadEnd(m_head, before - 2);
    if (end < 0) {
        if (m_head.size() > m_limits.maxHeaderBytes) {
            refuse(Problem::make(
                431, u"the request head is larger than %1 bytes"_s.arg(m_limits.maxHeaderBytes)));
        }
        return skipped + data.size();
    }
    HttpResponse refusal;
    const std::optional<RequestHead> head = parseHead(QByteArrayView(m_head).first(end), &refusal);
    m_head.clear();
    if (!head) {
        refuse(std::move(refusal));
        return skipped + data.size();
    }
    const qsizetype used = skipped + (end - before);
    m_headEnd = m_examined + used;
    acceptHead(*head);
    return used;
}

std::optional<RequestHead> RequestGuard::parseHead(QByteArrayView raw, HttpResponse *refusal) const
{
    const auto refuse = [refusal](int status, const QString &detail) {
        *refusal = Problem::make(status, detail);
        return std::nullopt;
    };
    QList<QByteArray> lines = raw.toByteArray().split('\n');
    for (QByteArray &line : lines) {
        if (line.endsWith('\r'))
            line.chop(1);
    }
    while (!lines.isEmpty() && lines.constLast().isEmpty())
        lines.removeLast();
    if (lines.isEmpty())
        return refuse(400, u"empty request"_s);
    if (lines.size() - 1 > kMaxHeaderFields)
        return refuse(431, u"more than %1 header fields"_s.arg(kMaxHeaderFields));
    for (const QByteArray &line : std::as_const(lines)) {
        // A CR that does not end a line would make QHttpServer's parser wait for more.
        if (line.contains('\r'))
            return refuse(400, u"stray carriage return in the request head"_s);
    }

    RequestHead head;
    const QList<QByteArray> parts = lines.constFirst().split(' ');
    if (parts.size() != 3 || !isToken(parts[0]))
        return refuse(400, u"malformed request line"_s);
    head.method = parts[0];
    head.target = parts[1];
    head.version = parts[2];
    if (head.method == "CONNECT" || head.method == "TRACE")
        return refuse(405, u"method %1 is not allowed"_s.arg(QString::fromLatin1(head.method)));
    if (head.target.size() > m_limits.maxTargetBytes)
        return refuse(414, u"the request target is longer than %1 bytes"_s.arg(m_limits.maxTargetBytes));
    if (head.target.isEmpty() || hasControlChars(head.target, false)
        || std::any_of(head.target.begin(), head.target.end(), [](char c) { return uchar(c) >= 0x80; }))
        return refuse(400, u"malformed request target"_s);
    if (head.target.front() != '/')
        return refuse(400, u"the request target must be an absolute path"_s);
    if (head.version != "HTTP/1.1" && head.version != "HTTP/1.0")
        return refuse(505, u"only HTTP/1.0 and HTTP/1.1 are supported"_s);

    bool haveLength = false;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArrayView line = lines[i];
        if (line.startsWith(' ') || line.startsWith('\t'))
            return refuse(400, u"folded header lines are not allowed"_s);
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0 || !isToken(line.first(colon)))
            return refuse(400, u"malformed header line %1"_s.arg(i + 1));
        const QByteArrayView value = line.sliced(colon + 1).trimmed();
        if (hasControlChars(value, true))
            return refuse(
                400, u"control characters in header %1"_s.arg(QString::fromLatin1(line.first(colon))));
        const QByteArray name = line.first(colon).toByteArray().toLower();
        if (name == "content-length") {
            bool ok = false;
            const qint64 length = value.size() <= 18 && !value.isEmpty()
                    && std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })
                ? value.toLongLong(&ok)
                : -1;
            if (!ok || (haveLength && length != head.contentLength))
                return refuse(400, u"invalid Content-Length"_s);
            head.contentLength = length;
            haveLength = true;
        } else if (name == "transfer-encoding") {
            return refuse(411, u"chunked request bodies are not supported; send Content-Length"_s);
        }
        head.headers.append({ name, value.toByteArray() });
    }
    if (head.version == "HTTP/1.1" && head.header("host").isNull())
        return refuse(400, u"HTTP/1.1 requests need a Host header"_s);
    return head;
}

std::optional<HttpResponse> RequestGuard::checkWebSocketHandshake(const RequestHead &head) const
{
    // As strict as QHttpServer and QWebSocketServer together, so that what passes here is
    // what they upgrade: anything else would leave the connection between two owners.
    int upgradeHeaders = 0;
    for (const auto &[name, value] : head.headers)
        upgradeHeaders += name == "upgrade";
    if (upgradeHeaders != 1
        || head.header("upgrade").trimmed().compare("websocket", Qt::CaseInsensitive) != 0)
        return Problem::make(
            400, u"only WebSocket upgrades are supported (one \"Upgrade: websocket\" header)"_s);
    if (head.method != "GET" || head.version != "HTTP/1.1" || !head.headerHasToken("connection", "upgrade")
        || head.header("sec-websocket-key").trimmed().isEmpty() || head.contentLength != 0)
        return Problem::make(400,
            u"a WebSocket handshake is a GET over HTTP/1.1 with Connection: Upgrade and a Sec-WebSocket-Key"_s);
    if (head.header("sec-websocket-version").trimmed() != "13") {
        HttpResponse response = Problem::make(426, u"only WebSocket version 13 is supported"_s);
        response.setHeader("Sec-WebSocket-Version", "13");
        return response;
    }
    if (m_policy.checkUpgrade)
        return m_policy.checkUpgrade(head, *m_socket);
    return std::nullopt;
}

void RequestGuard::acceptHead(const RequestHead &head)
{
    if (!head.header("upgrade").isNull()) {
        if (std::optional<HttpResponse> refusal = checkWebSocketHandshake(head)) {
            refuse(std::move(*refusal));
            return;
        }
        if (!m_requestEnds.isEmpty()) {
            // Pipelined behind other requests: too easy to get wrong, and no client does it.
            refuse(Problem::make(400, u"a WebSocket handshake must not follow other requests unanswered"_s));
            return;
        }
        // From here the bytes are WebSocket frames, bounded by QWebSocket itself, once
        // QHttpServer hands the socket over (checked on the next read or at the idle timeout).
        m_state = State::UpgradePending;
        return;
    }

    const qint64 limit = m_policy.bodyLimit ? m_policy.bodyLimit(head) : m_limits.maxBodyBytes;
    if (head.contentLength > limit) {
        refuse(Problem::make(413,
            u"the request body of %1 bytes is larger than the limit of %2 bytes for this route"_s
                .arg(head.contentLength)
                .arg(limit)));
        return;
    }
    const bool close = head.headerHasToken("connection", "close")
        || (head.version == "HTTP/1.0" && !head.headerHasToken("connection", "keep-alive"));
    if (head.contentLength > 0 && head.headerHasToken("expect", "100-continue") && m_requestEnds.isEmpty())
        m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
    m_bodyRemaining = head.contentLength;
    m_closeAfter.append(close);
    if (m_bodyRemaining > 0) {
        m_state = State::Body;
    } else {
        m_requestEnds.append(m_headEnd);
        m_state = State::Head;
    }
}

void RequestGuard::refuse(HttpResponse response)
{
    if (m_requestEnds.isEmpty()) {
        reject(std::move(response));
        return;
    }
    m_refusal = std::move(response);
    m_refusalAt = m_requestEnds.constLast();
}

void RequestGuard::checkServerStillReading()
{
    m_checkQueued = false;
    if (m_readyRead || m_state == State::Upgraded || m_state == State::Rejected)
        return;
    // QHttpServer's parser refused the request and dropped all its connections to the socket,
    // leaving it open and unowned: answer, close, and delete it ourselves.
    connect(m_socket, &QTcpSocket::disconnected, m_socket, &QObject::deleteLater);
    reject(Problem::badRequest(u"malformed HTTP request"_s));
}

void RequestGuard::onIdle()
{
    switch (m_state) {
    case State::UpgradePending:
        // Handed over: QHttpServer cut this guard's reader off. Otherwise nobody owns it.
        if (m_readyRead)
            m_socket->abort();
        else
            m_state = State::Upgraded;
        return;
    case State::Body:
        reject(Problem::make(408, u"the request was not completed in time"_s));
        return;
    case State::Head:
        if (!m_head.isEmpty())
            reject(Problem::make(408, u"the request was not completed in time"_s));
        else
            m_socket->disconnectFromHost();
        return;
    case State::Upgraded:
    case State::Rejected:
        return;
    }
}

void RequestGuard::reject(HttpResponse response)
{
    m_state = State::Rejected;
    m_idle.stop();
    m_head.clear();
    // Nobody but this guard reads the socket any more: the server never sees the request, and
    // whatever the client still sends is dropped as it arrives instead of buffered.
    disconnect(m_socket, &QTcpSocket::readyRead, nullptr, nullptr);
    disconnect(&m_idle, nullptr, this, nullptr);
    if (m_socket->isTransactionStarted())
        m_socket->commitTransaction();
    m_socket->readAll();
    m_socket->write(
        ResponseWriter::encode(std::move(response), { .headOnly = false, .close = true, .requestId = {} }));
    lingerAndClose();
}

void RequestGuard::lingerAndClose()
{
    // Closing a socket with unread input makes the kernel send a reset, which can destroy the
    // answer before the client reads it (a client still sending a huge body would never learn
    // why). So: send the answer, stop our side, and drop what still comes in for a while.
    connect(m_socket, &QTcpSocket::readyRead, this, [this] {
        m_lingerBudget -= m_socket->skip(m_socket->bytesAvailable());
        if (m_lingerBudget <= 0)
            m_socket->abort();
    });
    const auto shutDownWrites = [this] {
        if (m_socket->bytesToWrite() == 0 && m_socket->state() == QAbstractSocket::ConnectedState)
            ::shutdown(int(m_socket->socketDescriptor()), SHUT_WR);
    };
    connect(m_socket, &QTcpSocket::bytesWritten, this, shutDownWrites);
    m_socket->flush();
    shutDownWrites();
    connect(&m_idle, &QTimer::timeout, m_socket, &QTcpSocket::abort);
    m_idle.start(kLingerMs);
}

GuardedTcpServer::GuardedTcpServer(const HttpLimits &limits, const GuardPolicy &policy, QObject *parent)
    : QTcpServer(parent)
    , m_limits(limits)
    , m_policy(policy)
{ }

void GuardedTcpServer::incomingConnection(qintptr descriptor)
{
    auto *socket = new QTcpSocket(this);
    if (!socket->setSocketDescriptor(descriptor)) {
        delete socket;
        return;
    }
    if (*m_connections >= m_limits.maxConnections) {
        socket->write(ResponseWriter::encode(Problem::make(503, u"too many connections; try again later"_s),
            { .headOnly = false, .close = true, .requestId = {} }));
        socket->disconnectFromHost();
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        return;
    }
    new RequestGuard(socket, m_limits, m_policy, m_connections);
    addPendingConnection(socket);
}

} // namespace Kumo
