// SPDX-License-Identifier: MIT
#include "cli/apiclient.h"

#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QTimer>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace Kumo::Cli {

QJsonObject ApiReply::json() const
{
    return QJsonDocument::fromJson(body).object();
}

QByteArray ApiReply::header(const QByteArray &name) const
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

QString ApiReply::problem() const
{
    if (status == 0)
        return networkError;
    const QJsonObject problem = json();
    const QJsonArray errors = problem.value(u"errors"_s).toArray();
    QString text;
    if (errors.size() > 1) {
        // The detail joins them with "; "; one per line reads better.
        text = u"the server refused the request (%1 %2):"_s.arg(status).arg(
            problem.value(u"title"_s).toString());
        for (const QJsonValue &error : errors) {
            const QString field = error[u"field"_s].toString();
            const QString message = error[u"message"_s].toString();
            text += u"\n  "_s + (field.isEmpty() ? message : field + u": "_s + message);
        }
    } else {
        text = problem.value(u"detail"_s).toString();
        if (text.isEmpty())
            text = problem.value(u"title"_s).toString();
        if (text.isEmpty())
            text = u"the server answered with HTTP status %1"_s.arg(status);
    }
    return text;
}

ApiClient::ApiClient(const QUrl &baseUrl, const QString &token, int timeoutMs)
    : m_baseUrl(baseUrl)
    , m_token(token)
    , m_timeoutMs(timeoutMs)
{ }

QUrl ApiClient::url(const QString &path, const QUrlQuery &query) const
{
    QUrl url = m_baseUrl;
    QString prefix = url.path();
    while (prefix.endsWith(u'/'))
        prefix.chop(1);
    url.setPath(prefix + path);
    url.setQuery(query);
    return url;
}

QNetworkRequest ApiClient::eventsRequest() const
{
    QUrl events = url(u"/api/events"_s);
    events.setScheme(events.scheme() == u"https"_s ? u"wss"_s : u"ws"_s);
    QNetworkRequest request(events);
    if (!m_token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + m_token.toUtf8());
    return request;
}

ApiReply ApiClient::get(const QString &path, const QUrlQuery &query)
{
    return send("GET", url(path, query), {});
}

ApiReply ApiClient::post(const QString &path, const QJsonObject &body, const RawHeaders &headers)
{
    return send("POST", url(path), QJsonDocument(body).toJson(QJsonDocument::Compact), headers);
}

ApiReply ApiClient::patch(const QString &path, const QJsonObject &body)
{
    return send("PATCH", url(path), QJsonDocument(body).toJson(QJsonDocument::Compact));
}

ApiReply ApiClient::deleteResource(const QString &path, const RawHeaders &headers)
{
    return send("DELETE", url(path), {}, headers);
}

ApiReply ApiClient::send(
    const QByteArray &method, const QUrl &url, const QByteArray &body, const RawHeaders &headers)
{
    QNetworkRequest request(url);
    // Cookies are the login verb's business (it sends the session cookie itself); nothing is
    // kept between requests.
    request.setAttribute(QNetworkRequest::CookieLoadControlAttribute, QNetworkRequest::Manual);
    request.setAttribute(QNetworkRequest::CookieSaveControlAttribute, QNetworkRequest::Manual);
    request.setRawHeader("Accept", "application/json");
    // A redirect must not carry the token (or a password) to another server: it is an error.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    if (!body.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    if (!m_token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + m_token.toUtf8());
    for (const auto &[name, value] : headers)
        request.setRawHeader(name, value);

    QNetworkReply *reply = m_network.sendCustomRequest(request, method, body);
    QEventLoop loop;
    QTimer timer;
    timer.setSingleShot(true);
    QObject::connect(&timer, &QTimer::timeout, &loop, &QEventLoop::quit);
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    timer.start(m_timeoutMs);
    if (!reply->isFinished())
        loop.exec();

    ApiReply result;
    const QString server = m_baseUrl.toString(QUrl::RemoveUserInfo);
    if (!reply->isFinished()) {
        reply->abort();
        result.networkError = u"no answer from %1 within %2 s"_s.arg(server).arg(m_timeoutMs / 1000);
    } else {
        result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        result.body = reply->readAll();
        result.headers = reply->rawHeaderPairs();
        if (result.status == 0)
            result.networkError = u"cannot connect to %1: %2"_s.arg(server, reply->errorString());
    }
    reply->deleteLater();
    return result;
}

int reportFailure(const QString &verb, const ApiReply &reply)
{
    QString text = reply.problem();
    if (reply.status == 401)
        text += u" (sign in with `kumo login URL`, or set KUMO_TOKEN)"_s;
    std::fprintf(stderr, "kumo %s: %s\n", qUtf8Printable(verb), qUtf8Printable(text));
    return 1;
}

} // namespace Kumo::Cli
