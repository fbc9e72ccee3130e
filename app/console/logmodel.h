// SPDX-License-Identifier: MIT
#pragma once

#include "execution/processrunner.h"

#include <QAbstractListModel>

namespace Kumo {

class Engine;
struct LogChunk;
struct Run;

/// The log of one run as lines, followed live: what the file holds first, then what the
/// launcher appends, with stderr lines marked. The same byte stream as the API's follow.
class LogModel : public QAbstractListModel
{
    Q_OBJECT
    Q_PROPERTY(qint64 runId READ runId WRITE setRunId NOTIFY runIdChanged)
    /// The run has ended and every byte of its log is in the model.
    Q_PROPERTY(bool complete READ isComplete NOTIFY completeChanged)
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)
public:
    enum Role { TextRole = Qt::UserRole + 1, StderrRole, LineNumberRole };
    Q_ENUM(Role)

    explicit LogModel(Engine &engine, QObject *parent = nullptr);

    [[nodiscard]] qint64 runId() const { return m_runId; }
    void setRunId(qint64 runId);
    [[nodiscard]] bool isComplete() const { return m_complete; }

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;

    /// The whole log as text (for copying).
    Q_INVOKABLE QString text() const;

Q_SIGNALS:
    void runIdChanged();
    void completeChanged();
    void countChanged();

private:
    struct Line
    {
        QString text;
        bool stderr = false;
    };
    void onLogAppended(qint64 runId, OutputStream stream, qint64 offset, const QByteArray &data);
    void onRunChanged(const Run &run);
    /// Reads the file from where the model stands to its end.
    void readFile();
    void append(const QByteArray &data, bool stderr);
    void flushPartialLine();
    /// Tells views about the lines appended since row @p before.
    void announceRowsFrom(int before);

    Engine &m_engine;
    qint64 m_runId = 0;
    QString m_logPath;
    qint64 m_next = 0; // the next byte of the log the model expects
    QList<Line> m_lines;
    QByteArray m_partial; // bytes after the last newline
    bool m_partialStderr = false;
    bool m_complete = false;
};

} // namespace Kumo
