// SPDX-License-Identifier: MIT
#pragma once

#include "server/router.h"

class QObject;

namespace Kumo {

class Engine;

/// /api/python/interpreters, /api/environments and /api/env-operations: the interpreters on
/// the machine, Python environments, their packages and the operations that change them.
/// Slow answers (discovery, probing, pip list) are deferred and sent on @p context's thread.
class EnvironmentHandler
{
public:
    EnvironmentHandler(Engine &engine, QObject *context)
        : m_engine(engine)
        , m_context(context)
    { }

    HttpResponse listInterpreters(RequestContext &context);
    HttpResponse refreshInterpreters(RequestContext &context);
    HttpResponse addInterpreter(RequestContext &context);
    HttpResponse removeInterpreter(RequestContext &context);

    HttpResponse list(RequestContext &context);
    HttpResponse create(RequestContext &context);
    HttpResponse get(RequestContext &context);
    HttpResponse remove(RequestContext &context);
    HttpResponse reset(RequestContext &context);
    HttpResponse packages(RequestContext &context);
    HttpResponse changePackages(RequestContext &context);
    HttpResponse operations(RequestContext &context);
    HttpResponse freezes(RequestContext &context);
    HttpResponse freeze(RequestContext &context);

    HttpResponse operation(RequestContext &context);
    HttpResponse operationLog(RequestContext &context);
    HttpResponse cancelOperation(RequestContext &context);

    /// GET /api/runs/{id}/environment-changes: the packages that changed in the run's
    /// environment since it ran.
    HttpResponse runEnvironmentChanges(RequestContext &context);

private:
    Engine &m_engine;
    QObject *m_context;
};

} // namespace Kumo
