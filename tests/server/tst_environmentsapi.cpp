// SPDX-License-Identifier: MIT
// Python interpreters, environments, packages and settings over the API: a real venv, real pip
// installs from a PEP 503 index on loopback (including a requirements file of an uploaded
// project), install logs on the events socket, a task importing what was installed, the
// packages that changed since a run, and every refusal a client can provoke.

#include "eventclient.h"
#include "packageindexfixture.h"
#include "projectfixture.h"
#include "serverfixture.h"

#include "engine.h"
#include "environments/environmentservice.h"
#include "environments/interpreterregistry.h"

#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Kumo;
using KumoTest::EventClient;
using KumoTest::HttpReply;
using KumoTest::ServerFixture;

class TestEnvironmentsApi final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void interpretersAreListedAndRegistered();
    void settingsAreCheckedAndPasswordsMasked();
    void environmentLifecycle();
    void refusals_data();
    void refusals();
    void rolesAreEnforced_data();
    void rolesAreEnforced();

private:
    /// Waits until operation @p id ends; its JSON.
    QJsonObject waitForOperation(qint64 id);
    HttpReply postPackages(qint64 environmentId, const QJsonObject &body);

    ServerFixture m_server;
    KumoTest::PackageIndexFixture m_index;
    QTemporaryDir m_indexDir;
    qint64 m_interpreterId = 0;
    qint64 m_environmentId = 0;
    QString m_viewer;
};

void TestEnvironmentsApi::initTestCase()
{
    QVERIFY(m_indexDir.isValid());
    QVERIFY(m_index.start(m_indexDir.path(),
        { KumoTest::wheel(u"kumo-base"_s, u"1.0"_s, { { u"kumobase.py"_s, u"NAME = 'base'\n"_s } }),
            KumoTest::wheel(
                u"kumo-hello"_s, u"1.0"_s, { { u"hello.py"_s, u"VERSION = '1.0'\n"_s } }, { u"kumo-base"_s }),
            KumoTest::wheel(u"kumo-hello"_s, u"2.0"_s, { { u"hello.py"_s, u"VERSION = '2.0'\n"_s } },
                { u"kumo-base"_s }) }));
    QVERIFY(m_server.start());
    m_viewer = m_server.userToken(u"viewer"_s, u"viewer"_s);
    const HttpReply refreshed
        = m_server.send("POST", u"/api/python/interpreters/refresh"_s, m_server.admin(), {}, 60000);
    QCOMPARE(refreshed.status, 200);
    for (const QJsonValue &item : refreshed.json().value(u"items"_s).toArray()) {
        if (QFileInfo(item[u"path"_s].toString()).canonicalFilePath()
            == QFileInfo(u"/usr/bin/python3"_s).canonicalFilePath())
            m_interpreterId = item[u"id"_s].toInteger();
    }
    QVERIFY(m_interpreterId > 0);
}

void TestEnvironmentsApi::cleanupTestCase()
{
    m_server.server.reset();
    m_server.engine.reset();
}

QJsonObject TestEnvironmentsApi::waitForOperation(qint64 id)
{
    QJsonObject operation;
    (void)QTest::qWaitFor(
        [&] {
            operation = m_server.get(u"/api/env-operations/%1"_s.arg(id), m_server.admin()).json();
            const QString state = operation.value(u"state"_s).toString();
            return state != u"queued"_s && state != u"running"_s;
        },
        120000);
    return operation;
}

HttpReply TestEnvironmentsApi::postPackages(qint64 environmentId, const QJsonObject &body)
{
    return m_server.post(u"/api/environments/%1/packages"_s.arg(environmentId), m_server.admin(), body);
}

