// SPDX-License-Identifier: MIT
#include "console/logmodel.h"

#include "engine.h"
#include "execution/logreader.h"
#include "execution/runlauncher.h"
#include "storage/runstore.h"

namespace Kumo {

namespace {
constexpr qint64 kChunkBytes = 256 * 1024;
} // namespace

LogModel::LogModel(Engine &engine, QObject *parent)
    : QAbstractListModel(parent)
    , m_engine(engine)
{
    connect(&engine.launcher(), &RunLauncher::logAppended, this, &LogModel::onLogAppended);
    connect(&engine, &Engine::runChanged, this, &LogModel::onRunChanged);
}

void LogModel::setRunId(qint64 runId)
{
    if (runId == m_runId)
        return;
    beginResetModel();
    m_runId = runId;
    m_lines.clear();
    m_partial.clear();
    m_partialStderr = false;
    m_next = 0;
    m_complete = false;
    const std::optional<Run> run = runId > 0 ? m_engine.runs().get(runId) : std::nullopt;
    m_logPath = run ? run->logPath : QString();
    if (run)
        readFile();
    const bool ended = run && !isActive(run->state);
    if (ended)
        flushPartialLine();
    endResetModel();
    Q_EMIT runIdChanged();
    Q_EMIT countChanged();
    if (ended != m_complete) {
        m_complete = ended;
        Q_EMIT completeChanged();
    }
}

void LogModel::readFile()
{
    if (m_logPath.isEmpty())
        return;
    for (;;) {
        const LogChunk chunk = LogReader::read(m_logPath, m_next, kChunkBytes);
        if (chunk.data.isEmpty())
            return;
        // Split the chunk where its stream changes, so stderr lines keep their mark.
        qint64 at = chunk.offset;
        for (const LogSegment &segment : chunk.segments) {
            const qint64 start = std::max(segment.offset, at);
            const qint64 end = std::min(segment.offset + segment.length, chunk.end);
            if (end <= start)
                continue;
            if (start > at)
                append(chunk.data.mid(at - chunk.offset, start - at), false);
            append(chunk.data.mid(start - chunk.offset, end - start), segment.stream == OutputStream::Stderr);
            at = end;
        }
        if (at < chunk.end)
            append(chunk.data.mid(at - chunk.offset), false);
        m_next = chunk.end;
    }
}

void LogModel::onLogAppended(qint64 runId, OutputStream stream, qint64 offset, const QByteArray &data)
{
    if (runId != m_runId || m_complete)
        return;
    if (offset + data.size() <= m_next)
        return; // already read from the file
    const int before = int(m_lines.size());
    if (offset > m_next) {
        readFile(); // a gap: the file has it (it is written before this signal)
    } else {
        append(data.mid(m_next - offset), stream == OutputStream::Stderr);
        m_next = offset + data.size();
    }
    announceRowsFrom(before);
}

void LogModel::onRunChanged(const Run &run)
{
    if (run.id != m_runId || isActive(run.state) || m_complete)
        return;
    const int before = int(m_lines.size());
    readFile();
    flushPartialLine();
    announceRowsFrom(before);
    m_complete = true;
    Q_EMIT completeChanged();
}

void LogModel::announceRowsFrom(int before)
{
    if (m_lines.size() <= before)
        return;
    // append() collected the new lines already; insert them again between the signals views need.
    const QList<Line> added = m_lines.mid(before);
    m_lines.resize(before);
    beginInsertRows({}, before, before + int(added.size()) - 1);
    m_lines.append(added);
    endInsertRows();
    Q_EMIT countChanged();
}

void LogModel::append(const QByteArray &data, bool stderr)
{
    qsizetype start = 0;
    for (;;) {
        const qsizetype newline = data.indexOf('\n', start);
        if (newline < 0)
            break;
        m_partial += data.mid(start, newline - start);
        QString text = QString::fromUtf8(m_partial);
        if (text.endsWith(u'\r'))
            text.chop(1);
        // A progress bar rewrites its line with '\r': show what it last wrote.
        text = text.mid(text.lastIndexOf(u'\r') + 1);
        m_lines.append({ text, stderr || m_partialStderr });
        m_partial.clear();
        m_partialStderr = false;
        start = newline + 1;
    }
    if (start < data.size()) {
        m_partial += data.mid(start);
        m_partialStderr = m_partialStderr || stderr;
    }
}

void LogModel::flushPartialLine()
{
    if (m_partial.isEmpty())
        return;
    append(QByteArrayLiteral("\n"), m_partialStderr);
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
        return index.row() + 1;
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
