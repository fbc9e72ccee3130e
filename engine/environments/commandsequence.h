// SPDX-License-Identifier: MIT
#pragma once

#include "environments/envcommands.h"

#include <QElapsedTimer>
#include <QFile>
#include <QObject>
#include <QPointer>
#include <QProcessEnvironment>

#include <optional>

namespace Kumo {

class ProcessRunner;

/// Runs the commands of one environment operation in order, under supervision (a cancel or a
/// timeout kills each one's whole process tree), appending what they print to the operation's
/// log file. A job: emits finished() exactly once.
class CommandSequence : public QObject
{
    Q_OBJECT
public:
    struct Step
    {
        EnvCommand command;
        bool captureStdout = false; // keep stdout for the caller instead of logging it
        bool evenAfterFailure = false; // runs although an earlier step failed (pip freeze)
    };
    struct Result
    {
        bool ok = false; // every step succeeded
        bool cancelled = false;
        std::optional<int> exitCode; // of the first step that failed, else of the last
        QString error; // for people: which command failed and the last thing it said
        QByteArray captured; // stdout of the capturing step
        bool capturedOk = false; // that step succeeded
    };

    CommandSequence(QList<Step> steps, QProcessEnvironment environment, QString logPath, int stepTimeoutMs,
        QObject *parent = nullptr);
    ~CommandSequence() override;

    void start();
    void cancel(const QString &reason);

Q_SIGNALS:
    /// Text appended to the log (command lines, output, exit lines).
    void output(const QByteArray &text);
    void finished(const Kumo::CommandSequence::Result &result);

private:
    void runNext();
    void log(const QByteArray &text);

    QList<Step> m_steps;
    QProcessEnvironment m_environment;
    QFile m_log;
    int m_stepTimeoutMs;
    int m_next = 0;
    QPointer<ProcessRunner> m_process;
    QByteArray m_captured;
    QByteArray m_tail; // the last output, for the error message
    QElapsedTimer m_stepTimer;
    Result m_result;
    bool m_failed = false;
    bool m_cancelled = false;
    bool m_finished = false;
};

} // namespace Kumo

Q_DECLARE_METATYPE(Kumo::CommandSequence::Result)
