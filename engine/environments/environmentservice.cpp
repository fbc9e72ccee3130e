// SPDX-License-Identifier: MIT
#include "environments/environmentservice.h"

#include "core/clock.h"
#include "core/logging.h"
#include "environments/interpreterdiscovery.h"
#include "environments/interpreterregistry.h"
#include "system/settingsstore.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace Kumo {

namespace {

const QString kPackageIndexKey = u"pypi"_s;
const QString kPythonKey = u"python"_s;

EnvResult failure(EnvResult::Status status, const QString &message, FieldErrors errors = {})
{
    EnvResult result;
    result.status = status;
    result.message = message;
    result.errors = std::move(errors);
    return result;
}

EnvResult invalid(const QString &field, const QString &message)
{
    return failure(EnvResult::Status::Invalid, message, { { field, message } });
}

EnvCommand removeTree(const QString &path)
{
    return { { u"/bin/rm"_s, u"-rf"_s, u"--"_s, path }, QFileInfo(path).absolutePath() };
}

} // namespace

EnvironmentService::EnvironmentService(Database &database, Clock &clock, InterpreterRegistry &interpreters,
    SettingsStore &settings, QString dataDir, QObject *parent)
    : QObject(parent)
    , m_store(database)
    , m_clock(clock)
    , m_interpreters(interpreters)
    , m_settings(settings)
    , m_dataDir(std::move(dataDir))
{
    applyPythonSettings(pythonSettings());
    QDir(m_dataDir).mkpath(u"envs"_s);
    QDir(m_dataDir).mkpath(u"logs/install"_s);
    recoverInterrupted();
}

EnvironmentService::~EnvironmentService()
{
    // Operations in progress end with Kumo; the next start records them as interrupted.
    for (Running &running : m_running) {
        if (running.sequence)
            running.sequence->disconnect(this);
    }
}

QString EnvironmentService::logPathOf(qint64 operationId) const
{
    return QDir(m_dataDir).filePath(u"logs/install/%1.log"_s.arg(operationId));
}

PackageIndex EnvironmentService::packageIndex() const
{
    const std::optional<QJsonObject> stored = m_settings.value(kPackageIndexKey);
    if (!stored)
        return PackageIndex::fromEnvironment();
    FieldErrors errors;
    return PackageIndex::fromJson(*stored, PackageIndex(), &errors).value_or(PackageIndex());
}

bool EnvironmentService::setPackageIndex(const PackageIndex &index)
{
    return m_settings.setValue(kPackageIndexKey, index.toJson(false), m_clock.nowMs());
}

QString EnvironmentService::condaExecutable() const
{
    return m_condaExecutable;
}

QJsonObject EnvironmentService::PythonSettings::toJson() const
{
    return { { u"condaExecutable"_s, condaExecutable },
        { u"interpreterPaths"_s, QJsonArray::fromStringList(interpreterPaths) } };
}

std::optional<EnvironmentService::PythonSettings> EnvironmentService::PythonSettings::fromJson(
    const QJsonObject &json, const PythonSettings &base, FieldErrors *errors)
{
    PythonSettings settings = base;
    const qsizetype before = errors->size();
    const auto absolutePath = [](const QJsonValue &value) {
        return value.isString() && value.toString().size() <= 4096
            && (value.toString().isEmpty() || QDir::isAbsolutePath(value.toString()));
    };
    for (auto it = json.begin(); it != json.end(); ++it) {
        if (it.key() == u"condaExecutable"_s) {
            if (!absolutePath(it.value()))
                errors->append({ it.key(), u"must be an absolute path, or empty to look for one"_s });
            else
                settings.condaExecutable = it.value().toString();
        } else if (it.key() == u"interpreterPaths"_s) {
            const QJsonArray paths = it.value().toArray();
            settings.interpreterPaths.clear();
            if (!it.value().isArray() || paths.size() > 50)
                errors->append({ it.key(), u"must be a list of at most 50 absolute paths"_s });
            for (qsizetype i = 0; i < paths.size(); ++i) {
                if (!absolutePath(paths.at(i)) || paths.at(i).toString().isEmpty())
                    errors->append({ u"%1[%2]"_s.arg(it.key()).arg(i), u"must be an absolute path"_s });
                else
                    settings.interpreterPaths.append(paths.at(i).toString());
            }
        } else {
            errors->append({ it.key(), u"unknown field; expected condaExecutable or interpreterPaths"_s });
        }
    }
    if (errors->size() > before)
        return std::nullopt;
    return settings;
}

