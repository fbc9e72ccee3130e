// SPDX-License-Identifier: MIT
// System environment variables over the API: scopes (a run gets only its own), SECRET values
// encrypted at rest and never in clear in any answer, log file or the database (the test scans
// them all), masked in a run's log when the run prints them, kept when sent back masked, and a
// master key rotation that re-encrypts them across a restart.

#include "serverfixture.h"

#include "engine.h"
#include "security/secretbox.h"
#include "storage/runstore.h"

#include <QCryptographicHash>
#include <QDirIterator>
#include <QJsonArray>
#include <QTest>

#include <sys/stat.h>

using namespace Qt::StringLiterals;
using namespace Kumo;
using KumoTest::HttpReply;
using KumoTest::ServerFixture;

namespace {

constexpr char kSecret[] = "s3cr3t-Value-9f2c41";

} // namespace

class TestEnvVarsApi final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void invalidVariablesAreRefused_data();
    void invalidVariablesAreRefused();
    void runsGetTheVariablesOfTheirScopes();
    void secretsNeverAppearInClear();
    void keyRotationReencryptsAcrossARestart();
    void keyFromTheEnvironment();

private:
    HttpReply createVariable(const QJsonObject &json)
    {
        return m_server->post(u"/api/env-vars"_s, m_server->admin(), json);
    }
    qint64 createTask(const QString &name, const QString &command);
    /// Runs task @p taskId and returns its log (and the run).
    QString run(qint64 taskId, Run *finished = nullptr);
    /// Every response body this test received.
    QByteArray m_answers;

    std::unique_ptr<ServerFixture> m_server;
};

void TestEnvVarsApi::init()
{
    m_server = std::make_unique<ServerFixture>();
    QVERIFY(m_server->start());
    m_answers.clear();
}

void TestEnvVarsApi::cleanup()
{
    m_server.reset();
}

qint64 TestEnvVarsApi::createTask(const QString &name, const QString &command)
{
    const HttpReply reply = m_server->post(u"/api/tasks"_s, m_server->admin(),
        { { u"name"_s, name }, { u"command"_s, command },
            { u"trigger"_s,
                QJsonObject { { u"type"_s, u"date"_s }, { u"at"_s, u"2099-01-01T00:00:00Z"_s } } } });
    m_answers += reply.body;
    return reply.json().value(u"id"_s).toInteger();
}

QString TestEnvVarsApi::run(qint64 taskId, Run *finished)
{
    const HttpReply started = m_server->post(u"/api/tasks/%1/run"_s.arg(taskId), m_server->admin());
    const qint64 runId = started.json().value(u"id"_s).toInteger();
    (void)QTest::qWaitFor([&] { return !isActive(m_server->engine->runs().get(runId)->state); }, 15000);
    if (finished)
        *finished = *m_server->engine->runs().get(runId);
    const HttpReply log = m_server->get(u"/api/runs/%1/log"_s.arg(runId), m_server->admin());
    m_answers
        += started.body + log.body + m_server->get(u"/api/runs/%1"_s.arg(runId), m_server->admin()).body;
    return log.json().value(u"text"_s).toString();
}