void TestEnvironmentsApi::interpretersAreListedAndRegistered()
{
    HttpReply reply = m_server.get(u"/api/python/interpreters"_s, ServerFixture::bearer(m_viewer));
    QCOMPARE(reply.status, 200);
    const QJsonArray items = reply.json().value(u"items"_s).toArray();
    QVERIFY(!items.isEmpty());
    const QJsonObject first = items.first().toObject();
    for (const QString &field :
        { u"id"_s, u"path"_s, u"version"_s, u"implementation"_s, u"source"_s, u"venv"_s })
        QVERIFY2(first.contains(field), qPrintable(field));

    QTemporaryDir dir;
    const QString link = dir.filePath(u"py"_s);
    QVERIFY(QFile::link(u"/usr/bin/python3"_s, link));
    reply = m_server.post(u"/api/python/interpreters"_s, m_server.admin(), { { u"path"_s, link } });
    QCOMPARE(reply.status, 201);
    QCOMPARE(reply.json().value(u"source"_s).toString(), u"registered"_s);
    const qint64 id = reply.json().value(u"id"_s).toInteger();
    reply = m_server.post(u"/api/python/interpreters"_s, m_server.admin(), { { u"path"_s, u"/bin/true"_s } });
    QCOMPARE(reply.status, 422);
    QVERIFY(reply.json().value(u"detail"_s).toString().contains(u"did not answer as a Python interpreter"_s));
    QCOMPARE(
        m_server.post(u"/api/python/interpreters"_s, m_server.admin(), { { u"path"_s, 5 } }).status, 422);
    QCOMPARE(m_server.send("DELETE", u"/api/python/interpreters/%1"_s.arg(id), m_server.admin()).status, 204);
    QCOMPARE(m_server.send("DELETE", u"/api/python/interpreters/%1"_s.arg(id), m_server.admin()).status, 404);
    const QJsonArray audit = m_server.get(u"/api/audit?action=python.register"_s, m_server.admin())
                                 .json()
                                 .value(u"items"_s)
                                 .toArray();
    QCOMPARE(audit.size(), 3); // every attempt, refused ones too
}

void TestEnvironmentsApi::settingsAreCheckedAndPasswordsMasked()
{
    HttpReply reply = m_server.get(u"/api/settings"_s, m_server.admin());
    QCOMPARE(reply.status, 200);
    QVERIFY(reply.json().value(u"pypi"_s).isObject());
    QVERIFY(reply.json().value(u"python"_s).toObject().contains(u"condaFound"_s));

    reply = m_server.patch(u"/api/settings"_s, m_server.admin(),
        { { u"pypi"_s,
              QJsonObject {
                  { u"indexUrl"_s, u"file:///etc"_s }, { u"trustedHosts"_s, QJsonArray { u"a b"_s } } } },
            { u"colour"_s, QJsonObject {} } });
    QCOMPARE(reply.status, 422);
    QStringList fields;
    for (const QJsonValue &error : reply.json().value(u"errors"_s).toArray())
        fields.append(error[u"field"_s].toString());
    QCOMPARE(fields, (QStringList { u"colour"_s, u"pypi.indexUrl"_s, u"pypi.trustedHosts[0]"_s }));

    const QString secretUrl = u"http://user:hunter2@127.0.0.1:9/simple"_s;
    reply = m_server.patch(u"/api/settings"_s, m_server.admin(),
        { { u"pypi"_s,
            QJsonObject {
                { u"indexUrl"_s, secretUrl }, { u"proxy"_s, u"http://p:hunter2@proxy:3128"_s } } } });
    QCOMPARE(reply.status, 200);
    QCOMPARE(
        reply.json().value(u"pypi"_s)[u"indexUrl"_s].toString(), u"http://user:***@127.0.0.1:9/simple"_s);
    QVERIFY(!reply.body.contains("hunter2"));
    QVERIFY(!m_server.get(u"/api/settings"_s, m_server.admin()).body.contains("hunter2"));
    QVERIFY(!m_server.get(u"/api/audit?action=settings.update"_s, m_server.admin()).body.contains("hunter2"));
    // Sent back as shown, the stored password stays.
    const QJsonObject shown = reply.json().value(u"pypi"_s).toObject();
    QCOMPARE(m_server.patch(u"/api/settings"_s, m_server.admin(), { { u"pypi"_s, shown } }).status, 200);
    QCOMPARE(m_server.engine->environments().packageIndex().indexUrl, secretUrl);

    // The real index for the rest of the tests.
    reply = m_server.patch(u"/api/settings"_s, m_server.admin(),
        { { u"pypi"_s, QJsonObject { { u"indexUrl"_s, m_index.url() }, { u"proxy"_s, u""_s } } } });
    QCOMPARE(reply.status, 200);
}

