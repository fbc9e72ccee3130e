// SPDX-License-Identifier: MIT
#include "server/httpmessage.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace Kumo {

QByteArray httpMethodName(HttpMethod method)
{
    switch (method) {
    case HttpMethod::Get:
        return "GET";
    case HttpMethod::Head:
        return "HEAD";
    case HttpMethod::Post:
        return "POST";
    case HttpMethod::Put:
        return "PUT";
    case HttpMethod::Patch:
        return "PATCH";
    case HttpMethod::Delete:
        return "DELETE";
    case HttpMethod::Options:
        return "OPTIONS";
    case HttpMethod::Other:
        break;
    }
    return "OTHER";
}

QByteArray HttpRequest::header(QByteArrayView name) const
{
    for (const auto &[key, value] : headers) {
        if (key == name)
            return value;
    }
    return {};
}

QByteArray HttpRequest::cookie(QByteArrayView name) const
{
    for (const auto &[key, value] : headers) {
        if (key != "cookie")
            continue;
        for (QByteArray pair : value.split(';')) {
            pair = pair.trimmed();
            const qsizetype eq = pair.indexOf('=');
            if (eq > 0 && pair.first(eq).trimmed() == name)
                return pair.sliced(eq + 1).trimmed();
        }
    }
    return {};
}

QString HttpRequest::peerIp() const
{
    // IPv4 clients of a dual-stack socket show up as ::ffff:a.b.c.d; report them as IPv4.
    bool isV4 = false;
    const quint32 v4 = peer.toIPv4Address(&isV4);
    return isV4 ? QHostAddress(v4).toString() : peer.toString();
}

void HttpResponse::setHeader(const QByteArray &name, const QByteArray &value)
{
    for (auto &[key, existing] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0) {
            existing = value;
            return;
        }
    }
    headers.append({ name, value });
}

QByteArray HttpResponse::header(QByteArrayView name) const
{
    for (const auto &[key, value] : headers) {
        if (QByteArrayView(key).compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

HttpResponse HttpResponse::json(const QJsonObject &object, int status)
{
    return json(QJsonDocument(object), status);
}

HttpResponse HttpResponse::json(const QJsonDocument &document, int status)
{
    return bytes(document.toJson(QJsonDocument::Compact), "application/json", status);
}

HttpResponse HttpResponse::bytes(QByteArray body, const QByteArray &contentType, int status)
{
    HttpResponse response;
    response.status = status;
    response.body = std::move(body);
    response.headers.append({ "Content-Type", contentType });
    return response;
}

HttpResponse HttpResponse::noContent()
{
    HttpResponse response;
    response.status = 204;
    return response;
}

namespace Problem {

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 100:
        return "Continue";
    case 101:
        return "Switching Protocols";
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 202:
        return "Accepted";
    case 204:
        return "No Content";
    case 206:
        return "Partial Content";
    case 304:
        return "Not Modified";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 406:
        return "Not Acceptable";
    case 408:
        return "Request Timeout";
    case 409:
        return "Conflict";
    case 410:
        return "Gone";
    case 411:
        return "Length Required";
    case 413:
        return "Content Too Large";
    case 414:
        return "URI Too Long";
    case 415:
        return "Unsupported Media Type";
    case 416:
        return "Range Not Satisfiable";
    case 422:
        return "Unprocessable Content";
    case 429:
        return "Too Many Requests";
    case 431:
        return "Request Header Fields Too Large";
    case 500:
        return "Internal Server Error";
    case 501:
        return "Not Implemented";
    case 503:
        return "Service Unavailable";
    case 505:
        return "HTTP Version Not Supported";
    default:
        return status < 500 ? "Client Error" : "Server Error";
    }
}

HttpResponse make(int status, const QString &detail)
{
    QJsonObject body {
        { u"type"_s, u"about:blank"_s },
        { u"title"_s, QString::fromLatin1(reasonPhrase(status)) },
        { u"status"_s, status },
    };
    if (!detail.isEmpty())
        body.insert(u"detail"_s, detail);
    HttpResponse response = HttpResponse::json(body, status);
    response.setHeader("Content-Type", "application/problem+json");
    return response;
}

HttpResponse validation(const FieldErrors &errors, int status)
{
    QJsonArray list;
    QStringList summary;
    for (const FieldError &error : errors) {
        list.append(QJsonObject { { u"field"_s, error.field }, { u"message"_s, error.message } });
        summary.append(error.field.isEmpty() ? error.message : error.field + u": "_s + error.message);
    }
    HttpResponse response = make(status, summary.join(u"; "_s));
    QJsonObject body = QJsonDocument::fromJson(response.body).object();
    body.insert(u"errors"_s, list);
    response.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
    return response;
}

HttpResponse badRequest(const QString &detail)
{
    return make(400, detail);
}

HttpResponse notFound(const QString &detail)
{
    return make(404, detail);
}

HttpResponse conflict(const QString &detail)
{
    return make(409, detail);
}

} // namespace Problem

} // namespace Kumo