void TestEnvVarsApi::invalidVariablesAreRefused_data()
{
    QTest::addColumn<QJsonObject>("json");
    QTest::addColumn<QString>("field");
    QTest::addRow("digit first") << QJsonObject { { u"name"_s, u"1ABC"_s }, { u"value"_s, u"x"_s } }
                                 << u"name"_s;
    QTest::addRow("space") << QJsonObject { { u"name"_s, u"A B"_s }, { u"value"_s, u"x"_s } } << u"name"_s;
    QTest::addRow("newline") << QJsonObject { { u"name"_s, u"ABC\n"_s }, { u"value"_s, u"x"_s } }
                             << u"name"_s;
    QTest::addRow("kumo's own") << QJsonObject { { u"name"_s, u"KUMO_RUN_ID"_s }, { u"value"_s, u"x"_s } }
                                << u"name"_s;
    QTest::addRow("no value") << QJsonObject { { u"name"_s, u"A"_s } } << u"value"_s;
    QTest::addRow("value not text") << QJsonObject { { u"name"_s, u"A"_s }, { u"value"_s, 5 } } << u"value"_s;
    QTest::addRow("the mask") << QJsonObject { { u"name"_s, u"A"_s }, { u"value"_s, u"••••••"_s },
        { u"secret"_s, true } }
                              << u"value"_s;
    QTest::addRow("bad scope") << QJsonObject { { u"name"_s, u"A"_s }, { u"value"_s, u"x"_s },
        { u"scope"_s, QJsonObject { { u"type"_s, u"team"_s } } } }
                               << u"scope"_s;
    QTest::addRow("no such task") << QJsonObject { { u"name"_s, u"A"_s }, { u"value"_s, u"x"_s },
        { u"scope"_s, QJsonObject { { u"type"_s, u"task"_s }, { u"id"_s, 999 } } } }
                                  << u"scope.id"_s;
    QTest::addRow("secret not bool") << QJsonObject { { u"name"_s, u"A"_s }, { u"value"_s, u"x"_s },
        { u"secret"_s, u"yes"_s } } << u"secret"_s;
}

void TestEnvVarsApi::invalidVariablesAreRefused()
{
    QFETCH(QJsonObject, json);
    QFETCH(QString, field);
    const HttpReply reply = createVariable(json);
    QCOMPARE(reply.status, 422);
    QCOMPARE(reply.json().value(u"errors"_s).toArray().first()[u"field"_s].toString(), field);
}

void TestEnvVarsApi::runsGetTheVariablesOfTheirScopes()
{
    const qint64 first = createTask(u"first"_s, u"echo \"$REGION $LEVEL ${ONLY_FIRST:-unset}\""_s);
    const qint64 second = createTask(u"second"_s, u"echo \"$REGION $LEVEL ${ONLY_FIRST:-unset}\""_s);
    QCOMPARE(createVariable({ { u"name"_s, u"REGION"_s }, { u"value"_s, u"eu"_s } }).status, 201);
    QCOMPARE(createVariable({ { u"name"_s, u"LEVEL"_s }, { u"value"_s, u"global"_s } }).status, 201);
    QCOMPARE(
        createVariable({ { u"name"_s, u"LEVEL"_s }, { u"value"_s, u"task"_s },
                           { u"scope"_s, QJsonObject { { u"type"_s, u"task"_s }, { u"id"_s, first } } } })
            .status,
        201);
    QCOMPARE(
        createVariable({ { u"name"_s, u"ONLY_FIRST"_s }, { u"value"_s, u"yes"_s },
                           { u"scope"_s, QJsonObject { { u"type"_s, u"task"_s }, { u"id"_s, first } } } })
            .status,
        201);
    QCOMPARE(
        createVariable({ { u"name"_s, u"REGION"_s }, { u"value"_s, u"us"_s } }).status, 409); // same scope
    QCOMPARE(run(first), u"eu task yes\n"_s); // the task's LEVEL wins over the global one
    QCOMPARE(run(second), u"eu global unset\n"_s); // another task's variables stay its own

    const QJsonArray firstOnly
        = m_server->get(u"/api/env-vars?scope=task&scopeId=%1"_s.arg(first), m_server->admin())
              .json()
              .value(u"items"_s)
              .toArray();
    QCOMPARE(firstOnly.size(), 2);
    QCOMPARE(m_server->get(u"/api/env-vars?scope=nowhere"_s, m_server->admin()).status, 400);
    // Deleting the task deletes its variables.
    QCOMPARE(m_server->send("DELETE", u"/api/tasks/%1"_s.arg(first), m_server->admin()).status, 204);
    QCOMPARE(m_server->get(u"/api/env-vars"_s, m_server->admin()).json().value(u"total"_s).toInteger(), 2);
}

