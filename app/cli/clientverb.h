// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QCommandLineParser>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <cstdio>
#include <optional>
#include <utility>

// Helpers shared by the verbs that talk to a server (login, task, runs, logs).
namespace Kumo::Cli {

inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;

/// Parses @p args of `kumo VERB` with @p parser, after adding -h/--help. Returns the status to
/// exit with when the verb is done — 2 after printing what is wrong, 0 after printing @p usage
/// for --help — or nullopt to go on.
[[nodiscard]] std::optional<int> parseVerbArguments(
    QCommandLineParser &parser, const QString &verb, const QStringList &args, const QString &usage);

/// A sub-verb's parsed command line.
struct VerbArguments
{
    QCommandLineParser parser;
    QStringList positional;
};

/// Parses @p args of `kumo VERB` with @p options and @p minimum to names.size() positional
/// arguments, named by @p names in messages ("give ARCHIVE"). Returns the status to exit with
/// when the verb is done (help printed, or a usage error), else nullopt.
[[nodiscard]] std::optional<int> parseSubVerb(VerbArguments &arguments, const QString &verb,
    const QStringList &args, const QList<QCommandLineOption> &options, const QStringList &names,
    qsizetype minimum, const QString &usage);

/// A verb group's sub-verbs by name.
using SubVerbs = QList<std::pair<QString, int (*)(const QStringList &)>>;
/// Runs the sub-verb named by args[0] of `kumo GROUP`; help, no sub-verb and unknown ones
/// are answered here.
[[nodiscard]] int dispatchSubVerb(
    const QString &group, const QStringList &args, const SubVerbs &verbs, const QString &usage);

/// Prints "kumo VERB: MESSAGE" to stderr and returns exit status 1.
[[nodiscard]] int fail(const QString &verb, const QString &message);
/// Prints "kumo VERB: MESSAGE" and where to find help to stderr and returns exit status 2.
[[nodiscard]] int usageError(const QString &verb, const QString &message);

/// Writes @p text (UTF-8) to stdout.
void printOut(const QString &text);
/// Writes @p bytes to the file @p path (whole or not at all), or to stdout for "-"; the exit
/// status (1 after reporting a failure).
[[nodiscard]] int saveOutput(const QString &verb, const QString &path, const QByteArray &bytes);
/// Writes @p json indented to stdout.
void printJson(const QJsonObject &json);
/// Writes raw bytes to stdout or stderr and flushes, so that the two streams interleave in the
/// order they were written.
void writeStream(FILE *stream, const QByteArray &bytes);

} // namespace Kumo::Cli