EnvironmentService::PythonSettings EnvironmentService::pythonSettings() const
{
    FieldErrors errors;
    return PythonSettings::fromJson(
        m_settings.value(kPythonKey).value_or(QJsonObject()), PythonSettings(), &errors)
        .value_or(PythonSettings());
}

bool EnvironmentService::setPythonSettings(const PythonSettings &settings)
{
    if (!m_settings.setValue(kPythonKey, settings.toJson(), m_clock.nowMs()))
        return false;
    applyPythonSettings(settings);
    m_interpreters.refresh(); // the paths to look at may have changed
    return true;
}

void EnvironmentService::applyPythonSettings(const PythonSettings &settings)
{
    m_condaExecutable = findCondaExecutable(settings.condaExecutable);
    m_interpreters.setCondaExecutable(m_condaExecutable);
    m_interpreters.setExtraPaths(settings.interpreterPaths);
}

QProcessEnvironment EnvironmentService::processEnvironment(const Environment &environment) const
{
    return EnvCommands::processEnvironment(
        QProcessEnvironment::systemEnvironment(), environment, packageIndex());
}

void EnvironmentService::recoverInterrupted()
{
    const qint64 now = m_clock.nowMs();
    for (EnvOperation operation : m_store.activeOperations()) {
        operation.state = EnvOperation::State::Failed;
        operation.error = u"Kumo stopped before this operation ended; run it again"_s;
        operation.finishedAt = now;
        if (!m_store.updateOperation(operation))
            qCWarning(lcEnvironments) << m_store.errorString();
    }
    for (Environment environment : m_store.list()) {
        switch (environment.state) {
        case Environment::State::Creating:
            environment.error = u"Kumo stopped while it was being created; reset it"_s;
            setState(environment, Environment::State::Failed);
            break;
        case Environment::State::Installing:
            setState(environment, Environment::State::Ready);
            break;
        case Environment::State::Deleting:
            m_deleting.insert(environment.id);
            deleteFiles(environment);
            break;
        case Environment::State::Ready:
        case Environment::State::Failed:
            break;
        }
    }
}

bool EnvironmentService::markBroken(qint64 id, const QString &reason)
{
    std::optional<Environment> environment = m_store.get(id);
    if (!environment || m_running.contains(id))
        return false;
    environment->error = reason;
    setState(*environment, Environment::State::Failed);
    return true;
}

void EnvironmentService::setState(Environment &environment, Environment::State state)
{
    environment.state = state;
    environment.updatedAt = m_clock.nowMs();
    if (!m_store.update(environment))
        qCWarning(lcEnvironments) << m_store.errorString();
    Q_EMIT environmentChanged(environment);
}

