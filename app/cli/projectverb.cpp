// SPDX-License-Identifier: MIT
#include "cli/projectverb.h"

#include "cli/apiclient.h"
#include "cli/clientconfig.h"
#include "cli/clientverb.h"
#include "cli/texttable.h"

#include <QCommandLineParser>
#include <QDeadlineTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>
#include <QStringDecoder>
#include <QThread>

#include <cstdio>
#include <memory>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace Kumo::Cli {

namespace {

constexpr int kChunkAttempts = 3; // a chunk is sent again after a network error
constexpr int kPollMs = 200;
constexpr qint64 kUnpackWaitMs = 30 * 60 * 1000;

QString usage()
{
    return u"Usage: kumo project <command> [options]\n"
           "\n"
           "Manages the projects (uploaded code) of the server you signed in to with `kumo login`.\n"
           "ID|NAME is a project's id (a whole number) or its exact name; PATH is a path inside the\n"
           "project, such as app/main.py.\n"
           "\n"
           "Commands:\n"
           "  list [--json]                     List projects: ID, NAME, STATE, FILES, SIZE, WORKING DIR\n"
           "  show ID|NAME [--json]             Show one project and how to run it\n"
           "  add NAME ARCHIVE [options]        Create a project from a .zip, .tar.gz, .tar.xz, .tar.zst,\n"
           "                                    .7z … archive; waits until it is unpacked\n"
           "  replace ID|NAME ARCHIVE           Replace a project's code with another archive; runs in\n"
           "                                    progress keep the old files until they end\n"
           "  rm ID|NAME                        Delete a project and its files (refused while tasks use it)\n"
           "  download ID|NAME [-o FILE]        Save the project as a ZIP (default NAME.zip; - for stdout)\n"
           "  files ID|NAME [DIR] [--json]      List a folder of the project (default its root)\n"
           "  cat ID|NAME PATH                  Print a file's bytes\n"
           "  put ID|NAME PATH [FILE]           Write a text file from FILE or stdin, replacing it\n"
           "\n"
           "Options:\n"
           "  --description D    (add) what the project is\n"
           "  --workdir DIR      (add) working directory of its tasks, inside the project (default: the\n"
           "                     archive's single top-level folder, if it has one)\n"
           "  --output-dir DIR   (add) KUMO_OUTPUT_DIR of its runs, inside the project\n"
           "  --no-wait          (add, replace) return once the archive is uploaded, before unpacking ends\n"
           "  --encoding E       (put) the file's encoding, kept on the server: UTF-8 (default),\n"
           "                     UTF-8-BOM, UTF-16LE, UTF-16BE or GB18030\n"
           "  -o, --output FILE  (download) where to save the ZIP; an existing file is replaced\n"
           "  --json             print the server's JSON answer\n"
           "\n"
           "Exit status: 0 on success, 1 when the server refuses, an archive is refused or the server\n"
           "cannot be reached, 2 for a usage error.\n"_s;
}

QString describe(const QJsonObject &project)
{
    return u"project %1 \"%2\""_s.arg(project.value(u"id"_s).toInteger())
        .arg(project.value(u"name"_s).toString());
}

bool isUnpacking(const QJsonObject &project)
{
    const QString state = project.value(u"state"_s).toString();
    return state == u"extracting"_s || state == u"replacing"_s;
}

/// Sends @p path through the resumable upload API in chunks and returns the upload's id. A
/// chunk that fails on the way is sent again from where the server says the upload stands.
std::optional<qint64> uploadArchive(ApiClient &client, const QString &path, const QString &verb)
{
    QFile file(path);
    if (!QFileInfo(path).isFile() || !file.open(QIODevice::ReadOnly)) {
        (void)fail(verb,
            u"cannot read %1: %2"_s.arg(
                path, QFileInfo::exists(path) ? file.errorString() : u"no such file"_s));
        return std::nullopt;
    }
    const ApiReply created = client.post(
        u"/api/uploads"_s, { { u"size"_s, file.size() }, { u"filename"_s, QFileInfo(path).fileName() } });
    if (!created.ok()) {
        (void)reportFailure(verb, created);
        return std::nullopt;
    }
    const qint64 id = created.json().value(u"id"_s).toInteger();
    const qint64 chunkSize = std::max<qint64>(created.json().value(u"chunkSize"_s).toInteger(), 64 * 1024);
    const QString uploadPath = u"/api/uploads/%1"_s.arg(id);
    const bool showProgress = isatty(STDERR_FILENO) && file.size() > chunkSize;
    qint64 offset = 0;
    int attempts = 0;
    while (offset < file.size()) {
        if (!file.seek(offset)) {
            (void)fail(verb, u"cannot read %1: %2"_s.arg(path, file.errorString()));
            (void)client.deleteResource(uploadPath);
            return std::nullopt;
        }
        const QByteArray chunk = file.read(chunkSize);
        const ApiReply reply
            = client.send("PUT", client.url(uploadPath, { { u"offset"_s, QString::number(offset) } }), chunk,
                { { "Content-Type", "application/octet-stream" } });
        if (reply.ok() || reply.status == 409) {
            // 409: the server has a different offset (a chunk arrived twice); resume from there.
            const QJsonObject upload = reply.ok() ? reply.json() : reply.json().value(u"upload"_s).toObject();
            if (!upload.contains(u"received"_s)) {
                (void)reportFailure(verb, reply);
                return std::nullopt;
            }
            offset = upload.value(u"received"_s).toInteger();
            attempts = 0;
            if (showProgress)
                std::fprintf(stderr, "\rUploading %s: %lld%%", qUtf8Printable(QFileInfo(path).fileName()),
                    qlonglong(offset * 100 / file.size()));
            continue;
        }
        if (reply.status == 0 && ++attempts < kChunkAttempts) {
            // The chunk may or may not have arrived: ask where the upload stands.
            const ApiReply status = client.get(uploadPath);
            if (status.ok())
                offset = status.json().value(u"received"_s).toInteger();
            continue;
        }
        (void)reportFailure(verb, reply);
        (void)client.deleteResource(uploadPath);
        return std::nullopt;
    }
    if (showProgress)
        std::fputs("\n", stderr);
    return id;
}

/// Polls project @p id until its archive is unpacked; the project as it ends, or nullopt after
/// reporting why it could not be read.
std::optional<QJsonObject> waitForUnpacking(ApiClient &client, qint64 id, const QString &verb)
{
    const QDeadlineTimer deadline(kUnpackWaitMs);
    for (;;) {
        const ApiReply reply = client.get(u"/api/projects/%1"_s.arg(id));
        if (!reply.ok()) {
            (void)reportFailure(verb, reply);
            return std::nullopt;
        }
        const QJsonObject project = reply.json();
        if (!isUnpacking(project))
            return project;
        if (deadline.hasExpired()) {
            (void)fail(verb, u"project %1 is still being unpacked; see `kumo project show %1`"_s.arg(id));
            return std::nullopt;
        }
        QThread::msleep(kPollMs);
    }
}

/// Prints the answer of add or replace: after unpacking, or at once with --no-wait.
int finishUnpacking(ApiClient &client, const QString &verb, const QJsonObject &accepted, int revisionBefore,
    bool wait, bool json)
{
    const qint64 id = accepted.value(u"id"_s).toInteger();
    if (!wait) {
        if (json)
            printJson(accepted);
        else
            printOut(
                u"Uploaded %1; it is being unpacked (see `kumo project show %2`)\n"_s.arg(describe(accepted))
                    .arg(id));
        return 0;
    }
    const std::optional<QJsonObject> project = waitForUnpacking(client, id, verb);
    if (!project)
        return kExitFailure;
    if (json)
        printJson(*project);
    const bool unpacked = project->value(u"state"_s).toString() == u"ready"_s
        && project->value(u"revision"_s).toInt() > revisionBefore;
    if (!unpacked)
        return fail(verb,
            u"the archive was refused: %1%2"_s.arg(project->value(u"error"_s).toString(),
                project->value(u"state"_s).toString() == u"ready"_s ? u" (the project keeps its files)"_s
                                                                    : QString()));
    if (!json) {
        const QString workDir = project->value(u"workingDir"_s).toString();
        printOut(u"%1 %2: %3 files, %4; working dir %5\n"_s
                     .arg(revisionBefore == 0 ? u"Created"_s : u"New code for"_s, describe(*project))
                     .arg(project->value(u"files"_s).toInteger())
                     .arg(formatBytes(project->value(u"bytes"_s).toInteger()),
                         workDir.isEmpty() ? u"(the project root)"_s : workDir));
    }
    return 0;
}

const QCommandLineOption kJsonOption(u"json"_s, u"Print JSON."_s);
const QCommandLineOption kNoWaitOption(u"no-wait"_s, u"Do not wait for unpacking."_s);

// ---- sub-verbs ---------------------------------------------------------------------------

int listProjects(const QStringList &args)
{
    const QString verb = u"project list"_s;
    VerbArguments a;
    if (const std::optional<int> done = parseSubVerb(a, verb, args, { kJsonOption }, {}, 0, usage()))
        return *done;
    const std::unique_ptr<ApiClient> client = openClient(verb);
    if (!client)
        return kExitFailure;
    const ApiReply reply = client->get(u"/api/projects"_s);
    if (!reply.ok())
        return reportFailure(verb, reply);
    if (a.parser.isSet(kJsonOption)) {
        printJson(reply.json());
        return 0;
    }
    TextTable table({ u"ID"_s, u"NAME"_s, u"STATE"_s, u"FILES"_s, u"SIZE"_s, u"WORKING DIR"_s });
    const QJsonArray items = reply.json().value(u"items"_s).toArray();
    for (const QJsonValue &item : items) {
        const QJsonObject project = item.toObject();
        table.addRow({ QString::number(project.value(u"id"_s).toInteger()),
            project.value(u"name"_s).toString(), project.value(u"state"_s).toString(),
            QString::number(project.value(u"files"_s).toInteger()),
            formatBytes(project.value(u"bytes"_s).toInteger()), project.value(u"workingDir"_s).toString() });
    }
    printOut(table.toString());
    return 0;
}

int showProject(const QStringList &args)
{
    const QString verb = u"project show"_s;
    VerbArguments a;
    if (const std::optional<int> done
        = parseSubVerb(a, verb, args, { kJsonOption }, { u"ID|NAME"_s }, 1, usage()))
        return *done;
    auto [client, id] = openFor(verb, a.positional.constFirst(), resolveProject);
    if (!id)
        return kExitFailure;
    const ApiReply reply = client->get(u"/api/projects/%1"_s.arg(*id));
    if (!reply.ok())
        return reportFailure(verb, reply);
    const QJsonObject project = reply.json();
    if (a.parser.isSet(kJsonOption)) {
        printJson(project);
        return 0;
    }
    const auto orDash = [](const QString &text) { return text.isEmpty() ? u"-"_s : text; };
    QList<std::pair<QString, QString>> fields {
        { u"ID"_s, QString::number(project.value(u"id"_s).toInteger()) },
        { u"Name"_s, project.value(u"name"_s).toString() },
        { u"Description"_s, orDash(project.value(u"description"_s).toString()) },
        { u"State"_s, project.value(u"state"_s).toString() },
        { u"Files"_s,
            u"%1 (%2), revision %3"_s.arg(project.value(u"files"_s).toInteger())
                .arg(formatBytes(project.value(u"bytes"_s).toInteger()))
                .arg(project.value(u"revision"_s).toInt()) },
        { u"Working dir"_s, orDash(project.value(u"workingDir"_s).toString()) },
        { u"Output dir"_s, orDash(project.value(u"outputDir"_s).toString()) },
        { u"Created"_s, formatInstant(project.value(u"createdAt"_s)) },
        { u"Updated"_s, formatInstant(project.value(u"updatedAt"_s)) },
    };
    if (!project.value(u"error"_s).toString().isEmpty())
        fields.append({ u"Error"_s, project.value(u"error"_s).toString() });
    const ApiReply suggestions = client->get(u"/api/projects/%1/suggestions"_s.arg(*id));
    if (suggestions.ok()) {
        QStringList commands;
        for (const QJsonValue &command : suggestions.json().value(u"commands"_s).toArray())
            commands.append(command.toString());
        fields.append({ u"Run with"_s, orDash(commands.join(u" | "_s)) });
        fields.append(
            { u"Requirements"_s, orDash(suggestions.json().value(u"requirementsFile"_s).toString()) });
    }
    QString text;
    for (const auto &[label, value] : std::as_const(fields))
        text += QString(label + u':').leftJustified(14) + value + u'\n';
    printOut(text);
    return 0;
}

int addProject(const QStringList &args)
{
    const QString verb = u"project add"_s;
    const QCommandLineOption description(u"description"_s, u"Description."_s, u"D"_s);
    const QCommandLineOption workdir(u"workdir"_s, u"Working directory."_s, u"DIR"_s);
    const QCommandLineOption outputDir(u"output-dir"_s, u"Output directory."_s, u"DIR"_s);
    VerbArguments a;
    if (const std::optional<int> done
        = parseSubVerb(a, verb, args, { description, workdir, outputDir, kNoWaitOption, kJsonOption },
            { u"NAME"_s, u"ARCHIVE"_s }, 2, usage()))
        return *done;
    QJsonObject body { { u"name"_s, a.positional.at(0) } };
    if (a.parser.isSet(description))
        body.insert(u"description"_s, a.parser.value(description));
    if (a.parser.isSet(workdir))
        body.insert(u"workingDir"_s, a.parser.value(workdir));
    if (a.parser.isSet(outputDir))
        body.insert(u"outputDir"_s, a.parser.value(outputDir));
    const std::unique_ptr<ApiClient> client = openClient(verb);
    if (!client)
        return kExitFailure;
    const std::optional<qint64> uploadId = uploadArchive(*client, a.positional.at(1), verb);
    if (!uploadId)
        return kExitFailure;
    body.insert(u"uploadId"_s, *uploadId);
    const ApiReply reply = client->post(u"/api/projects"_s, body);
    if (!reply.ok()) {
        // A refused name leaves the upload usable, but this process cannot hand it on.
        (void)client->deleteResource(u"/api/uploads/%1"_s.arg(*uploadId));
        return reportFailure(verb, reply);
    }
    return finishUnpacking(
        *client, verb, reply.json(), 0, !a.parser.isSet(kNoWaitOption), a.parser.isSet(kJsonOption));
}

int replaceProject(const QStringList &args)
{
    const QString verb = u"project replace"_s;
    VerbArguments a;
    if (const std::optional<int> done = parseSubVerb(
            a, verb, args, { kNoWaitOption, kJsonOption }, { u"ID|NAME"_s, u"ARCHIVE"_s }, 2, usage()))
        return *done;
    auto [client, id] = openFor(verb, a.positional.at(0), resolveProject);
    if (!id)
        return kExitFailure;
    const ApiReply before = client->get(u"/api/projects/%1"_s.arg(*id));
    if (!before.ok())
        return reportFailure(verb, before);
    const std::optional<qint64> uploadId = uploadArchive(*client, a.positional.at(1), verb);
    if (!uploadId)
        return kExitFailure;
    const ApiReply reply = client->send("PUT", client->url(u"/api/projects/%1/archive"_s.arg(*id)),
        QJsonDocument(QJsonObject { { u"uploadId"_s, *uploadId } }).toJson(QJsonDocument::Compact));
    if (!reply.ok()) {
        (void)client->deleteResource(u"/api/uploads/%1"_s.arg(*uploadId));
        return reportFailure(verb, reply);
    }
    // A refused archive leaves the revision as it was; a new one counts it up.
    return finishUnpacking(*client, verb, reply.json(), before.json().value(u"revision"_s).toInt(),
        !a.parser.isSet(kNoWaitOption), a.parser.isSet(kJsonOption));
}

int removeProject(const QStringList &args)
{
    const QString verb = u"project rm"_s;
    VerbArguments a;
    if (const std::optional<int> done = parseSubVerb(a, verb, args, {}, { u"ID|NAME"_s }, 1, usage()))
        return *done;
    auto [client, id] = openFor(verb, a.positional.constFirst(), resolveProject);
    if (!id)
        return kExitFailure;
    const ApiReply reply = client->deleteResource(u"/api/projects/%1"_s.arg(*id));
    if (!reply.ok())
        return reportFailure(verb, reply);
    printOut(u"Deleted project %1 and its files\n"_s.arg(*id));
    return 0;
}

/// Writes @p bytes to @p path atomically, or to stdout for "-".
int downloadProject(const QStringList &args)
{
    const QString verb = u"project download"_s;
    const QCommandLineOption output({ u"o"_s, u"output"_s }, u"Where to save it."_s, u"FILE"_s);
    VerbArguments a;
    if (const std::optional<int> done = parseSubVerb(a, verb, args, { output }, { u"ID|NAME"_s }, 1, usage()))
        return *done;
    auto [client, id] = openFor(verb, a.positional.constFirst(), resolveProject);
    if (!id)
        return kExitFailure;
    const ApiReply project = client->get(u"/api/projects/%1"_s.arg(*id));
    if (!project.ok())
        return reportFailure(verb, project);
    const ApiReply reply = client->get(u"/api/projects/%1/download"_s.arg(*id));
    if (!reply.ok())
        return reportFailure(verb, reply);
    // The server's name may hold anything: keep only its last path component.
    const QString target = a.parser.isSet(output)
        ? a.parser.value(output)
        : QFileInfo(project.json().value(u"name"_s).toString() + u".zip"_s).fileName();
    if (const int status = saveOutput(verb, target, reply.body); status != 0)
        return status;
    if (target != u"-"_s)
        std::fprintf(stderr, "Saved %s (%s)\n", qUtf8Printable(target),
            qUtf8Printable(formatBytes(reply.body.size())));
    return 0;
}

int listFiles(const QStringList &args)
{
    const QString verb = u"project files"_s;
    VerbArguments a;
    if (const std::optional<int> done
        = parseSubVerb(a, verb, args, { kJsonOption }, { u"ID|NAME"_s, u"DIR"_s }, 1, usage()))
        return *done;
    auto [client, id] = openFor(verb, a.positional.constFirst(), resolveProject);
    if (!id)
        return kExitFailure;
    const ApiReply reply
        = client->get(u"/api/projects/%1/files"_s.arg(*id), { { u"path"_s, a.positional.value(1) } });
    if (!reply.ok())
        return reportFailure(verb, reply);
    if (a.parser.isSet(kJsonOption)) {
        printJson(reply.json());
        return 0;
    }
    TextTable table({ u"TYPE"_s, u"SIZE"_s, u"MODIFIED"_s, u"NAME"_s });
    const QJsonArray items = reply.json().value(u"items"_s).toArray();
    for (const QJsonValue &item : items) {
        const QString type = item[u"type"_s].toString();
        table.addRow({ type, type == u"file"_s ? formatBytes(item[u"size"_s].toInteger()) : u"-"_s,
            formatInstant(item[u"modifiedAt"_s]),
            item[u"name"_s].toString() + (type == u"directory"_s ? u"/"_s : QString()) });
    }
    printOut(table.toString());
    return 0;
}

int catFile(const QStringList &args)
{
    const QString verb = u"project cat"_s;
    VerbArguments a;
    if (const std::optional<int> done
        = parseSubVerb(a, verb, args, {}, { u"ID|NAME"_s, u"PATH"_s }, 2, usage()))
        return *done;
    auto [client, id] = openFor(verb, a.positional.constFirst(), resolveProject);
    if (!id)
        return kExitFailure;
    // As a download: the bytes as they are on disk, whatever their encoding.
    const ApiReply reply = client->get(u"/api/projects/%1/file"_s.arg(*id),
        { { u"path"_s, a.positional.at(1) }, { u"download"_s, u"true"_s } });
    if (!reply.ok())
        return reportFailure(verb, reply);
    writeStream(stdout, reply.body);
    return 0;
}

int putFile(const QStringList &args)
{
    const QString verb = u"project put"_s;
    const QCommandLineOption encoding(u"encoding"_s, u"Encoding."_s, u"E"_s);
    VerbArguments a;
    if (const std::optional<int> done = parseSubVerb(
            a, verb, args, { encoding, kJsonOption }, { u"ID|NAME"_s, u"PATH"_s, u"FILE"_s }, 2, usage()))
        return *done;
    const QString source = a.positional.value(2, u"-"_s);
    QFile file;
    const bool opened = source == u"-"_s ? file.open(stdin, QIODevice::ReadOnly)
                                         : (file.setFileName(source), file.open(QIODevice::ReadOnly));
    if (!opened)
        return fail(verb, u"cannot read %1: %2"_s.arg(source, file.errorString()));
    const QByteArray bytes = file.readAll();
    // The API takes text: decode it here, refusing what is not text in that encoding.
    const QString encodingName = a.parser.value(encoding).isEmpty() ? u"UTF-8"_s : a.parser.value(encoding);
    const QString codec = encodingName == u"UTF-8-BOM"_s ? u"UTF-8"_s : encodingName;
    QStringDecoder decoder(qUtf8Printable(codec), QStringDecoder::Flag::Stateless);
    if (!decoder.isValid())
        return usageError(verb, u"unknown encoding \"%1\""_s.arg(encodingName));
    const QString text = decoder.decode(bytes);
    if (decoder.hasError())
        return fail(verb,
            u"%1 is not %2 text; `kumo project put` writes text files"_s.arg(
                source == u"-"_s ? u"the input"_s : source, encodingName));
    auto [client, id] = openFor(verb, a.positional.constFirst(), resolveProject);
    if (!id)
        return kExitFailure;
    const ApiReply reply = client->send("PUT",
        client->url(u"/api/projects/%1/file"_s.arg(*id), { { u"path"_s, a.positional.at(1) } }),
        QJsonDocument(QJsonObject { { u"text"_s, text }, { u"encoding"_s, encodingName } })
            .toJson(QJsonDocument::Compact));
    if (!reply.ok())
        return reportFailure(verb, reply);
    if (a.parser.isSet(kJsonOption))
        printJson(reply.json());
    else
        printOut(u"Wrote %1 (%2)\n"_s.arg(
            a.positional.at(1), formatBytes(reply.json().value(u"size"_s).toInteger())));
    return 0;
}

} // namespace

// Projects are few: one list holds them all.
std::optional<qint64> resolveProject(ApiClient &client, const QString &idOrName, const QString &verb)
{
    return resolveByName(client, idOrName, verb, u"/api/projects"_s, u"project"_s);
}

int runProjectVerb(const QStringList &args)
{
    return dispatchSubVerb(u"project"_s, args,
        { { u"list"_s, listProjects }, { u"show"_s, showProject }, { u"add"_s, addProject },
            { u"replace"_s, replaceProject }, { u"rm"_s, removeProject }, { u"download"_s, downloadProject },
            { u"files"_s, listFiles }, { u"cat"_s, catFile }, { u"put"_s, putFile } },
        usage());
}

} // namespace Kumo::Cli
