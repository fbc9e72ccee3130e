// SPDX-License-Identifier: MIT
#pragma once

#include "server/router.h"

namespace Kumo {

class Engine;

/// /api/env-vars: system environment variables, PLAIN or SECRET, by scope. Secret values are
/// never answered (the mask instead) nor audited; the master key can be rotated.
class EnvVarHandler
{
public:
    explicit EnvVarHandler(Engine &engine)
        : m_engine(engine)
    { }

    HttpResponse list(RequestContext &context);
    HttpResponse create(RequestContext &context);
    HttpResponse get(RequestContext &context);
    HttpResponse update(RequestContext &context);
    HttpResponse remove(RequestContext &context);
    HttpResponse rotateKey(RequestContext &context);

private:
    Engine &m_engine;
};

} // namespace Kumo
