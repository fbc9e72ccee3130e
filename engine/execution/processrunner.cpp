// SPDX-License-Identifier: MIT
#include "execution/processrunner.h"

#include "core/logging.h"
#include "execution/processtree.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QPointer>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QStandardPaths>
#include <QTimer>

#include <cerrno>

#include <signal.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace Kumo {

namespace {

// How often to look for leftover processes while waiting for them to die: short enough that a
// run ends promptly after its last process, long enough that a /proc scan per poll is cheap.
constexpr int kReapPollMs = 20;
// After SIGKILL a process normally vanishes within milliseconds; one stuck in uninterruptible
// sleep (D state, e.g. a dead NFS mount) may never do so, and the run must still end.
constexpr qint64 kKillWaitMs = 2000;
// A /proc scan costs about a millisecond with a hundred processes; runs that end within one
// batch window share a scan. The window grows with the scan's cost so that scanning never
// takes more than about a sixth of the thread.
constexpr qint64 kMinLeftoverBatchMs = 10;
constexpr qint64 kMaxLeftoverBatchMs = 200;
// Sweeps only clean up after runs that have already ended, so they can wait longer and share
// a scan with many more runs.
constexpr int kSweepBatchMs = 1000;

/// Looks for leftover session members of many finished runs with one /proc scan per batch,
/// so that a thousand runs a second do not mean a thousand scans.
class LeftoverScan final : public QObject
{
public:
    static LeftoverScan &instance()
    {
        static QPointer<LeftoverScan> scan;
        if (!scan)
            scan = new LeftoverScan(QCoreApplication::instance());
        return *scan;
    }

    /// Calls @p done with whether @p rootPid's tree still has live members.
    void request(QObject *context, qint64 rootPid, std::function<void(bool)> done)
    {
        m_requests.append({ context, rootPid, std::move(done) });
        schedule(int(std::clamp(m_lastScanMs * 5, kMinLeftoverBatchMs, kMaxLeftoverBatchMs)));
    }

    /// Kills whatever of a finished run's session is still alive.
    void sweep(qint64 rootPid)
    {
        m_requests.append({ nullptr, rootPid, {} });
        schedule(kSweepBatchMs);
    }

private:
    explicit LeftoverScan(QObject *parent)
        : QObject(parent)
    {
        m_timer.setSingleShot(true);
        connect(&m_timer, &QTimer::timeout, this, &LeftoverScan::scanNow);
    }

    ~LeftoverScan() override
    {
        // At exit, sweep what is pending rather than leave it alive after Kumo is gone.
        scanNow();
    }

    void scanNow()
    {
        const QList<Request> requests = std::exchange(m_requests, {});
        if (requests.isEmpty())
            return;
        QElapsedTimer cost;
        cost.start();
        const ProcessTree::Snapshot snapshot = ProcessTree::Snapshot::capture();
        m_lastScanMs = cost.elapsed();
        for (const Request &request : requests) {
            // Our root has been reaped: a live process with its pid is someone else's, and then
            // nothing of ours can be left (a pid that names a group or session is not reused).
            const bool reused = snapshot.contains(request.rootPid);
            const QList<qint64> members = reused ? QList<qint64>() : snapshot.members(request.rootPid);
            if (request.done) {
                if (request.context)
                    request.done(!members.isEmpty());
            } else if (!members.isEmpty()) {
                qCInfo(lcExecution) << "killing processes left in the session of finished run process"
                                    << request.rootPid << ":" << members;
                ProcessTree::signalTree(request.rootPid, SIGKILL);
            }
        }
    }

    /// Scans within @p delayMs: sooner than planned if a waiting run needs the answer.
    void schedule(int delayMs)
    {
        if (!m_timer.isActive() || m_timer.remainingTime() > delayMs)
            m_timer.start(delayMs);
    }

