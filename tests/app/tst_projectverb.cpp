// SPDX-License-Identifier: MIT
// `kumo project …` and `kumo task add --project` as a user runs them: real archives uploaded in
// chunks to a real `kumo serve`, unpacked, browsed, edited, downloaded, replaced and deleted.
#include "clifixture.h"
#include "zipmaker.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QRandomGenerator>
#include <QStringEncoder>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using KumoTest::CliResult;

class TestProjectVerb final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void projectLifecycle();
    void largeArchiveGoesInChunks();
    void refusedArchiveFailsTheCommand();
    void removalRefusedWhileATaskUsesIt();
    void filesOutsideTheProjectAreRefused_data();
    void filesOutsideTheProjectAreRefused();
    void usageErrors_data();
    void usageErrors();
    void serverLimitsApply();

private:
    CliResult kumo(const QStringList &args, const QByteArray &input = {})
    {
        return m_served.cli.run(args, input);
    }
    QString zip(const QString &name, const QList<std::pair<QString, QByteArray>> &entries);
    /// The entries of the ZIP at @p path, name → content, read by Python's zipfile.
    QMap<QString, QByteArray> readZip(const QString &path);

    QTemporaryDir m_dir;
    KumoTest::ServedClient m_served;
};

void TestProjectVerb::initTestCase()
{
    QVERIFY(m_dir.isValid());
    const QString error = m_served.start(m_dir.path());
    QVERIFY2(error.isEmpty(), qPrintable(error));
    m_served.cli.workingDirectory = m_dir.path();
}

void TestProjectVerb::cleanupTestCase()
{
    m_served.server.reset();
}

QString TestProjectVerb::zip(const QString &name, const QList<std::pair<QString, QByteArray>> &entries)
{
    const QString path = m_dir.filePath(name);
    return KumoTest::makeZip(path, entries) ? path : QString();
}

QMap<QString, QByteArray> TestProjectVerb::readZip(const QString &path)
{
    QProcess python;
    python.start(u"/usr/bin/python3"_s,
        { u"-c"_s,
            u"import sys, zipfile, json\nz = zipfile.ZipFile(sys.argv[1])\n"
            "print(json.dumps({n: z.read(n).hex() for n in z.namelist() if not n.endswith('/')}))\n"_s,
            path });
    if (!python.waitForFinished(20000) || python.exitCode() != 0)
        return {};
    QMap<QString, QByteArray> entries;
    const QJsonObject json = QJsonDocument::fromJson(python.readAllStandardOutput()).object();
    for (auto it = json.begin(); it != json.end(); ++it)
        entries.insert(it.key(), QByteArray::fromHex(it.value().toString().toLatin1()));
    return entries;
}

