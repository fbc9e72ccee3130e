// SPDX-License-Identifier: MIT
#pragma once

#include "execution/logsink.h"

#include <QByteArray>
#include <QDeadlineTimer>
#include <QList>
#include <QString>

#include <optional>

namespace Kumo {

/// A byte range of a run log with the streams that wrote it.
struct LogChunk
{
    qint64 offset = 0; // first byte
    qint64 end = 0; // one past the last byte; the next read starts here
    qint64 size = 0; // the file's size when read
    QByteArray data;
    QList<LogSegment> segments; // clipped to [offset, end)
};

struct LogMatch
{
    qint64 line = 0; // 1-based
    qint64 offset = 0; // of the line's first byte
    OutputStream stream = OutputStream::Stdout;
    QString text;
};

struct LogSearchResult
{
    QList<LogMatch> matches;
    bool limited = false; // more matches exist than were returned
    bool timedOut = false; // the deadline passed before the end of the log
};

/// How many bytes at the end of @p data belong to a UTF-8 sequence that is not complete yet.
[[nodiscard]] qsizetype incompleteUtf8Tail(QByteArrayView data);
/// How many bytes at the start of @p data (at most 3) continue a UTF-8 sequence that began
/// before it: where data cut at an arbitrary byte has its first whole character.
[[nodiscard]] qsizetype leadingUtf8Continuation(QByteArrayView data);

/// Reads run logs written by LogSink, also while they grow. A missing file reads as empty.
/// Chunks never end inside a UTF-8 sequence, so each decodes on its own.
class LogReader
{
public:
    /// Up to @p maxBytes from @p offset (clamped to the file).
    [[nodiscard]] static LogChunk read(const QString &path, qint64 offset, qint64 maxBytes);
    /// The last @p lines lines (looking back at most @p maxBytes).
    [[nodiscard]] static LogChunk tail(const QString &path, int lines, qint64 maxBytes);
    /// Lines containing @p needle (or matching it as a regular expression); @p error receives
    /// the reason when the expression is invalid. Thread-safe. Stops at @p deadline, and each
    /// line's match is bounded (PCRE2 match limit), so no expression can run away.
    [[nodiscard]] static LogSearchResult search(const QString &path, const QString &needle, bool regex,
        bool caseSensitive, int maxMatches, QDeadlineTimer deadline, QString *error);
};

} // namespace Kumo
