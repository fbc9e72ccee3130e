// SPDX-License-Identifier: MIT
#include "environments/commandsequence.h"

#include "execution/processrunner.h"

#include <QDir>
#include <QFileInfo>

using namespace Qt::StringLiterals;

namespace Kumo {

namespace {

constexpr qsizetype kTailBytes = 4096;

/// The line that says best why a command failed: pip's last "ERROR:" line, else the last line.
QString reasonFrom(const QByteArray &tail)
{
    const QStringList lines = QString::fromUtf8(tail).split(u'\n', Qt::SkipEmptyParts);
    for (auto it = lines.crbegin(); it != lines.crend(); ++it) {
        if (it->trimmed().startsWith(u"ERROR:"_s))
            return it->trimmed();
    }
    return lines.isEmpty() ? QString() : lines.constLast().trimmed();
}

} // namespace

CommandSequence::CommandSequence(
    QList<Step> steps, QProcessEnvironment environment, QString logPath, int stepTimeoutMs, QObject *parent)
    : QObject(parent)
    , m_steps(std::move(steps))
    , m_environment(std::move(environment))
    , m_log(logPath)
    , m_stepTimeoutMs(stepTimeoutMs)
{ }

CommandSequence::~CommandSequence() = default;

void CommandSequence::start()
{
    // Without a log path (listing, deleting), output is only signalled.
    if (!m_log.fileName().isEmpty() && QDir().mkpath(QFileInfo(m_log.fileName()).absolutePath())
        && !m_log.open(QIODevice::WriteOnly | QIODevice::Append))
        qWarning("cannot write the operation log %s: %s", qPrintable(m_log.fileName()),
            qPrintable(m_log.errorString()));
    runNext();
}

void CommandSequence::cancel(const QString &reason)
{
    if (m_finished || m_cancelled)
        return;
    m_cancelled = true;
    m_result.error = reason;
    log("\n[kumo] cancelled: " + reason.toUtf8() + '\n');
    if (m_process)
        m_process->cancel(reason);
    else
        QMetaObject::invokeMethod(this, &CommandSequence::runNext, Qt::QueuedConnection);
}

void CommandSequence::log(const QByteArray &text)
{
    if (m_log.isOpen()) {
        m_log.write(text);
        m_log.flush();
    }
    Q_EMIT output(text);
}

void CommandSequence::runNext()
{
    if (m_finished || m_process)
        return;
    // After a cancel nothing more runs; after a failure only what must run anyway.
    const auto runs
        = [this](const Step &step) { return !m_cancelled && (!m_failed || step.evenAfterFailure); };
    while (m_next < m_steps.size() && !runs(m_steps.at(m_next)))
        ++m_next;
    if (m_next >= m_steps.size()) {
        m_finished = true;
        m_result.ok = !m_failed && !m_cancelled;
        m_result.cancelled = m_cancelled;
        m_log.close();
        Q_EMIT finished(m_result);
        return;
    }
    const Step &step = m_steps.at(m_next);
    const QString shown
        = step.command.display.isEmpty() ? EnvCommands::describe(step.command.argv) : step.command.display;
    log("$ " + shown.toUtf8() + '\n');
    m_captured.clear();
    ProcessSpec spec;
    spec.command = EnvCommands::shellCommand(step.command.argv);
    spec.workingDirectory
        = step.command.workingDirectory.isEmpty() ? QDir::rootPath() : step.command.workingDirectory;
    spec.environment = m_environment;
    spec.timeoutMs = m_stepTimeoutMs;
    spec.killGraceMs = 3000;
    m_process = new ProcessRunner(this);
    const bool capture = step.captureStdout;
    connect(m_process, &ProcessRunner::output, this,
        [this, capture](OutputStream stream, const QByteArray &data) {
            if (capture && stream == OutputStream::Stdout) {
                m_captured += data;
                return;
            }
            m_tail = QByteArray(m_tail + data).right(kTailBytes);
            log(data);
        });
    connect(m_process, &ProcessRunner::finished, this, [this](const ProcessOutcome &outcome) {
        m_process->deleteLater();
        m_process = nullptr;
        const qint64 ms = m_stepTimer.elapsed();
        const Step &step = m_steps.at(m_next);
        const bool ok = outcome.kind == ProcessOutcome::Kind::Exited && outcome.exitCode == 0;
        QString ending;
        switch (outcome.kind) {
        case ProcessOutcome::Kind::Exited:
            ending = u"exit status %1"_s.arg(outcome.exitCode);
            break;
        case ProcessOutcome::Kind::Signaled:
            ending = u"killed by signal %1"_s.arg(outcome.signal);
            break;
        default:
            ending = outcome.error;
            break;
        }
        log(u"[kumo] %1 (%2 s)\n"_s.arg(ending).arg(double(ms) / 1000.0, 0, 'f', 1).toUtf8());
        if (step.captureStdout) {
            m_result.captured = m_captured;
            m_result.capturedOk = ok;
        }
        if (!ok && !m_failed && !m_cancelled && !step.evenAfterFailure) {
            m_failed = true;
            if (outcome.kind == ProcessOutcome::Kind::Exited)
                m_result.exitCode = outcome.exitCode;
            const QString program = step.command.display.isEmpty()
                ? QFileInfo(step.command.argv.value(0)).fileName()
                : step.command.display;
            const QString said = reasonFrom(m_tail);
            m_result.error = u"%1 failed (%2)%3"_s.arg(
                step.command.argv.value(2) == u"pip"_s ? u"pip "_s + step.command.argv.value(3) : program,
                ending, said.isEmpty() ? QString() : u": "_s + said);
        } else if (ok && !m_failed && !step.evenAfterFailure) {
            m_result.exitCode = 0;
        }
        ++m_next;
        runNext();
    });
    m_stepTimer.start();
    m_process->start(spec);
}

} // namespace Kumo
