// SPDX-License-Identifier: MIT
#include "cli/serveverb.h"

#include "audit/auditlog.h"
#include "core/unixsignalwatcher.h"
#include "engine.h"
#include "security/authenticator.h"
#include "server/httpserver.h"
#include "server/webassets.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QHostAddress>

#include <csignal>
#include <cstdio>
#include <sys/resource.h>

using namespace Qt::StringLiterals;

namespace Kumo::Cli {

namespace {

/// Command line > environment > default (DESIGN §3).
QString pick(const QCommandLineParser &parser, const QCommandLineOption &option, const char *envName,
    const QString &fallback)
{
    if (parser.isSet(option))
        return parser.value(option);
    const QString env = qEnvironmentVariable(envName);
    return env.isEmpty() ? fallback : env;
}

/// A whole-number setting from @p pick, within [minimum, maximum]; nullopt after printing why not.
std::optional<qint64> pickNumber(const QCommandLineParser &parser, const QCommandLineOption &option,
    const char *envName, qint64 fallback, qint64 minimum, qint64 maximum, const QString &what)
{
    const QString text = pick(parser, option, envName, QString::number(fallback));
    bool ok = false;
    const qint64 value = text.toLongLong(&ok);
    if (ok && value >= minimum && value <= maximum)
        return value;
    std::fprintf(stderr, "kumo serve: %s must be a whole number from %lld to %lld (--%s or %s), got \"%s\"\n",
        qUtf8Printable(what), qlonglong(minimum), qlonglong(maximum),
        qUtf8Printable(option.names().constFirst()), envName, qUtf8Printable(text));
    return std::nullopt;
}

/// Each run holds several descriptors (pipes, log files); the usual soft limit of 1024 would
/// cap concurrency near 150 runs. Take what the hard limit allows.
void raiseOpenFileLimit()
{
    rlimit limit {};
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit);
    }
}

int fail(const QString &message)
{
    std::fprintf(stderr, "kumo serve: %s\n", qUtf8Printable(message));
    return 1;
}

} // namespace

bool parseListen(const QString &text, QHostAddress *address, quint16 *port)
{
    const qsizetype colon = text.lastIndexOf(u':');
    if (colon <= 0)
        return false;
    QString host = text.left(colon);
    if (host.startsWith(u'[') && host.endsWith(u']'))
        host = host.mid(1, host.size() - 2);
    bool ok = false;
    const uint value = text.mid(colon + 1).toUInt(&ok);
    if (!ok || value > 65535)
        return false;
    if (host == u"localhost"_s)
        host = u"127.0.0.1"_s;
    if (!address->setAddress(host))
        return false;
    *port = quint16(value);
    return true;
}

bool prepareFirstLogin(Engine &engine, const QString &dataDir, QString *howToLogIn, QString *error)
{
    const QString passwordFile = QDir(dataDir).filePath(u"initial-admin-password"_s);
    const QString fromEnvironment = qEnvironmentVariable("KUMO_ADMIN_PASSWORD");
    const std::optional<QString> created = engine.auth().ensureInitialAdmin(fromEnvironment, error);
    if (!error->isEmpty()) {
        *error = u"cannot create the first admin: %1"_s.arg(*error);
        return false;
    }
    if (!created) {
        *howToLogIn = QFile::exists(passwordFile)
            ? u"Sign in as admin with the password in %1 (until you change it)"_s.arg(passwordFile)
            : u"Sign in with your Kumo account"_s;
        return true;
    }
    AuditEvent event;
    event.actor = u"system"_s;
    event.action = u"user.create"_s;
    event.targetType = u"user"_s;
    event.targetId = u"admin"_s;
    event.details = { { u"username"_s, u"admin"_s }, { u"initial"_s, true } };
    engine.audit().record(event);
    if (!fromEnvironment.isEmpty()) {
        *howToLogIn = u"Sign in as admin with the password from KUMO_ADMIN_PASSWORD"_s;
        return true;
    }
    // Shown once on the terminal and kept readable only by this user until it is changed.
    QFile file(passwordFile);
    if (!file.open(
            QIODevice::WriteOnly | QIODevice::Truncate, QFileDevice::ReadOwner | QFileDevice::WriteOwner)
        || !file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner)
        || file.write(created->toUtf8() + '\n') < 0) {
        *error = u"cannot write %1: %2"_s.arg(passwordFile, file.errorString());
        return false;
    }
    *howToLogIn = u"Sign in as admin with password %1 (also saved in %2)"_s.arg(*created, passwordFile);
    return true;
}

