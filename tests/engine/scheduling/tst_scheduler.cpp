// SPDX-License-Identifier: MIT
#include "core/clock.h"
#include "scheduling/scheduler.h"
#include "scheduling/trigger.h"

#include <QDateTime>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Kumo;

namespace {
constexpr qint64 kSecond = 1000;
constexpr qint64 kT0 = 1'800'000'000'000; // 2027-01-15, a round instant

std::shared_ptr<const Trigger> interval(qint64 seconds, qint64 start)
{
    TriggerSpec spec;
    spec.type = TriggerSpec::Type::Interval;
    spec.intervalSeconds = seconds;
    spec.startMs = start;
    return Trigger::create(spec);
}

std::shared_ptr<const Trigger> cron(const QString &expression)
{
    TriggerSpec spec;
    spec.expression = expression;
    spec.timezone = u"UTC"_s;
    return Trigger::create(spec);
}

PlannedFire fireAt(const QSignalSpy &spy, int index)
{
    return spy.at(index).at(1).value<PlannedFire>();
}
} // namespace

class TestScheduler final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { qRegisterMetaType<PlannedFire>(); }
    void firesWhenDueAndMovesOn();
    void ordersTasksByNextFire();
    void restartContinuesFromStoredNextFire();
    void restartBeyondGraceRecordsMissed();
    void clockJumpForwardIsAMisfire();
    void clockJumpWithinGraceCoalesces();
    void clockStepBackwardsBringsFiresForward();
    void unscheduleStopsFiring();
    void stoppedSchedulerDoesNothing();
    void realTimerFiresOnTime();
};

void TestScheduler::firesWhenDueAndMovesOn()
{
    ManualClock clock(kT0);
    Scheduler scheduler(&clock);
    QSignalSpy fired(&scheduler, &Scheduler::fired);
    QSignalSpy moved(&scheduler, &Scheduler::nextFireTimesChanged);
    QCOMPARE(scheduler.schedule(1, interval(10, kT0), std::nullopt, 60 * kSecond), kT0 + 10 * kSecond);
    scheduler.start();
    QCOMPARE(fired.size(), 0);
    clock.setNowMs(kT0 + 10 * kSecond + 2);
    scheduler.processDue();
    QCOMPARE(fired.size(), 1);
    QCOMPARE(fired.at(0).at(0).toLongLong(), 1);
    QCOMPARE(fireAt(fired, 0).kind, PlannedFire::Kind::Run);
    QCOMPARE(fireAt(fired, 0).scheduledAt, kT0 + 10 * kSecond);
    QCOMPARE(scheduler.nextFireAt(1), kT0 + 20 * kSecond);
    QCOMPARE(moved.size(), 1);
    // Nothing more until the next fire.
    clock.advanceMs(5 * kSecond);
    scheduler.processDue();
    QCOMPARE(fired.size(), 1);
}

void TestScheduler::ordersTasksByNextFire()
{
    ManualClock clock(kT0);
    Scheduler scheduler(&clock);
    QSignalSpy fired(&scheduler, &Scheduler::fired);
    scheduler.schedule(1, interval(30, kT0), std::nullopt, 60 * kSecond);
    scheduler.schedule(2, interval(10, kT0), std::nullopt, 60 * kSecond);
    scheduler.schedule(3, interval(20, kT0), std::nullopt, 60 * kSecond);
    QCOMPARE(scheduler.earliestFireAt(), kT0 + 10 * kSecond);
    scheduler.start();
    clock.setNowMs(kT0 + 30 * kSecond);
    scheduler.processDue();
    // Each task fires once (task 2's two passed fires are coalesced), in fire-time order.
    QCOMPARE(fired.size(), 3);
    QCOMPARE(fired.at(0).at(0).toLongLong(), 2);
    QCOMPARE(fireAt(fired, 0).fires, 3);
    QCOMPARE(fired.at(1).at(0).toLongLong(), 3);
    QCOMPARE(fired.at(2).at(0).toLongLong(), 1);
}

void TestScheduler::restartContinuesFromStoredNextFire()
{
    ManualClock clock(kT0 + 5 * kSecond);
    Scheduler scheduler(&clock);
    QSignalSpy fired(&scheduler, &Scheduler::fired);
    // A previous process stored the next fire kT0; we came back 5 s later, within grace.
    scheduler.schedule(1, interval(60, kT0 - 60 * kSecond), kT0, 60 * kSecond);
    scheduler.start();
    QCOMPARE(fired.size(), 1);
    QCOMPARE(fireAt(fired, 0).kind, PlannedFire::Kind::Run);
    QCOMPARE(fireAt(fired, 0).scheduledAt, kT0);
    QCOMPARE(scheduler.nextFireAt(1), kT0 + 60 * kSecond);
}

void TestScheduler::restartBeyondGraceRecordsMissed()
{
    ManualClock clock(kT0 + 3600 * kSecond);
    Scheduler scheduler(&clock);
    QSignalSpy fired(&scheduler, &Scheduler::fired);
    scheduler.schedule(1, cron(u"*/15 * * * *"_s), kT0, 60 * kSecond);
    scheduler.start();
    QCOMPARE(fired.size(), 1);
    QCOMPARE(fireAt(fired, 0).kind, PlannedFire::Kind::Run); // the fire at exactly now is on time
    scheduler.unschedule(1);
    fired.clear();
    clock.setNowMs(kT0 + 3600 * kSecond + 10 * 60 * kSecond);
    scheduler.schedule(1, cron(u"*/15 * * * *"_s), kT0, 60 * kSecond);
    scheduler.processDue();
    QCOMPARE(fired.size(), 1);
    QCOMPARE(fireAt(fired, 0).kind, PlannedFire::Kind::Missed);
    QCOMPARE(fireAt(fired, 0).scheduledAt, kT0);
    QCOMPARE(fireAt(fired, 0).fires, 5);
}

