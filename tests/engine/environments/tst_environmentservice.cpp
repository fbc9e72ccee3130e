// SPDX-License-Identifier: MIT
// Python environments for real: venvs made from this machine's interpreter, packages installed
// by pip from a PEP 503 index on a loopback port (wheels the test builds), operations one at a
// time per environment, a cancel that kills pip's tree, freezes recorded, a reset that brings
// back the packages, and a task that runs inside an environment and imports what was installed.

#include "enginefixture.h"
#include "packageindexfixture.h"

#include "environments/environmentservice.h"
#include "environments/interpreterdiscovery.h"
#include "environments/interpreterregistry.h"
#include "execution/logreader.h"

#include <QDirIterator>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Kumo;

namespace {

constexpr int kOperationTimeoutMs = 120000;

QJsonObject modules(const QString &file, const QString &text)
{
    return { { file, text } };
}

/// Processes whose command line mentions @p text (to find pip left behind).
QList<qint64> processesMentioning(const QString &text)
{
    QList<qint64> found;
    const QStringList entries = QDir(u"/proc"_s).entryList(QDir::Dirs);
    for (const QString &entry : entries) {
        bool isPid = false;
        const qint64 pid = entry.toLongLong(&isPid);
        if (!isPid || pid == QCoreApplication::applicationPid() || !KumoTest::alive(pid))
            continue;
        QFile cmdline(u"/proc/%1/cmdline"_s.arg(pid));
        if (cmdline.open(QIODevice::ReadOnly) && QString::fromUtf8(cmdline.readAll()).contains(text))
            found.append(pid);
    }
    return found;
}

} // namespace

class TestEnvironmentService final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void createdVenvIsReadyWithAFreeze();
    void installsAPackageWithItsDependency();
    void failedInstallLeavesTheEnvironmentUsable();
    void upgradeAndUninstallRecordNewFreezes();
    void taskRunsInsideTheEnvironment();
    void inheritedPipVariablesDoNotLeak();
    void operationsRunOneAtATime();
    void cancelKillsTheInstallTree();
    void resetBringsThePackagesBack();
    void deleteIsRefusedWhileATaskUsesIt();
    void invalidRequestsAreRefused_data();
    void invalidRequestsAreRefused();
    void changesWaitingBehindAFailedCreateFail();
    void listingIsSharedUntilPackagesChange();
    void condaEnvironment();

private:
    /// Waits until operation @p id has ended and returns it.
    EnvOperation waitForOperation(qint64 id);
    EnvOperation install(const QStringList &packages, EnvOperation::Kind kind = EnvOperation::Kind::Install);
    PackageList packages(qint64 environmentId);
    /// Runs python -c @p code in environment @p environmentId as a task; the run's log.
    QString runPython(const QString &code, qint64 environmentId, Run *run = nullptr);

    KumoTest::EngineFixture m_fixture;
    KumoTest::PackageIndexFixture m_index;
    QTemporaryDir m_indexDir;
    std::optional<Interpreter> m_python;
    qint64 m_environmentId = 0;
    EnvironmentService *m_environments = nullptr;
};

