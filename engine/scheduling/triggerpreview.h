// SPDX-License-Identifier: MIT
#pragma once

#include "scheduling/trigger.h"

#include <QList>

namespace Kumo {

/// One upcoming fire as a person wants to see it: the instant, its wall time in the trigger's
/// zone, and whether the zone's UTC offset changed since the previous fire (a DST shift).
struct FirePreview
{
    qint64 atMs = 0;
    QString localTime; // "2026-03-08T03:00:00-04:00"
    int utcOffsetSeconds = 0;
    bool offsetChanged = false;
};

/// The next @p count fires of @p spec strictly after @p fromMs (fewer when it stops firing).
[[nodiscard]] QList<FirePreview> previewFires(const TriggerSpec &spec, qint64 fromMs, int count);

} // namespace Kumo
