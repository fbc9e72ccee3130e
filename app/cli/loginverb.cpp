// SPDX-License-Identifier: MIT
#include "cli/loginverb.h"

#include "cli/apiclient.h"
#include "cli/clientconfig.h"
#include "cli/clientverb.h"

#include <QCommandLineParser>
#include <QFile>
#include <QJsonArray>
#include <QNetworkCookie>
#include <QSysInfo>

#include <cstdio>
#include <string>
#include <termios.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace Kumo::Cli {

namespace {

constexpr qsizetype kMaxInputBytes = 4096;
constexpr qsizetype kMaxTokenName = 100; // the server's limit

QString loginUsage()
{
    return u"Usage: kumo login URL [--username U] [--password-stdin]\n"
           "\n"
           "Signs in to the Kumo server at URL (e.g. http://127.0.0.1:8000), creates an API token\n"
           "named kumo-cli@HOST and stores the URL and the token for the other commands in\n"
           "$KUMO_CONFIG, else $XDG_CONFIG_HOME/kumo/cli.json (default ~/.config/kumo/cli.json),\n"
           "readable only by you. The password itself is not stored.\n"
           "\n"
           "  --username U       the user to sign in as (asked for when missing)\n"
           "  --password-stdin   read the password from stdin, for scripts; otherwise it is asked\n"
           "                     for on the terminal without echo\n"
           "\n"
           "KUMO_URL and KUMO_TOKEN, when set, take precedence over the stored login.\n"_s;
}

QString logoutUsage()
{
    return u"Usage: kumo logout\n"
           "\n"
           "Revokes the stored API token on its server and deletes the stored login.\n"_s;
}

/// One line from stdin without its line break; nullopt at the end of input.
std::optional<QString> readLine()
{
    std::string line;
    int c = 0;
    while ((c = std::fgetc(stdin)) != EOF && c != '\n') {
        if (qsizetype(line.size()) < kMaxInputBytes)
            line.push_back(char(c));
    }
    if (c == EOF && line.empty())
        return std::nullopt;
    if (!line.empty() && line.back() == '\r')
        line.pop_back();
    return QString::fromStdString(line);
}

/// All of stdin, without one final line break (as `docker login --password-stdin`).
QString readAllStdin()
{
    QFile input;
    if (!input.open(stdin, QIODevice::ReadOnly))
        return {};
    QByteArray data = input.read(kMaxInputBytes);
    if (data.endsWith('\n'))
        data.chop(1);
    if (data.endsWith('\r'))
        data.chop(1);
    return QString::fromUtf8(data);
}

/// Asks on the terminal with echo off.
std::optional<QString> readHiddenLine(const char *prompt)
{
    std::fputs(prompt, stderr);
    std::fflush(stderr);
    termios saved {};
    const bool terminal = tcgetattr(STDIN_FILENO, &saved) == 0;
    if (terminal) {
        termios quiet = saved;
        quiet.c_lflag &= ~tcflag_t(ECHO);
        quiet.c_lflag |= ECHONL;
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    }
    const std::optional<QString> line = readLine();
    if (terminal)
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
    return line;
}

QString tokenName()
{
    QString host = QSysInfo::machineHostName();
    host.removeIf([](QChar c) { return c.isSpace() || c.category() == QChar::Other_Control; });
    const QString name = host.isEmpty() ? u"kumo-cli"_s : u"kumo-cli@"_s + host;
    return name.left(kMaxTokenName);
}

QByteArray sessionCookie(const ApiReply &reply)
{
    // Several Set-Cookie headers arrive joined by newlines.
    const QList<QNetworkCookie> cookies = QNetworkCookie::parseCookies(reply.header("set-cookie"));
    for (const QNetworkCookie &cookie : cookies) {
        if (cookie.name() == "kumo_session")
            return cookie.toRawForm(QNetworkCookie::NameAndValueOnly);
    }
    return {};
}

} // namespace

