// SPDX-License-Identifier: MIT
#include "environments/interpreterregistry.h"

#include "core/clock.h"
#include "core/logging.h"
#include "environments/interpreterdiscovery.h"

#include <QPointer>
#include <QVersionNumber>
#include <QtConcurrent>

using namespace Qt::StringLiterals;

namespace Kumo {

InterpreterRegistry::InterpreterRegistry(Database &database, Clock &clock, QObject *parent)
    : QObject(parent)
    , m_store(database)
    , m_clock(clock)
{ }

InterpreterRegistry::~InterpreterRegistry()
{
    *m_stopping = true;
    waitForIdle();
}

void InterpreterRegistry::waitForIdle()
{
    for (QFuture<void> &future : m_work)
        future.waitForFinished();
    m_work.clear();
    QCoreApplication::sendPostedEvents(this);
}

void InterpreterRegistry::refresh()
{
    if (m_refreshing) {
        m_refreshAgain = true;
        return;
    }
    m_refreshing = true;
    m_refreshStartedAt = m_clock.nowMs();
    DiscoveryRoots roots = DiscoveryRoots::fromEnvironment(m_condaExecutable);
    roots.extraPaths = m_extraPaths;
    // Registered paths are probed again: they may have gone.
    for (const Interpreter &interpreter : m_store.list()) {
        if (interpreter.source == u"registered"_s)
            roots.extraPaths.append(interpreter.path);
    }
    QPointer<InterpreterRegistry> self(this);
    m_work.removeIf([](const QFuture<void> &future) { return future.isFinished(); });
    m_work.append(QtConcurrent::run([self, roots, stopping = m_stopping] {
        QList<Probed> probed;
        for (const InterpreterCandidate &candidate : findInterpreterCandidates(roots)) {
            if (*stopping)
                return;
            probed.append({ candidate.path, candidate.source, probeInterpreter(candidate.path) });
        }
        QMetaObject::invokeMethod(self, [self, probed] {
            if (self)
                self->storeRefresh(probed);
        });
    }));
}

void InterpreterRegistry::storeRefresh(const QList<Probed> &probed)
{
    m_refreshing = false;
    const qint64 now = std::max(m_clock.nowMs(), m_refreshStartedAt);
    QList<qint64> found;
    for (const Probed &candidate : probed) {
        if (!candidate.result.interpreter) {
            qCDebug(lcEnvironments) << "not an interpreter:" << candidate.result.error;
            continue;
        }
        Interpreter interpreter = *candidate.result.interpreter;
        interpreter.source = candidate.source;
        interpreter.available = true;
        interpreter.createdAt = now;
        interpreter.updatedAt = now;
        if (m_store.upsert(interpreter))
            found.append(interpreter.id);
        else
            qCWarning(lcEnvironments) << m_store.errorString();
    }
    if (!m_store.markMissing(found, m_refreshStartedAt, now))
        qCWarning(lcEnvironments) << m_store.errorString();
    qCInfo(lcEnvironments) << "found" << found.size() << "Python interpreters";
    // The follow-up starts before the signal: listeners see that this answer is not the last.
    if (std::exchange(m_refreshAgain, false))
        refresh();
    Q_EMIT refreshed(m_store.list());
}

void InterpreterRegistry::add(const QString &path, std::function<void(const InterpreterResult &)> done)
{
    QPointer<InterpreterRegistry> self(this);
    m_work.removeIf([](const QFuture<void> &future) { return future.isFinished(); });
    m_work.append(QtConcurrent::run([self, path, done = std::move(done)] {
        const ProbeResult probed = probeInterpreter(path);
        QMetaObject::invokeMethod(self, [self, probed, done] {
            if (!self)
                return;
            InterpreterResult result;
            if (!probed.interpreter) {
                result.status = InterpreterResult::Status::Invalid;
                result.message = probed.error;
                done(result);
                return;
            }
            Interpreter interpreter = *probed.interpreter;
            interpreter.source = u"registered"_s;
            interpreter.createdAt = interpreter.updatedAt = self->m_clock.nowMs();
            if (!self->m_store.upsert(interpreter)) {
                result.status = InterpreterResult::Status::Error;
                result.message = self->m_store.errorString();
            } else {
                result.interpreter = self->m_store.get(interpreter.id);
            }
            done(result);
        });
    }));
}

InterpreterResult InterpreterRegistry::remove(qint64 id)
{
    InterpreterResult result;
    const std::optional<Interpreter> interpreter = m_store.get(id);
    if (!interpreter) {
        result.status = InterpreterResult::Status::NotFound;
        result.message = u"interpreter %1 does not exist"_s.arg(id);
        return result;
    }
    result.users = m_store.usersOf(id);
    if (!result.users.isEmpty()) {
        result.status = InterpreterResult::Status::Conflict;
        result.message = u"interpreter %1 is used by %2; change or delete them first"_s.arg(
            interpreter->path, result.users.join(u", "_s));
        return result;
    }
    if (!m_store.remove(id)) {
        result.status = InterpreterResult::Status::Error;
        result.message = m_store.errorString();
        return result;
    }
    result.interpreter = interpreter;
    return result;
}

std::optional<Interpreter> InterpreterRegistry::findByVersion(const QString &version) const
{
    std::optional<Interpreter> best;
    for (const Interpreter &interpreter : m_store.list()) {
        const bool matches = interpreter.version == version || interpreter.version.startsWith(version + u'.');
        if (!matches || !interpreter.available || !interpreter.hasVenv)
            continue;
        if (!best
            || QVersionNumber::fromString(interpreter.version) > QVersionNumber::fromString(best->version))
            best = interpreter;
    }
    return best;
}

} // namespace Kumo
