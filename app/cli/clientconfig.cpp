// SPDX-License-Identifier: MIT
#include "cli/clientconfig.h"

#include "cli/apiclient.h"
#include "cli/clientverb.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

using namespace Qt::StringLiterals;

namespace Kumo::Cli {

QString ClientConfig::defaultPath()
{
    const QString explicitPath = qEnvironmentVariable("KUMO_CONFIG");
    if (!explicitPath.isEmpty())
        return explicitPath;
    QString base = qEnvironmentVariable("XDG_CONFIG_HOME");
    // The XDG spec says to ignore a relative XDG_CONFIG_HOME.
    if (base.isEmpty() || QDir::isRelativePath(base))
        base = QDir::homePath() + u"/.config"_s;
    return base + u"/kumo/cli.json"_s;
}

bool ClientConfig::load(const QString &path)
{
    *this = ClientConfig();
    QFile file(path);
    if (!file.exists())
        return true;
    if (!file.open(QIODevice::ReadOnly)) {
        m_error = u"cannot read %1: %2"_s.arg(path, file.errorString());
        return false;
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
        m_error = u"%1 is not a JSON object; delete it and sign in again with `kumo login URL`"_s.arg(path);
        return false;
    }
    const QJsonObject json = document.object();
    url = QUrl(json.value(u"url"_s).toString());
    token = json.value(u"token"_s).toString();
    tokenId = json.value(u"tokenId"_s).toInteger();
    username = json.value(u"username"_s).toString();
    m_exists = true;
    return true;
}

bool ClientConfig::save(const QString &path)
{
    m_error.clear();
    const QFileInfo info(path);
    const QString directory = info.absolutePath();
    if (!QFileInfo::exists(directory)) {
        // Only a directory we create is made private: an existing one (such as the one
        // KUMO_CONFIG points into) is not ours to change.
        if (!QDir().mkpath(directory)
            || !QFile::setPermissions(
                directory, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner)) {
            m_error = u"cannot create the directory %1"_s.arg(directory);
            return false;
        }
    }
    const QJsonObject json {
        { u"url"_s, url.toString() },
        { u"username"_s, username },
        { u"tokenId"_s, tokenId },
        { u"token"_s, token },
    };
    QSaveFile file(path);
    // The token is a password: restrict the (temporary) file before it is written.
    if (!file.open(QIODevice::WriteOnly)
        || !file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner)
        || file.write(QJsonDocument(json).toJson(QJsonDocument::Indented)) < 0 || !file.commit()) {
        m_error = u"cannot write %1: %2"_s.arg(path, file.errorString());
        return false;
    }
    m_exists = true;
    return true;
}

std::optional<QUrl> parseServerUrl(const QString &text)
{
    QString trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return std::nullopt;
    if (!trimmed.contains(u"://"_s))
        trimmed.prepend(u"http://"_s);
    QUrl url(trimmed, QUrl::StrictMode);
    if (!url.isValid() || (url.scheme() != u"http"_s && url.scheme() != u"https"_s) || url.host().isEmpty()
        || url.hasQuery() || url.hasFragment())
        return std::nullopt;
    url.setUserInfo(QString()); // never store a password that came with the address
    QString path = url.path();
    while (path.endsWith(u'/'))
        path.chop(1);
    url.setPath(path);
    return url;
}

std::unique_ptr<ApiClient> openClient(const QString &verb)
{
    const auto failed = [&verb](const QString &message) {
        (void)fail(verb, message);
        return nullptr;
    };
    const QString urlFromEnvironment = qEnvironmentVariable("KUMO_URL");
    const QString tokenFromEnvironment = qEnvironmentVariable("KUMO_TOKEN");
    ClientConfig config;
    // A broken file does not matter when the environment says everything.
    if (!config.load(ClientConfig::defaultPath())
        && (urlFromEnvironment.isEmpty() || tokenFromEnvironment.isEmpty()))
        return failed(config.errorString());
    const QString token = tokenFromEnvironment.isEmpty() ? config.token : tokenFromEnvironment;
    QUrl url = config.url;
    if (!urlFromEnvironment.isEmpty()) {
        const std::optional<QUrl> parsed = parseServerUrl(urlFromEnvironment);
        if (!parsed)
            return failed(u"KUMO_URL \"%1\" is not an http(s) address"_s.arg(urlFromEnvironment));
        url = *parsed;
    }
    if (url.isEmpty())
        return failed(u"not signed in: run `kumo login URL` (or set KUMO_URL and KUMO_TOKEN)"_s);
    return std::make_unique<ApiClient>(url, token);
}

std::optional<qint64> resolveByName(ApiClient &client, const QString &idOrName, const QString &verb,
    const QString &listPath, const QString &noun)
{
    bool isNumber = false;
    const qint64 id = idOrName.toLongLong(&isNumber);
    if (isNumber && id > 0)
        return id;
    const ApiReply reply = client.get(listPath);
    if (!reply.ok()) {
        (void)reportFailure(verb, reply);
        return std::nullopt;
    }
    const QJsonArray items = reply.json().value(u"items"_s).toArray();
    for (const QJsonValue &item : items) {
        if (item[u"name"_s].toString() == idOrName)
            return item[u"id"_s].toInteger();
    }
    (void)fail(verb, u"no %1 is named \"%2\""_s.arg(noun, idOrName));
    return std::nullopt;
}

ClientFor openFor(const QString &verb, const QString &idOrName,
    std::optional<qint64> (*resolve)(ApiClient &, const QString &, const QString &))
{
    ClientFor result;
    result.client = openClient(verb);
    if (result.client)
        result.id = resolve(*result.client, idOrName, verb);
    return result;
}

} // namespace Kumo::Cli