void TestScheduler::clockJumpForwardIsAMisfire()
{
    ManualClock clock(kT0 + 30 * kSecond);
    Scheduler scheduler(&clock);
    QSignalSpy fired(&scheduler, &Scheduler::fired);
    scheduler.schedule(1, cron(u"0 * * * *"_s), std::nullopt, 60 * kSecond);
    scheduler.start();
    // The wall clock is stepped forward 2.5 hours (NTP, suspend): two hourly fires passed.
    clock.advanceMs(150 * 60 * kSecond);
    scheduler.processDue();
    QCOMPARE(fired.size(), 1);
    QCOMPARE(fireAt(fired, 0).kind, PlannedFire::Kind::Missed);
    QCOMPARE(fireAt(fired, 0).fires, 2);
    QVERIFY(*scheduler.nextFireAt(1) > clock.nowMs());
}

void TestScheduler::clockJumpWithinGraceCoalesces()
{
    ManualClock clock(kT0);
    Scheduler scheduler(&clock);
    QSignalSpy fired(&scheduler, &Scheduler::fired);
    scheduler.schedule(1, interval(1, kT0), std::nullopt, 60 * kSecond);
    scheduler.start();
    clock.advanceMs(20 * kSecond);
    scheduler.processDue();
    QCOMPARE(fired.size(), 1);
    QCOMPARE(fireAt(fired, 0).kind, PlannedFire::Kind::Run);
    QCOMPARE(fireAt(fired, 0).fires, 20);
    QCOMPARE(fireAt(fired, 0).scheduledAt, kT0 + 20 * kSecond);
}

void TestScheduler::clockStepBackwardsBringsFiresForward()
{
    ManualClock clock(kT0);
    Scheduler scheduler(&clock);
    QSignalSpy moved(&scheduler, &Scheduler::nextFireTimesChanged);
    scheduler.schedule(1, interval(300, kT0 - 36000 * kSecond), std::nullopt, 60 * kSecond);
    scheduler.schedule(2, cron(u"0 0 1 1 *"_s), std::nullopt, 60 * kSecond);
    scheduler.start();
    const std::optional<qint64> yearly = scheduler.nextFireAt(2);
    // The clock is corrected an hour backwards: the 5-minute task must not wait 65 minutes.
    clock.advanceMs(-3600 * kSecond);
    scheduler.handleClockChange();
    QCOMPARE(scheduler.nextFireAt(1), kT0 - 3300 * kSecond);
    QCOMPARE(scheduler.nextFireAt(2), yearly); // still the next one on the calendar
    QCOMPARE(moved.size(), 1);
    QCOMPARE(moved.at(0).at(0).value<NextFireChanges>().size(), 1);
}

void TestScheduler::unscheduleStopsFiring()
{
    ManualClock clock(kT0);
    Scheduler scheduler(&clock);
    QSignalSpy fired(&scheduler, &Scheduler::fired);
    scheduler.schedule(1, interval(10, kT0), std::nullopt, 60 * kSecond);
    scheduler.start();
    scheduler.unschedule(1);
    QCOMPARE(scheduler.size(), 0);
    QCOMPARE(scheduler.earliestFireAt(), std::nullopt);
    clock.advanceMs(100 * kSecond);
    scheduler.processDue();
    QCOMPARE(fired.size(), 0);
}

void TestScheduler::stoppedSchedulerDoesNothing()
{
    ManualClock clock(kT0);
    Scheduler scheduler(&clock);
    QSignalSpy fired(&scheduler, &Scheduler::fired);
    scheduler.schedule(1, interval(10, kT0), std::nullopt, 60 * kSecond);
    clock.advanceMs(100 * kSecond);
    scheduler.processDue();
    QCOMPARE(fired.size(), 0);
    QVERIFY(!scheduler.isRunning());
}

void TestScheduler::realTimerFiresOnTime()
{
    // The only test on the real clock: the armed QTimer wakes us when the fire is due.
    Scheduler scheduler(SystemClock::instance());
    QSignalSpy fired(&scheduler, &Scheduler::fired);
    TriggerSpec spec;
    spec.type = TriggerSpec::Type::Date;
    spec.atMs = QDateTime::currentMSecsSinceEpoch() + 80;
    scheduler.schedule(1, Trigger::create(spec), std::nullopt, 60 * kSecond);
    scheduler.start();
    QTRY_COMPARE_WITH_TIMEOUT(fired.size(), 1, 2000);
    const qint64 lateness = QDateTime::currentMSecsSinceEpoch() - fireAt(fired, 0).scheduledAt;
    QVERIFY(lateness >= 0);
    QCOMPARE(scheduler.nextFireAt(1), std::nullopt);
}

QTEST_GUILESS_MAIN(TestScheduler)
#include "tst_scheduler.moc"
