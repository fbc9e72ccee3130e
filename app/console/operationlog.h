// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>
#include <QStringDecoder>
#include <QtQml/qqmlregistration.h>

namespace Kumo {

class Engine;
struct EnvOperation;

/// The log of one environment operation (create, install…) as text, followed live: what the
/// file holds first, then what the service reports as it is written. Only new bytes are
/// decoded, and only the end of a long log is kept.
class OperationLog : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("from Backend.createOperationLog()")
    Q_PROPERTY(qint64 operationId READ operationId CONSTANT)
    Q_PROPERTY(QString text READ text NOTIFY textChanged)
    /// The beginning of the log was left out (the text is its last kMaxChars or so).
    Q_PROPERTY(bool truncated READ isTruncated NOTIFY textChanged)
    /// queued, running, succeeded, failed, cancelled
    Q_PROPERTY(QString state READ state NOTIFY stateChanged)
    Q_PROPERTY(bool finished READ isFinished NOTIFY stateChanged)
public:
    /// A view lays the whole text out on every change: half a million characters is far more
    /// than a page of pip output and still lays out quickly.
    static constexpr qsizetype kMaxChars = 512 * 1024;

    OperationLog(Engine &engine, qint64 operationId, QObject *parent = nullptr);

    [[nodiscard]] qint64 operationId() const { return m_operationId; }
    [[nodiscard]] QString text() const { return m_text; }
    [[nodiscard]] bool isTruncated() const { return m_truncated; }
    [[nodiscard]] QString state() const { return m_state; }
    [[nodiscard]] bool isFinished() const;

Q_SIGNALS:
    void textChanged();
    void stateChanged();

private:
    void onOperationChanged(const EnvOperation &operation);
    /// Reads what the log file holds beyond what is shown.
    void catchUp();
    /// Drops the oldest lines once the text is well over kMaxChars.
    void trim();

    Engine &m_engine;
    qint64 m_operationId = 0;
    qint64 m_offset = 0; // of the file, read so far
    QStringDecoder m_decoder { QStringDecoder::Utf8 }; // keeps a sequence split across reads
    QString m_text;
    bool m_truncated = false;
    QString m_state;
};

} // namespace Kumo
