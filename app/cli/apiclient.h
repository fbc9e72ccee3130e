// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QNetworkAccessManager>
#include <QNetworkRequest>
#include <QString>
#include <QUrl>
#include <QUrlQuery>

#include <utility>

namespace Kumo::Cli {

/// Extra request headers, e.g. {{"X-CSRF-Token", "…"}}.
using RawHeaders = QList<std::pair<QByteArray, QByteArray>>;

/// One answer of the Kumo server, or why there was none.
struct ApiReply
{
    int status = 0; // HTTP status; 0 when no answer came (see networkError)
    QByteArray body;
    RawHeaders headers;
    QString networkError; // "cannot connect to http://…: Connection refused", a timeout, …

    [[nodiscard]] bool ok() const { return status >= 200 && status < 300; }
    [[nodiscard]] QJsonObject json() const;
    [[nodiscard]] QByteArray header(const QByteArray &name) const;
    /// What went wrong, for the user: the problem's detail, or one line per field error when
    /// there are several, or the network error.
    [[nodiscard]] QString problem() const;
};

/// A small synchronous client of the Kumo REST API for the `kumo` client verbs: each request
/// waits for its answer (at most the timeout) with bearer-token authentication.
///
/// The verbs are short sequential scripts in a process that has nothing else to do, so a
/// request that blocks in its own event loop keeps them readable; the server side stays
/// asynchronous.
class ApiClient
{
public:
    static constexpr int kDefaultTimeoutMs = 30000;

    /// @p baseUrl is the server's address (http or https, optionally with a path prefix).
    explicit ApiClient(const QUrl &baseUrl, const QString &token = {}, int timeoutMs = kDefaultTimeoutMs);

    [[nodiscard]] QUrl baseUrl() const { return m_baseUrl; }
    [[nodiscard]] bool hasToken() const { return !m_token.isEmpty(); }
    /// The address of an API path (which starts with "/api/").
    [[nodiscard]] QUrl url(const QString &path, const QUrlQuery &query = {}) const;
    /// The WebSocket request for GET /api/events (ws or wss), with the bearer token.
    [[nodiscard]] QNetworkRequest eventsRequest() const;

    [[nodiscard]] ApiReply get(const QString &path, const QUrlQuery &query = {});
    [[nodiscard]] ApiReply post(
        const QString &path, const QJsonObject &body = {}, const RawHeaders &headers = {});
    [[nodiscard]] ApiReply patch(const QString &path, const QJsonObject &body);
    [[nodiscard]] ApiReply deleteResource(const QString &path, const RawHeaders &headers = {});
    [[nodiscard]] ApiReply send(
        const QByteArray &method, const QUrl &url, const QByteArray &body, const RawHeaders &headers = {});

private:
    QUrl m_baseUrl;
    QString m_token;
    int m_timeoutMs;
    QNetworkAccessManager m_network;
};

/// Prints "kumo VERB: what went wrong" (see ApiReply::problem) to stderr and returns exit status 1.
[[nodiscard]] int reportFailure(const QString &verb, const ApiReply &reply);

} // namespace Kumo::Cli
