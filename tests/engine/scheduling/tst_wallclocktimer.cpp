// SPDX-License-Identifier: MIT
#include "scheduling/wallclocktimer.h"

#include <QDateTime>
#include <QSignalSpy>
#include <QTest>

#include <chrono>

using namespace Kumo;

namespace {
qint64 nowMicroseconds()
{
    using namespace std::chrono;
    return duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
}
} // namespace

class TestWallClockTimer final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void firesAtTheInstantNotBefore();
    void passedInstantFiresAtOnce();
    void stopAndRearm();
};

void TestWallClockTimer::firesAtTheInstantNotBefore()
{
    WallClockTimer timer;
    QVERIFY(timer.isValid());
    qint64 firedAt = 0;
    connect(&timer, &WallClockTimer::timeout, this, [&] { firedAt = nowMicroseconds(); });
    const qint64 deadline = QDateTime::currentMSecsSinceEpoch() + 60;
    timer.start(deadline);
    QTRY_VERIFY_WITH_TIMEOUT(firedAt > 0, 2000);
    QVERIFY2(firedAt >= deadline * 1000, "fired before its instant");
}

void TestWallClockTimer::passedInstantFiresAtOnce()
{
    WallClockTimer timer;
    QSignalSpy fired(&timer, &WallClockTimer::timeout);
    timer.start(QDateTime::currentMSecsSinceEpoch() - 5000);
    QTRY_COMPARE_WITH_TIMEOUT(fired.size(), 1, 1000);
    timer.start(0); // the epoch itself: long passed, still fires
    QTRY_COMPARE_WITH_TIMEOUT(fired.size(), 2, 1000);
}

void TestWallClockTimer::stopAndRearm()
{
    WallClockTimer timer;
    QSignalSpy fired(&timer, &WallClockTimer::timeout);
    timer.start(QDateTime::currentMSecsSinceEpoch() + 30);
    timer.stop();
    QTest::qWait(80);
    QCOMPARE(fired.size(), 0);
    // Re-arming replaces the deadline: only the later one fires, once.
    timer.start(QDateTime::currentMSecsSinceEpoch() + 500);
    timer.start(QDateTime::currentMSecsSinceEpoch() + 20);
    QTRY_COMPARE_WITH_TIMEOUT(fired.size(), 1, 1000);
    QTest::qWait(30);
    QCOMPARE(fired.size(), 1);
}

QTEST_GUILESS_MAIN(TestWallClockTimer)
#include "tst_wallclocktimer.moc"
