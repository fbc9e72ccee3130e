// SPDX-License-Identifier: MIT
// The events WebSocket: authentication on the handshake, run state changes and removals, following
// a run's log from offset 0 while it is still writing through to the end message, stats.

#include "enginefixture.h"
#include "projectfixture.h"
#include "serverfixture.h"

#include "execution/logreader.h"
#include "server/eventhub.h"
#include "storage/runstore.h"

#include "eventclient.h"
#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

#include <QWebSocket>

using namespace Qt::StringLiterals;
using namespace Kumo;
using KumoTest::EventClient;
using KumoTest::ServerFixture;

class TestEventHub final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void handshakeNeedsCredentials();
    void crossOriginCookieIsRefused();
    void helloAndRunChanges();
    void removalsAreAnnounced();
    void followFromStartWhileWriting();
    void followFinishedRunFromOffset();
    void statsAndBadMessages();
    void revokedTokenLosesTheSocket();
    void followsAreBounded();

private:
    qint64 startRun(const QString &name, const QString &command);

    std::unique_ptr<ServerFixture> m_server;
};

void TestEventHub::init()
{
    m_server = std::make_unique<ServerFixture>();
    QVERIFY(m_server->start());
}

void TestEventHub::cleanup()
{
    m_server.reset();
}

qint64 TestEventHub::startRun(const QString &name, const QString &command)
{
    const Task task = *m_server->engine->createTask(KumoTest::task(name, command)).task;
    return m_server->engine->runTaskNow(task.id).run->id;
}

void TestEventHub::handshakeNeedsCredentials()
{
    EventClient anonymous;
    QSignalSpy errors(&anonymous.socket, QOverload<QAbstractSocket::SocketError>::of(&QWebSocket::error));
    anonymous.open(*m_server, {});
    QTRY_VERIFY(!errors.isEmpty());
    QVERIFY(anonymous.messages.isEmpty());

    EventClient forged;
    QSignalSpy forgedErrors(&forged.socket, QOverload<QAbstractSocket::SocketError>::of(&QWebSocket::error));
    forged.open(*m_server, ServerFixture::bearer(u"kumo_forged"_s));
    QTRY_VERIFY(!forgedErrors.isEmpty());
    QCOMPARE(m_server->server->events().clientCount(), 0);
}

void TestEventHub::crossOriginCookieIsRefused()
{
    const KumoTest::HttpReply login = m_server->post(u"/api/auth/login"_s, {},
        { { u"username"_s, u"admin"_s }, { u"password"_s, QString::fromLatin1(KumoTest::kAdminPassword) } });
    const QByteArray cookie = login.header("Set-Cookie").split(';').front();

    EventClient evil;
    QSignalSpy errors(&evil.socket, QOverload<QAbstractSocket::SocketError>::of(&QWebSocket::error));
    evil.open(*m_server, { { "Cookie", cookie }, { "Origin", "http://evil.example" } });
    QTRY_VERIFY(!errors.isEmpty());

    EventClient own;
    own.open(*m_server,
        { { "Cookie", cookie },
            { "Origin", "http://127.0.0.1:" + QByteArray::number(m_server->server->port()) } });
    QTRY_COMPARE(own.ofType(u"hello"_s).size(), 1);
}

void TestEventHub::helloAndRunChanges()
{
    EventClient client;
    client.open(*m_server, m_server->admin());
    QTRY_COMPARE(client.ofType(u"hello"_s).size(), 1);
    QCOMPARE(client.ofType(u"hello"_s).front().value(u"user"_s).toObject().value(u"username"_s).toString(),
        u"admin"_s);

    const qint64 runId = startRun(u"quick"_s, u"true"_s);
    const auto states = [&] {
        QStringList seen;
        for (const QJsonObject &message : client.ofType(u"run"_s)) {
            const QJsonObject run = message.value(u"run"_s).toObject();
            if (run.value(u"id"_s).toInteger() == runId)
                seen.append(run.value(u"state"_s).toString());
        }
        return seen;
    };
    QTRY_VERIFY(states().contains(u"succeeded"_s));
    QVERIFY(states().contains(u"running"_s));
}

