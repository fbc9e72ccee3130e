// SPDX-License-Identifier: MIT
#include "cli/runsverb.h"

#include "cli/apiclient.h"
#include "cli/clientconfig.h"
#include "cli/clientverb.h"
#include "cli/taskverb.h"
#include "cli/texttable.h"
#include "core/timeformat.h"

#include <QCommandLineParser>
#include <QDateTime>
#include <QEventLoop>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTimer>
#include <QWebSocket>

#include <algorithm>
#include <memory>

using namespace Qt::StringLiterals;

namespace Kumo::Cli {

namespace {

constexpr qint64 kLogPageBytes = 1024 * 1024;
constexpr int kConnectTimeoutMs = 30000;

QString runsUsage()
{
    return u"Usage: kumo runs [--task ID|NAME] [--state S[,S]] [--limit N] [--json]\n"
           "\n"
           "Lists runs, newest first: ID, TASK, STATE, ATTEMPT, STARTED, DURATION, EXIT.\n"
           "\n"
           "  --task ID|NAME   only the runs of this task (a whole number is an id)\n"
           "  --state S[,S]    only runs in these states: queued, running, succeeded, failed,\n"
           "                   timed_out, cancelled, lost, skipped, missed\n"
           "  --limit N        at most N runs, 1-1000 (default 50)\n"
           "  --json           print the server's JSON instead of a table\n"_s;
}

QString logsUsage()
{
    return u"Usage: kumo logs RUN [--follow] [--tail N]\n"
           "\n"
           "Prints the log of run RUN: what the run wrote to stdout goes to stdout, what it wrote to\n"
           "stderr goes to stderr.\n"
           "\n"
           "  -f, --follow   keep printing as the run writes, until it ends; the exit status is then\n"
           "                 the run's (0 when it succeeded, its exit code, else 1)\n"
           "  --tail N       start with the last N lines instead of the beginning\n"_s;
}

/// Writes a log chunk ({offset, nextOffset, text, segments}) to stdout and stderr, each byte
/// range to the stream the run wrote it to.
void writeLogChunk(const QJsonObject &chunk)
{
    const QByteArray data = chunk.value(u"text"_s).toString().toUtf8();
    const qint64 start = chunk.value(u"offset"_s).toInteger();
    const qint64 end = chunk.value(u"nextOffset"_s).toInteger(start + data.size());
    const QJsonArray segments = chunk.value(u"segments"_s).toArray();
    if (end - start != data.size()) {
        // Bytes that were not UTF-8 came back as replacement characters of another length: the
        // byte ranges no longer line up, so keep the text together on stdout.
        writeStream(stdout, data);
        return;
    }
    qint64 position = 0;
    for (const QJsonValue &segment : segments) {
        const qint64 from
            = std::clamp(segment[u"offset"_s].toInteger() - start, position, qint64(data.size()));
        const qint64 to = std::clamp(from + segment[u"length"_s].toInteger(), from, qint64(data.size()));
        // Ranges that no segment names were written to stdout.
        writeStream(stdout, data.mid(position, from - position));
        writeStream(
            segment[u"stream"_s].toString() == u"stderr"_s ? stderr : stdout, data.mid(from, to - from));
        position = to;
    }
    writeStream(stdout, data.mid(position));
}

QString exitText(const QJsonObject &run)
{
    const QJsonValue code = run.value(u"exitCode"_s);
    if (code.isDouble())
        return QString::number(code.toInteger());
    const QJsonValue signal = run.value(u"signal"_s);
    if (signal.isDouble())
        return u"sig %1"_s.arg(signal.toInteger());
    return u"-"_s;
}

QString durationText(const QJsonObject &run)
{
    const std::optional<qint64> started = parseRfc3339(run.value(u"startedAt"_s).toString());
    if (!started)
        return u"-"_s;
    const std::optional<qint64> finished = parseRfc3339(run.value(u"finishedAt"_s).toString());
    return formatDuration(finished.value_or(QDateTime::currentMSecsSinceEpoch()) - *started);
}

/// "run 12 failed (exit code 3)", for a run that did not succeed.
QString endText(const QJsonObject &run)
{
    QString text = u"run %1 %2"_s.arg(run.value(u"id"_s).toInteger()).arg(run.value(u"state"_s).toString());
    if (run.value(u"exitCode"_s).isDouble())
        text += u" (exit code %1)"_s.arg(run.value(u"exitCode"_s).toInteger());
    else if (run.value(u"signal"_s).isDouble())
        text += u" (signal %1)"_s.arg(run.value(u"signal"_s).toInteger());
    if (const QString error = run.value(u"error"_s).toString(); !error.isEmpty())
        text += u": "_s + error;
    return text;
}

std::optional<qint64> parseRunId(const QString &text)
{
    bool ok = false;
    const qint64 id = text.toLongLong(&ok);
    if (!ok || id <= 0)
        return std::nullopt;
    return id;
}

} // namespace

int runExitStatus(const QJsonObject &run)
{
    if (run.value(u"state"_s).toString() == u"succeeded"_s)
        return 0;
    const qint64 code = run.value(u"exitCode"_s).toInteger(0);
    return code >= 1 && code <= 255 ? int(code) : 1;
}

int followRun(ApiClient &client, qint64 runId, qint64 offset, const QString &verb)
{
    QWebSocket socket;
    QEventLoop loop;
    QTimer connectTimer;
    connectTimer.setSingleShot(true);
    std::optional<int> status;
    QString failure;
    const QString server = client.baseUrl().toString(QUrl::RemoveUserInfo);
    const auto stop = [&](const QString &why) {
        if (!status && failure.isEmpty())
            failure = why;
        loop.quit();
    };

    QObject::connect(&connectTimer, &QTimer::timeout, &loop,
        [&] { stop(u"no answer from %1 within %2 s"_s.arg(server).arg(kConnectTimeoutMs / 1000)); });
    QObject::connect(&socket, &QWebSocket::connected, &loop, [&] {
        connectTimer.stop();
        const QJsonObject follow { { u"type"_s, u"follow"_s }, { u"runId"_s, runId },
            { u"offset"_s, offset } };
        socket.sendTextMessage(QString::fromUtf8(QJsonDocument(follow).toJson(QJsonDocument::Compact)));
    });
    QObject::connect(&socket, &QWebSocket::textMessageReceived, &loop, [&](const QString &text) {
        const QJsonObject message = QJsonDocument::fromJson(text.toUtf8()).object();
        const QString type = message.value(u"type"_s).toString();
        const QJsonValue messageRun = message.value(u"runId"_s);
        if (type == u"error"_s && (messageRun.isUndefined() || messageRun.toInteger() == runId)) {
            stop(message.value(u"message"_s).toString());
        } else if (messageRun.toInteger() != runId) {
            return; // hello, and the state changes of every run
        } else if (type == u"log"_s) {
            writeLogChunk(message);
        } else if (type == u"end"_s) {
            const QJsonObject run = message.value(u"run"_s).toObject();
            status = runExitStatus(run);
            if (*status != 0)
                std::fprintf(stderr, "kumo %s: %s\n", qUtf8Printable(verb), qUtf8Printable(endText(run)));
            socket.close();
            loop.quit();
        }
    });
    QObject::connect(&socket, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), &loop,
        [&](QAbstractSocket::SocketError) {
            stop(u"cannot follow the log at %1: %2"_s.arg(server, socket.errorString()));
        });
    QObject::connect(&socket, &QWebSocket::disconnected, &loop, [&] {
        stop(u"the server at %1 closed the connection before run %2 ended"_s.arg(server).arg(runId));
    });

