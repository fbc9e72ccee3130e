// SPDX-License-Identifier: MIT
// Drives the real `kumo serve` program: health, one process per data directory, and recovery
// after kill -9 with runs active.
#include "enginefixture.h"

#include "storage/database.h"
#include "storage/migrations.h"

#include <QEventLoop>
#include <QFile>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QSqlQuery>
#include <QTest>

#include <csignal>

using namespace Qt::StringLiterals;
using namespace Kumo;
using namespace KumoTest;

namespace {

/// A `kumo serve` child process on a data directory.
class Server
{
public:
    explicit Server(const QString &dataDir, const QStringList &extra = {})
    {
        m_process.setProgram(QStringLiteral(KUMO_BINARY));
        m_process.setArguments(
            QStringList { u"serve"_s, u"--data-dir"_s, dataDir, u"--listen"_s, u"127.0.0.1:0"_s } + extra);
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"QT_LOGGING_RULES"_s, u"kumo.*.info=false"_s);
        m_process.setProcessEnvironment(env);
        m_process.start();
    }
    ~Server()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished(5000);
        }
    }
    /// Waits for the "Listening on" line and returns the port (0 on failure).
    quint16 waitForPort()
    {
        static const QRegularExpression listening(u"Listening on http://127\\.0\\.0\\.1:(\\d+)"_s);
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < 10000) {
            m_stdout += m_process.readAllStandardOutput();
            const QRegularExpressionMatch match = listening.match(QString::fromUtf8(m_stdout));
            if (match.hasMatch())
                return quint16(match.captured(1).toUInt());
            if (!m_process.waitForReadyRead(200) && m_process.state() == QProcess::NotRunning)
                return 0;
        }
        return 0;
    }
    QProcess &process() { return m_process; }

private:
    QProcess m_process;
    QByteArray m_stdout;
};

QJsonObject getJson(quint16 port, const QString &path, int *status)
{
    QNetworkAccessManager manager;
    QNetworkReply *reply = manager.get(QNetworkRequest(QUrl(u"http://127.0.0.1:%1%2"_s.arg(port).arg(path))));
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    *status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QJsonObject json = QJsonDocument::fromJson(reply->readAll()).object();
    reply->deleteLater();
    return json;
}

int count(Database &db, const QString &sql)
{
    QSqlQuery query(db.connection());
    if (!query.exec(sql) || !query.next())
        return -1;
    return query.value(0).toInt();
}

} // namespace

class TestServe final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void healthAndUnknownRoutes();
    void secondServerOnTheSameDirectoryIsRefused();
    void invalidOptionsExitWithUsageError_data();
    void invalidOptionsExitWithUsageError();
    void killNineWithRunsActiveThenRestart();
};

void TestServe::healthAndUnknownRoutes()
{
    QTemporaryDir dir;
    Server server(dir.path());
    const quint16 port = server.waitForPort();
    QVERIFY(port > 0);
    int status = 0;
    const QJsonObject health = getJson(port, u"/api/health"_s, &status);
    QCOMPARE(status, 200);
    QCOMPARE(health.value(u"status"_s).toString(), u"ok"_s);
    QCOMPARE(health.value(u"database"_s).toObject().value(u"schemaVersion"_s).toInt(),
        Migrations::latestVersion());
    QCOMPARE(health.value(u"scheduler"_s).toObject().value(u"running"_s).toBool(), true);
    const QJsonObject missing = getJson(port, u"/api/nothing-here"_s, &status);
    QCOMPARE(status, 404);
    QCOMPARE(missing.value(u"status"_s).toInt(), 404);
    // SIGTERM: a clean exit.
    ::kill(server.process().processId(), SIGTERM);
    QVERIFY(server.process().waitForFinished(10000));
    QCOMPARE(server.process().exitStatus(), QProcess::NormalExit);
    QCOMPARE(server.process().exitCode(), 0);
}

void TestServe::secondServerOnTheSameDirectoryIsRefused()
{
    QTemporaryDir dir;
    Server first(dir.path());
    QVERIFY(first.waitForPort() > 0);
    Server second(dir.path());
    QVERIFY(second.process().waitForFinished(10000));
    QVERIFY(second.process().exitCode() != 0);
    const QString stderrText = QString::fromUtf8(second.process().readAllStandardError());
    QVERIFY2(stderrText.contains(u"pid %1"_s.arg(first.process().processId())), qPrintable(stderrText));
}

