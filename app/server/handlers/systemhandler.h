// SPDX-License-Identifier: MIT
#pragma once

#include "server/router.h"
#include <QMap>

namespace Kumo {

class Engine;

/// Health, system stats, the audit trail and the cron preview.
class SystemHandler
{
public:
    explicit SystemHandler(Engine &engine);

    HttpResponse health(RequestContext &context);
    HttpResponse stats(RequestContext &context);
    /// GET /api/system/history?minutes=N: the monitor's samples of the last N minutes (≤ 60).
    HttpResponse history(RequestContext &context);
    /// GET /metrics in the Prometheus text format; @p responses are the API's answers by status.
    [[nodiscard]] HttpResponse metrics(const QMap<int, quint64> &responses);
    HttpResponse audit(RequestContext &context);
    HttpResponse cronPreview(RequestContext &context);

    /// The stats object also streamed over the events socket.
    [[nodiscard]] QJsonObject statsJson();

private:
    Engine &m_engine;
};

} // namespace Kumo
