// SPDX-License-Identifier: MIT
// The system monitor and the metrics: one hour of history kept at the monitor's interval (a
// controlled clock drives it here), stats pushed to subscribed event clients as they are
// sampled, and GET /metrics checked by the reference Prometheus parser (python3-prometheus-client)
// after real runs, fires and API answers.

#include "enginefixture.h"
#include "eventclient.h"
#include "serverfixture.h"

#include "core/clock.h"
#include "engine.h"
#include "system/metrics.h"
#include "system/systemmonitor.h"

#include <QJsonArray>
#include <QProcess>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Kumo;
using KumoTest::HttpReply;
using KumoTest::ServerFixture;

class TestMonitorApi final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void historyKeepsTheLastHour();
    void statsAreStreamedAsSampled();
    void histogramBuckets_data();
    void histogramBuckets();
    void metricsParseAsPrometheusText();

private:
    /// The families of @p text as the reference parser reads them; empty when it refuses.
    static QJsonObject parsePrometheus(const QByteArray &text, QString *error);
    static double value(const QJsonObject &families, const QString &family, const QString &sample,
        const QJsonObject &labels = {});
};

QJsonObject TestMonitorApi::parsePrometheus(const QByteArray &text, QString *error)
{
    QProcess parser;
    parser.start(u"/usr/bin/python3"_s, { QStringLiteral(KUMO_TEST_HELPERS_DIR "/parse-prometheus.py") });
    if (!parser.waitForStarted(10000)) {
        *error = parser.errorString();
        return {};
    }
    parser.write(text);
    parser.closeWriteChannel();
    parser.waitForFinished(30000);
    *error = QString::fromUtf8(parser.readAllStandardError());
    if (parser.exitCode() != 0)
        return {};
    return QJsonDocument::fromJson(parser.readAllStandardOutput()).object();
}

double TestMonitorApi::value(
    const QJsonObject &families, const QString &family, const QString &sample, const QJsonObject &labels)
{
    for (const QJsonValue &entry : families.value(family)[u"samples"_s].toArray()) {
        const QJsonArray row = entry.toArray();
        if (row.at(0).toString() != sample)
            continue;
        const QJsonObject rowLabels = row.at(1).toObject();
        bool matches = true;
        for (auto it = labels.begin(); it != labels.end(); ++it)
            matches = matches && rowLabels.value(it.key()) == it.value();
        if (matches)
            return row.at(2).toDouble();
    }
    return -1;
}

