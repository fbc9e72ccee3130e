// SPDX-License-Identifier: MIT
#pragma once

#include "server/router.h"

namespace Kumo {

class Engine;

/// /api/tasks: list, create, read, change, delete, run now, pause, resume.
class TaskHandler
{
public:
    explicit TaskHandler(Engine &engine)
        : m_engine(engine)
    { }

    HttpResponse list(RequestContext &context);
    HttpResponse create(RequestContext &context);
    HttpResponse get(RequestContext &context);
    HttpResponse update(RequestContext &context);
    HttpResponse remove(RequestContext &context);
    HttpResponse runNow(RequestContext &context);
    HttpResponse pause(RequestContext &context);
    HttpResponse resume(RequestContext &context);

private:
    HttpResponse setEnabled(RequestContext &context, bool enabled);

    Engine &m_engine;
};

} // namespace Kumo
