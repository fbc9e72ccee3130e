// SPDX-License-Identifier: MIT
// The REST API end to end: a real Engine and HttpServer on a loopback port, driven over HTTP.

#include "enginefixture.h"
#include "serverfixture.h"

#include "audit/auditlog.h"
#include "core/clock.h"
#include "server/apiserver.h"
#include "storage/runstore.h"

#include <QJsonArray>
#include <QNetworkCookieJar>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Kumo;
using KumoTest::Headers;
using KumoTest::HttpReply;
using KumoTest::ServerFixture;

namespace {

QJsonObject taskJson(const QString &name, const QString &command = u"echo hello"_s)
{
    return {
        { u"name"_s, name },
        { u"command"_s, command },
        { u"trigger"_s, QJsonObject { { u"type"_s, u"cron"_s }, { u"expression"_s, u"0 9 * * *"_s } } },
    };
}

QString fieldOf(const HttpReply &reply, int index = 0)
{
    return reply.json().value(u"errors"_s).toArray().at(index).toObject().value(u"field"_s).toString();
}

} // namespace

class TestApiServer final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void healthIsPublic();
    void everyOtherRouteNeedsCredentials_data();
    void everyOtherRouteNeedsCredentials();
    void badAndRevokedTokensAreRefused();
    void unknownRouteWrongMethodHeadOptions();
    void securityHeadersOnEveryResponse_data();
    void securityHeadersOnEveryResponse();
    void rolesAreEnforced_data();
    void rolesAreEnforced();

    void loginSetsCookieAndCsrfIsRequired();
    void loginFailuresAreAuditedAndThrottled();
    void logoutEndsTheSession();
    void expiredSessionIsRefused();

    void taskCrud();
    void taskValidation_data();
    void taskValidation();
    void taskListPagingAndSearch();
    void listReflectsEveryChange();
    void pauseAndResume();
    void runNowLogsAndHistory();
    void runFiltersAndErrors();
    void cancelRunningRun();
    void cronPreview();
    void cronPreviewErrors();

    void changeOwnPassword();
    void usersAndLastAdmin();
    void tokensListAndRevoke();
    void auditRecordsActorIpAndOutcome();
    void openApiListsEveryRoute();
    void docsPageIsServed();
    void systemStats();

private:
    qint64 createTask(const QString &name, const QString &command = u"echo hello"_s);
    Run waitForEnd(qint64 runId);

    std::unique_ptr<ServerFixture> m_server;
};

void TestApiServer::init()
{
    m_server = std::make_unique<ServerFixture>();
    QVERIFY(m_server->start());
}

void TestApiServer::cleanup()
{
    m_server.reset();
}

qint64 TestApiServer::createTask(const QString &name, const QString &command)
{
    const HttpReply reply = m_server->post(u"/api/tasks"_s, m_server->admin(), taskJson(name, command));
    if (reply.status != 201)
        qWarning("create task %s: %d %s", qPrintable(name), reply.status, reply.body.constData());
    return reply.json().value(u"id"_s).toInteger();
}

Run TestApiServer::waitForEnd(qint64 runId)
{
    const auto ended = [&] {
        const std::optional<Run> run = m_server->engine->runs().get(runId);
        return run && !isActive(run->state);
    };
    if (!QTest::qWaitFor(ended, 10000))
        qWarning("run %lld did not end in time", runId);
    return *m_server->engine->runs().get(runId);
}

void TestApiServer::healthIsPublic()
{
    const HttpReply reply = m_server->get(u"/api/health"_s, {});
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.json().value(u"status"_s).toString(), u"ok"_s);
    QCOMPARE(reply.header("Content-Type"), "application/json");
}

void TestApiServer::everyOtherRouteNeedsCredentials_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    ServerFixture probe;
    QVERIFY(probe.start());
    for (const Route &route : probe.server->router().routes()) {
        if (route.access == Access::Public)
            continue;
        QString path = route.pattern;
        path.replace(u"{id}"_s, u"1"_s);
        const QByteArray method = httpMethodName(route.method);
        QTest::addRow("%s %s", method.constData(), qPrintable(route.pattern)) << method << path;
    }
}

void TestApiServer::everyOtherRouteNeedsCredentials()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    const HttpReply reply = m_server->send(method, path, {}, method == "GET" ? QByteArray() : "{}");
    QCOMPARE(reply.status, 401);
    QCOMPARE(reply.header("Content-Type"), "application/problem+json");
    QCOMPARE(reply.json().value(u"status"_s).toInt(), 401);
    QVERIFY(reply.header("WWW-Authenticate").startsWith("Bearer"));
}

void TestApiServer::badAndRevokedTokensAreRefused()
{
    QCOMPARE(m_server->get(u"/api/tasks"_s, ServerFixture::bearer(u"kumo_not-a-token"_s)).status, 401);
    QCOMPARE(m_server->get(u"/api/tasks"_s, { { "Authorization", "Basic YWRtaW46eA==" } }).status, 401);
    QCOMPARE(m_server->get(u"/api/tasks"_s, { { "Authorization", "Bearer" } }).status, 401);

    const HttpReply created
        = m_server->post(u"/api/auth/tokens"_s, m_server->admin(), { { u"name"_s, u"short-lived"_s } });
    QCOMPARE(created.status, 201);
    const QString token = created.json().value(u"token"_s).toString();
    QVERIFY(token.startsWith(u"kumo_"));
    QCOMPARE(m_server->get(u"/api/tasks"_s, ServerFixture::bearer(token)).status, 200);
    const qint64 id = created.json().value(u"id"_s).toInteger();
    QCOMPARE(m_server->send("DELETE", u"/api/auth/tokens/%1"_s.arg(id), m_server->admin()).status, 204);
    QCOMPARE(m_server->get(u"/api/tasks"_s, ServerFixture::bearer(token)).status, 401);
}