void TestMonitorApi::historyKeepsTheLastHour()
{
    ManualClock clock(1'796'263'200'000);
    ServerFixture server;
    EngineConfig config;
    config.clock = &clock;
    QVERIFY(server.start({}, config));
    SystemMonitor &monitor = server.engine->monitor();
    QCOMPARE(monitor.intervalMs(), 5000);
    monitor.stop(); // the test takes the samples
    // Two hours at 5 s: only the last hour stays.
    for (int i = 0; i < 1440; ++i) {
        clock.advanceMs(5000);
        monitor.sampleNow();
    }
    QCOMPARE(monitor.history(0).size(), SystemMonitor::kDefaultCapacity);
    QCOMPARE(monitor.history(0).constFirst().at, clock.nowMs() - 719 * 5000);
    QCOMPARE(monitor.history(clock.nowMs() - 60'000).size(), 12);

    const HttpReply all = server.get(u"/api/system/history"_s, server.admin());
    QCOMPARE(all.status, 200);
    QCOMPARE(all.json().value(u"total"_s).toInt(), 720);
    QCOMPARE(all.json().value(u"intervalMs"_s).toInt(), 5000);
    const QJsonObject last = all.json().value(u"items"_s).toArray().last().toObject();
    QVERIFY(last.value(u"memoryTotalBytes"_s).toInteger() > 0);
    QVERIFY(last.contains(u"queued"_s) && last.contains(u"running"_s) && last.contains(u"diskFreeBytes"_s));
    QCOMPARE(
        server.get(u"/api/system/history?minutes=1"_s, server.admin()).json().value(u"total"_s).toInt(), 12);
    QCOMPARE(server.get(u"/api/system/history?minutes=0"_s, server.admin()).status, 400);
    QCOMPARE(server.get(u"/api/system/history?minutes=61"_s, server.admin()).status, 400);
    QCOMPARE(server.get(u"/api/system/history?minutes=x"_s, server.admin()).status, 400);
    QCOMPARE(server.get(u"/api/system/history"_s, {}).status, 401);
}

void TestMonitorApi::statsAreStreamedAsSampled()
{
    ServerFixture server;
    QVERIFY(server.start());
    server.engine->monitor().stop();
    KumoTest::EventClient events;
    events.open(server, server.admin());
    QTRY_VERIFY(!events.ofType(u"hello"_s).isEmpty());
    events.send({ { u"type"_s, u"subscribe"_s }, { u"topics"_s, QJsonArray { u"stats"_s } } });
    QTRY_COMPARE(events.ofType(u"stats"_s).size(), 1); // at once on subscribing
    server.engine->monitor().sampleNow();
    QTRY_COMPARE(events.ofType(u"stats"_s).size(), 2);
    const QJsonObject stats = events.ofType(u"stats"_s).last().value(u"stats"_s).toObject();
    QVERIFY(stats.contains(u"cpuPercent"_s));
    QCOMPARE(stats.value(u"queue"_s).toObject().value(u"maxConcurrent"_s).toInt(), 50);
    QVERIFY(stats.value(u"processRssBytes"_s).toInteger() > 0);
    events.send({ { u"type"_s, u"unsubscribe"_s }, { u"topics"_s, QJsonArray { u"stats"_s } } });
    QTest::qWait(100);
    server.engine->monitor().sampleNow();
    QTest::qWait(200);
    QCOMPARE(events.ofType(u"stats"_s).size(), 2);
}

void TestMonitorApi::histogramBuckets_data()
{
    QTest::addColumn<QList<double>>("observed");
    QTest::addColumn<QList<quint64>>("cumulative");
    QTest::addRow("none") << QList<double> {} << QList<quint64> { 0, 0, 0 };
    QTest::addRow("on a bound") << QList<double> { 1.0 } << QList<quint64> { 1, 1, 1 };
    QTest::addRow("spread") << QList<double> { 0.5, 1.5, 99 } << QList<quint64> { 1, 2, 3 };
}

void TestMonitorApi::histogramBuckets()
{
    QFETCH(QList<double>, observed);
    QFETCH(QList<quint64>, cumulative);
    Histogram histogram({ 1, 2 });
    double sum = 0;
    for (const double value : observed) {
        histogram.observe(value);
        sum += value;
    }
    QCOMPARE(histogram.cumulativeCounts(), cumulative);
    QCOMPARE(histogram.count(), quint64(observed.size()));
    QCOMPARE(histogram.sum(), sum);
}

void TestMonitorApi::metricsParseAsPrometheusText()
{
    ServerFixture server;
    QVERIFY(server.start());
    const auto task = [&](const QString &name, const QString &command, const QJsonObject &trigger) {
        return server
            .post(u"/api/tasks"_s, server.admin(),
                { { u"name"_s, name }, { u"command"_s, command }, { u"trigger"_s, trigger } })
            .json()
            .value(u"id"_s)
            .toInteger();
    };
    const QJsonObject never { { u"type"_s, u"date"_s }, { u"at"_s, u"2099-01-01T00:00:00Z"_s } };
    const qint64 ok = task(u"ok"_s, u"true"_s, never);
    const qint64 bad = task(u"bad"_s, u"false"_s, never);
    QVERIFY(task(u"ticking"_s, u"true"_s, { { u"type"_s, u"interval"_s }, { u"seconds"_s, 1 } }) > 0);
    QCOMPARE(server.post(u"/api/tasks/%1/run"_s.arg(ok), server.admin()).status, 202);
    QCOMPARE(server.post(u"/api/tasks/%1/run"_s.arg(bad), server.admin()).status, 202);
    QCOMPARE(server.get(u"/api/nothing-here"_s, server.admin()).status, 404);
    // The scheduled task fires at least once (its lateness is measured).
    QTRY_VERIFY_WITH_TIMEOUT(server.engine->metrics().fireLateness.count() >= 1, 5000);
    QTRY_VERIFY_WITH_TIMEOUT(server.engine->metrics().runsFinished.value(u"failed"_s) == 1
            && server.engine->metrics().runsFinished.value(u"succeeded"_s) >= 1,
        10000);

    QCOMPARE(server.get(u"/metrics"_s, {}).status, 401);
    const HttpReply reply = server.get(u"/metrics"_s, server.admin());
    QCOMPARE(reply.status, 200);
    QVERIFY(reply.header("Content-Type").startsWith("text/plain; version=0.0.4"));
    QString error;
    const QJsonObject families = parsePrometheus(reply.body, &error);
    QVERIFY2(!families.isEmpty(), qPrintable(error + u'\n' + QString::fromUtf8(reply.body)));

    // prometheus_client names counter families without their _total suffix.
    QCOMPARE(families.value(u"kumo_runs_finished"_s)[u"type"_s].toString(), u"counter"_s);
    QCOMPARE(value(families, u"kumo_runs_finished"_s, u"kumo_runs_finished_total"_s,
                 { { u"state"_s, u"failed"_s } }),
        1.0);
    QVERIFY(value(families, u"kumo_runs_finished"_s, u"kumo_runs_finished_total"_s,
                { { u"state"_s, u"succeeded"_s } })
        >= 1);
    QCOMPARE(families.value(u"kumo_fire_lateness_seconds"_s)[u"type"_s].toString(), u"histogram"_s);
    QVERIFY(value(families, u"kumo_fire_lateness_seconds"_s, u"kumo_fire_lateness_seconds_count"_s) >= 1);
    QCOMPARE(value(families, u"kumo_fire_lateness_seconds"_s, u"kumo_fire_lateness_seconds_bucket"_s,
                 { { u"le"_s, u"+Inf"_s } }),
        value(families, u"kumo_fire_lateness_seconds"_s, u"kumo_fire_lateness_seconds_count"_s));
    QVERIFY(value(families, u"kumo_run_duration_seconds"_s, u"kumo_run_duration_seconds_count"_s) >= 2);
    QCOMPARE(value(families, u"kumo_max_concurrent"_s, u"kumo_max_concurrent"_s), 50.0);
    QVERIFY(value(families, u"kumo_queue_length"_s, u"kumo_queue_length"_s) >= 0);
    QVERIFY(value(families, u"kumo_runs_running"_s, u"kumo_runs_running"_s) >= 0);
    QCOMPARE(value(families, u"kumo_tasks"_s, u"kumo_tasks"_s), 3.0);
    QVERIFY(
        value(families, u"kumo_http_responses"_s, u"kumo_http_responses_total"_s, { { u"code"_s, u"404"_s } })
        >= 1);
    QVERIFY(
        value(families, u"kumo_http_responses"_s, u"kumo_http_responses_total"_s, { { u"code"_s, u"202"_s } })
        >= 2);
    QVERIFY(value(families, u"kumo_process_resident_memory_bytes"_s, u"kumo_process_resident_memory_bytes"_s)
        > 0);

    // The reference parser does refuse malformed text (so the check above can fail).
    QVERIFY(parsePrometheus("kumo_broken{state=\"x} 1\n", &error).isEmpty());
}

QTEST_GUILESS_MAIN(TestMonitorApi)
#include "tst_monitorapi.moc"
