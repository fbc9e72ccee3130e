// SPDX-License-Identifier: MIT
#include "scheduling/scheduler.h"

#include "core/clock.h"
#include "core/logging.h"
#include "scheduling/trigger.h"
#include "scheduling/wallclocktimer.h"

#include <QTimer>

namespace Kumo {

namespace {
// Re-check at least this often even when the next fire is far away, as a backstop for wall
// clock changes on systems where ClockJumpDetector cannot observe them.
constexpr qint64 kMaxTimerMs = 3600 * 1000;
} // namespace

Scheduler::Scheduler(Clock *clock, QObject *parent)
    : QObject(parent)
    , m_clock(clock)
    , m_timer(new QTimer(this))
{
    m_timer->setSingleShot(true);
    m_timer->setTimerType(Qt::PreciseTimer);
    connect(m_timer, &QTimer::timeout, this, &Scheduler::processDue);
    if (clock == SystemClock::instance()) {
        m_wallTimer = new WallClockTimer(this);
        if (m_wallTimer->isValid()) {
            connect(m_wallTimer, &WallClockTimer::timeout, this, &Scheduler::processDue);
        } else {
            delete m_wallTimer;
            m_wallTimer = nullptr;
        }
    }
}

Scheduler::~Scheduler() = default;

std::optional<qint64> Scheduler::schedule(qint64 taskId, std::shared_ptr<const Trigger> trigger,
    std::optional<qint64> storedNext, qint64 misfireGraceMs)
{
    unschedule(taskId);
    Entry &entry = m_entries[taskId];
    entry.trigger = std::move(trigger);
    entry.graceMs = misfireGraceMs;
    setNext(taskId, entry, storedNext ? storedNext : entry.trigger->nextFireAfter(m_clock->nowMs()));
    arm();
    return entry.next;
}

void Scheduler::unschedule(qint64 taskId)
{
    const auto it = m_entries.find(taskId);
    if (it == m_entries.end())
        return;
    if (it->next)
        m_queue.erase({ *it->next, taskId });
    m_entries.erase(it);
    arm();
}

void Scheduler::start()
{
    m_running = true;
    processDue();
}

void Scheduler::stop()
{
    m_running = false;
    m_timer->stop();
    if (m_wallTimer)
        m_wallTimer->stop();
}

std::optional<qint64> Scheduler::nextFireAt(qint64 taskId) const
{
    const auto it = m_entries.constFind(taskId);
    return it == m_entries.constEnd() ? std::nullopt : it->next;
}

std::optional<qint64> Scheduler::earliestFireAt() const
{
    if (m_queue.empty())
        return std::nullopt;
    return m_queue.begin()->first;
}

void Scheduler::processDue()
{
    if (!m_running)
        return;
    const qint64 now = m_clock->nowMs();
    NextFireChanges changes;
    while (!m_queue.empty() && m_queue.begin()->first <= now) {
        const auto [dueAt, taskId] = *m_queue.begin();
        Entry &entry = m_entries[taskId];
        const Plan plan = planDue(*entry.trigger, dueAt, now, entry.graceMs);
        setNext(taskId, entry, plan.next);
        changes.append({ taskId, plan.next });
        if (plan.fire) {
            if (plan.fire->kind == PlannedFire::Kind::Missed)
                qCInfo(lcScheduler) << "task" << taskId << "missed" << plan.fire->fires << "fire(s)";
            Q_EMIT fired(taskId, *plan.fire);
        }
    }
    if (!changes.isEmpty())
        Q_EMIT nextFireTimesChanged(changes);
    arm();
}

void Scheduler::handleClockChange()
{
    const qint64 now = m_clock->nowMs();
    NextFireChanges changes;
    for (auto it = m_entries.begin(); it != m_entries.end(); ++it) {
        const std::optional<qint64> fresh = it->trigger->nextFireAfter(now);
        if (fresh && it->next && *fresh < *it->next) {
            setNext(it.key(), *it, fresh);
            changes.append({ it.key(), fresh });
        }
    }
    if (!changes.isEmpty())
        Q_EMIT nextFireTimesChanged(changes);
    processDue();
}

void Scheduler::setNext(qint64 taskId, Entry &entry, std::optional<qint64> next)
{
    if (entry.next)
        m_queue.erase({ *entry.next, taskId });
    entry.next = next;
    if (next)
        m_queue.insert({ *next, taskId });
}

void Scheduler::arm()
{
    if (!m_running)
        return;
    if (m_queue.empty()) {
        m_timer->stop();
        if (m_wallTimer)
            m_wallTimer->stop();
        return;
    }
    if (m_wallTimer) {
        m_wallTimer->start(m_queue.begin()->first);
        return;
    }
    const qint64 delay = std::clamp(m_queue.begin()->first - m_clock->nowMs(), qint64(0), kMaxTimerMs);
    m_timer->start(int(delay));
}

} // namespace Kumo
