// SPDX-License-Identifier: MIT
// `kumo backup` and `kumo maintenance` against a real `kumo serve`: create and wait, list, a
// dry run that names what a restore changes, a restore that needs confirmation and after which
// the same server (its engine restarted in place, on the same port) serves the restored data,
// download and delete; a consistency check and its fixes.

#include "clifixture.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using KumoTest::CliResult;

class TestSystemVerbs final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void createListRestoreDownloadDelete();
    void badInput();
    void maintenanceCheckAndFix();

private:
    CliResult kumo(const QStringList &args, const QByteArray &input = {}) const
    {
        return m_served.cli.run(args, input);
    }
    QTemporaryDir m_dir;
    KumoTest::ServedClient m_served;
};

void TestSystemVerbs::initTestCase()
{
    QVERIFY(m_dir.isValid());
    const QString error = m_served.start(m_dir.path());
    QVERIFY2(error.isEmpty(), qPrintable(error));
    m_served.cli.workingDirectory = m_dir.path();
}

void TestSystemVerbs::createListRestoreDownloadDelete()
{
    const QStringList daily { u"--cron"_s, u"0 9 * * *"_s, u"--command"_s, u"true"_s };
    QCOMPARE(kumo(QStringList { u"task"_s, u"add"_s, u"--name"_s, u"kept"_s } + daily).exitCode, 0);
    const CliResult created = kumo({ u"backup"_s, u"create"_s });
    QVERIFY2(created.exitCode == 0, created.describe());
    const QRegularExpressionMatch match
        = QRegularExpression(u"Backup (kumo-\\S+\\.zip)"_s).match(created.outText());
    QVERIFY2(match.hasMatch(), created.describe());
    const QString name = match.captured(1);

    const CliResult listed = kumo({ u"backup"_s, u"list"_s });
    QCOMPARE(listed.exitCode, 0);
    QVERIFY2(listed.outText().contains(name) && listed.outText().contains(u"manual"_s), listed.describe());

    QCOMPARE(kumo(QStringList { u"task"_s, u"add"_s, u"--name"_s, u"later"_s } + daily).exitCode, 0);
    const CliResult dry = kumo({ u"backup"_s, u"restore"_s, name, u"--dry-run"_s });
    QVERIFY2(dry.exitCode == 0 && dry.outText().contains(u"Tasks gone: later"_s), dry.describe());

    // Without --yes and without a terminal to ask on: refused, nothing restored.
    const CliResult unconfirmed = kumo({ u"backup"_s, u"restore"_s, name });
    QVERIFY2(unconfirmed.exitCode == 2 && unconfirmed.errText().contains(u"--yes"_s), unconfirmed.describe());
    QVERIFY(kumo({ u"task"_s, u"list"_s }).outText().contains(u"later"_s));

    const CliResult restored = kumo({ u"backup"_s, u"restore"_s, name, u"--yes"_s });
    QVERIFY2(restored.exitCode == 0 && restored.outText().contains(u"pre-restore"_s), restored.describe());
    // The same server, on the same address, now serves the backup's tasks.
    const CliResult tasks = kumo({ u"task"_s, u"list"_s });
    QVERIFY2(tasks.exitCode == 0, tasks.describe());
    QVERIFY2(tasks.outText().contains(u"kept"_s) && !tasks.outText().contains(u"later"_s), tasks.describe());
    QVERIFY(kumo({ u"backup"_s, u"list"_s }).outText().contains(u"pre-restore"_s));

    const QString saved = m_dir.filePath(u"copy.zip"_s);
    const CliResult downloaded = kumo({ u"backup"_s, u"download"_s, name, u"-o"_s, saved });
    QVERIFY2(downloaded.exitCode == 0, downloaded.describe());
    QFile file(saved);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.read(2), QByteArray("PK"));

    QCOMPARE(kumo({ u"backup"_s, u"rm"_s, name }).exitCode, 0);
    QVERIFY(!kumo({ u"backup"_s, u"list"_s }).outText().contains(name + u' '));
}

void TestSystemVerbs::badInput()
{
    const CliResult missing
        = kumo({ u"backup"_s, u"restore"_s, u"kumo-20990101T000000000Z.zip"_s, u"--yes"_s });
    QVERIFY2(missing.exitCode == 1 && missing.errText().contains(u"no backup"_s), missing.describe());
    QCOMPARE(kumo({ u"backup"_s, u"rm"_s, u"../kumo.db"_s }).exitCode, 1);
    QCOMPARE(kumo({ u"backup"_s, u"restore"_s }).exitCode, 2);
    QCOMPARE(kumo({ u"backup"_s, u"frobnicate"_s }).exitCode, 2);
    QVERIFY(QFile::exists(m_dir.filePath(u"data/kumo.db"_s)));
}

void TestSystemVerbs::maintenanceCheckAndFix()
{
    const QDir data(m_dir.filePath(u"data"_s));
    for (const QString &stray : { u"logs/tasks/4242.log"_s, u"output/task-4242/out.txt"_s }) {
        QDir().mkpath(QFileInfo(data.filePath(stray)).path());
        QFile file(data.filePath(stray));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("left behind\n");
    }
    const CliResult check = kumo({ u"maintenance"_s, u"check"_s, u"--items"_s });
    QVERIFY2(check.exitCode == 0 && check.outText().contains(u"logsWithoutRuns"_s)
            && check.outText().contains(u"output/task-4242"_s),
        check.describe());
    QVERIFY(QFile::exists(data.filePath(u"logs/tasks/4242.log"_s)));

    const CliResult one = kumo({ u"maintenance"_s, u"fix"_s, u"logsWithoutRuns"_s });
    QVERIFY2(one.exitCode == 0 && one.outText().contains(u"logs/tasks/4242.log"_s)
            && one.outText().contains(u"1 item(s) left"_s),
        one.describe());
    QVERIFY(!QFile::exists(data.filePath(u"logs/tasks/4242.log"_s)));
    QVERIFY(QFile::exists(data.filePath(u"output/task-4242/out.txt"_s)));

    const CliResult all = kumo({ u"maintenance"_s, u"fix"_s });
    QVERIFY2(all.exitCode == 0 && all.outText().contains(u"unreferencedFiles"_s), all.describe());
    QCOMPARE(kumo({ u"maintenance"_s, u"check"_s }).outText(), u"Nothing found: the data is consistent.\n"_s);
    const CliResult wrong = kumo({ u"maintenance"_s, u"fix"_s, u"everything"_s });
    QVERIFY2(wrong.exitCode == 1 && wrong.errText().contains(u"unknown kind"_s), wrong.describe());
}

QTEST_GUILESS_MAIN(TestSystemVerbs)
#include "tst_systemverbs.moc"
