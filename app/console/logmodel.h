// SPDX-License-Identifier: MIT
#pragma once

#include "execution/processrunner.h"

#include <QAbstractListModel>
#include <QtQml/qqmlregistration.h>

#include <optional>

namespace Kumo {

class Engine;
struct LogChunk;
struct Run;

/// The log of one run as lines, followed live: it opens at the end of the file (the last
/// kChunkBytes), loads earlier chunks on request, then follows what the launcher appends, with
/// stderr lines marked. The same byte stream as the API's follow.
///
/// While the run writes, the bytes after the last newline (a progress bar, a prompt) are the
/// last row, changed in place as they grow; their newline makes that row a finished line. A
/// line longer than kChunkBytes takes several rows with the same line number.
class LogModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("from Backend.createLogModel()")
    Q_PROPERTY(qint64 runId READ runId WRITE setRunId NOTIFY runIdChanged)
    /// The run has ended and the model has read its log to the end.
    Q_PROPERTY(bool complete READ isComplete NOTIFY completeChanged)
    /// The log has lines before the first row (loadEarlier() reads them).
    Q_PROPERTY(bool hasEarlier READ hasEarlier NOTIFY hasEarlierChanged)
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)
public:
    /// lineNumber is 1-based, or 0 while unknown: the rows start past the first kCountableBytes
    /// of the log and the newlines before them have not been counted.
    enum Role { TextRole = Qt::UserRole + 1, StderrRole, LineNumberRole };
    Q_ENUM(Role)

    /// How much is read at a time, at the start and by loadEarlier(). Bytes, not lines, bound
    /// the work and memory whatever the lines' length; 256 KiB is the API's follow chunk, a few
    /// thousand typical lines, decoded in about a millisecond.
    static constexpr qint64 kChunkBytes = 256 * 1024;
    /// Line numbers of rows past the start are found by counting the newlines before them,
    /// when there are at most this many bytes to count (a few milliseconds): always with the
    /// default log cap of 10 MiB.
    static constexpr qint64 kCountableBytes = 16 * 1024 * 1024;

    explicit LogModel(Engine &engine, QObject *parent = nullptr);
    ~LogModel() override;

    [[nodiscard]] qint64 runId() const { return m_runId; }
    void setRunId(qint64 runId);
    [[nodiscard]] bool isComplete() const { return m_complete; }
    [[nodiscard]] bool hasEarlier() const { return m_start > 0; }

    /// Reads the chunk before the first row and inserts its lines at the top.
    Q_INVOKABLE void loadEarlier();

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;

    /// The lines the model holds as text (for copying).
    Q_INVOKABLE QString text() const;

Q_SIGNALS:
    void runIdChanged();
    void completeChanged();
    void hasEarlierChanged();
    void countChanged();
    /// The run itself changed (its state): for a page that shows the run beside its log.
    void runUpdated();

private:
    struct Line
    {
        QString text;
        qint64 number = 0; // relative to the first line the model read (earlier ones are negative)
        bool stderr = false;
    };
    /// Cuts log bytes into rows: at newlines, and after kChunkBytes of one line.
    struct Cutter
    {
        qint64 number = 0; // of the line being cut
        QByteArray partial; // its bytes so far
        bool partialStderr = false;
        void feed(QByteArrayView data, bool stderr, QList<Line> &rows);
        /// Feeds @p chunk from byte @p from on, with each part's stream.
        void feed(const LogChunk &chunk, qint64 from, QList<Line> &rows);
        [[nodiscard]] Line partialRow() const;
        /// Ends the line being cut (the log ended without a newline).
        void finish(QList<Line> &rows);
    };

    void onLogAppended(qint64 runId, OutputStream stream, qint64 offset, const QByteArray &data);
    void onRunChanged(const Run &run);
    /// Reads the last chunk of the file, then on to its end, into @p rows.
    void openAtEnd(QList<Line> &rows);
    /// Reads the file from where the model stands to its end into @p rows.
    void readFile(QList<Line> &rows);
    /// Shows @p rows (finished lines) after the rows shown, and the unfinished line as the last
    /// row: the previous unfinished row changes in place, the others are inserted.
    void show(const QList<Line> &rows);
    /// Counts the lines before the first row once that is cheap; true when it just did.
    bool findLineNumbers();

    Engine &m_engine;
    qint64 m_runId = 0;
    QString m_logPath;
    qint64 m_start = 0; // the log's byte where the first row starts
    qint64 m_startNumber = 0; // the relative number of the line at m_start
    std::optional<qint64> m_numberBase; // relative number + base = line number
    qint64 m_next = 0; // the next byte of the log the model expects
    QList<Line> m_lines; // the last one is the unfinished line when m_unfinishedRow
    Cutter m_cutter; // of the bytes from m_start on
    bool m_unfinishedRow = false;
    bool m_complete = false;
};

} // namespace Kumo