EnvResult EnvironmentService::create(const QJsonObject &json, const QString &actor)
{
    static const QRegularExpression namePattern(
        QRegularExpression::anchoredPattern(u"[A-Za-z0-9][A-Za-z0-9._-]{0,63}"_s));
    static const QRegularExpression versionPattern(
        QRegularExpression::anchoredPattern(u"3\\.\\d{1,2}(\\.\\d{1,3})?"_s));
    Environment environment;
    const QJsonValue name = json.value(u"name"_s);
    bool digitsOnly = false;
    (void)name.toString().toLongLong(&digitsOnly);
    if (!name.isString() || !namePattern.match(name.toString()).hasMatch() || digitsOnly)
        return invalid(u"name"_s,
            u"give a name of 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit and not "
            "only digits (those are ids)"_s);
    environment.name = name.toString();
    const std::optional<Environment::Backend> backend
        = Environment::backendFromName(json.value(u"backend"_s).toString(u"venv"_s));
    if (!backend)
        return invalid(u"backend"_s, u"must be \"venv\" or \"conda\""_s);
    environment.backend = *backend;
    const QJsonValue interpreterId = json.value(u"interpreterId"_s);
    const QJsonValue version = json.value(u"pythonVersion"_s);
    if (!version.isUndefined() && !version.isNull()
        && (!version.isString() || !versionPattern.match(version.toString()).hasMatch()))
        return invalid(u"pythonVersion"_s, u"give a Python version such as 3.11 or 3.11.4"_s);

    if (environment.backend == Environment::Backend::Conda) {
        if (m_condaExecutable.isEmpty())
            return invalid(u"backend"_s,
                u"no conda, mamba or micromamba was found on this machine; install one or set its path"_s);
        if (!version.isString())
            return invalid(u"pythonVersion"_s, u"a conda environment needs the Python version to install"_s);
        environment.pythonVersion = version.toString();
    } else {
        std::optional<Interpreter> interpreter;
        if (interpreterId.isDouble()) {
            interpreter = m_interpreters.get(interpreterId.toInteger());
            if (!interpreter)
                return invalid(
                    u"interpreterId"_s, u"interpreter %1 does not exist"_s.arg(interpreterId.toInteger()));
        } else if (version.isString()) {
            interpreter = m_interpreters.findByVersion(version.toString());
            if (!interpreter)
                return invalid(u"pythonVersion"_s,
                    u"no interpreter of Python %1 that can make venvs was found; see GET /api/python/interpreters"_s
                        .arg(version.toString()));
        } else {
            return invalid(u"interpreterId"_s,
                u"give interpreterId (see GET /api/python/interpreters) or pythonVersion"_s);
        }
        if (!interpreter->available)
            return invalid(
                u"interpreterId"_s, u"%1 was not found at the last refresh"_s.arg(interpreter->path));
        if (!interpreter->hasVenv)
            return invalid(u"interpreterId"_s,
                u"%1 cannot make venvs (its venv or ensurepip module is missing; on Debian install python3-venv)"_s
                    .arg(interpreter->path));
        environment.interpreterId = interpreter->id;
        environment.pythonVersion = interpreter->version;
    }
    environment.path = QDir(m_dataDir).filePath(u"envs/"_s + environment.name);
    environment.state = Environment::State::Creating;
    environment.createdAt = environment.updatedAt = m_clock.nowMs();
    if (!m_store.create(environment))
        return failure(
            m_store.lastErrorWasDuplicateName() ? EnvResult::Status::Conflict : EnvResult::Status::Error,
            m_store.errorString());
    Q_EMIT environmentChanged(environment);
    EnvOperation operation;
    operation.kind = EnvOperation::Kind::Create;
    operation.actor = actor;
    return queue(environment, operation);
}

EnvResult EnvironmentService::change(qint64 id, EnvOperation::Kind kind, const QStringList &packages,
    const QString &requirementsFile, const QString &actor)
{
    const std::optional<Environment> environment = m_store.get(id);
    if (!environment)
        return failure(EnvResult::Status::NotFound, u"environment %1 does not exist"_s.arg(id));
    if (environment->state == Environment::State::Deleting || m_deleting.contains(id))
        return failure(
            EnvResult::Status::Conflict, u"environment \"%1\" is being deleted"_s.arg(environment->name));
    if (environment->state == Environment::State::Failed)
        return failure(EnvResult::Status::Conflict,
            u"environment \"%1\" could not be created (%2); reset it first"_s.arg(
                environment->name, environment->error));
    if (packages.isEmpty() && requirementsFile.isEmpty())
        return invalid(u"packages"_s, u"give the packages, or a requirements file"_s);
    if (const FieldErrors errors = EnvCommands::checkPackages(packages, u"packages"_s); !errors.isEmpty())
        return failure(EnvResult::Status::Invalid, errors.constFirst().message, errors);
    EnvOperation operation;
    operation.kind = kind;
    operation.packages = packages;
    operation.requirementsFile = requirementsFile;
    operation.actor = actor;
    return queue(*environment, operation);
}