void TestProjectVerb::projectLifecycle()
{
    const QString archive = zip(u"report.zip"_s,
        { { u"report/main.py"_s, "print('one')\n" }, { u"report/requirements.txt"_s, "requests\n" },
            { u"report/数据/说明.txt"_s, "中文\n" } });
    QVERIFY(!archive.isEmpty());
    CliResult result = kumo({ u"project"_s, u"add"_s, u"report"_s, archive, u"--description"_s, u"daily"_s });
    QVERIFY2(result.exitCode == 0, result.describe());
    QVERIFY2(result.outText().contains(u"Created project"_s) && result.outText().contains(u"3 files"_s)
            && result.outText().contains(u"working dir report"_s),
        result.describe());

    result = kumo({ u"project"_s, u"list"_s });
    QVERIFY2(result.exitCode == 0, result.describe());
    QVERIFY2(QRegularExpression(u"\\d+\\s+report\\s+ready\\s+3\\s"_s).match(result.outText()).hasMatch(),
        result.describe());

    result = kumo({ u"project"_s, u"show"_s, u"report"_s });
    QVERIFY2(result.exitCode == 0, result.describe());
    for (const QString &expected : { u"Description:  daily"_s, u"Working dir:  report"_s,
             u"Run with:     python main.py"_s, u"Requirements: requirements.txt"_s, u"revision 1"_s })
        QVERIFY2(result.outText().contains(expected), qPrintable(expected + u"\n"_s + result.outText()));

    result = kumo({ u"project"_s, u"files"_s, u"report"_s, u"report"_s });
    QVERIFY2(result.exitCode == 0, result.describe());
    QVERIFY2(
        result.outText().contains(u"数据/"_s) && result.outText().contains(u"main.py"_s), result.describe());
    result = kumo({ u"project"_s, u"files"_s, u"report"_s, u"--json"_s });
    QCOMPARE(result.json().value(u"items"_s).toArray().first()[u"name"_s].toString(), u"report"_s);

    result = kumo({ u"project"_s, u"cat"_s, u"report"_s, u"report/数据/说明.txt"_s });
    QVERIFY2(result.exitCode == 0, result.describe());
    QCOMPARE(result.out, QByteArray("中文\n"));

    // put: from stdin as UTF-8, and from a GB18030 file kept in GB18030.
    result = kumo({ u"project"_s, u"put"_s, u"report"_s, u"report/main.py"_s }, "print('edited')\n");
    QVERIFY2(result.exitCode == 0, result.describe());
    QCOMPARE(kumo({ u"project"_s, u"cat"_s, u"report"_s, u"report/main.py"_s }).out,
        QByteArray("print('edited')\n"));
    QStringEncoder gb18030("GB18030");
    const QByteArray chinese = gb18030.encode(u"报告 = '每日'\n"_s);
    QFile local(m_dir.filePath(u"gb.py"_s));
    QVERIFY(local.open(QIODevice::WriteOnly));
    local.write(chinese);
    local.close();
    result = kumo({ u"project"_s, u"put"_s, u"report"_s, u"report/gb.py"_s, local.fileName(), u"--encoding"_s,
        u"GB18030"_s });
    QVERIFY2(result.exitCode == 0, result.describe());
    QCOMPARE(kumo({ u"project"_s, u"cat"_s, u"report"_s, u"report/gb.py"_s }).out, chinese);
    result = kumo({ u"project"_s, u"put"_s, u"report"_s, u"report/bad.py"_s, local.fileName() });
    QCOMPARE(result.exitCode, 1); // GB18030 bytes are not UTF-8: refused, nothing written
    QVERIFY2(result.errText().contains(u"is not UTF-8 text"_s), result.describe());

    // download: the ZIP holds the edited files.
    result = kumo({ u"project"_s, u"download"_s, u"report"_s });
    QVERIFY2(result.exitCode == 0, result.describe());
    QMap<QString, QByteArray> entries = readZip(m_dir.filePath(u"report.zip"_s));
    QCOMPARE(entries.value(u"report/main.py"_s), QByteArray("print('edited')\n"));
    QCOMPARE(entries.value(u"report/gb.py"_s), chinese);
    QCOMPARE(entries.value(u"report/数据/说明.txt"_s), QByteArray("中文\n"));
    QVERIFY(!entries.contains(u"report/bad.py"_s));
    result = kumo({ u"project"_s, u"download"_s, u"report"_s, u"-o"_s, u"-"_s });
    QVERIFY(result.out.startsWith("PK\x03\x04"));

    // replace: the new code, revision 2.
    const QString next = zip(u"report-2.zip"_s, { { u"report/main.py"_s, "print('two')\n" } });
    result = kumo({ u"project"_s, u"replace"_s, u"report"_s, next });
    QVERIFY2(result.exitCode == 0, result.describe());
    QVERIFY2(result.outText().contains(u"New code for project"_s), result.describe());
    result = kumo({ u"project"_s, u"show"_s, u"report"_s, u"--json"_s });
    QCOMPARE(result.json().value(u"revision"_s).toInt(), 2);
    QCOMPARE(result.json().value(u"files"_s).toInteger(), 1);
    QCOMPARE(
        kumo({ u"project"_s, u"cat"_s, u"report"_s, u"report/main.py"_s }).out, QByteArray("print('two')\n"));

    result = kumo({ u"project"_s, u"rm"_s, u"report"_s });
    QVERIFY2(result.exitCode == 0, result.describe());
    result = kumo({ u"project"_s, u"show"_s, u"report"_s });
    QCOMPARE(result.exitCode, 1);
    QVERIFY2(result.errText().contains(u"no project is named \"report\""_s), result.describe());
}

void TestProjectVerb::largeArchiveGoesInChunks()
{
    // Random bytes do not compress: a 17 MiB archive takes three 8 MiB chunks.
    QByteArray noise(17 * 1024 * 1024, Qt::Uninitialized);
    QRandomGenerator generator(42);
    generator.fillRange(reinterpret_cast<quint32 *>(noise.data()), noise.size() / 4);
    const QString archive = zip(u"big.zip"_s, { { u"data.bin"_s, noise }, { u"main.py"_s, "pass\n" } });
    QVERIFY(!archive.isEmpty());
    QVERIFY(QFileInfo(archive).size() > 16 * 1024 * 1024);
    const CliResult result = kumo({ u"project"_s, u"add"_s, u"big"_s, archive, u"--json"_s });
    QVERIFY2(result.exitCode == 0, result.describe());
    QCOMPARE(result.json().value(u"state"_s).toString(), u"ready"_s);
    QCOMPARE(result.json().value(u"bytes"_s).toInteger(), noise.size() + 5);
    const CliResult copy = kumo({ u"project"_s, u"cat"_s, u"big"_s, u"data.bin"_s });
    QCOMPARE(copy.exitCode, 0);
    QVERIFY(copy.out == noise);
    QCOMPARE(kumo({ u"project"_s, u"rm"_s, u"big"_s }).exitCode, 0);
}

