// SPDX-License-Identifier: MIT
// Interpreter discovery over real directory trees and probing real programs: this machine's
// Pythons, a pyenv-like tree of links to them, shims that are skipped, a script that only
// pretends, and interpreters too old to use.

#include "enginefixture.h"

#include "environments/interpreter.h"
#include "environments/interpreterdiscovery.h"
#include "environments/interpreterregistry.h"

#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Kumo;

namespace {

bool writeScript(const QString &path, const QByteArray &text)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(text) == text.size()
        && file.setPermissions(file.permissions() | QFileDevice::ExeOwner);
}

} // namespace

class TestInterpreters final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void probeTellsVersionAndVenv();
    void probeRefuses_data();
    void probeRefuses();
    void parseProbeOutput_data();
    void parseProbeOutput();
    void discoveryFindsEachInterpreterOnce();
    void registryRefreshesAndRegisters();
};

void TestInterpreters::probeTellsVersionAndVenv()
{
    const ProbeResult result = probeInterpreter(u"/usr/bin/python3"_s);
    QVERIFY2(result.interpreter, qPrintable(result.error));
    QCOMPARE(result.interpreter->implementation, u"CPython"_s);
    QVERIFY(result.interpreter->version.startsWith(u"3."_s));
    QVERIFY(result.interpreter->hasVenv); // python3-venv is installed by make's dependencies
}

void TestInterpreters::probeRefuses_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("error");
    QTest::addRow("relative") << u"python3"_s << u"absolute path"_s;
    QTest::addRow("missing") << u"/nonexistent/python"_s << u"does not exist"_s;
    QTest::addRow("directory") << u"/usr/bin"_s << u"not an executable file"_s;
    QTest::addRow("not python") << u"/bin/true"_s << u"did not answer as a Python interpreter does"_s;
    QTest::addRow("fails") << u"/bin/false"_s << u"failed (exit 1)"_s;
}

void TestInterpreters::probeRefuses()
{
    QFETCH(QString, path);
    QFETCH(QString, error);
    const ProbeResult result = probeInterpreter(path);
    QVERIFY(!result.interpreter);
    QVERIFY2(result.error.contains(error), qPrintable(result.error));
}

void TestInterpreters::parseProbeOutput_data()
{
    QTest::addColumn<QByteArray>("output");
    QTest::addColumn<QString>("version"); // empty: refused
    QTest::addColumn<QString>("error");
    QTest::addRow("cpython") << QByteArray("kumo-probe\nCPython\n3.12.1\nvenv\n") << u"3.12.1"_s << QString();
    QTest::addRow("noise first") << QByteArray("sitecustomize says hi\nkumo-probe\nPyPy\n3.10.13\nno-venv\n")
                                 << u"3.10.13"_s << QString();
    QTest::addRow("python 2") << QByteArray("kumo-probe\nCPython\n2.7.18\nno-venv\n") << QString()
                              << u"too old: Kumo needs Python 3.6"_s;
    QTest::addRow("python 3.5") << QByteArray("kumo-probe\nCPython\n3.5.10\nvenv\n") << QString()
                                << u"too old"_s;
    QTest::addRow("garbage") << QByteArray("kumo-probe\nCPython\nthree\nvenv\n") << QString()
                             << u"unreadable"_s;
    QTest::addRow("short") << QByteArray("kumo-probe\n") << QString() << u"did not answer"_s;
}

void TestInterpreters::parseProbeOutput()
{
    QFETCH(QByteArray, output);
    QFETCH(QString, version);
    QFETCH(QString, error);
    const ProbeResult result = Kumo::parseProbeOutput(u"/x/python"_s, output);
    QCOMPARE(result.interpreter.has_value(), !version.isEmpty());
    if (result.interpreter)
        QCOMPARE(result.interpreter->version, version);
    else
        QVERIFY2(result.error.contains(error), qPrintable(result.error));
}

