// SPDX-License-Identifier: MIT
#pragma once

#include <QString>
#include <QUrl>

#include <memory>
#include <optional>

namespace Kumo::Cli {

class ApiClient;

/// The client verbs' stored login: the server's address and an API token, kept in a JSON file
/// only its owner can read ($KUMO_CONFIG, else $XDG_CONFIG_HOME/kumo/cli.json, else
/// ~/.config/kumo/cli.json).
class ClientConfig
{
public:
    QUrl url;
    QString token;
    qint64 tokenId = 0; // to revoke it on logout
    QString username;

    /// Where the login is stored.
    [[nodiscard]] static QString defaultPath();

    /// Reads @p path; a missing file reads as an empty login (and exists() is false).
    [[nodiscard]] bool load(const QString &path);
    /// Writes @p path with mode 0600, replacing it atomically; a missing directory is created
    /// with mode 0700.
    [[nodiscard]] bool save(const QString &path);
    [[nodiscard]] bool exists() const { return m_exists; }
    [[nodiscard]] QString errorString() const { return m_error; }

private:
    bool m_exists = false;
    QString m_error;
};

/// Turns what the user typed ("http://host:8000", "host:8000", "https://host/kumo/") into the
/// server's base URL; nullopt when it is not an http(s) address.
[[nodiscard]] std::optional<QUrl> parseServerUrl(const QString &text);

/// The id @p idOrName names among the resources listed at @p listPath ({"items": [{"id",
/// "name"}]}): a whole number is an id, anything else an exact name. Prints why to stderr as
/// "kumo VERB: …" (no NOUN is named …) and returns nullopt when there is none.
[[nodiscard]] std::optional<qint64> resolveByName(ApiClient &client, const QString &idOrName,
    const QString &verb, const QString &listPath, const QString &noun);

/// A client and the id of the resource a verb's argument names.
struct ClientFor
{
    std::unique_ptr<ApiClient> client;
    std::optional<qint64> id; // empty when there is no client or no such resource (reported)
};
/// Opens a client (see openClient) and resolves @p idOrName with @p resolve, which reports
/// what it could not find as "kumo VERB: …".
[[nodiscard]] ClientFor openFor(const QString &verb, const QString &idOrName,
    std::optional<qint64> (*resolve)(ApiClient &, const QString &, const QString &));

/// A client for the server of the stored login, with KUMO_URL and KUMO_TOKEN taking precedence.
/// Prints why to stderr (as "kumo VERB: …") and returns null when there is no server to talk to.
[[nodiscard]] std::unique_ptr<ApiClient> openClient(const QString &verb);

} // namespace Kumo::Cli