void TestApiServer::unknownRouteWrongMethodHeadOptions()
{
    HttpReply reply = m_server->get(u"/api/nothing-here"_s, m_server->admin());
    QCOMPARE(reply.status, 404);
    QCOMPARE(reply.header("Content-Type"), "application/problem+json");
    QVERIFY(reply.json().value(u"detail"_s).toString().contains(u"/api/nothing-here"_s));

    reply = m_server->send("PUT", u"/api/tasks"_s, m_server->admin(), "{}");
    QCOMPARE(reply.status, 405);
    QCOMPARE(reply.header("Allow"), "GET, POST, HEAD, OPTIONS");

    reply = m_server->send("DELETE", u"/api/health"_s, {});
    QCOMPARE(reply.status, 405);

    const HttpReply get = m_server->get(u"/api/health"_s, {});
    reply = m_server->send("HEAD", u"/api/health"_s, {});
    QCOMPARE(reply.status, 200);
    QVERIFY(reply.body.isEmpty());
    QCOMPARE(reply.header("Content-Length").toLongLong(), get.body.size());

    reply = m_server->send("OPTIONS", u"/api/tasks/1"_s, {});
    QCOMPARE(reply.status, 204);
    QCOMPARE(reply.header("Allow"), "GET, PATCH, DELETE, HEAD, OPTIONS");

    // Ids must be positive integers: anything else is not a route.
    QCOMPARE(m_server->get(u"/api/tasks/abc"_s, m_server->admin()).status, 404);
    QCOMPARE(m_server->get(u"/api/tasks/0"_s, m_server->admin()).status, 404);
    QCOMPARE(m_server->get(u"/api/tasks/99999999999999999999"_s, m_server->admin()).status, 404);
}

void TestApiServer::securityHeadersOnEveryResponse_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<bool>("authenticated");
    QTest::addRow("health") << QByteArray("GET") << u"/api/health"_s << false;
    QTest::addRow("401") << QByteArray("GET") << u"/api/tasks"_s << false;
    QTest::addRow("404") << QByteArray("GET") << u"/nope"_s << false;
    QTest::addRow("405") << QByteArray("PUT") << u"/api/health"_s << false;
    QTest::addRow("list") << QByteArray("GET") << u"/api/tasks"_s << true;
    QTest::addRow("422") << QByteArray("POST") << u"/api/tasks"_s << true;
}

void TestApiServer::securityHeadersOnEveryResponse()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QFETCH(bool, authenticated);
    const HttpReply reply = m_server->send(
        method, path, authenticated ? m_server->admin() : Headers(), method == "GET" ? "" : "{}");
    QVERIFY(reply.status > 0);
    QCOMPARE(reply.header("X-Content-Type-Options"), "nosniff");
    QCOMPARE(reply.header("X-Frame-Options"), "DENY");
    QVERIFY(reply.header("Content-Security-Policy").contains("default-src 'none'"));
    QCOMPARE(reply.header("Cache-Control"), "no-store");
    QVERIFY(!reply.header("X-Request-Id").isEmpty());
    QVERIFY(reply.header("Access-Control-Allow-Origin").isEmpty()); // CORS is off
}

void TestApiServer::rolesAreEnforced_data()
{
    QTest::addColumn<QString>("role");
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("status");
    // viewers read; operators also run, pause, resume and cancel; admins do everything
    QTest::addRow("viewer lists tasks") << u"viewer"_s << QByteArray("GET") << u"/api/tasks"_s << 200;
    QTest::addRow("viewer reads audit") << u"viewer"_s << QByteArray("GET") << u"/api/audit"_s << 200;
    QTest::addRow("viewer cannot run")
        << u"viewer"_s << QByteArray("POST") << u"/api/tasks/TASK/run"_s << 403;
    QTest::addRow("viewer cannot pause")
        << u"viewer"_s << QByteArray("POST") << u"/api/tasks/TASK/pause"_s << 403;
    QTest::addRow("viewer cannot create") << u"viewer"_s << QByteArray("POST") << u"/api/tasks"_s << 403;
    QTest::addRow("viewer cannot list users") << u"viewer"_s << QByteArray("GET") << u"/api/users"_s << 403;
    QTest::addRow("operator runs") << u"operator"_s << QByteArray("POST") << u"/api/tasks/TASK/run"_s << 202;
    QTest::addRow("operator pauses") << u"operator"_s << QByteArray("POST") << u"/api/tasks/TASK/pause"_s
                                     << 200;
    QTest::addRow("operator cannot edit")
        << u"operator"_s << QByteArray("PATCH") << u"/api/tasks/TASK"_s << 403;
    QTest::addRow("operator cannot delete")
        << u"operator"_s << QByteArray("DELETE") << u"/api/tasks/TASK"_s << 403;
    QTest::addRow("operator cannot add users")
        << u"operator"_s << QByteArray("POST") << u"/api/users"_s << 403;
    QTest::addRow("admin edits") << u"admin"_s << QByteArray("PATCH") << u"/api/tasks/TASK"_s << 200;
    QTest::addRow("admin lists users") << u"admin"_s << QByteArray("GET") << u"/api/users"_s << 200;
}

