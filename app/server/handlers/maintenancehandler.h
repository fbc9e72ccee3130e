// SPDX-License-Identifier: MIT
#pragma once

#include "server/router.h"

namespace Kumo {

class Engine;

/// /api/maintenance: the data consistency report and its cleanup.
class MaintenanceHandler
{
public:
    explicit MaintenanceHandler(Engine &engine)
        : m_engine(engine)
    { }

    HttpResponse report(RequestContext &context);
    HttpResponse cleanup(RequestContext &context);

private:
    Engine &m_engine;
};

} // namespace Kumo
