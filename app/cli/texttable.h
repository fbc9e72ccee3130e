// SPDX-License-Identifier: MIT
#pragma once

#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>

namespace Kumo::Cli {

/// Rows of text printed in aligned columns under an upper-case header, as `ps` and `kubectl`
/// do; the last column is not padded.
class TextTable
{
public:
    explicit TextTable(QStringList headers);

    void addRow(QStringList cells);
    [[nodiscard]] bool isEmpty() const { return m_rows.isEmpty(); }
    /// The header and rows, each line ending in "\n".
    [[nodiscard]] QString toString() const;

private:
    QStringList m_headers;
    QList<QStringList> m_rows;
};

/// An RFC 3339 instant from the API as local wall time, "2026-11-30 09:00:05"; "-" for null.
[[nodiscard]] QString formatInstant(const QJsonValue &rfc3339);
/// A size for people: "512 B", "38.2 KiB", "17 MiB".
[[nodiscard]] QString formatBytes(qint64 bytes);
/// A duration for people: "850ms", "12.3s", "4m05s", "2h03m", "3d04h".
[[nodiscard]] QString formatDuration(qint64 ms);

} // namespace Kumo::Cli
