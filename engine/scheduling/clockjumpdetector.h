// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>

class QSocketNotifier;

namespace Kumo {

/// Notices when the wall clock is set (NTP step, manual change, resume from suspend) using a
/// Linux timerfd armed with TFD_TIMER_CANCEL_ON_SET: the kernel wakes us, nothing polls.
class ClockJumpDetector : public QObject
{
    Q_OBJECT
public:
    explicit ClockJumpDetector(QObject *parent = nullptr);
    ~ClockJumpDetector() override;

    /// False where the kernel does not support the mechanism.
    [[nodiscard]] bool isActive() const { return m_fd >= 0; }

Q_SIGNALS:
    void clockChanged();

private:
    void rearm();
    void onActivated();

    int m_fd = -1;
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace Kumo
