// SPDX-License-Identifier: MIT
#include "cli/taskverb.h"

#include "cli/apiclient.h"
#include "cli/clientconfig.h"
#include "cli/clientverb.h"
#include "cli/envverb.h"
#include "cli/projectverb.h"
#include "cli/runsverb.h"
#include "cli/texttable.h"

#include <QCommandLineParser>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

#include <cstdio>
#include <memory>

using namespace Qt::StringLiterals;

namespace Kumo::Cli {

namespace {

constexpr int kPageLimit = 1000; // the API's largest page

QString usage()
{
    return u"Usage: kumo task <command> [options]\n"
           "\n"
           "Manages the tasks of the server you signed in to with `kumo login`. ID|NAME is a task's id\n"
           "(a whole number) or its exact name.\n"
           "\n"
           "Commands:\n"
           "  list [--search S] [--json]   List tasks: ID, NAME, TRIGGER, ENABLED, NEXT RUN\n"
           "  show ID|NAME [--json]        Show one task\n"
           "  add --name N --command C (--cron EXPR | --every SECONDS | --at RFC3339) [options]\n"
           "                               Create a task\n"
           "  edit ID|NAME [options]       Change the given fields of a task, nothing else\n"
           "  rm ID|NAME                   Delete a task\n"
           "  run ID|NAME [--wait]         Run a task now and print the run id; with --wait, print its\n"
           "                               log as it runs and exit with the run's exit status\n"
           "  pause ID|NAME                Stop scheduling a task\n"
           "  resume ID|NAME               Schedule a task again\n"
           "\n"
           "Options of add and edit:\n"
           "  --name N             task name\n"
           "  --command C          command line, e.g. \"python main.py --day=today\"\n"
           "  --cron EXPR          cron trigger, e.g. \"0 9 * * MON-FRI\" (see `kumo cron --help`)\n"
           "  --every SECONDS      interval trigger\n"
           "  --at RFC3339         one-off trigger, e.g. 2026-12-01T09:00:00+08:00\n"
           "  --tz ZONE            IANA time zone of the trigger (default: the server's)\n"
           "  --workdir DIR        working directory (default: DATA_DIR/output/task-ID; with a\n"
           "                       project, a folder inside it, default the project's)\n"
           "  --project ID|NAME    run in this project's files (see `kumo project --help`)\n"
           "  --python-env ENV     run in this Python environment (id or name): its python and\n"
           "                       packages first on PATH (see `kumo env --help`)\n"
           "  --retries N          retries after a failed attempt, 0-100\n"
           "  --timeout SECONDS    end a run after this long; 0: no limit\n"
           "  --env K=V            an environment variable; repeat it for more (with edit, the\n"
           "                       variables given replace all of the task's)\n"
           "  --disabled           do not schedule the task (--enabled: schedule it)\n"
           "  --json-body FILE|-   the task as the API's JSON (- reads stdin); the options above\n"
           "                       override its fields\n"
           "  --json               print the server's JSON answer\n"
           "\n"
           "Exit status: 0 on success, 1 when the server refuses or cannot be reached, 2 for a usage\n"
           "error; `run --wait` exits with the run's status.\n"_s;
}

QString triggerText(const QJsonObject &trigger)
{
    const QString type = trigger.value(u"type"_s).toString();
    const QString zone = trigger.value(u"timezone"_s).toString();
    QString text;
    if (type == u"cron"_s) {
        text = u"cron "_s + trigger.value(u"expression"_s).toString();
    } else if (type == u"interval"_s) {
        const qint64 seconds = trigger.value(u"seconds"_s).toInteger();
        if (seconds % 86400 == 0)
            text = u"every %1d"_s.arg(seconds / 86400);
        else if (seconds % 3600 == 0)
            text = u"every %1h"_s.arg(seconds / 3600);
        else if (seconds % 60 == 0)
            text = u"every %1m"_s.arg(seconds / 60);
        else
            text = u"every %1s"_s.arg(seconds);
    } else if (type == u"date"_s) {
        text = u"once at "_s + formatInstant(trigger.value(u"at"_s));
    } else {
        text = type;
    }
    if (!zone.isEmpty() && type == u"cron"_s)
        text += u" ("_s + zone + u')';
    return text;
}

QString describe(const QJsonObject &task)
{
    return u"task %1 \"%2\""_s.arg(task.value(u"id"_s).toInteger()).arg(task.value(u"name"_s).toString());
}

QString nextRunText(const QJsonObject &task)
{
    if (!task.value(u"enabled"_s).toBool())
        return u"not scheduled (paused)"_s;
    const QJsonValue next = task.value(u"nextRunAt"_s);
    return next.isString() ? u"next run "_s + formatInstant(next) : u"no further runs"_s;
}

/// Reads the one ID|NAME argument of a sub-verb; nullopt after reporting a usage error.
std::optional<QString> taskArgument(const QCommandLineParser &parser, const QString &verb, int *exitStatus)
{
    const QStringList positional = parser.positionalArguments();
    if (positional.size() == 1)
        return positional.constFirst();
    *exitStatus = usageError(verb,
        positional.isEmpty() ? u"which task? Give its id or name"_s
                             : u"unexpected argument \"%1\""_s.arg(positional.value(1)));
    return std::nullopt;
}

// ---- add and edit ------------------------------------------------------------------------

struct TaskOptions
{
    QCommandLineOption name { u"name"_s, u"Task name."_s, u"N"_s };
    QCommandLineOption command { u"command"_s, u"Command line."_s, u"C"_s };
    QCommandLineOption cron { u"cron"_s, u"Cron trigger."_s, u"EXPR"_s };
    QCommandLineOption every { u"every"_s, u"Interval trigger."_s, u"SECONDS"_s };
    QCommandLineOption at { u"at"_s, u"One-off trigger."_s, u"RFC3339"_s };
    QCommandLineOption tz { u"tz"_s, u"Time zone of the trigger."_s, u"ZONE"_s };
    QCommandLineOption workdir { u"workdir"_s, u"Working directory."_s, u"DIR"_s };
    QCommandLineOption project { u"project"_s, u"Project the task runs in."_s, u"ID|NAME"_s };
    QCommandLineOption environment { u"python-env"_s, u"Python environment the task runs in."_s, u"ENV"_s };
    QCommandLineOption retries { u"retries"_s, u"Retries."_s, u"N"_s };
    QCommandLineOption timeout { u"timeout"_s, u"Timeout in seconds."_s, u"SECONDS"_s };
    QCommandLineOption env { u"env"_s, u"Environment variable."_s, u"K=V"_s };
    QCommandLineOption disabled { u"disabled"_s, u"Do not schedule the task."_s };
    QCommandLineOption enabled { u"enabled"_s, u"Schedule the task."_s };
    QCommandLineOption jsonBody { u"json-body"_s, u"The task as JSON."_s, u"FILE|-"_s };
    QCommandLineOption json { u"json"_s, u"Print JSON."_s };