EnvResult EnvironmentService::reset(qint64 id, const QString &actor)
{
    const std::optional<Environment> environment = m_store.get(id);
    if (!environment)
        return failure(EnvResult::Status::NotFound, u"environment %1 does not exist"_s.arg(id));
    if (m_deleting.contains(id))
        return failure(
            EnvResult::Status::Conflict, u"environment \"%1\" is being deleted"_s.arg(environment->name));
    if (m_inUse && m_inUse(environment->path))
        return failure(EnvResult::Status::Conflict,
            u"a run is using environment \"%1\"; wait for it to end or cancel it, then reset"_s.arg(
                environment->name));
    if (environment->backend == Environment::Backend::Venv) {
        const std::optional<Interpreter> interpreter
            = environment->interpreterId ? m_interpreters.get(*environment->interpreterId) : std::nullopt;
        if (!interpreter || !interpreter->available)
            return failure(EnvResult::Status::Conflict,
                u"the interpreter environment \"%1\" was made from is gone; create a new environment"_s.arg(
                    environment->name));
    }
    // What was waiting is moot; what runs is stopped (its end starts the reset).
    cancelQueued(id, u"cancelled by a reset of the environment"_s);
    if (const auto it = m_running.find(id); it != m_running.end() && it->sequence)
        it->sequence->cancel(u"cancelled by a reset of the environment"_s);
    EnvOperation operation;
    operation.kind = EnvOperation::Kind::Reset;
    operation.actor = actor;
    return queue(*environment, operation);
}

EnvResult EnvironmentService::remove(qint64 id)
{
    std::optional<Environment> environment = m_store.get(id);
    if (!environment)
        return failure(EnvResult::Status::NotFound, u"environment %1 does not exist"_s.arg(id));
    EnvResult result;
    result.tasks = m_store.tasksUsing(id);
    if (!result.tasks.isEmpty()) {
        result.status = EnvResult::Status::Conflict;
        result.message = u"environment \"%1\" is used by %2 task(s): %3; change or delete them first"_s
                             .arg(environment->name)
                             .arg(result.tasks.size())
                             .arg(result.tasks.join(u", "_s));
        return result;
    }
    result.environment = environment;
    if (m_deleting.contains(id))
        return result;
    if (m_inUse && m_inUse(environment->path))
        return failure(EnvResult::Status::Conflict,
            u"a run is using environment \"%1\"; wait for it to end or cancel it, then delete"_s.arg(
                environment->name));
    m_deleting.insert(id);
    setState(*environment, Environment::State::Deleting);
    result.environment = environment;
    cancelQueued(id, u"the environment was deleted"_s);
    if (const auto it = m_running.find(id); it != m_running.end() && it->sequence)
        it->sequence->cancel(u"the environment is being deleted"_s); // then its files go
    else
        deleteFiles(*environment);
    return result;
}

EnvResult EnvironmentService::cancelOperation(qint64 operationId)
{
    const std::optional<EnvOperation> operation = m_store.operation(operationId);
    if (!operation)
        return failure(EnvResult::Status::NotFound, u"operation %1 does not exist"_s.arg(operationId));
    EnvResult result;
    QList<EnvOperation> &queued = m_queued[operation->environmentId];
    for (qsizetype i = 0; i < queued.size(); ++i) {
        if (queued.at(i).id != operationId)
            continue;
        EnvOperation cancelled = queued.takeAt(i);
        cancelled.state = EnvOperation::State::Cancelled;
        cancelled.error = u"cancelled before it started"_s;
        cancelled.finishedAt = m_clock.nowMs();
        (void)m_store.updateOperation(cancelled);
        Q_EMIT operationChanged(cancelled);
        result.operation = cancelled;
        return result;
    }
    const auto running = m_running.find(operation->environmentId);
    if (running != m_running.end() && running->operation.id == operationId && running->sequence) {
        running->sequence->cancel(u"cancelled by request"_s);
        result.operation = running->operation;
        return result;
    }
    return failure(EnvResult::Status::Conflict,
        u"operation %1 is %2, not queued or running"_s.arg(operationId)
            .arg(EnvOperation::stateName(operation->state)));
}

