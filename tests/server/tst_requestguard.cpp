// SPDX-License-Identifier: MIT
// The request guard in front of QHttpServer, over raw TCP: limits are enforced before a body is
// buffered, malformed heads are refused, and connections are handled as HTTP/1.1 says.

#include "serverfixture.h"

#include "audit/auditlog.h"

#include <QElapsedTimer>
#include <QFile>
#include <QTcpSocket>
#include <QTest>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <thread>

using namespace Qt::StringLiterals;
using namespace Kumo;
using KumoTest::ServerFixture;

namespace {

qint64 residentBytes()
{
    QFile status(u"/proc/self/status"_s);
    if (!status.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong() * 1024;
    }
    return 0;
}

/// A raw connection that the test writes bytes to and reads answers from, while the event loop
/// (and so the server in this process) keeps running.
class RawClient
{
public:
    explicit RawClient(quint16 port)
    {
        m_socket.connectToHost(QHostAddress::LocalHost, port);
        m_socket.waitForConnected(5000);
    }

    void write(const QByteArray &bytes) { m_socket.write(bytes); }

    /// Reads until @p count complete responses arrived or the server closed the connection.
    QByteArray readResponses(int count = 1, int timeoutMs = 5000)
    {
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < timeoutMs) {
            if (responses() >= count || m_socket.state() == QAbstractSocket::UnconnectedState)
                break;
            QTest::qWait(5);
            m_received += m_socket.readAll();
        }
        m_received += m_socket.readAll();
        return m_received;
    }

    [[nodiscard]] bool closedByServer(int timeoutMs = 5000)
    {
        QElapsedTimer timer;
        timer.start();
        while (m_socket.state() != QAbstractSocket::UnconnectedState && timer.elapsed() < timeoutMs) {
            QTest::qWait(5);
            m_received += m_socket.readAll();
        }
        return m_socket.state() == QAbstractSocket::UnconnectedState;
    }

    QTcpSocket &socket() { return m_socket; }

private:
    /// Complete responses received so far (head plus Content-Length body).
    int responses() const
    {
        int complete = 0;
        qsizetype pos = 0;
        while (true) {
            const qsizetype end = m_received.indexOf("\r\n\r\n", pos);
            if (end < 0)
                return complete;
            const QByteArray head = m_received.mid(pos, end - pos).toLower();
            const qsizetype lengthAt = head.indexOf("content-length:");
            const qint64 length
                = lengthAt < 0 ? 0 : head.mid(lengthAt + 15).split('\r').front().trimmed().toLongLong();
            if (m_received.size() < end + 4 + length)
                return complete;
            // Interim 1xx answers are not final responses.
            if (!head.startsWith("http/1.1 1"))
                ++complete;
            pos = end + 4 + length;
        }
    }

    QTcpSocket m_socket;
    QByteArray m_received;
};

int statusOf(const QByteArray &response)
{
    return response.startsWith("HTTP/1.1 ") ? response.mid(9, 3).toInt() : 0;
}

} // namespace

class TestRequestGuard final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void refusesBadHeads_data();
    void refusesBadHeads();
    void bodyLimitIsEnforcedBeforeBuffering();
    void bodyAtTheLimitIsAccepted();
    void multiGigabyteBodyKeepsMemoryFlat();
    void keepAliveAndClose();
    void headersSplitAcrossPackets();
    void expectContinue();
    void stalledRequestTimesOut();
    void tricklingRequestTimesOut();
    void untypedBodyIsRefused();
    void connectionsAreCapped();

private:
    std::unique_ptr<ServerFixture> m_server;
};

void TestRequestGuard::init()
{
    m_server = std::make_unique<ServerFixture>();
    HttpLimits limits;
    limits.maxBodyBytes = 64 * 1024;
    limits.idleTimeoutMs = 400;
    QVERIFY(m_server->start(limits));
}

void TestRequestGuard::cleanup()
{
    m_server.reset();
}