void TestEnvironmentsApi::environmentLifecycle()
{
    EventClient events;
    events.open(m_server, m_server.admin());
    QTRY_VERIFY(events.socket.state() == QAbstractSocket::ConnectedState);
    events.send({ { u"type"_s, u"subscribe"_s }, { u"topics"_s, QJsonArray { u"installs"_s } } });

    HttpReply reply = m_server.post(u"/api/environments"_s, m_server.admin(),
        { { u"name"_s, u"api-env"_s }, { u"interpreterId"_s, m_interpreterId } });
    QCOMPARE(reply.status, 202);
    QCOMPARE(reply.json().value(u"state"_s).toString(), u"creating"_s);
    m_environmentId = reply.json().value(u"id"_s).toInteger();
    const qint64 createId = reply.json().value(u"operation"_s)[u"id"_s].toInteger();
    QCOMPARE(waitForOperation(createId).value(u"state"_s).toString(), u"succeeded"_s);
    QCOMPARE(m_server.get(u"/api/environments/%1"_s.arg(m_environmentId), m_server.admin())
                 .json()
                 .value(u"state"_s)
                 .toString(),
        u"ready"_s);
    QTRY_VERIFY(!events.ofType(u"envOperationOutput"_s).isEmpty());
    QVERIFY(!events.ofType(u"environment"_s).isEmpty());

    // Install from a requirements file of an uploaded project.
    const QString zip = m_server.dir->filePath(u"app.zip"_s);
    QVERIFY(KumoTest::makeZip(zip,
        { { u"app/requirements.txt"_s, "kumo-hello==1.0\n" },
            { u"app/main.py"_s, "import hello\nprint('hello', hello.VERSION)\n" },
            { u"app/evil.txt"_s, "-r /etc/passwd\n" },
            { u"app/evil2.txt"_s, "kumo-hello\n-c ../../../outside.txt\n" },
            { u"app/nested.txt"_s, "--requirement=evil.txt\n" } }));
    reply = m_server.post(u"/api/projects"_s, m_server.admin(),
        { { u"name"_s, u"app"_s }, { u"uploadId"_s, KumoTest::uploadFile(m_server, zip) } });
    QCOMPARE(reply.status, 202);
    const qint64 projectId = reply.json().value(u"id"_s).toInteger();
    QCOMPARE(KumoTest::waitForProject(m_server, projectId).value(u"state"_s).toString(), u"ready"_s);
    // Requirements files that would make pip read files outside the project are refused.
    for (const QString &evil : { u"app/evil.txt"_s, u"app/evil2.txt"_s, u"app/nested.txt"_s }) {
        reply = postPackages(m_environmentId,
            { { u"requirements"_s, QJsonObject { { u"projectId"_s, projectId }, { u"path"_s, evil } } } });
        QCOMPARE(reply.status, 422);
        QVERIFY2(reply.json().value(u"detail"_s).toString().contains(u"outside project"_s),
            reply.body.constData());
    }
    reply = postPackages(m_environmentId,
        { { u"requirements"_s,
            QJsonObject { { u"projectId"_s, projectId }, { u"path"_s, u"app/requirements.txt"_s } } } });
    QCOMPARE(reply.status, 202);
    const qint64 installId = reply.json().value(u"id"_s).toInteger();
    const QJsonObject installed = waitForOperation(installId);
    QCOMPARE(installed.value(u"state"_s).toString(), u"succeeded"_s);
    QVERIFY(installed.value(u"durationMs"_s).toInteger() > 0);
    const QJsonObject log
        = m_server.get(u"/api/env-operations/%1/log"_s.arg(installId), m_server.admin()).json();
    QVERIFY2(
        log.value(u"text"_s).toString().contains(u"Successfully installed kumo-base-1.0 kumo-hello-1.0"_s),
        qPrintable(log.value(u"text"_s).toString()));
    QVERIFY(log.value(u"complete"_s).toBool());
    const QJsonObject tail = m_server
                                 .get(u"/api/env-operations/%1/log?offset=%2"_s.arg(installId).arg(
                                          log.value(u"nextOffset"_s).toInteger()),
                                     m_server.admin())
                                 .json();
    QCOMPARE(tail.value(u"text"_s).toString(), QString());
    bool streamed = false;
    for (const QJsonObject &message : events.ofType(u"envOperationOutput"_s))
        streamed = streamed || message.value(u"text"_s).toString().contains(u"Successfully installed"_s);
    QVERIFY(streamed);

    reply = m_server.get(u"/api/environments/%1/packages"_s.arg(m_environmentId), m_server.admin());
    QCOMPARE(reply.status, 200);
    QVERIFY(QJsonDocument(reply.json()).toJson().contains("kumo-hello"));

    // A task in the project and the environment.
    reply = m_server.post(u"/api/tasks"_s, m_server.admin(),
        { { u"name"_s, u"greets"_s }, { u"command"_s, u"python main.py"_s }, { u"projectId"_s, projectId },
            { u"environmentId"_s, m_environmentId },
            { u"trigger"_s,
                QJsonObject { { u"type"_s, u"date"_s }, { u"at"_s, u"2099-01-01T00:00:00Z"_s } } } });
    QCOMPARE(reply.status, 201);
    const qint64 taskId = reply.json().value(u"id"_s).toInteger();
    const qint64 runId = m_server.post(u"/api/tasks/%1/run"_s.arg(taskId), m_server.admin())
                             .json()
                             .value(u"id"_s)
                             .toInteger();
    QJsonObject run;
    QTRY_VERIFY_WITH_TIMEOUT((run = m_server.get(u"/api/runs/%1"_s.arg(runId), m_server.admin()).json())
                                 .value(u"state"_s)
                                 .toString()
            == u"succeeded"_s,
        30000);
    QCOMPARE(
        m_server.get(u"/api/runs/%1/log"_s.arg(runId), m_server.admin()).json().value(u"text"_s).toString(),
        u"hello 1.0\n"_s);
    const QString freeze = run.value(u"environmentFreeze"_s).toString();
    QVERIFY(!freeze.isEmpty());
    reply = m_server.get(
        u"/api/environments/%1/freezes/%2"_s.arg(m_environmentId).arg(freeze), m_server.admin());
    QCOMPARE(reply.json().value(u"text"_s).toString(), u"kumo-base==1.0\nkumo-hello==1.0\n"_s);

    // What changed since it last worked.
    reply = m_server.get(u"/api/runs/%1/environment-changes"_s.arg(runId), m_server.admin());
    QCOMPARE(reply.json().value(u"same"_s).toBool(), true);
    reply = postPackages(m_environmentId,
        { { u"action"_s, u"upgrade"_s }, { u"packages"_s, QJsonArray { u"kumo-hello"_s } } });
    QCOMPARE(reply.status, 202);
    QCOMPARE(waitForOperation(reply.json().value(u"id"_s).toInteger()).value(u"state"_s).toString(),
        u"succeeded"_s);
    reply = m_server.get(u"/api/runs/%1/environment-changes"_s.arg(runId), m_server.admin());
    QCOMPARE(reply.json().value(u"same"_s).toBool(), false);
    QCOMPARE(reply.json().value(u"changed"_s).toArray(),
        (QJsonArray { QJsonObject {
            { u"name"_s, u"kumo-hello"_s }, { u"from"_s, u"1.0"_s }, { u"to"_s, u"2.0"_s } } }));
    QCOMPARE(m_server.get(u"/api/environments/%1/freezes"_s.arg(m_environmentId), m_server.admin())
                 .json()
                 .value(u"total"_s)
                 .toInteger(),
        3);

    // Deletion waits for the task; cancelling a finished operation is a conflict.
    reply = m_server.send("DELETE", u"/api/environments/%1"_s.arg(m_environmentId), m_server.admin());
    QCOMPARE(reply.status, 409);
    QCOMPARE(reply.json().value(u"tasks"_s).toArray(), QJsonArray { u"greets"_s });
    QCOMPARE(m_server.post(u"/api/env-operations/%1/cancel"_s.arg(installId), m_server.admin()).status, 409);
    const QJsonArray operations
        = m_server.get(u"/api/environments/%1/operations"_s.arg(m_environmentId), m_server.admin())
              .json()
              .value(u"items"_s)
              .toArray();
    QCOMPARE(operations.size(), 3);
    QCOMPARE(operations.first()[u"kind"_s].toString(), u"upgrade"_s);
    QCOMPARE(operations.first()[u"actor"_s].toString(), u"admin"_s);
    const QJsonArray audit = m_server.get(u"/api/audit?action=environment.*"_s, m_server.admin())
                                 .json()
                                 .value(u"items"_s)
                                 .toArray();
    QVERIFY(audit.size() >= 3);

    QCOMPARE(m_server.send("DELETE", u"/api/tasks/%1"_s.arg(taskId), m_server.admin()).status, 204);
    reply = m_server.send("DELETE", u"/api/environments/%1"_s.arg(m_environmentId), m_server.admin());
    QCOMPARE(reply.status, 202);
    QTRY_COMPARE_WITH_TIMEOUT(
        m_server.get(u"/api/environments/%1"_s.arg(m_environmentId), m_server.admin()).status, 404, 20000);
    QVERIFY(!events.ofType(u"environmentRemoved"_s).isEmpty()
        || QTest::qWaitFor([&] { return !events.ofType(u"environmentRemoved"_s).isEmpty(); }, 5000));
}

