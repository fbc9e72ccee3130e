// SPDX-License-Identifier: MIT
#include "security/loginthrottle.h"

#include "core/clock.h"

#include <algorithm>

namespace Kumo {

namespace {
constexpr qint64 kFirstDelayMs = 1000;
// 2^30 s is far past any sensible cap; stopping there keeps the shift defined.
constexpr int kMaxDoublings = 30;
QString userKey(const QString &ip, const QString &username)
{
    return username.toLower() + u'\n' + ip;
}

} // namespace

LoginThrottle::LoginThrottle(Clock &clock)
    : LoginThrottle(clock, Policy())
{ }

LoginThrottle::LoginThrottle(Clock &clock, Policy policy)
    : m_clock(clock)
    , m_policy(policy)
{ }

qint64 LoginThrottle::retryAfterMs(const QString &ip, const QString &username) const
{
    const auto wait = [this](const QHash<QString, Record> &records, const QString &key, int freeFailures) {
        const auto it = records.constFind(key);
        return waitFor(it == records.cend() ? nullptr : &*it, freeFailures);
    };
    // Per name *and* address: failures from one address cannot lock the account out for
    // everyone else; only a guessing campaign from many addresses reaches the account limit.
    return std::max({ wait(m_byIp, ip, m_policy.freeFailuresPerIp),
        wait(m_byUser, userKey(ip, username), m_policy.freeFailuresPerUser),
        wait(m_byAccount, username.toLower(), m_policy.freeFailuresPerAccount) });
}

void LoginThrottle::recordFailure(const QString &ip, const QString &username)
{
    prune();
    const qint64 now = m_clock.nowMs();
    const auto count = [this, now](Record &record, int freeFailures) {
        if (record.failures > 0 && isStale(record, freeFailures))
            record = Record();
        if (record.failures == 0)
            record.firstFailureAt = now;
        ++record.failures;
        record.lastFailureAt = now;
    };
    count(m_byIp[ip], m_policy.freeFailuresPerIp);
    count(m_byUser[userKey(ip, username)], m_policy.freeFailuresPerUser);
    count(m_byAccount[username.toLower()], m_policy.freeFailuresPerAccount);
}

void LoginThrottle::recordSuccess(const QString &ip, const QString &username)
{
    // The address keeps its record: one right password must not unlock guessing others.
    m_byUser.remove(userKey(ip, username));
    m_byAccount.remove(username.toLower());
}

qint64 LoginThrottle::delayAfter(const Record &record, int freeFailures) const
{
    if (record.failures < freeFailures)
        return 0;
    const int doublings = std::min(record.failures - freeFailures, kMaxDoublings);
    return std::min(kFirstDelayMs << doublings, m_policy.maxDelayMs);
}

bool LoginThrottle::isStale(const Record &record, int freeFailures) const
{
    // Forgiven only after a quiet window that starts when the current delay ends: waiting out
    // a long delay must not reset the count.
    return m_clock.nowMs() >= record.lastFailureAt + delayAfter(record, freeFailures) + m_policy.windowMs;
}

qint64 LoginThrottle::waitFor(const Record *record, int freeFailures) const
{
    if (!record || isStale(*record, freeFailures))
        return 0;
    return std::max<qint64>(0, record->lastFailureAt + delayAfter(*record, freeFailures) - m_clock.nowMs());
}

void LoginThrottle::prune()
{
    // A sweep at most once a window keeps the cost linear while the maps stay bounded by the
    // addresses and names that failed recently.
    const qint64 now = m_clock.nowMs();
    if (now < m_nextPruneAt)
        return;
    m_nextPruneAt = now + m_policy.windowMs;
    using Iterator = QHash<QString, Record>::iterator;
    m_byIp.removeIf([this](Iterator it) { return isStale(it.value(), m_policy.freeFailuresPerIp); });
    m_byUser.removeIf([this](Iterator it) { return isStale(it.value(), m_policy.freeFailuresPerUser); });
    m_byAccount.removeIf(
        [this](Iterator it) { return isStale(it.value(), m_policy.freeFailuresPerAccount); });
}

} // namespace Kumo