void TestApiServer::rolesAreEnforced()
{
    QFETCH(QString, role);
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QFETCH(int, status);
    const qint64 taskId = createTask(u"role-check"_s);
    QVERIFY(taskId > 0);
    const QString token = role == u"admin" ? m_server->adminToken : m_server->userToken(u"someone"_s, role);
    QVERIFY(!token.isEmpty());
    path.replace(u"TASK"_s, QString::number(taskId));
    const QByteArray body = method == "GET" ? QByteArray() : QByteArray(R"({"retries":1})");
    const HttpReply reply = m_server->send(method, path, ServerFixture::bearer(token), body);
    QCOMPARE(reply.status, status);
    if (status == 403) {
        QVERIFY(reply.json().value(u"detail"_s).toString().contains(u"role"_s));
        // A refused change is audited as denied.
        AuditQuery query;
        query.outcome = u"denied"_s;
        const std::optional<AuditPage> page = m_server->engine->audit().query(query);
        QVERIFY(page);
        if (method != "GET") {
            QCOMPARE(page->total, 1);
            QCOMPARE(page->items.front().actor, u"someone"_s);
        }
    }
}

void TestApiServer::loginSetsCookieAndCsrfIsRequired()
{
    HttpReply reply = m_server->post(u"/api/auth/login"_s, {},
        { { u"username"_s, u"admin"_s }, { u"password"_s, QString::fromLatin1(KumoTest::kAdminPassword) } });
    QCOMPARE(reply.status, 200);
    const QByteArray cookie = reply.header("Set-Cookie");
    QVERIFY(cookie.startsWith("kumo_session="));
    QVERIFY(cookie.contains("HttpOnly"));
    QVERIFY(cookie.contains("SameSite=Strict"));
    const QByteArray csrf = reply.json().value(u"csrfToken"_s).toString().toLatin1();
    QVERIFY(csrf.size() >= 32);
    QCOMPARE(reply.json().value(u"user"_s).toObject().value(u"role"_s).toString(), u"admin"_s);

    // The cookie jar now carries the session: reads work without a token.
    reply = m_server->get(u"/api/auth/me"_s, {});
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.json().value(u"via"_s).toString(), u"session"_s);
    QCOMPARE(reply.json().value(u"csrfToken"_s).toString().toLatin1(), csrf);

    // Mutations need the CSRF header, and the right one.
    reply = m_server->post(u"/api/tasks"_s, {}, taskJson(u"csrf"_s));
    QCOMPARE(reply.status, 403);
    QVERIFY(reply.json().value(u"detail"_s).toString().contains(u"CSRF"_s));
    reply = m_server->post(u"/api/tasks"_s, { { "X-CSRF-Token", "wrong" } }, taskJson(u"csrf"_s));
    QCOMPARE(reply.status, 403);
    reply = m_server->post(u"/api/tasks"_s, { { "X-CSRF-Token", csrf } }, taskJson(u"csrf"_s));
    QCOMPARE(reply.status, 201);
}

void TestApiServer::loginFailuresAreAuditedAndThrottled()
{
    const QJsonObject wrong { { u"username"_s, u"admin"_s }, { u"password"_s, u"not-the-password"_s } };
    for (int attempt = 0; attempt < 5; ++attempt) {
        const HttpReply reply = m_server->post(u"/api/auth/login"_s, {}, wrong);
        QCOMPARE(reply.status, 401);
        QVERIFY(reply.header("Set-Cookie").isEmpty());
    }
    HttpReply reply = m_server->post(u"/api/auth/login"_s, {}, wrong);
    QCOMPARE(reply.status, 429);
    QVERIFY(reply.header("Retry-After").toInt() >= 1);
    // Throttled means not even the right password is checked.
    reply = m_server->post(u"/api/auth/login"_s, {},
        { { u"username"_s, u"admin"_s }, { u"password"_s, QString::fromLatin1(KumoTest::kAdminPassword) } });
    QCOMPARE(reply.status, 429);

    AuditQuery query;
    query.action = u"auth.login"_s;
    const std::optional<AuditPage> page = m_server->engine->audit().query(query);
    QVERIFY(page);
    // Throttled attempts check no password and are not recorded one by one.
    QCOMPARE(page->total, 5);
    for (const AuditEvent &event : page->items) {
        QCOMPARE(event.actor, u"admin"_s);
        QCOMPARE(event.ip, u"127.0.0.1"_s);
        QCOMPARE(event.outcome, u"failure"_s);
        QVERIFY(!QJsonDocument(event.details).toJson().contains("not-the-password"));
    }
}

void TestApiServer::logoutEndsTheSession()
{
    HttpReply reply = m_server->post(u"/api/auth/login"_s, {},
        { { u"username"_s, u"admin"_s }, { u"password"_s, QString::fromLatin1(KumoTest::kAdminPassword) } });
    const QByteArray csrf = reply.json().value(u"csrfToken"_s).toString().toLatin1();
    const QByteArray cookie = reply.header("Set-Cookie").split(';').front();
    reply = m_server->post(u"/api/auth/logout"_s, { { "X-CSRF-Token", csrf } });
    QCOMPARE(reply.status, 204);
    // Even a client that keeps the old cookie is not let in any more.
    m_server->network.setCookieJar(new QNetworkCookieJar);
    QCOMPARE(m_server->get(u"/api/auth/me"_s, { { "Cookie", cookie } }).status, 401);
}