void TestProjectVerb::refusedArchiveFailsTheCommand()
{
    const QString evil = zip(u"evil.zip"_s, { { u"ok.py"_s, "pass\n" }, { u"../../escape.py"_s, "x" } });
    CliResult result = kumo({ u"project"_s, u"add"_s, u"evil"_s, evil });
    QCOMPARE(result.exitCode, 1);
    QVERIFY2(result.errText().contains(u"the archive was refused"_s)
            && result.errText().contains(u"../../escape.py"_s),
        result.describe());
    QVERIFY(!QFileInfo::exists(m_dir.filePath(u"escape.py"_s)));
    // The project is kept, failed, so that a good archive can replace it.
    result = kumo({ u"project"_s, u"show"_s, u"evil"_s, u"--json"_s });
    QCOMPARE(result.json().value(u"state"_s).toString(), u"failed"_s);
    result
        = kumo({ u"project"_s, u"replace"_s, u"evil"_s, zip(u"good.zip"_s, { { u"ok.py"_s, "pass\n" } }) });
    QVERIFY2(result.exitCode == 0, result.describe());

    // A refused replacement keeps the files and says so.
    result = kumo({ u"project"_s, u"replace"_s, u"evil"_s, evil });
    QCOMPARE(result.exitCode, 1);
    QVERIFY2(result.errText().contains(u"the project keeps its files"_s), result.describe());
    QCOMPARE(kumo({ u"project"_s, u"cat"_s, u"evil"_s, u"ok.py"_s }).out, QByteArray("pass\n"));

    // Not an archive at all, and no file at all.
    QFile text(m_dir.filePath(u"notes.txt"_s));
    QVERIFY(text.open(QIODevice::WriteOnly));
    text.write("just text\n");
    text.close();
    result = kumo({ u"project"_s, u"add"_s, u"notes"_s, text.fileName() });
    QCOMPARE(result.exitCode, 1);
    QVERIFY2(result.errText().contains(u"cannot open the archive"_s), result.describe());
    result = kumo({ u"project"_s, u"add"_s, u"ghost"_s, m_dir.filePath(u"missing.zip"_s) });
    QCOMPARE(result.exitCode, 1);
    QVERIFY2(result.errText().contains(u"no such file"_s), result.describe());
    QCOMPARE(kumo({ u"project"_s, u"rm"_s, u"evil"_s }).exitCode, 0);
    QCOMPARE(kumo({ u"project"_s, u"rm"_s, u"notes"_s }).exitCode, 0);
}

void TestProjectVerb::removalRefusedWhileATaskUsesIt()
{
    const QString archive = zip(u"tool.zip"_s, { { u"tool/run.sh"_s, "echo from-project\n" } });
    QCOMPARE(kumo({ u"project"_s, u"add"_s, u"tool"_s, archive }).exitCode, 0);
    CliResult result = kumo({ u"task"_s, u"add"_s, u"--name"_s, u"uses-tool"_s, u"--command"_s,
        u"sh run.sh"_s, u"--every"_s, u"86400"_s, u"--project"_s, u"tool"_s, u"--disabled"_s, u"--json"_s });
    QVERIFY2(result.exitCode == 0, result.describe());
    QVERIFY(result.json().value(u"projectId"_s).toInteger() > 0);
    result = kumo({ u"task"_s, u"run"_s, u"uses-tool"_s, u"--wait"_s });
    QVERIFY2(result.exitCode == 0 && result.out == "from-project\n", result.describe());

    result = kumo({ u"project"_s, u"rm"_s, u"tool"_s });
    QCOMPARE(result.exitCode, 1);
    QVERIFY2(result.errText().contains(u"uses-tool"_s), result.describe());
    QCOMPARE(kumo({ u"project"_s, u"show"_s, u"tool"_s }).exitCode, 0);
    result = kumo({ u"task"_s, u"add"_s, u"--name"_s, u"x"_s, u"--command"_s, u"true"_s, u"--every"_s,
        u"60"_s, u"--project"_s, u"no-such-project"_s });
    QCOMPARE(result.exitCode, 1);
    QVERIFY2(result.errText().contains(u"no project is named"_s), result.describe());
    QCOMPARE(kumo({ u"task"_s, u"rm"_s, u"uses-tool"_s }).exitCode, 0);
    QCOMPARE(kumo({ u"project"_s, u"rm"_s, u"tool"_s }).exitCode, 0);
}

