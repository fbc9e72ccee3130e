// SPDX-License-Identifier: MIT
// The console's models over a real engine on a temporary data directory: the model contract
// (QAbstractItemModelTester, fatal on any violation) while tasks are made, runs come and go and
// a log grows, and what the rows say.
#include "audit/auditlog.h"
#include "console/consolebackend.h"
#include "console/consoleverb.h"
#include "console/filetreemodel.h"
#include "console/logmodel.h"
#include "console/operationlog.h"
#include "console/projectlistmodel.h"
#include "console/runlistmodel.h"
#include "console/tasklistmodel.h"
#include "engine.h"
#include "environments/environmentservice.h"
#include "environments/interpreterregistry.h"
#include "packageindexfixture.h"
#include "projects/archiveextractor.h"
#include "projects/projectservice.h"
#include "security/passwordhasher.h"
#include "storage/runstore.h"
#include "system/datamaintenance.h"
#include "system/envvarservice.h"

#include <QAbstractItemModelTester>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QQmlComponent>
#include <QQmlEngine>
#include <QQuickItem>
#include <QQuickWindow>
#include <QScopeGuard>
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

    /// A ZIP of @p files (path → bytes) in the data directory's temporary space.
    QString zipOf(const QString &name, const QList<std::pair<QString, QByteArray>> &files)
    {
        QTemporaryDir source;
        for (const auto &[relative, bytes] : files) {
            QDir().mkpath(QFileInfo(source.filePath(relative)).path());
            QFile file(source.filePath(relative));
            if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
                return {};
        }
        const QString zip = m_dir.filePath(name);
        QString error;
        return Kumo::ArchiveExtractor::createZip(source.path(), zip, &error) ? zip : QString();
    }

    /// The rows of @p log as (line number, text), the pieces of a line longer than a chunk joined.
    static QList<std::pair<qint64, QString>> linesOf(const Kumo::LogModel &log)
    {
        QList<std::pair<qint64, QString>> lines;
        for (int row = 0; row < log.rowCount(); ++row) {
            const QModelIndex index = log.index(row);
            const qint64 number = index.data(Kumo::LogModel::LineNumberRole).toLongLong();
            const QString text = index.data(Kumo::LogModel::TextRole).toString();
            if (!lines.isEmpty() && number > 0 && lines.constLast().first == number)
                lines.last().second += text;
            else
                lines.append({ number, text });
        }
        return lines;
    }

    /// Why @p lines are not the end of @p expected, numbered as there (the first may be the end
    /// of its line); empty when they are.
    static QString tailMismatch(const QList<std::pair<qint64, QString>> &lines, const QStringList &expected)
    {
        for (qsizetype i = 0; i < lines.size(); ++i) {
            const auto &[number, text] = lines.at(i);
            if (number < 1 || number > expected.size())
                return u"row %1 has line number %2"_s.arg(i).arg(number);
            if (i > 0 && number != lines.at(i - 1).first + 1)
                return u"line %1 follows line %2"_s.arg(number).arg(lines.at(i - 1).first);
            const QString &want = expected.at(number - 1);
            if (i == 0 ? !want.endsWith(text) : want != text)
                return u"line %1 reads \"%2\""_s.arg(number).arg(text.left(40));
        }
        if (!lines.isEmpty() && lines.constLast().first != expected.size())
            return u"the last line is %1, not %2"_s.arg(lines.constLast().first).arg(expected.size());
        return {};
    }

    /// A task that runs @p command once, to its end; the run's id.
    qint64 runCommand(const QString &name, const QString &command)
    {
        const QVariantMap created = m_backend->createTask(task(name, command));
        return created.value(u"ok"_s).toBool() ? runToEnd(created.value(u"id"_s).toLongLong()) : 0;
    }

    /// The item named @p name under @p item, through visual children too (a view's header).
    static QQuickItem *findItem(QQuickItem *item, const QString &name)
    {
        if (item->objectName() == name)
            return item;
        const QList<QQuickItem *> children = item->childItems();
        for (QQuickItem *child : children) {
            if (QQuickItem *found = findItem(child, name))
                return found;
        }
        return nullptr;
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

    void runListsDropDeletedRuns()
    {
        // A full list (kLimit rows) of a task's runs, recorded directly: a deleted one leaves it
        // full, the next older run taking the last row.
        const qint64 taskId = m_backend->createTask(task(u"doomed"_s, u"true"_s)).value(u"id"_s).toLongLong();
        QVERIFY(taskId > 0);
        QList<qint64> ids;
        for (int i = 0; i <= Kumo::RunListModel::kLimit; ++i) {
            Kumo::Run run;
            run.taskId = taskId;
            run.state = Kumo::RunState::Succeeded;
            run.reason = u"manual"_s;
            run.scheduledAt = i;
            QVERIFY(m_engine->runs().insert(run));
            ids.append(run.id);
        }
        Kumo::RunListModel full(*m_engine);
        full.setTaskId(taskId);
        QAbstractItemModelTester fullTester(&full, QAbstractItemModelTester::FailureReportingMode::Fatal);
        QCOMPARE(full.rowCount(), Kumo::RunListModel::kLimit);
        QCOMPARE(full.index(0).data(Kumo::RunListModel::IdRole).toLongLong(), ids.constLast());
        QSignalSpy removed(&full, &QAbstractItemModel::rowsRemoved);
        QVERIFY(m_engine->deleteRun(ids.constLast()).ok());
        QCOMPARE(removed.size(), 1);
        QCOMPARE(full.rowCount(), Kumo::RunListModel::kLimit);
        QCOMPARE(full.index(0).data(Kumo::RunListModel::IdRole).toLongLong(), ids.at(ids.size() - 2));
        QCOMPARE(full.index(Kumo::RunListModel::kLimit - 1).data(Kumo::RunListModel::IdRole).toLongLong(),
            ids.constFirst());
        ids.removeLast();

        // A real run, in the list of every run too, deleted as the API does.
        const qint64 runId = runToEnd(taskId);
        QVERIFY(runId > 0);
        Kumo::RunListModel *all = m_backend->runs();
        const auto listed = [](const Kumo::RunListModel &model, qint64 id) {
            for (int row = 0; row < model.rowCount(); ++row) {
                if (model.index(row).data(Kumo::RunListModel::IdRole).toLongLong() == id)
                    return true;
            }
            return false;
        };
        QVERIFY(listed(*all, runId) && listed(full, runId));
        QVERIFY(m_engine->deleteRun(runId).ok());
        QVERIFY(!listed(*all, runId));
        QVERIFY(!listed(full, runId));
        QCOMPARE(full.rowCount(), Kumo::RunListModel::kLimit);

        // A deleted task keeps its runs until data maintenance deletes them.
        QVERIFY(m_backend->deleteTask(taskId).value(u"ok"_s).toBool());
        QCOMPARE(full.rowCount(), Kumo::RunListModel::kLimit);
        Kumo::DataMaintenance maintenance(*m_engine);
        const QList<Kumo::MaintenanceFinding> fixed = maintenance.fix({ u"runsOfDeletedTasks"_s });
        QVERIFY(!fixed.isEmpty() && fixed.constFirst().items.size() >= ids.size());
        QCOMPARE(full.rowCount(), 0);
    }

    void projectListAndFileTreeFollowTheEngine()
    {
        // Projects made and removed by the engine (as the API does): rows come and go without a
        // reload.
        Kumo::ProjectListModel projects(*m_engine);
        QAbstractItemModelTester projectTester(
            &projects, QAbstractItemModelTester::FailureReportingMode::Fatal);
        QSignalSpy projectsReset(&projects, &QAbstractItemModel::modelReset);
        const int before = projects.rowCount();
        const QString first = zipOf(u"first.zip"_s,
            { { u"a/one.txt"_s, "1\n" }, { u"b/two.txt"_s, "2\n" }, { u"c/three.txt"_s, "3\n" },
                { u"top.txt"_s, "top\n" } });
        QVERIFY(!first.isEmpty());
        const Kumo::ProjectResult created
            = m_engine->projects().create(QJsonObject { { u"name"_s, u"followed"_s } }, first);
        QVERIFY2(created.ok(), qPrintable(created.message));
        const qint64 id = created.project->id;
        QCOMPARE(projects.rowCount(), before + 1);
        const QModelIndex row = projects.index(before);
        QCOMPARE(row.data(Kumo::ProjectListModel::IdRole).toLongLong(), id);
        QTRY_COMPARE_WITH_TIMEOUT(row.data(Kumo::ProjectListModel::StateRole).toString(), u"ready"_s, 10000);

        // Folders at rows 0, 1, 2: each child names its folder's own row.
        Kumo::FileTreeModel tree(*m_engine, id);
        QAbstractItemModelTester treeTester(&tree, QAbstractItemModelTester::FailureReportingMode::Fatal);
        // The tester would read folders while it checks a reset, which its own bookkeeping then
        // takes for a change inside a change: the test reads them instead.
        treeTester.setUseFetchMore(false);
        QCOMPARE(tree.rowCount(), 4);
        for (int folderRow = 0; folderRow < 3; ++folderRow) {
            const QModelIndex folder = tree.index(folderRow, 0);
            if (tree.canFetchMore(folder))
                tree.fetchMore(folder);
            QCOMPARE(tree.rowCount(folder), 1);
            const QModelIndex child = tree.index(0, 0, folder);
            QCOMPARE(tree.parent(child), folder);
            QCOMPARE(tree.parent(child).row(), folderRow);
            const QString file = QStringList { u"one.txt"_s, u"two.txt"_s, u"three.txt"_s }.at(folderRow);
            QCOMPARE(child.data(Kumo::FileTreeModel::PathRole).toString(),
                folder.data(Kumo::FileTreeModel::NameRole).toString() + u'/' + file);
        }

        // An edit of the project leaves the tree; a new archive, once unpacked, replaces it.
        QSignalSpy treeReset(&tree, &QAbstractItemModel::modelReset);
        QVERIFY(m_engine->projects().update(id, QJsonObject { { u"description"_s, u"edited"_s } }).ok());
        QCOMPARE(treeReset.size(), 0);
        const QString second
            = zipOf(u"second.zip"_s, { { u"src/main.py"_s, "print(2)\n" }, { u"readme.txt"_s, "2\n" } });
        QVERIFY(m_engine->projects().replace(id, second).ok());
        QCOMPARE(treeReset.size(), 0); // the old files stay until the new ones are ready
        QTRY_COMPARE_WITH_TIMEOUT(treeReset.size(), 1, 10000);
        QCOMPARE(tree.rowCount(), 2);
        QCOMPARE(tree.index(0, 0).data(Kumo::FileTreeModel::PathRole).toString(), u"src"_s);
        QCOMPARE(tree.index(1, 0).data(Kumo::FileTreeModel::PathRole).toString(), u"readme.txt"_s);
        QCOMPARE(row.data(Kumo::ProjectListModel::RevisionRole).toInt(), 2);

        QVERIFY(m_engine->projects().remove(id).ok());
        QCOMPARE(projects.rowCount(), before);
        QCOMPARE(projectsReset.size(), 0);
        QCOMPARE(tree.rowCount(), 0);
        QVERIFY(!tree.error().isEmpty());
    }

    void logOpensAtItsEndAndLoadsEarlier_data()
    {
        QTest::addColumn<QString>("command");
        QTest::addColumn<QStringList>("expected");
        QStringList numbers;
        for (int i = 1; i <= 60000; ++i)
            numbers.append(QString::number(i));
        QTest::addRow("short lines") << u"seq 1 60000"_s << numbers; // 349 kB: two chunks
        QTest::addRow("a line longer than a chunk")
            << u"head -c 300000 /dev/zero | tr '\\0' y; echo; echo end"_s
            << QStringList { QString(300000, u'y'), u"end"_s };
    }

    void logOpensAtItsEndAndLoadsEarlier()
    {
        QFETCH(QString, command);
        QFETCH(QStringList, expected);
        const qint64 runId
            = runCommand(u"long-log-%1"_s.arg(QString::fromUtf8(QTest::currentDataTag())), command);
        QVERIFY(runId > 0);

        Kumo::LogModel log(*m_engine);
        QAbstractItemModelTester tester(&log, QAbstractItemModelTester::FailureReportingMode::Fatal);
        log.setRunId(runId);
        QVERIFY(log.isComplete());
        QVERIFY(log.hasEarlier());
        QVERIFY(linesOf(log).size() < expected.size());
        QString mismatch = tailMismatch(linesOf(log), expected);
        QVERIFY2(mismatch.isEmpty(), qPrintable(mismatch));

        QSignalSpy inserted(&log, &QAbstractItemModel::rowsInserted);
        QSignalSpy hasEarlier(&log, &Kumo::LogModel::hasEarlierChanged);
        for (int loads = 1; log.hasEarlier(); ++loads) {
            QVERIFY(loads < 5);
            const int rows = log.rowCount();
            log.loadEarlier();
            QVERIFY(log.rowCount() > rows);
            QCOMPARE(inserted.size(), loads);
            QCOMPARE(inserted.constLast().at(1).toInt(), 0);
            mismatch = tailMismatch(linesOf(log), expected);
            QVERIFY2(mismatch.isEmpty(), qPrintable(mismatch));
        }
        QCOMPARE(hasEarlier.size(), 1);
        const QList<std::pair<qint64, QString>> lines = linesOf(log);
        QCOMPARE(lines.size(), expected.size());
        QCOMPARE(lines.constFirst(), std::pair(qint64(1), expected.constFirst()));
        const int loads = int(inserted.size());
        log.loadEarlier(); // nothing before the first line
        QCOMPARE(inserted.size(), loads);
    }

    void logNumbersLinesOnceTheyCanBeCounted()
    {
        // A log longer than kCountableBytes opens with lines whose numbers are unknown (0); once
        // the rows start within kCountableBytes, every row is numbered.
        const Kumo::RunSettings saved = m_engine->runSettings();
        Kumo::RunSettings bigger = saved;
        bigger.logCapBytes = 2 * Kumo::LogModel::kCountableBytes;
        QVERIFY(m_engine->setRunSettings(bigger));
        const auto restore = qScopeGuard([&] { QVERIFY(m_engine->setRunSettings(saved)); });
        const qint64 runId = runCommand(u"very-long-log"_s, u"seq 1 2300000"_s); // 17.3 MB
        QVERIFY(runId > 0);
        QVERIFY(QFileInfo(m_engine->runs().get(runId)->logPath).size()
            > Kumo::LogModel::kCountableBytes + Kumo::LogModel::kChunkBytes);

        Kumo::LogModel log(*m_engine);
        QAbstractItemModelTester tester(&log, QAbstractItemModelTester::FailureReportingMode::Fatal);
        log.setRunId(runId);
        QVERIFY(log.rowCount() > 1000);
        QCOMPARE(log.index(log.rowCount() - 1).data(Kumo::LogModel::TextRole).toString(), u"2300000"_s);
        QCOMPARE(log.index(0).data(Kumo::LogModel::LineNumberRole).toLongLong(), 0);
        QSignalSpy renumbered(&log, &QAbstractItemModel::dataChanged);
        int loads = 0;
        while (log.index(0).data(Kumo::LogModel::LineNumberRole).toLongLong() == 0) {
            QVERIFY(++loads <= 3);
            log.loadEarlier();
        }
        QCOMPARE(renumbered.size(), 1);
        QVERIFY(renumbered.constFirst().at(2).value<QList<int>>().contains(Kumo::LogModel::LineNumberRole));
        for (int row = 0; row < log.rowCount(); row += 997) {
            const QModelIndex index = log.index(row);
            QCOMPARE(index.data(Kumo::LogModel::LineNumberRole).toString(),
                index.data(Kumo::LogModel::TextRole).toString());
        }
    }

    void logShowsTheUnfinishedLineInPlace()
    {
        const QVariantMap created = m_backend->createTask(task(u"progress"_s,
            u"echo start; printf 'step 1'; sleep 1; printf '\\rstep 2'; sleep 1; printf '\\rstep 3\\n'; "
            u"echo after; printf 'no newline'"_s));
        QVERIFY(created.value(u"ok"_s).toBool());
        const qint64 runId
            = m_backend->runTask(created.value(u"id"_s).toLongLong()).value(u"runId"_s).toLongLong();
        QTRY_VERIFY_WITH_TIMEOUT(m_backend->run(runId).value(u"state"_s) == u"running"_s, 10000);

        Kumo::LogModel log(*m_engine);
        QAbstractItemModelTester tester(&log, QAbstractItemModelTester::FailureReportingMode::Fatal);
        QSignalSpy changed(&log, &QAbstractItemModel::dataChanged);
        log.setRunId(runId);
        const auto rowText
            = [&log](int row) { return log.index(row).data(Kumo::LogModel::TextRole).toString(); };
        // The unfinished line is the last row, rewritten in place as the progress goes on.
        QTRY_VERIFY_WITH_TIMEOUT(log.rowCount() == 2 && rowText(1) == u"step 2"_s, 5000);
        QVERIFY(!changed.isEmpty());
        QCOMPARE(changed.constLast().at(0).toModelIndex().row(), 1);
        QTRY_VERIFY_WITH_TIMEOUT(log.isComplete(), 10000);
        // Its newline made it a line like the others: no row twice, and the last bytes, which
        // never got a newline, are a line of their own.
        QStringList rows;
        for (int row = 0; row < log.rowCount(); ++row)
            rows.append(rowText(row));
        QCOMPARE(rows, (QStringList { u"start"_s, u"step 3"_s, u"after"_s, u"no newline"_s }));
        for (int row = 0; row < log.rowCount(); ++row)
            QCOMPARE(log.index(row).data(Kumo::LogModel::LineNumberRole).toInt(), row + 1);
    }

    void runPageFollowsItsRunAndItsLog()
    {
        // A run that has written a long log and goes on: its page offers the earlier lines.
        const QVariantMap created
            = m_backend->createTask(task(u"page-run"_s, u"seq 1 60000; echo done; sleep 30"_s));
        QVERIFY(created.value(u"ok"_s).toBool());
        const qint64 runId
            = m_backend->runTask(created.value(u"id"_s).toLongLong()).value(u"runId"_s).toLongLong();
        QTRY_VERIFY_WITH_TIMEOUT(m_engine->runs().get(runId)->state == Kumo::RunState::Running
                && QFileInfo(m_engine->runs().get(runId)->logPath).size() > 348000,
            10000);
        const auto stop = qScopeGuard([&] { (void)m_backend->cancelRun(runId); }); // should a check fail

        Kumo::Console::registerTypes(m_backend.get());
        QQmlEngine qml;
        qml.addImportPath(u"qrc:/"_s);
        QQmlComponent component(&qml, QUrl(u"qrc:/org/kumo/console/RunPage.qml"_s));
        QQuickWindow window;
        window.resize(900, 600);
        std::unique_ptr<QObject> object(component.createWithInitialProperties({ { u"runId"_s, runId } }));
        QVERIFY2(object, qPrintable(component.errorString()));
        auto *page = qobject_cast<QQuickItem *>(object.get());
        page->setParentItem(window.contentItem());
        page->setSize(window.size());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto *log = page->property("log").value<Kumo::LogModel *>();
        QVERIFY(log);
        QQuickItem *view = findItem(page, u"logView"_s);
        QVERIFY(view);
        QTRY_COMPARE(view->property("count").toInt(), log->rowCount());
        QTRY_COMPARE(log->index(log->rowCount() - 1).data(Kumo::LogModel::TextRole).toString(), u"done"_s);

        // Another run's changes leave the page alone.
        QSignalSpy reread(page, SIGNAL(runChanged()));
        QVERIFY(runCommand(u"bystander"_s, u"true"_s) > 0);
        QCOMPARE(reread.size(), 0);

        // Dragging the scroll bar up stops following; dragging it back to the end resumes it.
        QTRY_VERIFY(view->property("atYEnd").toBool());
        QVERIFY(view->property("follow").toBool());
        QQuickItem *bar = findItem(page, u"logScrollBar"_s);
        QVERIFY(bar);
        const auto barPoint = [&](qreal fraction) {
            return bar->mapToScene(QPointF(bar->width() / 2, bar->height() * fraction)).toPoint();
        };
        // Press on the handle (the middle of it, inside the bar), drag, let go; a held bar keeps
        // the mouse when it leaves it.
        const auto handle = [bar] {
            return std::clamp(
                bar->property("position").toDouble() + bar->property("size").toDouble() / 2, 0.01, 0.99);
        };
        const auto drag = [&](qreal from, qreal to) {
            QTest::mousePress(&window, Qt::LeftButton, {}, barPoint(from));
            for (int step = 1; step <= 5; ++step)
                QTest::mouseMove(&window, barPoint(from + (to - from) * step / 5));
            QTest::mouseRelease(&window, Qt::LeftButton, {}, barPoint(to));
        };
        drag(handle(), 0.3);
        QVERIFY(!view->property("atYEnd").toBool());
        QVERIFY(!view->property("follow").toBool());
        drag(handle(), 1.03); // past the end of the bar, inside the window
        QTRY_VERIFY(view->property("follow").toBool());

        // "Load earlier" reads the lines before the first row, until there are none.
        QQuickItem *earlier = findItem(page, u"loadEarlier"_s);
        QVERIFY(earlier);
        QVERIFY(earlier->isVisible());
        const int rows = log->rowCount();
        QVERIFY(QMetaObject::invokeMethod(earlier, "clicked"));
        QVERIFY(log->rowCount() > rows);
        QVERIFY(!log->hasEarlier());
        QVERIFY(!earlier->isVisible());
        QCOMPARE(log->index(0).data(Kumo::LogModel::TextRole).toString(), u"1"_s);
        QTRY_COMPARE(view->property("count").toInt(), log->rowCount());

        // Its own run's end reaches the page.
        QVERIFY(m_backend->cancelRun(runId).value(u"ok"_s).toBool());
        QTRY_COMPARE_WITH_TIMEOUT(
            page->property("run").toMap().value(u"state"_s).toString(), u"cancelled"_s, 10000);
        QVERIFY(!reread.isEmpty());
    }

    void operationLogDecodesOnlyWhatIsNew()
    {
        constexpr qint64 operationId = 987654321; // no such operation: the log file alone
        Kumo::EnvironmentService &service = m_engine->environments();
        const QString path = service.logPathOf(operationId);
        QVERIFY(QDir().mkpath(QFileInfo(path).path()));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Append));
        const auto write = [&](const QByteArray &bytes) {
            QVERIFY(file.write(bytes) == bytes.size() && file.flush());
            Q_EMIT service.operationOutput(operationId, 0, bytes);
        };

        Kumo::OperationLog log(*m_engine, operationId);
        QSignalSpy changed(&log, &Kumo::OperationLog::textChanged);
        // "é" split across two writes: nothing garbled shows meanwhile.
        write("Collecting caf\xC3");
        QCOMPARE(log.text(), u"Collecting caf"_s);
        write("\xA9\n");
        QCOMPARE(log.text(), u"Collecting café\n"_s);
        QCOMPARE(changed.size(), 2);
        QVERIFY(!log.isTruncated());

        // A long log keeps its end, from a line's start.
        QByteArray lines;
        for (int i = 0; i < 12000; ++i)
            lines += "line " + QByteArray::number(i).rightJustified(6, '0') + ' ' + QByteArray(50, '.')
                + " ✓\n";
        write(lines);
        QVERIFY(log.isTruncated());
        QVERIFY(log.text().size() <= Kumo::OperationLog::kMaxChars * 5 / 4);
        QVERIFY(log.text().size() >= Kumo::OperationLog::kMaxChars * 3 / 4);
        QVERIFY(log.text().startsWith(u"line "_s));
        QVERIFY(log.text().endsWith(u"line 011999 "_s + QString(50, u'.') + u" ✓\n"_s));

        // Opened late on the same file: only its end is read.
        Kumo::OperationLog late(*m_engine, operationId);
        QVERIFY(late.isTruncated());
        QVERIFY(late.text().size() <= Kumo::OperationLog::kMaxChars);
        QVERIFY(late.text().startsWith(u"line "_s));
        QVERIFY(log.text().endsWith(late.text()));
        file.close();
        QFile::remove(path);
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
