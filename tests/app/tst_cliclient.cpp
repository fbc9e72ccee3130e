// SPDX-License-Identifier: MIT
// Drives the `kumo` client verbs (login, logout, task, runs, logs) as a user would: the real
// `kumo` binary against a real `kumo serve` on a free port, each in its own process.
#include "clifixture.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

#include <memory>

using namespace Qt::StringLiterals;

namespace {

using KumoTest::CliResult;
using KumoTest::kProcessTimeoutMs;

int fileMode(const QString &path)
{
    struct stat info
    {
    };
    if (::stat(QFile::encodeName(path).constData(), &info) != 0)
        return -1;
    return int(info.st_mode & 0777);
}

} // namespace

class TestCliClient final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void loginStoresAPrivateToken();
    void wrongPasswordIsRefused();
    void usageErrorsExitWithTwo_data();
    void usageErrorsExitWithTwo();
    void unreachableServerIsNamed_data();
    void unreachableServerIsNamed();
    void taskLifecycle();
    void taskFromJsonBody();
    void invalidCronNamesTheField();
    void jsonOutputParses_data();
    void jsonOutputParses();
    void runWaitExitsWithTheRunsCode();
    void logsSeparateStdoutAndStderr();
    void runsFilterByState();
    void followPrintsARunStillWriting();
    void logoutRevokesTheToken();

private:
    /// Runs `kumo ARGS` with the test's stored login (KUMO_CONFIG) and @p input on stdin.
    CliResult kumo(const QStringList &args, const QByteArray &input = {}, const QStringList &env = {})
    {
        return m_cli.run(args, input, env);
    }
    /// Logs in with --password-stdin, storing the login at @p configPath.
    CliResult login(const QString &configPath, const QByteArray &password = KumoTest::kCliAdminPassword)
    {
        return m_cli.login(m_url, configPath, password);
    }
    /// Creates a task that only runs when asked and returns its id (0 on failure).
    qint64 addTask(const QString &name, const QString &command);
    /// Starts a run of @p task and returns its id (0 on failure).
    qint64 startRun(const QString &task);
    /// Waits until run @p runId has ended and returns its state.
    QString waitForEnd(qint64 runId);

    QTemporaryDir m_dir;
    std::unique_ptr<KumoTest::ServeProcess> m_server;
    KumoTest::CliRunner m_cli;
    QString m_url;
    QString m_config; // the login most tests use
};

void TestCliClient::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_server = std::make_unique<KumoTest::ServeProcess>(m_dir.filePath(u"data"_s));
    m_url = m_server->waitForUrl();
    QVERIFY2(!m_url.isEmpty(), "kumo serve did not start");
    // A directory that does not exist yet: login creates it private.
    m_config = m_dir.filePath(u"config/kumo/cli.json"_s);
    m_cli.configPath = m_config;
    const CliResult result = login(m_config);
    QVERIFY2(result.exitCode == 0, result.describe());
    QVERIFY(addTask(u"json task"_s, u"true"_s) > 0);
}

void TestCliClient::cleanupTestCase()
{
    m_server.reset();
}

qint64 TestCliClient::addTask(const QString &name, const QString &command)
{
    // New Year at midnight in Tonga: far enough away that only manual runs happen.
    const CliResult result = kumo({ u"task"_s, u"add"_s, u"--name"_s, name, u"--command"_s, command,
        u"--cron"_s, u"0 0 1 1 *"_s, u"--tz"_s, u"Pacific/Tongatapu"_s, u"--json"_s });
    if (result.exitCode != 0)
        qWarning("task add failed: %s", result.describe().constData());
    return result.json().value(u"id"_s).toInteger();
}

qint64 TestCliClient::startRun(const QString &task)
{
    const CliResult result = kumo({ u"task"_s, u"run"_s, task });
    if (result.exitCode != 0)
        qWarning("task run failed: %s", result.describe().constData());
    return result.out.trimmed().toLongLong();
}