void TestRequestGuard::refusesBadHeads_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<int>("status");
    const QByteArray longHeader = "X-Junk: " + QByteArray(40 * 1024, 'a') + "\r\n";
    QTest::addRow("no host") << QByteArray("GET /api/health HTTP/1.1\r\n\r\n") << 400;
    QTest::addRow("http/2") << QByteArray("GET /api/health HTTP/2.0\r\nHost: x\r\n\r\n") << 505;
    QTest::addRow("http/0.9") << QByteArray("GET /api/health\r\n\r\n") << 400;
    QTest::addRow("long target") << QByteArray(
        "GET /" + QByteArray(9000, 'a') + " HTTP/1.1\r\nHost: x\r\n\r\n")
                                 << 414;
    QTest::addRow("huge header") << QByteArray("GET /api/health HTTP/1.1\r\nHost: x\r\n" + longHeader
        + "\r\n") << 431;
    QTest::addRow("chunked") << QByteArray(
        "POST /api/tasks HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n")
                             << 411;
    QTest::addRow("two lengths") << QByteArray(
        "POST /api/tasks HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n")
                                 << 400;
    QTest::addRow("negative length") << QByteArray(
        "POST /api/tasks HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n")
                                     << 400;
    QTest::addRow("folded header") << QByteArray(
        "GET /api/health HTTP/1.1\r\nHost: x\r\nX-A: b\r\n c\r\n\r\n")
                                   << 400;
    QTest::addRow("no colon") << QByteArray("GET /api/health HTTP/1.1\r\nHost x\r\n\r\n") << 400;
    QTest::addRow("control char") << QByteArray("GET /api/health HTTP/1.1\r\nHost: x\x01y\r\n\r\n") << 400;
    QTest::addRow("space in target") << QByteArray("GET /api/he alth HTTP/1.1\r\nHost: x\r\n\r\n") << 400;
    QTest::addRow("relative target") << QByteArray("GET api/health HTTP/1.1\r\nHost: x\r\n\r\n") << 400;
    QTest::addRow("connect") << QByteArray("CONNECT example.com:443 HTTP/1.1\r\nHost: x\r\n\r\n") << 405;
    QTest::addRow("h2c upgrade") << QByteArray(
        "GET / HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n\r\n")
                                 << 400;
    QTest::addRow("websocket elsewhere")
        << QByteArray("GET /api/tasks HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
                      "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n")
        << 404;
    QTest::addRow("websocket without auth")
        << QByteArray("GET /api/events HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
                      "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n")
        << 401;
}

void TestRequestGuard::refusesBadHeads()
{
    QFETCH(QByteArray, request);
    QFETCH(int, status);
    RawClient client(m_server->server->port());
    client.write(request);
    const QByteArray response = client.readResponses();
    QCOMPARE(statusOf(response), status);
    QVERIFY(response.contains("Content-Type: application/problem+json"));
    QVERIFY(response.contains("Connection: close"));
    QVERIFY(client.closedByServer());
    // The server is fine afterwards.
    QCOMPARE(m_server->get(u"/api/health"_s, {}).status, 200);
}

void TestRequestGuard::bodyLimitIsEnforcedBeforeBuffering()
{
    RawClient client(m_server->server->port());
    client.write("POST /api/tasks HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
        + m_server->adminToken.toLatin1()
        + "\r\nContent-Type: application/json\r\nContent-Length: 65537\r\n\r\n{");
    const QByteArray response = client.readResponses();
    QCOMPARE(statusOf(response), 413);
    QVERIFY(response.contains("65536"));
    QVERIFY(client.closedByServer());
    QCOMPARE(m_server->engine->tasks().count(), 0);
}

void TestRequestGuard::bodyAtTheLimitIsAccepted()
{
    // A JSON object padded with spaces to exactly the limit reaches the handler (and fails
    // validation there, not in the guard).
    QByteArray body = R"({"name":"padded"})";
    body.append(QByteArray(64 * 1024 - body.size(), ' '));
    const KumoTest::HttpReply reply = m_server->send("POST", u"/api/tasks"_s, m_server->admin(), body);
    QCOMPARE(reply.status, 422);
}