void EnvironmentService::cancelQueued(qint64 environmentId, const QString &reason)
{
    for (EnvOperation &queued : m_queued.take(environmentId)) {
        queued.state = EnvOperation::State::Cancelled;
        queued.error = reason;
        queued.finishedAt = m_clock.nowMs();
        (void)m_store.updateOperation(queued);
        Q_EMIT operationChanged(queued);
    }
}

EnvResult EnvironmentService::queue(Environment environment, EnvOperation operation)
{
    operation.environmentId = environment.id;
    operation.state = EnvOperation::State::Queued;
    operation.queuedAt = m_clock.nowMs();
    if (!m_store.createOperation(operation))
        return failure(EnvResult::Status::Error, m_store.errorString());
    m_queued[environment.id].append(operation);
    Q_EMIT operationChanged(operation);
    EnvResult result;
    result.environment = environment;
    result.operation = operation;
    startNext(environment.id);
    return result;
}

QList<CommandSequence::Step> EnvironmentService::stepsFor(
    const Environment &environment, const EnvOperation &operation)
{
    QList<CommandSequence::Step> steps;
    const bool creates
        = operation.kind == EnvOperation::Kind::Create || operation.kind == EnvOperation::Kind::Reset;
    if (!creates) {
        steps.append({ EnvCommands::change(environment, operation, packageIndex(), m_condaExecutable) });
        // After a failed change too: pip may have changed part of it.
        steps.append({ EnvCommands::freeze(environment), true, true });
        return steps;
    }
    // A new environment whose python cannot even list its packages is not ready.
    const CommandSequence::Step freeze { EnvCommands::freeze(environment), true, false };
    QString interpreterPath;
    if (environment.backend == Environment::Backend::Venv) {
        const std::optional<Interpreter> interpreter
            = environment.interpreterId ? m_interpreters.get(*environment.interpreterId) : std::nullopt;
        if (!interpreter)
            return {};
        interpreterPath = interpreter->path;
    } else if (m_condaExecutable.isEmpty()) {
        return {};
    }
    QDir().mkpath(QFileInfo(environment.path).absolutePath());
    if (QFileInfo::exists(environment.path))
        steps.append({ removeTree(environment.path) });
    steps.append({ EnvCommands::create(environment, interpreterPath, m_condaExecutable) });
    if (operation.kind == EnvOperation::Kind::Reset && !environment.freezeHash.isEmpty()) {
        // Back to the packages it had: its last freeze, as a requirements file.
        const std::optional<Freeze> last = m_store.freeze(environment.id, environment.freezeHash);
        if (last && !last->text.trimmed().isEmpty()) {
            const QString file
                = QDir(m_dataDir).filePath(u"logs/install/%1.requirements.txt"_s.arg(operation.id));
            QFile out(file);
            if (out.open(QIODevice::WriteOnly | QIODevice::Truncate) && out.write(last->text.toUtf8()) >= 0) {
                out.close();
                EnvOperation install = operation;
                install.kind = EnvOperation::Kind::Install;
                install.requirementsFile = file;
                steps.append(
                    { EnvCommands::change(environment, install, packageIndex(), m_condaExecutable) });
            }
        }
    }
    steps.append(freeze);
    return steps;
}