    void addTo(QCommandLineParser &parser) const
    {
        parser.addOptions({ name, command, cron, every, at, tz, workdir, project, environment, retries,
            timeout, env, disabled, enabled, jsonBody, json });
    }
};

/// What add and edit send, read from the command line before anything is asked of the server.
struct TaskChanges
{
    QJsonObject body; // from --json-body and the plain field options
    std::optional<QJsonObject> trigger; // from --cron, --every or --at
    std::optional<QString> timezone; // from --tz
    QString error; // a usage error
};

std::optional<int> wholeNumber(const QString &text)
{
    bool ok = false;
    const int value = text.toInt(&ok);
    return ok ? std::optional(value) : std::nullopt;
}

TaskChanges readChanges(const QCommandLineParser &parser, const TaskOptions &o)
{
    TaskChanges changes;
    if (parser.isSet(o.jsonBody)) {
        const QString source = parser.value(o.jsonBody);
        QFile file;
        const bool opened = source == u"-"_s ? file.open(stdin, QIODevice::ReadOnly)
                                             : (file.setFileName(source), file.open(QIODevice::ReadOnly));
        if (!opened) {
            changes.error = u"cannot read %1: %2"_s.arg(source, file.errorString());
            return changes;
        }
        QJsonParseError parseError;
        const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &parseError);
        if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
            changes.error = parseError.error != QJsonParseError::NoError
                ? u"--json-body: invalid JSON at offset %1: %2"_s.arg(parseError.offset)
                      .arg(parseError.errorString())
                : u"--json-body must hold a JSON object"_s;
            return changes;
        }
        changes.body = document.object();
    }
    if (parser.isSet(o.name))
        changes.body.insert(u"name"_s, parser.value(o.name));
    if (parser.isSet(o.command))
        changes.body.insert(u"command"_s, parser.value(o.command));
    if (parser.isSet(o.workdir))
        changes.body.insert(u"workingDir"_s, parser.value(o.workdir));
    for (const auto &[option, field] :
        { std::pair { &o.retries, u"retries"_s }, { &o.timeout, u"timeoutSeconds"_s } }) {
        if (!parser.isSet(*option))
            continue;
        const std::optional<int> value = wholeNumber(parser.value(*option));
        if (!value) {
            changes.error = u"--%1 needs a whole number, got \"%2\""_s.arg(
                option->names().constFirst(), parser.value(*option));
            return changes;
        }
        changes.body.insert(field, *value);
    }
    if (parser.isSet(o.env)) {
        QJsonObject env;
        for (const QString &pair : parser.values(o.env)) {
            const qsizetype equals = pair.indexOf(u'=');
            if (equals <= 0) {
                changes.error = u"--env needs NAME=VALUE, got \"%1\""_s.arg(pair);
                return changes;
            }
            env.insert(pair.left(equals), pair.mid(equals + 1));
        }
        changes.body.insert(u"env"_s, env);
    }
    if (parser.isSet(o.disabled) && parser.isSet(o.enabled)) {
        changes.error = u"give --disabled or --enabled, not both"_s;
        return changes;
    }
    if (parser.isSet(o.disabled) || parser.isSet(o.enabled))
        changes.body.insert(u"enabled"_s, parser.isSet(o.enabled));

