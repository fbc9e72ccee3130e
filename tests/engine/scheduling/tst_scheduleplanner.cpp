// SPDX-License-Identifier: MIT
#include "scheduling/scheduleplanner.h"
#include "scheduling/trigger.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace Kumo;

Q_DECLARE_METATYPE(PlannedFire::Kind)

namespace {
constexpr qint64 kMinute = 60 * 1000;

std::unique_ptr<Trigger> minuteTrigger()
{
    TriggerSpec spec;
    spec.type = TriggerSpec::Type::Interval;
    spec.intervalSeconds = 60;
    spec.startMs = 0;
    return Trigger::create(spec);
}

std::unique_ptr<Trigger> onceAt(qint64 at)
{
    TriggerSpec spec;
    spec.type = TriggerSpec::Type::Date;
    spec.atMs = at;
    return Trigger::create(spec);
}
} // namespace

class TestSchedulePlanner final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void everyMinute_data();
    void everyMinute();
    void oneOffMissedBeyondGrace();
    void boundedCountingOfAVeryLongOutage();
};

void TestSchedulePlanner::everyMinute_data()
{
    QTest::addColumn<qint64>("dueAt");
    QTest::addColumn<qint64>("now");
    QTest::addColumn<qint64>("grace");
    QTest::addColumn<bool>("fires");
    QTest::addColumn<PlannedFire::Kind>("kind");
    QTest::addColumn<qint64>("scheduledAt");
    QTest::addColumn<int>("count");
    QTest::addColumn<qint64>("next");

    const qint64 t = 10 * kMinute;
    QTest::addRow("not yet due") << t << t - 1 << kMinute << false << PlannedFire::Kind::Run << qint64(0) << 0
                                 << t;
    QTest::addRow("on time") << t << t << kMinute << true << PlannedFire::Kind::Run << t << 1 << t + kMinute;
    QTest::addRow("a little late") << t << t + 3 << kMinute << true << PlannedFire::Kind::Run << t << 1
                                   << t + kMinute;
    QTest::addRow("late within grace")
        << t << t + 59000 << kMinute << true << PlannedFire::Kind::Run << t << 1 << t + kMinute;
    QTest::addRow("late beyond grace")
        << t << t + 59000 << qint64(30000) << true << PlannedFire::Kind::Missed << t << 1 << t + kMinute;
    // Down for 5 minutes: fires at t..t+5m passed; the latest (t+5m) is 30 s old → one coalesced run.
    QTest::addRow("coalesced") << t << t + 5 * kMinute + 30000 << kMinute << true << PlannedFire::Kind::Run
                               << t + 5 * kMinute << 6 << t + 6 * kMinute;
    // The same outage with no grace: one missed record covers all six.
    QTest::addRow("missed together") << t << t + 5 * kMinute + 30000 << qint64(0) << true
                                     << PlannedFire::Kind::Missed << t << 6 << t + 6 * kMinute;
    QTest::addRow("zero grace on time")
        << t << t << qint64(0) << true << PlannedFire::Kind::Run << t << 1 << t + kMinute;
    // A timer's ordinary lateness never turns a fire into a miss, whatever the grace.
    QTest::addRow("zero grace, timer late")
        << t << t + 7 << qint64(0) << true << PlannedFire::Kind::Run << t << 1 << t + kMinute;
    QTest::addRow("zero grace, 2 s late")
        << t << t + 2000 << qint64(0) << true << PlannedFire::Kind::Missed << t << 1 << t + kMinute;
}

void TestSchedulePlanner::everyMinute()
{
    QFETCH(qint64, dueAt);
    QFETCH(qint64, now);
    QFETCH(qint64, grace);
    QFETCH(bool, fires);
    QFETCH(PlannedFire::Kind, kind);
    QFETCH(qint64, scheduledAt);
    QFETCH(int, count);
    QFETCH(qint64, next);
    const Plan plan = planDue(*minuteTrigger(), dueAt, now, grace);
    QCOMPARE(plan.fire.has_value(), fires);
    if (fires) {
        QCOMPARE(plan.fire->kind, kind);
        QCOMPARE(plan.fire->scheduledAt, scheduledAt);
        QCOMPARE(plan.fire->fires, count);
    }
    QCOMPARE(plan.next, std::optional<qint64>(next));
}

void TestSchedulePlanner::oneOffMissedBeyondGrace()
{
    const qint64 at = 1000 * kMinute;
    Plan plan = planDue(*onceAt(at), at, at + 2 * kMinute, kMinute);
    QVERIFY(plan.fire);
    QCOMPARE(plan.fire->kind, PlannedFire::Kind::Missed);
    QCOMPARE(plan.next, std::nullopt);
    plan = planDue(*onceAt(at), at, at + 10, kMinute);
    QCOMPARE(plan.fire->kind, PlannedFire::Kind::Run);
    QCOMPARE(plan.next, std::nullopt);
}

void TestSchedulePlanner::boundedCountingOfAVeryLongOutage()
{
    TriggerSpec spec;
    spec.type = TriggerSpec::Type::Interval;
    spec.intervalSeconds = 1;
    spec.startMs = 0;
    const auto trigger = Trigger::create(spec);
    // A per-second task down for 3 days: counting stays bounded, the latest fire (within the
    // grace) still runs, and the schedule lands after now.
    const qint64 now = 3LL * 24 * 3600 * 1000 + 500;
    const Plan plan = planDue(*trigger, 1000, now, 60000);
    QVERIFY(plan.fire);
    QCOMPARE(plan.fire->kind, PlannedFire::Kind::Run);
    QCOMPARE(plan.fire->scheduledAt, now - 500);
    QCOMPARE(plan.fire->fires, 10000); // "at least"
    QCOMPARE(plan.next, std::optional<qint64>(now + 500));
}

QTEST_GUILESS_MAIN(TestSchedulePlanner)
#include "tst_scheduleplanner.moc"
