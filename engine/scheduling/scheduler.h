// SPDX-License-Identifier: MIT
#pragma once

#include "scheduling/scheduleplanner.h"

#include <QHash>
#include <QList>
#include <QObject>

#include <memory>
#include <optional>
#include <set>

class QTimer;

namespace Kumo {

class Clock;
class Trigger;
class WallClockTimer;

using NextFireChanges = QList<std::pair<qint64, std::optional<qint64>>>;

/// Keeps every scheduled task's next fire time ordered and arms one precise timer for the
/// earliest: no polling, so idle cost does not grow with the number of tasks.
class Scheduler : public QObject
{
    Q_OBJECT
public:
    explicit Scheduler(Clock *clock, QObject *parent = nullptr);
    ~Scheduler() override;

    /// Adds or replaces a task's schedule and returns its next fire time. @p storedNext is the
    /// persisted next fire (a restart continues from it; a passed one is handled as a misfire);
    /// without it the next fire is computed from now.
    std::optional<qint64> schedule(qint64 taskId, std::shared_ptr<const Trigger> trigger,
        std::optional<qint64> storedNext, qint64 misfireGraceMs);
    void unschedule(qint64 taskId);

    void start();
    void stop();
    [[nodiscard]] bool isRunning() const { return m_running; }
    [[nodiscard]] int size() const { return int(m_entries.size()); }
    [[nodiscard]] std::optional<qint64> nextFireAt(qint64 taskId) const;
    [[nodiscard]] std::optional<qint64> earliestFireAt() const;

    /// Handles everything due at the clock's now; the timer calls it, and so does a detected
    /// wall-clock jump.
    void processDue();
    /// After the wall clock was set: fires that have come due are handled as misfires, and
    /// after a step backwards every next fire is brought forward to where the clock now says.
    void handleClockChange();

Q_SIGNALS:
    void fired(qint64 taskId, const Kumo::PlannedFire &fire);
    /// Next fire times that processDue() moved, to be persisted in one batch.
    void nextFireTimesChanged(const Kumo::NextFireChanges &changes);

private:
    struct Entry
    {
        std::shared_ptr<const Trigger> trigger;
        std::optional<qint64> next;
        qint64 graceMs = 0;
    };
    void setNext(qint64 taskId, Entry &entry, std::optional<qint64> next);
    void arm();

    Clock *m_clock;
    QTimer *m_timer; // for clocks other than the system's (tests, simulations)
    WallClockTimer *m_wallTimer = nullptr; // for the system clock: wakes at the fire instant
    QHash<qint64, Entry> m_entries;
    std::set<std::pair<qint64, qint64>> m_queue; // (next fire, task id)
    bool m_running = false;
};

} // namespace Kumo

Q_DECLARE_METATYPE(Kumo::PlannedFire)
