// SPDX-License-Identifier: MIT
#pragma once

#include "execution/processrunner.h"

#include <QFile>
#include <QList>
#include <QObject>

class QTimer;

namespace Kumo {

/// A contiguous range of a run log written by one stream.
struct LogSegment
{
    qint64 offset = 0;
    qint64 length = 0;
    OutputStream stream = OutputStream::Stdout;
};

/// Writes one run's output to its log file: the bytes exactly as printed, whole lines kept
/// together per stream, with a sidecar index of which byte ranges came from stderr. Bounded by a
/// size cap, after which output is counted but dropped and a truncation marker is written.
/// A run that prints nothing leaves no file: a missing log reads as empty.
class LogSink : public QObject
{
    Q_OBJECT
public:
    LogSink(qint64 runId, const QString &path, qint64 capBytes, QObject *parent = nullptr);
    ~LogSink() override;

    [[nodiscard]] bool open();
    [[nodiscard]] QString errorString() const { return m_error; }

    void append(OutputStream stream, const QByteArray &data);
    /// Values that never reach the log: each occurrence in a line is written as "******".
    void setSecrets(QList<QByteArray> secrets);
    /// Flushes partial lines, writes the truncation marker if needed, closes the files.
    void finish();

    [[nodiscard]] qint64 bytesWritten() const { return m_written; }
    [[nodiscard]] bool truncated() const { return m_dropped > 0; }
    [[nodiscard]] qint64 droppedBytes() const { return m_dropped; }
    [[nodiscard]] QString path() const { return m_path; }

    /// Path of the stream index that sits beside a log file.
    [[nodiscard]] static QString indexPathFor(const QString &logPath);
    /// The stream segments of a finished or growing log (stdout wherever the index says nothing).
    [[nodiscard]] static QList<LogSegment> readSegments(const QString &logPath);
    /// Removes a log file and its index.
    static bool remove(const QString &logPath);

Q_SIGNALS:
    /// Bytes just written at @p offset of the log file; for live watchers.
    void appended(qint64 runId, Kumo::OutputStream stream, qint64 offset, const QByteArray &data);

private:
    void writeChunk(OutputStream stream, const QByteArray &chunk);
    void writeRaw(OutputStream stream, const QByteArray &data);
    void recordStderr(qint64 offset, qint64 length);
    void flushPartial(OutputStream stream);
    void setError(const QString &error);

    qint64 m_runId;
    QString m_path;
    qint64 m_cap;
    QFile m_file;
    QFile m_index;
    QByteArray m_partial[2];
    QList<QByteArray> m_secrets; // longest first
    QTimer *m_partialTimer = nullptr;
    bool m_open = false; // open() succeeded and finish() has not been called
    qint64 m_written = 0;
    qint64 m_dropped = 0;
    // The last stderr segment, so that the next adjacent one extends its index line in place.
    qint64 m_stderrOffset = -1;
    qint64 m_stderrLength = 0;
    qint64 m_stderrLinePos = -1;
    char m_lastByte = '\n';
    bool m_finished = false;
    QString m_error;
};

} // namespace Kumo