    connectTimer.start(kConnectTimeoutMs);
    socket.open(client.eventsRequest());
    loop.exec();
    socket.disconnect(&loop);
    if (status)
        return *status;
    return fail(verb, failure);
}

int runRunsVerb(const QStringList &args)
{
    const QString verb = u"runs"_s;
    QCommandLineParser parser;
    const QCommandLineOption taskOption(u"task"_s, u"Only this task's runs."_s, u"ID|NAME"_s);
    const QCommandLineOption stateOption(u"state"_s, u"Only runs in these states."_s, u"S[,S]"_s);
    const QCommandLineOption limitOption(u"limit"_s, u"At most N runs."_s, u"N"_s);
    const QCommandLineOption jsonOption(u"json"_s, u"Print JSON."_s);
    parser.addOptions({ taskOption, stateOption, limitOption, jsonOption });
    if (const std::optional<int> done = parseVerbArguments(parser, verb, args, runsUsage()))
        return *done;
    if (!parser.positionalArguments().isEmpty())
        return usageError(
            verb, u"unexpected argument \"%1\""_s.arg(parser.positionalArguments().constFirst()));
    QUrlQuery query;
    if (parser.isSet(limitOption)) {
        bool ok = false;
        const int limit = parser.value(limitOption).toInt(&ok);
        if (!ok || limit < 1)
            return usageError(verb, u"--limit needs a whole number of 1 or more"_s);
        query.addQueryItem(u"limit"_s, QString::number(limit));
    }
    if (parser.isSet(stateOption))
        query.addQueryItem(u"state"_s, parser.value(stateOption));

    const std::unique_ptr<ApiClient> client = openClient(verb);
    if (!client)
        return kExitFailure;
    QHash<qint64, QString> taskNames;
    if (parser.isSet(taskOption)) {
        const std::optional<qint64> taskId = resolveTask(*client, parser.value(taskOption), verb);
        if (!taskId)
            return kExitFailure;
        query.addQueryItem(u"task"_s, QString::number(*taskId));
    }
    const ApiReply reply = client->get(u"/api/runs"_s, query);
    if (!reply.ok())
        return reportFailure(verb, reply);
    const QJsonObject page = reply.json();
    if (parser.isSet(jsonOption)) {
        printJson(page);
        return 0;
    }

    TextTable table({ u"ID"_s, u"TASK"_s, u"STATE"_s, u"ATTEMPT"_s, u"STARTED"_s, u"DURATION"_s, u"EXIT"_s });
    const QJsonArray items = page.value(u"items"_s).toArray();
    for (const QJsonValue &item : items) {
        const QJsonObject run = item.toObject();
        const qint64 taskId = run.value(u"taskId"_s).toInteger();
        if (!taskNames.contains(taskId)) {
            const ApiReply task = client->get(u"/api/tasks/%1"_s.arg(taskId));
            // A deleted task keeps its runs: show its id.
            taskNames.insert(
                taskId, task.ok() ? task.json().value(u"name"_s).toString() : u"#%1"_s.arg(taskId));
        }
        table.addRow({ QString::number(run.value(u"id"_s).toInteger()), taskNames.value(taskId),
            run.value(u"state"_s).toString(), QString::number(run.value(u"attempt"_s).toInteger()),
            formatInstant(run.value(u"startedAt"_s)), durationText(run), exitText(run) });
    }
    printOut(table.toString());
    const qint64 total = page.value(u"total"_s).toInteger();
    if (total > items.size())
        std::fprintf(stderr, "(%lld of %lld runs; see --limit)\n", qlonglong(items.size()), qlonglong(total));
    return 0;
}