void TestRequestGuard::multiGigabyteBodyKeepsMemoryFlat()
{
    const qint64 before = residentBytes();
    RawClient client(m_server->server->port());
    client.write("PUT /api/tasks/1 HTTP/1.1\r\nHost: x\r\nContent-Length: 4294967296\r\n\r\n");
    // Keep sending while the server answers: it must drop what arrives, not buffer it.
    const QByteArray block(1024 * 1024, 'x');
    qint64 sent = 0;
    QElapsedTimer timer;
    timer.start();
    while (client.socket().state() == QAbstractSocket::ConnectedState && sent < 512LL * 1024 * 1024
        && timer.elapsed() < 10000) {
        if (client.socket().bytesToWrite() < 4 * block.size()) {
            client.write(block);
            sent += block.size();
        }
        QTest::qWait(1);
    }
    QCOMPARE(statusOf(client.readResponses()), 413);

    // A client that ignores the answer and keeps sending (from a thread, with plain blocking
    // sockets, while this thread runs the server): the server drops the bytes, then cuts it off.
    std::atomic<qint64> flooded = 0;
    std::atomic<bool> done = false;
    std::thread flooder([port = m_server->server->port(), &flooded, &done] {
        const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address {};
        address.sin_family = AF_INET;
        address.sin_port = htons(port);
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (::connect(fd, reinterpret_cast<sockaddr *>(&address), sizeof address) == 0) {
            const QByteArray head
                = "POST /api/tasks HTTP/1.1\r\nHost: x\r\nContent-Length: 8589934592\r\n\r\n";
            ::send(fd, head.constData(), size_t(head.size()), MSG_NOSIGNAL);
            const QByteArray chunk(1024 * 1024, 'y');
            while (flooded < 8LL * 1024 * 1024 * 1024) {
                const ssize_t n = ::send(fd, chunk.constData(), size_t(chunk.size()), MSG_NOSIGNAL);
                if (n <= 0)
                    break;
                flooded += n;
            }
        }
        ::close(fd);
        done = true;
    });
    const bool finished = QTest::qWaitFor([&] { return done.load(); }, 30000);
    flooder.join();
    QVERIFY(finished);
    const qint64 growth = residentBytes() - before;
    qInfo("a client sent %lld MiB of an 8 GiB body before the server cut it off; RSS grew by %lld KiB",
        flooded.load() >> 20, growth >> 10);
    QVERIFY(flooded.load() < 1024LL * 1024 * 1024);
#ifndef __SANITIZE_ADDRESS__
    QVERIFY2(growth < 16 * 1024 * 1024, qPrintable(u"RSS grew by %1 bytes"_s.arg(growth)));
#else
    // AddressSanitizer keeps freed blocks in quarantine (up to 256 MB): RSS says nothing here.
    QVERIFY2(growth < 256 * 1024 * 1024, qPrintable(u"RSS grew by %1 bytes"_s.arg(growth)));
#endif
    QCOMPARE(m_server->get(u"/api/health"_s, {}).status, 200);
}