int runLoginVerb(const QStringList &args)
{
    const QString verb = u"login"_s;
    QCommandLineParser parser;
    const QCommandLineOption usernameOption(u"username"_s, u"User to sign in as."_s, u"U"_s);
    const QCommandLineOption passwordStdinOption(u"password-stdin"_s, u"Read the password from stdin."_s);
    parser.addOptions({ usernameOption, passwordStdinOption });
    if (const std::optional<int> done = parseVerbArguments(parser, verb, args, loginUsage()))
        return *done;
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 1)
        return usageError(verb,
            positional.isEmpty() ? u"give the server's URL, e.g. http://127.0.0.1:8000"_s
                                 : u"unexpected argument \"%1\""_s.arg(positional.value(1)));
    const std::optional<QUrl> url = parseServerUrl(positional.constFirst());
    if (!url)
        return usageError(verb, u"\"%1\" is not an http(s) URL"_s.arg(positional.constFirst()));
    const bool passwordFromStdin = parser.isSet(passwordStdinOption);
    if (passwordFromStdin && !parser.isSet(usernameOption))
        return usageError(verb, u"--password-stdin needs --username"_s);

    QString username = parser.value(usernameOption);
    if (username.isEmpty()) {
        std::fputs("Username: ", stderr);
        std::fflush(stderr);
        username = readLine().value_or(QString()).trimmed();
    }
    QString password;
    if (passwordFromStdin)
        password = readAllStdin();
    else if (isatty(STDIN_FILENO))
        password = readHiddenLine("Password: ").value_or(QString());
    else
        password = readLine().value_or(QString());
    if (username.isEmpty() || password.isEmpty())
        return fail(verb, username.isEmpty() ? u"no username given"_s : u"no password given"_s);

    ApiClient client(*url);
    const ApiReply login = client.post(
        u"/api/auth/login"_s, QJsonObject { { u"username"_s, username }, { u"password"_s, password } });
    if (!login.ok())
        return fail(verb, login.problem());
    const QJsonObject session = login.json();
    const RawHeaders sessionHeaders {
        { "Cookie", sessionCookie(login) },
        { "X-CSRF-Token", session.value(u"csrfToken"_s).toString().toUtf8() },
    };
    const ApiReply created
        = client.post(u"/api/auth/tokens"_s, QJsonObject { { u"name"_s, tokenName() } }, sessionHeaders);
    // The session was only needed to make the token.
    (void)client.post(u"/api/auth/logout"_s, {}, sessionHeaders);
    if (!created.ok())
        return fail(verb, u"signed in, but cannot create an API token: "_s + created.problem());

    const QString path = ClientConfig::defaultPath();
    ClientConfig previous;
    const bool hadLogin = previous.load(path) && previous.exists();
    ClientConfig config;
    config.url = *url;
    config.username = session.value(u"user"_s).toObject().value(u"username"_s).toString(username);
    config.token = created.json().value(u"token"_s).toString();
    config.tokenId = created.json().value(u"id"_s).toInteger();
    if (!config.save(path)) {
        (void)ApiClient(*url, config.token).deleteResource(u"/api/auth/tokens/%1"_s.arg(config.tokenId));
        return fail(verb, config.errorString());
    }
    // Signing in again to the same server replaces the token: revoke the one it replaces.
    if (hadLogin && previous.url == config.url && previous.tokenId > 0 && previous.tokenId != config.tokenId)
        (void)ApiClient(previous.url, previous.token)
            .deleteResource(u"/api/auth/tokens/%1"_s.arg(previous.tokenId));
    printOut(u"Signed in to %1 as %2; API token \"%3\" stored in %4\n"_s.arg(
        url->toString(), config.username, created.json().value(u"name"_s).toString(), path));
    return 0;
}

int runLogoutVerb(const QStringList &args)
{
    const QString verb = u"logout"_s;
    QCommandLineParser parser;
    if (const std::optional<int> done = parseVerbArguments(parser, verb, args, logoutUsage()))
        return *done;
    if (!parser.positionalArguments().isEmpty())
        return usageError(
            verb, u"unexpected argument \"%1\""_s.arg(parser.positionalArguments().constFirst()));
    const QString path = ClientConfig::defaultPath();
    ClientConfig config;
    if (!config.load(path))
        return fail(verb, config.errorString());
    if (!config.exists() || config.token.isEmpty())
        return fail(verb, u"not signed in (there is no login in %1)"_s.arg(path));

    if (!config.url.isValid() || config.url.host().isEmpty())
        return fail(
            verb, u"%1 names no server; delete it and sign in again with `kumo login URL`"_s.arg(path));

    // The stored token revokes itself.
    ApiClient client(config.url, config.token);
    qint64 tokenId = config.tokenId;
    ApiReply reply;
    if (tokenId <= 0) {
        // A login written by hand: find the token among the user's by its shown prefix.
        reply = client.get(u"/api/auth/tokens"_s);
        const QJsonArray items = reply.json().value(u"items"_s).toArray();
        for (const QJsonValue &item : items) {
            const QString prefix = item[u"prefix"_s].toString();
            if (!prefix.isEmpty() && config.token.startsWith(prefix))
                tokenId = item[u"id"_s].toInteger();
        }
    }
    if (tokenId > 0)
        reply = client.deleteResource(u"/api/auth/tokens/%1"_s.arg(tokenId));
    // 401: the token no longer works (revoked or expired); 404: it is gone. Either way there is
    // nothing left to revoke.
    if (!reply.ok() && reply.status != 401 && reply.status != 404) {
        return fail(verb,
            u"cannot revoke the API token at %1: %2\nThe login stays in %3; delete the file to forget it anyway."_s
                .arg(config.url.toString(), reply.problem(), path));
    }
    if (!QFile::remove(path))
        return fail(verb, u"the token is revoked, but %1 cannot be deleted"_s.arg(path));
    printOut(reply.ok()
            ? u"Signed out of %1; the API token is revoked\n"_s.arg(config.url.toString())
            : u"Signed out of %1 (the API token was no longer valid)\n"_s.arg(config.url.toString()));
    return 0;
}

} // namespace Kumo::Cli
