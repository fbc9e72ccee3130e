// SPDX-License-Identifier: MIT
#include "console/consoleverb.h"

#include "cli/serveverb.h"
#include "console/consolebackend.h"
#include "console/filetreemodel.h"
#include "console/logmodel.h"
#include "console/projectlistmodel.h"
#include "console/runlistmodel.h"
#include "console/tasklistmodel.h"
#include "engine.h"
#include "server/httpserver.h"
#include "server/webassets.h"

#include <QCommandLineParser>
#include <QDir>
#include <QGuiApplication>
#include <QHostAddress>
#include <QQmlApplicationEngine>
#include <QQmlContext>
#include <QQuickStyle>
#include <QStandardPaths>

#include <cstdio>
#include <memory>

using namespace Qt::StringLiterals;

namespace Kumo::Console {

namespace {

QString defaultDataDir()
{
    // ~/.local/share/kumo on Linux (XDG_DATA_HOME respected).
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) + u"/kumo"_s;
}

/// Shows @p message in a window (and on stderr) and waits until it is closed.
int showStartupError(QQmlApplicationEngine &qml, const QString &message)
{
    std::fprintf(stderr, "kumo console: %s\n", qUtf8Printable(message));
    qml.setInitialProperties({ { u"message"_s, message } });
    qml.load(QUrl(u"qrc:/org/kumo/console/StartupError.qml"_s));
    if (qml.rootObjects().isEmpty())
        return 1;
    QGuiApplication::exec();
    return 1;
}

} // namespace

void registerTypes(ConsoleBackend *backend)
{
    qmlRegisterSingletonInstance("Kumo.Backend", 1, 0, "Backend", backend);
    qmlRegisterUncreatableType<TaskListModel>("Kumo.Backend", 1, 0, "TaskListModel", u"from Backend.tasks"_s);
    qmlRegisterUncreatableType<RunListModel>("Kumo.Backend", 1, 0, "RunListModel", u"from Backend"_s);
    qmlRegisterUncreatableType<LogModel>("Kumo.Backend", 1, 0, "LogModel", u"from Backend.createLogModel"_s);
    qmlRegisterUncreatableType<ProjectListModel>(
        "Kumo.Backend", 1, 0, "ProjectListModel", u"from Backend.projects"_s);
    qmlRegisterUncreatableType<FileTreeModel>(
        "Kumo.Backend", 1, 0, "FileTreeModel", u"from Backend.createFileTree"_s);
    qmlRegisterUncreatableType<BackupBackend>(
        "Kumo.Backend", 1, 0, "BackupBackend", u"from Backend.backups"_s);
    qmlRegisterUncreatableType<MaintenanceBackend>(
        "Kumo.Backend", 1, 0, "MaintenanceBackend", u"from Backend.maintenance"_s);
    qmlRegisterUncreatableType<UserBackend>("Kumo.Backend", 1, 0, "UserBackend", u"from Backend.users"_s);
}