void TestEnvironmentService::initTestCase()
{
    const QJsonArray packages {
        KumoTest::wheel(u"kumo-base"_s, u"1.0"_s, modules(u"kumobase.py"_s, u"NAME = 'base'\n"_s)),
        KumoTest::wheel(u"kumo-hello"_s, u"1.0"_s,
            modules(u"hello.py"_s,
                u"import kumobase\ndef greet():\n    return 'hello 1.0 with ' + kumobase.NAME\n"_s),
            { u"kumo-base"_s }),
        KumoTest::wheel(u"kumo-hello"_s, u"2.0"_s,
            modules(u"hello.py"_s,
                u"import kumobase\ndef greet():\n    return 'hello 2.0 with ' + kumobase.NAME\n"_s),
            { u"kumo-base"_s }),
        // Its dependency is in no index: pip fails after resolving it.
        KumoTest::wheel(u"kumo-broken"_s, u"1.0"_s, modules(u"broken.py"_s, u""_s), { u"kumo-missing"_s }),
    };
    QVERIFY(m_indexDir.isValid());
    QVERIFY(m_index.start(m_indexDir.path(), packages));

    QVERIFY(m_fixture.open());
    m_environments = &m_fixture.engine->environments();
    QSignalSpy refreshed(&m_fixture.engine->interpreters(), &InterpreterRegistry::refreshed);
    m_fixture.engine->start();
    QVERIFY(refreshed.wait(30000));
    for (const Interpreter &interpreter : m_fixture.engine->interpreters().list()) {
        if (QFileInfo(interpreter.path).canonicalFilePath()
            == QFileInfo(u"/usr/bin/python3"_s).canonicalFilePath())
            m_python = interpreter;
    }
    QVERIFY2(m_python, "Debian's /usr/bin/python3 was not discovered");
    QVERIFY2(m_python->hasVenv, "python3-venv is missing");

    PackageIndex index;
    index.indexUrl = m_index.url();
    QVERIFY(m_environments->setPackageIndex(index));
    QCOMPARE(m_environments->packageIndex(), index);

    const EnvResult created = m_environments->create(
        { { u"name"_s, u"main"_s }, { u"interpreterId"_s, m_python->id } }, u"tester"_s);
    QVERIFY2(created.ok(), qPrintable(created.message));
    QCOMPARE(created.environment->state, Environment::State::Creating);
    QCOMPARE(created.operation->kind, EnvOperation::Kind::Create);
    m_environmentId = created.environment->id;
    QCOMPARE(waitForOperation(created.operation->id).state, EnvOperation::State::Succeeded);
}

void TestEnvironmentService::cleanupTestCase()
{
    m_fixture.engine.reset();
}

EnvOperation TestEnvironmentService::waitForOperation(qint64 id)
{
    std::optional<EnvOperation> operation;
    (void)QTest::qWaitFor(
        [&] {
            operation = m_environments->store().operation(id);
            return operation && !operation->isActive();
        },
        kOperationTimeoutMs);
    return operation.value_or(EnvOperation());
}

EnvOperation TestEnvironmentService::install(const QStringList &packages, EnvOperation::Kind kind)
{
    const EnvResult result = m_environments->change(m_environmentId, kind, packages, {}, u"tester"_s);
    if (!result.ok()) {
        qWarning("change refused: %s", qPrintable(result.message));
        return {};
    }
    return waitForOperation(result.operation->id);
}

PackageList TestEnvironmentService::packages(qint64 environmentId)
{
    std::optional<PackageList> list;
    m_environments->listPackages(environmentId, [&](const PackageList &result) { list = result; });
    (void)QTest::qWaitFor([&] { return list.has_value(); }, 30000);
    return list.value_or(PackageList());
}

QString TestEnvironmentService::runPython(const QString &code, qint64 environmentId, Run *run)
{
    static int count = 0;
    Task spec = KumoTest::task(u"python-%1"_s.arg(++count), u"python -c \"%1\""_s.arg(code));
    spec.environmentId = environmentId;
    const Task task = m_fixture.create(spec);
    const TaskResult started = m_fixture.engine->runTaskNow(task.id);
    if (!started.ok())
        return u"not started: "_s + started.message;
    const qint64 runId = started.run->id;
    (void)QTest::qWaitFor([&] { return !isActive(m_fixture.run(runId).state); }, 30000);
    if (run)
        *run = m_fixture.run(runId);
    QFile log(m_fixture.run(runId).logPath);
    return log.open(QIODevice::ReadOnly) ? QString::fromUtf8(log.readAll()) : m_fixture.run(runId).error;
}

