// SPDX-License-Identifier: MIT
// Qt Quick Test of the console's main flows over a real engine on a temporary data directory
// (offscreen): the QML in tests/console/qml drives the real Main.qml.
#include "console/consolebackend.h"
#include "console/consoleverb.h"
#include "engine.h"
#include "security/passwordhasher.h"

#include <QDir>
#include <QQmlContext>
#include <QQmlEngine>
#include <QQuickStyle>
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
    }

    void qmlEngineAvailable(QQmlEngine *engine)
    {
        engine->addImportPath(u"qrc:/"_s);
        const QString shots
            = qEnvironmentVariable("KUMO_SCREENSHOTS", QDir::currentPath() + u"/console-screenshots"_s);
        QDir().mkpath(shots);
        engine->rootContext()->setContextProperty(u"screenshotDir"_s, shots);
    }

    void cleanupTestCase()
    {
        m_backend.reset();
        m_engine.shutdown(0);
    }

private:
    QTemporaryDir m_dir;
    Kumo::Engine m_engine;
    std::unique_ptr<Kumo::ConsoleBackend> m_backend;
};

QUICK_TEST_MAIN_WITH_SETUP(tst_consolequick, ConsoleSetup)
#include "tst_consolequick.moc"