void TestInterpreters::discoveryFindsEachInterpreterOnce()
{
    QTemporaryDir dir;
    const QDir root(dir.path());
    // pyenv: versions/3.11.99/bin/python3 → the system interpreter (a second name for it).
    QVERIFY(root.mkpath(u"pyenv/versions/3.11.99/bin"_s));
    QVERIFY(QFile::link(u"/usr/bin/python3"_s, root.filePath(u"pyenv/versions/3.11.99/bin/python3"_s)));
    // A shim and a look-alike that only pretends.
    QVERIFY(
        writeScript(root.filePath(u"pyenv/shims/python3"_s), "#!/bin/sh\nexec /usr/bin/python3 \"$@\"\n"));
    QVERIFY(writeScript(root.filePath(u"bin/python3.99"_s), "#!/bin/sh\necho not really\n"));
    // conda with an environment, uv with an installation.
    QVERIFY(writeScript(root.filePath(u"conda/bin/python3"_s), "#!/bin/sh\n"));
    QVERIFY(writeScript(root.filePath(u"conda/envs/ml/bin/python"_s), "#!/bin/sh\n"));
    QVERIFY(writeScript(root.filePath(u"uv/cpython-3.12.0-linux/bin/python3"_s), "#!/bin/sh\n"));
    QVERIFY(root.mkpath(u"empty-bin"_s));

    DiscoveryRoots roots;
    roots.pathDirectories = { root.filePath(u"pyenv/shims"_s), root.filePath(u"bin"_s),
        root.filePath(u"empty-bin"_s), u"/usr/bin"_s };
    roots.systemDirectories = { u"/usr/bin"_s };
    roots.pyenvRoot = root.filePath(u"pyenv"_s);
    roots.condaRoots = { root.filePath(u"conda"_s) };
    roots.uvDirectory = root.filePath(u"uv"_s);
    const QList<InterpreterCandidate> candidates = findInterpreterCandidates(roots);
    QStringList found;
    for (const InterpreterCandidate &candidate : candidates)
        found.append(candidate.source + u' ' + QDir(dir.path()).relativeFilePath(candidate.path));
    // The system interpreter appears once, under its pyenv name (pyenv is looked at first).
    QVERIFY2(found.contains(u"pyenv pyenv/versions/3.11.99/bin/python3"_s), qPrintable(found.join(u'\n')));
    QVERIFY2(found.contains(u"conda conda/bin/python3"_s), qPrintable(found.join(u'\n')));
    QVERIFY2(found.contains(u"conda conda/envs/ml/bin/python"_s), qPrintable(found.join(u'\n')));
    QVERIFY2(found.contains(u"uv uv/cpython-3.12.0-linux/bin/python3"_s), qPrintable(found.join(u'\n')));
    QVERIFY2(found.contains(u"path bin/python3.99"_s), qPrintable(found.join(u'\n')));
    QVERIFY2(!found.join(u'\n').contains(u"shims"_s), qPrintable(found.join(u'\n')));
    QSet<QString> canonical;
    for (const InterpreterCandidate &candidate : candidates) {
        const QString real = QFileInfo(candidate.path).canonicalFilePath();
        QVERIFY2(!canonical.contains(real), qPrintable(candidate.path));
        canonical.insert(real);
    }
}

void TestInterpreters::registryRefreshesAndRegisters()
{
    KumoTest::EngineFixture fixture;
    QVERIFY(fixture.open());
    InterpreterRegistry &registry = fixture.engine->interpreters();
    QSignalSpy refreshed(&registry, &InterpreterRegistry::refreshed);
    registry.refresh();
    QVERIFY(registry.isRefreshing());
    QVERIFY(refreshed.wait(30000));
    const QList<Interpreter> interpreters = registry.list();
    QVERIFY(!interpreters.isEmpty());
    for (const Interpreter &interpreter : interpreters) {
        QVERIFY(interpreter.available);
        QVERIFY(!interpreter.version.startsWith(u"2."_s)); // pyenv's 2.7, where present, is too old
    }
    const QString system = QFileInfo(u"/usr/bin/python3"_s).canonicalFilePath();
    QVERIFY(std::any_of(interpreters.begin(), interpreters.end(), [&](const Interpreter &interpreter) {
        return QFileInfo(interpreter.path).canonicalFilePath() == system;
    }));

    // Registering by path: a working Python is kept, a pretender is refused with the reason.
    QTemporaryDir dir;
    const QString link = dir.filePath(u"my-python"_s);
    QVERIFY(QFile::link(u"/usr/bin/python3"_s, link));
    std::optional<InterpreterResult> added;
    registry.add(link, [&](const InterpreterResult &result) { added = result; });
    QVERIFY(QTest::qWaitFor([&] { return added.has_value(); }, 20000));
    QVERIFY2(added->ok(), qPrintable(added->message));
    QCOMPARE(added->interpreter->source, u"registered"_s);
    QCOMPARE(added->interpreter->path, link);
    added.reset();
    registry.add(u"/bin/true"_s, [&](const InterpreterResult &result) { added = result; });
    QVERIFY(QTest::qWaitFor([&] { return added.has_value(); }, 20000));
    QCOMPARE(added->status, InterpreterResult::Status::Invalid);

    // Registered while a refresh runs: not mistaken for missing when that refresh ends.
    QTemporaryDir later;
    const QString during = later.filePath(u"during"_s);
    QVERIFY(QFile::link(u"/usr/bin/python3"_s, during));
    registry.refresh();
    added.reset();
    registry.add(during, [&](const InterpreterResult &result) { added = result; });
    QVERIFY(refreshed.wait(30000));
    QVERIFY(QTest::qWaitFor([&] { return added.has_value() && !registry.isRefreshing(); }, 30000));
    QVERIFY(added->ok());
    QCOMPARE(registry.get(added->interpreter->id)->available, true);

    // Ids stay the same across refreshes; one that disappears is marked unavailable.
    const qint64 id = registry.store().findByPath(link)->id;
    QVERIFY(QFile::remove(link));
    registry.refresh();
    // A follow-up refresh that began before the removal may end first: wait for the one after.
    QTRY_COMPARE_WITH_TIMEOUT(registry.get(id)->available, false, 30000);
    QVERIFY(registry.remove(id).ok());
    QCOMPARE(registry.remove(id).status, InterpreterResult::Status::NotFound);
}

QTEST_GUILESS_MAIN(TestInterpreters)
#include "tst_interpreters.moc"