int runLogsVerb(const QStringList &args)
{
    const QString verb = u"logs"_s;
    QCommandLineParser parser;
    const QCommandLineOption followOption({ u"f"_s, u"follow"_s }, u"Follow until the run ends."_s);
    const QCommandLineOption tailOption(u"tail"_s, u"Start with the last N lines."_s, u"N"_s);
    parser.addOptions({ followOption, tailOption });
    if (const std::optional<int> done = parseVerbArguments(parser, verb, args, logsUsage()))
        return *done;
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 1)
        return usageError(verb, positional.isEmpty() ? u"which run? Give its id"_s : u"give one run id"_s);
    const std::optional<qint64> runId = parseRunId(positional.constFirst());
    if (!runId)
        return usageError(verb, u"a run id is a whole number, got \"%1\""_s.arg(positional.constFirst()));
    int tail = 0;
    if (parser.isSet(tailOption)) {
        bool ok = false;
        tail = parser.value(tailOption).toInt(&ok);
        if (!ok || tail < 1)
            return usageError(verb, u"--tail needs a whole number of lines, 1 or more"_s);
    }

    const std::unique_ptr<ApiClient> client = openClient(verb);
    if (!client)
        return kExitFailure;
    const QString logPath = u"/api/runs/%1/log"_s.arg(*runId);
    qint64 offset = 0;
    if (tail > 0) {
        const ApiReply reply = client->get(logPath, QUrlQuery { { u"tail"_s, QString::number(tail) } });
        if (!reply.ok())
            return reportFailure(verb, reply);
        const QJsonObject chunk = reply.json();
        writeLogChunk(chunk);
        offset = chunk.value(u"nextOffset"_s).toInteger();
    } else if (parser.isSet(followOption)) {
        // The WebSocket answers an unknown run with an error; asking first gives the usual
        // messages for a missing run or a rejected token.
        const ApiReply reply = client->get(u"/api/runs/%1"_s.arg(*runId));
        if (!reply.ok())
            return reportFailure(verb, reply);
    } else {
        // Page through the log as it is now; a run still writing may add more (see --follow).
        for (;;) {
            const ApiReply reply = client->get(logPath,
                QUrlQuery { { u"offset"_s, QString::number(offset) },
                    { u"limit"_s, QString::number(kLogPageBytes) } });
            if (!reply.ok())
                return reportFailure(verb, reply);
            const QJsonObject chunk = reply.json();
            writeLogChunk(chunk);
            const qint64 next = chunk.value(u"nextOffset"_s).toInteger();
            if (next <= offset || next >= chunk.value(u"size"_s).toInteger())
                break;
            offset = next;
        }
    }
    if (!parser.isSet(followOption))
        return 0;
    return followRun(*client, *runId, offset, verb);
}

} // namespace Kumo::Cli