void TestServe::invalidOptionsExitWithUsageError_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");
    QTest::addRow("bad listen") << QStringList { u"serve"_s, u"--listen"_s, u"nonsense"_s }
                                << u"listen address"_s;
    QTest::addRow("bad port") << QStringList { u"serve"_s, u"--listen"_s, u"127.0.0.1:99999"_s }
                              << u"listen address"_s;
    QTest::addRow("bad limit") << QStringList { u"serve"_s, u"--max-concurrent"_s, u"0"_s }
                               << u"from 1 to 10000"_s;
    QTest::addRow("limit not a number")
        << QStringList { u"serve"_s, u"--max-concurrent"_s, u"many"_s } << u"\"many\""_s;
    QTest::addRow("upload limit") << QStringList { u"serve"_s, u"--max-upload"_s, u"10"_s }
                                  << u"the upload limit must be a whole number from 1024"_s;
    QTest::addRow("project size") << QStringList { u"serve"_s, u"--max-project-bytes"_s, u"-1"_s }
                                  << u"--max-project-bytes or KUMO_MAX_PROJECT_BYTES"_s;
    QTest::addRow("project files") << QStringList { u"serve"_s, u"--max-project-files"_s, u"0"_s }
                                   << u"the project file limit"_s;
    QTest::addRow("ratio") << QStringList { u"serve"_s, u"--max-compression-ratio"_s, u"1.5"_s }
                           << u"the compression ratio limit"_s;
    QTest::addRow("grace") << QStringList { u"serve"_s, u"--shutdown-grace"_s, u"7200"_s }
                           << u"the shutdown grace"_s;
    QTest::addRow("unknown option") << QStringList { u"serve"_s, u"--frobnicate"_s } << u"frobnicate"_s;
    QTest::addRow("unknown verb") << QStringList { u"launch"_s } << u"unknown command"_s;
}

void TestServe::invalidOptionsExitWithUsageError()
{
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    QTemporaryDir dir;
    QProcess process;
    process.setWorkingDirectory(dir.path());
    process.start(QStringLiteral(KUMO_BINARY), args);
    QVERIFY(process.waitForFinished(10000));
    QCOMPARE(process.exitCode(), 2);
    const QString stderrText = QString::fromUtf8(process.readAllStandardError());
    QVERIFY2(stderrText.contains(message), qPrintable(stderrText));
    QVERIFY(!QFileInfo::exists(dir.filePath(u"data"_s))); // nothing was created
}

void TestServe::killNineWithRunsActiveThenRestart()
{
    QTemporaryDir dir;
    const QString pidFile = dir.filePath(u"pids"_s);
    qint64 runId = 0;
    {
        // Set up the data directory with the engine library, then let go of it.
        EngineFixture f;
        f.dir->setAutoRemove(true);
        EngineConfig config;
        config.dataDir = dir.path();
        f.engine = std::make_unique<Engine>();
        QVERIFY(f.engine->open(config));
        Task spec = task(u"tree"_s, helper(u"grandchildren 2 '%1' 60000"_s.arg(pidFile)));
        spec.retries = 1;
        spec.retryIntervalSeconds = 0;
        const Task t = f.create(spec);
        Run run;
        run.taskId = t.id;
        run.reason = u"manual"_s;
        run.scheduledAt = QDateTime::currentMSecsSinceEpoch();
        QVERIFY(f.engine->runs().insert(run));
        runId = run.id;
    }

    Database db;
    QVERIFY(db.open(QDir(dir.path()).filePath(u"kumo.db"_s)));
    QList<qint64> firstTree;
    {
        Server server(dir.path());
        QVERIFY(server.waitForPort() > 0);
        QTRY_COMPARE_WITH_TIMEOUT(
            count(db, u"SELECT COUNT(*) FROM runs WHERE state = 'running'"_s), 1, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(readPids(pidFile).size(), 3, 10000);
        firstTree = readPids(pidFile);
        ::kill(server.process().processId(), SIGKILL);
        QVERIFY(server.process().waitForFinished(5000));
    }
    // Kumo is gone; its run's process tree lives on in its own session.
    for (qint64 pid : std::as_const(firstTree))
        QVERIFY2(alive(pid), "the orphaned tree should survive the server's death");
    QFile::remove(pidFile);

    Server restarted(dir.path(), { u"--shutdown-grace"_s, u"0"_s });
    const quint16 port = restarted.waitForPort();
    QVERIFY(port > 0);
    // The interrupted run is lost, its leftovers are killed, and it is retried.
    QCOMPARE(count(db, u"SELECT COUNT(*) FROM runs WHERE id = %1 AND state = 'lost'"_s.arg(runId)), 1);
    for (qint64 pid : std::as_const(firstTree))
        QTRY_VERIFY2_WITH_TIMEOUT(!alive(pid), qPrintable(u"pid %1 survived recovery"_s.arg(pid)), 5000);
    QTRY_COMPARE_WITH_TIMEOUT(
        count(db,
            u"SELECT COUNT(*) FROM runs WHERE attempt = 2 AND group_id = %1 AND state = 'running'"_s.arg(
                runId)),
        1, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(readPids(pidFile).size(), 3, 10000);
    const QList<qint64> secondTree = readPids(pidFile);

    // A graceful stop records the retry as cancelled and leaves no process behind.
    ::kill(restarted.process().processId(), SIGTERM);
    QVERIFY(restarted.process().waitForFinished(15000));
    QCOMPARE(restarted.process().exitCode(), 0);
    QCOMPARE(count(db, u"SELECT COUNT(*) FROM runs WHERE state IN ('running', 'queued')"_s), 0);
    QCOMPARE(count(db, u"SELECT COUNT(*) FROM runs WHERE attempt = 2 AND state = 'cancelled'"_s), 1);
    for (qint64 pid : secondTree)
        QTRY_VERIFY2_WITH_TIMEOUT(!alive(pid), qPrintable(u"pid %1 survived shutdown"_s.arg(pid)), 5000);
}

QTEST_GUILESS_MAIN(TestServe)
#include "tst_serve.moc"