void TestApiServer::expiredSessionIsRefused()
{
    ManualClock clock(1'900'000'000'000);
    ServerFixture server;
    EngineConfig config;
    config.clock = &clock;
    QVERIFY(server.start({}, config));
    const HttpReply login = server.post(u"/api/auth/login"_s, {},
        { { u"username"_s, u"admin"_s }, { u"password"_s, QString::fromLatin1(KumoTest::kAdminPassword) } });
    QCOMPARE(login.status, 200);
    QCOMPARE(server.get(u"/api/auth/me"_s, {}).status, 200);
    clock.advanceMs(13LL * 3600 * 1000); // past the 12 h idle timeout
    const HttpReply expired = server.get(u"/api/auth/me"_s, {});
    QCOMPARE(expired.status, 401);
}

void TestApiServer::taskCrud()
{
    HttpReply reply = m_server->post(u"/api/tasks"_s, m_server->admin(), taskJson(u"report"_s));
    QCOMPARE(reply.status, 201);
    const qint64 id = reply.json().value(u"id"_s).toInteger();
    QCOMPARE(reply.header("Location"), "/api/tasks/" + QByteArray::number(id));
    QCOMPARE(reply.json().value(u"nextRunAt"_s).isString(), true);
    QCOMPARE(reply.json().value(u"enabled"_s).toBool(), true);

    reply = m_server->get(u"/api/tasks/%1"_s.arg(id), m_server->admin());
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.json().value(u"name"_s).toString(), u"report"_s);

    reply = m_server->patch(u"/api/tasks/%1"_s.arg(id), m_server->admin(),
        { { u"retries"_s, 3 }, { u"env"_s, QJsonObject { { u"LANG"_s, u"zh"_s } } } });
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.json().value(u"retries"_s).toInt(), 3);
    QCOMPARE(reply.json().value(u"env"_s).toObject().value(u"LANG"_s).toString(), u"zh"_s);
    QCOMPARE(reply.json().value(u"name"_s).toString(), u"report"_s);

    reply = m_server->post(u"/api/tasks"_s, m_server->admin(), taskJson(u"report"_s));
    QCOMPARE(reply.status, 409);

    QCOMPARE(m_server->send("DELETE", u"/api/tasks/%1"_s.arg(id), m_server->admin()).status, 204);
    QCOMPARE(m_server->get(u"/api/tasks/%1"_s.arg(id), m_server->admin()).status, 404);
    QCOMPARE(m_server->send("DELETE", u"/api/tasks/%1"_s.arg(id), m_server->admin()).status, 404);
    QCOMPARE(
        m_server->patch(u"/api/tasks/%1"_s.arg(id), m_server->admin(), { { u"retries"_s, 1 } }).status, 404);
}

void TestApiServer::taskValidation_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("message");
    QTest::addRow("bad cron hour") << QByteArray(
        R"({"name":"a","command":"x","trigger":{"type":"cron","expression":"0 99 * * *"}})")
                                   << 422 << u"trigger.expression"_s << u"out of range 0-23"_s;
    QTest::addRow("no name") << QByteArray(
        R"({"command":"x","trigger":{"type":"cron","expression":"* * * * *"}})")
                             << 422 << u"name"_s << QString();
    QTest::addRow("retries text") << QByteArray(
        R"({"name":"a","command":"x","retries":"3","trigger":{"type":"date","at":"2099-01-01T00:00:00Z"}})")
                                  << 422 << u"retries"_s << QString();
    QTest::addRow("unknown zone") << QByteArray(
        R"({"name":"a","command":"x","trigger":{"type":"cron","expression":"* * * * *","timezone":"Mars/Olympus"}})")
                                  << 422 << u"trigger.timezone"_s << u"Mars/Olympus"_s;
    QTest::addRow("bad type") << QByteArray(R"({"name":"a","command":"x","trigger":{"type":"sometimes"}})")
                              << 422 << u"trigger.type"_s << QString();
    QTest::addRow("not json") << QByteArray("{name: a}") << 400 << QString() << u"invalid JSON"_s;
    QTest::addRow("array") << QByteArray("[1,2]") << 400 << QString() << u"JSON object"_s;
}

void TestApiServer::taskValidation()
{
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    QFETCH(QString, field);
    QFETCH(QString, message);
    const HttpReply reply = m_server->send("POST", u"/api/tasks"_s, m_server->admin(), body);
    QCOMPARE(reply.status, status);
    QCOMPARE(reply.header("Content-Type"), "application/problem+json");
    if (!field.isEmpty())
        QCOMPARE(fieldOf(reply), field);
    if (!message.isEmpty())
        QVERIFY2(reply.json().value(u"detail"_s).toString().contains(message), reply.body.constData());
    QCOMPARE(m_server->engine->tasks().count(), 0);
}

void TestApiServer::taskListPagingAndSearch()
{
    for (int i = 0; i < 25; ++i)
        QVERIFY(createTask(u"job-%1"_s.arg(i, 2, 10, QLatin1Char('0'))) > 0);
    QVERIFY(createTask(u"special_report"_s) > 0);

    HttpReply reply = m_server->get(u"/api/tasks?limit=10&offset=20"_s, m_server->admin());
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.json().value(u"total"_s).toInt(), 26);
    const QJsonArray items = reply.json().value(u"items"_s).toArray();
    QCOMPARE(items.size(), 6);
    QCOMPARE(items.first().toObject().value(u"name"_s).toString(), u"job-20"_s);

    reply = m_server->get(u"/api/tasks?search=REPORT"_s, m_server->admin());
    QCOMPARE(reply.json().value(u"total"_s).toInt(), 1);
    // LIKE wildcards in the search text are taken literally.
    reply = m_server->get(u"/api/tasks?search=_"_s, m_server->admin());
    QCOMPARE(reply.json().value(u"total"_s).toInt(), 1);

    reply = m_server->get(u"/api/tasks?limit=0"_s, m_server->admin());
    QCOMPARE(reply.status, 400);
    QCOMPARE(fieldOf(reply), u"limit"_s);
    reply = m_server->get(u"/api/tasks?enabled=maybe"_s, m_server->admin());
    QCOMPARE(reply.status, 400);
}

