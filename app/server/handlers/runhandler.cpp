// SPDX-License-Identifier: MIT
#include "server/handlers/runhandler.h"

#include "core/timeformat.h"
#include "engine.h"
#include "execution/logreader.h"
#include "server/handlers/handlerutil.h"
#include "server/queryreader.h"
#include "storage/runstore.h"

#include <QFile>
#include <QtConcurrent>

using namespace Qt::StringLiterals;

namespace Kumo {

namespace {

QJsonArray segmentsJson(const QList<LogSegment> &segments)
{
    QJsonArray list;
    for (const LogSegment &segment : segments) {
        list.append(QJsonObject {
            { u"offset"_s, segment.offset },
            { u"length"_s, segment.length },
            { u"stream"_s, segment.stream == OutputStream::Stderr ? u"stderr"_s : u"stdout"_s },
        });
    }
    return list;
}

} // namespace

HttpResponse RunHandler::list(RequestContext &context)
{
    QueryReader reader(context.request.query);
    RunQuery query;
    query.taskId = reader.id(u"task"_s);
    const QStringList states = reader.list(
        u"state"_s, [](const QString &name) { return runStateFromName(name).has_value(); },
        u"queued, running, succeeded, failed, timed_out, cancelled, lost, skipped, missed"_s);
    for (const QString &state : states)
        query.states.append(*runStateFromName(state));
    query.from = reader.instant(u"from"_s);
    query.to = reader.instant(u"to"_s);
    reader.paging(&query.limit, &query.offset);
    if (!reader.ok())
        return Problem::validation(reader.errors(), 400);
    const std::optional<RunPage> page = m_engine.runs().page(query);
    if (!page)
        return storageFailure(m_engine.runs().errorString());
    QJsonArray items;
    for (const Run &run : page->items)
        items.append(run.toJson());
    return pageResponse(items, page->total, query.limit, query.offset);
}

HttpResponse RunHandler::get(RequestContext &context)
{
    const std::optional<Run> run = m_engine.runs().get(context.id());
    if (!run)
        return Problem::notFound(u"run %1 does not exist"_s.arg(context.id()));
    return HttpResponse::json(run->toJson());
}

HttpResponse RunHandler::cancel(RequestContext &context)
{
    const std::optional<Run> run = m_engine.runs().get(context.id());
    if (!run)
        return Problem::notFound(u"run %1 does not exist"_s.arg(context.id()));
    context.audit.details.insert(u"taskId"_s, run->taskId);
    if (!isActive(run->state))
        return Problem::conflict(
            u"run %1 has already ended (%2)"_s.arg(run->id).arg(runStateName(run->state)));
    QString error;
    if (!m_engine.cancelRun(run->id, &error))
        return Problem::conflict(error);
    const std::optional<Run> now = m_engine.runs().get(run->id);
    return HttpResponse::json((now ? *now : *run).toJson(), 202);
}

HttpResponse RunHandler::remove(RequestContext &context)
{
    const TaskResult result = m_engine.deleteRun(context.id());
    if (!result.ok())
        return failureResponse(result.status, result.message, result.errors);
    context.audit.details.insert(u"taskId"_s, result.run->taskId);
    return HttpResponse::noContent();
}

HttpResponse RunHandler::log(RequestContext &context)
{
    const std::optional<Run> run = m_engine.runs().get(context.id());
    if (!run)
        return Problem::notFound(u"run %1 does not exist"_s.arg(context.id()));
    QueryReader reader(context.request.query);
    const bool wantsTail = context.request.query.hasQueryItem(u"tail"_s);
    const int tail = reader.integer(u"tail"_s, 100, 1, 100000);
    const int offset = reader.integer(u"offset"_s, 0, 0, std::numeric_limits<int>::max());
    const int limit = reader.integer(u"limit"_s, int(kDefaultLogChunk), 1, int(kMaxLogChunk));
    if (!reader.ok())
        return Problem::validation(reader.errors(), 400);
    const LogChunk chunk = wantsTail ? LogReader::tail(run->logPath, tail, kMaxLogChunk)
                                     : LogReader::read(run->logPath, offset, limit);
    return HttpResponse::json(QJsonObject {
        { u"runId"_s, run->id },
        { u"state"_s, runStateName(run->state) },
        { u"offset"_s, chunk.offset },
        { u"nextOffset"_s, chunk.end },
        { u"size"_s, chunk.size },
        { u"complete"_s, !isActive(run->state) && chunk.end >= chunk.size },
        { u"truncated"_s, run->logTruncated },
        { u"text"_s, QString::fromUtf8(chunk.data) },
        { u"segments"_s, segmentsJson(chunk.segments) },
    });
}

HttpResponse RunHandler::downloadLog(RequestContext &context)
{
    const std::optional<Run> run = m_engine.runs().get(context.id());
    if (!run)
        return Problem::notFound(u"run %1 does not exist"_s.arg(context.id()));
    QFile file(run->logPath);
    QByteArray data;
    if (!run->logPath.isEmpty() && file.open(QIODevice::ReadOnly))
        data = file.readAll();
    HttpResponse response = HttpResponse::bytes(data, "text/plain; charset=utf-8");
    response.setHeader(
        "Content-Disposition", "attachment; filename=\"run-" + QByteArray::number(run->id) + ".log\"");
    return response;
}

HttpResponse RunHandler::searchLog(RequestContext &context)
{
    const std::optional<Run> run = m_engine.runs().get(context.id());
    if (!run)
        return Problem::notFound(u"run %1 does not exist"_s.arg(context.id()));
    QueryReader reader(context.request.query);
    const QString needle = reader.text(u"q"_s, 500);
    const bool regex = reader.flag(u"regex"_s).value_or(false);
    const bool caseSensitive = reader.flag(u"caseSensitive"_s).value_or(false);
    const int limit = reader.integer(u"limit"_s, 200, 1, 5000);
    if (!reader.ok())
        return Problem::validation(reader.errors(), 400);
    if (needle.isEmpty())
        return Problem::validation({ { u"q"_s, u"give the text to search for"_s } }, 400);
    // A regular expression over a 10 MiB log can take a while: off the event loop, bounded.
    std::shared_ptr<DeferredReply> reply = context.defer();
    QtConcurrent::run([path = run->logPath, needle, regex, caseSensitive, limit] {
        QString error;
        LogSearchResult result = LogReader::search(
            path, needle, regex, caseSensitive, limit, QDeadlineTimer(kSearchDeadlineMs), &error);
        return std::make_pair(std::move(result), error);
    }).then(m_context, [reply](const std::pair<LogSearchResult, QString> &outcome) {
        const auto &[result, error] = outcome;
        if (!error.isEmpty()) {
            reply->send(Problem::validation({ { u"q"_s, error } }, 400));
            return;
        }
        QJsonArray matches;
        for (const LogMatch &match : result.matches) {
            matches.append(QJsonObject {
                { u"line"_s, match.line },
                { u"offset"_s, match.offset },
                { u"stream"_s, match.stream == OutputStream::Stderr ? u"stderr"_s : u"stdout"_s },
                { u"text"_s, match.text },
            });
        }
        reply->send(HttpResponse::json(QJsonObject { { u"matches"_s, matches },
            { u"limited"_s, result.limited }, { u"timedOut"_s, result.timedOut } }));
    });
    return {};
}

HttpResponse RunHandler::samples(RequestContext &context)
{
    const std::optional<Run> run = m_engine.runs().get(context.id());
    if (!run)
        return Problem::notFound(u"run %1 does not exist"_s.arg(context.id()));
    QJsonArray items;
    for (const ResourceSample &sample : m_engine.runs().samples(run->id)) {
        items.append(QJsonObject {
            { u"at"_s, toRfc3339(sample.atMs) },
            { u"cpuPercent"_s, sample.cpuPercent },
            { u"rssBytes"_s, sample.rssBytes },
        });
    }
    return HttpResponse::json(QJsonObject { { u"runId"_s, run->id }, { u"items"_s, items } });
}

} // namespace Kumo
