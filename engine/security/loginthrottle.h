// SPDX-License-Identifier: MIT
#pragma once

#include <QHash>
#include <QString>

namespace Kumo {

class Clock;

/// Slows down password guessing, per client IP and per username, in memory.
/// After `freeFailures` failures within `windowMs`, each further attempt must wait a delay that
/// doubles with every failure (1 s, 2 s, 4 s … capped at maxDelayMs). A record is forgotten
/// when windowMs pass without a failure after its current delay has run out, so waiting out a
/// delay does not reset the count. Records are kept per address, per username from one address,
/// and per username from all addresses (with a higher threshold), so that failures from one
/// address cannot lock an account out for everyone. A success clears the username's records
/// (not the address's: one right password must not unlock guessing others).
class LoginThrottle
{
public:
    struct Policy
    {
        int freeFailuresPerUser = 5; // per username from one address
        int freeFailuresPerIp = 20; // per address, any usernames
        int freeFailuresPerAccount = 50; // per username from all addresses (distributed guessing)
        qint64 windowMs = 15 * 60 * 1000;
        qint64 maxDelayMs = 15 * 60 * 1000;
    };

    // Two constructors, not a `Policy policy = Policy()` default argument: GCC cannot use a
    // nested struct's member initializers before the enclosing class is complete.
    explicit LoginThrottle(Clock &clock);
    LoginThrottle(Clock &clock, Policy policy);

    /// 0 when an attempt may proceed now, else the milliseconds to wait.
    [[nodiscard]] qint64 retryAfterMs(const QString &ip, const QString &username) const;
    void recordFailure(const QString &ip, const QString &username);
    void recordSuccess(const QString &ip, const QString &username);

private:
    struct Record
    {
        int failures = 0;
        qint64 firstFailureAt = 0;
        qint64 lastFailureAt = 0;
    };
    [[nodiscard]] qint64 waitFor(const Record *record, int freeFailures) const;
    [[nodiscard]] qint64 delayAfter(const Record &record, int freeFailures) const;
    [[nodiscard]] bool isStale(const Record &record, int freeFailures) const;
    void prune();

    Clock &m_clock;
    Policy m_policy;
    QHash<QString, Record> m_byIp;
    QHash<QString, Record> m_byUser; // keyed by lower-cased username + '\n' + address
    QHash<QString, Record> m_byAccount; // keyed by lower-cased username
    qint64 m_nextPruneAt = 0;
};

} // namespace Kumo
