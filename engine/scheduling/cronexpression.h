// SPDX-License-Identifier: MIT
#pragma once

#include <QDateTime>
#include <QString>
#include <QTimeZone>

#include <array>
#include <optional>

namespace Kumo {

/// A parsed cron expression (5 fields, or 6 with leading seconds) and its next-fire calculation.
///
/// Matching is on wall time in a given IANA time zone. DST rules (DESIGN §2):
/// - gap (spring forward): matches whose wall time falls inside the gap fire once, at the first
///   instant after the gap;
/// - overlap (fall back): a matching wall time fires once, at its first instant, unless the hour
///   field is `*`, in which case it fires at both instants.
class CronExpression
{
public:
    struct ParseResult;

    /// Parses @p text; on failure the result's error names the field and the problem.
    [[nodiscard]] static ParseResult parse(const QString &text);

    /// The first fire instant strictly after @p after in zone @p zone, in UTC, or an invalid
    /// QDateTime when the expression does not match within 50 years (e.g. "0 0 30 2 *").
    /// Thread-safe: the zones' offset tables are cached process-wide.
    [[nodiscard]] QDateTime nextFireAfter(const QDateTime &after, const QTimeZone &zone) const;

    /// The text this expression was parsed from, normalised (macros kept as written).
    [[nodiscard]] QString text() const { return m_text; }
    [[nodiscard]] bool hasSeconds() const { return m_hasSeconds; }

private:
    friend class CronParser;

    // Wall times are "local seconds": seconds since 1970-01-01T00:00 on the zone's wall clock.
    [[nodiscard]] std::optional<qint64> nextWallMatch(qint64 wallFrom, int lastYear) const;
    [[nodiscard]] quint32 daysInMonthMatching(int year, int month) const;

    QString m_text;
    bool m_hasSeconds = false;
    // Bit n set = value n matches. A default-constructed expression matches nothing.
    quint64 m_seconds = 0;
    quint64 m_minutes = 0;
    quint32 m_hours = 0;
    quint32 m_daysOfMonth = 0; // bits 1..31
    quint32 m_months = 0; // bits 1..12
    quint32 m_daysOfWeek = 0; // bits 0..6, 0 = Sunday
    // Vixie cron: a day field whose text starts with '*' (or '?') is "unrestricted"; the day
    // matches on dom AND dow if either is unrestricted, on dom OR dow otherwise.
    bool m_domStar = false;
    bool m_dowStar = false;
    bool m_hourIsStar = false; // literally "*": repeated wall times in a DST overlap fire twice
    bool m_hasDaySpecials = false;
    // Special day-of-month / day-of-week forms.
    quint32 m_lastDayOffsets = 0; // bit n: "L-n" ("L" is L-0)
    bool m_lastWeekdayOfMonth = false; // LW
    quint32 m_nearestWeekdays = 0; // bit n: "nW"
    quint32 m_lastDowOfMonth = 0; // bit d: "dL" (last weekday d of the month)
    std::array<quint32, 5> m_nthDowOfMonth {}; // [k - 1] bit d: "d#k"
    // Days 1..31 whose weekday is in m_daysOfWeek, for each weekday of the 1st of the month.
    std::array<quint32, 7> m_dowDaysByFirstWeekday {};
};

struct CronExpression::ParseResult
{
    std::optional<CronExpression> expression;
    QString error; // e.g. "day-of-week: value 9 out of range 0-7"
    [[nodiscard]] bool ok() const { return expression.has_value(); }
};

} // namespace Kumo