void TestApiServer::listReflectsEveryChange()
{
    // The list serves cached JSON per task: every change must show at once.
    const qint64 id = createTask(u"cached"_s);
    const auto listed = [&] {
        return m_server->get(u"/api/tasks"_s, m_server->admin())
            .json()
            .value(u"items"_s)
            .toArray()
            .first()
            .toObject();
    };
    QCOMPARE(listed().value(u"retries"_s).toInt(), 0);
    for (int retries = 1; retries <= 5; ++retries) { // several edits within one millisecond
        QVERIFY(m_server->engine->updateTask(id, { { u"retries"_s, retries } }).ok());
    }
    QCOMPARE(listed().value(u"retries"_s).toInt(), 5);
    QCOMPARE(m_server->post(u"/api/tasks/%1/pause"_s.arg(id), m_server->admin()).status, 200);
    QCOMPARE(listed().value(u"enabled"_s).toBool(), false);
    QVERIFY(listed().value(u"nextRunAt"_s).isNull());
    QVERIFY(m_server->engine->deleteTask(id).ok());
    QCOMPARE(m_server->get(u"/api/tasks"_s, m_server->admin()).json().value(u"items"_s).toArray().size(), 0);
}

void TestApiServer::pauseAndResume()
{
    const qint64 id = createTask(u"pausable"_s);
    HttpReply reply = m_server->post(u"/api/tasks/%1/pause"_s.arg(id), m_server->admin());
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.json().value(u"enabled"_s).toBool(), false);
    QVERIFY(reply.json().value(u"nextRunAt"_s).isNull());
    reply = m_server->post(u"/api/tasks/%1/resume"_s.arg(id), m_server->admin());
    QCOMPARE(reply.json().value(u"enabled"_s).toBool(), true);
    QVERIFY(reply.json().value(u"nextRunAt"_s).isString());
    QCOMPARE(m_server->post(u"/api/tasks/999/pause"_s, m_server->admin()).status, 404);
}

void TestApiServer::runNowLogsAndHistory()
{
    const qint64 id = createTask(
        u"talker"_s, u"printf 'one\\n'; sleep 0.1; printf 'two\\n' >&2; sleep 0.1; printf 'three\\n'"_s);
    HttpReply reply = m_server->post(u"/api/tasks/%1/run"_s.arg(id), m_server->admin());
    QCOMPARE(reply.status, 202);
    const qint64 runId = reply.json().value(u"id"_s).toInteger();
    QCOMPARE(reply.json().value(u"reason"_s).toString(), u"manual"_s);
    QCOMPARE(reply.header("Location"), "/api/runs/" + QByteArray::number(runId));
    QCOMPARE(waitForEnd(runId).state, RunState::Succeeded);

    reply = m_server->get(u"/api/runs/%1"_s.arg(runId), m_server->admin());
    QCOMPARE(reply.json().value(u"state"_s).toString(), u"succeeded"_s);
    QCOMPARE(reply.json().value(u"exitCode"_s).toInt(), 0);

    reply = m_server->get(u"/api/runs/%1/log"_s.arg(runId), m_server->admin());
    QCOMPARE(reply.status, 200);
    QJsonObject log = reply.json();
    QCOMPARE(log.value(u"text"_s).toString(), u"one\ntwo\nthree\n"_s);
    QCOMPARE(log.value(u"complete"_s).toBool(), true);
    QCOMPARE(log.value(u"nextOffset"_s).toInt(), 14);
    const QJsonArray segments = log.value(u"segments"_s).toArray();
    QCOMPARE(segments.size(), 3);
    QCOMPARE(segments.at(1).toObject().value(u"stream"_s).toString(), u"stderr"_s);
    QCOMPARE(segments.at(1).toObject().value(u"offset"_s).toInt(), 4);

    reply = m_server->get(u"/api/runs/%1/log?offset=4&limit=4"_s.arg(runId), m_server->admin());
    QCOMPARE(reply.json().value(u"text"_s).toString(), u"two\n"_s);
    QCOMPARE(reply.json().value(u"complete"_s).toBool(), false);

    reply = m_server->get(u"/api/runs/%1/log?tail=2"_s.arg(runId), m_server->admin());
    QCOMPARE(reply.json().value(u"text"_s).toString(), u"two\nthree\n"_s);

    reply = m_server->get(u"/api/runs/%1/log/search?q=T"_s.arg(runId), m_server->admin());
    const QJsonArray matches = reply.json().value(u"matches"_s).toArray();
    QCOMPARE(matches.size(), 2);
    QCOMPARE(matches.at(0).toObject().value(u"line"_s).toInt(), 2);
    QCOMPARE(matches.at(0).toObject().value(u"stream"_s).toString(), u"stderr"_s);
    reply = m_server->get(u"/api/runs/%1/log/search?q=%5E(t&regex=true"_s.arg(runId), m_server->admin());
    QCOMPARE(reply.status, 400);
    QCOMPARE(fieldOf(reply), u"q"_s);

    reply = m_server->get(u"/api/runs/%1/log/download"_s.arg(runId), m_server->admin());
    QCOMPARE(reply.body, "one\ntwo\nthree\n");
    QVERIFY(reply.header("Content-Disposition").contains("attachment"));

    reply = m_server->get(u"/api/runs?task=%1"_s.arg(id), m_server->admin());
    QCOMPARE(reply.json().value(u"total"_s).toInt(), 1);

    QCOMPARE(m_server->send("DELETE", u"/api/runs/%1"_s.arg(runId), m_server->admin()).status, 204);
    QCOMPARE(m_server->get(u"/api/runs/%1"_s.arg(runId), m_server->admin()).status, 404);
    QCOMPARE(m_server->get(u"/api/runs/%1/log"_s.arg(runId), m_server->admin()).status, 404);
}