QString TestCliClient::waitForEnd(qint64 runId)
{
    static const QStringList active { u"queued"_s, u"running"_s };
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < 15000) {
        const CliResult result = kumo({ u"runs"_s, u"--json"_s, u"--limit"_s, u"1000"_s });
        const QJsonArray items = result.json().value(u"items"_s).toArray();
        for (const QJsonValue &item : items) {
            const QString state = item[u"state"_s].toString();
            if (item[u"id"_s].toInteger() == runId && !active.contains(state))
                return state;
        }
        QTest::qWait(50);
    }
    return {};
}

void TestCliClient::loginStoresAPrivateToken()
{
    QCOMPARE(fileMode(m_config), 0600);
    QCOMPARE(fileMode(QFileInfo(m_config).absolutePath()), 0700);
    QFile file(m_config);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QJsonObject stored = QJsonDocument::fromJson(file.readAll()).object();
    QCOMPARE(stored.value(u"url"_s).toString(), m_url);
    const QString token = stored.value(u"token"_s).toString();
    QVERIFY2(token.startsWith(u"kumo_"_s), qPrintable(token.left(5)));

    // Signing in again replaces the token and never shows it.
    const QString again = m_dir.filePath(u"again.json"_s);
    const CliResult result = login(again);
    QVERIFY2(result.exitCode == 0, result.describe());
    QVERIFY2(result.outText().contains(u"Signed in to %1 as admin"_s.arg(m_url)), result.describe());
    QFile second(again);
    QVERIFY(second.open(QIODevice::ReadOnly));
    const QString secondToken
        = QJsonDocument::fromJson(second.readAll()).object().value(u"token"_s).toString();
    QVERIFY(!secondToken.isEmpty());
    QVERIFY(!result.out.contains(secondToken.toUtf8()));
    QVERIFY(!result.err.contains(secondToken.toUtf8()));

    // The token works on its own, without the file.
    const CliResult list = kumo({ u"task"_s, u"list"_s }, {},
        { u"KUMO_CONFIG="_s + m_dir.filePath(u"none.json"_s), u"KUMO_URL="_s + m_url,
            u"KUMO_TOKEN="_s + token });
    QVERIFY2(list.exitCode == 0, list.describe());
}

void TestCliClient::wrongPasswordIsRefused()
{
    const QString path = m_dir.filePath(u"wrong/cli.json"_s);
    const CliResult result = login(path, "not-the-password");
    QCOMPARE(result.exitCode, 1);
    QVERIFY2(result.errText().contains(u"wrong username or password"_s), result.describe());
    QVERIFY(!QFile::exists(path));
}

void TestCliClient::usageErrorsExitWithTwo_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message"); // part of stderr

    const QString task = u"task"_s;
    const QString add = u"add"_s;
    const QStringList named { task, add, u"--name"_s, u"x"_s, u"--command"_s, u"true"_s };
    QTest::addRow("unknown verb") << QStringList { u"frobnicate"_s } << u"unknown command \"frobnicate\""_s;
    QTest::addRow("unknown task command")
        << QStringList { task, u"launch"_s } << u"unknown command \"launch\""_s;
    QTest::addRow("unknown option") << QStringList { task, u"list"_s, u"--colour"_s } << u"colour"_s;
    QTest::addRow("unknown runs option") << QStringList { u"runs"_s, u"--since"_s, u"1"_s } << u"since"_s;
    QTest::addRow("no trigger") << named << u"--cron EXPR, --every SECONDS or --at RFC3339"_s;
    QTest::addRow("two triggers") << named + QStringList { u"--cron"_s, u"* * * * *"_s, u"--every"_s, u"5"_s }
                                  << u"one of --cron, --every and --at"_s;
    QTest::addRow("interval not a number") << named + QStringList { u"--every"_s, u"soon"_s } << u"--every"_s;
    QTest::addRow("retries not a number")
        << named + QStringList { u"--every"_s, u"5"_s, u"--retries"_s, u"many"_s } << u"--retries"_s;
    QTest::addRow("env without =") << named + QStringList { u"--every"_s, u"5"_s, u"--env"_s, u"DEBUG"_s }
                                   << u"NAME=VALUE"_s;
    QTest::addRow("no name or command")
        << QStringList { task, add, u"--every"_s, u"5"_s } << u"--name and --command"_s;
    QTest::addRow("edit without changes")
        << QStringList { task, u"edit"_s, u"x"_s } << u"nothing to change"_s;
    QTest::addRow("show without task") << QStringList { task, u"show"_s } << u"which task"_s;
    QTest::addRow("logs without run") << QStringList { u"logs"_s } << u"which run"_s;
    QTest::addRow("logs of a name") << QStringList { u"logs"_s, u"latest"_s } << u"whole number"_s;
    QTest::addRow("runs limit") << QStringList { u"runs"_s, u"--limit"_s, u"0"_s } << u"--limit"_s;
    QTest::addRow("login without URL") << QStringList { u"login"_s } << u"URL"_s;
    QTest::addRow("login to ftp") << QStringList { u"login"_s, u"ftp://example.org"_s } << u"http(s)"_s;
    QTest::addRow("password from stdin needs a user")
        << QStringList { u"login"_s, u"http://127.0.0.1:1"_s, u"--password-stdin"_s } << u"--username"_s;
}

