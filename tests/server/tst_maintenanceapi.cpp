// SPDX-License-Identifier: MIT
// Data maintenance over the API: seeded inconsistencies of every kind are found, counted and
// fixed (each kind on its own or all at once), what a running run uses is left alone, and
// bad requests are refused.

#include "enginefixture.h"
#include "serverfixture.h"

#include "projectfixture.h"
#include "zipmaker.h"

#include "core/clock.h"
#include "engine.h"
#include "environments/environmentservice.h"
#include "environments/environmentstore.h"
#include "execution/runqueue.h"
#include "storage/database.h"
#include "storage/runstore.h"

#include <QJsonArray>
#include <QSqlQuery>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Kumo;
using KumoTest::HttpReply;
using KumoTest::ServerFixture;

class TestMaintenanceApi final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void findsAndFixesSeededInconsistencies();
    void fixesOneKindAtATime();
    void badRequests();

private:
    static qint64 createTask(ServerFixture &server, const QString &name, const QString &command);
    static Run runToEnd(ServerFixture &server, qint64 taskId);
    /// The findings of a report (or of a cleanup's answer) by kind: kind → count.
    static QHash<QString, int> counts(const QJsonObject &report);
    static bool touch(const QString &path);
};

qint64 TestMaintenanceApi::createTask(ServerFixture &server, const QString &name, const QString &command)
{
    return server
        .post(u"/api/tasks"_s, server.admin(),
            { { u"name"_s, name }, { u"command"_s, command },
                { u"trigger"_s,
                    QJsonObject { { u"type"_s, u"date"_s }, { u"at"_s, u"2099-01-01T00:00:00Z"_s } } } })
        .json()
        .value(u"id"_s)
        .toInteger();
}

Run TestMaintenanceApi::runToEnd(ServerFixture &server, qint64 taskId)
{
    const qint64 runId
        = server.post(u"/api/tasks/%1/run"_s.arg(taskId), server.admin()).json().value(u"id"_s).toInteger();
    (void)QTest::qWaitFor([&] { return !isActive(server.engine->runs().get(runId)->state); }, 15000);
    return *server.engine->runs().get(runId);
}

QHash<QString, int> TestMaintenanceApi::counts(const QJsonObject &report)
{
    QHash<QString, int> byKind;
    for (const QJsonValue &finding : report.value(u"findings"_s).toArray()) {
        if (finding[u"count"_s].toInt() > 0)
            byKind.insert(finding[u"kind"_s].toString(), finding[u"count"_s].toInt());
    }
    return byKind;
}

bool TestMaintenanceApi::touch(const QString &path)
{
    QDir().mkpath(QFileInfo(path).path());
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write("stray\n") == 6;
}

