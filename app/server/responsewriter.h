// SPDX-License-Identifier: MIT
#pragma once

#include "server/httpmessage.h"

#include <QPointer>
#include <QTcpSocket>

namespace Kumo {

/// Turns HttpResponses into bytes on a connection. The one place that adds the headers every
/// response needs: security headers, Content-Length, the request id, connection handling.
class ResponseWriter
{
public:
    struct Options
    {
        bool headOnly = false; // HEAD: the headers of the GET answer, no body
        bool close = false; // answer "Connection: close" and close after writing
        QByteArray requestId;
    };

    /// Adds the standard headers that @p response does not set itself.
    static void addStandardHeaders(HttpResponse &response);
    [[nodiscard]] static QByteArray encode(HttpResponse response, const Options &options);
    /// Writes @p response unless the client has gone; closes the connection when asked to.
    static void send(const QPointer<QTcpSocket> &socket, HttpResponse response, const Options &options);
};

} // namespace Kumo