void EnvironmentService::startNext(qint64 environmentId)
{
    while (!m_running.contains(environmentId) && !m_deleting.contains(environmentId)) {
        QList<EnvOperation> &queued = m_queued[environmentId];
        if (queued.isEmpty()) {
            m_queued.remove(environmentId);
            return;
        }
        EnvOperation operation = queued.takeFirst();
        std::optional<Environment> environment = m_store.get(environmentId);
        if (!environment)
            return;
        const bool creates
            = operation.kind == EnvOperation::Kind::Create || operation.kind == EnvOperation::Kind::Reset;
        // A package change waiting behind a create that failed has nothing to change.
        const bool broken = !creates && environment->state == Environment::State::Failed;
        const QList<CommandSequence::Step> steps
            = broken ? QList<CommandSequence::Step>() : stepsFor(*environment, operation);
        operation.startedAt = m_clock.nowMs();
        if (steps.isEmpty()) {
            operation.state = EnvOperation::State::Failed;
            operation.error = broken
                ? u"environment \"%1\" could not be created; reset it"_s.arg(environment->name)
                : environment->backend == Environment::Backend::Conda
                ? u"no conda, mamba or micromamba is available"_s
                : u"the interpreter of environment \"%1\" no longer exists"_s.arg(environment->name);
            operation.finishedAt = operation.startedAt;
            (void)m_store.updateOperation(operation);
            Q_EMIT operationChanged(operation);
            continue;
        }
        operation.state = EnvOperation::State::Running;
        if (!m_store.updateOperation(operation))
            qCWarning(lcEnvironments) << m_store.errorString();
        if (creates)
            environment->error.clear();
        setState(*environment, creates ? Environment::State::Creating : Environment::State::Installing);
        Q_EMIT operationChanged(operation);

        auto *sequence = new CommandSequence(
            steps, processEnvironment(*environment), logPathOf(operation.id), m_stepTimeoutMs, this);
        const qint64 operationId = operation.id;
        connect(sequence, &CommandSequence::output, this,
            [this, operationId, environmentId](
                const QByteArray &text) { Q_EMIT operationOutput(operationId, environmentId, text); });
        connect(sequence, &CommandSequence::finished, this,
            [this, environmentId](
                const CommandSequence::Result &result) { finishOperation(environmentId, result); });
        m_running.insert(environmentId, { operation, sequence });
        qCInfo(lcEnvironments) << "environment" << environment->name << EnvOperation::kindName(operation.kind)
                               << "operation" << operationId << "started";
        sequence->start();
    }
}

void EnvironmentService::finishOperation(qint64 environmentId, const CommandSequence::Result &result)
{
    Running running = m_running.take(environmentId);
    if (running.sequence)
        running.sequence->deleteLater();
    EnvOperation &operation = running.operation;
    operation.finishedAt = m_clock.nowMs();
    operation.state = result.ok ? EnvOperation::State::Succeeded
        : result.cancelled      ? EnvOperation::State::Cancelled
                                : EnvOperation::State::Failed;
    operation.exitCode = result.exitCode;
    operation.error = result.ok ? QString() : result.error;
    if (!m_store.updateOperation(operation))
        qCWarning(lcEnvironments) << m_store.errorString();
    qCInfo(lcEnvironments) << "operation" << operation.id << EnvOperation::stateName(operation.state)
                           << operation.error;
    Q_EMIT operationChanged(operation);

    std::optional<Environment> environment = m_store.get(environmentId);
    if (!environment)
        return;
    if (m_deleting.contains(environmentId)) {
        deleteFiles(*environment);
        return;
    }
    if (result.capturedOk)
        recordFreeze(*environment, result.captured);
    const bool creates
        = operation.kind == EnvOperation::Kind::Create || operation.kind == EnvOperation::Kind::Reset;
    if (creates && !result.ok) {
        environment->error = operation.error;
        setState(*environment, Environment::State::Failed);
    } else {
        // A failed install leaves the environment as pip left it: usable, the error on the operation.
        setState(*environment, Environment::State::Ready);
    }
    startNext(environmentId);
}