int runServeVerb(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Run the Kumo engine and its HTTP server until SIGTERM or SIGINT."_s);
    parser.addHelpOption();
    const QCommandLineOption dataDir(u"data-dir"_s,
        u"Data directory: database, logs, projects, environments (env KUMO_DATA_DIR; default ./data)."_s,
        u"DIR"_s);
    const QCommandLineOption listen(u"listen"_s,
        u"Address and port to listen on; port 0 picks a free one (env KUMO_LISTEN; default 127.0.0.1:8000)."_s,
        u"HOST:PORT"_s);
    const QCommandLineOption database(u"database-url"_s,
        u"Database: a SQLite file path or postgresql://user:pass@host:port/db (env KUMO_DATABASE_URL; "
        "default DATA_DIR/kumo.db)."_s,
        u"URL"_s);
    const QCommandLineOption maxConcurrent(u"max-concurrent"_s,
        u"Runs executing at once, 1-10000 (env MAX_CONCURRENT_TASKS; default: the runs.maxConcurrent "
        u"setting, "
        "else 50). Set here, it cannot be changed through the settings."_s,
        u"N"_s);
    const QCommandLineOption shutdownGrace(u"shutdown-grace"_s,
        u"Seconds running runs get to finish on SIGTERM/SIGINT before they are terminated (default 10)."_s,
        u"SECONDS"_s);
    const QCommandLineOption maxBody(u"max-body"_s,
        u"Largest JSON request body in bytes (env KUMO_MAX_BODY_BYTES; default 1048576)."_s, u"bytes"_s);
    const QCommandLineOption maxUpload(u"max-upload"_s,
        u"Largest file (a project archive) sent through /api/uploads, in bytes (env KUMO_MAX_UPLOAD_BYTES; "
        "default 1073741824)."_s,
        u"bytes"_s);
    const QCommandLineOption maxProjectBytes(u"max-project-bytes"_s,
        u"Largest total size an archive may unpack to, in bytes (env KUMO_MAX_PROJECT_BYTES; default "
        "4294967296)."_s,
        u"bytes"_s);
    const QCommandLineOption maxProjectFiles(u"max-project-files"_s,
        u"Most entries a project archive may hold (env KUMO_MAX_PROJECT_FILES; default 100000)."_s, u"N"_s);
    const QCommandLineOption maxRatio(u"max-compression-ratio"_s,
        u"Largest unpacked size / archive size, against zip bombs (env KUMO_MAX_COMPRESSION_RATIO; "
        "default 200)."_s,
        u"N"_s);
    const QCommandLineOption keychain(u"keychain"_s,
        u"Keep the master key of secrets in the desktop's keychain (Secret Service) when one is reachable, "
        "instead of DATA_DIR/secret.key (env KUMO_KEYCHAIN=1). A secret.key already there keeps being used."_s);
    const QCommandLineOption webDir(u"web-dir"_s,
        u"The built browser dashboard to serve at / (env KUMO_WEB_DIR; default the one built or installed "
        "beside this program)."_s,
        u"DIR"_s);
    parser.addOptions({ dataDir, listen, database, maxConcurrent, shutdownGrace, maxBody, maxUpload,
        maxProjectBytes, maxProjectFiles, maxRatio, keychain, webDir });
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    if (!parser.parse(QStringList { u"kumo serve"_s } + args)) {
        std::fprintf(stderr, "kumo serve: %s\n\n%s", qUtf8Printable(parser.errorText()),
            qUtf8Printable(parser.helpText()));
        return 2;
    }
    if (parser.isSet(u"help"_s)) {
        std::fputs(qUtf8Printable(parser.helpText()), stdout);
        return 0;
    }
    if (!parser.positionalArguments().isEmpty()) {
        std::fprintf(stderr, "kumo serve: unexpected argument \"%s\"\n",
            qUtf8Printable(parser.positionalArguments().constFirst()));
        return 2;
    }

    EngineConfig config;
    config.dataDir = pick(parser, dataDir, "KUMO_DATA_DIR", u"data"_s);
    config.databaseUrl = pick(parser, database, "KUMO_DATABASE_URL", QString());
    config.secretKey = qEnvironmentVariable("KUMO_SECRET_KEY");
    qunsetenv("KUMO_SECRET_KEY"); // read once; nothing started from here inherits it
    config.useKeychain = parser.isSet(keychain) || qEnvironmentVariable("KUMO_KEYCHAIN") == u"1"_s;
    const std::optional<qint64> concurrent
        = pickNumber(parser, maxConcurrent, "MAX_CONCURRENT_TASKS", 50, 1, 10000, u"max concurrent runs"_s);
    const std::optional<qint64> grace
        = pickNumber(parser, shutdownGrace, "KUMO_SHUTDOWN_GRACE", 10, 0, 3600, u"the shutdown grace"_s);
    constexpr qint64 GiB = 1024LL * 1024 * 1024;
    const std::optional<qint64> body
        = pickNumber(parser, maxBody, "KUMO_MAX_BODY_BYTES", 1024 * 1024, 1024, GiB, u"the body limit"_s);
    const std::optional<qint64> upload = pickNumber(
        parser, maxUpload, "KUMO_MAX_UPLOAD_BYTES", GiB, 1024, 1024 * GiB, u"the upload limit"_s);
    const std::optional<qint64> projectBytes = pickNumber(parser, maxProjectBytes, "KUMO_MAX_PROJECT_BYTES",
        4 * GiB, 1024, 1024 * GiB, u"the project size limit"_s);
    const std::optional<qint64> projectFiles = pickNumber(parser, maxProjectFiles, "KUMO_MAX_PROJECT_FILES",
        100'000, 1, 100'000'000, u"the project file limit"_s);
    const std::optional<qint64> ratio = pickNumber(
        parser, maxRatio, "KUMO_MAX_COMPRESSION_RATIO", 200, 1, 1'000'000, u"the compression ratio limit"_s);
    if (!concurrent || !grace || !body || !upload || !projectBytes || !projectFiles || !ratio)
        return 2;
    config.runs.maxConcurrent = *concurrent;
    if (parser.isSet(maxConcurrent))
        config.pinnedRunSettings.insert(u"maxConcurrent"_s, u"--max-concurrent"_s);
    else if (!qEnvironmentVariable("MAX_CONCURRENT_TASKS").isEmpty())
        config.pinnedRunSettings.insert(u"maxConcurrent"_s, u"MAX_CONCURRENT_TASKS"_s);
    const int graceSeconds = int(*grace);
    config.extractionLimits.maxTotalBytes = *projectBytes;
    config.extractionLimits.maxEntryBytes = std::min(config.extractionLimits.maxEntryBytes, *projectBytes);
    config.extractionLimits.maxEntries = *projectFiles;
    config.extractionLimits.maxRatio = double(*ratio);
    HttpLimits limits;
    limits.maxBodyBytes = *body;
    limits.maxUploadBytes = *upload;
    QHostAddress address;
    quint16 port = 0;
    const QString listenText = pick(parser, listen, "KUMO_LISTEN", u"127.0.0.1:8000"_s);
    if (!parseListen(listenText, &address, &port)) {
        std::fprintf(stderr, "kumo serve: cannot parse listen address \"%s\" (expected HOST:PORT)\n",
            qUtf8Printable(listenText));
        return 2;
    }

    const QString configuredWebDir = pick(parser, webDir, "KUMO_WEB_DIR", QString());
    const QString dashboard = WebAssets::locate(configuredWebDir);
    if (dashboard.isEmpty() && !configuredWebDir.isEmpty()) {
        std::fprintf(stderr, "kumo serve: %s holds no built dashboard (index.html)\n",
            qUtf8Printable(configuredWebDir));
        return 2;
    }

    raiseOpenFileLimit();
    // Watch signals before anything starts: a SIGTERM during start-up still shuts down cleanly.
    UnixSignalWatcher signals({ SIGTERM, SIGINT, SIGHUP });
    int signalsReceived = 0;
    // A restore swaps the data in while the engine is stopped: the engine and the server are
    // made again on the same port.
    for (bool restarting = false;; restarting = true) {
        bool restartRequested = false;
        Engine engine;
        if (!engine.open(config))
            return fail(engine.errorString());
        QString howToLogIn;
        QString error;
        if (!prepareFirstLogin(engine, config.dataDir, &howToLogIn, &error))
            return fail(error);
        HttpServer server(engine, limits);
        server.serveDashboard(dashboard);
        if (!server.listen(address, port))
            return fail(server.errorString());
        port = server.port();
        // A second signal stops running runs at once instead of waiting out the grace period.
        QObject::connect(&signals, &UnixSignalWatcher::received, &engine, [&](int signal) {
            if (++signalsReceived == 1) {
                std::fprintf(stderr, "kumo serve: received signal %d, shutting down\n", signal);
                engine.shutdown(graceSeconds * 1000);
            } else {
                std::fprintf(
                    stderr, "kumo serve: received signal %d again, terminating running runs now\n", signal);
                engine.shutdown(0);
            }
        });
        QObject::connect(&engine, &Engine::restartRequested, &engine, [&] {
            restartRequested = true;
            std::fprintf(stderr, "kumo serve: restarting the engine to restore a backup\n");
            engine.shutdown(0); // the restore was refused while runs ran, unless asked to stop them
        });
        QObject::connect(&engine, &Engine::stopped, qApp, [] { QCoreApplication::exit(0); });
        engine.start();

        const QString host = address.protocol() == QAbstractSocket::IPv6Protocol
            ? u"[%1]"_s.arg(address.toString())
            : address.toString();
        if (restarting) {
            std::fprintf(stdout, "Kumo restarted on the restored data, listening on http://%s:%u\n",
                qUtf8Printable(host), server.port());
        } else {
            const QString url = u"http://%1:%2/"_s.arg(host).arg(server.port());
            std::fprintf(stdout, "Kumo %s is serving data directory %s\nListening on %s\n%s\n%s\n",
                qUtf8Printable(QCoreApplication::applicationVersion()),
                qUtf8Printable(QDir(config.dataDir).absolutePath()), qUtf8Printable(url),
                qUtf8Printable(dashboard.isEmpty()
                        ? u"The browser dashboard is not built into this kumo (Node.js and npm were missing "
                          "at build time); the API and /docs work."_s
                        : u"Dashboard: open %1 in a browser"_s.arg(url)),
                qUtf8Printable(howToLogIn));
        }
        std::fflush(stdout);

        const int status = QCoreApplication::exec();
        if (!restartRequested || signalsReceived > 0)
            return status;
    }
}

} // namespace Kumo::Cli
