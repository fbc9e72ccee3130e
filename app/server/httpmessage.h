// SPDX-License-Identifier: MIT
#pragma once

#include "core/fielderror.h"

#include <QByteArray>
#include <QHostAddress>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QUrlQuery>

#include <utility>

namespace Kumo {

/// HTTP methods the API knows; anything else is answered 405 (or 501 when not even a token).
enum class HttpMethod { Get, Head, Post, Put, Patch, Delete, Options, Other };

[[nodiscard]] QByteArray httpMethodName(HttpMethod method);

/// One request, copied out of QHttpServerRequest so that handlers and tests need no socket.
struct HttpRequest
{
    HttpMethod method = HttpMethod::Get;
    QString path; // percent-decoded
    QUrlQuery query;
    QList<std::pair<QByteArray, QByteArray>> headers; // names lower-cased
    QByteArray body;
    QHostAddress peer;
    QString requestId;

    [[nodiscard]] QByteArray header(QByteArrayView name) const; // name lower-case
    [[nodiscard]] QByteArray cookie(QByteArrayView name) const;
    [[nodiscard]] QString peerIp() const;
    [[nodiscard]] bool isMutating() const
    {
        return method != HttpMethod::Get && method != HttpMethod::Head && method != HttpMethod::Options;
    }
};

/// One response; written by ResponseWriter, which adds the headers every response needs.
struct HttpResponse
{
    int status = 200;
    QList<std::pair<QByteArray, QByteArray>> headers;
    QByteArray body;

    void setHeader(const QByteArray &name, const QByteArray &value);
    [[nodiscard]] QByteArray header(QByteArrayView name) const;

    [[nodiscard]] static HttpResponse json(const QJsonObject &object, int status = 200);
    [[nodiscard]] static HttpResponse json(const QJsonDocument &document, int status = 200);
    [[nodiscard]] static HttpResponse bytes(QByteArray body, const QByteArray &contentType, int status = 200);
    [[nodiscard]] static HttpResponse noContent();
};

/// Problem details (RFC 9457, application/problem+json): every error the API gives.
namespace Problem {
[[nodiscard]] HttpResponse make(int status, const QString &detail);
[[nodiscard]] HttpResponse validation(const FieldErrors &errors, int status = 422);
[[nodiscard]] HttpResponse badRequest(const QString &detail);
[[nodiscard]] HttpResponse notFound(const QString &detail);
[[nodiscard]] HttpResponse conflict(const QString &detail);
/// The single place that names HTTP status codes in text.
[[nodiscard]] QByteArray reasonPhrase(int status);
} // namespace Problem

} // namespace Kumo
