// SPDX-License-Identifier: MIT
#include "execution/logsink.h"

#include "core/logging.h"

#include <QDir>
#include <QFileInfo>
#include <QTimer>

#include <algorithm>
#include <utility>

using namespace Qt::StringLiterals;

// Index format (the file at indexPathFor(log)): one line per stderr segment of the log,
//   OFFSET LENGTH\n
// both decimal byte counts zero-padded to 15 digits, so that every line is 32 bytes and the
// last one can be rewritten in place when the next stderr write extends its segment. Lines are
// in log order and never overlap; bytes no line covers came from stdout. Readers accept any
// width and ignore an incomplete last line. A stdout-only log has no index file at all.

namespace Kumo {

namespace {

// A partial line waits at most this long for its end before it is written as it is, so that
// progress output without newlines still shows up promptly.
constexpr int kPartialFlushMs = 200;
// ... and is never buffered beyond this size.
constexpr qsizetype kMaxPartialBytes = 64 * 1024;
constexpr int kIndexNumberWidth = 15;

int slot(OutputStream stream)
{
    return stream == OutputStream::Stderr ? 1 : 0;
}

QByteArray indexLine(qint64 offset, qint64 length)
{
    return QByteArray::number(offset).rightJustified(kIndexNumberWidth, '0') + ' '
        + QByteArray::number(length).rightJustified(kIndexNumberWidth, '0') + '\n';
}

} // namespace

LogSink::LogSink(qint64 runId, const QString &path, qint64 capBytes, QObject *parent)
    : QObject(parent)
    , m_runId(runId)
    , m_path(path)
    , m_cap(capBytes)
    , m_partialTimer(new QTimer(this))
{
    m_partialTimer->setSingleShot(true);
    m_partialTimer->setInterval(kPartialFlushMs);
    connect(m_partialTimer, &QTimer::timeout, this, [this] {
        flushPartial(OutputStream::Stdout);
        flushPartial(OutputStream::Stderr);
    });
}

LogSink::~LogSink()
{
    finish();
}

bool LogSink::open()
{
    if (m_open)
        return true;
    const QString dir = QFileInfo(m_path).absolutePath();
    if (!QDir().mkpath(dir)) {
        m_error = u"cannot create the log directory %1"_s.arg(dir);
        return false;
    }
    // A stale log or index (a reused path) would be mistaken for this run's.
    const QString indexPath = indexPathFor(m_path);
    for (const QString &stale : { m_path, indexPath }) {
        if (QFileInfo::exists(stale) && !QFile::remove(stale)) {
            m_error = u"cannot remove the old log file %1"_s.arg(stale);
            return false;
        }
    }
    // The file itself is created by the first write: most scheduled runs print nothing, and
    // creating a file is the costliest step of launching one (ext4 inode allocation).
    m_file.setFileName(m_path);
    m_index.setFileName(indexPath);
    m_written = 0;
    m_error.clear();
    m_open = true;
    return true;
}

void LogSink::append(OutputStream stream, const QByteArray &data)
{
    if (!m_open || data.isEmpty())
        return;
    if (m_cap > 0 && m_written >= m_cap) {
        m_dropped += data.size();
        return;
    }
    QByteArray &partial = m_partial[slot(stream)];
    const qsizetype lastNewline = data.lastIndexOf('\n');
    if (lastNewline < 0) {
        partial += data;
    } else {
        QByteArray lines
            = partial.isEmpty() ? data.left(lastNewline + 1) : partial + data.left(lastNewline + 1);
        partial = data.mid(lastNewline + 1);
        writeChunk(stream, lines);
    }
    if (partial.size() > kMaxPartialBytes)
        flushPartial(stream);
    if (!partial.isEmpty() && !m_partialTimer->isActive())
        m_partialTimer->start();
}

void LogSink::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    m_partialTimer->stop();
    if (!m_open)
        return;
    flushPartial(OutputStream::Stdout);
    flushPartial(OutputStream::Stderr);
    if (m_dropped > 0) {
        const QString marker
            = u"[kumo] log truncated: %1 bytes beyond the %2-byte cap were dropped\n"_s.arg(m_dropped).arg(
                m_cap);
        writeRaw(OutputStream::Stdout, (m_lastByte == '\n' ? QByteArray() : "\n"_ba) + marker.toUtf8());
    }
    m_open = false;
    m_file.close();
    if (m_index.isOpen())
        m_index.close();
}

void LogSink::flushPartial(OutputStream stream)
{
    QByteArray &partial = m_partial[slot(stream)];
    if (!partial.isEmpty())
        writeChunk(stream, std::exchange(partial, QByteArray()));
}

void LogSink::setSecrets(QList<QByteArray> secrets)
{
    secrets.removeAll(QByteArray());
    // Longest first: a secret that contains another is masked whole.
    std::sort(secrets.begin(), secrets.end(),
        [](const QByteArray &a, const QByteArray &b) { return a.size() > b.size(); });
    m_secrets = std::move(secrets);
}