void TestEventHub::removalsAreAnnounced()
{
    EventClient client;
    client.open(*m_server, m_server->admin());
    QTRY_COMPARE(client.ofType(u"hello"_s).size(), 1);

    const qint64 runId = startRun(u"brief"_s, u"true"_s);
    QTRY_VERIFY(!isActive(m_server->engine->runs().get(runId)->state));
    QCOMPARE(m_server->send("DELETE", u"/api/runs/%1"_s.arg(runId), m_server->admin()).status, 204);
    QTRY_COMPARE(client.ofType(u"runRemoved"_s).size(), 1);
    QCOMPARE(client.ofType(u"runRemoved"_s).front().value(u"runId"_s).toInteger(), runId);

    const qint64 projectId
        = KumoTest::createProject(*m_server, u"gone"_s, { { u"main.py"_s, "print(1)\n" } });
    QVERIFY(projectId > 0);
    QCOMPARE(m_server->send("DELETE", u"/api/projects/%1"_s.arg(projectId), m_server->admin()).status, 204);
    QTRY_COMPARE(client.ofType(u"projectRemoved"_s).size(), 1);
    QCOMPARE(client.ofType(u"projectRemoved"_s).front().value(u"projectId"_s).toInteger(), projectId);
    // Its creation was announced too, before it was unpacked.
    QCOMPARE(client.ofType(u"project"_s).front().value(u"project"_s).toObject().value(u"state"_s).toString(),
        u"extracting"_s);
}

void TestEventHub::followFromStartWhileWriting()
{
    // Lines before the watcher connects, lines while it watches, from both streams.
    const qint64 runId = startRun(u"writer"_s,
        KumoTest::helper(
            u"print 3 early -- stderr 1 -- sleep 300 -- print 3 late -- sleep 300 -- stderr 2 last -- exit 3"_s));
    QTRY_VERIFY(m_server->engine->runs().get(runId)->logBytes > 0
        || !LogReader::read(m_server->engine->runs().get(runId)->logPath, 0, 100).data.isEmpty());

    EventClient client;
    client.open(*m_server, m_server->admin());
    QTRY_COMPARE(client.ofType(u"hello"_s).size(), 1);
    QVERIFY(isActive(m_server->engine->runs().get(runId)->state));
    client.send({ { u"type"_s, u"follow"_s }, { u"runId"_s, runId }, { u"offset"_s, 0 } });

    QTRY_VERIFY_WITH_TIMEOUT(!client.ofType(u"end"_s).isEmpty(), 10000);
    const QJsonObject end = client.ofType(u"end"_s).front();
    QCOMPARE(end.value(u"state"_s).toString(), u"failed"_s);
    QCOMPARE(end.value(u"exitCode"_s).toInt(), 3);
    // Several log messages arrived before the end: it was followed live, not read afterwards.
    QVERIFY(client.ofType(u"log"_s).size() >= 2);
    bool contiguous = false;
    const QString text = client.logText(runId, &contiguous);
    QVERIFY(contiguous);
    QCOMPARE(text, u"early 1\nearly 2\nearly 3\nerr 1\nlate 1\nlate 2\nlate 3\nlast 1\nlast 2\n"_s);
    const Run run = *m_server->engine->runs().get(runId);
    QCOMPARE(end.value(u"nextOffset"_s).toInteger(), run.logBytes);
    // The end message comes after the last log message.
    QCOMPARE(client.messages.indexOf(end), client.messages.size() - 1 - (client.messages.last() != end));

    bool sawStderr = false;
    for (const QJsonObject &message : client.ofType(u"log"_s)) {
        for (const QJsonValue &segment : message.value(u"segments"_s).toArray())
            sawStderr |= segment.toObject().value(u"stream"_s).toString() == u"stderr"_s;
    }
    QVERIFY(sawStderr);
}

void TestEventHub::followFinishedRunFromOffset()
{
    const qint64 runId = startRun(u"done"_s, KumoTest::helper(u"print 4"_s));
    QTRY_COMPARE(m_server->engine->runs().get(runId)->state, RunState::Succeeded);

    EventClient client;
    client.open(*m_server, m_server->admin());
    QTRY_COMPARE(client.ofType(u"hello"_s).size(), 1);
    client.send({ { u"type"_s, u"follow"_s }, { u"runId"_s, runId }, { u"offset"_s, 6 } });
    QTRY_COMPARE(client.ofType(u"end"_s).size(), 1);
    const QList<QJsonObject> logs = client.ofType(u"log"_s);
    QCOMPARE(logs.size(), 1);
    QCOMPARE(logs.front().value(u"offset"_s).toInt(), 6);
    QCOMPARE(logs.front().value(u"text"_s).toString(), u"out 2\nout 3\nout 4\n"_s);
    QCOMPARE(client.ofType(u"end"_s).front().value(u"state"_s).toString(), u"succeeded"_s);

    client.send({ { u"type"_s, u"follow"_s }, { u"runId"_s, 987654 } });
    QTRY_COMPARE(client.ofType(u"error"_s).size(), 1);
    QVERIFY(client.ofType(u"error"_s).front().value(u"message"_s).toString().contains(u"987654"_s));
}