void TestEnvironmentsApi::refusals_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QJsonObject>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("field");
    const QString packages = u"/api/environments/{env}/packages"_s;
    QTest::addRow("option as package")
        << QByteArray("POST") << packages
        << QJsonObject { { u"packages"_s, QJsonArray { u"--index-url=http://evil"_s } } } << 422
        << u"packages[0]"_s;
    QTest::addRow("packages not a list")
        << QByteArray("POST") << packages << QJsonObject { { u"packages"_s, u"requests"_s } } << 422
        << u"packages"_s;
    QTest::addRow("unknown action") << QByteArray("POST") << packages
                                    << QJsonObject { { u"action"_s, u"build"_s },
                                           { u"packages"_s, QJsonArray { u"x"_s } } }
                                    << 422 << u"action"_s;
    QTest::addRow("nothing to install")
        << QByteArray("POST") << packages << QJsonObject {} << 422 << u"packages"_s;
    QTest::addRow("requirements outside")
        << QByteArray("POST") << packages
        << QJsonObject { { u"requirements"_s,
               QJsonObject { { u"projectId"_s, 1 }, { u"path"_s, u"../../kumo.db"_s } } } }
        << 422 << u"requirements.path"_s;
    QTest::addRow("requirements absolute")
        << QByteArray("POST") << packages
        << QJsonObject { { u"requirements"_s,
               QJsonObject { { u"projectId"_s, 1 }, { u"path"_s, u"/etc/passwd"_s } } } }
        << 422 << u"requirements.path"_s;
    QTest::addRow("requirements of no project")
        << QByteArray("POST") << packages
        << QJsonObject { { u"requirements"_s, QJsonObject { { u"projectId"_s, 999 } } } } << 422
        << u"requirements.projectId"_s;
    QTest::addRow("bad name") << QByteArray("POST") << u"/api/environments"_s
                              << QJsonObject { { u"name"_s, u"../x"_s } } << 422 << u"name"_s;
    QTest::addRow("conda without conda") << QByteArray("POST") << u"/api/environments"_s
                                         << QJsonObject { { u"name"_s, u"c"_s }, { u"backend"_s, u"conda"_s },
                                                { u"pythonVersion"_s, u"3.11"_s } }
                                         << 422 << u"backend"_s;
    QTest::addRow("no such environment")
        << QByteArray("GET") << u"/api/environments/987654"_s << QJsonObject {} << 404 << QString();
    QTest::addRow("packages of none")
        << QByteArray("GET") << u"/api/environments/987654/packages"_s << QJsonObject {} << 404 << QString();
    QTest::addRow("no such operation")
        << QByteArray("GET") << u"/api/env-operations/987654/log"_s << QJsonObject {} << 404 << QString();
    QTest::addRow("bad log offset") << QByteArray("GET") << u"/api/env-operations/{operation}/log?offset=-4"_s
                                    << QJsonObject {} << 400 << u"offset"_s;
    QTest::addRow("no such freeze") << QByteArray("GET") << u"/api/environments/1/freezes/abc"_s
                                    << QJsonObject {} << 404 << QString();
    QTest::addRow("run without environment") << QByteArray("GET") << u"/api/runs/987654/environment-changes"_s
                                             << QJsonObject {} << 404 << QString();
}