void LogSink::writeChunk(OutputStream stream, const QByteArray &chunk)
{
    // Chunks are whole lines (or a long partial one): a secret printed on one line is found.
    QByteArray masked;
    if (!m_secrets.isEmpty()) {
        masked = chunk;
        for (const QByteArray &secret : std::as_const(m_secrets))
            masked.replace(secret, "******");
    }
    const QByteArray &data = m_secrets.isEmpty() ? chunk : masked;
    qsizetype size = data.size();
    if (m_cap > 0) {
        const qint64 room = std::max<qint64>(0, m_cap - m_written);
        if (size > room) {
            m_dropped += size - room;
            size = qsizetype(room);
        }
    }
    if (size > 0)
        writeRaw(stream, size == data.size() ? data : data.left(size));
}

void LogSink::writeRaw(OutputStream stream, const QByteArray &data)
{
    if (!m_open || data.isEmpty())
        return;
    if (!m_file.isOpen() && !m_file.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        setError(u"cannot open the log file %1: %2"_s.arg(m_path, m_file.errorString()));
        return;
    }
    const qint64 offset = m_written;
    // Index before data: a live reader may then see a stderr range that is not in the log yet
    // (it clips it), but never stderr bytes labelled as stdout.
    if (stream == OutputStream::Stderr)
        recordStderr(offset, data.size());
    if (m_file.write(data) != data.size())
        setError(u"cannot write the log file %1: %2"_s.arg(m_path, m_file.errorString()));
    // One write() per chunk: prompt for live readers without a syscall per line.
    m_file.flush();
    m_written += data.size();
    m_lastByte = data.back();
    Q_EMIT appended(m_runId, stream, offset, data);
}

void LogSink::recordStderr(qint64 offset, qint64 length)
{
    if (!m_index.isOpen() && !m_index.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        setError(u"cannot open the log index %1: %2"_s.arg(m_index.fileName(), m_index.errorString()));
        return;
    }
    if (m_stderrOffset >= 0 && m_stderrOffset + m_stderrLength == offset) {
        m_stderrLength += length;
        m_index.seek(m_stderrLinePos);
    } else {
        m_stderrOffset = offset;
        m_stderrLength = length;
        m_stderrLinePos = m_index.pos();
    }
    const QByteArray line = indexLine(m_stderrOffset, m_stderrLength);
    if (m_index.write(line) != line.size() || !m_index.flush())
        setError(u"cannot write the log index %1: %2"_s.arg(m_index.fileName(), m_index.errorString()));
}

void LogSink::setError(const QString &error)
{
    // Once per sink: a full disk would otherwise log every chunk.
    if (m_error.isEmpty())
        qCWarning(lcExecution) << error;
    m_error = error;
}

QString LogSink::indexPathFor(const QString &logPath)
{
    return logPath + u".idx"_s;
}

QList<LogSegment> LogSink::readSegments(const QString &logPath)
{
    QList<LogSegment> segments;
    const qint64 size = QFileInfo(logPath).size();
    if (size <= 0)
        return segments;

    QList<std::pair<qint64, qint64>> stderrRanges; // [begin, end)
    QFile index(indexPathFor(logPath));
    if (index.open(QIODevice::ReadOnly)) {
        const QByteArray text = index.readAll();
        qsizetype lineStart = 0;
        for (qsizetype newline = text.indexOf('\n'); newline >= 0; newline = text.indexOf('\n', lineStart)) {
            const QList<QByteArray> fields = text.mid(lineStart, newline - lineStart).split(' ');
            lineStart = newline + 1;
            bool offsetOk = false;
            bool lengthOk = false;
            const qint64 offset = fields.value(0).toLongLong(&offsetOk);
            const qint64 length = fields.size() == 2 ? fields.value(1).toLongLong(&lengthOk) : 0;
            if (offsetOk && lengthOk && offset >= 0 && length > 0)
                stderrRanges.append({ offset, offset + length });
        }
    }
    std::sort(stderrRanges.begin(), stderrRanges.end());

    qint64 pos = 0;
    const auto add = [&](qint64 begin, qint64 end, OutputStream stream) {
        if (end <= begin)
            return;
        if (!segments.isEmpty() && segments.back().stream == stream
            && segments.back().offset + segments.back().length == begin) {
            segments.back().length += end - begin;
        } else {
            segments.append({ begin, end - begin, stream });
        }
    };
    for (const auto &[begin, end] : std::as_const(stderrRanges)) {
        if (begin >= size)
            break;
        add(pos, begin, OutputStream::Stdout);
        add(std::max(pos, begin), std::min(end, size), OutputStream::Stderr);
        pos = std::max(pos, std::min(end, size));
    }
    add(pos, size, OutputStream::Stdout);
    return segments;
}

bool LogSink::remove(const QString &logPath)
{
    bool ok = true;
    for (const QString &path : { logPath, indexPathFor(logPath) }) {
        if (QFileInfo::exists(path) && !QFile::remove(path))
            ok = false;
    }
    return ok;
}

} // namespace Kumo
