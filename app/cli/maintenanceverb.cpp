// SPDX-License-Identifier: MIT
#include "cli/maintenanceverb.h"

#include "cli/apiclient.h"
#include "cli/clientconfig.h"
#include "cli/clientverb.h"
#include "cli/texttable.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace Kumo::Cli {

namespace {

QString usage()
{
    return u"Usage: kumo maintenance <command> [options]\n"
           "\n"
           "Finds what no longer fits together in the server's data: runs of deleted tasks, log files\n"
           "without runs, runs whose log is gone, runs stuck in a state, environments and projects\n"
           "whose files are gone, files in the data directory nothing refers to.\n"
           "\n"
           "Commands:\n"
           "  check [--json] [--items]       Report what is found (nothing is changed)\n"
           "  fix [KIND...] [--json]         Fix every kind found, or only the KINDs named\n"
           "\n"
           "Kinds: runsOfDeletedTasks, logsWithoutRuns, runsWithoutLogs, stuckRuns,\n"
           "environmentsWithoutFiles, projectsWithoutFiles, unreferencedFiles.\n"
           "\n"
           "Exit status: 0 on success, 1 when the server refuses or cannot be reached, 2 for a usage\n"
           "error.\n"_s;
}

const QCommandLineOption kJson(u"json"_s, u"Print JSON."_s);

/// KIND, COUNT, SIZE and what fixing does, for the kinds with something found; then the
/// items when @p items.
void printFindings(const QJsonObject &report, bool items, const QString &what)
{
    TextTable table({ u"KIND"_s, u"COUNT"_s, u"SIZE"_s, what });
    QStringList details;
    for (const QJsonValue &finding : report.value(u"findings"_s).toArray()) {
        if (finding[u"count"_s].toInt() == 0)
            continue;
        table.addRow({ finding[u"kind"_s].toString(), QString::number(finding[u"count"_s].toInt()),
            formatBytes(finding[u"bytes"_s].toInteger()), finding[u"title"_s].toString() });
        for (const QJsonValue &item : finding[u"items"_s].toArray())
            details.append(u"  %1: %2"_s.arg(finding[u"kind"_s].toString(), item.toString()));
    }
    if (report.value(u"total"_s).toInteger() == 0) {
        printOut(u"Nothing found: the data is consistent.\n"_s);
        return;
    }
    printOut(table.toString());
    if (items)
        printOut(details.join(u'\n') + u'\n');
}

int check(const QStringList &args)
{
    const QString verb = u"maintenance check"_s;
    const QCommandLineOption items(u"items"_s, u"List every item found."_s);
    VerbArguments a;
    if (const std::optional<int> done = parseSubVerb(a, verb, args, { kJson, items }, {}, 0, usage()))
        return *done;
    const std::unique_ptr<ApiClient> client = openClient(verb);
    if (!client)
        return kExitFailure;
    const ApiReply reply = client->get(u"/api/maintenance/report"_s);
    if (!reply.ok())
        return reportFailure(verb, reply);
    if (a.parser.isSet(kJson))
        printJson(reply.json());
    else
        printFindings(reply.json(), a.parser.isSet(items), u"FOUND"_s);
    return 0;
}

int fix(const QStringList &args)
{
    const QString verb = u"maintenance fix"_s;
    VerbArguments a;
    constexpr qsizetype kKinds = 7;
    if (const std::optional<int> done
        = parseSubVerb(a, verb, args, { kJson }, QStringList(kKinds, u"KIND"_s), 0, usage()))
        return *done;
    const std::unique_ptr<ApiClient> client = openClient(verb);
    if (!client)
        return kExitFailure;
    QJsonObject body;
    const QStringList kinds = a.positional;
    if (!kinds.isEmpty())
        body.insert(u"kinds"_s, QJsonArray::fromStringList(kinds));
    const ApiReply reply = client->post(u"/api/maintenance/cleanup"_s, body);
    if (!reply.ok())
        return reportFailure(verb, reply);
    if (a.parser.isSet(kJson)) {
        printJson(reply.json());
        return 0;
    }
    if (reply.json().value(u"total"_s).toInteger() == 0) {
        printOut(u"Nothing to fix.\n"_s);
    } else {
        printOut(u"Fixed:\n"_s);
        printFindings(reply.json(), true, u"FIXED"_s);
    }
    const qint64 left = reply.json().value(u"report"_s).toObject().value(u"total"_s).toInteger();
    if (left > 0)
        printOut(u"%1 item(s) left (see kumo maintenance check).\n"_s.arg(left));
    return 0;
}

} // namespace

int runMaintenanceVerb(const QStringList &args)
{
    return dispatchSubVerb(u"maintenance"_s, args, { { u"check"_s, check }, { u"fix"_s, fix } }, usage());
}

} // namespace Kumo::Cli