void TestEnvironmentsApi::refusals()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QFETCH(QJsonObject, body);
    QFETCH(int, status);
    QFETCH(QString, field);
    // A ready environment and a ready project to aim at.
    static qint64 environmentId = 0;
    static qint64 operationId = 0;
    if (environmentId == 0) {
        const HttpReply created = m_server.post(u"/api/environments"_s, m_server.admin(),
            { { u"name"_s, u"target"_s }, { u"interpreterId"_s, m_interpreterId } });
        QCOMPARE(created.status, 202);
        environmentId = created.json().value(u"id"_s).toInteger();
        operationId = created.json().value(u"operation"_s)[u"id"_s].toInteger();
        QCOMPARE(waitForOperation(operationId).value(u"state"_s).toString(), u"succeeded"_s);
    }
    const QString target = QString(path)
                               .replace(u"{env}"_s, QString::number(environmentId))
                               .replace(u"{operation}"_s, QString::number(operationId));
    const HttpReply reply = m_server.send(
        method, target, m_server.admin(), method == "GET" ? QByteArray() : QJsonDocument(body).toJson());
    QCOMPARE(reply.status, status);
    QVERIFY(reply.header("Content-Type").startsWith("application/problem+json"));
    if (!field.isEmpty())
        QCOMPARE(reply.json().value(u"errors"_s).toArray().first()[u"field"_s].toString(), field);
}