void TestApiServer::runFiltersAndErrors()
{
    const qint64 ok = createTask(u"ok"_s, u"true"_s);
    const qint64 bad = createTask(u"bad"_s, u"exit 3"_s);
    const qint64 okRun
        = m_server->post(u"/api/tasks/%1/run"_s.arg(ok), m_server->admin()).json().value(u"id"_s).toInteger();
    const qint64 badRun = m_server->post(u"/api/tasks/%1/run"_s.arg(bad), m_server->admin())
                              .json()
                              .value(u"id"_s)
                              .toInteger();
    waitForEnd(okRun);
    QCOMPARE(waitForEnd(badRun).exitCode, 3);

    HttpReply reply = m_server->get(u"/api/runs?state=failed"_s, m_server->admin());
    QCOMPARE(reply.json().value(u"total"_s).toInt(), 1);
    QCOMPARE(reply.json().value(u"items"_s).toArray().first().toObject().value(u"id"_s).toInteger(), badRun);
    reply = m_server->get(u"/api/runs?state=failed,succeeded&limit=1"_s, m_server->admin());
    QCOMPARE(reply.json().value(u"total"_s).toInt(), 2);
    QCOMPARE(reply.json().value(u"items"_s).toArray().size(), 1);
    reply = m_server->get(u"/api/runs?from=2099-01-01T00:00:00Z"_s, m_server->admin());
    QCOMPARE(reply.json().value(u"total"_s).toInt(), 0);
    reply = m_server->get(u"/api/runs?to=2099-01-01T00:00:00%2B08:00"_s, m_server->admin());
    QCOMPARE(reply.json().value(u"total"_s).toInt(), 2);

    reply = m_server->get(u"/api/runs?state=exploded"_s, m_server->admin());
    QCOMPARE(reply.status, 400);
    QCOMPARE(fieldOf(reply), u"state"_s);
    reply = m_server->get(u"/api/runs?from=yesterday"_s, m_server->admin());
    QCOMPARE(reply.status, 400);
    QCOMPARE(fieldOf(reply), u"from"_s);
    reply = m_server->get(u"/api/runs?task=-4"_s, m_server->admin());
    QCOMPARE(reply.status, 400);

    reply = m_server->post(u"/api/runs/%1/cancel"_s.arg(okRun), m_server->admin());
    QCOMPARE(reply.status, 409);
    QCOMPARE(m_server->post(u"/api/runs/424242/cancel"_s, m_server->admin()).status, 404);
    QCOMPARE(m_server->get(u"/api/runs/424242/log"_s, m_server->admin()).status, 404);
}

void TestApiServer::cancelRunningRun()
{
    const qint64 id = createTask(u"sleeper"_s, KumoTest::helper(u"sleep 30000"_s));
    const qint64 runId
        = m_server->post(u"/api/tasks/%1/run"_s.arg(id), m_server->admin()).json().value(u"id"_s).toInteger();
    QTRY_COMPARE(m_server->engine->runs().get(runId)->state, RunState::Running);
    // An active run cannot be deleted.
    QCOMPARE(m_server->send("DELETE", u"/api/runs/%1"_s.arg(runId), m_server->admin()).status, 409);
    const QString operatorToken = m_server->userToken(u"op"_s, u"operator"_s);
    const HttpReply reply
        = m_server->post(u"/api/runs/%1/cancel"_s.arg(runId), ServerFixture::bearer(operatorToken));
    QCOMPARE(reply.status, 202);
    QCOMPARE(waitForEnd(runId).state, RunState::Cancelled);
}

void TestApiServer::cronPreview()
{
    const HttpReply reply = m_server->post(u"/api/cron/preview"_s, m_server->admin(),
        { { u"expression"_s, u"30 2 * * *"_s }, { u"timezone"_s, u"America/New_York"_s }, { u"count"_s, 3 },
            { u"from"_s, u"2026-03-07T00:00:00Z"_s } });
    QCOMPARE(reply.status, 200);
    const QJsonArray times = reply.json().value(u"times"_s).toArray();
    QCOMPARE(times.size(), 3);
    QCOMPARE(times.at(0).toString(), u"2026-03-07T07:30:00Z"_s);
    // Spring forward: 02:30 does not exist and fires at the first instant after the gap.
    QCOMPARE(times.at(1).toString(), u"2026-03-08T07:00:00Z"_s);
    const QJsonArray fires = reply.json().value(u"fires"_s).toArray();
    QCOMPARE(fires.at(1).toObject().value(u"offsetChanged"_s).toBool(), true);
    QCOMPARE(fires.at(1).toObject().value(u"local"_s).toString(), u"2026-03-08T03:00:00-04:00"_s);
    QCOMPARE(fires.at(2).toObject().value(u"offsetChanged"_s).toBool(), false);

    // Any trigger can be previewed.
    const HttpReply interval = m_server->post(u"/api/cron/preview"_s, m_server->admin(),
        { { u"trigger"_s,
              QJsonObject { { u"type"_s, u"interval"_s }, { u"seconds"_s, 90 },
                  { u"start"_s, u"2026-01-01T00:00:00Z"_s } } },
            { u"count"_s, 2 }, { u"from"_s, u"2026-01-01T00:00:00Z"_s } });
    QCOMPARE(interval.status, 200);
    QCOMPARE(interval.json().value(u"times"_s).toArray().at(1).toString(), u"2026-01-01T00:03:00Z"_s);
}