    const int triggers = int(parser.isSet(o.cron)) + int(parser.isSet(o.every)) + int(parser.isSet(o.at));
    if (triggers > 1) {
        changes.error = u"give one of --cron, --every and --at"_s;
        return changes;
    }
    if (parser.isSet(o.cron)) {
        changes.trigger = QJsonObject { { u"type"_s, u"cron"_s }, { u"expression"_s, parser.value(o.cron) } };
    } else if (parser.isSet(o.every)) {
        bool ok = false;
        const qint64 seconds = parser.value(o.every).toLongLong(&ok);
        if (!ok || seconds < 1) {
            changes.error = u"--every needs a whole number of seconds, 1 or more, got \"%1\""_s.arg(
                parser.value(o.every));
            return changes;
        }
        changes.trigger = QJsonObject { { u"type"_s, u"interval"_s }, { u"seconds"_s, seconds } };
    } else if (parser.isSet(o.at)) {
        changes.trigger = QJsonObject { { u"type"_s, u"date"_s }, { u"at"_s, parser.value(o.at) } };
    }
    if (parser.isSet(o.tz))
        changes.timezone = parser.value(o.tz);
    return changes;
}

/// Puts the ids of the project and environment named by --project and --env into @p body;
/// false after reporting why not.
bool addReferences(ApiClient &client, const QCommandLineParser &parser, const TaskOptions &options,
    const QString &verb, QJsonObject &body)
{
    if (parser.isSet(options.project)) {
        const std::optional<qint64> project = resolveProject(client, parser.value(options.project), verb);
        if (!project)
            return false;
        body.insert(u"projectId"_s, *project);
    }
    if (parser.isSet(options.environment)) {
        const std::optional<qint64> environment
            = resolveEnvironment(client, parser.value(options.environment), verb);
        if (!environment)
            return false;
        body.insert(u"environmentId"_s, *environment);
    }
    return true;
}

/// Sends the created or changed task and prints the answer.
int printTaskAnswer(const QString &verb, const ApiReply &reply, bool json, const QString &done)
{
    if (!reply.ok())
        return reportFailure(verb, reply);
    const QJsonObject task = reply.json();
    if (json)
        printJson(task);
    else if (!task.value(u"enabled"_s).toBool() && done == u"Paused"_s)
        printOut(u"%1 %2\n"_s.arg(done, describe(task)));
    else
        printOut(u"%1 %2; %3\n"_s.arg(done, describe(task), nextRunText(task)));
    return 0;
}

