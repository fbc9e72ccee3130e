// SPDX-License-Identifier: MIT
#include "scheduling/cronexpression.h"

#include <QHash>
#include <QMutex>
#include <QMutexLocker>
#include <QStringList>

#include <algorithm>
#include <bit>
#include <limits>
#include <memory>
#include <vector>

using namespace Qt::StringLiterals;

namespace Kumo {

namespace {

constexpr qint64 kSecondsPerDay = 86400;

// The rarest satisfiable schedule is a 5th weekday in February ("0 0 * 2 FRI#5"): a leap year whose
// 1 February falls on that weekday, up to 40 years apart across non-leap century years.
constexpr int kSearchYears = 50;

constexpr qint64 floorDiv(qint64 a, qint64 b)
{
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

constexpr int floorMod(qint64 a, int b)
{
    return int(a - floorDiv(a, b) * b);
}

// Proleptic Gregorian conversions (H. Hinnant's algorithms): no QDate in the hot path.
constexpr qint64 daysFromCivil(qint64 year, int month, int day)
{
    year -= month <= 2;
    const qint64 era = floorDiv(year, 400);
    const qint64 yearOfEra = year - era * 400;
    const qint64 dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
    const qint64 dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return era * 146097 + dayOfEra - 719468;
}

struct CivilDate
{
    qint64 year;
    int month;
    int day;
};

constexpr CivilDate civilFromDays(qint64 days)
{
    days += 719468;
    const qint64 era = floorDiv(days, 146097);
    const qint64 dayOfEra = days - era * 146097;
    const qint64 yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365;
    const qint64 dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    const qint64 mp = (5 * dayOfYear + 2) / 153;
    const int day = int(dayOfYear - (153 * mp + 2) / 5 + 1);
    const int month = int(mp < 10 ? mp + 3 : mp - 9);
    return { yearOfEra + era * 400 + (month <= 2), month, day };
}

static_assert(daysFromCivil(1970, 1, 1) == 0);
static_assert(civilFromDays(daysFromCivil(2024, 2, 29)).day == 29);

constexpr int weekdayOfDays(qint64 days)
{
    return floorMod(days + 4, 7); // 1970-01-01 was a Thursday; 0 = Sunday
}

constexpr bool isLeapYear(qint64 year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

constexpr int daysInMonth(qint64 year, int month)
{
    constexpr int kDays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    return month == 2 && isLeapYear(year) ? 29 : kDays[month - 1];
}

constexpr quint32 bit32(int n)
{
    return quint32(1) << n;
}

// The bits of @p mask at positions >= @p from (from may be past the width).
constexpr quint64 bitsFrom(quint64 mask, int from)
{
    return from >= 64 ? 0 : mask & (~quint64(0) << from);
}

QDateTime instant(qint64 secsSinceEpoch)
{
    return QDateTime::fromSecsSinceEpoch(secsSinceEpoch, Qt::UTC);
}

// ASCII digits only: QString::toInt would also accept signs, spaces and other scripts' digits.
bool isNumber(QStringView text)
{
    return !text.isEmpty()
        && std::all_of(text.begin(), text.end(), [](QChar c) { return c >= u'0' && c <= u'9'; });
}

// Saturates, so that long numbers stay out of range instead of overflowing.
int numberValue(QStringView text)
{
    return text.size() > 4 ? std::numeric_limits<int>::max() : text.toInt();
}

// --- Time zone offsets -------------------------------------------------------------------------
//
// The zone's UTC-offset changes, cached per zone for the stretch of time the scheduler asks about.
// QTimeZone costs ≈0.7 µs per query here and Qt 6.4's transition API is unreliable after the last
// explicit transition of a TZif file (it answers "no transition" for the rest of that year and
// invents a no-op one at 2038-01-19T03:14:07Z), so the table is built once, checked by probing
// offsetFromUtc, and holds only real offset changes.

struct Transition
{
    qint64 at; // first second (UTC) with the new offset
    int offsetBefore;
    int offsetAfter;
};

struct ZoneTable
{
    qint64 from = 0; // instants covered: [from, to)
    qint64 to = 0;
    int offsetAtFrom = 0; // in effect before the first transition
    std::vector<qint64> at;
    std::vector<int> offsetAfter;

    [[nodiscard]] bool covers(qint64 first, qint64 last) const { return from <= first && last < to; }

    [[nodiscard]] int offsetAt(qint64 t) const
    {
        const auto it = std::upper_bound(at.begin(), at.end(), t);
        return it == at.begin() ? offsetAtFrom : offsetAfter[std::size_t(it - at.begin() - 1)];
    }

    // The first transition in (after, until].
    [[nodiscard]] std::optional<Transition> firstIn(qint64 after, qint64 until) const
    {
        const auto it = std::upper_bound(at.begin(), at.end(), after);
        if (it == at.end() || *it > until)
            return std::nullopt;
        return transitionAt(std::size_t(it - at.begin()));
    }

    // The last transition in [since, t].
    [[nodiscard]] std::optional<Transition> lastIn(qint64 since, qint64 t) const
    {
        const auto it = std::upper_bound(at.begin(), at.end(), t);
        if (it == at.begin() || *(it - 1) < since)
            return std::nullopt;
        return transitionAt(std::size_t(it - at.begin() - 1));
    }

    [[nodiscard]] Transition transitionAt(std::size_t i) const
    {
        return { at[i], i == 0 ? offsetAtFrom : offsetAfter[i - 1], offsetAfter[i] };
    }
};

int qtOffsetAt(const QTimeZone &zone, qint64 t)
{
    return zone.offsetFromUtc(instant(t));
}

// Appends the offset changes at instants in [first, last) to @p table, whose current offset
// (in effect at first - 1) is @p offset.
void appendTransitions(const QTimeZone &zone, qint64 first, qint64 last, int offset, ZoneTable &table)
{
    // Shorter than any real stretch between two offset changes (Morocco's Ramadan pauses last about
    // a month), so a probe that finds the offset unchanged has not stepped over a pair of them.
    constexpr qint64 kProbe = 27 * kSecondsPerDay;
    qint64 t = first - 1;
    while (t < last - 1) {
        const qint64 probe = std::min(t + kProbe, last - 1);
        const QTimeZone::OffsetData next = zone.nextTransition(instant(t));
        const qint64 x = next.atUtc.isValid() ? next.atUtc.toSecsSinceEpoch() : probe + 1;
        if (x > t && x <= probe) {
            const int after = qtOffsetAt(zone, x);
            if (after != offset) {
                table.at.push_back(x);
                table.offsetAfter.push_back(after);
                offset = after;
            }
            t = x;
            continue;
        }
        const int atProbe = qtOffsetAt(zone, probe);
        if (atProbe != offset) {
            // Qt missed it: find the first second with the new offset.
            qint64 lo = t;
            qint64 hi = probe;
            while (hi - lo > 1) {
                const qint64 mid = lo + (hi - lo) / 2;
                (qtOffsetAt(zone, mid) == offset ? lo : hi) = mid;
            }
            const int after = qtOffsetAt(zone, hi);
            table.at.push_back(hi);
            table.offsetAfter.push_back(after);
            offset = after;
            t = hi;
            continue;
        }
        t = probe;
    }
}

class ZoneCache
{
public:
    static ZoneCache &instance()
    {
        static ZoneCache cache;
        return cache;
    }

    // A table for @p zone that covers the instants [first, last].
    std::shared_ptr<const ZoneTable> covering(const QTimeZone &zone, qint64 first, qint64 last)
    {
        const QByteArray id = zone.id();
        QMutexLocker locker(&m_mutex);
        std::shared_ptr<const ZoneTable> &slot = m_tables[id];
        if (slot && slot->covers(first, last))
            return slot;

        // Whole chunks, so that a scheduler moving forward extends the table about once a year.
        constexpr qint64 kChunk = 366 * kSecondsPerDay;
        const qint64 from = floorDiv(first, kChunk) * kChunk;
        const qint64 to = (floorDiv(last, kChunk) + 1) * kChunk;
        auto table = std::make_shared<ZoneTable>();
        if (!slot) {
            table->from = from;
            table->to = to;
            table->offsetAtFrom = qtOffsetAt(zone, from - 1);
            appendTransitions(zone, from, to, table->offsetAtFrom, *table);
        } else {
            const ZoneTable &old = *slot;
            table->from = std::min(from, old.from);
            table->to = std::max(to, old.to);
            table->offsetAtFrom
                = table->from < old.from ? qtOffsetAt(zone, table->from - 1) : old.offsetAtFrom;
            if (table->from < old.from)
                appendTransitions(zone, table->from, old.from, table->offsetAtFrom, *table);
            table->at.insert(table->at.end(), old.at.begin(), old.at.end());
            table->offsetAfter.insert(
                table->offsetAfter.end(), old.offsetAfter.begin(), old.offsetAfter.end());
            if (table->to > old.to) {
                const int offset = old.offsetAfter.empty() ? old.offsetAtFrom : old.offsetAfter.back();
                appendTransitions(zone, old.to, table->to, offset, *table);
            }
        }
        slot = table;
        return slot;
    }

private:
    QMutex m_mutex;
    QHash<QByteArray, std::shared_ptr<const ZoneTable>> m_tables;
};

} // namespace

// --- Parsing -----------------------------------------------------------------------------------

enum class CronField { Second, Minute, Hour, DayOfMonth, Month, DayOfWeek };

class CronParser
{
public:
    static CronExpression::ParseResult parse(const QString &text);

private:
    struct Spec
    {
        QLatin1String name;
        int min;
        int max;
    };

    static Spec specFor(CronField field);
    static std::optional<int> lookUpName(CronField field, const QString &upper);
    // Parses one field into @p expression; returns an error (without the field name) or nothing.
    static std::optional<QString> parseField(
        CronField field, const QString &text, CronExpression &expression);
    static std::optional<QString> parseItem(CronField field, const QString &item, CronExpression &expression);
    static std::optional<QString> parseValue(CronField field, const QString &text, int &value);
    static void setBit(CronField field, int value, CronExpression &expression);
};

CronParser::Spec CronParser::specFor(CronField field)
{
    switch (field) {
    case CronField::Second:
        return { "second"_L1, 0, 59 };
    case CronField::Minute:
        return { "minute"_L1, 0, 59 };
    case CronField::Hour:
        return { "hour"_L1, 0, 23 };
    case CronField::DayOfMonth:
        return { "day-of-month"_L1, 1, 31 };
    case CronField::Month:
        return { "month"_L1, 1, 12 };
    case CronField::DayOfWeek:
        return { "day-of-week"_L1, 0, 7 }; // 0 and 7 are Sunday
    }
    Q_UNREACHABLE();
}

std::optional<int> CronParser::lookUpName(CronField field, const QString &upper)
{
    static const QLatin1String kMonths[] = { "JAN"_L1, "FEB"_L1, "MAR"_L1, "APR"_L1, "MAY"_L1, "JUN"_L1,
        "JUL"_L1, "AUG"_L1, "SEP"_L1, "OCT"_L1, "NOV"_L1, "DEC"_L1 };
    static const QLatin1String kDays[]
        = { "SUN"_L1, "MON"_L1, "TUE"_L1, "WED"_L1, "THU"_L1, "FRI"_L1, "SAT"_L1 };
    if (field == CronField::Month) {
        for (int i = 0; i < 12; ++i) {
            if (upper == kMonths[i])
                return i + 1;
        }
    } else if (field == CronField::DayOfWeek) {
        for (int i = 0; i < 7; ++i) {
            if (upper == kDays[i])
                return i;
        }
    }
    return std::nullopt;
}

std::optional<QString> CronParser::parseValue(CronField field, const QString &text, int &value)
{
    const Spec spec = specFor(field);
    if (text.isEmpty())
        return u"missing value"_s;
    if (isNumber(text)) {
        const int number = numberValue(text);
        if (number < spec.min || number > spec.max)
            return u"value %1 out of range %2-%3"_s.arg(text).arg(spec.min).arg(spec.max);
        value = number;
        return std::nullopt;
    }
    const bool letters = std::all_of(text.begin(), text.end(),
        [](QChar c) { return (c >= u'A' && c <= u'Z') || (c >= u'a' && c <= u'z'); });
    if (letters && (field == CronField::Month || field == CronField::DayOfWeek)) {
        if (const auto named = lookUpName(field, text.toUpper())) {
            value = *named;
            return std::nullopt;
        }
        return u"unknown name \"%1\""_s.arg(text);
    }
    return u"invalid value \"%1\""_s.arg(text);
}

void CronParser::setBit(CronField field, int value, CronExpression &e)
{
    switch (field) {
    case CronField::Second:
        e.m_seconds |= quint64(1) << value;
        break;
    case CronField::Minute:
        e.m_minutes |= quint64(1) << value;
        break;
    case CronField::Hour:
        e.m_hours |= bit32(value);
        break;
    case CronField::DayOfMonth:
        e.m_daysOfMonth |= bit32(value);
        break;
    case CronField::Month:
        e.m_months |= bit32(value);
        break;
    case CronField::DayOfWeek:
        e.m_daysOfWeek |= bit32(value % 7);
        break;
    }
}

std::optional<QString> CronParser::parseItem(CronField field, const QString &item, CronExpression &e)
{
    const Spec spec = specFor(field);
    const QString upper = item.toUpper();

    if (field == CronField::DayOfMonth) {
        if (upper == "L"_L1) {
            e.m_lastDayOffsets |= 1;
            e.m_hasDaySpecials = true;
            return std::nullopt;
        }
        if (upper == "LW"_L1) {
            e.m_lastWeekdayOfMonth = true;
            e.m_hasDaySpecials = true;
            return std::nullopt;
        }
        if (upper.startsWith("L-"_L1)) {
            const QString offsetText = upper.mid(2);
            if (!isNumber(offsetText))
                return u"invalid offset in \"%1\", expected L-n with n in 0-30"_s.arg(item);
            const int offset = numberValue(offsetText);
            if (offset > 30)
                return u"offset %1 in \"%2\" out of range 0-30"_s.arg(offsetText, item);
            e.m_lastDayOffsets |= bit32(offset);
            e.m_hasDaySpecials = true;
            return std::nullopt;
        }
        if (upper.endsWith(u'W')) {
            const QString dayText = item.chopped(1);
            if (dayText.isEmpty() || dayText.contains(u'-') || dayText.contains(u'/')
                || dayText.contains(u'*')) {
                return u"W needs a single day before it, e.g. 15W (got \"%1\")"_s.arg(item);
            }
            int day = 0;
            if (auto error = parseValue(field, dayText, day))
                return error;
            e.m_nearestWeekdays |= bit32(day);
            e.m_hasDaySpecials = true;
            return std::nullopt;
        }
        if (upper.contains(u'L') || upper.contains(u'W'))
            return u"invalid use of L or W in \"%1\" (allowed: L, L-n, LW, nW)"_s.arg(item);
    }

    if (field == CronField::DayOfWeek) {
        if (const qsizetype hash = upper.indexOf(u'#'); hash >= 0) {
            const QString dayText = item.left(hash);
            const QString nthText = item.mid(hash + 1);
            if (dayText.isEmpty() || dayText.contains(u'-') || dayText.contains(u'/')
                || dayText.contains(u'*'))
                return u"# needs a single day before it, e.g. 5#3 (got \"%1\")"_s.arg(item);
            int day = 0;
            if (auto error = parseValue(field, dayText, day))
                return error;
            const int nth = isNumber(nthText) ? numberValue(nthText) : 0;
            if (nth < 1 || nth > 5)
                return u"occurrence \"%1\" in \"%2\" out of range 1-5"_s.arg(nthText, item);
            e.m_nthDowOfMonth[std::size_t(nth - 1)] |= bit32(day % 7);
            e.m_hasDaySpecials = true;
            return std::nullopt;
        }
        if (upper == "L"_L1)
            return u"L needs a day before it, e.g. 5L for the last Friday"_s;
        if (upper.endsWith(u'L')) {
            const QString dayText = item.chopped(1);
            if (dayText.contains(u'-') || dayText.contains(u'/') || dayText.contains(u'*'))
                return u"L needs a single day before it, e.g. 5L (got \"%1\")"_s.arg(item);
            int day = 0;
            if (auto error = parseValue(field, dayText, day))
                return error;
            e.m_lastDowOfMonth |= bit32(day % 7);
            e.m_hasDaySpecials = true;
            return std::nullopt;
        }
    }

    QString base = item;
    int step = 0;
    if (const qsizetype slash = item.indexOf(u'/'); slash >= 0) {
        base = item.left(slash);
        const QString stepText = item.mid(slash + 1);
        if (stepText.isEmpty())
            return u"missing step after \"/\" in \"%1\""_s.arg(item);
        if (!isNumber(stepText))
            return u"invalid step \"%1\""_s.arg(stepText);
        const int span = spec.max - spec.min + 1;
        step = numberValue(stepText);
        if (step == 0)
            return u"step must be positive"_s;
        if (step > span)
            return u"step %1 out of range 1-%2"_s.arg(stepText).arg(span);
        if (base.isEmpty())
            return u"missing start before \"/\" in \"%1\""_s.arg(item);
    }

    int low = 0;
    int high = 0;
    if (base == "*"_L1) {
        low = spec.min;
        high = spec.max;
    } else if (base == "?"_L1) {
        if (field != CronField::DayOfMonth && field != CronField::DayOfWeek)
            return u"\"?\" is only allowed in day-of-month and day-of-week"_s;
        if (step != 0)
            return u"\"?\" cannot take a step"_s;
        low = spec.min;
        high = spec.max;
    } else if (const qsizetype dash = base.indexOf(u'-'); dash >= 0) {
        const QString lowText = base.left(dash);
        const QString highText = base.mid(dash + 1);
        if (lowText.isEmpty() || highText.isEmpty() || highText.contains(u'-'))
            return u"invalid range \"%1\""_s.arg(base);
        if (auto error = parseValue(field, lowText, low))
            return error;
        if (auto error = parseValue(field, highText, high))
            return error;
        // "FRI-SUN": Sunday written as 0 at the end of a range means 7, as in cronie.
        if (field == CronField::DayOfWeek && high == 0 && low > 0)
            high = 7;
        if (low > high)
            return u"range \"%1\" is reversed (start after end)"_s.arg(base);
    } else {
        if (auto error = parseValue(field, base, low))
            return error;
        // "7/10" means 7-max/10.
        high = step != 0 ? spec.max : low;
    }

    for (int value = low; value <= high; value += std::max(step, 1))
        setBit(field, value, e);
    return std::nullopt;
}

std::optional<QString> CronParser::parseField(CronField field, const QString &text, CronExpression &e)
{
    const QStringList items = text.split(u',');
    for (const QString &item : items) {
        if (item.isEmpty())
            return u"empty list item in \"%1\""_s.arg(text);
        if (auto error = parseItem(field, item, e))
            return error;
    }
    return std::nullopt;
}

CronExpression::ParseResult CronParser::parse(const QString &text)
{
    CronExpression::ParseResult result;
    const QString trimmed = text.simplified();
    if (trimmed.isEmpty()) {
        result.error = u"expression is empty"_s;
        return result;
    }

    QString fieldsText = trimmed;
    if (trimmed.startsWith(u'@')) {
        const QString macro = trimmed.section(u' ', 0, 0).toLower();
        static const QHash<QString, QString> kMacros = {
            { u"@yearly"_s, u"0 0 1 1 *"_s },
            { u"@annually"_s, u"0 0 1 1 *"_s },
            { u"@monthly"_s, u"0 0 1 * *"_s },
            { u"@weekly"_s, u"0 0 * * 0"_s },
            { u"@daily"_s, u"0 0 * * *"_s },
            { u"@midnight"_s, u"0 0 * * *"_s },
            { u"@hourly"_s, u"0 * * * *"_s },
        };
        if (macro == "@reboot"_L1) {
            result.error = u"@reboot is not supported: Kumo fires on time, not at start-up"_s;
            return result;
        }
        const auto it = kMacros.constFind(macro);
        if (it == kMacros.constEnd()) {
            result.error = u"unknown macro \"%1\" (expected @yearly, @annually, @monthly, @weekly, @daily, "
                           "@midnight or @hourly)"_s.arg(trimmed.section(u' ', 0, 0));
            return result;
        }
        if (trimmed.contains(u' ')) {
            result.error = u"a macro stands alone, got \"%1\""_s.arg(trimmed);
            return result;
        }
        fieldsText = it.value();
    }

    const QStringList fields = fieldsText.split(u' ');
    if (fields.size() != 5 && fields.size() != 6) {
        result.error = u"expected 5 or 6 fields, got %1"_s.arg(fields.size());
        return result;
    }

    CronExpression e;
    e.m_hasSeconds = fields.size() == 6;
    const qsizetype first = e.m_hasSeconds ? 0 : 1;
    static constexpr CronField kOrder[] = { CronField::Second, CronField::Minute, CronField::Hour,
        CronField::DayOfMonth, CronField::Month, CronField::DayOfWeek };
    for (qsizetype i = 0; i < fields.size(); ++i) {
        const CronField field = kOrder[first + i];
        if (auto error = parseField(field, fields[i], e)) {
            result.error = specFor(field).name + u": "_s + *error;
            return result;
        }
    }
    if (!e.m_hasSeconds)
        e.m_seconds = 1;

    const QString &dom = fields[fields.size() - 3];
    const QString &dow = fields[fields.size() - 1];
    e.m_domStar = dom.startsWith(u'*') || dom.startsWith(u'?');
    e.m_dowStar = dow.startsWith(u'*') || dow.startsWith(u'?');
    e.m_hourIsStar = fields[fields.size() - 4] == "*"_L1;
    for (int firstWeekday = 0; firstWeekday < 7; ++firstWeekday) {
        quint32 days = 0;
        for (int day = 1; day <= 31; ++day) {
            if (e.m_daysOfWeek & bit32((firstWeekday + day - 1) % 7))
                days |= bit32(day);
        }
        e.m_dowDaysByFirstWeekday[std::size_t(firstWeekday)] = days;
    }
    e.m_text = trimmed.startsWith(u'@') ? trimmed : trimmed.toUpper();
    result.expression = std::move(e);
    return result;
}

CronExpression::ParseResult CronExpression::parse(const QString &text)
{
    return CronParser::parse(text);
}

// --- Next fire ---------------------------------------------------------------------------------

quint32 CronExpression::daysInMonthMatching(int year, int month) const
{
    const int length = daysInMonth(year, month);
    const int firstWeekday = weekdayOfDays(daysFromCivil(year, month, 1));
    const int lastWeekday = (firstWeekday + length - 1) % 7;
    quint32 dom = m_daysOfMonth;
    quint32 dow = m_dowDaysByFirstWeekday[std::size_t(firstWeekday)];

    if (m_hasDaySpecials) {
        for (quint32 offsets = m_lastDayOffsets; offsets; offsets &= offsets - 1) {
            const int day = length - std::countr_zero(offsets);
            if (day >= 1)
                dom |= bit32(day);
        }
        if (m_lastWeekdayOfMonth)
            dom |= bit32(length - (lastWeekday == 6 ? 1 : lastWeekday == 0 ? 2 : 0));
        // Quartz's nW: the weekday nearest to day n, never leaving the month.
        for (quint32 days = m_nearestWeekdays; days; days &= days - 1) {
            const int day = std::countr_zero(days);
            if (day > length)
                continue;
            const int weekday = (firstWeekday + day - 1) % 7;
            int nearest = day;
            if (weekday == 6)
                nearest = day == 1 ? 3 : day - 1;
            else if (weekday == 0)
                nearest = day == length ? day - 2 : day + 1;
            dom |= bit32(nearest);
        }
        for (quint32 weekdays = m_lastDowOfMonth; weekdays; weekdays &= weekdays - 1) {
            const int weekday = std::countr_zero(weekdays);
            dow |= bit32(length - (lastWeekday - weekday + 7) % 7);
        }
        for (std::size_t k = 0; k < m_nthDowOfMonth.size(); ++k) {
            for (quint32 weekdays = m_nthDowOfMonth[k]; weekdays; weekdays &= weekdays - 1) {
                const int day = 1 + (std::countr_zero(weekdays) - firstWeekday + 7) % 7 + 7 * int(k);
                if (day <= length)
                    dow |= bit32(day);
            }
        }
    }

    const quint32 valid = (bit32(length) - 1) << 1;
    return ((m_domStar || m_dowStar) ? (dom & dow) : (dom | dow)) & valid;
}

std::optional<qint64> CronExpression::nextWallMatch(qint64 wallFrom, int lastYear) const
{
    if (!m_months || !m_hours || !m_minutes || !m_seconds)
        return std::nullopt;

    const qint64 startDays = floorDiv(wallFrom, kSecondsPerDay);
    const int startSecond = int(wallFrom - startDays * kSecondsPerDay);
    const CivilDate date = civilFromDays(startDays);
    qint64 year = date.year;
    int month = date.month;
    int day = date.day;
    // The time of day to start from; zero once we have moved to a later day.
    int hour = startSecond / 3600;
    int minute = startSecond / 60 % 60;
    int second = startSecond % 60;

    while (year <= lastYear) {
        const quint64 months = bitsFrom(m_months, month);
        if (!months) {
            ++year;
            month = 1;
            day = 1;
            hour = minute = second = 0;
            continue;
        }
        if (const int next = std::countr_zero(months); next != month) {
            month = next;
            day = 1;
            hour = minute = second = 0;
        }

        for (quint64 days = bitsFrom(daysInMonthMatching(int(year), month), day); days; days &= days - 1) {
            if (const int next = std::countr_zero(days); next != day) {
                day = next;
                hour = minute = second = 0;
            }
            for (quint64 hours = bitsFrom(m_hours, hour); hours; hours &= hours - 1) {
                if (const int next = std::countr_zero(hours); next != hour) {
                    hour = next;
                    minute = second = 0;
                }
                for (quint64 minutes = bitsFrom(m_minutes, minute); minutes; minutes &= minutes - 1) {
                    if (const int next = std::countr_zero(minutes); next != minute) {
                        minute = next;
                        second = 0;
                    }
                    if (const quint64 seconds = bitsFrom(m_seconds, second)) {
                        return daysFromCivil(year, month, day) * kSecondsPerDay + hour * 3600 + minute * 60
                            + std::countr_zero(seconds);
                    }
                }
            }
        }

        if (++month > 12) {
            month = 1;
            ++year;
        }
        day = 1;
        hour = minute = second = 0;
    }
    return std::nullopt;
}

QDateTime CronExpression::nextFireAfter(const QDateTime &after, const QTimeZone &zone) const
{
    if (!after.isValid() || !zone.isValid())
        return {};
    // Whole seconds: the first candidate is the second after the one holding `after`.
    const qint64 start = floorDiv(after.toMSecsSinceEpoch(), 1000);

    if (!zone.hasTransitions()) {
        const int offset = zone.offsetFromUtc(after);
        const qint64 wallFrom = start + offset + 1;
        const int lastYear = int(civilFromDays(floorDiv(wallFrom, kSecondsPerDay)).year) + kSearchYears;
        const auto wall = nextWallMatch(wallFrom, lastYear);
        return wall ? instant(*wall - offset) : QDateTime();
    }

    // A fall-back repeats less wall time than this (real ones move clocks by a day at most), so an
    // older one cannot decide whether `after` lies in repeated wall times.
    constexpr qint64 kLookBehind = 2 * kSecondsPerDay;
    ZoneCache &cache = ZoneCache::instance();
    std::shared_ptr<const ZoneTable> table = cache.covering(zone, start - kLookBehind, start);

    int offset = table->offsetAt(start);
    qint64 wallFrom = start + offset + 1;
    const int lastYear = int(civilFromDays(floorDiv(wallFrom, kSecondsPerDay)).year) + kSearchYears;
    // Starting inside the repeated wall times after a fall-back: they already fired the first
    // time round unless the hour field is "*".
    if (!m_hourIsStar) {
        if (const auto previous = table->lastIn(start - kLookBehind, start);
            previous && previous->offsetBefore > previous->offsetAfter) {
            wallFrom = std::max(wallFrom, previous->at + previous->offsetBefore);
        }
    }

    // Each pass either returns or crosses one offset change.
    qint64 periodStart = start; // the offset is `offset` for instants after this, up to the next change
    for (int pass = 0; pass < 100 * kSearchYears; ++pass) {
        const auto wall = nextWallMatch(wallFrom, lastYear);
        if (!wall)
            return {};
        const qint64 candidate = *wall - offset;
        if (!table->covers(periodStart, candidate))
            table = cache.covering(zone, periodStart, candidate);
        const auto change = table->firstIn(periodStart, candidate);
        if (!change)
            return instant(candidate);

        if (change->offsetAfter > change->offsetBefore) {
            // Spring forward: matches in the skipped wall times fire once, when the gap ends.
            if (*wall < change->at + change->offsetAfter)
                return instant(change->at);
            wallFrom = *wall;
        } else {
            // Fall back: wall times in [at + after, at + before) come round again.
            wallFrom = m_hourIsStar ? change->at + change->offsetAfter : *wall;
        }
        offset = change->offsetAfter;
        periodStart = change->at;
    }
    return {};
}

} // namespace Kumo
