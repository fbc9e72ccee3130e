// SPDX-License-Identifier: MIT
// The pure parts of environment operations: command lines, the environment pip runs in,
// package specifiers from clients, and the package index setting with its masked passwords.

#include "environments/envcommands.h"
#include "environments/packageindex.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Kumo;

class TestEnvCommands final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void commandsForEachOperation();
    void pipRunsWithoutInheritedSettings();
    void packageSpecifiers_data();
    void packageSpecifiers();
    void shellQuoting_data();
    void shellQuoting();
    void packageIndexFromJson_data();
    void packageIndexFromJson();
    void maskedPasswordsAreKept();

private:
    static Environment venv()
    {
        Environment environment;
        environment.name = u"main"_s;
        environment.path = u"/data/envs/main"_s;
        return environment;
    }
};

void TestEnvCommands::commandsForEachOperation()
{
    const Environment environment = venv();
    QCOMPARE(EnvCommands::create(environment, u"/usr/bin/python3.11"_s, {}).argv,
        (QStringList { u"/usr/bin/python3.11"_s, u"-m"_s, u"venv"_s, u"/data/envs/main"_s }));
    PackageIndex index;
    index.indexUrl = u"https://mirror.example/simple"_s;
    index.extraIndexUrls = { u"https://extra.example/simple"_s };
    index.trustedHosts = { u"mirror.example"_s };
    index.proxy = u"http://proxy:3128"_s;
    EnvOperation install;
    install.kind = EnvOperation::Kind::Install;
    install.packages = { u"requests==2.31"_s, u"numpy"_s };
    const EnvCommand command = EnvCommands::change(environment, install, index, {});
    // The index is not on the command line (passwords would be visible in /proc), only in the log.
    QCOMPARE(command.argv,
        (QStringList { u"/data/envs/main/bin/python"_s, u"-m"_s, u"pip"_s, u"install"_s, u"requests==2.31"_s,
            u"numpy"_s }));
    QCOMPARE(command.display,
        u"/data/envs/main/bin/python -m pip install requests==2.31 numpy --index-url "
        u"https://mirror.example/simple "
        "--extra-index-url https://extra.example/simple --trusted-host mirror.example --proxy http://proxy:3128"_s);
    install.kind = EnvOperation::Kind::Upgrade;
    install.packages = { u"numpy"_s };
    install.requirementsFile = u"/data/projects/3/app/requirements.txt"_s;
    const EnvCommand upgrade = EnvCommands::change(environment, install, {}, {});
    QCOMPARE(upgrade.argv.mid(3),
        (QStringList {
            u"install"_s, u"--upgrade"_s, u"--requirement"_s, install.requirementsFile, u"numpy"_s }));
    QCOMPARE(upgrade.display, EnvCommands::describe(upgrade.argv)); // no index set: nothing more
    QCOMPARE(upgrade.workingDirectory, u"/data/projects/3/app"_s); // its -r and -e paths are the project's
    install.kind = EnvOperation::Kind::Uninstall;
    install.requirementsFile.clear();
    QCOMPARE(EnvCommands::change(environment, install, index, {}).argv.mid(3),
        (QStringList { u"uninstall"_s, u"--yes"_s, u"numpy"_s }));

    Environment conda = environment;
    conda.backend = Environment::Backend::Conda;
    conda.pythonVersion = u"3.12"_s;
    QCOMPARE(EnvCommands::create(conda, {}, u"/opt/conda/bin/mamba"_s).argv,
        (QStringList { u"/opt/conda/bin/mamba"_s, u"create"_s, u"--yes"_s, u"--prefix"_s,
            u"/data/envs/main"_s, u"python=3.12"_s }));
    install.kind = EnvOperation::Kind::Install;
    QCOMPARE(EnvCommands::change(conda, install, index, u"/opt/conda/bin/mamba"_s).argv,
        (QStringList { u"/opt/conda/bin/mamba"_s, u"install"_s, u"--yes"_s, u"--prefix"_s,
            u"/data/envs/main"_s, u"numpy"_s }));
}

