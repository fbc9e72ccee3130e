// SPDX-License-Identifier: MIT
#include "core/clock.h"
#include "security/loginthrottle.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace Kumo;

namespace {
constexpr qint64 kWindow = 15 * 60 * 1000;
constexpr qint64 kMaxDelay = 15 * 60 * 1000;
} // namespace

class TestLoginThrottle final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void perUser_data();
    void perUser();
    void perIp_data();
    void perIp();
    void delayRunsFromTheLastFailure();
    void windowExpiry_data();
    void windowExpiry();
    void perAccountAcrossAddresses();
    void successClearsTheUserNotTheIp();
    void usernamesIgnoreCase();
    void policyIsConfigurable();

private:
    ManualClock m_clock { 1'790'000'000'000 };
};

void TestLoginThrottle::perUser_data()
{
    QTest::addColumn<int>("failures");
    QTest::addColumn<qint64>("retryAfter");
    QTest::addRow("none") << 0 << qint64(0);
    QTest::addRow("4 are free") << 4 << qint64(0);
    QTest::addRow("5th starts the delay") << 5 << qint64(1000);
    QTest::addRow("6 doubles it") << 6 << qint64(2000);
    QTest::addRow("7 doubles again") << 7 << qint64(4000);
    QTest::addRow("14") << 14 << qint64(512'000);
    QTest::addRow("15 reaches the cap") << 15 << kMaxDelay;
    QTest::addRow("100 stays at the cap") << 100 << kMaxDelay;
}

void TestLoginThrottle::perUser()
{
    QFETCH(int, failures);
    QFETCH(qint64, retryAfter);
    LoginThrottle::Policy policy;
    policy.freeFailuresPerIp = 1000; // only the per-user record adds up here
    LoginThrottle throttle(m_clock, policy);
    for (int i = 0; i < failures; ++i)
        throttle.recordFailure(u"192.0.2.1"_s, u"alice"_s);
    QCOMPARE(throttle.retryAfterMs(u"192.0.2.1"_s, u"alice"_s), retryAfter);
    QCOMPARE(throttle.retryAfterMs(u"192.0.2.1"_s, u"bob"_s), 0);
    // Someone else's failures do not lock alice out from her own address.
    if (failures < 50)
        QCOMPARE(throttle.retryAfterMs(u"198.51.100.7"_s, u"alice"_s), 0);
}

void TestLoginThrottle::perAccountAcrossAddresses()
{
    LoginThrottle throttle(m_clock);
    // A campaign from many addresses, each below its own limits.
    for (int i = 0; i < 49; ++i)
        throttle.recordFailure(u"10.0.0.%1"_s.arg(i), u"alice"_s);
    QCOMPARE(throttle.retryAfterMs(u"192.0.2.1"_s, u"alice"_s), 0);
    throttle.recordFailure(u"10.0.1.1"_s, u"alice"_s);
    QCOMPARE(throttle.retryAfterMs(u"192.0.2.1"_s, u"alice"_s), 1000);
    QCOMPARE(throttle.retryAfterMs(u"192.0.2.1"_s, u"bob"_s), 0);
}

void TestLoginThrottle::perIp_data()
{
    QTest::addColumn<int>("failures");
    QTest::addColumn<qint64>("retryAfter");
    QTest::addRow("19 are free") << 19 << qint64(0);
    QTest::addRow("20th starts the delay") << 20 << qint64(1000);
    QTest::addRow("21 doubles it") << 21 << qint64(2000);
    QTest::addRow("22 doubles again") << 22 << qint64(4000);
}

void TestLoginThrottle::perIp()
{
    QFETCH(int, failures);
    QFETCH(qint64, retryAfter);
    LoginThrottle throttle(m_clock);
    // Spraying one password over many names from one address.
    for (int i = 0; i < failures; ++i)
        throttle.recordFailure(u"192.0.2.1"_s, u"user%1"_s.arg(i));
    QCOMPARE(throttle.retryAfterMs(u"192.0.2.1"_s, u"somebody"_s), retryAfter);
    QCOMPARE(throttle.retryAfterMs(u"192.0.2.2"_s, u"somebody"_s), 0);
}

void TestLoginThrottle::delayRunsFromTheLastFailure()
{
    LoginThrottle throttle(m_clock);
    for (int i = 0; i < 6; ++i)
        throttle.recordFailure(u"192.0.2.1"_s, u"alice"_s);
    QCOMPARE(throttle.retryAfterMs(u"192.0.2.1"_s, u"alice"_s), 2000);
    m_clock.advanceMs(1500);
    QCOMPARE(throttle.retryAfterMs(u"192.0.2.1"_s, u"alice"_s), 500);
    m_clock.advanceMs(500);
    QCOMPARE(throttle.retryAfterMs(u"192.0.2.1"_s, u"alice"_s), 0);
    throttle.recordFailure(u"192.0.2.1"_s, u"alice"_s);
    QCOMPARE(throttle.retryAfterMs(u"192.0.2.1"_s, u"alice"_s), 4000);
}

void TestLoginThrottle::windowExpiry_data()
{
    QTest::addColumn<int>("failures");
    QTest::addColumn<qint64>("quiet"); // ms without failures before the next one
    QTest::addColumn<qint64>("retryAfterNext");
    // 4 free failures, a quiet window, then 1 more: the old ones were forgotten.
    QTest::addRow("free failures, window over") << 4 << kWindow << qint64(0);
    QTest::addRow("free failures, window not over") << 4 << kWindow - 1 << qint64(1000);
    // After 6 failures the delay is 2 s; the window starts when it ends.
    QTest::addRow("delayed, window over") << 6 << 2000 + kWindow << qint64(0);
    QTest::addRow("delayed, window not over") << 6 << 2000 + kWindow - 1 << qint64(4000);
    // Waiting out the longest delay does not reset the count.
    QTest::addRow("at the cap, after the delay") << 15 << kMaxDelay << kMaxDelay;
    QTest::addRow("at the cap, quiet long enough") << 15 << kMaxDelay + kWindow << qint64(0);
}

void TestLoginThrottle::windowExpiry()
{
    QFETCH(int, failures);
    QFETCH(qint64, quiet);
    QFETCH(qint64, retryAfterNext);
    LoginThrottle throttle(m_clock);
    for (int i = 0; i < failures; ++i)
        throttle.recordFailure(u"192.0.2.1"_s, u"alice"_s);
    m_clock.advanceMs(quiet);
    QCOMPARE(throttle.retryAfterMs(u"192.0.2.1"_s, u"alice"_s), 0);
    throttle.recordFailure(u"192.0.2.1"_s, u"alice"_s);
    QCOMPARE(throttle.retryAfterMs(u"192.0.2.1"_s, u"alice"_s), retryAfterNext);
}

void TestLoginThrottle::successClearsTheUserNotTheIp()
{
    LoginThrottle::Policy policy;
    policy.freeFailuresPerIp = 5;
    LoginThrottle throttle(m_clock, policy);
    for (int i = 0; i < 5; ++i)
        throttle.recordFailure(u"192.0.2.1"_s, u"alice"_s);
    QCOMPARE(throttle.retryAfterMs(u"192.0.2.1"_s, u"alice"_s), 1000);
    QCOMPARE(throttle.retryAfterMs(u"192.0.2.1"_s, u"carol"_s), 1000);

    m_clock.advanceMs(1000);
    throttle.recordSuccess(u"192.0.2.1"_s, u"alice"_s);
    throttle.recordFailure(u"192.0.2.9"_s, u"alice"_s);
    QCOMPARE(throttle.retryAfterMs(u"192.0.2.9"_s, u"alice"_s), 0); // alice starts afresh
    // The address that guessed alice's password keeps its record for guessing others.
    QCOMPARE(throttle.retryAfterMs(u"192.0.2.1"_s, u"carol"_s), 0);
    throttle.recordFailure(u"192.0.2.1"_s, u"carol"_s);
    QCOMPARE(throttle.retryAfterMs(u"192.0.2.1"_s, u"carol"_s), 2000);
}

void TestLoginThrottle::usernamesIgnoreCase()
{
    LoginThrottle throttle(m_clock);
    for (int i = 0; i < 5; ++i)
        throttle.recordFailure(u"192.0.2.1"_s, i % 2 ? u"ALICE"_s : u"Alice"_s);
    QCOMPARE(throttle.retryAfterMs(u"192.0.2.1"_s, u"alice"_s), 1000);
    throttle.recordSuccess(u"192.0.2.1"_s, u"aLiCe"_s);
    QCOMPARE(throttle.retryAfterMs(u"192.0.2.1"_s, u"alice"_s), 0);
}

void TestLoginThrottle::policyIsConfigurable()
{
    LoginThrottle::Policy policy;
    policy.freeFailuresPerUser = 1;
    policy.maxDelayMs = 3000;
    policy.windowMs = 10'000;
    LoginThrottle throttle(m_clock, policy);
    throttle.recordFailure(u"192.0.2.1"_s, u"alice"_s);
    QCOMPARE(throttle.retryAfterMs(u"192.0.2.1"_s, u"alice"_s), 1000);
    for (int i = 0; i < 5; ++i)
        throttle.recordFailure(u"192.0.2.1"_s, u"alice"_s);
    QCOMPARE(throttle.retryAfterMs(u"192.0.2.1"_s, u"alice"_s), 3000);
    m_clock.advanceMs(3000 + 10'000);
    QCOMPARE(throttle.retryAfterMs(u"192.0.2.1"_s, u"alice"_s), 0);
    throttle.recordFailure(u"192.0.2.1"_s, u"alice"_s);
    QCOMPARE(throttle.retryAfterMs(u"192.0.2.1"_s, u"alice"_s), 1000);
}

QTEST_GUILESS_MAIN(TestLoginThrottle)
#include "tst_loginthrottle.moc"
