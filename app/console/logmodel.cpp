// SPDX-License-Identifier: MIT
#include "console/logmodel.h"

#include "engine.h"
#include "execution/logreader.h"
#include "execution/runlauncher.h"
#include "storage/runstore.h"

#include <QFile>
#include <QFileInfo>

namespace Kumo {

namespace {

/// What a terminal would show of a line: a progress bar rewrites it after each '\r'.
QString displayed(QByteArrayView bytes)
{
    QString text = QString::fromUtf8(bytes);
    if (text.endsWith(u'\r'))
        text.chop(1);
    return text.mid(text.lastIndexOf(u'\r') + 1);
}

/// Where rows may begin in @p data read from byte @p offset of a log: at the file's start, else
/// after the first newline; in a window that holds no line start, at its first whole character
/// (its row is then a piece of a longer line).
qsizetype rowStart(QByteArrayView data, qint64 offset)
{
    if (offset == 0)
        return 0;
    const qsizetype newline = data.indexOf('\n');
    if (newline >= 0 && newline + 1 < data.size())
        return newline + 1;
    return leadingUtf8Continuation(data);
}

} // namespace

void LogModel::Cutter::feed(QByteArrayView data, bool stderr, QList<Line> &rows)
{
    qsizetype start = 0;
    for (qsizetype newline = data.indexOf('\n'); newline >= 0; newline = data.indexOf('\n', start)) {
        partial += data.sliced(start, newline - start);
        rows.append({ displayed(partial), number, stderr || partialStderr });
        ++number;
        partial.clear();
        partialStderr = false;
        start = newline + 1;
    }
    if (start == data.size())
        return;
    partial += data.sliced(start);
    partialStderr = partialStderr || stderr;
    // Only what follows the last '\r' shows: a progress bar's line stays small however long it runs.
    if (partial.size() > 1) {
        const qsizetype carriageReturn = partial.lastIndexOf('\r', partial.size() - 2);
        if (carriageReturn > 0)
            partial.remove(0, carriageReturn);
    }
    while (partial.size() > kChunkBytes) {
        QByteArrayView piece = QByteArrayView(partial).first(kChunkBytes);
        piece.chop(incompleteUtf8Tail(piece));
        rows.append({ displayed(piece), number, partialStderr });
        partial.remove(0, piece.size());
    }
}

void LogModel::Cutter::feed(const LogChunk &chunk, qint64 from, QList<Line> &rows)
{
    const auto bytes = [&chunk](qint64 begin, qint64 end) {
        return QByteArrayView(chunk.data).sliced(begin - chunk.offset, end - begin);
    };
    // Split where the stream changes, so that stderr lines keep their mark.
    qint64 at = from;
    for (const LogSegment &segment : chunk.segments) {
        const qint64 start = std::max(segment.offset, at);
        const qint64 end = std::min(segment.offset + segment.length, chunk.end);
        if (end <= start)
            continue;
        if (start > at)
            feed(bytes(at, start), false, rows);
        feed(bytes(start, end), segment.stream == OutputStream::Stderr, rows);
        at = end;
    }
    if (at < chunk.end)
        feed(bytes(at, chunk.end), false, rows);
}

LogModel::Line LogModel::Cutter::partialRow() const
{
    return { displayed(partial), number, partialStderr };
}

void LogModel::Cutter::finish(QList<Line> &rows)
{
    if (partial.isEmpty())
        return;
    rows.append(partialRow());
    ++number;
    partial.clear();
    partialStderr = false;
}

LogModel::LogModel(Engine &engine, QObject *parent)
    : QAbstractListModel(parent)
    , m_engine(engine)
{
    connect(&engine.launcher(), &RunLauncher::logAppended, this, &LogModel::onLogAppended);
    connect(&engine, &Engine::runChanged, this, &LogModel::onRunChanged);
}

LogModel::~LogModel() = default;

void LogModel::setRunId(qint64 runId)
{
    if (runId == m_runId)
        return;
    const bool hadEarlier = hasEarlier();
    const bool wasComplete = m_complete;
    beginResetModel();
    m_runId = runId;
    m_lines.clear();
    m_cutter = {};
    m_unfinishedRow = false;
    m_start = 0;
    m_startNumber = 0;
    m_numberBase.reset();
    m_next = 0;
    const std::optional<Run> run = runId > 0 ? m_engine.runs().get(runId) : std::nullopt;
    m_logPath = run ? run->logPath : QString();
    const bool ended = run && !isActive(run->state);
    QList<Line> rows;
    openAtEnd(rows);
    if (ended)
        m_cutter.finish(rows);
    m_lines = rows;
    m_unfinishedRow = !m_cutter.partial.isEmpty();
    if (m_unfinishedRow)
        m_lines.append(m_cutter.partialRow());
    findLineNumbers();
    endResetModel();
    Q_EMIT runIdChanged();
    Q_EMIT countChanged();
    if (hadEarlier != hasEarlier())
        Q_EMIT hasEarlierChanged();
    m_complete = ended;
    if (wasComplete != m_complete)
        Q_EMIT completeChanged();
}

void LogModel::openAtEnd(QList<Line> &rows)
{
    if (m_logPath.isEmpty())
        return;
    const qint64 size = QFileInfo(m_logPath).size();
    if (size > kChunkBytes) {
        const LogChunk chunk = LogReader::read(m_logPath, size - kChunkBytes, kChunkBytes);
        m_start = chunk.offset + rowStart(chunk.data, chunk.offset);
        m_cutter.feed(chunk, m_start, rows);
        m_next = chunk.end;
    }
    readFile(rows); // what was written since, if anything
}

void LogModel::readFile(QList<Line> &rows)
{
    if (m_logPath.isEmpty())
        return;
    for (;;) {
        const LogChunk chunk = LogReader::read(m_logPath, m_next, kChunkBytes);
        if (chunk.data.isEmpty())
            return;
        m_cutter.feed(chunk, chunk.offset, rows);
        m_next = chunk.end;
    }
}

void LogModel::loadEarlier()
{
    if (!hasEarlier() || m_logPath.isEmpty())
        return;
    const qint64 from = std::max<qint64>(0, m_start - kChunkBytes);
    const LogChunk chunk = LogReader::read(m_logPath, from, m_start - from);
    if (chunk.data.isEmpty() || chunk.end != m_start)
        return; // the file is not what it was (deleted meanwhile)
    const qint64 begin = chunk.offset + rowStart(chunk.data, chunk.offset);
    Cutter cutter;
    QList<Line> rows;
    cutter.feed(chunk, begin, rows);
    // Bytes left after the last newline continue the line at m_start: a piece of it, same number.
    const qint64 shift = m_startNumber - cutter.number;
    if (!cutter.partial.isEmpty())
        rows.append(cutter.partialRow());
    for (Line &row : rows)
        row.number += shift;
    m_start = begin;
    m_startNumber = shift;
    if (!rows.isEmpty()) {
        beginInsertRows({}, 0, int(rows.size()) - 1);
        m_lines = rows + m_lines;
        endInsertRows();
        Q_EMIT countChanged();
    }
    if (findLineNumbers() && !m_lines.isEmpty())
        Q_EMIT dataChanged(index(0), index(int(m_lines.size()) - 1), { LineNumberRole });
    if (!hasEarlier())
        Q_EMIT hasEarlierChanged();
}

bool LogModel::findLineNumbers()
{
    if (m_numberBase || m_start > kCountableBytes)
        return false;
    qint64 newlines = 0;
    if (m_start > 0) {
        QFile file(m_logPath);
        if (!file.open(QIODevice::ReadOnly))
            return false;
        for (qint64 left = m_start; left > 0;) {
            const QByteArray block = file.read(std::min<qint64>(left, 1024 * 1024));
            if (block.isEmpty())
                return false;
            newlines += block.count('\n');
            left -= block.size();
        }
    }
    m_numberBase = newlines + 1 - m_startNumber;
    return true;
}

void LogModel::onLogAppended(qint64 runId, OutputStream stream, qint64 offset, const QByteArray &data)
{
    if (runId != m_runId || m_complete)
        return;
    if (offset + data.size() <= m_next)
        return; // already read from the file
    QList<Line> rows;
    if (offset > m_next) {
        readFile(rows); // a gap: the file has it (it is written before this signal)
    } else {
        m_cutter.feed(QByteArrayView(data).sliced(m_next - offset), stream == OutputStream::Stderr, rows);
        m_next = offset + data.size();
    }
    show(rows);
}

void LogModel::onRunChanged(const Run &run)
{
    if (run.id != m_runId)
        return;
    if (m_logPath.isEmpty())
        m_logPath = run.logPath; // opened while queued: the file is named when the run starts
    if (!isActive(run.state) && !m_complete) {
        QList<Line> rows;
        readFile(rows);
        m_cutter.finish(rows);
        show(rows);
        m_complete = true;
        Q_EMIT completeChanged();
    }
    Q_EMIT runUpdated();
}

void LogModel::show(const QList<Line> &rows)
{
    const int shown = int(m_lines.size());
    const bool hadUnfinishedRow = m_unfinishedRow;
    if (hadUnfinishedRow)
        m_lines.removeLast();
    m_lines.append(rows);
    m_unfinishedRow = !m_cutter.partial.isEmpty();
    if (m_unfinishedRow)
        m_lines.append(m_cutter.partialRow());
    // The unfinished row is still there (grown or finished): at most, rows were added.
    Q_ASSERT(m_lines.size() >= shown);
    const QList<Line> added = m_lines.sliced(shown);
    m_lines.resize(shown);
    if (hadUnfinishedRow)
        Q_EMIT dataChanged(index(shown - 1), index(shown - 1));
    if (added.isEmpty())
        return;
    beginInsertRows({}, shown, shown + int(added.size()) - 1);
    m_lines.append(added);
    endInsertRows();
    Q_EMIT countChanged();
}

int LogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_lines.size());
}

QVariant LogModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Line &line = m_lines.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case TextRole:
        return line.text;
    case StderrRole:
        return line.stderr;
    case LineNumberRole:
        return m_numberBase ? *m_numberBase + line.number : qint64(0);
    default:
        return {};
    }
}

QHash<int, QByteArray> LogModel::roleNames() const
{
    return { { TextRole, "line" }, { StderrRole, "stderr" }, { LineNumberRole, "lineNumber" } };
}

QString LogModel::text() const
{
    QStringList lines;
    lines.reserve(m_lines.size());
    for (const Line &line : m_lines)
        lines.append(line.text);
    return lines.join(u'\n');
}

} // namespace Kumo
