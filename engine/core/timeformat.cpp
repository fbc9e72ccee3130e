// SPDX-License-Identifier: MIT
#include "core/timeformat.h"

#include <QDateTime>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace Kumo {

QString toRfc3339(qint64 ms)
{
    // Formatted by hand: QDateTime::toString goes through a locale-aware formatter and was
    // the largest single cost of serving a page of tasks. Civil-from-days after H. Hinnant.
    qint64 days = ms >= 0 ? ms / 86'400'000 : -((-ms + 86'399'999) / 86'400'000);
    qint64 msOfDay = ms - days * 86'400'000;
    days += 719'468;
    const qint64 era = (days >= 0 ? days : days - 146'096) / 146'097;
    const qint64 dayOfEra = days - era * 146'097;
    const qint64 yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36'524 - dayOfEra / 146'096) / 365;
    const qint64 dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    const qint64 monthIndex = (5 * dayOfYear + 2) / 153;
    const int day = int(dayOfYear - (153 * monthIndex + 2) / 5 + 1);
    const int month = int(monthIndex < 10 ? monthIndex + 3 : monthIndex - 9);
    const qint64 year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
    if (year < 0 || year > 9999) // outside RFC 3339's four digits: let Qt say what it can
        return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);

    char text[24];
    const auto put = [&text](int at, int value, int digits) {
        for (int i = digits - 1; i >= 0; --i, value /= 10)
            text[at + i] = char('0' + value % 10);
    };
    const int millis = int(msOfDay % 1000);
    const int seconds = int(msOfDay / 1000);
    put(0, int(year), 4);
    text[4] = '-';
    put(5, month, 2);
    text[7] = '-';
    put(8, day, 2);
    text[10] = 'T';
    put(11, seconds / 3600, 2);
    text[13] = ':';
    put(14, seconds / 60 % 60, 2);
    text[16] = ':';
    put(17, seconds % 60, 2);
    int length = 19;
    if (millis != 0) {
        text[19] = '.';
        put(20, millis, 3);
        length = 23;
    }
    text[length++] = 'Z';
    return QString::fromLatin1(text, length);
}

QJsonValue toRfc3339OrNull(const std::optional<qint64> &ms)
{
    return ms ? QJsonValue(toRfc3339(*ms)) : QJsonValue();
}

std::optional<qint64> parseRfc3339(QStringView text)
{
    // RFC 3339 insists on an explicit offset, which Qt's ISO parser would let us omit (local time).
    static const QRegularExpression kPattern(
        uR"(^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}:\d{2}:\d{2})(?:\.(\d+))?([Zz]|[+-]\d{2}:\d{2})$)"_s);
    const QRegularExpressionMatch match = kPattern.match(text.toString());
    if (!match.hasMatch())
        return std::nullopt;
    // Qt keeps milliseconds only; finer digits are dropped.
    const QString millis = QString(match.captured(3) + u"000"_s).left(3);
    const QString zone = match.captured(4).toUpper();
    const QDateTime parsed = QDateTime::fromString(
        match.captured(1) + u'T' + match.captured(2) + u'.' + millis + zone, Qt::ISODateWithMs);
    if (!parsed.isValid())
        return std::nullopt;
    return parsed.toMSecsSinceEpoch();
}

} // namespace Kumo
