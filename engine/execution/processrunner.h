// SPDX-License-Identifier: MIT
#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QProcessEnvironment>
#include <QString>

class QProcess;
class QTimer;

namespace Kumo {

enum class OutputStream { Stdout, Stderr };

/// What to run: `/bin/sh -c command` in its own session and process group.
struct ProcessSpec
{
    QString command;
    QString workingDirectory;
    QProcessEnvironment environment;
    int timeoutMs = 0; // 0: no timeout
    int killGraceMs = 5000; // SIGTERM, then SIGKILL after this long
};

/// How a process ended.
struct ProcessOutcome
{
    enum class Kind { Exited, Signaled, TimedOut, Cancelled, FailedToStart };
    Kind kind = Kind::FailedToStart;
    int exitCode = -1; // valid for Exited
    int signal = 0; // the terminating signal for Signaled / TimedOut / Cancelled, when known
    QString error; // human-readable, for FailedToStart / TimedOut / Cancelled
};

/// Runs one command under supervision; a job object that emits finished() exactly once.
/// Timeout and cancel terminate the whole process tree, grandchildren included; so does the
/// end of the main process for whatever it left behind. Delete it from a finished() slot only
/// with deleteLater().
class ProcessRunner : public QObject
{
    Q_OBJECT
public:
    explicit ProcessRunner(QObject *parent = nullptr);
    ~ProcessRunner() override;

    /// Starts the process asynchronously: emits started() or finished(FailedToStart).
    void start(const ProcessSpec &spec);
    /// Terminates the tree (SIGTERM, SIGKILL after the grace period); finished() reports Cancelled.
    void cancel(const QString &reason);

    [[nodiscard]] qint64 pid() const { return m_pid; }
    /// Process start time in clock ticks since boot (/proc/PID/stat field 22), to survive PID reuse.
    [[nodiscard]] qint64 processStartTicks() const { return m_startTicks; }
    [[nodiscard]] bool isRunning() const { return m_pid > 0 && !m_finished; }

Q_SIGNALS:
    void started(qint64 pid);
    void output(Kumo::OutputStream stream, const QByteArray &data);
    void finished(const Kumo::ProcessOutcome &outcome);

private:
    void terminateTree(ProcessOutcome::Kind why, const QString &reason);
    void onProcessFinished(int exitCode, int exitStatus);
    void sendSignal(int signal);
    void escalate();
    void reapLeftovers();
    void checkLeftovers();
    void onLeftovers(bool found);
    void failLater(const QString &error);
    void finish(const ProcessOutcome &outcome);

    QProcess *m_process = nullptr;
    QTimer *m_timeoutTimer = nullptr;
    QTimer *m_killTimer = nullptr;
    QTimer *m_reapTimer = nullptr;
    ProcessSpec m_spec;
    qint64 m_pid = 0;
    qint64 m_startTicks = 0;
    bool m_finished = false;
    bool m_mainExited = false;
    bool m_terminating = false;
    bool m_scanPending = false;
    int m_lastSignal = 0;
    QElapsedTimer m_sinceKill; // valid once SIGKILL was sent
    ProcessOutcome::Kind m_terminationKind = ProcessOutcome::Kind::Exited;
    QString m_terminationReason;
    ProcessOutcome m_outcome;
};

} // namespace Kumo

Q_DECLARE_METATYPE(Kumo::ProcessOutcome)
