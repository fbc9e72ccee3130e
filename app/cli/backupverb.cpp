// SPDX-License-Identifier: MIT
#include "cli/backupverb.h"

#include "cli/apiclient.h"
#include "cli/clientconfig.h"
#include "cli/clientverb.h"
#include "cli/texttable.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QThread>

#include <cstdio>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace Kumo::Cli {

namespace {

QString usage()
{
    return u"Usage: kumo backup <command> [options]\n"
           "\n"
           "Backups of the server's database (tasks, runs, users, variables, settings, audit), with the\n"
           "projects' files and the environments' package lists, as ZIP files in DATA_DIR/backups.\n"
           "\n"
           "Commands:\n"
           "  create [--no-projects]                 Make a backup and wait for it\n"
           "  list [--json]                          List backups, newest first\n"
           "  restore NAME [--dry-run] [--yes] [--stop-running]\n"
           "                                         Check NAME, show what restoring it changes, then\n"
           "                                         restore it (the server keeps a snapshot of the\n"
           "                                         current state first and restarts its engine)\n"
           "  download NAME [-o FILE]                Save a backup here\n"
           "  rm NAME                                Delete a backup\n"
           "\n"
           "Exit status: 0 on success, 1 when the server refuses or cannot be reached, 2 for a usage\n"
           "error.\n"_s;
}

const QCommandLineOption kJson(u"json"_s, u"Print JSON."_s);
constexpr int kWaitMs = 30 * 60 * 1000;

QString backupPath(const QString &name)
{
    return u"/api/backups/"_s + QString::fromLatin1(QUrl::toPercentEncoding(name));
}

int createBackup(const QStringList &args)
{
    const QString verb = u"backup create"_s;
    const QCommandLineOption noProjects(u"no-projects"_s, u"Leave the projects' files out."_s);
    VerbArguments a;
    if (const std::optional<int> done = parseSubVerb(a, verb, args, { noProjects, kJson }, {}, 0, usage()))
        return *done;
    const std::unique_ptr<ApiClient> client = openClient(verb);
    if (!client)
        return kExitFailure;
    const ApiReply started
        = client->post(u"/api/backups"_s, { { u"includeProjects"_s, !a.parser.isSet(noProjects) } });
    if (!started.ok())
        return reportFailure(verb, started);
    const QString name = started.json().value(u"name"_s).toString();
    std::fprintf(stderr, "Writing %s …\n", qUtf8Printable(name));
    const QDeadlineTimer deadline(kWaitMs);
    for (;;) {
        const ApiReply reply = client->get(backupPath(name));
        if (!reply.ok())
            return reportFailure(verb, reply);
        const QJsonObject backup = reply.json();
        const QString state = backup.value(u"state"_s).toString();
        if (state == u"ready"_s) {
            if (a.parser.isSet(kJson))
                printJson(backup);
            else
                printOut(
                    u"Backup %1 (%2)\n"_s.arg(name, formatBytes(backup.value(u"sizeBytes"_s).toInteger())));
            return 0;
        }
        if (state != u"creating"_s)
            return fail(verb, u"backup %1 failed: %2"_s.arg(name, backup.value(u"error"_s).toString()));
        if (deadline.hasExpired())
            return fail(verb, u"backup %1 is still being written; see kumo backup list"_s.arg(name));
        QThread::msleep(200);
    }
}

int listBackups(const QStringList &args)
{
    const QString verb = u"backup list"_s;
    VerbArguments a;
    if (const std::optional<int> done = parseSubVerb(a, verb, args, { kJson }, {}, 0, usage()))
        return *done;
    const std::unique_ptr<ApiClient> client = openClient(verb);
    if (!client)
        return kExitFailure;
    const ApiReply reply = client->get(u"/api/backups"_s);
    if (!reply.ok())
        return reportFailure(verb, reply);
    if (a.parser.isSet(kJson)) {
        printJson(reply.json());
        return 0;
    }
    TextTable table({ u"NAME"_s, u"KIND"_s, u"SIZE"_s, u"CREATED"_s, u"TASKS"_s, u"RUNS"_s, u"PROJECTS"_s });
    for (const QJsonValue &item : reply.json().value(u"items"_s).toArray()) {
        const QJsonObject counts = item[u"counts"_s].toObject();
        const bool ready = item[u"state"_s].toString() == u"ready"_s;
        table.addRow(
            { item[u"name"_s].toString(), ready ? item[u"kind"_s].toString() : item[u"state"_s].toString(),
                formatBytes(item[u"sizeBytes"_s].toInteger()), item[u"createdAt"_s].toString(),
                ready ? QString::number(counts[u"tasks"_s].toInteger()) : QString(),
                ready ? QString::number(counts[u"runs"_s].toInteger()) : QString(),
                ready ? (item[u"includesProjects"_s].toBool() ? u"yes"_s : u"no"_s) : QString() });
    }
    printOut(table.toString());
    return 0;
}

void printPlan(const QJsonObject &plan)
{
    printOut(u"Backup %1 (%2, Kumo %3, schema %4; this server has schema %5)\n"_s.arg(
        plan.value(u"backup"_s).toString(), plan.value(u"createdAt"_s).toString(),
        plan.value(u"kumoVersion"_s).toString(), QString::number(plan.value(u"schemaVersion"_s).toInt()),
        QString::number(plan.value(u"currentSchemaVersion"_s).toInt())));
    TextTable table({ u"TABLE"_s, u"NOW"_s, u"AFTER RESTORE"_s });
    const QJsonObject counts = plan.value(u"counts"_s).toObject();
    for (auto it = counts.begin(); it != counts.end(); ++it)
        table.addRow({ it.key(), QString::number(it.value()[u"current"_s].toInteger()),
            QString::number(it.value()[u"backup"_s].toInteger()) });
    printOut(table.toString());
    const auto names = [](const QJsonValue &list) {
        QStringList all;
        for (const QJsonValue &name : list.toArray())
            all.append(name.toString());
        return all.join(u", "_s);
    };
    if (!plan.value(u"tasksAdded"_s).toArray().isEmpty())
        printOut(u"Tasks back: %1\n"_s.arg(names(plan.value(u"tasksAdded"_s))));
    if (!plan.value(u"tasksRemoved"_s).toArray().isEmpty())
        printOut(u"Tasks gone: %1\n"_s.arg(names(plan.value(u"tasksRemoved"_s))));
    for (const QJsonValue &warning : plan.value(u"warnings"_s).toArray())
        printOut(u"Note: %1\n"_s.arg(warning.toString()));
}

/// Waits until the server answers again with the restore done: the restarted engine records
/// it in the (restored) audit trail, naming the snapshot this request took.
bool waitForRestore(ApiClient &client, const QString &name, const QString &snapshot)
{
    const QDeadlineTimer deadline(120'000);
    while (!deadline.hasExpired()) {
        QThread::msleep(250);
        const ApiReply reply = client.get(u"/api/audit"_s,
            { { u"action"_s, u"backup.restored"_s }, { u"targetId"_s, name }, { u"limit"_s, u"20"_s } });
        for (const QJsonValue &event : reply.json().value(u"items"_s).toArray()) {
            if (event[u"details"_s][u"preRestoreBackup"_s].toString() == snapshot)
                return true;
        }
    }
    return false;
}

int restoreBackup(const QStringList &args)
{
    const QString verb = u"backup restore"_s;
    const QCommandLineOption dryRun(u"dry-run"_s, u"Only check and report."_s);
    const QCommandLineOption yes({ u"y"_s, u"yes"_s }, u"Do not ask."_s);
    const QCommandLineOption stopRunning(u"stop-running"_s, u"Stop running runs."_s);
    VerbArguments a;
    if (const std::optional<int> done
        = parseSubVerb(a, verb, args, { dryRun, yes, stopRunning, kJson }, { u"NAME"_s }, 1, usage()))
        return *done;
    const std::unique_ptr<ApiClient> client = openClient(verb);
    if (!client)
        return kExitFailure;
    const QString path = backupPath(a.positional.constFirst()) + u"/restore"_s;
    const ApiReply checked = client->post(path, { { u"dryRun"_s, true } });
    if (!checked.ok())
        return reportFailure(verb, checked);
    if (a.parser.isSet(kJson) && a.parser.isSet(dryRun)) {
        printJson(checked.json());
        return 0;
    }
    printPlan(checked.json().value(u"plan"_s).toObject());
    if (a.parser.isSet(dryRun))
        return 0;
    if (!a.parser.isSet(yes)) {
        if (!isatty(STDIN_FILENO))
            return usageError(verb, u"restoring replaces the server's data: confirm with --yes"_s);
        std::fputs("Replace the server's data with this backup? [y/N] ", stderr);
        char answer[16] = {};
        if (!std::fgets(answer, sizeof answer, stdin) || (answer[0] != 'y' && answer[0] != 'Y'))
            return fail(verb, u"not restored"_s);
    }
    const ApiReply restored
        = client->post(path, { { u"dryRun"_s, false }, { u"stopRunning"_s, a.parser.isSet(stopRunning) } });
    if (!restored.ok())
        return reportFailure(verb, restored);
    const QString snapshot
        = restored.json().value(u"plan"_s).toObject().value(u"preRestoreBackup"_s).toString();
    if (!waitForRestore(*client, a.positional.constFirst(), snapshot))
        return fail(verb, u"the server did not come back after the restore; see its log"_s);
    printOut(
        u"Restored %1. The state before is kept as backup %2.\n"_s.arg(a.positional.constFirst(), snapshot));
    return 0;
}

int downloadBackup(const QStringList &args)
{
    const QString verb = u"backup download"_s;
    const QCommandLineOption output({ u"o"_s, u"output"_s }, u"Where to save it."_s, u"FILE"_s);
    VerbArguments a;
    if (const std::optional<int> done = parseSubVerb(a, verb, args, { output }, { u"NAME"_s }, 1, usage()))
        return *done;
    const std::unique_ptr<ApiClient> client = openClient(verb);
    if (!client)
        return kExitFailure;
    const ApiReply reply = client->get(backupPath(a.positional.constFirst()) + u"/download"_s);
    if (!reply.ok())
        return reportFailure(verb, reply);
    const QString target
        = a.parser.isSet(output) ? a.parser.value(output) : QFileInfo(a.positional.constFirst()).fileName();
    if (const int status = saveOutput(verb, target, reply.body); status != 0)
        return status;
    if (target != u"-"_s) // it holds password hashes and sealed secrets
        QFile::setPermissions(target, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    if (target != u"-"_s)
        std::fprintf(stderr, "Saved %s (%s)\n", qUtf8Printable(target),
            qUtf8Printable(formatBytes(reply.body.size())));
    return 0;
}

int removeBackup(const QStringList &args)
{
    const QString verb = u"backup rm"_s;
    VerbArguments a;
    if (const std::optional<int> done = parseSubVerb(a, verb, args, {}, { u"NAME"_s }, 1, usage()))
        return *done;
    const std::unique_ptr<ApiClient> client = openClient(verb);
    if (!client)
        return kExitFailure;
    const ApiReply reply = client->deleteResource(backupPath(a.positional.constFirst()));
    if (!reply.ok())
        return reportFailure(verb, reply);
    printOut(u"Deleted %1\n"_s.arg(a.positional.constFirst()));
    return 0;
}

} // namespace

int runBackupVerb(const QStringList &args)
{
    return dispatchSubVerb(u"backup"_s, args,
        { { u"create"_s, createBackup }, { u"list"_s, listBackups }, { u"restore"_s, restoreBackup },
            { u"download"_s, downloadBackup }, { u"rm"_s, removeBackup } },
        usage());
}

} // namespace Kumo::Cli