int run(int argc, char *argv[])
{
    QGuiApplication app(argc, argv);
    QGuiApplication::setApplicationName(u"kumo"_s);
    QGuiApplication::setOrganizationName(u"kumo"_s);
    QGuiApplication::setApplicationDisplayName(u"Kumo"_s);
    QGuiApplication::setApplicationVersion(QStringLiteral(KUMO_VERSION));
    // Fusion draws with the platform's palette, so the console follows the desktop's light or
    // dark colours.
    QQuickStyle::setStyle(u"Fusion"_s);

    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"The Kumo desktop console: the engine in this process, with a window."_s);
    parser.addHelpOption();
    const QCommandLineOption dataDir(
        u"data-dir"_s, u"Data directory (env KUMO_DATA_DIR; default %1)."_s.arg(defaultDataDir()), u"DIR"_s);
    const QCommandLineOption serve(u"serve"_s,
        u"Also serve the HTTP API and browser dashboard on HOST:PORT (env KUMO_CONSOLE_SERVE)."_s,
        u"HOST:PORT"_s);
    const QCommandLineOption noKeychain(u"no-keychain"_s,
        u"Keep the master key of secrets in DATA_DIR/secret.key instead of the desktop's keychain."_s);
    parser.addOptions({ dataDir, serve, noKeychain });
    QStringList arguments = QGuiApplication::arguments();
    arguments.removeAt(1); // "console"
    parser.process(arguments);

    EngineConfig config;
    config.dataDir = parser.isSet(dataDir)           ? parser.value(dataDir)
        : qEnvironmentVariableIsSet("KUMO_DATA_DIR") ? qEnvironmentVariable("KUMO_DATA_DIR")
                                                     : defaultDataDir();
    config.useKeychain = !parser.isSet(noKeychain);
    QDir().mkpath(config.dataDir);

    Engine engine;
    if (!engine.open(config)) {
        QQmlApplicationEngine errorWindow;
        errorWindow.addImportPath(u"qrc:/"_s);
        return showStartupError(errorWindow, engine.errorString());
    }
    // Declared in this order so that the QML goes first, then the server, the backend (the
    // QML singleton) and the engine last.
    ConsoleBackend backend(engine);
    std::unique_ptr<HttpServer> server;
    QQmlApplicationEngine qml;
    qml.addImportPath(u"qrc:/"_s);
    backend.setQmlEngine(&qml);
    backend.setLanguage(qEnvironmentVariableIsSet("KUMO_LANG") ? qEnvironmentVariable("KUMO_LANG")
                                                               : ConsoleBackend::systemLanguage());
    registerTypes(&backend);

    // Command line > environment > the console's own setting.
    const QString listen = parser.isSet(serve)            ? parser.value(serve)
        : qEnvironmentVariableIsSet("KUMO_CONSOLE_SERVE") ? qEnvironmentVariable("KUMO_CONSOLE_SERVE")
                                                          : ConsoleBackend::serveSetting();
    if (!listen.isEmpty()) {
        QHostAddress address;
        quint16 port = 0;
        if (!Cli::parseListen(listen, &address, &port))
            return showStartupError(
                qml, u"cannot parse the address to serve on: \"%1\" (expected HOST:PORT)"_s.arg(listen));
        QString howToLogIn;
        QString error;
        if (!Cli::prepareFirstLogin(engine, config.dataDir, &howToLogIn, &error))
            return showStartupError(qml, error);
        server = std::make_unique<HttpServer>(engine);
        server->serveDashboard(WebAssets::locate(qEnvironmentVariable("KUMO_WEB_DIR")));
        if (!server->listen(address, port))
            return showStartupError(qml, server->errorString());
        const QString host = listen.left(listen.lastIndexOf(u':'));
        backend.setServeUrl(u"http://%1:%2/"_s.arg(host).arg(server->port()));
        backend.setServeHint(howToLogIn);
        std::fprintf(stdout, "Serving http://%s:%u/\n%s\n", qUtf8Printable(host), server->port(),
            qUtf8Printable(howToLogIn));
        std::fflush(stdout);
    }
    // A restore asked for through the served API is applied when the engine opens again:
    // stop now, and say so.
    QObject::connect(&engine, &Engine::restartRequested, &engine, [&engine] {
        std::fprintf(stderr, "kumo console: a backup restore waits; start the console again to finish it\n");
        engine.shutdown(0);
    });

    QObject::connect(&engine, &Engine::stopped, &app, [] { QGuiApplication::exit(0); });
    QObject::connect(&app, &QGuiApplication::lastWindowClosed, &engine, [&engine] { engine.shutdown(5000); });
    QGuiApplication::setQuitOnLastWindowClosed(false);
    engine.start();
    qml.load(QUrl(u"qrc:/org/kumo/console/Main.qml"_s));
    if (qml.rootObjects().isEmpty()) {
        engine.shutdown(0);
        return 1;
    }
    return QGuiApplication::exec();
}

} // namespace Kumo::Console