int addTask(const QStringList &args)
{
    const QString verb = u"task add"_s;
    QCommandLineParser parser;
    const TaskOptions options;
    options.addTo(parser);
    if (const std::optional<int> done = parseVerbArguments(parser, verb, args, usage()))
        return *done;
    if (!parser.positionalArguments().isEmpty())
        return usageError(
            verb, u"unexpected argument \"%1\""_s.arg(parser.positionalArguments().constFirst()));
    TaskChanges changes = readChanges(parser, options);
    if (!changes.error.isEmpty())
        return usageError(verb, changes.error);
    if (changes.trigger) {
        changes.body.insert(u"trigger"_s, *changes.trigger);
    } else if (!changes.body.value(u"trigger"_s).isObject() && !parser.isSet(options.jsonBody)) {
        return usageError(verb, u"give the trigger: --cron EXPR, --every SECONDS or --at RFC3339"_s);
    }
    if (changes.timezone) {
        if (!changes.body.value(u"trigger"_s).isObject())
            return usageError(verb, u"--tz goes with --cron, --every or --at"_s);
        QJsonObject trigger = changes.body.value(u"trigger"_s).toObject();
        trigger.insert(u"timezone"_s, *changes.timezone);
        changes.body.insert(u"trigger"_s, trigger);
    }
    // With --json-body the server says what is missing; without it, say it here.
    if (!parser.isSet(options.jsonBody)) {
        if (!parser.isSet(options.name) || !parser.isSet(options.command))
            return usageError(verb, u"--name and --command are required"_s);
    }

    const std::unique_ptr<ApiClient> client = openClient(verb);
    if (!client)
        return kExitFailure;
    if (!addReferences(*client, parser, options, verb, changes.body))
        return kExitFailure;
    return printTaskAnswer(
        verb, client->post(u"/api/tasks"_s, changes.body), parser.isSet(options.json), u"Created"_s);
}

int editTask(const QStringList &args)
{
    const QString verb = u"task edit"_s;
    QCommandLineParser parser;
    const TaskOptions options;
    options.addTo(parser);
    if (const std::optional<int> done = parseVerbArguments(parser, verb, args, usage()))
        return *done;
    int status = 0;
    const std::optional<QString> idOrName = taskArgument(parser, verb, &status);
    if (!idOrName)
        return status;
    TaskChanges changes = readChanges(parser, options);
    if (!changes.error.isEmpty())
        return usageError(verb, changes.error);
    if (changes.body.isEmpty() && !changes.trigger && !changes.timezone && !parser.isSet(options.project)
        && !parser.isSet(options.environment))
        return usageError(
            verb, u"nothing to change: give the fields to change, such as --command or --cron"_s);

    const std::unique_ptr<ApiClient> client = openClient(verb);
    if (!client)
        return kExitFailure;
    const std::optional<qint64> id = resolveTask(*client, *idOrName, verb);
    if (!id || !addReferences(*client, parser, options, verb, changes.body))
        return kExitFailure;
    const QString path = u"/api/tasks/%1"_s.arg(*id);
    if (changes.trigger || changes.timezone) {
        // The API replaces the whole trigger: build it from the task's, so that --tz alone keeps
        // the schedule and a new schedule keeps the zone.
        const ApiReply current = client->get(path);
        if (!current.ok())
            return reportFailure(verb, current);
        const QJsonObject currentTrigger = current.json().value(u"trigger"_s).toObject();
        QJsonObject trigger = changes.trigger.value_or(changes.body.contains(u"trigger"_s)
                ? changes.body.value(u"trigger"_s).toObject()
                : currentTrigger);
        if (changes.timezone)
            trigger.insert(u"timezone"_s, *changes.timezone);
        else if (changes.trigger && currentTrigger.contains(u"timezone"_s))
            trigger.insert(u"timezone"_s, currentTrigger.value(u"timezone"_s));
        changes.body.insert(u"trigger"_s, trigger);
    }
    return printTaskAnswer(verb, client->patch(path, changes.body), parser.isSet(options.json), u"Updated"_s);
}

// ---- the other sub-verbs -----------------------------------------------------------------