void TestCliClient::usageErrorsExitWithTwo()
{
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    const CliResult result = kumo(args);
    QVERIFY2(result.exitCode == 2, result.describe());
    QVERIFY2(result.errText().contains(message), result.describe());
    QVERIFY(result.out.isEmpty());
}

void TestCliClient::unreachableServerIsNamed_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QByteArray>("input");
    QTest::addRow("task list") << QStringList { u"task"_s, u"list"_s } << QByteArray();
    QTest::addRow("logs") << QStringList { u"logs"_s, u"1"_s } << QByteArray();
    QTest::addRow("login") << QStringList { u"login"_s, u"URL"_s, u"--username"_s, u"admin"_s,
        u"--password-stdin"_s }
                           << QByteArray("secret\n");
}

void TestCliClient::unreachableServerIsNamed()
{
    QFETCH(QStringList, args);
    QFETCH(QByteArray, input);
    // A port that was free a moment ago: nothing listens there.
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    const QString url = u"http://127.0.0.1:%1"_s.arg(probe.serverPort());
    probe.close();
    args.replaceInStrings(u"URL"_s, url);
    const CliResult result = kumo(args, input, { u"KUMO_URL="_s + url });
    QVERIFY2(result.exitCode == 1, result.describe());
    QVERIFY2(result.errText().contains(u"cannot connect to "_s + url), result.describe());
}