void TestEnvCommands::pipRunsWithoutInheritedSettings()
{
    QProcessEnvironment server;
    server.insert(u"PATH"_s, u"/usr/bin:/bin"_s);
    server.insert(u"HOME"_s, u"/root"_s);
    server.insert(u"PIP_INDEX_URL"_s, u"https://elsewhere"_s);
    server.insert(u"PIP_FIND_LINKS"_s, u"/opt/wheels"_s);
    server.insert(u"PYTHONPATH"_s, u"/srv/lib"_s);
    server.insert(u"VIRTUAL_ENV"_s, u"/other/venv"_s);
    server.insert(u"CONDA_PREFIX"_s, u"/opt/conda"_s);
    QProcessEnvironment pip = EnvCommands::processEnvironment(server, venv(), PackageIndex());
    for (const QString &name :
        { u"PIP_INDEX_URL"_s, u"PIP_FIND_LINKS"_s, u"PYTHONPATH"_s, u"VIRTUAL_ENV"_s, u"CONDA_PREFIX"_s })
        QVERIFY2(!pip.contains(name), qPrintable(name));
    QCOMPARE(pip.value(u"PATH"_s), u"/data/envs/main/bin:/usr/bin:/bin"_s);
    QCOMPARE(pip.value(u"HOME"_s), u"/root"_s);
    QCOMPARE(pip.value(u"PIP_NO_INPUT"_s), u"1"_s);
    // The settings' index, in pip's own variables.
    PackageIndex index;
    index.indexUrl = u"https://u:pw@mirror.example/simple"_s;
    index.extraIndexUrls = { u"https://a.example/simple"_s, u"https://b.example/simple"_s };
    index.trustedHosts = { u"a.example"_s, u"b.example"_s };
    index.proxy = u"http://proxy:3128"_s;
    pip = EnvCommands::processEnvironment(server, venv(), index);
    QCOMPARE(pip.value(u"PIP_INDEX_URL"_s), index.indexUrl);
    QCOMPARE(pip.value(u"PIP_EXTRA_INDEX_URL"_s), u"https://a.example/simple https://b.example/simple"_s);
    QCOMPARE(pip.value(u"PIP_TRUSTED_HOST"_s), u"a.example b.example"_s);
    QCOMPARE(pip.value(u"PIP_PROXY"_s), index.proxy);
    QVERIFY(!pip.contains(u"PIP_FIND_LINKS"_s));
}

void TestEnvCommands::packageSpecifiers_data()
{
    QTest::addColumn<QString>("package");
    QTest::addColumn<bool>("accepted");
    for (const QString &ok :
        { u"requests"_s, u"requests==2.31.0"_s, u"numpy>=1.26,<2"_s, u"uvicorn[standard]"_s, u"Django~=4.2"_s,
            u"numpy=1.26"_s, u"conda-forge::numpy"_s, u"zope.interface"_s, u"pkg!=1.0"_s })
        QTest::addRow("%s", qPrintable(ok)) << ok << true;
    for (const QString &bad : { u"-r"_s, u"--index-url=http://x"_s, u"-e."_s, u"a b"_s, u""_s,
             u"pkg;rm -rf /"_s, u"$(id)"_s, u"`id`"_s, u"pkg\nother"_s, u"requests\n"_s, u"requests\n\n"_s,
             u"a\tb"_s, u"../x"_s, u"/etc/passwd"_s })
        QTest::addRow("refused %s", qPrintable(bad)) << bad << false;
}

void TestEnvCommands::packageSpecifiers()
{
    QFETCH(QString, package);
    QFETCH(bool, accepted);
    const FieldErrors errors = EnvCommands::checkPackages({ package }, u"packages"_s);
    QCOMPARE(errors.isEmpty(), accepted);
    if (!accepted)
        QCOMPARE(errors.constFirst().field, u"packages[0]"_s);
}

void TestEnvCommands::shellQuoting_data()
{
    QTest::addColumn<QStringList>("argv");
    QTest::addColumn<QString>("command");
    QTest::addRow("plain") << QStringList { u"/usr/bin/python3"_s, u"-m"_s, u"venv"_s }
                           << u"/usr/bin/python3 -m venv"_s;
    QTest::addRow("spaces") << QStringList { u"rm"_s, u"/a b"_s } << u"rm '/a b'"_s;
    QTest::addRow("quote") << QStringList { u"echo"_s, u"it's"_s } << u"echo 'it'\\''s'"_s;
    QTest::addRow("trailing newline") << QStringList { u"pip"_s, u"requests\n"_s } << u"pip 'requests\n'"_s;
    QTest::addRow("specifier") << QStringList { u"pip"_s, u"numpy>=1,<2"_s } << u"pip 'numpy>=1,<2'"_s;
}