    struct Request
    {
        QPointer<QObject> context;
        qint64 rootPid;
        std::function<void(bool)> done;
    };
    QTimer m_timer;
    QList<Request> m_requests;
    qint64 m_lastScanMs = 0;
};

/// The argv of a command that /bin/sh would run as one plain program, so that it can be
/// executed directly: words of unremarkable characters only (no quoting, expansion,
/// redirection, operators or assignments), a first word that is no shell builtin or reserved
/// word, found on a PATH of absolute directories (or given as an absolute path), and a file
/// the kernel can exec itself (ELF or #!). Running it directly is then exactly what the shell
/// would do, minus a shell's exec and fork per run; anything else goes through /bin/sh.
std::optional<QStringList> plainCommand(const QString &command, const QString &path)
{
    static const QRegularExpression plain(QRegularExpression::anchoredPattern(
        u"[ \\t]*([A-Za-z0-9_./:,+@%=\\-]+( +[A-Za-z0-9_./:,+@%=\\-]+)*)[ \\t]*"_s));
    static const QSet<QString> shellWords = {
        u"!"_s,
        u"."_s,
        u":"_s,
        u"["_s,
        u"alias"_s,
        u"bg"_s,
        u"break"_s,
        u"case"_s,
        u"cd"_s,
        u"command"_s,
        u"continue"_s,
        u"do"_s,
        u"done"_s,
        u"echo"_s,
        u"elif"_s,
        u"else"_s,
        u"esac"_s,
        u"eval"_s,
        u"exec"_s,
        u"exit"_s,
        u"export"_s,
        u"false"_s,
        u"fc"_s,
        u"fg"_s,
        u"fi"_s,
        u"for"_s,
        u"function"_s,
        u"getopts"_s,
        u"hash"_s,
        u"if"_s,
        u"in"_s,
        u"jobs"_s,
        u"kill"_s,
        u"local"_s,
        u"printf"_s,
        u"pwd"_s,
        u"read"_s,
        u"readonly"_s,
        u"return"_s,
        u"select"_s,
        u"set"_s,
        u"shift"_s,
        u"test"_s,
        u"then"_s,
        u"time"_s,
        u"times"_s,
        u"trap"_s,
        u"true"_s,
        u"type"_s,
        u"ulimit"_s,
        u"umask"_s,
        u"unalias"_s,
        u"unset"_s,
        u"until"_s,
        u"wait"_s,
        u"while"_s,
    };
    const QRegularExpressionMatch match = plain.match(command);
    if (!match.hasMatch())
        return std::nullopt;
    QStringList words = match.captured(1).split(u' ', Qt::SkipEmptyParts);
    const QString &first = words.constFirst();
    if (first.contains(u'=') || shellWords.contains(first))
        return std::nullopt;
    QString program;
    if (first.startsWith(u'/')) {
        program = first;
    } else if (first.contains(u'/')) {
        return std::nullopt; // relative to the run's directory: leave the lookup to the shell
    } else {
        // sh searches empty and relative PATH entries relative to the run's directory.
        const QStringList dirs = path.split(u':');
        if (dirs.isEmpty() || std::any_of(dirs.cbegin(), dirs.cend(), [](const QString &dir) {
                return !dir.startsWith(u'/');
            }))
            return std::nullopt;
        program = QStandardPaths::findExecutable(first, dirs);
    }
    if (program.isEmpty() || !QFileInfo(program).isExecutable() || QFileInfo(program).isDir())
        return std::nullopt;
    // A script without #! is run by sh itself (execve fails with ENOEXEC).
    QFile file(program);
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    const QByteArray magic = file.read(4);
    if (!magic.startsWith("#!")
        && magic
            != "\x7f"
               "ELF")
        return std::nullopt;
    words[0] = program;
    return words;
}

} // namespace

ProcessRunner::ProcessRunner(QObject *parent)
    : QObject(parent)
    , m_timeoutTimer(new QTimer(this))
    , m_killTimer(new QTimer(this))
    , m_reapTimer(new QTimer(this))
{
    m_timeoutTimer->setSingleShot(true);
    m_killTimer->setSingleShot(true);
    m_reapTimer->setInterval(kReapPollMs);
    connect(m_timeoutTimer, &QTimer::timeout, this, [this] {
        terminateTree(ProcessOutcome::Kind::TimedOut, u"timed out after %1 ms"_s.arg(m_spec.timeoutMs));
    });
    connect(m_killTimer, &QTimer::timeout, this, &ProcessRunner::escalate);
    connect(m_reapTimer, &QTimer::timeout, this, &ProcessRunner::reapLeftovers);
}

ProcessRunner::~ProcessRunner()
{
    if (!m_process || m_finished)
        return;
    // Killing is immediate; waiting for the kernel to report the death is not, so the
    // QProcess outlives us and deletes itself once it has reaped the child.
    if (m_process->state() != QProcess::NotRunning) {
        sendSignal(SIGKILL);
        m_process->disconnect(this);
        m_process->setParent(QCoreApplication::instance());
        connect(m_process, &QProcess::finished, m_process, &QObject::deleteLater);
    } else if (m_mainExited) {
        sendSignal(SIGKILL);
    }
}