void TestEnvironmentsApi::rolesAreEnforced_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::addRow("create") << QByteArray("POST") << u"/api/environments"_s;
    QTest::addRow("install") << QByteArray("POST") << u"/api/environments/1/packages"_s;
    QTest::addRow("reset") << QByteArray("POST") << u"/api/environments/1/reset"_s;
    QTest::addRow("delete") << QByteArray("DELETE") << u"/api/environments/1"_s;
    QTest::addRow("cancel") << QByteArray("POST") << u"/api/env-operations/1/cancel"_s;
    QTest::addRow("register") << QByteArray("POST") << u"/api/python/interpreters"_s;
    QTest::addRow("refresh") << QByteArray("POST") << u"/api/python/interpreters/refresh"_s;
    QTest::addRow("settings") << QByteArray("GET") << u"/api/settings"_s;
    QTest::addRow("change settings") << QByteArray("PATCH") << u"/api/settings"_s;
}

void TestEnvironmentsApi::rolesAreEnforced()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QCOMPARE(
        m_server.send(method, path, ServerFixture::bearer(m_viewer), method == "GET" ? QByteArray() : "{}")
            .status,
        403);
    QCOMPARE(m_server.send(method, path, {}, method == "GET" ? QByteArray() : "{}").status, 401);
}

QTEST_GUILESS_MAIN(TestEnvironmentsApi)
#include "tst_environmentsapi.moc"
