// SPDX-License-Identifier: MIT
#pragma once

#include "server/router.h"

namespace Kumo {

class Engine;

/// /api/runs: history with filters, one run, cancel, delete, its log (read, follow by offset,
/// tail, search, download) and its resource timeline.
class RunHandler
{
public:
    explicit RunHandler(Engine &engine)
        : m_engine(engine)
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

private:
    Engine &m_engine;
};

} // namespace Kumo