void ProcessRunner::start(const ProcessSpec &spec)
{
    if (m_process || m_finished) {
        qCWarning(lcExecution) << "ProcessRunner::start called twice; ignored";
        return;
    }
    m_spec = spec;

    // QProcess would only say "chdir: No such file or directory"; the run's error should say which.
    if (!spec.workingDirectory.isEmpty()) {
        const QFileInfo dir(spec.workingDirectory);
        if (!dir.exists()) {
            failLater(u"working directory does not exist: %1"_s.arg(spec.workingDirectory));
            return;
        }
        if (!dir.isDir()) {
            failLater(u"working directory is not a directory: %1"_s.arg(spec.workingDirectory));
            return;
        }
    }

    m_process = new QProcess(this);
    const QString path
        = (spec.environment.isEmpty() ? QProcessEnvironment::systemEnvironment() : spec.environment)
              .value(u"PATH"_s, u"/usr/local/bin:/usr/bin:/bin"_s);
    if (const std::optional<QStringList> argv = plainCommand(spec.command, path)) {
        m_process->setProgram(argv->constFirst());
        m_process->setArguments(argv->mid(1));
    } else {
        m_process->setProgram(u"/bin/sh"_s);
        m_process->setArguments({ u"-c"_s, spec.command });
    }
    m_process->setWorkingDirectory(spec.workingDirectory);
    // An empty environment means "inherit the server's": a command without PATH is never meant.
    if (!spec.environment.isEmpty())
        m_process->setProcessEnvironment(spec.environment);
    m_process->setStandardInputFile(QProcess::nullDevice());
    // Own session and process group, so the whole tree can be signalled and found again later.
    // Runs between fork and exec: only async-signal-safe calls allowed.
    m_process->setChildProcessModifier([] { ::setsid(); });

    connect(m_process, &QProcess::readyReadStandardOutput, this, [this] {
        const QByteArray data = m_process->readAllStandardOutput();
        if (!data.isEmpty())
            Q_EMIT output(OutputStream::Stdout, data);
    });
    connect(m_process, &QProcess::readyReadStandardError, this, [this] {
        const QByteArray data = m_process->readAllStandardError();
        if (!data.isEmpty())
            Q_EMIT output(OutputStream::Stderr, data);
    });
    connect(m_process, &QProcess::started, this, [this] {
        qCDebug(lcExecution) << "started" << m_pid << m_spec.command;
        Q_EMIT started(m_pid);
    });
    connect(m_process, &QProcess::finished, this,
        [this](int exitCode, QProcess::ExitStatus status) { onProcessFinished(exitCode, int(status)); });
    connect(m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        // Only a failed start comes without a finished() from QProcess.
        if (error == QProcess::FailedToStart)
            failLater(m_process->errorString());
    });

    m_process->start();
    // The fork has happened: the pid, and the start time that guards it against reuse, are
    // known now, before exec is confirmed, so that callers can record them at once.
    m_pid = m_process->processId();
    if (m_pid > 0)
        m_startTicks = ProcessTree::startTicks(m_pid).value_or(0);
    if (m_spec.timeoutMs > 0)
        m_timeoutTimer->start(m_spec.timeoutMs);
}

void ProcessRunner::cancel(const QString &reason)
{
    terminateTree(ProcessOutcome::Kind::Cancelled, reason.isEmpty() ? u"cancelled"_s : reason);
}

void ProcessRunner::terminateTree(ProcessOutcome::Kind why, const QString &reason)
{
    // Once the main process has exited its outcome stands; leftovers are being ended anyway.
    if (!m_process || m_finished || m_terminating || m_mainExited)
        return;
    qCInfo(lcExecution) << "terminating process tree of" << m_pid << ":" << reason;
    m_terminating = true;
    m_terminationKind = why;
    m_terminationReason = reason;
    m_timeoutTimer->stop();
    sendSignal(SIGTERM);
    m_killTimer->start(m_spec.killGraceMs);
}

void ProcessRunner::sendSignal(int signal)
{
    if (m_pid <= 1)
        return;
    m_lastSignal = signal;
    ProcessTree::signalTree(m_pid, signal);
    // Between fork and setsid() the child has no group of its own yet; reach it directly.
    // (Safe: until QProcess reaps it, the PID cannot be reused.)
    if (!m_mainExited && ::kill(-static_cast<pid_t>(m_pid), 0) != 0 && errno == ESRCH)
        ::kill(static_cast<pid_t>(m_pid), signal);
}

void ProcessRunner::escalate()
{
    qCInfo(lcExecution) << "process tree of" << m_pid << "outlived the grace period; sending SIGKILL";
    sendSignal(SIGKILL);
    m_sinceKill.start();
    if (m_mainExited) {
        checkLeftovers();
        return;
    }
    // A process in uninterruptible sleep (a dead NFS mount) ignores even SIGKILL; the run must
    // still end, or its slot is held forever and shutdown never completes.
    QTimer::singleShot(kKillWaitMs, this, [this] {
        if (m_mainExited || m_finished)
            return;
        qCWarning(lcExecution) << "process" << m_pid << "did not exit after SIGKILL; giving up on it";
        m_process->disconnect(this);
        m_process->setParent(QCoreApplication::instance());
        connect(m_process, &QProcess::finished, m_process, &QObject::deleteLater);
        m_process = nullptr;
        ProcessOutcome outcome;
        outcome.kind = m_terminationKind;
        outcome.signal = SIGKILL;
        outcome.error = m_terminationReason + u"; the process did not exit after SIGKILL"_s;
        finish(outcome);
    });
}

