// SPDX-License-Identifier: MIT
// The run settings of /api/settings: validated, stored, applied at once (concurrency, default
// timeout, sampling), kept across a restart, and pinned by the command line or environment
// (DESIGN §3: command line > environment > database > default).

#include "enginefixture.h"
#include "serverfixture.h"

#include "engine.h"
#include "execution/resourcesampler.h"
#include "execution/runqueue.h"
#include "storage/runstore.h"

#include <QJsonArray>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Kumo;
using KumoTest::HttpReply;
using KumoTest::ServerFixture;

class TestSettingsApi final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void defaultsAreShown();
    void invalidValuesAreRefused_data();
    void invalidValuesAreRefused();
    void changesApplyAtOnce();
    void defaultTimeoutStopsATaskWithoutItsOwn();
    void storedAcrossARestart();
    void pinnedByTheCommandLine();
    void onlyAdminsChangeSettings();

private:
    static QJsonObject runs(const HttpReply &reply) { return reply.json().value(u"runs"_s).toObject(); }
    HttpReply patchRuns(ServerFixture &server, const QJsonObject &runs)
    {
        return server.patch(u"/api/settings"_s, server.admin(), { { u"runs"_s, runs } });
    }
};

void TestSettingsApi::defaultsAreShown()
{
    ServerFixture server;
    QVERIFY(server.start());
    const HttpReply reply = server.get(u"/api/settings"_s, server.admin());
    QCOMPARE(reply.status, 200);
    const QJsonObject settings = runs(reply);
    QCOMPARE(settings.value(u"maxConcurrent"_s).toInt(), 50);
    QCOMPARE(settings.value(u"defaultTimeoutSeconds"_s).toInt(), 0);
    QCOMPARE(settings.value(u"logCapBytes"_s).toInteger(), 10 * 1024 * 1024);
    QCOMPARE(settings.value(u"logRetentionDays"_s).toInt(), 30);
    QCOMPARE(settings.value(u"logRetentionPerTask"_s).toInt(), 200);
    QCOMPARE(settings.value(u"sampleIntervalMs"_s).toInt(), 1000);
    QVERIFY(settings.value(u"pinned"_s).toObject().isEmpty());
}

void TestSettingsApi::invalidValuesAreRefused_data()
{
    QTest::addColumn<QJsonObject>("runs");
    QTest::addColumn<QString>("field");
    QTest::addRow("zero concurrency") << QJsonObject { { u"maxConcurrent"_s, 0 } } << u"runs.maxConcurrent"_s;
    QTest::addRow("too many") << QJsonObject { { u"maxConcurrent"_s, 10001 } } << u"runs.maxConcurrent"_s;
    QTest::addRow("text") << QJsonObject { { u"maxConcurrent"_s, u"5"_s } } << u"runs.maxConcurrent"_s;
    QTest::addRow("fraction") << QJsonObject { { u"logRetentionDays"_s, 1.5 } } << u"runs.logRetentionDays"_s;
    QTest::addRow("negative timeout")
        << QJsonObject { { u"defaultTimeoutSeconds"_s, -1 } } << u"runs.defaultTimeoutSeconds"_s;
    QTest::addRow("timeout beyond 24 days")
        << QJsonObject { { u"defaultTimeoutSeconds"_s, 24 * 24 * 3600 + 1 } }
        << u"runs.defaultTimeoutSeconds"_s;
    QTest::addRow("tiny log cap") << QJsonObject { { u"logCapBytes"_s, 100 } } << u"runs.logCapBytes"_s;
    QTest::addRow("fast sampling") << QJsonObject { { u"sampleIntervalMs"_s, 10 } }
                                   << u"runs.sampleIntervalMs"_s;
    QTest::addRow("null") << QJsonObject { { u"logRetentionPerTask"_s, QJsonValue() } }
                          << u"runs.logRetentionPerTask"_s;
    QTest::addRow("unknown field") << QJsonObject { { u"speed"_s, 3 } } << u"runs.speed"_s;
}

void TestSettingsApi::invalidValuesAreRefused()
{
    QFETCH(QJsonObject, runs);
    QFETCH(QString, field);
    ServerFixture server;
    QVERIFY(server.start());
    // A valid field beside the invalid one is not applied either.
    runs.insert(u"maxConcurrent"_s,
        runs.value(u"maxConcurrent"_s).isUndefined() ? QJsonValue(7) : runs.value(u"maxConcurrent"_s));
    const HttpReply reply = patchRuns(server, runs);
    QCOMPARE(reply.status, 422);
    QVERIFY(reply.header("Content-Type").startsWith("application/problem+json"));
    const QJsonArray errors = reply.json().value(u"errors"_s).toArray();
    QVERIFY2(errors.size() >= 1, reply.body.constData());
    QCOMPARE(errors.first().toObject().value(u"field"_s).toString(), field);
    QCOMPARE(server.engine->runSettings(), RunSettings());
    QCOMPARE(server.engine->queue().maxConcurrent(), 50);
}

