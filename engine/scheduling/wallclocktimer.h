// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>

class QSocketNotifier;

namespace Kumo {

/// A single-shot timer for an absolute wall-clock instant, with microsecond precision: a Linux
/// timerfd on CLOCK_REALTIME with TFD_TIMER_ABSTIME. QTimer counts whole milliseconds from the
/// moment it is armed, which makes fires up to a millisecond late; this one wakes at the
/// instant itself, and still does after the wall clock is set.
class WallClockTimer : public QObject
{
    Q_OBJECT
public:
    explicit WallClockTimer(QObject *parent = nullptr);
    ~WallClockTimer() override;

    /// False where timerfd is unavailable; callers then fall back to QTimer.
    [[nodiscard]] bool isValid() const { return m_fd >= 0; }
    /// Fires timeout() once at @p wallMs (ms since the epoch), at once if that has passed.
    void start(qint64 wallMs);
    void stop();

Q_SIGNALS:
    void timeout();

private:
    void onActivated();

    int m_fd = -1;
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace Kumo
