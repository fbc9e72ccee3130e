// SPDX-License-Identifier: MIT
#pragma once

#include <QtGlobal>

namespace Kumo {

/// Source of wall-clock time (milliseconds since the Unix epoch, UTC); replaceable in tests.
class Clock
{
public:
    virtual ~Clock() = default;
    [[nodiscard]] virtual qint64 nowMs() const = 0;
};

/// The real wall clock.
class SystemClock final : public Clock
{
public:
    [[nodiscard]] qint64 nowMs() const override;
    /// A process-wide instance for code that is given no clock.
    static SystemClock *instance();
};

/// A clock that only moves when told to; for tests and simulations.
class ManualClock final : public Clock
{
public:
    explicit ManualClock(qint64 startMs = 0)
        : m_nowMs(startMs)
    { }
    [[nodiscard]] qint64 nowMs() const override { return m_nowMs; }
    void setNowMs(qint64 ms) { m_nowMs = ms; }
    void advanceMs(qint64 ms) { m_nowMs += ms; }

private:
    qint64 m_nowMs;
};

} // namespace Kumo