void TestEnvironmentService::createdVenvIsReadyWithAFreeze()
{
    const Environment environment = *m_environments->get(m_environmentId);
    QCOMPARE(environment.state, Environment::State::Ready);
    QCOMPARE(environment.pythonVersion, m_python->version);
    QVERIFY(QFileInfo(environment.pythonPath()).isExecutable());
    QVERIFY(QFileInfo(environment.path + u"/pyvenv.cfg"_s).isFile());
    // A fresh venv's freeze is empty, and recorded all the same.
    QVERIFY(!environment.freezeHash.isEmpty());
    QCOMPARE(environment.packages, 0);
    const QList<EnvOperation> operations = m_environments->store().operations(m_environmentId);
    QCOMPARE(operations.constLast().kind, EnvOperation::Kind::Create);
    QVERIFY(operations.constLast().finishedAt >= operations.constLast().startedAt);
    QFile log(m_environments->logPathOf(operations.constLast().id));
    QVERIFY(log.open(QIODevice::ReadOnly));
    const QByteArray text = log.readAll();
    QVERIFY2(text.contains(QByteArray("-m venv " + environment.path.toUtf8())), text.constData());
    QVERIFY2(text.contains("[kumo] exit status 0"), text.constData());

    const PackageList list = packages(m_environmentId);
    QVERIFY2(list.ok, qPrintable(list.error));
    QVERIFY(std::any_of(list.packages.begin(), list.packages.end(),
        [](const QJsonValue &package) { return package[u"name"_s].toString() == u"pip"_s; }));
}

void TestEnvironmentService::installsAPackageWithItsDependency()
{
    QSignalSpy output(m_environments, &EnvironmentService::operationOutput);
    const EnvOperation operation = install({ u"kumo-hello==1.0"_s });
    QCOMPARE(operation.state, EnvOperation::State::Succeeded);
    QCOMPARE(operation.exitCode, 0);
    QVERIFY(!output.isEmpty()); // the log streamed as it was written
    const PackageList list = packages(m_environmentId);
    QStringList names;
    for (const QJsonValue &package : list.packages)
        names.append(package[u"name"_s].toString() + u' ' + package[u"version"_s].toString());
    QVERIFY2(names.contains(u"kumo-hello 1.0"_s) && names.contains(u"kumo-base 1.0"_s),
        qPrintable(names.join(u", "_s)));

    const Environment environment = *m_environments->get(m_environmentId);
    QCOMPARE(environment.packages, 2);
    const std::optional<Freeze> freeze
        = m_environments->store().freeze(m_environmentId, environment.freezeHash);
    QVERIFY(freeze);
    QCOMPARE(freeze->text, u"kumo-base==1.0\nkumo-hello==1.0\n"_s);
    QFile log(m_environments->logPathOf(operation.id));
    QVERIFY(log.open(QIODevice::ReadOnly));
    const QByteArray text = log.readAll();
    QVERIFY2(text.contains(QByteArray("--index-url " + m_index.url().toUtf8())), text.constData());
    QVERIFY2(text.contains("Successfully installed kumo-base-1.0 kumo-hello-1.0"), text.constData());
}

void TestEnvironmentService::failedInstallLeavesTheEnvironmentUsable()
{
    const QString before = m_environments->get(m_environmentId)->freezeHash;
    const EnvOperation operation = install({ u"kumo-broken"_s });
    QCOMPARE(operation.state, EnvOperation::State::Failed);
    QVERIFY(operation.exitCode.value_or(0) != 0);
    QVERIFY2(operation.error.contains(u"pip install failed"_s) && operation.error.contains(u"kumo-missing"_s),
        qPrintable(operation.error));
    const Environment environment = *m_environments->get(m_environmentId);
    QCOMPARE(environment.state, Environment::State::Ready);
    QCOMPARE(environment.freezeHash, before); // pip installed nothing
    QCOMPARE(runPython(u"import hello; print(hello.greet())"_s, m_environmentId), u"hello 1.0 with base\n"_s);
}

