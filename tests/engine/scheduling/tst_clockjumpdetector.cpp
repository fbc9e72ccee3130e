// SPDX-License-Identifier: MIT
#include "scheduling/clockjumpdetector.h"

#include <QSignalSpy>
#include <QTest>

#include <cerrno>
#include <cstring>
#include <ctime>

using namespace Kumo;

class TestClockJumpDetector final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void settingTheClockIsNoticed();
    void quietClockSaysNothing();
};

void TestClockJumpDetector::settingTheClockIsNoticed()
{
    ClockJumpDetector detector;
    QVERIFY(detector.isActive());
    QSignalSpy changed(&detector, &ClockJumpDetector::clockChanged);
    // Setting the clock to the time it already shows is a "set" for the kernel (it cancels
    // TFD_TIMER_CANCEL_ON_SET timers) while moving it by mere microseconds.
    timespec now {};
    clock_gettime(CLOCK_REALTIME, &now);
    if (clock_settime(CLOCK_REALTIME, &now) != 0)
        QSKIP(qPrintable(QStringLiteral("cannot set the clock here (%1); needs CAP_SYS_TIME")
                             .arg(QString::fromLocal8Bit(std::strerror(errno)))));
    QTRY_COMPARE_WITH_TIMEOUT(changed.size(), 1, 2000);
    // Re-armed: a second change is noticed too.
    clock_gettime(CLOCK_REALTIME, &now);
    QCOMPARE(clock_settime(CLOCK_REALTIME, &now), 0);
    QTRY_COMPARE_WITH_TIMEOUT(changed.size(), 2, 2000);
}

void TestClockJumpDetector::quietClockSaysNothing()
{
    ClockJumpDetector detector;
    QSignalSpy changed(&detector, &ClockJumpDetector::clockChanged);
    QTest::qWait(50);
    QCOMPARE(changed.size(), 0);
}

QTEST_GUILESS_MAIN(TestClockJumpDetector)
#include "tst_clockjumpdetector.moc"
