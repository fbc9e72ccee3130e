// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>

namespace Kumo {

class Engine;
struct EnvOperation;

/// The log of one environment operation (create, install…) as text, followed live: what the
/// file holds first, then what the service reports as it is written.
class OperationLog : public QObject
{
    Q_OBJECT
    Q_PROPERTY(qint64 operationId READ operationId CONSTANT)
    Q_PROPERTY(QString text READ text NOTIFY textChanged)
    /// queued, running, succeeded, failed, cancelled
    Q_PROPERTY(QString state READ state NOTIFY stateChanged)
    Q_PROPERTY(bool finished READ isFinished NOTIFY stateChanged)
public:
    OperationLog(Engine &engine, qint64 operationId, QObject *parent = nullptr);

    [[nodiscard]] qint64 operationId() const { return m_operationId; }
    [[nodiscard]] QString text() const { return QString::fromUtf8(m_bytes); }
    [[nodiscard]] QString state() const { return m_state; }
    [[nodiscard]] bool isFinished() const;

Q_SIGNALS:
    void textChanged();
    void stateChanged();

private:
    void onOperationChanged(const EnvOperation &operation);
    /// Reads what the log file holds beyond what is shown.
    void catchUp();

    Engine &m_engine;
    qint64 m_operationId = 0;
    qint64 m_offset = 0; // of the file, read so far
    QByteArray m_bytes; // its last kMaxBytes
    QString m_state;
};

} // namespace Kumo