void TestEnvironmentService::upgradeAndUninstallRecordNewFreezes()
{
    const qsizetype freezesBefore = m_environments->store().freezes(m_environmentId).size();
    QCOMPARE(install({ u"kumo-hello"_s }, EnvOperation::Kind::Upgrade).state, EnvOperation::State::Succeeded);
    QCOMPARE(runPython(u"import hello; print(hello.greet())"_s, m_environmentId), u"hello 2.0 with base\n"_s);
    QCOMPARE(
        install({ u"kumo-hello"_s }, EnvOperation::Kind::Uninstall).state, EnvOperation::State::Succeeded);
    Run run;
    QVERIFY(runPython(u"import hello"_s, m_environmentId, &run).contains(u"ModuleNotFoundError"_s));
    QCOMPARE(run.state, RunState::Failed);
    const QList<Freeze> freezes = m_environments->store().freezes(m_environmentId);
    QCOMPARE(freezes.size(), freezesBefore + 2);
    QCOMPARE(m_environments->store()
                 .freeze(m_environmentId, m_environments->get(m_environmentId)->freezeHash)
                 ->text,
        u"kumo-base==1.0\n"_s);
}

void TestEnvironmentService::taskRunsInsideTheEnvironment()
{
    QCOMPARE(install({ u"kumo-hello==1.0"_s }).state, EnvOperation::State::Succeeded);
    const Environment environment = *m_environments->get(m_environmentId);
    Run run;
    const QString log = runPython(
        u"import hello, os, sys; print(hello.greet()); print(os.environ['VIRTUAL_ENV']); print(sys.prefix)"_s,
        m_environmentId, &run);
    QCOMPARE(run.state, RunState::Succeeded);
    QCOMPARE(log, u"hello 1.0 with base\n%1\n%1\n"_s.arg(environment.path));
    QCOMPARE(run.environmentFreeze, environment.freezeHash);
    QCOMPARE(m_fixture.engine->runs().get(run.id)->environmentFreeze, environment.freezeHash);
    QCOMPARE(run.toJson().value(u"environmentFreeze"_s).toString(), environment.freezeHash);

    // A task with a plain interpreter gets it as `python`.
    Task spec = KumoTest::task(u"plain"_s, u"python -c \"import sys; print(sys.version_info[0])\""_s);
    spec.interpreterId = m_python->id;
    const Task task = m_fixture.create(spec);
    const qint64 runId = m_fixture.engine->runTaskNow(task.id).run->id;
    QTRY_COMPARE_WITH_TIMEOUT(m_fixture.run(runId).state, RunState::Succeeded, 30000);
    QFile plainLog(m_fixture.run(runId).logPath);
    QVERIFY(plainLog.open(QIODevice::ReadOnly));
    QCOMPARE(plainLog.readAll(), QByteArray("3\n"));

    // Both at once is refused; so are references to nothing.
    spec.environmentId = m_environmentId;
    QCOMPARE(m_fixture.engine->createTask(spec).errors.constFirst().field, u"interpreterId"_s);
    spec.interpreterId.reset();
    spec.environmentId = 987654;
    QCOMPARE(m_fixture.engine->createTask(spec).errors.constFirst().field, u"environmentId"_s);
}

void TestEnvironmentService::inheritedPipVariablesDoNotLeak()
{
    // The server's own pip settings point at a directory with a newer kumo-hello: installs must
    // not see them, only the configured index.
    QTemporaryDir links;
    QVERIFY(KumoTest::PackageIndexFixture::build(links.path(),
        { KumoTest::wheel(
            u"kumo-hello"_s, u"9.0"_s, modules(u"hello.py"_s, u"def greet():\n    return 'leaked'\n"_s)) }));
    qputenv("PIP_FIND_LINKS", QFile::encodeName(links.filePath(u"files"_s)));
    qputenv("PIP_INDEX_URL", "http://127.0.0.1:9/nowhere");
    const EnvOperation operation = install({ u"kumo-hello"_s }, EnvOperation::Kind::Upgrade);
    qunsetenv("PIP_FIND_LINKS");
    qunsetenv("PIP_INDEX_URL");
    QCOMPARE(operation.state, EnvOperation::State::Succeeded);
    QCOMPARE(runPython(u"import hello; print(hello.greet())"_s, m_environmentId), u"hello 2.0 with base\n"_s);
}

