// SPDX-License-Identifier: MIT
#pragma once

#include "server/router.h"
#include "system/systemstats.h"

namespace Kumo {

class Engine;

/// Health, system stats, the audit trail and the cron preview.
class SystemHandler
{
public:
    explicit SystemHandler(Engine &engine);

    HttpResponse health(RequestContext &context);
    HttpResponse stats(RequestContext &context);
    HttpResponse audit(RequestContext &context);
    HttpResponse cronPreview(RequestContext &context);

    /// The stats object also streamed over the events socket.
    [[nodiscard]] QJsonObject statsJson();

private:
    Engine &m_engine;
    SystemStats m_stats;
};

} // namespace Kumo