void TestRequestGuard::keepAliveAndClose()
{
    RawClient client(m_server->server->port());
    client.write("GET /api/health HTTP/1.1\r\nHost: x\r\n\r\n");
    QByteArray responses = client.readResponses(1);
    QCOMPARE(statusOf(responses), 200);
    QVERIFY(!responses.contains("Connection: close"));
    QCOMPARE(client.socket().state(), QAbstractSocket::ConnectedState);

    client.write("HEAD /api/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    responses = client.readResponses(2);
    const QByteArray second = responses.mid(responses.indexOf("HTTP/1.1", 10));
    QCOMPARE(statusOf(second), 200);
    QVERIFY(second.contains("Connection: close"));
    QVERIFY(second.endsWith("\r\n\r\n")); // HEAD: no body
    QVERIFY(client.closedByServer());

    RawClient old(m_server->server->port());
    old.write("GET /api/health HTTP/1.0\r\n\r\n");
    QCOMPARE(statusOf(old.readResponses()), 200);
    QVERIFY(old.closedByServer());
}

void TestRequestGuard::headersSplitAcrossPackets()
{
    RawClient client(m_server->server->port());
    const QByteArray body
        = R"({"name":"split","command":"true","trigger":{"type":"date","at":"2099-01-01T00:00:00Z"}})";
    const QByteArray request = "POST /api/tasks HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
        + m_server->adminToken.toLatin1() + "\r\nContent-Type: application/json\r\nContent-Length: "
        + QByteArray::number(body.size()) + "\r\n\r\n" + body;
    for (qsizetype i = 0; i < request.size(); i += 7) {
        client.write(request.mid(i, 7));
        client.socket().flush();
        QTest::qWait(1);
    }
    QCOMPARE(statusOf(client.readResponses()), 201);
    QCOMPARE(m_server->engine->tasks().count(), 1);
}

void TestRequestGuard::expectContinue()
{
    RawClient client(m_server->server->port());
    const QByteArray body = R"({"expression":"0 0 * * *","count":1})";
    client.write("POST /api/cron/preview HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
        + m_server->adminToken.toLatin1()
        + "\r\nContent-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: "
        + QByteArray::number(body.size()) + "\r\n\r\n");
    QTRY_VERIFY(client.socket().bytesAvailable() > 0 || client.socket().waitForReadyRead(10));
    const QByteArray interim = client.socket().readAll();
    QVERIFY(interim.startsWith("HTTP/1.1 100 Continue\r\n\r\n"));
    client.write(body);
    QCOMPARE(statusOf(client.readResponses()), 200);
}

void TestRequestGuard::stalledRequestTimesOut()
{
    RawClient partial(m_server->server->port());
    partial.write("GET /api/health HTTP/1.1\r\nHost: x\r\n");
    QVERIFY(partial.closedByServer(3000));
    QCOMPARE(statusOf(partial.readResponses()), 408);

    RawClient idle(m_server->server->port());
    QVERIFY(idle.closedByServer(3000));
}

void TestRequestGuard::tricklingRequestTimesOut()
{
    ServerFixture server;
    HttpLimits limits;
    limits.idleTimeoutMs = 400;
    limits.requestTimeoutMs = 300;
    QVERIFY(server.start(limits));
    RawClient client(server.server->port());
    const QByteArray head = "GET /api/health HTTP/1.1\r\nHost: x\r\nX-Slow: ";
    QByteArray answer;
    for (int i = 0; i < 40 && client.socket().state() == QAbstractSocket::ConnectedState; ++i) {
        client.write(i == 0 ? head : QByteArray("a"));
        QTest::qWait(50); // each byte well within the idle timeout
    }
    QCOMPARE(statusOf(client.readResponses()), 408);
    QVERIFY(client.closedByServer());
}

void TestRequestGuard::untypedBodyIsRefused()
{
    // What a cross-site page can send without a CORS preflight: a body with no type or a
    // form type. Neither reaches a handler.
    for (const QByteArray &type : { QByteArray(), QByteArray("Content-Type: text/plain\r\n") }) {
        RawClient client(m_server->server->port());
        client.write("POST /api/auth/login HTTP/1.1\r\nHost: x\r\n" + type
            + "Content-Length: 39\r\n\r\n{\"username\":\"admin\",\"password\":\"guess\"}");
        QCOMPARE(statusOf(client.readResponses()), 415);
    }
    AuditQuery query;
    query.action = u"auth.login"_s;
    QCOMPARE(m_server->engine->audit().query(query)->items.front().details.value(u"status"_s).toInt(), 415);
}

void TestRequestGuard::connectionsAreCapped()
{
    ServerFixture server;
    HttpLimits limits;
    limits.maxConnections = 3;
    QVERIFY(server.start(limits));
    std::vector<std::unique_ptr<RawClient>> open;
    for (int i = 0; i < 3; ++i) {
        open.push_back(std::make_unique<RawClient>(server.server->port()));
        open.back()->write("GET /api/health HTTP/1.1\r\nHost: x\r\n\r\n");
        QCOMPARE(statusOf(open.back()->readResponses()), 200);
    }
    RawClient extra(server.server->port());
    QCOMPARE(statusOf(extra.readResponses()), 503);
    QVERIFY(extra.closedByServer());
    open.front()->socket().disconnectFromHost();
    open.erase(open.begin());
    QTest::qWait(50);
    RawClient again(server.server->port());
    again.write("GET /api/health HTTP/1.1\r\nHost: x\r\n\r\n");
    QCOMPARE(statusOf(again.readResponses()), 200);
}

QTEST_GUILESS_MAIN(TestRequestGuard)
#include "tst_requestguard.moc"