void TestEnvironmentService::operationsRunOneAtATime()
{
    QList<std::pair<qint64, QString>> events; // operation id, state
    QMetaObject::Connection connection = connect(
        m_environments, &EnvironmentService::operationChanged, this, [&](const EnvOperation &operation) {
            events.append({ operation.id, EnvOperation::stateName(operation.state) });
        });
    QList<qint64> ids;
    for (const QString &package : { u"kumo-hello==1.0"_s, u"kumo-hello==2.0"_s, u"kumo-hello==1.0"_s }) {
        const EnvResult result = m_environments->change(
            m_environmentId, EnvOperation::Kind::Install, { package }, {}, u"tester"_s);
        QVERIFY(result.ok());
        ids.append(result.operation->id);
    }
    for (const qint64 id : ids)
        QCOMPARE(waitForOperation(id).state, EnvOperation::State::Succeeded);
    disconnect(connection);
    // Never two running at once, and in the order asked.
    int running = 0;
    int maxRunning = 0;
    QList<qint64> started;
    for (const auto &[id, state] : events) {
        if (state == u"running"_s) {
            started.append(id);
            maxRunning = std::max(maxRunning, ++running);
        } else if (state == u"succeeded"_s || state == u"failed"_s) {
            --running;
        }
    }
    QCOMPARE(maxRunning, 1);
    QCOMPARE(started, ids);
    QCOMPARE(runPython(u"import hello; print(hello.greet())"_s, m_environmentId), u"hello 1.0 with base\n"_s);
}

void TestEnvironmentService::cancelKillsTheInstallTree()
{
    // An index that accepts connections and never answers: pip waits until it is killed.
    QTcpServer blackHole;
    QVERIFY(blackHole.listen(QHostAddress::LocalHost));
    const PackageIndex saved = m_environments->packageIndex();
    PackageIndex silent;
    silent.indexUrl = u"http://127.0.0.1:%1/simple"_s.arg(blackHole.serverPort());
    QVERIFY(m_environments->setPackageIndex(silent));
    const EnvResult result = m_environments->change(
        m_environmentId, EnvOperation::Kind::Install, { u"kumo-slow"_s }, {}, u"tester"_s);
    QVERIFY(m_environments->setPackageIndex(saved));
    QVERIFY(result.ok());
    const QString environmentPath = m_environments->get(m_environmentId)->path;
    QVERIFY(QTest::qWaitFor(
        [&] { return !processesMentioning(environmentPath + u"/bin/python"_s).isEmpty(); }, 20000));
    QVERIFY(QTest::qWaitFor([&] { return blackHole.hasPendingConnections(); }, 20000)); // pip is waiting
    QCOMPARE(m_environments->get(m_environmentId)->state, Environment::State::Installing);

    QVERIFY(m_environments->cancelOperation(result.operation->id).ok());
    const EnvOperation cancelled = waitForOperation(result.operation->id);
    QCOMPARE(cancelled.state, EnvOperation::State::Cancelled);
    QVERIFY(cancelled.finishedAt.value_or(0) - cancelled.startedAt.value_or(0) < 15000);
    QVERIFY(processesMentioning(environmentPath + u"/bin/python"_s).isEmpty());
    QCOMPARE(m_environments->get(m_environmentId)->state, Environment::State::Ready);
    QCOMPARE(m_environments->cancelOperation(result.operation->id).status, EnvResult::Status::Conflict);
    QFile log(m_environments->logPathOf(result.operation->id));
    QVERIFY(log.open(QIODevice::ReadOnly));
    QVERIFY(log.readAll().contains("[kumo] cancelled: cancelled by request"));
}

