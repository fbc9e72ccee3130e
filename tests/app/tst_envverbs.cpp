// SPDX-License-Identifier: MIT
// `kumo python`, `kumo env`, `kumo pkg` and `kumo task add --python-env` as a user runs them, against a
// real `kumo serve` whose package index (PIP_INDEX_URL, the default of the setting) is a PEP 503
// index of wheels the test builds, on loopback.
#include "clifixture.h"
#include "packageindexfixture.h"

#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using KumoTest::CliResult;

class TestEnvVerbs final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void interpretersAreListedAndRegistered();
    void environmentAndPackages();
    void variablesAndSecrets();
    void usageErrors_data();
    void usageErrors();

private:
    CliResult kumo(const QStringList &args, const QByteArray &input = {})
    {
        return m_served.cli.run(args, input);
    }

    QTemporaryDir m_dir;
    KumoTest::PackageIndexFixture m_index;
    KumoTest::ServedClient m_served;
    QString m_pythonVersion;
};

void TestEnvVerbs::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY(m_index.start(m_dir.filePath(u"index"_s),
        { KumoTest::wheel(u"kumo-base"_s, u"1.0"_s, { { u"kumobase.py"_s, u""_s } }),
            KumoTest::wheel(
                u"kumo-hello"_s, u"1.0"_s, { { u"hello.py"_s, u"VERSION = '1.0'\n"_s } }, { u"kumo-base"_s }),
            KumoTest::wheel(u"kumo-hello"_s, u"2.0"_s, { { u"hello.py"_s, u"VERSION = '2.0'\n"_s } },
                { u"kumo-base"_s }) }));
    const QString error = m_served.start(m_dir.path(), { u"PIP_INDEX_URL="_s + m_index.url() });
    QVERIFY2(error.isEmpty(), qPrintable(error));
}

void TestEnvVerbs::cleanupTestCase()
{
    m_served.server.reset();
}

void TestEnvVerbs::interpretersAreListedAndRegistered()
{
    CliResult result = kumo({ u"python"_s, u"list"_s, u"--refresh"_s, u"--json"_s });
    QVERIFY2(result.exitCode == 0, result.describe());
    const QString system = QFileInfo(u"/usr/bin/python3"_s).canonicalFilePath();
    for (const QJsonValue &item : result.json().value(u"items"_s).toArray()) {
        if (QFileInfo(item[u"path"_s].toString()).canonicalFilePath() == system)
            m_pythonVersion = item[u"version"_s].toString();
    }
    QVERIFY(!m_pythonVersion.isEmpty());
    result = kumo({ u"python"_s, u"list"_s });
    QVERIFY2(result.outText().startsWith(u"ID"_s) && result.outText().contains(m_pythonVersion),
        result.describe());

    const QString link = m_dir.filePath(u"my-python"_s);
    QVERIFY(QFile::link(u"/usr/bin/python3"_s, link));
    result = kumo({ u"python"_s, u"add"_s, link });
    QVERIFY2(
        result.exitCode == 0 && result.outText().contains(u"Registered interpreter"_s), result.describe());
    result = kumo({ u"python"_s, u"add"_s, u"/bin/true"_s });
    QCOMPARE(result.exitCode, 1);
    QVERIFY2(result.errText().contains(u"did not answer as a Python interpreter"_s), result.describe());
}