int listTasks(const QStringList &args)
{
    const QString verb = u"task list"_s;
    QCommandLineParser parser;
    const QCommandLineOption searchOption(
        u"search"_s, u"Only tasks whose name or command contains S."_s, u"S"_s);
    const QCommandLineOption jsonOption(u"json"_s, u"Print JSON."_s);
    parser.addOptions({ searchOption, jsonOption });
    if (const std::optional<int> done = parseVerbArguments(parser, verb, args, usage()))
        return *done;
    if (!parser.positionalArguments().isEmpty())
        return usageError(
            verb, u"unexpected argument \"%1\""_s.arg(parser.positionalArguments().constFirst()));
    const std::unique_ptr<ApiClient> client = openClient(verb);
    if (!client)
        return kExitFailure;

    QJsonObject page;
    QJsonArray items;
    for (;;) {
        QUrlQuery query { { u"limit"_s, QString::number(kPageLimit) },
            { u"offset"_s, QString::number(items.size()) } };
        if (parser.isSet(searchOption))
            query.addQueryItem(u"search"_s, parser.value(searchOption));
        const ApiReply reply = client->get(u"/api/tasks"_s, query);
        if (!reply.ok())
            return reportFailure(verb, reply);
        page = reply.json();
        const QJsonArray pageItems = page.value(u"items"_s).toArray();
        for (const QJsonValue &item : pageItems)
            items.append(item);
        if (pageItems.isEmpty() || items.size() >= page.value(u"total"_s).toInteger())
            break;
    }
    if (parser.isSet(jsonOption)) {
        // One page holds them all unless there are more than 1000.
        page.insert(u"items"_s, items);
        page.insert(u"offset"_s, 0);
        printJson(page);
        return 0;
    }
    TextTable table({ u"ID"_s, u"NAME"_s, u"TRIGGER"_s, u"ENABLED"_s, u"NEXT RUN"_s });
    for (const QJsonValue &item : std::as_const(items)) {
        const QJsonObject task = item.toObject();
        table.addRow({ QString::number(task.value(u"id"_s).toInteger()), task.value(u"name"_s).toString(),
            triggerText(task.value(u"trigger"_s).toObject()),
            task.value(u"enabled"_s).toBool() ? u"yes"_s : u"no"_s,
            formatInstant(task.value(u"nextRunAt"_s)) });
    }
    printOut(table.toString());
    return 0;
}

/// show, rm, pause, resume and run: one task argument, one request.
int singleTask(const QString &sub, const QStringList &args)
{
    const QString verb = u"task "_s + sub;
    QCommandLineParser parser;
    const QCommandLineOption jsonOption(u"json"_s, u"Print JSON."_s);
    const QCommandLineOption waitOption(u"wait"_s, u"Follow the run to its end."_s);
    if (sub != u"rm"_s)
        parser.addOption(jsonOption);
    if (sub == u"run"_s)
        parser.addOption(waitOption);
    if (const std::optional<int> done = parseVerbArguments(parser, verb, args, usage()))
        return *done;
    int status = 0;
    const std::optional<QString> idOrName = taskArgument(parser, verb, &status);
    if (!idOrName)
        return status;
    const bool json = sub != u"rm"_s && parser.isSet(jsonOption);

    const std::unique_ptr<ApiClient> client = openClient(verb);
    if (!client)
        return kExitFailure;
    const std::optional<qint64> id = resolveTask(*client, *idOrName, verb);
    if (!id)
        return kExitFailure;
    const QString path = u"/api/tasks/%1"_s.arg(*id);

    if (sub == u"show"_s) {
        const ApiReply reply = client->get(path);
        if (!reply.ok())
            return reportFailure(verb, reply);
        const QJsonObject task = reply.json();
        if (json) {
            printJson(task);
            return 0;
        }
        QStringList env;
        const QJsonObject envJson = task.value(u"env"_s).toObject();
        for (auto it = envJson.begin(); it != envJson.end(); ++it)
            env.append(it.key() + u'=' + it.value().toString());
        const qint64 timeout = task.value(u"timeoutSeconds"_s).toInteger();
        const QString workDir = task.value(u"workingDir"_s).toString();
        const QList<std::pair<QString, QString>> fields {
            { u"ID"_s, QString::number(task.value(u"id"_s).toInteger()) },
            { u"Name"_s, task.value(u"name"_s).toString() },
            { u"Command"_s, task.value(u"command"_s).toString() },
            { u"Trigger"_s, triggerText(task.value(u"trigger"_s).toObject()) },
            { u"Enabled"_s, task.value(u"enabled"_s).toBool() ? u"yes"_s : u"no"_s },
            { u"Next run"_s, formatInstant(task.value(u"nextRunAt"_s)) },
            { u"Project"_s,
                task.value(u"projectId"_s).isDouble()
                    ? QString::number(task.value(u"projectId"_s).toInteger())
                    : u"-"_s },
            { u"Python env"_s,
                task.value(u"environmentId"_s).isDouble()
                    ? QString::number(task.value(u"environmentId"_s).toInteger())
                    : u"-"_s },
            { u"Working dir"_s, workDir.isEmpty() ? u"(default)"_s : workDir },
            { u"Retries"_s,
                u"%1, %2 s apart"_s.arg(task.value(u"retries"_s).toInteger())
                    .arg(task.value(u"retryIntervalSeconds"_s).toInteger()) },
            { u"Timeout"_s, timeout > 0 ? u"%1 s"_s.arg(timeout) : u"none"_s },
            { u"Max instances"_s, QString::number(task.value(u"maxInstances"_s).toInteger()) },
            { u"Environment"_s, env.isEmpty() ? u"-"_s : env.join(u' ') },
            { u"Created"_s, formatInstant(task.value(u"createdAt"_s)) },
            { u"Updated"_s, formatInstant(task.value(u"updatedAt"_s)) },
        };
        QString text;
        for (const auto &[label, value] : fields)
            text += QString(label + u':').leftJustified(15) + value + u'\n';
        printOut(text);
        return 0;
    }
    if (sub == u"rm"_s) {
        const ApiReply reply = client->deleteResource(path);
        if (!reply.ok())
            return reportFailure(verb, reply);
        printOut(u"Deleted task %1\n"_s.arg(*id));
        return 0;
    }
    if (sub == u"pause"_s || sub == u"resume"_s) {
        return printTaskAnswer(
            verb, client->post(path + u'/' + sub), json, sub == u"pause"_s ? u"Paused"_s : u"Resumed"_s);
    }
    // run
    const ApiReply reply = client->post(path + u"/run"_s);
    if (!reply.ok())
        return reportFailure(verb, reply);
    const QJsonObject run = reply.json();
    const qint64 runId = run.value(u"id"_s).toInteger();
    if (!parser.isSet(waitOption)) {
        if (json)
            printJson(run);
        else
            printOut(QString::number(runId) + u'\n');
        return 0;
    }
    // The run's own output is what --wait prints on stdout and stderr; say which run it is on
    // stderr only.
    std::fprintf(
        stderr, "kumo %s: run %lld queued; following its log\n", qUtf8Printable(verb), qlonglong(runId));
    return followRun(*client, runId, 0, verb);
}

} // namespace

