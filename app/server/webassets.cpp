// SPDX-License-Identifier: MIT
#include "server/webassets.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>

using namespace Qt::StringLiterals;

namespace Kumo {

namespace {

bool acceptsGzip(const HttpRequest &request)
{
    const QList<QByteArray> codings = request.header("accept-encoding").split(',');
    return std::any_of(codings.cbegin(), codings.cend(), [](const QByteArray &coding) {
        const QList<QByteArray> parts = coding.split(';');
        if (parts.constFirst().trimmed().toLower() != "gzip")
            return false;
        for (const QByteArray &parameter : parts.mid(1)) {
            const QByteArray trimmed = parameter.trimmed();
            if (trimmed.startsWith("q="))
                return trimmed.mid(2).toDouble() > 0;
        }
        return true;
    });
}

} // namespace

QString WebAssets::locate(const QString &configured)
{
    const auto holdsIndex = [](const QString &dir) { return QFileInfo(dir + u"/index.html"_s).isFile(); };
    if (!configured.isEmpty())
        return holdsIndex(configured) ? QDir(configured).absolutePath() : QString();
    const QString programDir = QCoreApplication::applicationDirPath();
    const QStringList candidates { programDir + u"/../web"_s, programDir + u"/../share/kumo/web"_s };
    for (const QString &candidate : candidates) {
        if (holdsIndex(candidate))
            return QDir(candidate).canonicalPath();
    }
    return {};
}

WebAssets::WebAssets(QString root)
    : m_root(std::move(root))
    , m_files(m_root)
{ }

QByteArray WebAssets::contentType(const QString &fileName)
{
    static const QHash<QString, QByteArray> types {
        { u"html"_s, "text/html; charset=utf-8" },
        { u"js"_s, "text/javascript; charset=utf-8" },
        { u"mjs"_s, "text/javascript; charset=utf-8" },
        { u"css"_s, "text/css; charset=utf-8" },
        { u"json"_s, "application/json" },
        { u"svg"_s, "image/svg+xml" },
        { u"png"_s, "image/png" },
        { u"ico"_s, "image/x-icon" },
        { u"ttf"_s, "font/ttf" },
        { u"woff"_s, "font/woff" },
        { u"woff2"_s, "font/woff2" },
        { u"txt"_s, "text/plain; charset=utf-8" },
        { u"map"_s, "application/json" },
    };
    return types.value(QFileInfo(fileName).suffix().toLower(), "application/octet-stream");
}

std::optional<HttpResponse> WebAssets::serve(const HttpRequest &request) const
{
    if (request.method != HttpMethod::Get && request.method != HttpMethod::Head)
        return std::nullopt;
    const QString &path = request.path;
    if (path == u"/api"_s || path.startsWith(u"/api/"_s) || path == u"/metrics"_s
        || path.startsWith(u"/docs/"_s))
        return std::nullopt;
    if (m_root.isEmpty()) {
        return Problem::notFound(
            u"the browser dashboard is not built into this kumo: build it with Node.js and "
            "npm installed, or pass --web-dir; the API is at /api and its documentation at /docs"_s);
    }
    QString relative = path.mid(1);
    if (relative.endsWith(u'/'))
        relative.chop(1); // "/tasks/" is the route "/tasks", as for the API
    // The same confinement as a project's files: no "..", no backslashes or control
    // characters, nothing reached through a link that leads out.
    const std::optional<QString> resolved = m_files.resolve(relative, nullptr);
    if (!resolved)
        return Problem::notFound(u"no such file in the dashboard"_s);
    if (!relative.isEmpty()) {
        if (QFileInfo(*resolved).isFile())
            return file(relative, request);
        // A missing asset is an error; any other path is one of the dashboard's own routes.
        if (relative.startsWith(u"assets/"_s) || QFileInfo(relative).fileName().contains(u'.'))
            return Problem::notFound(u"no such file in the dashboard: %1"_s.arg(path));
    }
    return file(u"index.html"_s, request);
}

HttpResponse WebAssets::file(const QString &relativePath, const HttpRequest &request) const
{
    const QString fullPath = m_root + u'/' + relativePath;
    const bool gzip = acceptsGzip(request) && QFileInfo(fullPath + u".gz"_s).isFile();
    QFile source(gzip ? fullPath + u".gz"_s : fullPath);
    const QFileInfo info(source);
    // Size and time of the file sent identify its version well enough for revalidation.
    const QByteArray etag = '"'
        + QCryptographicHash::hash((source.fileName() + QString::number(info.size())
                                       + QString::number(info.lastModified().toMSecsSinceEpoch()))
                                       .toUtf8(),
            QCryptographicHash::Sha1)
              .toHex()
              .left(20)
        + '"';
    HttpResponse response;
    if (request.header("if-none-match") == etag) {
        response.status = 304;
    } else {
        if (!source.open(QIODevice::ReadOnly))
            return Problem::make(500, u"cannot read the dashboard file %1"_s.arg(relativePath));
        response = HttpResponse::bytes(source.readAll(), contentType(relativePath));
        if (gzip)
            response.setHeader("Content-Encoding", "gzip");
    }
    response.setHeader("ETag", etag);
    response.setHeader("Vary", "Accept-Encoding");
    // Vite names files under assets/ by their content hash: they never change.
    response.setHeader("Cache-Control",
        relativePath.startsWith(u"assets/"_s) ? "public, max-age=31536000, immutable" : "no-cache");
    response.setHeader("Content-Security-Policy", kContentSecurityPolicy);
    response.setHeader("Referrer-Policy", "same-origin");
    return response;
}

} // namespace Kumo
