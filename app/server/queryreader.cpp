// SPDX-License-Identifier: MIT
#include "server/queryreader.h"

#include "core/timeformat.h"

using namespace Qt::StringLiterals;

namespace Kumo {

std::optional<QString> QueryReader::raw(const QString &name) const
{
    if (!m_query.hasQueryItem(name))
        return std::nullopt;
    return m_query.queryItemValue(name, QUrl::FullyDecoded);
}

QString QueryReader::text(const QString &name, int maxLength)
{
    const std::optional<QString> value = raw(name);
    if (!value)
        return {};
    if (value->size() > maxLength) {
        m_errors.append({ name, u"must be at most %1 characters"_s.arg(maxLength) });
        return {};
    }
    return *value;
}

int QueryReader::integer(const QString &name, int fallback, int min, int max)
{
    const std::optional<QString> value = raw(name);
    if (!value || value->isEmpty())
        return fallback;
    bool ok = false;
    const qint64 number = value->toLongLong(&ok);
    if (!ok || number < min || number > max) {
        m_errors.append({ name, u"must be a whole number from %1 to %2"_s.arg(min).arg(max) });
        return fallback;
    }
    return int(number);
}

std::optional<qint64> QueryReader::id(const QString &name)
{
    const std::optional<QString> value = raw(name);
    if (!value || value->isEmpty())
        return std::nullopt;
    bool ok = false;
    const qint64 number = value->toLongLong(&ok);
    if (!ok || number <= 0) {
        m_errors.append({ name, u"must be a positive id"_s });
        return std::nullopt;
    }
    return number;
}

std::optional<bool> QueryReader::flag(const QString &name)
{
    const std::optional<QString> value = raw(name);
    if (!value || value->isEmpty())
        return std::nullopt;
    if (*value == u"true" || *value == u"1")
        return true;
    if (*value == u"false" || *value == u"0")
        return false;
    m_errors.append({ name, u"must be true or false"_s });
    return std::nullopt;
}

std::optional<qint64> QueryReader::instant(const QString &name)
{
    const std::optional<QString> value = raw(name);
    if (!value || value->isEmpty())
        return std::nullopt;
    const std::optional<qint64> ms = parseRfc3339(*value);
    if (!ms)
        m_errors.append({ name, u"must be an RFC 3339 time with an offset, e.g. 2026-11-28T09:00:00Z"_s });
    return ms;
}

QStringList QueryReader::list(
    const QString &name, const std::function<bool(const QString &)> &valid, const QString &expected)
{
    const std::optional<QString> value = raw(name);
    if (!value || value->isEmpty())
        return {};
    QStringList items = value->split(u',', Qt::SkipEmptyParts);
    for (const QString &item : std::as_const(items)) {
        if (!valid(item)) {
            m_errors.append({ name, u"'%1' is not one of %2"_s.arg(item.left(50), expected) });
            return {};
        }
    }
    return items;
}

void QueryReader::paging(int *limit, int *offset)
{
    *limit = integer(u"limit"_s, 50, 1, 1000);
    *offset = integer(u"offset"_s, 0, 0, std::numeric_limits<int>::max());
}

} // namespace Kumo