void TestEventHub::statsAndBadMessages()
{
    EventClient client;
    client.open(*m_server, m_server->admin());
    QTRY_COMPARE(client.ofType(u"hello"_s).size(), 1);
    client.send({ { u"type"_s, u"subscribe"_s }, { u"topics"_s, QJsonArray { u"stats"_s } } });
    QTRY_COMPARE(client.ofType(u"stats"_s).size(), 1);
    QVERIFY(client.ofType(u"stats"_s).front().value(u"stats"_s).toObject().contains(u"cpuPercent"_s));

    client.socket.sendTextMessage(u"not json"_s);
    client.send({ { u"type"_s, u"dance"_s } });
    client.send({ { u"type"_s, u"subscribe"_s }, { u"topics"_s, QJsonArray { u"weather"_s } } });
    client.send({ { u"type"_s, u"follow"_s }, { u"runId"_s, 1 }, { u"offset"_s, -5 } });
    client.socket.sendBinaryMessage("\x01\x02");
    QTRY_COMPARE(client.ofType(u"error"_s).size(), 5);
    // Oversized messages close the connection instead of being buffered.
    QSignalSpy closed(&client.socket, &QWebSocket::disconnected);
    client.socket.sendTextMessage(QString(EventHub::kMaxMessageBytes + 10, u'x'));
    QTRY_VERIFY(!closed.isEmpty());
    QTRY_COMPARE(m_server->server->events().clientCount(), 0);
}

void TestEventHub::revokedTokenLosesTheSocket()
{
    m_server->server->events().setRecheckIntervalMs(50);
    QString token;
    const std::optional<ApiToken> record = m_server->engine->auth().tokens().create(
        m_server->engine->auth().users().findByUsername(u"admin"_s)->id, { { u"name"_s, u"ws"_s } }, &token,
        nullptr);
    QVERIFY(record);
    EventClient client;
    QSignalSpy closed(&client.socket, &QWebSocket::disconnected);
    client.open(*m_server, ServerFixture::bearer(token));
    QTRY_COMPARE(client.ofType(u"hello"_s).size(), 1);
    QVERIFY(m_server->engine->auth().tokens().revoke(record->id));
    QTRY_VERIFY(!closed.isEmpty());
    QCOMPARE(client.socket.closeCode(), QWebSocketProtocol::CloseCodePolicyViolated);
    QTRY_COMPARE(m_server->server->events().clientCount(), 0);
}

void TestEventHub::followsAreBounded()
{
    const qint64 runId = startRun(u"lines"_s, KumoTest::helper(u"print 3"_s));
    QTRY_COMPARE(m_server->engine->runs().get(runId)->state, RunState::Succeeded);
    EventClient client;
    client.open(*m_server, m_server->admin());
    QTRY_COMPARE(client.ofType(u"hello"_s).size(), 1);
    // Following the same run again restarts it; it does not add a follow.
    for (int i = 0; i < 3; ++i)
        client.send({ { u"type"_s, u"follow"_s }, { u"runId"_s, runId }, { u"offset"_s, 0 } });
    QTRY_COMPARE(client.ofType(u"end"_s).size(), 3);
    QCOMPARE(client.ofType(u"log"_s).size(), 3);

    // Runs that do not end (they wait for a file) can only be followed up to the limit.
    const QString gate = m_server->dir->filePath(u"gate"_s);
    QList<qint64> waiting;
    for (int i = 0; i <= EventHub::kMaxFollows; ++i) {
        const Task task = *m_server->engine
                               ->createTask(KumoTest::task(u"wait-%1"_s.arg(i),
                                   u"while [ ! -e '%1' ]; do sleep 0.05; done"_s.arg(gate)))
                               .task;
        waiting.append(m_server->engine->runTaskNow(task.id).run->id);
    }
    for (qint64 id : std::as_const(waiting))
        client.send({ { u"type"_s, u"follow"_s }, { u"runId"_s, id } });
    QTRY_COMPARE(client.ofType(u"error"_s).size(), 1);
    QVERIFY(client.ofType(u"error"_s).front().value(u"message"_s).toString().contains(u"at most"_s));
    QFile(gate).open(QIODevice::WriteOnly);
    QTRY_COMPARE_WITH_TIMEOUT(client.ofType(u"end"_s).size(), 3 + EventHub::kMaxFollows, 15000);
}

QTEST_GUILESS_MAIN(TestEventHub)
#include "tst_eventhub.moc"