std::optional<qint64> resolveTask(ApiClient &client, const QString &idOrName, const QString &verb)
{
    bool isNumber = false;
    const qint64 id = idOrName.toLongLong(&isNumber);
    if (isNumber && id > 0)
        return id;
    if (idOrName.trimmed().isEmpty()) {
        (void)fail(verb, u"a task name cannot be empty"_s);
        return std::nullopt;
    }
    // search matches parts of names and commands: keep the exact names.
    QList<qint64> matches;
    qint64 seen = 0;
    for (;;) {
        const ApiReply reply = client.get(u"/api/tasks"_s,
            QUrlQuery { { u"search"_s, idOrName }, { u"limit"_s, QString::number(kPageLimit) },
                { u"offset"_s, QString::number(seen) } });
        if (!reply.ok()) {
            (void)reportFailure(verb, reply);
            return std::nullopt;
        }
        const QJsonObject page = reply.json();
        const QJsonArray items = page.value(u"items"_s).toArray();
        for (const QJsonValue &item : items) {
            if (item[u"name"_s].toString() == idOrName)
                matches.append(item[u"id"_s].toInteger());
        }
        seen += items.size();
        if (items.isEmpty() || seen >= page.value(u"total"_s).toInteger())
            break;
    }
    if (matches.size() == 1)
        return matches.constFirst();
    if (matches.isEmpty()) {
        (void)fail(verb, u"no task is named \"%1\""_s.arg(idOrName));
    } else {
        QStringList ids;
        for (const qint64 match : std::as_const(matches))
            ids.append(QString::number(match));
        (void)fail(verb,
            u"%1 tasks are named \"%2\" (ids %3): give the id"_s.arg(matches.size())
                .arg(idOrName, ids.join(u", "_s)));
    }
    return std::nullopt;
}

int runTaskVerb(const QStringList &args)
{
    const QString sub = args.value(0);
    const QStringList rest = args.mid(1);
    if (sub == u"list"_s)
        return listTasks(rest);
    if (sub == u"add"_s)
        return addTask(rest);
    if (sub == u"edit"_s)
        return editTask(rest);
    if (sub == u"show"_s || sub == u"rm"_s || sub == u"run"_s || sub == u"pause"_s || sub == u"resume"_s)
        return singleTask(sub, rest);
    if (sub == u"--help"_s || sub == u"-h"_s || sub == u"help"_s) {
        printOut(usage());
        return 0;
    }
    if (sub.isEmpty()) {
        std::fputs(qUtf8Printable(usage()), stderr);
        return kExitUsage;
    }
    return usageError(u"task"_s, u"unknown command \"%1\""_s.arg(sub));
}

} // namespace Kumo::Cli