void TestEnvironmentService::resetBringsThePackagesBack()
{
    const Environment before = *m_environments->get(m_environmentId);
    // Break it: its interpreter link is gone. Runs fail and say so, rather than finding
    // another python on PATH without the packages.
    QVERIFY(QFile::remove(before.pythonPath()));
    Run run;
    QVERIFY(runPython(u"import hello"_s, m_environmentId, &run).contains(u"has no python"_s));
    QCOMPARE(run.state, RunState::Failed);
    QVERIFY(run.error.contains(u"reset it"_s));

    // Not under a run that uses it.
    QVERIFY(QFile::link(QFileInfo(m_python->path).canonicalFilePath(), before.pythonPath()));
    Task sleeper = KumoTest::task(u"sleeper"_s, u"python -c \"import time; time.sleep(60)\""_s);
    sleeper.environmentId = m_environmentId;
    const qint64 sleeping = m_fixture.engine->runTaskNow(m_fixture.create(sleeper).id).run->id;
    QTRY_COMPARE_WITH_TIMEOUT(m_fixture.run(sleeping).state, RunState::Running, 10000);
    QCOMPARE(m_environments->reset(m_environmentId, u"tester"_s).status, EnvResult::Status::Conflict);
    QCOMPARE(m_environments->remove(m_environmentId).status, EnvResult::Status::Conflict);
    QVERIFY(m_fixture.engine->cancelRun(sleeping));
    QTRY_COMPARE_WITH_TIMEOUT(m_fixture.run(sleeping).state, RunState::Cancelled, 10000);
    QVERIFY(QFile::remove(before.pythonPath()));

    const EnvResult reset = m_environments->reset(m_environmentId, u"tester"_s);
    QVERIFY2(reset.ok(), qPrintable(reset.message));
    QCOMPARE(waitForOperation(reset.operation->id).state, EnvOperation::State::Succeeded);
    const Environment after = *m_environments->get(m_environmentId);
    QCOMPARE(after.state, Environment::State::Ready);
    QCOMPARE(after.freezeHash, before.freezeHash); // the same packages again
    QCOMPARE(runPython(u"import hello; print(hello.greet())"_s, m_environmentId), u"hello 1.0 with base\n"_s);
}

void TestEnvironmentService::deleteIsRefusedWhileATaskUsesIt()
{
    const EnvResult created = m_environments->create(
        { { u"name"_s, u"doomed"_s }, { u"pythonVersion"_s, m_python->version } }, u"tester"_s);
    QVERIFY2(created.ok(), qPrintable(created.message));
    const std::optional<Interpreter> chosen
        = m_fixture.engine->interpreters().get(created.environment->interpreterId.value_or(0));
    QVERIFY(chosen);
    QCOMPARE(chosen->version, m_python->version);
    const qint64 id = created.environment->id;
    QCOMPARE(waitForOperation(created.operation->id).state, EnvOperation::State::Succeeded);
    Task spec = KumoTest::task(u"uses-doomed"_s, u"python -V"_s);
    spec.environmentId = id;
    const Task task = m_fixture.create(spec);
    const EnvResult refused = m_environments->remove(id);
    QCOMPARE(refused.status, EnvResult::Status::Conflict);
    QCOMPARE(refused.tasks, QStringList { u"uses-doomed"_s });
    QVERIFY(m_fixture.engine->deleteTask(task.id).ok());

    const QString path = m_environments->get(id)->path;
    QSignalSpy removed(m_environments, &EnvironmentService::environmentRemoved);
    const EnvResult deleting = m_environments->remove(id);
    QVERIFY(deleting.ok());
    QCOMPARE(deleting.environment->state, Environment::State::Deleting);
    QVERIFY(removed.wait(20000));
    QVERIFY(!m_environments->get(id));
    QVERIFY(!QFileInfo::exists(path));
    QCOMPARE(m_environments->remove(id).status, EnvResult::Status::NotFound);
}

