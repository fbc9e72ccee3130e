// SPDX-License-Identifier: MIT
#include "cli/app.h"

#include "cli/backupverb.h"
#include "cli/cronverb.h"
#include "cli/envverb.h"
#include "cli/loginverb.h"
#include "cli/maintenanceverb.h"
#include "cli/projectverb.h"
#include "cli/runsverb.h"
#include "cli/serveverb.h"
#include "cli/taskverb.h"
#include "cli/varverb.h"

#include <QCoreApplication>
#include <QTextStream>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace Kumo::Cli {

namespace {

const char kUsage[] = R"(Usage: kumo <command> [options]

Kumo schedules and runs Python scripts: cron, interval and one-off triggers, retries,
timeouts, a global concurrency limit, live logs and resource peaks for every run.

Server:
  serve             Run the engine and the HTTP server (see `kumo serve --help`)

Client of a running server (each takes --help):
  login URL         Sign in and store an API token for the commands below
  logout            Revoke the stored token and forget the login
  task ...          list, show, add, edit, rm, run, pause, resume tasks (see `kumo task --help`)
  runs              List runs: [--task ID|NAME] [--state S[,S]] [--limit N] [--json]
  logs RUN          Print a run's log, stdout and stderr apart: [--follow] [--tail N]
  project ...       list, show, add, replace, rm, download projects; files, cat, put their
                    files (see `kumo project --help`)
  python ...        list, add Python interpreters (see `kumo python --help`)
  env ...           list, show, create, rm, reset Python environments (see `kumo env --help`)
  pkg ...           list, install, upgrade, uninstall packages of an environment
  var ...           list, set, rm environment variables and secrets of runs
  backup ...        create, list, restore, download, rm backups (see `kumo backup --help`)
  maintenance ...   check, fix the consistency of the server's data

Local:
  cron next EXPR    Print the next fire times of a cron expression (see `kumo cron --help`)
  help              Show this help
  version           Print the version

Exit status: 0 on success, 1 on failure, 2 for a usage error.

Environment of `kumo serve`:
  KUMO_DATA_DIR          data directory (default ./data)
  KUMO_LISTEN            HOST:PORT the server listens on (default 127.0.0.1:8000)
  KUMO_DATABASE_URL      database URL (default: SQLite file DATA_DIR/kumo.db)
  KUMO_ADMIN_PASSWORD    password of the first admin, created when there are no users
  MAX_CONCURRENT_TASKS   global limit of runs executing at once (default 50)
  TZ                     the server's time zone, used by tasks that name none
  QT_LOGGING_RULES       log filtering, e.g. "kumo.engine.scheduler.debug=true"

Environment of the client commands:
  KUMO_URL, KUMO_TOKEN   server and API token, instead of the stored login
  KUMO_CONFIG            where the login is stored (default ~/.config/kumo/cli.json)
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
    if (verb == u"login"_s)
        return runLoginVerb(args);
    if (verb == u"logout"_s)
        return runLogoutVerb(args);
    if (verb == u"task"_s)
        return runTaskVerb(args);
    if (verb == u"project"_s)
        return runProjectVerb(args);
    if (verb == u"python"_s)
        return runPythonVerb(args);
    if (verb == u"env"_s)
        return runEnvVerb(args);
    if (verb == u"pkg"_s)
        return runPkgVerb(args);
    if (verb == u"var"_s)
        return runVarVerb(args);
    if (verb == u"backup"_s)
        return runBackupVerb(args);
    if (verb == u"maintenance"_s)
        return runMaintenanceVerb(args);
    if (verb == u"runs"_s)
        return runRunsVerb(args);
    if (verb == u"logs"_s)
        return runLogsVerb(args);
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
