// SPDX-License-Identifier: MIT
#include "cli/envverb.h"

#include "cli/apiclient.h"
#include "cli/clientconfig.h"
#include "cli/clientverb.h"
#include "cli/projectverb.h"
#include "cli/texttable.h"

#include <QJsonArray>
#include <QThread>

#include <memory>

using namespace Qt::StringLiterals;

namespace Kumo::Cli {

namespace {

constexpr int kPollMs = 300;

const QCommandLineOption kJsonOption(u"json"_s, u"Print JSON."_s);
const QCommandLineOption kNoWaitOption(u"no-wait"_s, u"Do not wait for the operation."_s);

QString pythonUsage()
{
    return u"Usage: kumo python <command> [options]\n"
           "\n"
           "The Python interpreters of the server you signed in to with `kumo login`.\n"
           "\n"
           "Commands:\n"
           "  list [--refresh] [--json]   List interpreters: ID, VERSION, IMPLEMENTATION, SOURCE, VENV, "
           "PATH;\n"
           "                              --refresh looks for them again first\n"
           "  add PATH [--json]           Register an interpreter by its absolute path (a working\n"
           "                              Python 3.6 or newer)\n"
           "\n"
           "Exit status: 0 on success, 1 when the server refuses or cannot be reached, 2 for a usage\n"
           "error.\n"_s;
}

QString envUsage()
{
    return u"Usage: kumo env <command> [options]\n"
           "\n"
           "The Python environments of the server you signed in to. ENV is an environment's id or\n"
           "its name.\n"
           "\n"
           "Commands:\n"
           "  list [--json]                      List environments: ID, NAME, BACKEND, PYTHON, STATE,\n"
           "                                     PACKAGES, TASKS\n"
           "  show ENV [--json]                  Show one environment and its last operations\n"
           "  create NAME (--python VERSION | --interpreter ID) [--conda] [--no-wait] [--json]\n"
           "                                     Create a venv from an interpreter (by id, or the\n"
           "                                     newest of a version such as 3.11), or with --conda a\n"
           "                                     conda environment of that Python version; prints its\n"
           "                                     log until it is ready\n"
           "  rm ENV                             Delete it and its files (refused while tasks use it)\n"
           "  reset ENV [--no-wait]              Create it again and reinstall its last recorded\n"
           "                                     packages (for an environment that is stuck or broken)\n"
           "\n"
           "Exit status: 0 on success, 1 when the server refuses, the operation fails or the server\n"
           "cannot be reached, 2 for a usage error.\n"_s;
}

QString pkgUsage()
{
    return u"Usage: kumo pkg <command> ENV [PACKAGE…] [options]\n"
           "\n"
           "The packages of a Python environment (ENV: its id or name). Changes run on the server one\n"
           "at a time per environment; the commands print pip's output as it runs.\n"
           "\n"
           "Commands:\n"
           "  list ENV [--json]                          Installed packages: NAME, VERSION\n"
           "  install ENV PACKAGE… [-r PROJECT:FILE]     Install packages (pip or conda syntax:\n"
           "                                             requests, numpy>=1.26, uvicorn[standard])\n"
           "                                             and/or the requirements file FILE of project\n"
           "                                             PROJECT (id or name)\n"
           "  upgrade ENV PACKAGE… [-r PROJECT:FILE]     Upgrade them\n"
           "  uninstall ENV PACKAGE…                     Remove them\n"
           "\n"
           "Options: --no-wait (return once queued), --json (print the operation as JSON).\n"
           "The server's package index setting (PATCH /api/settings, pypi) applies to every install.\n"
           "\n"
           "Exit status: 0 on success, 1 when the server refuses, pip fails or the server cannot be\n"
           "reached, 2 for a usage error.\n"_s;
}

/// Follows operation @p operation until it ends, printing its log as it grows (unless @p quiet),
/// then returns 0 when it succeeded, else 1 after saying why.
int followOperation(
    ApiClient &client, const QJsonObject &operation, const QString &verb, bool quiet, bool json)
{
    const qint64 id = operation.value(u"id"_s).toInteger();
    qint64 offset = 0;
    for (;;) {
        const ApiReply log = client.get(
            u"/api/env-operations/%1/log"_s.arg(id), { { u"offset"_s, QString::number(offset) } });
        if (!log.ok())
            return reportFailure(verb, log);
        const QJsonObject chunk = log.json();
        if (!quiet)
            writeStream(stdout, chunk.value(u"text"_s).toString().toUtf8());
        offset = chunk.value(u"nextOffset"_s).toInteger();
        if (chunk.value(u"complete"_s).toBool())
            break;
        if (chunk.value(u"text"_s).toString().isEmpty())
            QThread::msleep(kPollMs);
    }
    const ApiReply reply = client.get(u"/api/env-operations/%1"_s.arg(id));
    if (!reply.ok())
        return reportFailure(verb, reply);
    const QJsonObject finished = reply.json();
    if (json)
        printJson(finished);
    const QString state = finished.value(u"state"_s).toString();
    if (state == u"succeeded"_s)
        return 0;
    return fail(verb, u"operation %1 %2: %3"_s.arg(id).arg(state, finished.value(u"error"_s).toString()));
}

/// After an operation was queued: follow it, or with --no-wait say how to.
int afterQueued(
    ApiClient &client, const QString &verb, const ApiReply &reply, const VerbArguments &a, bool hasNoWait)
{
    if (!reply.ok())
        return reportFailure(verb, reply);
    QJsonObject operation = reply.json();
    if (operation.contains(u"operation"_s)) // a created environment carries its operation
        operation = operation.value(u"operation"_s).toObject();
    const bool json = a.parser.isSet(kJsonOption);
    if (hasNoWait && a.parser.isSet(kNoWaitOption)) {
        if (json)
            printJson(reply.json());
        else
            printOut(u"Queued operation %1 (%2)\n"_s.arg(operation.value(u"id"_s).toInteger())
                         .arg(operation.value(u"kind"_s).toString()));
        return 0;
    }
    return followOperation(client, operation, verb, json, json);
}

// ---- python ------------------------------------------------------------------------------

int listInterpreters(const QStringList &args)
{
    const QString verb = u"python list"_s;
    const QCommandLineOption refresh(u"refresh"_s, u"Look again first."_s);
    VerbArguments a;
    if (const std::optional<int> done
        = parseSubVerb(a, verb, args, { refresh, kJsonOption }, {}, 0, pythonUsage()))
        return *done;
    const std::unique_ptr<ApiClient> client = openClient(verb);
    if (!client)
        return kExitFailure;
    const ApiReply reply = a.parser.isSet(refresh) ? client->post(u"/api/python/interpreters/refresh"_s)
                                                   : client->get(u"/api/python/interpreters"_s);
    if (!reply.ok())
        return reportFailure(verb, reply);
    if (a.parser.isSet(kJsonOption)) {
        printJson(reply.json());
        return 0;
    }
    TextTable table({ u"ID"_s, u"VERSION"_s, u"IMPLEMENTATION"_s, u"SOURCE"_s, u"VENV"_s, u"PATH"_s });
    for (const QJsonValue &item : reply.json().value(u"items"_s).toArray()) {
        table.addRow({ QString::number(item[u"id"_s].toInteger()), item[u"version"_s].toString(),
            item[u"implementation"_s].toString(), item[u"source"_s].toString(),
            item[u"venv"_s].toBool() ? u"yes"_s : u"no"_s,
            item[u"path"_s].toString() + (item[u"available"_s].toBool() ? QString() : u" (gone)"_s) });
    }
    printOut(table.toString());
    return 0;
}

int addInterpreter(const QStringList &args)
{
    const QString verb = u"python add"_s;
    VerbArguments a;
    if (const std::optional<int> done
        = parseSubVerb(a, verb, args, { kJsonOption }, { u"PATH"_s }, 1, pythonUsage()))
        return *done;
    const std::unique_ptr<ApiClient> client = openClient(verb);
    if (!client)
        return kExitFailure;
    const ApiReply reply
        = client->post(u"/api/python/interpreters"_s, { { u"path"_s, a.positional.constFirst() } });
    if (!reply.ok())
        return reportFailure(verb, reply);
    const QJsonObject interpreter = reply.json();
    if (a.parser.isSet(kJsonOption))
        printJson(interpreter);
    else
        printOut(
            u"Registered interpreter %1: %2 %3 at %4\n"_s.arg(interpreter.value(u"id"_s).toInteger())
                .arg(interpreter.value(u"implementation"_s).toString(),
                    interpreter.value(u"version"_s).toString(), interpreter.value(u"path"_s).toString()));
    return 0;
}

// ---- env ---------------------------------------------------------------------------------

int listEnvironments(const QStringList &args)
{
    const QString verb = u"env list"_s;
    VerbArguments a;
    if (const std::optional<int> done = parseSubVerb(a, verb, args, { kJsonOption }, {}, 0, envUsage()))
        return *done;
    const std::unique_ptr<ApiClient> client = openClient(verb);
    if (!client)
        return kExitFailure;
    const ApiReply reply = client->get(u"/api/environments"_s);
    if (!reply.ok())
        return reportFailure(verb, reply);
    if (a.parser.isSet(kJsonOption)) {
        printJson(reply.json());
        return 0;
    }
    TextTable table({ u"ID"_s, u"NAME"_s, u"BACKEND"_s, u"PYTHON"_s, u"STATE"_s, u"PACKAGES"_s, u"TASKS"_s });
    for (const QJsonValue &item : reply.json().value(u"items"_s).toArray()) {
        QStringList tasks;
        for (const QJsonValue &task : item[u"tasks"_s].toArray())
            tasks.append(task.toString());
        table.addRow({ QString::number(item[u"id"_s].toInteger()), item[u"name"_s].toString(),
            item[u"backend"_s].toString(), item[u"pythonVersion"_s].toString(), item[u"state"_s].toString(),
            QString::number(item[u"packages"_s].toInteger()),
            tasks.isEmpty() ? u"-"_s : tasks.join(u", "_s) });
    }
    printOut(table.toString());
    return 0;
}

int showEnvironment(const QStringList &args)
{
    const QString verb = u"env show"_s;
    VerbArguments a;
    if (const std::optional<int> done
        = parseSubVerb(a, verb, args, { kJsonOption }, { u"ENV"_s }, 1, envUsage()))
        return *done;
    auto [client, id] = openFor(verb, a.positional.constFirst(), resolveEnvironment);
    if (!id)
        return kExitFailure;
    const ApiReply reply = client->get(u"/api/environments/%1"_s.arg(*id));
    if (!reply.ok())
        return reportFailure(verb, reply);
    const QJsonObject environment = reply.json();
    if (a.parser.isSet(kJsonOption)) {
        printJson(environment);
        return 0;
    }
    QStringList tasks;
    for (const QJsonValue &task : environment.value(u"tasks"_s).toArray())
        tasks.append(task.toString());
    const QList<std::pair<QString, QString>> fields {
        { u"ID"_s, QString::number(*id) },
        { u"Name"_s, environment.value(u"name"_s).toString() },
        { u"Backend"_s, environment.value(u"backend"_s).toString() },
        { u"Python"_s, environment.value(u"pythonVersion"_s).toString() },
        { u"State"_s, environment.value(u"state"_s).toString() },
        { u"Path"_s, environment.value(u"path"_s).toString() },
        { u"Packages"_s, QString::number(environment.value(u"packages"_s).toInteger()) },
        { u"Freeze"_s, environment.value(u"freezeHash"_s).toString().left(12) },
        { u"Tasks"_s, tasks.isEmpty() ? u"-"_s : tasks.join(u", "_s) },
        { u"Error"_s, environment.value(u"error"_s).toString(u"-"_s) },
    };
    QString text;
    for (const auto &[label, value] : fields)
        text += QString(label + u':').leftJustified(10) + value + u'\n';
    const ApiReply operations = client->get(u"/api/environments/%1/operations"_s.arg(*id));
    if (operations.ok()) {
        TextTable table(
            { u"OPERATION"_s, u"KIND"_s, u"STATE"_s, u"BY"_s, u"QUEUED"_s, u"DURATION"_s, u"PACKAGES"_s });
        const QJsonArray items = operations.json().value(u"items"_s).toArray();
        for (qsizetype i = 0; i < std::min<qsizetype>(items.size(), 10); ++i) {
            const QJsonObject operation = items.at(i).toObject();
            QStringList packages;
            for (const QJsonValue &package : operation.value(u"packages"_s).toArray())
                packages.append(package.toString());
            const QJsonValue duration = operation.value(u"durationMs"_s);
            table.addRow({ QString::number(operation.value(u"id"_s).toInteger()),
                operation.value(u"kind"_s).toString(), operation.value(u"state"_s).toString(),
                operation.value(u"actor"_s).toString(), formatInstant(operation.value(u"queuedAt"_s)),
                duration.isDouble() ? formatDuration(duration.toInteger()) : u"-"_s,
                packages.isEmpty() ? u"-"_s : packages.join(u' ') });
        }
        text += u'\n' + table.toString();
    }
    printOut(text);
    return 0;
}

int createEnvironment(const QStringList &args)
{
    const QString verb = u"env create"_s;
    const QCommandLineOption python(u"python"_s, u"Python version."_s, u"VERSION"_s);
    const QCommandLineOption interpreter(u"interpreter"_s, u"Interpreter id."_s, u"ID"_s);
    const QCommandLineOption conda(u"conda"_s, u"A conda environment."_s);
    VerbArguments a;
    if (const std::optional<int> done = parseSubVerb(a, verb, args,
            { python, interpreter, conda, kNoWaitOption, kJsonOption }, { u"NAME"_s }, 1, envUsage()))
        return *done;
    QJsonObject body { { u"name"_s, a.positional.constFirst() } };
    if (a.parser.isSet(python) == a.parser.isSet(interpreter))
        return usageError(verb, u"give --python VERSION or --interpreter ID (see `kumo python list`)"_s);
    if (a.parser.isSet(interpreter)) {
        bool ok = false;
        const qint64 id = a.parser.value(interpreter).toLongLong(&ok);
        if (!ok || id < 1)
            return usageError(verb,
                u"--interpreter needs an interpreter id, got \"%1\""_s.arg(a.parser.value(interpreter)));
        body.insert(u"interpreterId"_s, id);
    } else {
        body.insert(u"pythonVersion"_s, a.parser.value(python));
    }
    if (a.parser.isSet(conda))
        body.insert(u"backend"_s, u"conda"_s);
    const std::unique_ptr<ApiClient> client = openClient(verb);
    if (!client)
        return kExitFailure;
    const int status = afterQueued(*client, verb, client->post(u"/api/environments"_s, body), a, true);
    if (status == 0 && !a.parser.isSet(kJsonOption) && !a.parser.isSet(kNoWaitOption))
        printOut(u"Environment \"%1\" is ready\n"_s.arg(a.positional.constFirst()));
    return status;
}

/// rm and reset: one environment argument, one request.
int singleEnvironment(const QString &sub, const QStringList &args)
{
    const QString verb = u"env "_s + sub;
    VerbArguments a;
    const QList<QCommandLineOption> options
        = sub == u"reset"_s ? QList { kNoWaitOption, kJsonOption } : QList<QCommandLineOption> {};
    if (const std::optional<int> done = parseSubVerb(a, verb, args, options, { u"ENV"_s }, 1, envUsage()))
        return *done;
    auto [client, id] = openFor(verb, a.positional.constFirst(), resolveEnvironment);
    if (!id)
        return kExitFailure;
    if (sub == u"reset"_s)
        return afterQueued(*client, verb, client->post(u"/api/environments/%1/reset"_s.arg(*id)), a, true);
    const ApiReply reply = client->deleteResource(u"/api/environments/%1"_s.arg(*id));
    if (!reply.ok())
        return reportFailure(verb, reply);
    printOut(u"Deleting environment %1 and its files\n"_s.arg(*id));
    return 0;
}

int removeEnvironment(const QStringList &args)
{
    return singleEnvironment(u"rm"_s, args);
}

int resetEnvironment(const QStringList &args)
{
    return singleEnvironment(u"reset"_s, args);
}

// ---- pkg ---------------------------------------------------------------------------------

int listPackages(const QStringList &args)
{
    const QString verb = u"pkg list"_s;
    VerbArguments a;
    if (const std::optional<int> done
        = parseSubVerb(a, verb, args, { kJsonOption }, { u"ENV"_s }, 1, pkgUsage()))
        return *done;
    auto [client, id] = openFor(verb, a.positional.constFirst(), resolveEnvironment);
    if (!id)
        return kExitFailure;
    const ApiReply reply = client->get(u"/api/environments/%1/packages"_s.arg(*id));
    if (!reply.ok())
        return reportFailure(verb, reply);
    if (a.parser.isSet(kJsonOption)) {
        printJson(reply.json());
        return 0;
    }
    TextTable table({ u"NAME"_s, u"VERSION"_s });
    for (const QJsonValue &item : reply.json().value(u"items"_s).toArray())
        table.addRow({ item[u"name"_s].toString(), item[u"version"_s].toString() });
    printOut(table.toString());
    return 0;
}

/// install, upgrade and uninstall.
int changePackages(const QString &action, const QStringList &args)
{
    const QString verb = u"pkg "_s + action;
    const QCommandLineOption requirements(
        { u"r"_s, u"requirements"_s }, u"Requirements file."_s, u"PROJECT:FILE"_s);
    VerbArguments a;
    QList<QCommandLineOption> options { kNoWaitOption, kJsonOption };
    if (action != u"uninstall"_s)
        options.append(requirements);
    QStringList names { u"ENV"_s };
    for (int i = 0; i < 100; ++i)
        names.append(u"PACKAGE"_s);
    if (const std::optional<int> done = parseSubVerb(a, verb, args, options, names, 1, pkgUsage()))
        return *done;
    const QStringList packages = a.positional.mid(1);
    if (packages.isEmpty() && !a.parser.isSet(requirements))
        return usageError(verb,
            action == u"uninstall"_s ? u"give the packages to remove"_s
                                     : u"give the packages, or -r PROJECT:FILE"_s);
    QString project;
    QString file;
    if (a.parser.isSet(requirements)) {
        const QString value = a.parser.value(requirements);
        const qsizetype colon = value.indexOf(u':');
        if (colon <= 0 || colon == value.size() - 1)
            return usageError(verb, u"-r needs PROJECT:FILE, e.g. -r report:requirements.txt"_s);
        project = value.left(colon);
        file = value.mid(colon + 1);
    }
    auto [client, id] = openFor(verb, a.positional.constFirst(), resolveEnvironment);
    if (!id)
        return kExitFailure;
    QJsonObject body { { u"action"_s, action }, { u"packages"_s, QJsonArray::fromStringList(packages) } };
    if (!project.isEmpty()) {
        const std::optional<qint64> projectId = resolveProject(*client, project, verb);
        if (!projectId)
            return kExitFailure;
        body.insert(u"requirements"_s, QJsonObject { { u"projectId"_s, *projectId }, { u"path"_s, file } });
    }
    return afterQueued(
        *client, verb, client->post(u"/api/environments/%1/packages"_s.arg(*id), body), a, true);
}

int installPackages(const QStringList &args)
{
    return changePackages(u"install"_s, args);
}

int upgradePackages(const QStringList &args)
{
    return changePackages(u"upgrade"_s, args);
}

int uninstallPackages(const QStringList &args)
{
    return changePackages(u"uninstall"_s, args);
}

} // namespace

std::optional<qint64> resolveEnvironment(ApiClient &client, const QString &idOrName, const QString &verb)
{
    return resolveByName(client, idOrName, verb, u"/api/environments"_s, u"environment"_s);
}

int runPythonVerb(const QStringList &args)
{
    return dispatchSubVerb(
        u"python"_s, args, { { u"list"_s, listInterpreters }, { u"add"_s, addInterpreter } }, pythonUsage());
}

int runEnvVerb(const QStringList &args)
{
    return dispatchSubVerb(u"env"_s, args,
        { { u"list"_s, listEnvironments }, { u"show"_s, showEnvironment }, { u"create"_s, createEnvironment },
            { u"rm"_s, removeEnvironment }, { u"reset"_s, resetEnvironment } },
        envUsage());
}

int runPkgVerb(const QStringList &args)
{
    return dispatchSubVerb(u"pkg"_s, args,
        { { u"list"_s, listPackages }, { u"install"_s, installPackages }, { u"upgrade"_s, upgradePackages },
            { u"uninstall"_s, uninstallPackages } },
        pkgUsage());
}

} // namespace Kumo::Cli