void ProcessRunner::onProcessFinished(int exitCode, int exitStatus)
{
    m_mainExited = true;
    m_timeoutTimer->stop();

    // QProcess drains the pipes before it reports the exit; take anything still buffered.
    const QByteArray out = m_process->readAllStandardOutput();
    if (!out.isEmpty())
        Q_EMIT output(OutputStream::Stdout, out);
    const QByteArray err = m_process->readAllStandardError();
    if (!err.isEmpty())
        Q_EMIT output(OutputStream::Stderr, err);

    // On Unix, Qt 6 reports the terminating signal as the exit code of a CrashExit.
    const bool crashed = exitStatus == QProcess::CrashExit;
    ProcessOutcome outcome;
    if (m_terminating) {
        outcome.kind = m_terminationKind;
        // A process that handled SIGTERM and exited still ended because of our signal.
        outcome.signal = crashed ? exitCode : m_lastSignal;
        outcome.exitCode = crashed ? -1 : exitCode;
        outcome.error = m_terminationReason;
    } else if (crashed) {
        outcome.kind = ProcessOutcome::Kind::Signaled;
        outcome.signal = exitCode;
    } else {
        outcome.kind = ProcessOutcome::Kind::Exited;
        outcome.exitCode = exitCode;
    }
    m_outcome = outcome;

    // A run's processes end with the run: whatever the command left behind in its session or
    // process group (daemonised grandchildren, background jobs) is terminated too, SIGTERM
    // first and SIGKILL after the grace period, before finished() is emitted.
    checkLeftovers();
}

void ProcessRunner::checkLeftovers()
{
    // Linux does not reuse a PID while it still names a session or group, so once the main
    // process is reaped its number either still identifies our leftovers or none exist.
    if (::kill(-static_cast<pid_t>(m_pid), 0) != 0 && errno == ESRCH) {
        // The group is empty: the common case, settled with one syscall, so the run ends at
        // once. Members that left the group but not the session are found by a batched sweep.
        LeftoverScan::instance().sweep(m_pid);
        onLeftovers(false);
        return;
    }
    // Live members, or only zombies waiting for init to reap them: a /proc scan tells.
    if (m_scanPending)
        return;
    m_scanPending = true;
    LeftoverScan::instance().request(this, m_pid, [this](bool found) {
        m_scanPending = false;
        onLeftovers(found);
    });
}

void ProcessRunner::onLeftovers(bool found)
{
    if (m_finished)
        return;
    if (!found) {
        finish(m_outcome);
        return;
    }
    if (m_sinceKill.isValid() && m_sinceKill.elapsed() > kKillWaitMs) {
        qCWarning(lcExecution) << "processes of" << m_pid
                               << "survive SIGKILL:" << ProcessTree::members(m_pid);
        finish(m_outcome);
        return;
    }
    if (!m_terminating) {
        qCInfo(lcExecution) << "main process" << m_pid << "exited; terminating its leftover processes";
        m_terminating = true;
        sendSignal(SIGTERM);
        m_killTimer->start(m_spec.killGraceMs);
    } else if (m_sinceKill.isValid()) {
        // Forked after the SIGKILL went out.
        sendSignal(SIGKILL);
    }
    if (!m_reapTimer->isActive())
        m_reapTimer->start();
}

void ProcessRunner::reapLeftovers()
{
    if (!m_finished)
        checkLeftovers();
}

void ProcessRunner::failLater(const QString &error)
{
    qCInfo(lcExecution) << "failed to start" << m_spec.command << ":" << error;
    ProcessOutcome outcome;
    outcome.kind = ProcessOutcome::Kind::FailedToStart;
    outcome.error = error;
    // Asynchronous like every other outcome, so that callers never see finished() inside start().
    QMetaObject::invokeMethod(
        this, [this, outcome] { finish(outcome); }, Qt::QueuedConnection);
}

void ProcessRunner::finish(const ProcessOutcome &outcome)
{
    if (m_finished)
        return;
    m_finished = true;
    m_timeoutTimer->stop();
    m_killTimer->stop();
    m_reapTimer->stop();
    Q_EMIT finished(outcome);
}

} // namespace Kumo
