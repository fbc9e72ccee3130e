// SPDX-License-Identifier: MIT
#include "cli/clientverb.h"

#include <QCommandLineParser>
#include <QJsonDocument>
#include <QSaveFile>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace Kumo::Cli {

std::optional<int> parseVerbArguments(
    QCommandLineParser &parser, const QString &verb, const QStringList &args, const QString &usage)
{
    const QCommandLineOption help({ u"h"_s, u"help"_s }, u"Show this help."_s);
    parser.addOption(help);
    // QCommandLineParser expects the program name first.
    if (!parser.parse(QStringList { u"kumo "_s + verb } + args))
        return usageError(verb, parser.errorText());
    if (parser.isSet(help)) {
        printOut(usage);
        return 0;
    }
    return std::nullopt;
}

std::optional<int> parseSubVerb(VerbArguments &arguments, const QString &verb, const QStringList &args,
    const QList<QCommandLineOption> &options, const QStringList &names, qsizetype minimum,
    const QString &usage)
{
    arguments.parser.addOptions(options);
    if (const std::optional<int> done = parseVerbArguments(arguments.parser, verb, args, usage))
        return done;
    arguments.positional = arguments.parser.positionalArguments();
    const qsizetype given = arguments.positional.size();
    if (given < minimum)
        return usageError(verb, u"give %1"_s.arg(names.mid(given, minimum - given).join(u" and "_s)));
    if (given > names.size())
        return usageError(
            verb, u"unexpected argument \"%1\""_s.arg(arguments.positional.value(names.size())));
    return std::nullopt;
}

int dispatchSubVerb(
    const QString &group, const QStringList &args, const SubVerbs &verbs, const QString &usage)
{
    const QString sub = args.value(0);
    for (const auto &[name, handler] : verbs) {
        if (sub == name)
            return handler(args.mid(1));
    }
    if (sub == u"--help"_s || sub == u"-h"_s || sub == u"help"_s) {
        printOut(usage);
        return 0;
    }
    if (sub.isEmpty()) {
        std::fputs(qUtf8Printable(usage), stderr);
        return kExitUsage;
    }
    return usageError(group, u"unknown command \"%1\""_s.arg(sub));
}

int fail(const QString &verb, const QString &message)
{
    std::fprintf(stderr, "kumo %s: %s\n", qUtf8Printable(verb), qUtf8Printable(message));
    return kExitFailure;
}

int usageError(const QString &verb, const QString &message)
{
    // "task add" → `kumo task --help`: the help of a verb group covers its sub-verbs.
    const QString group = verb.section(u' ', 0, 0);
    std::fprintf(stderr, "kumo %s: %s\nSee `kumo %s --help`.\n", qUtf8Printable(verb),
        qUtf8Printable(message), qUtf8Printable(group));
    return kExitUsage;
}

void printOut(const QString &text)
{
    writeStream(stdout, text.toUtf8());
}

void printJson(const QJsonObject &json)
{
    writeStream(stdout, QJsonDocument(json).toJson(QJsonDocument::Indented));
}

void writeStream(FILE *stream, const QByteArray &bytes)
{
    if (bytes.isEmpty())
        return;
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stream);
    std::fflush(stream);
}

int saveOutput(const QString &verb, const QString &path, const QByteArray &bytes)
{
    if (path == u"-"_s) {
        writeStream(stdout, bytes);
        return 0;
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
        return fail(verb, u"cannot write %1: %2"_s.arg(path, file.errorString()));
    return 0;
}

} // namespace Kumo::Cli