void TestApiServer::cronPreviewErrors()
{
    HttpReply reply
        = m_server->post(u"/api/cron/preview"_s, m_server->admin(), { { u"expression"_s, u"61 * * * *"_s } });
    QCOMPARE(reply.status, 422);
    QCOMPARE(fieldOf(reply), u"expression"_s);
    QVERIFY(reply.json().value(u"detail"_s).toString().contains(u"minute"_s));
    reply = m_server->post(u"/api/cron/preview"_s, m_server->admin(),
        { { u"expression"_s, u"* * * * *"_s }, { u"count"_s, 1000 } });
    QCOMPARE(reply.status, 422);
    QCOMPARE(fieldOf(reply), u"count"_s);
    reply = m_server->post(u"/api/cron/preview"_s, m_server->admin(), {});
    QCOMPARE(reply.status, 422);
}

void TestApiServer::changeOwnPassword()
{
    const QString token = m_server->userToken(u"paula"_s, u"viewer"_s);
    const auto change = [&](const QString &current, const QString &next) {
        return m_server->post(u"/api/auth/password"_s, ServerFixture::bearer(token),
            { { u"currentPassword"_s, current }, { u"newPassword"_s, next } });
    };
    HttpReply reply = change(u"password-of-paula"_s, u"short"_s);
    QCOMPARE(reply.status, 422);
    QCOMPARE(fieldOf(reply), u"newPassword"_s);
    QCOMPARE(change(u"password-of-paula"_s, u"a much better password"_s).status, 204);
    QVERIFY(m_server->engine->auth().users().verifyPassword(u"paula"_s, u"a much better password"_s));
    // Guessing the current password through a token is throttled like signing in.
    for (int i = 0; i < 5; ++i) {
        reply = change(u"guess %1"_s.arg(i), u"whatever-it-is"_s);
        QCOMPARE(reply.status, 422);
        QCOMPARE(fieldOf(reply), u"currentPassword"_s);
    }
    reply = change(u"a much better password"_s, u"another new one"_s);
    QCOMPARE(reply.status, 429);
    QVERIFY(!reply.header("Retry-After").isEmpty());
}

void TestApiServer::usersAndLastAdmin()
{
    HttpReply reply = m_server->post(u"/api/users"_s, m_server->admin(),
        { { u"username"_s, u"alice"_s }, { u"password"_s, u"alice-password"_s },
            { u"role"_s, u"operator"_s } });
    QCOMPARE(reply.status, 201);
    const qint64 alice = reply.json().value(u"id"_s).toInteger();
    QVERIFY(!reply.body.contains("password"));

    reply = m_server->post(u"/api/users"_s, m_server->admin(),
        { { u"username"_s, u"ALICE"_s }, { u"password"_s, u"alice-password"_s } });
    QCOMPARE(reply.status, 409);
    reply = m_server->post(
        u"/api/users"_s, m_server->admin(), { { u"username"_s, u"bob"_s }, { u"password"_s, u"short"_s } });
    QCOMPARE(reply.status, 422);
    QCOMPARE(fieldOf(reply), u"password"_s);

    reply = m_server->get(u"/api/users"_s, m_server->admin());
    QCOMPARE(reply.json().value(u"total"_s).toInt(), 2);

    reply = m_server->patch(u"/api/users/%1"_s.arg(alice), m_server->admin(), { { u"role"_s, u"viewer"_s } });
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.json().value(u"role"_s).toString(), u"viewer"_s);

    const qint64 adminId = m_server->engine->auth().users().findByUsername(u"admin"_s)->id;
    reply = m_server->send("DELETE", u"/api/users/%1"_s.arg(adminId), m_server->admin());
    QCOMPARE(reply.status, 409);
    reply
        = m_server->patch(u"/api/users/%1"_s.arg(adminId), m_server->admin(), { { u"role"_s, u"viewer"_s } });
    QCOMPARE(reply.status, 409);

    QCOMPARE(m_server->send("DELETE", u"/api/users/%1"_s.arg(alice), m_server->admin()).status, 204);
    QCOMPARE(m_server->get(u"/api/users/%1"_s.arg(alice), m_server->admin()).status, 404);
}