void TestEnvironmentService::invalidRequestsAreRefused_data()
{
    QTest::addColumn<QJsonObject>("json");
    QTest::addColumn<QString>("field");
    QTest::addRow("no name") << QJsonObject { { u"interpreterId"_s, 1 } } << u"name"_s;
    QTest::addRow("path in name") << QJsonObject { { u"name"_s, u"../up"_s }, { u"interpreterId"_s, 1 } }
                                  << u"name"_s;
    QTest::addRow("hidden name") << QJsonObject { { u"name"_s, u".x"_s }, { u"interpreterId"_s, 1 } }
                                 << u"name"_s;
    QTest::addRow("unknown backend") << QJsonObject { { u"name"_s, u"x"_s }, { u"backend"_s, u"docker"_s } }
                                     << u"backend"_s;
    QTest::addRow("no interpreter") << QJsonObject { { u"name"_s, u"x"_s } } << u"interpreterId"_s;
    QTest::addRow("missing interpreter")
        << QJsonObject { { u"name"_s, u"x"_s }, { u"interpreterId"_s, 999999 } } << u"interpreterId"_s;
    QTest::addRow("bad version") << QJsonObject { { u"name"_s, u"x"_s }, { u"pythonVersion"_s, u"3.x"_s } }
                                 << u"pythonVersion"_s;
    QTest::addRow("digits only") << QJsonObject { { u"name"_s, u"2024"_s }, { u"interpreterId"_s, 1 } }
                                 << u"name"_s;
    QTest::addRow("newline") << QJsonObject { { u"name"_s, u"main\n"_s }, { u"interpreterId"_s, 1 } }
                             << u"name"_s;
    QTest::addRow("absent version") << QJsonObject { { u"name"_s, u"x"_s },
        { u"pythonVersion"_s, u"3.99"_s } }
                                    << u"pythonVersion"_s;
}

void TestEnvironmentService::invalidRequestsAreRefused()
{
    QFETCH(QJsonObject, json);
    QFETCH(QString, field);
    const EnvResult result = m_environments->create(json, u"tester"_s);
    QCOMPARE(result.status, EnvResult::Status::Invalid);
    QCOMPARE(result.errors.constFirst().field, field);
    QCOMPARE(
        m_environments->create({ { u"name"_s, u"main"_s }, { u"interpreterId"_s, m_python->id } }, u"t"_s)
            .status,
        EnvResult::Status::Conflict);
    // Options smuggled in as packages never reach pip.
    for (const QString &package : { u"--index-url=http://evil"_s, u"-r/etc/shadow"_s, u"a b"_s, u""_s }) {
        const EnvResult change
            = m_environments->change(m_environmentId, EnvOperation::Kind::Install, { package }, {}, u"t"_s);
        QCOMPARE(change.status, EnvResult::Status::Invalid);
    }
    QCOMPARE(m_environments->change(m_environmentId, EnvOperation::Kind::Install, {}, {}, u"t"_s).status,
        EnvResult::Status::Invalid);
    QCOMPARE(m_environments->change(424242, EnvOperation::Kind::Install, { u"x"_s }, {}, u"t"_s).status,
        EnvResult::Status::NotFound);
}