void TestSettingsApi::changesApplyAtOnce()
{
    ServerFixture server;
    QVERIFY(server.start());
    const HttpReply reply = patchRuns(
        server, { { u"maxConcurrent"_s, 3 }, { u"sampleIntervalMs"_s, 250 }, { u"logCapBytes"_s, 65536 } });
    QCOMPARE(reply.status, 200);
    QCOMPARE(runs(reply).value(u"maxConcurrent"_s).toInt(), 3);
    QCOMPARE(server.engine->queue().maxConcurrent(), 3);
    QCOMPARE(server.engine->sampler().intervalMs(), 250);
    QCOMPARE(server.engine->runSettings().logCapBytes, 65536);
    // The whole group as read, sent back unchanged, is accepted (the "pinned" field included).
    const HttpReply again = patchRuns(server, runs(reply));
    QCOMPARE(again.status, 200);
    QCOMPARE(
        server.get(u"/api/audit?action=settings.update"_s, server.admin()).json().value(u"total"_s).toInt(),
        2);
    // The system monitor reports the limit in force.
    QCOMPARE(server.get(u"/api/system/stats"_s, server.admin())
                 .json()
                 .value(u"queue"_s)
                 .toObject()
                 .value(u"maxConcurrent"_s)
                 .toInt(),
        3);
}

void TestSettingsApi::defaultTimeoutStopsATaskWithoutItsOwn()
{
    ServerFixture server;
    QVERIFY(server.start());
    QCOMPARE(patchRuns(server, { { u"defaultTimeoutSeconds"_s, 1 } }).status, 200);
    const auto createTask = [&](const QString &name, int timeoutSeconds) {
        QJsonObject body { { u"name"_s, name }, { u"command"_s, KumoTest::helper(u"sleep 30000"_s) },
            { u"trigger"_s,
                QJsonObject { { u"type"_s, u"date"_s }, { u"at"_s, u"2099-01-01T00:00:00Z"_s } } } };
        if (timeoutSeconds > 0)
            body.insert(u"timeoutSeconds"_s, timeoutSeconds);
        return server.post(u"/api/tasks"_s, server.admin(), body).json().value(u"id"_s).toInteger();
    };
    const qint64 bare = createTask(u"bare"_s, 0);
    const qint64 ownTimeout = createTask(u"own"_s, 120);
    const qint64 bareRun
        = server.post(u"/api/tasks/%1/run"_s.arg(bare), server.admin()).json().value(u"id"_s).toInteger();
    const qint64 ownRun = server.post(u"/api/tasks/%1/run"_s.arg(ownTimeout), server.admin())
                              .json()
                              .value(u"id"_s)
                              .toInteger();
    QTRY_COMPARE_WITH_TIMEOUT(server.engine->runs().get(bareRun)->state, RunState::TimedOut, 10000);
    // The task with its own, longer timeout is still running.
    QCOMPARE(server.engine->runs().get(ownRun)->state, RunState::Running);
    QVERIFY(server.engine->cancelRun(ownRun));
}

void TestSettingsApi::storedAcrossARestart()
{
    ServerFixture server;
    QVERIFY(server.start());
    QCOMPARE(patchRuns(server, { { u"maxConcurrent"_s, 4 }, { u"logRetentionDays"_s, 9 } }).status, 200);
    server.server.reset();
    server.engine.reset();
    QVERIFY(server.start());
    QCOMPARE(server.engine->queue().maxConcurrent(), 4);
    QCOMPARE(runs(server.get(u"/api/settings"_s, server.admin())).value(u"logRetentionDays"_s).toInt(), 9);
}

void TestSettingsApi::pinnedByTheCommandLine()
{
    ServerFixture server;
    QVERIFY(server.start());
    QCOMPARE(patchRuns(server, { { u"maxConcurrent"_s, 4 } }).status, 200);
    server.server.reset();
    server.engine.reset();

    // Started with --max-concurrent 7: that beats the stored 4.
    EngineConfig config;
    config.runs.maxConcurrent = 7;
    config.pinnedRunSettings.insert(u"maxConcurrent"_s, u"--max-concurrent"_s);
    QVERIFY(server.start({}, config));
    QCOMPARE(server.engine->queue().maxConcurrent(), 7);
    QJsonObject settings = runs(server.get(u"/api/settings"_s, server.admin()));
    QCOMPARE(settings.value(u"maxConcurrent"_s).toInt(), 7);
    QCOMPARE(
        settings.value(u"pinned"_s).toObject().value(u"maxConcurrent"_s).toString(), u"--max-concurrent"_s);

    const HttpReply refused = patchRuns(server, { { u"maxConcurrent"_s, 9 } });
    QCOMPARE(refused.status, 422);
    QVERIFY2(refused.body.contains("--max-concurrent"), refused.body.constData());
    QCOMPARE(server.engine->queue().maxConcurrent(), 7);
    // Other fields still change; the pinned one may be sent with the value in force.
    settings.insert(u"logRetentionPerTask"_s, 12);
    QCOMPARE(patchRuns(server, settings).status, 200);
    QCOMPARE(server.engine->runSettings().logRetentionPerTask, 12);

    // Without the option, the stored value is back.
    server.server.reset();
    server.engine.reset();
    QVERIFY(server.start());
    QCOMPARE(server.engine->queue().maxConcurrent(), 4);
    QCOMPARE(server.engine->runSettings().logRetentionPerTask, 12);
}

void TestSettingsApi::onlyAdminsChangeSettings()
{
    ServerFixture server;
    QVERIFY(server.start());
    const QString operatorToken = server.userToken(u"ops"_s, u"operator"_s);
    const HttpReply reply = server.patch(u"/api/settings"_s, ServerFixture::bearer(operatorToken),
        { { u"runs"_s, QJsonObject { { u"maxConcurrent"_s, 1 } } } });
    QCOMPARE(reply.status, 403);
    QCOMPARE(server.engine->queue().maxConcurrent(), 50);
}

QTEST_GUILESS_MAIN(TestSettingsApi)
#include "tst_settingsapi.moc"
