// SPDX-License-Identifier: MIT
// The console's models over a real engine on a temporary data directory: the model contract
// (QAbstractItemModelTester, fatal on any violation) while tasks are made, runs come and go and
// a log grows, and what the rows say.
#include "audit/auditlog.h"
#include "console/consolebackend.h"
#include "console/logmodel.h"
#include "console/runlistmodel.h"
#include "console/tasklistmodel.h"
#include "engine.h"
#include "environments/environmentservice.h"
#include "environments/interpreterregistry.h"
#include "packageindexfixture.h"
#include "projects/archiveextractor.h"
#include "security/passwordhasher.h"
#include "system/envvarservice.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

class TestConsoleModels : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Kumo::Engine> m_engine;
    std::unique_ptr<Kumo::ConsoleBackend> m_backend;

    QVariantMap task(const QString &name, const QString &command)
    {
        return { { u"name"_s, name }, { u"command"_s, command },
            { u"trigger"_s, QVariantMap { { u"type"_s, u"interval"_s }, { u"seconds"_s, 3600 } } } };
    }

    /// Runs task @p id now and waits until the run has ended; its id.
    qint64 runToEnd(qint64 id)
    {
        const QVariantMap answer = m_backend->runTask(id);
        if (!answer.value(u"ok"_s).toBool())
            return 0;
        const qint64 runId = answer.value(u"runId"_s).toLongLong();
        const bool ended = QTest::qWaitFor(
            [&] {
                const QString state = m_backend->run(runId).value(u"state"_s).toString();
                return state != u"queued"_s && state != u"running"_s;
            },
            15000);
        return ended ? runId : 0;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        Kumo::EngineConfig config;
        config.dataDir = m_dir.path();
        config.passwordCost = Kumo::PasswordHasher::Cost::Minimal;
        m_engine = std::make_unique<Kumo::Engine>();
        QVERIFY2(m_engine->open(config), qPrintable(m_engine->errorString()));
        m_engine->start();
        m_backend = std::make_unique<Kumo::ConsoleBackend>(*m_engine);
        new QAbstractItemModelTester(
            m_backend->tasks(), QAbstractItemModelTester::FailureReportingMode::Fatal, this);
        new QAbstractItemModelTester(
            m_backend->runs(), QAbstractItemModelTester::FailureReportingMode::Fatal, this);
    }

    void cleanupTestCase()
    {
        m_backend.reset();
        m_engine.reset();
    }

    void createTask_data()
    {
        QTest::addColumn<QVariantMap>("fields");
        QTest::addColumn<QString>("errorField"); // empty: accepted
        QTest::newRow("interval") << task(u"hello"_s, u"echo hello"_s) << QString();
        QVariantMap cron = task(u"weekday"_s, u"true"_s);
        cron[u"trigger"_s] = QVariantMap { { u"type"_s, u"cron"_s }, { u"expression"_s, u"30 9 * * 1-5"_s },
            { u"timezone"_s, u"Asia/Shanghai"_s } };
        QTest::newRow("cron") << cron << QString();
        QVariantMap badCron = task(u"bad-cron"_s, u"true"_s);
        badCron[u"trigger"_s]
            = QVariantMap { { u"type"_s, u"cron"_s }, { u"expression"_s, u"99 * * * *"_s } };
        QTest::newRow("bad cron") << badCron << u"trigger.expression"_s;
        QTest::newRow("no name") << task(QString(), u"true"_s) << u"name"_s;
        QTest::newRow("duplicate name") << task(u"hello"_s, u"true"_s) << u"name"_s;
    }

    void createTask()
    {
        QFETCH(QVariantMap, fields);
        QFETCH(QString, errorField);
        const int before = m_backend->tasks()->rowCount();
        const QVariantMap answer = m_backend->createTask(fields);
        QCOMPARE(answer.value(u"ok"_s).toBool(), errorField.isEmpty());
        if (errorField.isEmpty()) {
            QCOMPARE(m_backend->tasks()->rowCount(), before + 1);
            const int row = m_backend->tasks()->rowOf(answer.value(u"id"_s).toLongLong());
            QVERIFY(row >= 0);
            const QModelIndex index = m_backend->tasks()->index(row);
            QCOMPARE(
                index.data(Kumo::TaskListModel::NameRole).toString(), fields.value(u"name"_s).toString());
            QVERIFY(index.data(Kumo::TaskListModel::NextRunAtRole).toDateTime().isValid());
        } else {
            QVERIFY2(answer.value(u"errors"_s).toMap().contains(errorField),
                qPrintable(answer.value(u"message"_s).toString()));
            QVERIFY(!answer.value(u"message"_s).toString().isEmpty());
            QCOMPARE(m_backend->tasks()->rowCount(), before);
        }
    }

    void previewMarksDstShifts()
    {
        // A year of daily fires at 12:00 in New York crosses both of its DST changes: the wall
        // time stays, the offset changes, and exactly those fires are marked.
        const QVariantMap preview
            = m_backend->previewTrigger({ { u"type"_s, u"cron"_s }, { u"expression"_s, u"0 12 * * *"_s },
                                            { u"timezone"_s, u"America/New_York"_s } },
                366);
        QVERIFY(preview.value(u"ok"_s).toBool());
        const QVariantList fires = preview.value(u"fires"_s).toList();
        QCOMPARE(fires.size(), 366);
        int marked = 0;
        for (qsizetype i = 0; i < fires.size(); ++i) {
            const QString local = fires.at(i).toMap().value(u"local"_s).toString();
            QVERIFY2(local.contains(u"T12:00:00"_s), qPrintable(local));
            const bool offsetDiffers
                = i > 0 && local.right(6) != fires.at(i - 1).toMap().value(u"local"_s).toString().right(6);
            QCOMPARE(fires.at(i).toMap().value(u"offsetChanged"_s).toBool(), offsetDiffers);
            marked += offsetDiffers ? 1 : 0;
        }
        QCOMPARE(marked, 2);
        const QVariantMap bad
            = m_backend->previewTrigger({ { u"type"_s, u"cron"_s }, { u"expression"_s, u"nope"_s } }, 5);
        QVERIFY(!bad.value(u"ok"_s).toBool());
        QVERIFY(bad.value(u"errors"_s).toMap().contains(u"trigger.expression"_s));
    }

    void logFollowsARunToItsEnd()
    {
        const QVariantMap created = m_backend->createTask(task(u"talker"_s,
            u"for i in 1 2 3; do echo out $i; echo err $i >&2; sleep 0.2; done; printf 'bar 10%%\\rbar 100%%\\n'; printf tail"_s));
        QVERIFY(created.value(u"ok"_s).toBool());
        const qint64 taskId = created.value(u"id"_s).toLongLong();
        const QVariantMap started = m_backend->runTask(taskId);
        QVERIFY(started.value(u"ok"_s).toBool());
        const qint64 runId = started.value(u"runId"_s).toLongLong();

        // A model opened while the run writes: what the file holds, then the live lines.
        QTRY_VERIFY_WITH_TIMEOUT(m_backend->run(runId).value(u"state"_s) == u"running"_s, 10000);
        Kumo::LogModel *live = m_backend->createLogModel(runId, this);
        QAbstractItemModelTester liveTester(live, QAbstractItemModelTester::FailureReportingMode::Fatal);
        QSignalSpy completed(live, &Kumo::LogModel::completeChanged);
        QTRY_VERIFY_WITH_TIMEOUT(live->isComplete(), 15000);
        QCOMPARE(completed.count(), 1);

        const QStringList expected { u"out 1"_s, u"err 1"_s, u"out 2"_s, u"err 2"_s, u"out 3"_s, u"err 3"_s,
            u"bar 100%"_s, u"tail"_s };
        QStringList lines;
        for (int row = 0; row < live->rowCount(); ++row)
            lines.append(live->index(row).data(Kumo::LogModel::TextRole).toString());
        QCOMPARE(lines, expected);
        for (int row = 0; row < live->rowCount(); ++row)
            QCOMPARE(live->index(row).data(Kumo::LogModel::StderrRole).toBool(),
                lines.at(row).startsWith(u"err"_s));

        // A model opened after the end reads the same lines from the file alone.
        Kumo::LogModel *later = m_backend->createLogModel(runId, this);
        QAbstractItemModelTester laterTester(later, QAbstractItemModelTester::FailureReportingMode::Fatal);
        QVERIFY(later->isComplete());
        QCOMPARE(later->text(), expected.join(u'\n'));

        // The run list saw the run appear and end.
        const QModelIndex top = m_backend->runs()->index(0);
        QCOMPARE(top.data(Kumo::RunListModel::IdRole).toLongLong(), runId);
        QCOMPARE(top.data(Kumo::RunListModel::StateRole).toString(), u"succeeded"_s);
        QCOMPARE(top.data(Kumo::RunListModel::TaskNameRole).toString(), u"talker"_s);
        QCOMPARE(top.data(Kumo::RunListModel::ExitCodeRole).toInt(), 0);
    }

    void runListOfOneTask()
    {
        const qint64 hello = m_backend->createTask(task(u"solo"_s, u"exit 3"_s)).value(u"id"_s).toLongLong();
        QVERIFY(hello > 0);
        Kumo::RunListModel *runs = m_backend->createRunModel(hello, this);
        QAbstractItemModelTester tester(runs, QAbstractItemModelTester::FailureReportingMode::Fatal);
        QCOMPARE(runs->rowCount(), 0);
        QSignalSpy inserted(runs, &QAbstractItemModel::rowsInserted);
        const qint64 first = runToEnd(hello);
        const qint64 second = runToEnd(hello);
        QVERIFY(first > 0 && second > first);
        QCOMPARE(inserted.count(), 2);
        QCOMPARE(runs->rowCount(), 2);
        QCOMPARE(runs->index(0).data(Kumo::RunListModel::IdRole).toLongLong(), second);
        QCOMPARE(runs->index(1).data(Kumo::RunListModel::StateRole).toString(), u"failed"_s);
        QCOMPARE(runs->index(1).data(Kumo::RunListModel::ExitCodeRole).toInt(), 3);
        // Runs of other tasks do not appear.
        runToEnd(m_backend->tasks()->index(0).data(Kumo::TaskListModel::IdRole).toLongLong());
        QCOMPARE(runs->rowCount(), 2);
        // A renamed task: its rows say the new name at once.
        QSignalSpy renamed(runs, &QAbstractItemModel::dataChanged);
        QVERIFY(m_backend->updateTask(hello, { { u"name"_s, u"solo-renamed"_s } }).value(u"ok"_s).toBool());
        QCOMPARE(renamed.count(), 2);
        QCOMPARE(runs->index(0).data(Kumo::RunListModel::TaskNameRole).toString(), u"solo-renamed"_s);
        // The task list shows the last state.
        const QModelIndex row = m_backend->tasks()->index(m_backend->tasks()->rowOf(hello));
        QTRY_COMPARE(row.data(Kumo::TaskListModel::LastStateRole).toString(), u"failed"_s);
    }

    void projectFilesTreeAndEditor()
    {
        // A real ZIP of a small tree, imported as the console does (the archive is copied).
        QTemporaryDir source;
        QVERIFY(source.isValid());
        const auto write = [&](const QString &relative, const QByteArray &bytes) {
            QDir().mkpath(QFileInfo(source.filePath(relative)).path());
            QFile file(source.filePath(relative));
            return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
        };
        QVERIFY(write(u"main.py"_s, "print('v1')\n"));
        QVERIFY(write(u"lib/util.py"_s, "X = 1\n"));
        QVERIFY(write(u"lib/deep/more.txt"_s, "more\n"));
        QVERIFY(write(u"data.bin"_s, QByteArray("\x00\x01\x02", 3)));
        const QString zip = m_dir.filePath(u"demo.zip"_s);
        QString error;
        QVERIFY2(Kumo::ArchiveExtractor::createZip(source.path(), zip, &error), qPrintable(error));

        Kumo::ProjectListModel *projects = m_backend->projects();
        QAbstractItemModelTester projectTester(
            projects, QAbstractItemModelTester::FailureReportingMode::Fatal);
        const QVariantMap imported = m_backend->importProject(u"demo"_s, zip);
        QVERIFY2(imported.value(u"ok"_s).toBool(), qPrintable(imported.value(u"message"_s).toString()));
        QVERIFY(QFile::exists(zip)); // copied, not taken
        const qint64 id = imported.value(u"id"_s).toLongLong();
        QTRY_COMPARE_WITH_TIMEOUT(
            projects->index(0).data(Kumo::ProjectListModel::StateRole).toString(), u"ready"_s, 10000);
        QCOMPARE(projects->index(0).data(Kumo::ProjectListModel::FilesRole).toInt(), 4);
        QVERIFY(!m_backend->importProject(u"demo"_s, zip).value(u"ok"_s).toBool()); // the name is taken
        QVERIFY(
            !m_backend->importProject(u"other"_s, m_dir.filePath(u"missing.zip"_s)).value(u"ok"_s).toBool());

        Kumo::FileTreeModel *tree = m_backend->createFileTree(id, this);
        QAbstractItemModelTester treeTester(tree, QAbstractItemModelTester::FailureReportingMode::Fatal);
        QCOMPARE(tree->rowCount(), 3); // lib/, data.bin, main.py: folders first
        const QModelIndex lib = tree->index(0, 0);
        QCOMPARE(lib.data(Kumo::FileTreeModel::PathRole).toString(), u"lib"_s);
        QVERIFY(tree->hasChildren(lib));
        // Folders are read when a view expands them (the tester may have done so already).
        if (tree->canFetchMore(lib))
            tree->fetchMore(lib);
        QVERIFY(!tree->canFetchMore(lib));
        QCOMPARE(tree->rowCount(lib), 2);
        const QModelIndex deep = tree->index(0, 0, lib);
        QCOMPARE(deep.data(Kumo::FileTreeModel::PathRole).toString(), u"lib/deep"_s);
        QCOMPARE(tree->parent(deep), lib);
        tree->fetchMore(deep);
        QCOMPARE(
            tree->index(0, 0, deep).data(Kumo::FileTreeModel::PathRole).toString(), u"lib/deep/more.txt"_s);

        QVariantMap file = m_backend->readFile(id, u"main.py"_s);
        QVERIFY(file.value(u"ok"_s).toBool());
        QCOMPARE(file.value(u"text"_s).toString(), u"print('v1')\n"_s);
        QVERIFY(
            m_backend->writeFile(id, u"main.py"_s, u"print('v2 ✓')\n"_s, file.value(u"encoding"_s).toString())
                .value(u"ok"_s)
                .toBool());
        QCOMPARE(m_backend->readFile(id, u"main.py"_s).value(u"text"_s).toString(), u"print('v2 ✓')\n"_s);
        // The same confinement and checks as the API.
        QVERIFY(!m_backend->readFile(id, u"data.bin"_s).value(u"ok"_s).toBool());
        QVERIFY(!m_backend->readFile(id, u"../secret.key"_s).value(u"ok"_s).toBool());
        QVERIFY(!m_backend->writeFile(id, u"../escape.py"_s, u"x"_s, u"UTF-8"_s).value(u"ok"_s).toBool());
        QVERIFY(!m_backend->writeFile(id, u"main.py"_s, u"x"_s, u"EBCDIC"_s).value(u"ok"_s).toBool());
        QVERIFY(!m_backend->readFile(id + 99, u"main.py"_s).value(u"ok"_s).toBool());

        QVERIFY(m_backend->deleteProject(id).value(u"ok"_s).toBool());
        QCOMPARE(projects->rowCount(), 0);
    }

    void environmentModelsFollowAnInstall()
    {
        KumoTest::PackageIndexFixture index;
        QVERIFY(index.start(m_dir.filePath(u"index"_s),
            { KumoTest::wheel(u"kumo-tiny"_s, u"2.0"_s, { { u"kumo_tiny.py"_s, u"N = 2\n"_s } }) }));
        Kumo::PackageIndex settings;
        settings.indexUrl = index.url();
        QVERIFY(m_engine->environments().setPackageIndex(settings));
        QSignalSpy refreshed(&m_engine->interpreters(), &Kumo::InterpreterRegistry::refreshed);
        m_engine->interpreters().refresh();
        QVERIFY(refreshed.wait(60000));
        const QVariantList interpreters = m_backend->interpreters();
        QVERIFY(!interpreters.isEmpty());

        Kumo::EnvironmentListModel *environments = m_backend->environments();
        QAbstractItemModelTester environmentTester(
            environments, QAbstractItemModelTester::FailureReportingMode::Fatal);
        QVERIFY(!m_backend
                     ->createEnvironment(u"no spaces allowed"_s,
                         interpreters.constFirst().toMap().value(u"id"_s).toLongLong())
                     .value(u"ok"_s)
                     .toBool());
        const QVariantMap created = m_backend->createEnvironment(
            u"tiny"_s, interpreters.constFirst().toMap().value(u"id"_s).toLongLong());
        QVERIFY2(created.value(u"ok"_s).toBool(), qPrintable(created.value(u"message"_s).toString()));
        const qint64 id = created.value(u"id"_s).toLongLong();
        QCOMPARE(environments->rowCount(), 1);
        Kumo::OperationLog *creation
            = m_backend->createOperationLog(created.value(u"operationId"_s).toLongLong(), this);
        QTRY_VERIFY_WITH_TIMEOUT(creation->isFinished(), 90000);
        QCOMPARE(creation->state(), u"succeeded"_s);
        QCOMPARE(environments->index(0).data(Kumo::EnvironmentListModel::StateRole).toString(), u"ready"_s);

        Kumo::PackageListModel *packages = m_backend->createPackageModel(id, this);
        QAbstractItemModelTester packageTester(
            packages, QAbstractItemModelTester::FailureReportingMode::Fatal);
        QTRY_VERIFY_WITH_TIMEOUT(!packages->isLoading(), 30000);
        const auto names = [&] {
            QStringList list;
            for (int row = 0; row < packages->rowCount(); ++row)
                list.append(packages->index(row).data(Kumo::PackageListModel::NameRole).toString());
            return list;
        };
        QVERIFY(names().contains(u"pip"_s));
        QVERIFY(!names().contains(u"kumo-tiny"_s));

        QVERIFY(!m_backend->changePackages(id, u"install"_s, u"  ,  "_s).value(u"ok"_s).toBool());
        QVERIFY(!m_backend->changePackages(id, u"explode"_s, u"x"_s).value(u"ok"_s).toBool());
        QVERIFY(!m_backend->changePackages(id, u"install"_s, u"--index-url=http://evil/"_s)
                     .value(u"ok"_s)
                     .toBool());
        const QVariantMap install = m_backend->changePackages(id, u"install"_s, u"kumo-tiny==2.0"_s);
        QVERIFY2(install.value(u"ok"_s).toBool(), qPrintable(install.value(u"message"_s).toString()));
        Kumo::OperationLog *log
            = m_backend->createOperationLog(install.value(u"operationId"_s).toLongLong(), this);
        QSignalSpy grew(log, &Kumo::OperationLog::textChanged);
        QTRY_VERIFY_WITH_TIMEOUT(log->isFinished(), 60000);
        QCOMPARE(log->state(), u"succeeded"_s);
        QVERIFY2(log->text().contains(u"Successfully installed kumo-tiny-2.0"_s), qPrintable(log->text()));
        QVERIFY(grew.count() >= 1);
        QTRY_VERIFY_WITH_TIMEOUT(!packages->isLoading() && names().contains(u"kumo-tiny"_s), 30000);

        QVERIFY(m_backend->changePackages(id, u"uninstall"_s, u"kumo-tiny"_s).value(u"ok"_s).toBool());
        QTRY_VERIFY_WITH_TIMEOUT(!packages->isLoading() && !names().contains(u"kumo-tiny"_s), 60000);

        QVERIFY(m_backend->deleteEnvironment(id).value(u"ok"_s).toBool());
        QTRY_COMPARE_WITH_TIMEOUT(environments->rowCount(), 0, 30000);
    }

    void pauseDeleteAndCancel()
    {
        const qint64 id
            = m_backend->createTask(task(u"sleeper"_s, u"sleep 30"_s)).value(u"id"_s).toLongLong();
        QVERIFY(m_backend->setTaskEnabled(id, false).value(u"ok"_s).toBool());
        const QModelIndex row = m_backend->tasks()->index(m_backend->tasks()->rowOf(id));
        QCOMPARE(row.data(Kumo::TaskListModel::EnabledRole).toBool(), false);
        QVERIFY(!row.data(Kumo::TaskListModel::NextRunAtRole).isValid());

        const qint64 runId = m_backend->runTask(id).value(u"runId"_s).toLongLong();
        QTRY_COMPARE_WITH_TIMEOUT(m_backend->run(runId).value(u"state"_s).toString(), u"running"_s, 10000);
        QVERIFY(m_backend->cancelRun(runId).value(u"ok"_s).toBool());
        QTRY_COMPARE_WITH_TIMEOUT(m_backend->run(runId).value(u"state"_s).toString(), u"cancelled"_s, 10000);
        const QVariantMap again = m_backend->cancelRun(runId);
        QVERIFY(!again.value(u"ok"_s).toBool());
        QVERIFY(!again.value(u"message"_s).toString().isEmpty());

        const int before = m_backend->tasks()->rowCount();
        QVERIFY(m_backend->deleteTask(id).value(u"ok"_s).toBool());
        QCOMPARE(m_backend->tasks()->rowCount(), before - 1);
        QCOMPARE(m_backend->tasks()->rowOf(id), -1);
        QVERIFY(!m_backend->deleteTask(id).value(u"ok"_s).toBool());
    }

    void auditListFiltersAndFollows()
    {
        Kumo::AuditListModel *audit = m_backend->audit();
        QAbstractItemModelTester tester(audit, QAbstractItemModelTester::FailureReportingMode::Fatal);
        QVERIFY(audit->rowCount() > 0);
        audit->setAction(u"task.*"_s);
        for (int row = 0; row < audit->rowCount(); ++row)
            QVERIFY(
                audit->index(row).data(Kumo::AuditListModel::ActionRole).toString().startsWith(u"task."_s));
        const int before = audit->rowCount();
        QVERIFY(m_backend->createTask(task(u"audited"_s, u"true"_s)).value(u"ok"_s).toBool());
        QCOMPARE(audit->rowCount(), std::min(before + 1, int(Kumo::AuditListModel::kLimit)));
        QCOMPARE(audit->index(0).data(Kumo::AuditListModel::ActionRole).toString(), u"task.create"_s);
        // An event of another family does not appear under this filter.
        QVERIFY(m_backend->setPypiIndexUrl(u"https://pypi.org/simple"_s).value(u"ok"_s).toBool());
        QCOMPARE(audit->index(0).data(Kumo::AuditListModel::ActionRole).toString(), u"task.create"_s);
        audit->setAction(QString());
        QCOMPARE(audit->index(0).data(Kumo::AuditListModel::ActionRole).toString(), u"settings.update"_s);
    }

    void variablesKeepSecretsMasked()
    {
        const QString secret = u"s3cr3t-value-that-must-not-show"_s;
        const QVariantMap created = m_backend->saveVariable(
            0, { { u"name"_s, u"API_TOKEN"_s }, { u"value"_s, secret }, { u"secret"_s, true } });
        QVERIFY2(created.value(u"ok"_s).toBool(), qPrintable(created.value(u"message"_s).toString()));
        const qint64 id = created.value(u"id"_s).toLongLong();
        const auto shown = [&] {
            for (const QVariant &variable : m_backend->variables()) {
                if (variable.toMap().value(u"id"_s).toLongLong() == id)
                    return variable.toMap();
            }
            return QVariantMap();
        };
        QCOMPARE(shown().value(u"value"_s).toString(), QString::fromUtf16(Kumo::EnvVar::kMask));
        // A change that leaves the value out keeps it; the run sees the real one.
        QVERIFY(m_backend->saveVariable(id, { { u"description"_s, u"for the report"_s } })
                    .value(u"ok"_s)
                    .toBool());
        QCOMPARE(m_engine->envVars().forRun(0, std::nullopt).values.value(u"API_TOKEN"_s), secret);
        QVERIFY(!m_backend->saveVariable(0, { { u"name"_s, u"KUMO_ANYTHING"_s }, { u"value"_s, u"x"_s } })
                     .value(u"ok"_s)
                     .toBool());
        QVERIFY(!m_backend->saveVariable(0, { { u"name"_s, u"API_TOKEN"_s }, { u"value"_s, u"x"_s } })
                     .value(u"ok"_s)
                     .toBool());
        // Neither the answers nor the audit trail hold the value.
        Kumo::AuditQuery query;
        query.action = u"envvar.*"_s;
        const std::optional<Kumo::AuditPage> page = m_engine->audit().query(query);
        QVERIFY(page && page->total >= 2);
        for (const Kumo::AuditEvent &event : page->items)
            QVERIFY(!QJsonDocument(event.toJson()).toJson().contains(secret.toUtf8()));
        QVERIFY(m_backend->deleteVariable(id).value(u"ok"_s).toBool());
        QVERIFY(shown().isEmpty());
        QVERIFY(!m_backend->setPypiIndexUrl(u"not a url"_s).value(u"ok"_s).toBool());
    }

    // Runs last: every action above is in the audit trail, as the API records them.
    void actionsAreAudited_data()
    {
        QTest::addColumn<QString>("action");
        QTest::addColumn<QString>("outcome");
        QTest::newRow("task created") << u"task.create"_s << u"success"_s;
        QTest::newRow("task refused") << u"task.create"_s << u"failure"_s;
        QTest::newRow("run") << u"task.run"_s << u"success"_s;
        QTest::newRow("pause") << u"task.pause"_s << u"success"_s;
        QTest::newRow("cancel") << u"run.cancel"_s << u"success"_s;
        QTest::newRow("cancel refused") << u"run.cancel"_s << u"failure"_s;
        QTest::newRow("delete task") << u"task.delete"_s << u"success"_s;
        QTest::newRow("project") << u"project.create"_s << u"success"_s;
        QTest::newRow("file") << u"project.file.write"_s << u"success"_s;
        QTest::newRow("file refused") << u"project.file.write"_s << u"failure"_s;
        QTest::newRow("project deleted") << u"project.delete"_s << u"success"_s;
        QTest::newRow("environment") << u"environment.create"_s << u"success"_s;
        QTest::newRow("environment refused") << u"environment.create"_s << u"failure"_s;
        QTest::newRow("packages") << u"environment.packages"_s << u"success"_s;
        QTest::newRow("packages refused") << u"environment.packages"_s << u"failure"_s;
        QTest::newRow("environment deleted") << u"environment.delete"_s << u"success"_s;
    }

    void actionsAreAudited()
    {
        QFETCH(QString, action);
        QFETCH(QString, outcome);
        Kumo::AuditQuery query;
        query.action = action;
        query.outcome = outcome;
        const std::optional<Kumo::AuditPage> page = m_engine->audit().query(query);
        QVERIFY(page);
        QVERIFY2(page->total > 0, qPrintable(action));
        const Kumo::AuditEvent &event = page->items.constFirst();
        QCOMPARE(event.actor, Kumo::ConsoleBackend::actor());
        QCOMPARE(event.ip, u"local"_s);
        if (outcome == u"failure"_s)
            QVERIFY(!event.details.value(u"error"_s).toString().isEmpty());
    }
};

QTEST_MAIN(TestConsoleModels)
#include "tst_consolemodels.moc"