void TestApiServer::tokensListAndRevoke()
{
    const QString viewer = m_server->userToken(u"vera"_s, u"viewer"_s);
    HttpReply reply = m_server->post(
        u"/api/auth/tokens"_s, ServerFixture::bearer(viewer), { { u"name"_s, u"laptop"_s } });
    QCOMPARE(reply.status, 201);
    const qint64 laptop = reply.json().value(u"id"_s).toInteger();

    reply = m_server->get(u"/api/auth/tokens"_s, ServerFixture::bearer(viewer));
    QCOMPARE(reply.json().value(u"total"_s).toInt(), 2);
    QVERIFY(!reply.body.contains("\"token\""));
    QCOMPARE(m_server->get(u"/api/auth/tokens?all=true"_s, ServerFixture::bearer(viewer)).status, 403);
    QCOMPARE(
        m_server->get(u"/api/auth/tokens?all=true"_s, m_server->admin()).json().value(u"total"_s).toInt(), 3);

    // Someone else's token cannot be revoked by a non-admin; it reads as missing.
    const qint64 adminToken = m_server->get(u"/api/auth/tokens"_s, m_server->admin())
                                  .json()
                                  .value(u"items"_s)
                                  .toArray()
                                  .first()
                                  .toObject()
                                  .value(u"id"_s)
                                  .toInteger();
    QCOMPARE(m_server->send("DELETE", u"/api/auth/tokens/%1"_s.arg(adminToken), ServerFixture::bearer(viewer))
                 .status,
        404);
    QCOMPARE(
        m_server->send("DELETE", u"/api/auth/tokens/%1"_s.arg(laptop), ServerFixture::bearer(viewer)).status,
        204);
    QCOMPARE(m_server->post(u"/api/auth/tokens"_s, ServerFixture::bearer(viewer), {}).status, 422);
}

void TestApiServer::auditRecordsActorIpAndOutcome()
{
    QSignalSpy recorded(&m_server->engine->audit(), &AuditLog::recorded);
    const qint64 id = createTask(u"audited"_s);
    QCOMPARE(recorded.size(), 1);
    QCOMPARE(
        m_server->patch(u"/api/tasks/%1"_s.arg(id), m_server->admin(), { { u"retries"_s, -1 } }).status, 422);
    QCOMPARE(m_server->get(u"/api/tasks/%1"_s.arg(id), m_server->admin()).status, 200);
    QCOMPARE(recorded.size(), 2); // reads are not audited

    HttpReply reply
        = m_server->get(u"/api/audit?action=task.*&actor=admin&ip=127.0.0.1"_s, m_server->admin());
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.json().value(u"total"_s).toInt(), 2);
    const QJsonArray items = reply.json().value(u"items"_s).toArray();
    const QJsonObject update = items.at(0).toObject();
    QCOMPARE(update.value(u"action"_s).toString(), u"task.update"_s);
    QCOMPARE(update.value(u"outcome"_s).toString(), u"failure"_s);
    QCOMPARE(update.value(u"targetType"_s).toString(), u"task"_s);
    QCOMPARE(update.value(u"targetId"_s).toString(), QString::number(id));
    const QJsonObject create = items.at(1).toObject();
    QCOMPARE(create.value(u"action"_s).toString(), u"task.create"_s);
    QCOMPARE(create.value(u"outcome"_s).toString(), u"success"_s);
    QCOMPARE(create.value(u"ip"_s).toString(), u"127.0.0.1"_s);
    QCOMPARE(create.value(u"actor"_s).toString(), u"admin"_s);
    QCOMPARE(create.value(u"targetId"_s).toString(), QString::number(id));

    reply
        = m_server->get(u"/api/audit?outcome=success&from=2000-01-01T00:00:00Z&limit=1"_s, m_server->admin());
    QCOMPARE(reply.json().value(u"items"_s).toArray().size(), 1);
    QCOMPARE(m_server->get(u"/api/audit?from=bad"_s, m_server->admin()).status, 400);
}

void TestApiServer::openApiListsEveryRoute()
{
    const HttpReply reply = m_server->get(u"/api/openapi.json"_s, m_server->admin());
    QCOMPARE(reply.status, 200);
    const QJsonObject paths = reply.json().value(u"paths"_s).toObject();
    for (const Route &route : m_server->server->router().routes()) {
        if (!route.pattern.startsWith(u"/api/"))
            continue;
        const QString method = QString::fromLatin1(httpMethodName(route.method)).toLower();
        QVERIFY2(paths.value(route.pattern).toObject().contains(method), qPrintable(route.pattern));
    }
    QVERIFY(
        reply.json().value(u"components"_s).toObject().value(u"schemas"_s).toObject().contains(u"Task"_s));
}

void TestApiServer::docsPageIsServed()
{
    HttpReply reply = m_server->get(u"/docs"_s, {});
    QCOMPARE(reply.status, 200);
    QVERIFY(reply.header("Content-Type").startsWith("text/html"));
    QVERIFY(reply.body.contains("/docs/docs.js"));
    QVERIFY(reply.header("Content-Security-Policy").contains("script-src 'self'"));
    reply = m_server->get(u"/docs/docs.js"_s, {});
    QCOMPARE(reply.status, 200);
    QVERIFY(reply.body.contains("/api/openapi.json"));
}

void TestApiServer::systemStats()
{
    const HttpReply reply = m_server->get(u"/api/system/stats"_s, m_server->admin());
    QCOMPARE(reply.status, 200);
    const QJsonObject stats = reply.json();
    QVERIFY(stats.value(u"memoryTotalBytes"_s).toDouble() > 0);
    QVERIFY(stats.value(u"diskTotalBytes"_s).toDouble() > 0);
    QVERIFY(stats.value(u"processRssBytes"_s).toDouble() > 0);
    QCOMPARE(stats.value(u"queue"_s).toObject().value(u"maxConcurrent"_s).toInt(), 50);
    QCOMPARE(stats.value(u"tasks"_s).toInt(), 0);
}

QTEST_GUILESS_MAIN(TestApiServer)
#include "tst_apiserver.moc"
