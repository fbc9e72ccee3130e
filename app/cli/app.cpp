// SPDX-License-Identifier: MIT
#include "cli/app.h"

#include "cli/cronverb.h"
#include "cli/serveverb.h"

#include <QCoreApplication>
#include <QTextStream>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace Kumo::Cli {

namespace {

const char kUsage[] = R"(Usage: kumo <command> [options]

Kumo schedules and runs Python scripts: cron, interval and one-off triggers, retries,
timeouts, a global concurrency limit, live logs and resource peaks for every run.

Commands:
  serve             Run the engine and the HTTP server (see `kumo serve --help`)
  cron next EXPR    Print the next fire times of a cron expression (see `kumo cron --help`)
  help              Show this help
  version           Print the version

Environment:
  KUMO_DATA_DIR          data directory (default ./data)
  KUMO_LISTEN            HOST:PORT the server listens on (default 127.0.0.1:8000)
  KUMO_DATABASE_URL      database URL (default: SQLite file DATA_DIR/kumo.db)
  MAX_CONCURRENT_TASKS   global limit of runs executing at once (default 50)
  TZ                     the server's time zone, used by tasks that name none
  QT_LOGGING_RULES       log filtering, e.g. "kumo.engine.scheduler.debug=true"
)";

} // namespace

int run(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"kumo"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(KUMO_VERSION));
    QStringList args = QCoreApplication::arguments().mid(1);
    const QString verb = args.isEmpty() ? QString() : args.takeFirst();
    if (verb == u"serve"_s)
        return runServeVerb(args);
    if (verb == u"cron"_s)
        return runCronVerb(args);
    if (verb == u"version"_s || verb == u"--version"_s) {
        std::fprintf(stdout, "kumo %s\n", KUMO_VERSION);
        return 0;
    }
    if (verb == u"help"_s || verb == u"--help"_s || verb == u"-h"_s) {
        std::fputs(kUsage, stdout);
        return 0;
    }
    if (verb.isEmpty())
        std::fputs(kUsage, stderr);
    else
        std::fprintf(stderr, "kumo: unknown command \"%s\"\n\n%s", qUtf8Printable(verb), kUsage);
    return 2;
}

} // namespace Kumo::Cli