void TestCliClient::taskLifecycle()
{
    const CliResult added = kumo({ u"task"_s, u"add"_s, u"--name"_s, u"nightly report"_s, u"--command"_s,
        u"python3 report.py"_s, u"--cron"_s, u"30 2 * * *"_s, u"--tz"_s, u"Asia/Shanghai"_s, u"--retries"_s,
        u"2"_s, u"--timeout"_s, u"600"_s, u"--env"_s, u"MODE=full"_s, u"--env"_s, u"LEVEL=3"_s,
        u"--workdir"_s, u"/tmp"_s });
    QVERIFY2(added.exitCode == 0, added.describe());
    QVERIFY2(added.outText().startsWith(u"Created task "_s), added.describe());

    const CliResult shown = kumo({ u"task"_s, u"show"_s, u"nightly report"_s, u"--json"_s });
    QVERIFY2(shown.exitCode == 0, shown.describe());
    QJsonObject task = shown.json();
    const qint64 id = task.value(u"id"_s).toInteger();
    QVERIFY(id > 0);
    QCOMPARE(task.value(u"command"_s).toString(), u"python3 report.py"_s);
    QCOMPARE(task.value(u"trigger"_s).toObject(),
        (QJsonObject { { u"type"_s, u"cron"_s }, { u"expression"_s, u"30 2 * * *"_s },
            { u"timezone"_s, u"Asia/Shanghai"_s } }));
    QCOMPARE(task.value(u"retries"_s).toInt(), 2);
    QCOMPARE(task.value(u"timeoutSeconds"_s).toInt(), 600);
    QCOMPARE(task.value(u"workingDir"_s).toString(), u"/tmp"_s);
    QCOMPARE(
        task.value(u"env"_s).toObject(), (QJsonObject { { u"MODE"_s, u"full"_s }, { u"LEVEL"_s, u"3"_s } }));

    // The human form, by id.
    const CliResult human = kumo({ u"task"_s, u"show"_s, QString::number(id) });
    QVERIFY2(human.exitCode == 0, human.describe());
    QVERIFY2(human.outText().contains(u"cron 30 2 * * * (Asia/Shanghai)"_s), human.describe());

    // The table: a header, then rows whose cells start under their headings.
    const CliResult listed = kumo({ u"task"_s, u"list"_s, u"--search"_s, u"nightly"_s });
    QVERIFY2(listed.exitCode == 0, listed.describe());
    const QStringList lines = listed.outText().split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 2);
    const QString header = lines.at(0);
    const QString row = lines.at(1);
    QVERIFY2(header.startsWith(u"ID "_s), qPrintable(header));
    for (const QString &column : { u"NAME"_s, u"TRIGGER"_s, u"ENABLED"_s, u"NEXT RUN"_s })
        QVERIFY2(header.contains(column), qPrintable(header));
    QCOMPARE(row.indexOf(u"nightly report"_s), header.indexOf(u"NAME"_s));
    QCOMPARE(row.indexOf(u"cron 30 2"_s), header.indexOf(u"TRIGGER"_s));
    QCOMPARE(row.indexOf(u"yes"_s), header.indexOf(u"ENABLED"_s));
    QVERIFY(row.startsWith(QString::number(id) + u' '));

    // Edit changes only what is given; --tz alone keeps the schedule.
    CliResult edited = kumo({ u"task"_s, u"edit"_s, u"nightly report"_s, u"--command"_s,
        u"python3 report.py --all"_s, u"--retries"_s, u"0"_s });
    QVERIFY2(edited.exitCode == 0, edited.describe());
    edited = kumo({ u"task"_s, u"edit"_s, QString::number(id), u"--tz"_s, u"Europe/Paris"_s, u"--json"_s });
    QVERIFY2(edited.exitCode == 0, edited.describe());
    task = edited.json();
    QCOMPARE(task.value(u"command"_s).toString(), u"python3 report.py --all"_s);
    QCOMPARE(task.value(u"retries"_s).toInt(), 0);
    QCOMPARE(task.value(u"timeoutSeconds"_s).toInt(), 600);
    QCOMPARE(task.value(u"trigger"_s).toObject(),
        (QJsonObject { { u"type"_s, u"cron"_s }, { u"expression"_s, u"30 2 * * *"_s },
            { u"timezone"_s, u"Europe/Paris"_s } }));

    // Pause and resume.
    const CliResult paused = kumo({ u"task"_s, u"pause"_s, u"nightly report"_s, u"--json"_s });
    QVERIFY2(paused.exitCode == 0, paused.describe());
    QCOMPARE(paused.json().value(u"enabled"_s).toBool(), false);
    QVERIFY(paused.json().value(u"nextRunAt"_s).isNull());
    const CliResult resumed = kumo({ u"task"_s, u"resume"_s, u"nightly report"_s });
    QVERIFY2(resumed.exitCode == 0, resumed.describe());
    QVERIFY2(resumed.outText().contains(u"next run"_s), resumed.describe());
    QCOMPARE(
        kumo({ u"task"_s, u"show"_s, u"nightly report"_s, u"--json"_s }).json().value(u"enabled"_s).toBool(),
        true);

    // Remove; the name no longer resolves and the id no longer exists.
    const CliResult removed = kumo({ u"task"_s, u"rm"_s, u"nightly report"_s });
    QVERIFY2(removed.exitCode == 0, removed.describe());
    CliResult missing = kumo({ u"task"_s, u"show"_s, u"nightly report"_s });
    QCOMPARE(missing.exitCode, 1);
    QVERIFY2(missing.errText().contains(u"no task is named \"nightly report\""_s), missing.describe());
    missing = kumo({ u"task"_s, u"rm"_s, QString::number(id) });
    QCOMPARE(missing.exitCode, 1);
    QVERIFY2(missing.errText().contains(u"task %1 does not exist"_s.arg(id)), missing.describe());
}

