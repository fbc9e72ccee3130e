// SPDX-License-Identifier: MIT
#pragma once

#include "server/router.h"

class QObject;

namespace Kumo {

class Engine;

/// /api/runs: history with filters, one run, cancel, delete, its log (read, follow by offset,
/// tail, search, download) and its resource timeline.
class RunHandler
{
public:
    /// Searches run on a worker thread and answer on @p context's thread.
    RunHandler(Engine &engine, QObject *context)
        : m_engine(engine)
        , m_context(context)
    { }

    HttpResponse list(RequestContext &context);
    HttpResponse get(RequestContext &context);
    HttpResponse cancel(RequestContext &context);
    HttpResponse remove(RequestContext &context);
    HttpResponse log(RequestContext &context);
    HttpResponse downloadLog(RequestContext &context);
    HttpResponse searchLog(RequestContext &context);
    HttpResponse samples(RequestContext &context);

    static constexpr qint64 kDefaultLogChunk = 256 * 1024;
    static constexpr qint64 kMaxLogChunk = 4 * 1024 * 1024;

    static constexpr int kSearchDeadlineMs = 5000;

private:
    Engine &m_engine;
    QObject *m_context;
};

} // namespace Kumo
