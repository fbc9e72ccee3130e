// SPDX-License-Identifier: MIT
#include "core/timeformat.h"

#include <QDateTime>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace Kumo {

QString toRfc3339(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(ms % 1000 ? Qt::ISODateWithMs : Qt::ISODate);
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
