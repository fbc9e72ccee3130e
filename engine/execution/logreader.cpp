// SPDX-License-Identifier: MIT
#include "execution/logreader.h"

#include <QFile>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace Kumo {

namespace {

QList<LogSegment> clip(const QList<LogSegment> &segments, qint64 begin, qint64 end)
{
    QList<LogSegment> clipped;
    for (const LogSegment &segment : segments) {
        const qint64 from = std::max(begin, segment.offset);
        const qint64 to = std::min(end, segment.offset + segment.length);
        if (to > from)
            clipped.append({ from, to - from, segment.stream });
    }
    return clipped;
}

OutputStream streamAt(const QList<LogSegment> &segments, qint64 offset)
{
    for (const LogSegment &segment : segments) {
        if (offset >= segment.offset && offset < segment.offset + segment.length)
            return segment.stream;
    }
    return OutputStream::Stdout;
}

} // namespace

qsizetype incompleteUtf8Tail(QByteArrayView data)
{
    const qsizetype n = data.size();
    for (qsizetype back = 1; back <= 3 && back <= n; ++back) {
        const auto c = static_cast<unsigned char>(data[n - back]);
        if ((c & 0xC0) == 0x80)
            continue; // continuation byte: look further back for the lead byte
        const int needed = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 1;
        return needed > back ? back : 0;
    }
    return 0;
}

qsizetype leadingUtf8Continuation(QByteArrayView data)
{
    qsizetype start = 0;
    while (start < data.size() && start < 3 && (static_cast<unsigned char>(data[start]) & 0xC0) == 0x80)
        ++start;
    return start;
}

LogChunk LogReader::read(const QString &path, qint64 offset, qint64 maxBytes)
{
    LogChunk chunk;
    QFile file(path);
    if (path.isEmpty() || !file.open(QIODevice::ReadOnly))
        return chunk;
    chunk.size = file.size();
    chunk.offset = std::clamp<qint64>(offset, 0, chunk.size);
    if (!file.seek(chunk.offset))
        return chunk;
    // At least one whole character (4 bytes), however small the limit.
    chunk.data = file.read(std::max<qint64>(4, maxBytes));
    // A sequence cut by maxBytes is left for the next read. At the end of the file nothing is
    // held back: the writer appends whole lines, and a finished log must be readable to its end.
    if (chunk.offset + chunk.data.size() < chunk.size)
        chunk.data.chop(incompleteUtf8Tail(chunk.data));
    chunk.end = chunk.offset + chunk.data.size();
    chunk.segments = clip(LogSink::readSegments(path), chunk.offset, chunk.end);
    return chunk;
}

LogChunk LogReader::tail(const QString &path, int lines, qint64 maxBytes)
{
    const qint64 size = QFile(path).size();
    LogChunk chunk = read(path, std::max<qint64>(0, size - maxBytes), maxBytes);
    // Skip to the first of the last @p lines lines (a final line without newline counts).
    qsizetype cut = chunk.data.size();
    if (chunk.data.endsWith('\n'))
        --cut;
    int seen = 0;
    while (cut > 0) {
        const qsizetype newline = chunk.data.lastIndexOf('\n', cut - 1);
        if (newline < 0) {
            cut = 0;
            break;
        }
        if (++seen == lines) {
            cut = newline + 1;
            break;
        }
        cut = newline;
    }
    if (seen < lines && chunk.offset > 0) {
        // The window started mid-line: drop the partial first line.
        const qsizetype first = chunk.data.indexOf('\n');
        cut = first < 0 ? 0 : first + 1;
    }
    if (lines <= 0)
        cut = chunk.data.size();
    chunk.data = chunk.data.sliced(cut);
    chunk.offset += cut;
    chunk.segments = clip(chunk.segments, chunk.offset, chunk.end);
    return chunk;
}

LogSearchResult LogReader::search(const QString &path, const QString &needle, bool regex, bool caseSensitive,
    int maxMatches, QDeadlineTimer deadline, QString *error)
{
    LogSearchResult result;
    QRegularExpression expression;
    if (regex) {
        // Catastrophic backtracking ends at the limit (the line then counts as not matching).
        expression.setPattern(u"(*LIMIT_MATCH=100000)(*LIMIT_DEPTH=10000)"_s + needle);
        if (!caseSensitive)
            expression.setPatternOptions(QRegularExpression::CaseInsensitiveOption);
        if (!expression.isValid()) {
            *error = u"invalid regular expression: %1"_s.arg(expression.errorString());
            return result;
        }
    }
    QFile file(path);
    if (path.isEmpty() || !file.open(QIODevice::ReadOnly))
        return result;
    const QList<LogSegment> segments = LogSink::readSegments(path);
    const Qt::CaseSensitivity sensitivity = caseSensitive ? Qt::CaseSensitive : Qt::CaseInsensitive;
    qint64 lineNumber = 0;
    qint64 offset = 0;
    while (!file.atEnd()) {
        if (deadline.hasExpired()) {
            result.timedOut = true;
            result.limited = true;
            break;
        }
        const QByteArray raw = file.readLine(1024 * 1024);
        ++lineNumber;
        const QString line = QString::fromUtf8(raw).chopped(raw.endsWith('\n') ? 1 : 0);
        const bool hit = regex ? expression.match(line).hasMatch() : line.contains(needle, sensitivity);
        if (hit) {
            if (result.matches.size() >= maxMatches) {
                result.limited = true;
                break;
            }
            result.matches.append({ lineNumber, offset, streamAt(segments, offset), line.left(2000) });
        }
        offset += raw.size();
    }
    return result;
}

} // namespace Kumo