void TestCliClient::taskFromJsonBody()
{
    const QByteArray body = R"({"name": "from json", "command": "true", "maxInstances": 3,
        "trigger": {"type": "interval", "seconds": 86400}})";
    // Options override the fields of the body.
    const CliResult added
        = kumo({ u"task"_s, u"add"_s, u"--json-body"_s, u"-"_s, u"--disabled"_s, u"--json"_s }, body);
    QVERIFY2(added.exitCode == 0, added.describe());
    const QJsonObject task = added.json();
    QCOMPARE(task.value(u"name"_s).toString(), u"from json"_s);
    QCOMPARE(task.value(u"maxInstances"_s).toInt(), 3);
    QCOMPARE(task.value(u"enabled"_s).toBool(), false);
    QCOMPARE(task.value(u"trigger"_s).toObject().value(u"seconds"_s).toInt(), 86400);

    const CliResult broken = kumo({ u"task"_s, u"add"_s, u"--json-body"_s, u"-"_s }, "{not json");
    QCOMPARE(broken.exitCode, 2);
    QVERIFY2(broken.errText().contains(u"invalid JSON"_s), broken.describe());
}

void TestCliClient::invalidCronNamesTheField()
{
    const CliResult result = kumo({ u"task"_s, u"add"_s, u"--name"_s, u"bad cron"_s, u"--command"_s,
        u"true"_s, u"--cron"_s, u"61 * * * *"_s });
    QCOMPARE(result.exitCode, 1);
    QVERIFY2(result.errText().contains(u"trigger.expression: minute: value 61 out of range 0-59"_s),
        result.describe());
    QVERIFY(result.out.isEmpty());
    QCOMPARE(kumo({ u"task"_s, u"show"_s, u"bad cron"_s }).exitCode, 1); // nothing was created

    // Several problems at once: one line each.
    const CliResult several = kumo({ u"task"_s, u"add"_s, u"--name"_s, u"bad"_s, u"--command"_s, u"true"_s,
        u"--every"_s, u"60"_s, u"--retries"_s, u"1000"_s, u"--tz"_s, u"Mars/Olympus"_s });
    QCOMPARE(several.exitCode, 1);
    QVERIFY2(several.errText().contains(u"\n  retries: "_s), several.describe());
    QVERIFY2(several.errText().contains(u"\n  trigger.timezone: "_s), several.describe());
}

void TestCliClient::jsonOutputParses_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("key"); // a key the answer has
    QTest::addRow("task list") << QStringList { u"task"_s, u"list"_s, u"--json"_s } << u"items"_s;
    QTest::addRow("task show") << QStringList { u"task"_s, u"show"_s, u"json task"_s, u"--json"_s }
                               << u"trigger"_s;
    QTest::addRow("task pause") << QStringList { u"task"_s, u"pause"_s, u"json task"_s, u"--json"_s }
                                << u"enabled"_s;
    QTest::addRow("runs") << QStringList { u"runs"_s, u"--json"_s } << u"total"_s;
    QTest::addRow("runs of a task") << QStringList { u"runs"_s, u"--task"_s, u"json task"_s, u"--json"_s }
                                    << u"items"_s;
}

void TestCliClient::jsonOutputParses()
{
    QFETCH(QStringList, args);
    QFETCH(QString, key);
    const CliResult result = kumo(args);
    QVERIFY2(result.exitCode == 0, result.describe());
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(result.out, &error);
    QVERIFY2(error.error == QJsonParseError::NoError, result.describe());
    QVERIFY2(document.object().contains(key), result.describe());
}