void TestMaintenanceApi::findsAndFixesSeededInconsistencies()
{
    ServerFixture server;
    QVERIFY(server.start());
    const QDir data(server.dir->path());
    QCOMPARE(
        counts(server.get(u"/api/maintenance/report"_s, server.admin()).json()), (QHash<QString, int>()));

    // A run of a task that is then deleted, with its log and output folder.
    const qint64 gone = createTask(server, u"gone"_s, u"echo gone"_s);
    const Run goneRun = runToEnd(server, gone);
    QVERIFY(QFileInfo::exists(goneRun.logPath));
    QCOMPARE(server.send("DELETE", u"/api/tasks/%1"_s.arg(gone), server.admin()).status, 204);
    // Log files of no run and of no operation.
    QVERIFY(touch(data.filePath(u"logs/tasks/999.log"_s)));
    QVERIFY(touch(data.filePath(u"logs/install/77.log"_s)));
    // A run whose log was deleted by hand.
    const qint64 kept = createTask(server, u"kept"_s, u"echo kept"_s);
    const Run keptRun = runToEnd(server, kept);
    QVERIFY(QFile::remove(keptRun.logPath));
    // Runs recorded running and queued that nothing runs or holds (as a crash or a bug leaves them).
    QSqlQuery insert(server.engine->database().connection());
    for (const QString &state : { u"running"_s, u"queued"_s }) {
        insert.prepare(
            u"INSERT INTO runs (task_id, state, reason, scheduled_at, queued_at) VALUES (?, ?, 'manual', ?, ?)"_s);
        insert.addBindValue(kept);
        insert.addBindValue(state);
        insert.addBindValue(server.engine->clock().nowMs());
        insert.addBindValue(server.engine->clock().nowMs());
        QVERIFY2(insert.exec(), qPrintable(insert.lastQuery()));
    }
    // An environment whose directory is gone.
    Environment environment;
    environment.name = u"vanished"_s;
    environment.path = data.filePath(u"envs/vanished"_s);
    environment.state = Environment::State::Ready;
    QVERIFY(server.engine->environments().store().create(environment));
    // A project whose files are gone.
    const qint64 projectId = KumoTest::createProject(server, u"p"_s, { { u"main.py"_s, "print(1)\n" } });
    QVERIFY(projectId > 0);
    QVERIFY(QDir(data.filePath(u"projects/%1"_s.arg(projectId))).removeRecursively());
    // Folders nothing refers to.
    QVERIFY(touch(data.filePath(u"projects/999/old.py"_s)));
    QVERIFY(touch(data.filePath(u"envs/ghost/bin/python"_s)));
    QVERIFY(touch(data.filePath(u"output/task-12345/result.csv"_s)));
    // A run in progress, whose files must be left alone.
    const qint64 busy = createTask(server, u"busy"_s, KumoTest::helper(u"print 1 busy -- sleep 30000"_s));
    const qint64 busyRun
        = server.post(u"/api/tasks/%1/run"_s.arg(busy), server.admin()).json().value(u"id"_s).toInteger();
    QTRY_COMPARE_WITH_TIMEOUT(server.engine->runs().get(busyRun)->state, RunState::Running, 10000);

    const HttpReply report = server.get(u"/api/maintenance/report"_s, server.admin());
    QCOMPARE(report.status, 200);
    const QHash<QString, int> expected { { u"runsOfDeletedTasks"_s, 1 }, { u"logsWithoutRuns"_s, 2 },
        { u"runsWithoutLogs"_s, 1 }, { u"stuckRuns"_s, 2 }, { u"environmentsWithoutFiles"_s, 1 },
        { u"projectsWithoutFiles"_s, 1 }, { u"unreferencedFiles"_s, 4 } };
    QCOMPARE(counts(report.json()), expected);
    QCOMPARE(report.json().value(u"findings"_s).toArray().size(), 7); // every kind, found or not
    QVERIFY(report.json().value(u"bytes"_s).toInteger() > 0);
    const QJsonArray unreferenced = report.json().value(u"findings"_s).toArray().last()[u"items"_s].toArray();
    QVERIFY2(unreferenced.contains(u"output/task-%1"_s.arg(gone)),
        QJsonDocument(unreferenced).toJson().constData());
    // Checking changes nothing.
    QVERIFY(QFileInfo::exists(data.filePath(u"logs/tasks/999.log"_s)));

    const HttpReply cleaned = server.post(u"/api/maintenance/cleanup"_s, server.admin());
    QCOMPARE(cleaned.status, 200);
    QCOMPARE(counts(cleaned.json()), expected);
    QCOMPARE(counts(cleaned.json().value(u"report"_s).toObject()), (QHash<QString, int>()));
    QVERIFY(!server.engine->runs().get(goneRun.id));
    QVERIFY(!QFileInfo::exists(goneRun.logPath));
    QVERIFY(!QFileInfo::exists(data.filePath(u"logs/tasks/999.log"_s)));
    QVERIFY(!QFileInfo::exists(data.filePath(u"envs/ghost"_s)));
    QVERIFY(!QFileInfo::exists(data.filePath(u"projects/999"_s)));
    QVERIFY(server.engine->runs().get(keptRun.id)->logPath.isEmpty());
    QCOMPARE(server.engine->environments().store().get(environment.id)->state, Environment::State::Failed);
    QCOMPARE(
        server.get(u"/api/projects/%1"_s.arg(projectId), server.admin()).json().value(u"state"_s).toString(),
        u"failed"_s);
    // The stuck running run is lost; the stuck queued one was queued again and ran.
    const QList<Run> keptRuns = server.engine->runs().listByTask(kept, 10);
    QVERIFY(std::any_of(
        keptRuns.begin(), keptRuns.end(), [](const Run &run) { return run.state == RunState::Lost; }));
    QTRY_VERIFY_WITH_TIMEOUT(server.engine->runs().countByState().value(u"queued"_s) == 0, 10000);
    // The busy run was not touched.
    QVERIFY2(server.engine->runs().get(busyRun)->state == RunState::Running,
        QJsonDocument(server.engine->runs().get(busyRun)->toJson()).toJson().constData());
    QVERIFY(QFileInfo::exists(data.filePath(u"output/task-%1"_s.arg(busy))));
    QCOMPARE(server.get(u"/api/audit?action=maintenance.cleanup"_s, server.admin())
                 .json()
                 .value(u"total"_s)
                 .toInt(),
        1);
    QVERIFY(server.engine->cancelRun(busyRun));
}

void TestMaintenanceApi::fixesOneKindAtATime()
{
    ServerFixture server;
    QVERIFY(server.start());
    const QDir data(server.dir->path());
    QVERIFY(touch(data.filePath(u"logs/tasks/31.log"_s)));
    QVERIFY(touch(data.filePath(u"output/task-77/x"_s)));
    const HttpReply cleaned = server.post(u"/api/maintenance/cleanup"_s, server.admin(),
        { { u"kinds"_s, QJsonArray { u"logsWithoutRuns"_s } } });
    QCOMPARE(cleaned.status, 200);
    QCOMPARE(counts(cleaned.json()), (QHash<QString, int> { { u"logsWithoutRuns"_s, 1 } }));
    QCOMPARE(counts(cleaned.json().value(u"report"_s).toObject()),
        (QHash<QString, int> { { u"unreferencedFiles"_s, 1 } }));
    QVERIFY(QFileInfo::exists(data.filePath(u"output/task-77/x"_s)));
}

void TestMaintenanceApi::badRequests()
{
    ServerFixture server;
    QVERIFY(server.start());
    QCOMPARE(server
                 .post(u"/api/maintenance/cleanup"_s, server.admin(),
                     { { u"kinds"_s, QJsonArray { u"everything"_s } } })
                 .status,
        422);
    QCOMPARE(
        server.post(u"/api/maintenance/cleanup"_s, server.admin(), { { u"kinds"_s, u"logsWithoutRuns"_s } })
            .status,
        422);
    QCOMPARE(
        server.post(u"/api/maintenance/cleanup"_s, server.admin(), { { u"force"_s, true } }).status, 422);
    const QString operatorToken = server.userToken(u"ops"_s, u"operator"_s);
    QCOMPARE(server.get(u"/api/maintenance/report"_s, ServerFixture::bearer(operatorToken)).status, 403);
    QCOMPARE(server.post(u"/api/maintenance/cleanup"_s, ServerFixture::bearer(operatorToken)).status, 403);
}

QTEST_GUILESS_MAIN(TestMaintenanceApi)
#include "tst_maintenanceapi.moc"