void TestEnvVerbs::environmentAndPackages()
{
    CliResult result = kumo({ u"env"_s, u"create"_s, u"main"_s, u"--python"_s, m_pythonVersion });
    QVERIFY2(result.exitCode == 0, result.describe());
    QVERIFY2(result.outText().contains(u"-m venv"_s)
            && result.outText().contains(u"Environment \"main\" is ready"_s),
        result.describe());

    result = kumo({ u"pkg"_s, u"install"_s, u"main"_s, u"kumo-hello==1.0"_s });
    QVERIFY2(result.exitCode == 0, result.describe());
    QVERIFY2(result.outText().contains(u"Successfully installed kumo-base-1.0 kumo-hello-1.0"_s),
        result.describe());
    result = kumo({ u"pkg"_s, u"list"_s, u"main"_s });
    QVERIFY2(
        QRegularExpression(u"kumo-hello\\s+1\\.0"_s).match(result.outText()).hasMatch(), result.describe());

    result = kumo({ u"task"_s, u"add"_s, u"--name"_s, u"hello-task"_s, u"--command"_s,
        u"python -c \"import hello; print(hello.VERSION)\""_s, u"--every"_s, u"86400"_s, u"--python-env"_s,
        u"main"_s, u"--disabled"_s });
    QVERIFY2(result.exitCode == 0, result.describe());
    result = kumo({ u"task"_s, u"run"_s, u"hello-task"_s, u"--wait"_s });
    QVERIFY2(result.exitCode == 0 && result.out == "1.0\n", result.describe());

    // A package no index has: pip fails, the command says so, the environment stays usable.
    result = kumo({ u"pkg"_s, u"install"_s, u"main"_s, u"kumo-nowhere"_s });
    QCOMPARE(result.exitCode, 1);
    QVERIFY2(result.errText().contains(u"failed: pip install failed"_s), result.describe());
    QVERIFY2(result.outText().contains(u"kumo-nowhere"_s), result.describe()); // pip's own words
    result = kumo({ u"pkg"_s, u"upgrade"_s, u"main"_s, u"kumo-hello"_s, u"--json"_s });
    QVERIFY2(result.exitCode == 0, result.describe());
    QCOMPARE(result.json().value(u"kind"_s).toString(), u"upgrade"_s);
    result = kumo({ u"task"_s, u"run"_s, u"hello-task"_s, u"--wait"_s });
    QVERIFY2(result.exitCode == 0 && result.out == "2.0\n", result.describe());

    result = kumo({ u"env"_s, u"show"_s, u"main"_s });
    QVERIFY2(result.outText().contains(u"State:    ready"_s) && result.outText().contains(u"upgrade"_s)
            && result.outText().contains(u"hello-task"_s),
        result.describe());
    result = kumo({ u"env"_s, u"list"_s });
    QVERIFY2(QRegularExpression(u"main\\s+venv\\s+\\S+\\s+ready\\s+2\\s+hello-task"_s)
                 .match(result.outText())
                 .hasMatch(),
        result.describe());
    result = kumo({ u"env"_s, u"rm"_s, u"main"_s });
    QCOMPARE(result.exitCode, 1);
    QVERIFY2(result.errText().contains(u"hello-task"_s), result.describe());

    result = kumo({ u"pkg"_s, u"uninstall"_s, u"main"_s, u"kumo-hello"_s });
    QVERIFY2(result.exitCode == 0, result.describe());
    result = kumo({ u"env"_s, u"reset"_s, u"main"_s });
    QVERIFY2(result.exitCode == 0, result.describe());
    QCOMPARE(kumo({ u"task"_s, u"rm"_s, u"hello-task"_s }).exitCode, 0);
    result = kumo({ u"env"_s, u"rm"_s, u"main"_s });
    QVERIFY2(result.exitCode == 0, result.describe());
    QVERIFY(QTest::qWaitFor([&] { return kumo({ u"env"_s, u"show"_s, u"main"_s }).exitCode == 1; }, 20000));
}

