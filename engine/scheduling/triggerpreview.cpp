// SPDX-License-Identifier: MIT
#include "scheduling/triggerpreview.h"

#include <QDateTime>

namespace Kumo {

QList<FirePreview> previewFires(const TriggerSpec &spec, qint64 fromMs, int count)
{
    QList<FirePreview> fires;
    const std::unique_ptr<Trigger> trigger = Trigger::create(spec);
    const std::optional<QTimeZone> zone = zoneFor(spec.timezone);
    if (!trigger || !zone)
        return fires;
    int previousOffset = zone->offsetFromUtc(QDateTime::fromMSecsSinceEpoch(fromMs, QTimeZone::utc()));
    qint64 cursor = fromMs;
    while (fires.size() < count) {
        const std::optional<qint64> next = trigger->nextFireAfter(cursor);
        if (!next)
            break;
        const QDateTime local = QDateTime::fromMSecsSinceEpoch(*next, *zone);
        FirePreview fire;
        fire.atMs = *next;
        fire.utcOffsetSeconds = local.offsetFromUtc();
        fire.localTime = local.toString(*next % 1000 ? Qt::ISODateWithMs : Qt::ISODate);
        fire.offsetChanged = fire.utcOffsetSeconds != previousOffset;
        previousOffset = fire.utcOffsetSeconds;
        fires.append(fire);
        cursor = *next;
    }
    return fires;
}

} // namespace Kumo
