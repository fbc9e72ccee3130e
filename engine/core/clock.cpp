// SPDX-License-Identifier: MIT
#include "core/clock.h"

#include <QDateTime>

namespace Kumo {

qint64 SystemClock::nowMs() const
{
    return QDateTime::currentMSecsSinceEpoch();
}

SystemClock *SystemClock::instance()
{
    static SystemClock clock;
    return &clock;
}

} // namespace Kumo