void TestEnvVerbs::variablesAndSecrets()
{
    CliResult result = kumo({ u"var"_s, u"set"_s, u"REGION"_s, u"eu"_s });
    QVERIFY2(result.exitCode == 0 && result.outText().contains(u"Set REGION (global)"_s), result.describe());
    result
        = kumo({ u"var"_s, u"set"_s, u"API_TOKEN"_s, u"--secret"_s, u"--value-stdin"_s }, "tok-9931-abc\n");
    QVERIFY2(result.exitCode == 0 && result.outText().contains(u"secret"_s), result.describe());
    result = kumo({ u"var"_s, u"set"_s, u"REGION"_s, u"us"_s });
    QVERIFY2(result.exitCode == 0 && result.outText().contains(u"Changed REGION"_s), result.describe());
    result = kumo({ u"task"_s, u"add"_s, u"--name"_s, u"vars-task"_s, u"--command"_s,
        u"echo \"$REGION $API_TOKEN $ONLY_HERE\""_s, u"--every"_s, u"86400"_s, u"--disabled"_s });
    QVERIFY2(result.exitCode == 0, result.describe());
    result = kumo({ u"var"_s, u"set"_s, u"ONLY_HERE"_s, u"x"_s, u"--task"_s, u"vars-task"_s });
    QVERIFY2(result.exitCode == 0 && result.outText().contains(u"(task "_s), result.describe());
    result = kumo({ u"var"_s, u"list"_s });
    QVERIFY2(QRegularExpression(u"REGION\\s+global\\s+no\\s+us"_s).match(result.outText()).hasMatch()
            && result.outText().contains(u"API_TOKEN"_s) && !result.out.contains("tok-9931-abc"),
        result.describe());
    // The run gets them all; its log shows the secret masked.
    result = kumo({ u"task"_s, u"run"_s, u"vars-task"_s, u"--wait"_s });
    QVERIFY2(result.exitCode == 0 && result.out == "us ****** x\n", result.describe());
    result = kumo({ u"var"_s, u"rm"_s, u"ONLY_HERE"_s, u"--task"_s, u"vars-task"_s });
    QVERIFY2(result.exitCode == 0, result.describe());
    result = kumo({ u"var"_s, u"rm"_s, u"ONLY_HERE"_s });
    QCOMPARE(result.exitCode, 1);
    QVERIFY2(result.errText().contains(u"is not set in scope global"_s), result.describe());
    result = kumo({ u"var"_s, u"set"_s, u"FRESH"_s });
    QCOMPARE(result.exitCode, 2);
    result = kumo({ u"var"_s, u"set"_s, u"KUMO_X"_s, u"1"_s });
    QCOMPARE(result.exitCode, 1);
    QVERIFY2(result.errText().contains(u"KUMO_"_s), result.describe());
}

void TestEnvVerbs::usageErrors_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");
    QTest::addRow("env without command") << QStringList { u"env"_s } << u"Usage: kumo env"_s;
    QTest::addRow("create without python")
        << QStringList { u"env"_s, u"create"_s, u"x"_s } << u"--python VERSION or --interpreter ID"_s;
    QTest::addRow("create with both")
        << QStringList { u"env"_s, u"create"_s, u"x"_s, u"--python"_s, u"3.11"_s, u"--interpreter"_s, u"1"_s }
        << u"--python VERSION or --interpreter ID"_s;
    QTest::addRow("bad interpreter id") << QStringList { u"env"_s, u"create"_s, u"x"_s, u"--interpreter"_s,
        u"one"_s } << u"needs an interpreter id"_s;
    QTest::addRow("pkg without env") << QStringList { u"pkg"_s, u"install"_s } << u"give ENV"_s;
    QTest::addRow("pkg without packages")
        << QStringList { u"pkg"_s, u"install"_s, u"main"_s } << u"give the packages"_s;
    QTest::addRow("bad -r") << QStringList { u"pkg"_s, u"install"_s, u"main"_s, u"-r"_s,
        u"requirements.txt"_s }
                            << u"PROJECT:FILE"_s;
    QTest::addRow("uninstall -r") << QStringList { u"pkg"_s, u"uninstall"_s, u"main"_s, u"-r"_s, u"a:b"_s }
                                  << u"Unknown option"_s;
    QTest::addRow("python add nothing") << QStringList { u"python"_s, u"add"_s } << u"give PATH"_s;
    QTest::addRow("unknown") << QStringList { u"pkg"_s, u"freeze"_s } << u"unknown command \"freeze\""_s;
}

void TestEnvVerbs::usageErrors()
{
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    const CliResult result = kumo(args);
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.errText().contains(message, Qt::CaseInsensitive), result.describe());
}

QTEST_GUILESS_MAIN(TestEnvVerbs)
#include "tst_envverbs.moc"
