// SPDX-License-Identifier: MIT
#include "scheduling/clockjumpdetector.h"

#include "core/logging.h"

#include <QSocketNotifier>

#include <cerrno>
#include <cstdint>
#include <sys/timerfd.h>
#include <unistd.h>

namespace Kumo {

ClockJumpDetector::ClockJumpDetector(QObject *parent)
    : QObject(parent)
{
    m_fd = ::timerfd_create(CLOCK_REALTIME, TFD_NONBLOCK | TFD_CLOEXEC);
    if (m_fd < 0) {
        qCWarning(lcScheduler) << "clock jump detection unavailable:" << strerror(errno);
        return;
    }
    m_notifier = new QSocketNotifier(m_fd, QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &ClockJumpDetector::onActivated);
    rearm();
}

ClockJumpDetector::~ClockJumpDetector()
{
    if (m_fd >= 0)
        ::close(m_fd);
}

void ClockJumpDetector::rearm()
{
    // An absolute expiry far in the future: the read only ever returns because the clock was set.
    itimerspec spec {};
    spec.it_value.tv_sec = std::numeric_limits<time_t>::max() / 2;
    if (::timerfd_settime(m_fd, TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET, &spec, nullptr) < 0)
        qCWarning(lcScheduler) << "cannot arm clock jump detection:" << strerror(errno);
}

void ClockJumpDetector::onActivated()
{
    std::uint64_t expirations = 0;
    const ssize_t n = ::read(m_fd, &expirations, sizeof expirations);
    if (n < 0 && errno == ECANCELED) {
        qCInfo(lcScheduler) << "wall clock was set; re-planning";
        rearm();
        Q_EMIT clockChanged();
        return;
    }
    rearm();
}

} // namespace Kumo
