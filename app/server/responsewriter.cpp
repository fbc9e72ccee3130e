// SPDX-License-Identifier: MIT
#include "server/responsewriter.h"

namespace Kumo {

void ResponseWriter::addStandardHeaders(HttpResponse &response)
{
    const auto setDefault = [&response](const QByteArray &name, const QByteArray &value) {
        if (response.header(name).isNull())
            response.headers.append({ name, value });
    };
    setDefault("X-Content-Type-Options", "nosniff");
    setDefault("X-Frame-Options", "DENY");
    setDefault("Referrer-Policy", "no-referrer");
    setDefault("Cross-Origin-Opener-Policy", "same-origin");
    setDefault("Cross-Origin-Resource-Policy", "same-origin");
    // API answers are data, never documents: nothing in them may load or run.
    setDefault("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
    setDefault("Cache-Control", "no-store");
}

QByteArray ResponseWriter::encode(HttpResponse response, const Options &options)
{
    addStandardHeaders(response);
    QByteArray out;
    out.reserve(256 + response.body.size());
    out += "HTTP/1.1 " + QByteArray::number(response.status) + ' ' + Problem::reasonPhrase(response.status)
        + "\r\n";
    for (const auto &[name, value] : std::as_const(response.headers))
        out += name + ": " + value + "\r\n";
    if (!options.requestId.isEmpty())
        out += "X-Request-Id: " + options.requestId + "\r\n";
    const bool bodyless = response.status == 204 || response.status == 304 || response.status < 200;
    if (!bodyless)
        out += "Content-Length: " + QByteArray::number(response.body.size()) + "\r\n";
    if (options.close)
        out += "Connection: close\r\n";
    out += "\r\n";
    if (!bodyless && !options.headOnly)
        out += response.body;
    return out;
}

void ResponseWriter::send(const QPointer<QTcpSocket> &socket, HttpResponse response, const Options &options)
{
    if (!socket || socket->state() != QAbstractSocket::ConnectedState)
        return;
    socket->write(encode(std::move(response), options));
    if (options.close)
        socket->disconnectFromHost();
}

} // namespace Kumo
