// SPDX-License-Identifier: MIT
#include "scheduling/wallclocktimer.h"

#include <QSocketNotifier>

#include <cstdint>
#include <sys/timerfd.h>
#include <unistd.h>

namespace Kumo {

WallClockTimer::WallClockTimer(QObject *parent)
    : QObject(parent)
    , m_fd(::timerfd_create(CLOCK_REALTIME, TFD_NONBLOCK | TFD_CLOEXEC))
{
    if (m_fd < 0)
        return;
    m_notifier = new QSocketNotifier(m_fd, QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &WallClockTimer::onActivated);
}

WallClockTimer::~WallClockTimer()
{
    if (m_fd >= 0)
        ::close(m_fd);
}

void WallClockTimer::start(qint64 wallMs)
{
    itimerspec spec {};
    // An all-zero it_value would disarm the timer; the epoch's first nanosecond means "now".
    spec.it_value.tv_sec = std::max<qint64>(0, wallMs / 1000);
    spec.it_value.tv_nsec = wallMs > 0 ? (wallMs % 1000) * 1000000 : 1;
    ::timerfd_settime(m_fd, TFD_TIMER_ABSTIME, &spec, nullptr);
}

void WallClockTimer::stop()
{
    const itimerspec disarmed {};
    ::timerfd_settime(m_fd, 0, &disarmed, nullptr);
}

void WallClockTimer::onActivated()
{
    std::uint64_t expirations = 0;
    if (::read(m_fd, &expirations, sizeof expirations) == sizeof expirations)
        Q_EMIT timeout();
}

} // namespace Kumo