void TestProjectVerb::filesOutsideTheProjectAreRefused_data()
{
    QTest::addColumn<QStringList>("args");
    for (const QString &path :
        { u"../kumo.db"_s, u"../../data/kumo.db"_s, u"/etc/passwd"_s, u"a/../../x"_s }) {
        QTest::addRow("cat %s", qPrintable(path)) << QStringList { u"cat"_s, u"walls"_s, path };
        QTest::addRow("files %s", qPrintable(path)) << QStringList { u"files"_s, u"walls"_s, path };
        QTest::addRow("put %s", qPrintable(path)) << QStringList { u"put"_s, u"walls"_s, path };
    }
}

void TestProjectVerb::filesOutsideTheProjectAreRefused()
{
    QFETCH(QStringList, args);
    if (kumo({ u"project"_s, u"show"_s, u"walls"_s }).exitCode != 0)
        QCOMPARE(
            kumo({ u"project"_s, u"add"_s, u"walls"_s, zip(u"walls.zip"_s, { { u"in.txt"_s, "in\n" } }) })
                .exitCode,
            0);
    const QByteArray database = [&] {
        QFile file(m_dir.filePath(u"data/kumo.db"_s));
        return file.open(QIODevice::ReadOnly) ? file.read(4096) : QByteArray();
    }();
    const CliResult result = kumo(QStringList { u"project"_s } + args, "overwritten\n");
    QCOMPARE(result.exitCode, 1);
    QVERIFY2(!result.out.contains("SQLite") && !result.out.contains("root:"), result.describe());
    QVERIFY2(!result.errText().isEmpty(), result.describe());
    QFile file(m_dir.filePath(u"data/kumo.db"_s));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.read(4096), database);
}

void TestProjectVerb::usageErrors_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");
    QTest::addRow("no command") << QStringList {} << u"Usage: kumo project"_s;
    QTest::addRow("unknown") << QStringList { u"frob"_s } << u"unknown command \"frob\""_s;
    QTest::addRow("add without archive") << QStringList { u"add"_s, u"x"_s } << u"give ARCHIVE"_s;
    QTest::addRow("add without both") << QStringList { u"add"_s } << u"give NAME and ARCHIVE"_s;
    QTest::addRow("cat without path") << QStringList { u"cat"_s, u"x"_s } << u"give PATH"_s;
    QTest::addRow("too many") << QStringList { u"rm"_s, u"a"_s, u"b"_s } << u"unexpected argument \"b\""_s;
    QTest::addRow("bad encoding") << QStringList { u"put"_s, u"x"_s, u"a.py"_s, u"/dev/null"_s,
        u"--encoding"_s, u"KLINGON"_s }
                                  << u"unknown encoding \"KLINGON\""_s;
    QTest::addRow("unknown option") << QStringList { u"list"_s, u"--frob"_s } << u"frob"_s;
}

void TestProjectVerb::usageErrors()
{
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    const CliResult result = kumo(QStringList { u"project"_s } + args);
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.errText().contains(message), result.describe());
}

void TestProjectVerb::serverLimitsApply()
{
    // A second server with small limits, set by options and by the environment.
    QTemporaryDir dir;
    KumoTest::ServeProcess small(
        dir.filePath(u"data"_s), { u"--max-upload"_s, u"100000"_s, u"--max-project-files"_s, u"3"_s });
    const QString url = small.waitForUrl();
    QVERIFY(!url.isEmpty());
    KumoTest::CliRunner cli { dir.filePath(u"cli.json"_s), dir.path() };
    QCOMPARE(cli.login(url).exitCode, 0);

    CliResult result = cli.run({ u"project"_s, u"add"_s, u"three"_s,
        zip(u"three.zip"_s, { { u"a"_s, "1" }, { u"b"_s, "2" }, { u"c"_s, "3" } }) });
    QVERIFY2(result.exitCode == 0, result.describe());
    result = cli.run({ u"project"_s, u"add"_s, u"four"_s,
        zip(u"four.zip"_s, { { u"a"_s, "1" }, { u"b"_s, "2" }, { u"c"_s, "3" }, { u"d"_s, "4" } }) });
    QCOMPARE(result.exitCode, 1);
    QVERIFY2(result.errText().contains(u"more than 3 entries"_s), result.describe());

    QByteArray noise(200 * 1024, Qt::Uninitialized);
    QRandomGenerator(7).fillRange(reinterpret_cast<quint32 *>(noise.data()), noise.size() / 4);
    result = cli.run({ u"project"_s, u"add"_s, u"large"_s, zip(u"large.zip"_s, { { u"n.bin"_s, noise } }) });
    QCOMPARE(result.exitCode, 1);
    QVERIFY2(result.errText().contains(u"must be from 1 to 100000 bytes"_s), result.describe());
    result = cli.run({ u"project"_s, u"list"_s, u"--json"_s });
    QCOMPARE(result.json().value(u"total"_s).toInteger(), 2); // "three", and "four" failed
}

QTEST_GUILESS_MAIN(TestProjectVerb)
#include "tst_projectverb.moc"