void TestCliClient::runWaitExitsWithTheRunsCode()
{
    QVERIFY(addTask(u"exit three"_s, u"printf 'out\\n'; printf 'err\\n' >&2; exit 3"_s) > 0);
    const CliResult result = kumo({ u"task"_s, u"run"_s, u"exit three"_s, u"--wait"_s });
    QVERIFY2(result.exitCode == 3, result.describe());
    QCOMPARE(result.out, QByteArray("out\n"));
    QVERIFY2(result.err.contains("err\n"), result.describe());
    QVERIFY2(result.errText().contains(u"failed (exit code 3)"_s), result.describe());

    QVERIFY(addTask(u"fine"_s, u"echo fine"_s) > 0);
    const CliResult fine = kumo({ u"task"_s, u"run"_s, u"fine"_s, u"--wait"_s });
    QVERIFY2(fine.exitCode == 0, fine.describe());
    QCOMPARE(fine.out, QByteArray("fine\n"));
}

void TestCliClient::logsSeparateStdoutAndStderr()
{
    QVERIFY(addTask(u"two streams"_s, u"printf 'out\\n'; printf 'err\\n' >&2; printf 'out again\\n'"_s) > 0);
    const qint64 runId = startRun(u"two streams"_s);
    QVERIFY(runId > 0);
    QCOMPARE(waitForEnd(runId), u"succeeded"_s);

    const CliResult logs = kumo({ u"logs"_s, QString::number(runId) });
    QVERIFY2(logs.exitCode == 0, logs.describe());
    QCOMPARE(logs.out, QByteArray("out\nout again\n"));
    QCOMPARE(logs.err, QByteArray("err\n"));

    const CliResult tail = kumo({ u"logs"_s, QString::number(runId), u"--tail"_s, u"2"_s });
    QVERIFY2(tail.exitCode == 0, tail.describe());
    QCOMPARE(tail.out, QByteArray("out again\n"));
    QCOMPARE(tail.err, QByteArray("err\n"));

    const CliResult missing = kumo({ u"logs"_s, u"999999"_s });
    QCOMPARE(missing.exitCode, 1);
    QVERIFY2(missing.errText().contains(u"run 999999 does not exist"_s), missing.describe());
}

void TestCliClient::runsFilterByState()
{
    QVERIFY(addTask(u"passes"_s, u"true"_s) > 0);
    QVERIFY(addTask(u"fails"_s, u"exit 7"_s) > 0);
    const qint64 passed = startRun(u"passes"_s);
    const qint64 failed = startRun(u"fails"_s);
    QVERIFY(passed > 0 && failed > 0);
    QCOMPARE(waitForEnd(passed), u"succeeded"_s);
    QCOMPARE(waitForEnd(failed), u"failed"_s);

    const auto ids = [this](const QStringList &args) {
        QList<qint64> found;
        const CliResult result = kumo(QStringList { u"runs"_s, u"--json"_s } + args);
        const QJsonArray items = result.json().value(u"items"_s).toArray();
        for (const QJsonValue &item : items)
            found.append(item[u"id"_s].toInteger());
        return found;
    };
    QCOMPARE(ids({ u"--task"_s, u"passes"_s }), QList<qint64> { passed });
    QCOMPARE(ids({ u"--task"_s, u"fails"_s, u"--state"_s, u"failed"_s }), QList<qint64> { failed });
    QCOMPARE(ids({ u"--task"_s, u"fails"_s, u"--state"_s, u"succeeded"_s }), QList<qint64> {});
    const QList<qint64> either = ids({ u"--state"_s, u"succeeded,failed"_s, u"--limit"_s, u"1000"_s });
    QVERIFY(either.contains(passed) && either.contains(failed));

    // The table.
    const CliResult table = kumo({ u"runs"_s, u"--task"_s, u"fails"_s });
    QVERIFY2(table.exitCode == 0, table.describe());
    const QStringList lines = table.outText().split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 2);
    const QString header = lines.at(0);
    const QString row = lines.at(1);
    for (const QString &column :
        { u"ID"_s, u"TASK"_s, u"STATE"_s, u"ATTEMPT"_s, u"STARTED"_s, u"DURATION"_s, u"EXIT"_s })
        QVERIFY2(header.contains(column), qPrintable(header));
    QCOMPARE(row.indexOf(u"fails"_s), header.indexOf(u"TASK"_s));
    QCOMPARE(row.indexOf(u"failed"_s), header.indexOf(u"STATE"_s));
    QVERIFY2(row.endsWith(u" 7"_s), qPrintable(row));

    // The server checks the states.
    const CliResult bogus = kumo({ u"runs"_s, u"--state"_s, u"exploded"_s });
    QCOMPARE(bogus.exitCode, 1);
    QVERIFY2(bogus.errText().contains(u"'exploded' is not one of"_s), bogus.describe());
}

