// SPDX-License-Identifier: MIT
#include "cli/texttable.h"

#include "core/timeformat.h"

#include <QDateTime>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Kumo::Cli {

namespace {

constexpr int kColumnGap = 3;

/// Cells are one line: a newline in a task name or command would break the columns.
QString oneLine(QString text)
{
    text.replace(u'\n', u' ').replace(u'\r', u' ').replace(u'\t', u' ');
    return text;
}

} // namespace

TextTable::TextTable(QStringList headers)
    : m_headers(std::move(headers))
{ }

void TextTable::addRow(QStringList cells)
{
    for (QString &cell : cells)
        cell = oneLine(cell);
    m_rows.append(std::move(cells));
}

QString TextTable::toString() const
{
    QList<qsizetype> widths;
    for (const QString &header : m_headers)
        widths.append(header.size());
    for (const QStringList &row : m_rows) {
        for (qsizetype column = 0; column < row.size() && column < widths.size(); ++column)
            widths[column] = std::max(widths[column], row[column].size());
    }
    const auto line = [&widths](const QStringList &cells) -> QString {
        QString text;
        for (qsizetype column = 0; column < cells.size(); ++column) {
            if (column + 1 < cells.size() && column < widths.size())
                text += cells[column].leftJustified(widths[column] + kColumnGap);
            else
                text += cells[column];
        }
        return text + u'\n';
    };
    QString text = line(m_headers);
    for (const QStringList &row : m_rows)
        text += line(row);
    return text;
}

QString formatInstant(const QJsonValue &rfc3339)
{
    const std::optional<qint64> ms = parseRfc3339(rfc3339.toString());
    if (!ms)
        return u"-"_s;
    return QDateTime::fromMSecsSinceEpoch(*ms).toString(u"yyyy-MM-dd HH:mm:ss"_s);
}

QString formatBytes(qint64 bytes)
{
    if (bytes < 1024)
        return u"%1 B"_s.arg(bytes);
    const char *units[] = { "KiB", "MiB", "GiB", "TiB" };
    double value = double(bytes);
    int unit = -1;
    while (value >= 1024 && unit < 3) {
        value /= 1024;
        ++unit;
    }
    return u"%1 %2"_s.arg(value, 0, 'f', value < 10 ? 1 : 0).arg(QLatin1StringView(units[unit]));
}

QString formatDuration(qint64 ms)
{
    if (ms < 0)
        return u"-"_s;
    if (ms < 1000)
        return u"%1ms"_s.arg(ms);
    if (ms < 60 * 1000)
        return u"%1s"_s.arg(double(ms) / 1000.0, 0, 'f', 1);
    const qint64 seconds = ms / 1000;
    const auto two = [](qint64 value) { return QString::number(value).rightJustified(2, u'0'); };
    if (seconds < 3600)
        return u"%1m%2s"_s.arg(seconds / 60).arg(two(seconds % 60));
    if (seconds < 86400)
        return u"%1h%2m"_s.arg(seconds / 3600).arg(two(seconds / 60 % 60));
    return u"%1d%2h"_s.arg(seconds / 86400).arg(two(seconds / 3600 % 24));
}

} // namespace Kumo::Cli