void EnvironmentService::recordFreeze(Environment &environment, const QByteArray &text)
{
    const QString normalized = QString::fromUtf8(text).replace(u"\r\n"_s, u"\n"_s);
    Freeze freeze;
    freeze.text = normalized;
    freeze.hash = QString::fromLatin1(
        QCryptographicHash::hash(normalized.toUtf8(), QCryptographicHash::Sha256).toHex());
    freeze.createdAt = m_clock.nowMs();
    if (!m_store.addFreeze(environment.id, freeze)) {
        qCWarning(lcEnvironments) << m_store.errorString();
        return;
    }
    environment.freezeHash = freeze.hash;
    environment.packages = 0;
    for (const QString &line : normalized.split(u'\n')) {
        if (!line.trimmed().isEmpty() && !line.startsWith(u'#'))
            ++environment.packages;
    }
}

void EnvironmentService::deleteFiles(const Environment &environment)
{
    auto *sequence = new CommandSequence({ { removeTree(environment.path) } },
        processEnvironment(environment), QString(), m_stepTimeoutMs, this);
    const qint64 id = environment.id;
    connect(sequence, &CommandSequence::finished, this,
        [this, id, sequence](const CommandSequence::Result &result) {
            sequence->deleteLater();
            m_deleting.remove(id);
            std::optional<Environment> environment = m_store.get(id);
            if (!environment)
                return;
            if (!result.ok) {
                environment->error = u"cannot delete its files: %1"_s.arg(result.error);
                setState(*environment, Environment::State::Failed);
                return;
            }
            if (!m_store.remove(id)) {
                qCWarning(lcEnvironments) << m_store.errorString();
                return;
            }
            qCInfo(lcEnvironments) << "environment" << environment->name << "deleted";
            Q_EMIT environmentRemoved(id);
        });
    sequence->start();
}

void EnvironmentService::listPackages(qint64 id, std::function<void(const PackageList &)> done)
{
    const std::optional<Environment> environment = m_store.get(id);
    if (!environment || !environment->isUsable()) {
        done({ false, {},
            environment ? u"environment \"%1\" is %2"_s.arg(
                environment->name, Environment::stateName(environment->state))
                        : u"environment %1 does not exist"_s.arg(id) });
        return;
    }
    // One listing per environment at a time, and none again while its packages are unchanged:
    // readers cannot make the server start pip after pip.
    Listing &listing = m_listings[id];
    if (!listing.running && listing.result.ok && !environment->freezeHash.isEmpty()
        && listing.freezeHash == environment->freezeHash) {
        done(listing.result);
        return;
    }
    listing.waiting.append(std::move(done));
    if (listing.running)
        return;
    listing.running = true;
    listing.freezeHash = environment->freezeHash;
    const bool conda = environment->backend == Environment::Backend::Conda;
    const EnvCommand command = conda
        ? EnvCommand { { m_condaExecutable, u"list"_s, u"--prefix"_s, environment->path, u"--json"_s },
              environment->path }
        : EnvCommands::list(*environment);
    auto *sequence = new CommandSequence(
        { { command, true } }, processEnvironment(*environment), QString(), 60 * 1000, this);
    connect(sequence, &CommandSequence::finished, this,
        [this, id, sequence](const CommandSequence::Result &result) {
            sequence->deleteLater();
            PackageList list;
            if (result.ok) {
                list.ok = true;
                for (const QJsonValue &item : QJsonDocument::fromJson(result.captured).array())
                    list.packages.append(
                        QJsonObject { { u"name"_s, item[u"name"_s] }, { u"version"_s, item[u"version"_s] } });
            } else {
                list.error = result.error;
            }
            Listing &listing = m_listings[id];
            listing.running = false;
            listing.result = list;
            for (const auto &waiting : std::exchange(listing.waiting, {}))
                waiting(list);
        });
    sequence->start();
}

} // namespace Kumo