void TestCliClient::followPrintsARunStillWriting()
{
    // The run prints a line, then waits for the test to let it finish: the follower has to be
    // connected while it is still running.
    const QString gate = m_dir.filePath(u"gate"_s);
    const QString command
        = u"echo first; i=0; while [ ! -e '%1' ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i+1)); done; "
          "echo second >&2; sleep 0.2; echo third; exit 4"_s.arg(gate);
    QVERIFY(addTask(u"slow writer"_s, command) > 0);
    const qint64 runId = startRun(u"slow writer"_s);
    QVERIFY(runId > 0);

    QProcess follower;
    follower.setProcessEnvironment(m_cli.environment());
    follower.start(QStringLiteral(KUMO_BINARY), { u"logs"_s, QString::number(runId), u"--follow"_s });
    QByteArray out;
    QTRY_VERIFY_WITH_TIMEOUT((out += follower.readAllStandardOutput()).contains("first\n"), 10000);
    QVERIFY2(follower.state() == QProcess::Running, follower.readAllStandardError().constData());
    QVERIFY(QFile(gate).open(QIODevice::WriteOnly));
    QVERIFY(follower.waitForFinished(kProcessTimeoutMs));
    out += follower.readAllStandardOutput();
    const QByteArray err = follower.readAllStandardError();
    QCOMPARE(follower.exitCode(), 4);
    QCOMPARE(out, QByteArray("first\nthird\n"));
    QVERIFY2(err.startsWith("second\n"), err.constData());

    // Following a run that has ended prints its log and ends at once.
    const CliResult again = kumo({ u"logs"_s, QString::number(runId), u"-f"_s });
    QCOMPARE(again.exitCode, 4);
    QCOMPARE(again.out, QByteArray("first\nthird\n"));
    QVERIFY(again.err.startsWith("second\n"));
}

void TestCliClient::logoutRevokesTheToken()
{
    const QString path = m_dir.filePath(u"logout/cli.json"_s);
    QVERIFY(login(path).exitCode == 0);
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QString token = QJsonDocument::fromJson(file.readAll()).object().value(u"token"_s).toString();
    file.close();

    const CliResult out = kumo({ u"logout"_s }, {}, { u"KUMO_CONFIG="_s + path });
    QVERIFY2(out.exitCode == 0, out.describe());
    QVERIFY(!QFile::exists(path));

    const CliResult refused = kumo({ u"task"_s, u"list"_s }, {},
        { u"KUMO_CONFIG="_s + path, u"KUMO_URL="_s + m_url, u"KUMO_TOKEN="_s + token });
    QCOMPARE(refused.exitCode, 1);
    QVERIFY2(refused.errText().contains(u"kumo login"_s), refused.describe());

    const CliResult twice = kumo({ u"logout"_s }, {}, { u"KUMO_CONFIG="_s + path });
    QCOMPARE(twice.exitCode, 1);
    QVERIFY2(twice.errText().contains(u"not signed in"_s), twice.describe());
    // Without a login nor KUMO_URL, the client verbs say how to sign in.
    const CliResult none = kumo({ u"runs"_s }, {}, { u"KUMO_CONFIG="_s + path });
    QCOMPARE(none.exitCode, 1);
    QVERIFY2(none.errText().contains(u"not signed in"_s), none.describe());
}

QTEST_GUILESS_MAIN(TestCliClient)
#include "tst_cliclient.moc"