void TestEnvCommands::shellQuoting()
{
    QFETCH(QStringList, argv);
    QFETCH(QString, command);
    QCOMPARE(EnvCommands::shellCommand(argv), command);
}

void TestEnvCommands::packageIndexFromJson_data()
{
    QTest::addColumn<QJsonObject>("json");
    QTest::addColumn<QString>("error"); // empty: accepted
    QTest::addRow("mirror") << QJsonObject {
        { u"indexUrl"_s, u"https://pypi.tuna.tsinghua.edu.cn/simple"_s }
    } << QString();
    QTest::addRow("clear") << QJsonObject { { u"indexUrl"_s, u""_s }, { u"proxy"_s, u""_s } } << QString();
    QTest::addRow("hosts") << QJsonObject { { u"trustedHosts"_s, QJsonArray { u"mirror.local:8080"_s } } }
                           << QString();
    QTest::addRow("ftp") << QJsonObject { { u"indexUrl"_s, u"ftp://x/simple"_s } } << u"indexUrl"_s;
    QTest::addRow("option") << QJsonObject { { u"indexUrl"_s, u"--trusted-host=*"_s } } << u"indexUrl"_s;
    QTest::addRow("number") << QJsonObject { { u"proxy"_s, 8080 } } << u"proxy"_s;
    QTest::addRow("extra not list") << QJsonObject { { u"extraIndexUrls"_s, u"https://x"_s } }
                                    << u"extraIndexUrls"_s;
    QTest::addRow("bad extra") << QJsonObject {
        { u"extraIndexUrls"_s, QJsonArray { u"https://x"_s, u"nope"_s } }
    } << u"extraIndexUrls[1]"_s;
    QTest::addRow("bad host") << QJsonObject { { u"trustedHosts"_s, QJsonArray { u"a b"_s } } }
                              << u"trustedHosts[0]"_s;
    QTest::addRow("unknown") << QJsonObject { { u"timeout"_s, 5 } } << u"timeout"_s;
}

void TestEnvCommands::packageIndexFromJson()
{
    QFETCH(QJsonObject, json);
    QFETCH(QString, error);
    FieldErrors errors;
    const std::optional<PackageIndex> index = PackageIndex::fromJson(json, PackageIndex(), &errors);
    QCOMPARE(index.has_value(), error.isEmpty());
    if (!error.isEmpty())
        QCOMPARE(errors.constFirst().field, error);
}

void TestEnvCommands::maskedPasswordsAreKept()
{
    FieldErrors errors;
    const std::optional<PackageIndex> stored
        = PackageIndex::fromJson({ { u"indexUrl"_s, u"https://bob:s3cret@mirror.example/simple"_s },
                                     { u"proxy"_s, u"http://px:pw@proxy:3128"_s } },
            PackageIndex(), &errors);
    QVERIFY(stored);
    const QJsonObject shown = stored->toJson();
    QCOMPARE(shown.value(u"indexUrl"_s).toString(), u"https://bob:***@mirror.example/simple"_s);
    QVERIFY(!QJsonDocument(shown).toJson().contains("s3cret"));
    QVERIFY(!QJsonDocument(shown).toJson().contains(":pw@"));
    // Sending back what was shown keeps the stored passwords; the log never shows them.
    const std::optional<PackageIndex> again = PackageIndex::fromJson(shown, *stored, &errors);
    QVERIFY(again);
    QCOMPARE(*again, *stored);
    QVERIFY(!EnvCommands::describe(stored->pipArguments()).contains(u"s3cret"_s));
    QVERIFY(EnvCommands::describe(stored->pipArguments()).contains(u"bob:***@"_s));
    // A token given as the user name is masked as well.
    QCOMPARE(maskUrlPassword(u"https://TOKEN123@pypi.fury.io/me/"_s), u"https://***@pypi.fury.io/me/"_s);
    QCOMPARE(maskUrlPassword(u"https://pypi.org/simple"_s), u"https://pypi.org/simple"_s);
}

QTEST_GUILESS_MAIN(TestEnvCommands)
#include "tst_envcommands.moc"
