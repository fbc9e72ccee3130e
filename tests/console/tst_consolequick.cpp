// SPDX-License-Identifier: MIT
// Qt Quick Test of the console's main flows over a real engine on a temporary data directory
// (offscreen): the QML in tests/console/qml drives the real Main.qml.
#include "console/consolebackend.h"
#include "console/consoleverb.h"
#include "engine.h"
#include "environments/environmentservice.h"
#include "environments/interpreterregistry.h"
#include "packageindexfixture.h"
#include "projects/archiveextractor.h"
#include "security/passwordhasher.h"

#include <QDir>
#include <QFile>
#include <QQmlContext>
#include <QQmlEngine>
#include <QQuickStyle>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtQuickTest>

using namespace Qt::StringLiterals;

class ConsoleSetup : public QObject
{
    Q_OBJECT

public Q_SLOTS:
    void applicationAvailable()
    {
        QQuickStyle::setStyle(u"Fusion"_s);
        Kumo::EngineConfig config;
        config.dataDir = m_dir.path();
        config.passwordCost = Kumo::PasswordHasher::Cost::Minimal;
        if (!m_engine.open(config))
            qFatal("the engine did not open: %s", qPrintable(m_engine.errorString()));
        m_engine.start();
        m_backend = std::make_unique<Kumo::ConsoleBackend>(m_engine);
        Kumo::Console::registerTypes(m_backend.get());
        m_zip = makeSampleProject();
        // Installs come from a real package index on a loopback port, never from the network.
        if (!m_index.start(m_dir.filePath(u"index"_s),
                { KumoTest::wheel(
                      u"kumo-greeting"_s, u"1.0"_s, { { u"kumo_greeting.py"_s, u"WORD = 'hello'\n"_s } }),
                    KumoTest::wheel(
                        u"kumo-extra"_s, u"1.0"_s, { { u"kumo_extra.py"_s, u"EXTRA = 1\n"_s } }) }))
            qFatal("the package index did not start");
        m_conda = makeFakeConda();
        m_requirements = writeFile(u"local-requirements.txt"_s, "kumo-greeting==1.0\n");
        // A log file no run owns: the maintenance page finds it.
        QDir().mkpath(m_dir.filePath(u"logs/tasks"_s));
        (void)writeFile(u"logs/tasks/999999.log"_s, "left behind\n");
        Kumo::PackageIndex index;
        index.indexUrl = m_index.url();
        if (!m_engine.environments().setPackageIndex(index))
            qFatal("cannot set the package index");
        QSignalSpy refreshed(&m_engine.interpreters(), &Kumo::InterpreterRegistry::refreshed);
        m_engine.interpreters().refresh();
        if (!refreshed.wait(60000))
            qFatal("the interpreters were not found");
    }

    void qmlEngineAvailable(QQmlEngine *engine)
    {
        engine->addImportPath(u"qrc:/"_s);
        m_backend->setQmlEngine(engine);
        const QString shots
            = qEnvironmentVariable("KUMO_SCREENSHOTS", QDir::currentPath() + u"/console-screenshots"_s);
        QDir().mkpath(shots);
        engine->rootContext()->setContextProperty(u"screenshotDir"_s, shots);
        engine->rootContext()->setContextProperty(u"sampleProjectZip"_s, m_zip);
        engine->rootContext()->setContextProperty(u"fakeConda"_s, m_conda);
        engine->rootContext()->setContextProperty(u"localRequirements"_s, m_requirements);
    }

    // The backend (the QML singleton) and the engine go when this object does, after the QML.
    void cleanupTestCase() { m_engine.shutdown(0); }

private:
    /// A ZIP with main.py and lib/util.py, for the import flow.
    QString makeSampleProject()
    {
        const QString tree = m_dir.filePath(u"sample"_s);
        QDir().mkpath(tree + u"/lib"_s);
        for (const auto &[name, text] : { std::pair { u"main.py"_s, "print('hello from v1')\n" },
                 std::pair { u"lib/util.py"_s, "X = 1\n" } }) {
            QFile file(tree + u'/' + name);
            if (!file.open(QIODevice::WriteOnly) || file.write(text) < 0)
                qFatal("cannot write the sample project");
        }
        const QString zip = m_dir.filePath(u"greeter.zip"_s);
        QString error;
        if (!Kumo::ArchiveExtractor::createZip(tree, zip, &error))
            qFatal("cannot pack the sample project: %s", qPrintable(error));
        return zip;
    }

    /// Writes @p text to @p name in the temporary directory; its path.
    QString writeFile(const QString &name, const QByteArray &text)
    {
        QFile file(m_dir.filePath(name));
        if (!file.open(QIODevice::WriteOnly) || file.write(text) < 0)
            qFatal("cannot write %s", qPrintable(name));
        return file.fileName();
    }

    /// A stand-in for micromamba (there is none here): `create --prefix P python=X` makes a
    /// venv without pip at P, `list --prefix P --json` lists it, and package changes succeed.
    QString makeFakeConda()
    {
        const QString path = writeFile(u"fake-micromamba"_s,
            "#!/bin/sh\n"
            "verb=$1; shift\n"
            "prefix=\n"
            "while [ $# -gt 0 ]; do case \"$1\" in --prefix) prefix=$2; shift 2;; *) shift;; esac; done\n"
            "case \"$verb\" in\n"
            "  create) echo \"creating $prefix\"; exec /usr/bin/python3 -m venv --without-pip \"$prefix\" "
            ";;\n"
            "  list) echo '[{\"name\": \"python\", \"version\": \"3\"}]' ;;\n"
            "  *) echo \"$verb done\" ;;\n"
            "esac\n");
        if (!QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner))
            qFatal("cannot make the fake micromamba executable");
        return path;
    }

    QTemporaryDir m_dir;
    QString m_zip;
    QString m_conda;
    QString m_requirements;
    KumoTest::PackageIndexFixture m_index;
    Kumo::Engine m_engine;
    std::unique_ptr<Kumo::ConsoleBackend> m_backend;
};

QUICK_TEST_MAIN_WITH_SETUP(tst_consolequick, ConsoleSetup)
#include "tst_consolequick.moc"
