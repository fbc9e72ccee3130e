// SPDX-License-Identifier: MIT
#include "cli/varverb.h"

#include "cli/apiclient.h"
#include "cli/clientconfig.h"
#include "cli/clientverb.h"
#include "cli/projectverb.h"
#include "cli/taskverb.h"
#include "cli/texttable.h"

#include <QFile>
#include <QJsonArray>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace Kumo::Cli {

namespace {

QString usage()
{
    return u"Usage: kumo var <command> [options]\n"
           "\n"
           "The environment variables runs get, plain or SECRET (encrypted at rest, never shown again,\n"
           "masked in run logs): for every run, a project's runs (--project) or a task's (--task).\n"
           "\n"
           "Commands:\n"
           "  list [--project P | --task T] [--json]     List variables (all, or of one scope)\n"
           "  set NAME [VALUE] [options]                 Create or change a variable\n"
           "  rm NAME [--project P | --task T]           Delete a variable\n"
           "\n"
           "Options:\n"
           "  --project ID|NAME    the variable of a project's runs\n"
           "  --task ID|NAME       the variable of a task's runs\n"
           "  --secret             (set) keep it encrypted; never shown again\n"
           "  --value-stdin        (set) read the value from stdin (keeps it out of shell history)\n"
           "  --description D      (set) what it is for\n"
           "  --json               print the server's JSON answer\n"
           "\n"
           "Exit status: 0 on success, 1 when the server refuses or cannot be reached, 2 for a usage\n"
           "error.\n"_s;
}

const QCommandLineOption kProject(u"project"_s, u"Project scope."_s, u"ID|NAME"_s);
const QCommandLineOption kTask(u"task"_s, u"Task scope."_s, u"ID|NAME"_s);
const QCommandLineOption kJson(u"json"_s, u"Print JSON."_s);

/// The scope the options name, {"type","id"}; nullopt after reporting why not.
std::optional<QJsonObject> scopeOf(ApiClient &client, const QCommandLineParser &parser, const QString &verb)
{
    if (parser.isSet(kProject) && parser.isSet(kTask)) {
        (void)usageError(verb, u"give --project or --task, not both"_s);
        return std::nullopt;
    }
    if (parser.isSet(kProject)) {
        const std::optional<qint64> id = resolveProject(client, parser.value(kProject), verb);
        return id ? std::optional(QJsonObject { { u"type"_s, u"project"_s }, { u"id"_s, *id } })
                  : std::nullopt;
    }
    if (parser.isSet(kTask)) {
        const std::optional<qint64> id = resolveTask(client, parser.value(kTask), verb);
        return id ? std::optional(QJsonObject { { u"type"_s, u"task"_s }, { u"id"_s, *id } }) : std::nullopt;
    }
    return QJsonObject { { u"type"_s, u"global"_s } };
}

/// The list filter of @p scope: ?scope=TYPE[&scopeId=ID].
QUrlQuery scopeQuery(const QJsonObject &scope)
{
    QUrlQuery query { { u"scope"_s, scope.value(u"type"_s).toString() } };
    if (scope.contains(u"id"_s))
        query.addQueryItem(u"scopeId"_s, QString::number(scope.value(u"id"_s).toInteger()));
    return query;
}

/// The id of variable @p name in @p scope: 0 when it is not set there, nullopt after reporting
/// why the server could not say.
std::optional<qint64> idOf(
    ApiClient &client, const QJsonObject &scope, const QString &name, const QString &verb)
{
    const ApiReply reply = client.get(u"/api/env-vars"_s, scopeQuery(scope));
    if (!reply.ok()) {
        (void)reportFailure(verb, reply);
        return std::nullopt;
    }
    for (const QJsonValue &item : reply.json().value(u"items"_s).toArray()) {
        if (item[u"name"_s].toString() == name)
            return item[u"id"_s].toInteger();
    }
    return 0;
}

QString scopeText(const QJsonObject &scope)
{
    const QString type = scope.value(u"type"_s).toString();
    return type == u"global"_s ? type : u"%1 %2"_s.arg(type).arg(scope.value(u"id"_s).toInteger());
}

int listVariables(const QStringList &args)
{
    const QString verb = u"var list"_s;
    VerbArguments a;
    if (const std::optional<int> done
        = parseSubVerb(a, verb, args, { kProject, kTask, kJson }, {}, 0, usage()))
        return *done;
    const std::unique_ptr<ApiClient> client = openClient(verb);
    if (!client)
        return kExitFailure;
    ApiReply reply;
    if (a.parser.isSet(kProject) || a.parser.isSet(kTask)) {
        const std::optional<QJsonObject> scope = scopeOf(*client, a.parser, verb);
        if (!scope)
            return kExitFailure;
        reply = client->get(u"/api/env-vars"_s, scopeQuery(*scope));
    } else {
        reply = client->get(u"/api/env-vars"_s);
    }
    if (!reply.ok())
        return reportFailure(verb, reply);
    if (a.parser.isSet(kJson)) {
        printJson(reply.json());
        return 0;
    }
    TextTable table({ u"ID"_s, u"NAME"_s, u"SCOPE"_s, u"SECRET"_s, u"VALUE"_s });
    for (const QJsonValue &item : reply.json().value(u"items"_s).toArray()) {
        table.addRow({ QString::number(item[u"id"_s].toInteger()), item[u"name"_s].toString(),
            scopeText(item[u"scope"_s].toObject()), item[u"secret"_s].toBool() ? u"yes"_s : u"no"_s,
            item[u"value"_s].toString() });
    }
    printOut(table.toString());
    return 0;
}

int setVariable(const QStringList &args)
{
    const QString verb = u"var set"_s;
    const QCommandLineOption secret(u"secret"_s, u"Secret."_s);
    const QCommandLineOption valueStdin(u"value-stdin"_s, u"Value from stdin."_s);
    const QCommandLineOption description(u"description"_s, u"Description."_s, u"D"_s);
    VerbArguments a;
    if (const std::optional<int> done
        = parseSubVerb(a, verb, args, { kProject, kTask, secret, valueStdin, description, kJson },
            { u"NAME"_s, u"VALUE"_s }, 1, usage()))
        return *done;
    QJsonObject body;
    if (a.parser.isSet(valueStdin)) {
        if (a.positional.size() > 1)
            return usageError(verb, u"give the value or --value-stdin, not both"_s);
        QFile in;
        if (!in.open(stdin, QIODevice::ReadOnly))
            return fail(verb, u"cannot read stdin"_s);
        QByteArray value = in.readAll();
        if (value.endsWith('\n'))
            value.chop(1);
        body.insert(u"value"_s, QString::fromUtf8(value));
    } else if (a.positional.size() > 1) {
        body.insert(u"value"_s, a.positional.at(1));
        if (a.parser.isSet(secret))
            std::fputs("kumo var set: the value was on the command line (visible in ps and your shell "
                       "history); --value-stdin keeps it out\n",
                stderr);
    }
    if (a.parser.isSet(secret))
        body.insert(u"secret"_s, true);
    if (a.parser.isSet(description))
        body.insert(u"description"_s, a.parser.value(description));
    const std::unique_ptr<ApiClient> client = openClient(verb);
    if (!client)
        return kExitFailure;
    const std::optional<QJsonObject> scope = scopeOf(*client, a.parser, verb);
    if (!scope)
        return kExitFailure;
    const QString name = a.positional.constFirst();
    const std::optional<qint64> found = idOf(*client, *scope, name, verb);
    if (!found)
        return kExitFailure;
    const qint64 id = *found;
    ApiReply reply;
    if (id > 0) {
        reply = client->patch(u"/api/env-vars/%1"_s.arg(id), body);
    } else {
        if (!body.contains(u"value"_s))
            return usageError(verb, u"give the value of the new variable %1 (or --value-stdin)"_s.arg(name));
        body.insert(u"name"_s, name);
        body.insert(u"scope"_s, *scope);
        reply = client->post(u"/api/env-vars"_s, body);
    }
    if (!reply.ok())
        return reportFailure(verb, reply);
    if (a.parser.isSet(kJson))
        printJson(reply.json());
    else
        printOut(u"%1 %2 (%3%4)\n"_s.arg(id > 0 ? u"Changed"_s : u"Set"_s, name, scopeText(*scope),
            reply.json().value(u"secret"_s).toBool() ? u", secret"_s : QString()));
    return 0;
}

int removeVariable(const QStringList &args)
{
    const QString verb = u"var rm"_s;
    VerbArguments a;
    if (const std::optional<int> done
        = parseSubVerb(a, verb, args, { kProject, kTask }, { u"NAME"_s }, 1, usage()))
        return *done;
    const std::unique_ptr<ApiClient> client = openClient(verb);
    if (!client)
        return kExitFailure;
    const std::optional<QJsonObject> scope = scopeOf(*client, a.parser, verb);
    if (!scope)
        return kExitFailure;
    const QString name = a.positional.constFirst();
    const std::optional<qint64> id = idOf(*client, *scope, name, verb);
    if (!id)
        return kExitFailure;
    if (*id == 0)
        return fail(verb, u"%1 is not set in scope %2"_s.arg(name, scopeText(*scope)));
    const ApiReply reply = client->deleteResource(u"/api/env-vars/%1"_s.arg(*id));
    if (!reply.ok())
        return reportFailure(verb, reply);
    printOut(u"Deleted %1 (%2)\n"_s.arg(name, scopeText(*scope)));
    return 0;
}

} // namespace

int runVarVerb(const QStringList &args)
{
    return dispatchSubVerb(u"var"_s, args,
        { { u"list"_s, listVariables }, { u"set"_s, setVariable }, { u"rm"_s, removeVariable } }, usage());
}

} // namespace Kumo::Cli