void TestEnvironmentService::changesWaitingBehindAFailedCreateFail()
{
    // An interpreter that answers like Python but cannot make venvs.
    QTemporaryDir dir;
    const QString fake = dir.filePath(u"python-without-venv"_s);
    QFile script(fake);
    QVERIFY(script.open(QIODevice::WriteOnly));
    script.write("#!/bin/sh\nif [ \"$1\" = -m ]; then echo 'venv is broken here' >&2; exit 3; fi\n"
                 "exec /usr/bin/python3 \"$@\"\n");
    script.close();
    QVERIFY(script.setPermissions(script.permissions() | QFileDevice::ExeOwner));
    std::optional<InterpreterResult> added;
    m_fixture.engine->interpreters().add(fake, [&](const InterpreterResult &result) { added = result; });
    QVERIFY(QTest::qWaitFor([&] { return added.has_value(); }, 20000));
    QVERIFY2(added->ok(), qPrintable(added->message));

    const EnvResult created = m_environments->create(
        { { u"name"_s, u"broken"_s }, { u"interpreterId"_s, added->interpreter->id } }, u"tester"_s);
    QVERIFY(created.ok());
    const EnvResult install = m_environments->change(
        created.environment->id, EnvOperation::Kind::Install, { u"kumo-hello"_s }, {}, u"tester"_s);
    QVERIFY(install.ok()); // queued behind the create
    const EnvOperation create = waitForOperation(created.operation->id);
    QCOMPARE(create.state, EnvOperation::State::Failed);
    QVERIFY2(create.error.contains(u"venv is broken here"_s), qPrintable(create.error));
    const EnvOperation installed = waitForOperation(install.operation->id);
    QCOMPARE(installed.state, EnvOperation::State::Failed);
    QVERIFY2(installed.error.contains(u"reset it"_s), qPrintable(installed.error));
    const Environment environment = *m_environments->get(created.environment->id);
    QCOMPARE(environment.state, Environment::State::Failed); // never "ready" by accident
    QVERIFY(environment.error.contains(u"venv is broken here"_s));
    Run run;
    QVERIFY(runPython(u"print(1)"_s, environment.id, &run).contains(u"failed"_s));
    QCOMPARE(run.state, RunState::Failed);
    QCOMPARE(
        m_environments->change(environment.id, EnvOperation::Kind::Install, { u"x"_s }, {}, u"t"_s).status,
        EnvResult::Status::Conflict);
    QSignalSpy removed(m_environments, &EnvironmentService::environmentRemoved);
    QVERIFY(m_fixture.engine->deleteTask(run.taskId).ok());
    QVERIFY(m_environments->remove(environment.id).ok());
    QVERIFY(removed.wait(20000));
}

void TestEnvironmentService::listingIsSharedUntilPackagesChange()
{
    // Changed packages: the next listing runs pip again.
    QCOMPARE(install({ u"kumo-hello==2.0"_s }).state, EnvOperation::State::Succeeded);
    QList<PackageList> answers;
    m_environments->listPackages(m_environmentId, [&](const PackageList &list) { answers.append(list); });
    m_environments->listPackages(m_environmentId, [&](const PackageList &list) { answers.append(list); });
    QVERIFY(answers.isEmpty()); // one pip list runs for both
    QVERIFY(QTest::qWaitFor([&] { return answers.size() == 2; }, 30000));
    QVERIFY(answers[0].ok);
    QCOMPARE(answers[0].packages, answers[1].packages);
    // Unchanged packages: answered at once, without pip.
    m_environments->listPackages(m_environmentId, [&](const PackageList &list) { answers.append(list); });
    QCOMPARE(answers.size(), 3);
    QCOMPARE(answers[2].packages, answers[0].packages);
    QVERIFY(QJsonDocument(answers[0].packages).toJson().contains("\"2.0\""));
}

void TestEnvironmentService::condaEnvironment()
{
    if (findCondaExecutable().isEmpty())
        QSKIP("no conda, mamba or micromamba on this machine: conda environments are not tested here");
    const EnvResult created
        = m_environments->create({ { u"name"_s, u"conda-env"_s }, { u"backend"_s, u"conda"_s },
                                     { u"pythonVersion"_s, m_python->minorVersion() } },
            u"tester"_s);
    QVERIFY2(created.ok(), qPrintable(created.message));
    QCOMPARE(waitForOperation(created.operation->id).state, EnvOperation::State::Succeeded);
    Run run;
    const QString log
        = runPython(u"import os; print(os.environ['CONDA_PREFIX'])"_s, created.environment->id, &run);
    QCOMPARE(run.state, RunState::Succeeded);
    QCOMPARE(log.trimmed(), created.environment->path);
}

QTEST_GUILESS_MAIN(TestEnvironmentService)
#include "tst_environmentservice.moc"