void TestEnvVarsApi::secretsNeverAppearInClear()
{
    // The command checks the value by its hash: the secret itself must not be in the task.
    const QString hash
        = QString::fromLatin1(QCryptographicHash::hash(kSecret, QCryptographicHash::Sha256).toHex());
    const qint64 task = createTask(u"uses-secret"_s,
        u"echo \"token=$API_TOKEN\"; echo \"$API_TOKEN\" >&2; "
        "test \"$(printf %s \"$API_TOKEN\" | sha256sum | cut -d' ' -f1)\" = %1 && echo same"_s.arg(hash));
    HttpReply reply
        = createVariable({ { u"name"_s, u"API_TOKEN"_s }, { u"value"_s, QString::fromLatin1(kSecret) },
            { u"secret"_s, true }, { u"description"_s, u"the vendor's token"_s } });
    m_answers += reply.body;
    QCOMPARE(reply.status, 201);
    QCOMPARE(reply.json().value(u"value"_s).toString(), u"••••••"_s);
    const qint64 id = reply.json().value(u"id"_s).toInteger();

    // The run gets the value; its log shows the mask instead.
    Run finished;
    // (stdout and stderr lines may interleave either way)
    const auto sortedLines = [](const QString &text) {
        QStringList lines = text.split(u'\n', Qt::SkipEmptyParts);
        lines.sort();
        return lines;
    };
    const QStringList expected { u"******"_s, u"same"_s, u"token=******"_s };
    QCOMPARE(sortedLines(run(task, &finished)), expected);
    QCOMPARE(finished.state, RunState::Succeeded);

    // Sending the mask back keeps the value; renaming re-encrypts it under its new name.
    reply = m_server->patch(u"/api/env-vars/%1"_s.arg(id), m_server->admin(),
        { { u"value"_s, u"••••••"_s }, { u"description"_s, u"renewed"_s } });
    m_answers += reply.body;
    QCOMPARE(reply.status, 200);
    QCOMPARE(sortedLines(run(task)), expected);

    // A secret becomes plain only with a new value: the old one is never shown.
    reply = m_server->patch(u"/api/env-vars/%1"_s.arg(id), m_server->admin(), { { u"secret"_s, false } });
    m_answers += reply.body;
    QCOMPARE(reply.status, 422);
    reply = m_server->patch(u"/api/env-vars/%1"_s.arg(id), m_server->admin(),
        { { u"secret"_s, false }, { u"value"_s, u"••••••"_s } });
    m_answers += reply.body;
    QCOMPARE(reply.status, 422);

    m_answers += m_server->get(u"/api/env-vars"_s, m_server->admin()).body;
    m_answers += m_server->get(u"/api/env-vars/%1"_s.arg(id), m_server->admin()).body;
    m_answers += m_server->get(u"/api/audit"_s, m_server->admin()).body;
    m_answers += m_server->get(u"/api/tasks/%1"_s.arg(task), m_server->admin()).body;
    m_answers += m_server->get(u"/api/runs"_s, m_server->admin()).body;
    QVERIFY(m_answers.contains("API_TOKEN"));
    QVERIFY(!m_answers.contains(kSecret));

    // Nothing on disk holds it in clear: logs, database, write-ahead log, everything.
    m_server->server.reset();
    m_server->engine.reset();
    QDirIterator files(m_server->dir->path(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    int scanned = 0;
    while (files.hasNext()) {
        QFile file(files.next());
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY2(!file.readAll().contains(kSecret), qPrintable(file.fileName()));
        ++scanned;
    }
    QVERIFY(scanned >= 3); // kumo.db, secret.key, the run logs
}

void TestEnvVarsApi::keyRotationReencryptsAcrossARestart()
{
    const QString keyPath = m_server->dir->filePath(u"secret.key"_s);
    struct stat info
    {
    };
    QCOMPARE(::stat(QFile::encodeName(keyPath).constData(), &info), 0);
    QCOMPARE(int(info.st_mode & 0777), 0600);
    QFile keyFile(keyPath);
    QVERIFY(keyFile.open(QIODevice::ReadOnly));
    const QByteArray oldKey = keyFile.readAll();
    keyFile.close();

    const qint64 task = createTask(
        u"checks"_s, u"test \"$API_TOKEN\" = '%1' && echo same"_s.arg(QString::fromLatin1(kSecret)));
    QCOMPARE(createVariable({ { u"name"_s, u"API_TOKEN"_s }, { u"value"_s, QString::fromLatin1(kSecret) },
                                { u"secret"_s, true } })
                 .status,
        201);
    const QString oldId = m_server->engine->secretBox().keyId();
    const HttpReply rotated = m_server->post(u"/api/secrets/rotate-key"_s, m_server->admin());
    QCOMPARE(rotated.status, 200);
    QVERIFY(rotated.json().value(u"keyId"_s).toString() != oldId);
    QVERIFY(keyFile.open(QIODevice::ReadOnly));
    QVERIFY(keyFile.readAll() != oldKey);
    keyFile.close();
    QCOMPARE(run(task), u"same\n"_s);
    QCOMPARE(m_server->get(u"/api/audit?action=secrets.rotate"_s, m_server->admin())
                 .json()
                 .value(u"total"_s)
                 .toInteger(),
        1);

    // A rotation that a crash cut short before the database changed leaves a stray next key:
    // the next start drops it and keeps the working one.
    m_server->server.reset();
    m_server->engine.reset();
    QFile stray(m_server->dir->filePath(u"secret.key.next"_s));
    QVERIFY(stray.open(QIODevice::WriteOnly));
    stray.write(SecretBox::randomKey().toBase64() + '\n');
    stray.close();
    QVERIFY(m_server->start());
    QVERIFY(!stray.exists());
    QCOMPARE(m_server->engine->secretBox().keyId(), rotated.json().value(u"keyId"_s).toString());
    QCOMPARE(run(task), u"same\n"_s);

    // A secret.key that is not a key stops the start with a reason instead of losing secrets.
    m_server->server.reset();
    m_server->engine.reset();
    QVERIFY(keyFile.open(QIODevice::WriteOnly | QIODevice::Truncate));
    keyFile.write("garbage\n");
    keyFile.close();
    Engine engine;
    EngineConfig config;
    config.dataDir = m_server->dir->path();
    QVERIFY(!engine.open(config));
    QVERIFY2(engine.errorString().contains(u"does not hold a key"_s), qPrintable(engine.errorString()));
}

void TestEnvVarsApi::keyFromTheEnvironment()
{
    m_server->server.reset();
    m_server->engine.reset();
    QFile::remove(m_server->dir->filePath(u"secret.key"_s));
    EngineConfig config;
    config.secretKey = u"a passphrase of enough length"_s;
    // Set in the server's environment too, as `kumo serve` finds it: runs never see it.
    qputenv("KUMO_SECRET_KEY", "a passphrase of enough length");
    QVERIFY(m_server->start({}, config));
    qunsetenv("KUMO_SECRET_KEY");
    const qint64 printer = createTask(u"prints-env"_s, u"echo ${KUMO_SECRET_KEY:-absent}"_s);
    QCOMPARE(run(printer), u"absent\n"_s);
    QVERIFY(!QFileInfo::exists(m_server->dir->filePath(u"secret.key"_s)));
    QCOMPARE(m_server->engine->secretBox().source(), u"environment"_s);
    const qint64 task = createTask(u"checks"_s, u"echo \"$PASSWORD\" | wc -c"_s);
    QCOMPARE(createVariable({ { u"name"_s, u"PASSWORD"_s }, { u"value"_s, u"hunter2-hunter2"_s },
                                { u"secret"_s, true } })
                 .status,
        201);
    QCOMPARE(run(task).trimmed(), u"16"_s);
    QCOMPARE(m_server->post(u"/api/secrets/rotate-key"_s, m_server->admin()).status, 409);

    // Another key cannot open them: runs refuse to start without their secret.
    m_server->server.reset();
    m_server->engine.reset();
    config.secretKey = u"a different passphrase entirely"_s;
    QVERIFY(m_server->start({}, config));
    Run finished;
    (void)run(task, &finished);
    QCOMPARE(finished.state, RunState::Failed);
    QVERIFY2(finished.error.contains(u"cannot be decrypted"_s), qPrintable(finished.error));
    const QString tooShort = u"short"_s;
    SecretBox box;
    QVERIFY(!box.load(m_server->dir->path(), tooShort));
    QVERIFY(box.errorString().contains(u"KUMO_SECRET_KEY"_s));
}

QTEST_GUILESS_MAIN(TestEnvVarsApi)
#include "tst_envvarsapi.moc"
