// SPDX-License-Identifier: MIT
#pragma once

#include "projects/projectfiles.h"
#include "server/httpmessage.h"

#include <QString>

#include <optional>

namespace Kumo {

/// Serves the built browser dashboard (resources/web → vite build) from a directory: hashed
/// files under /assets/ are cached for good, everything else is revalidated; a NAME.gz beside a
/// file is sent when the browser takes gzip; paths that are not files (the dashboard's own
/// routes, /tasks/7) answer index.html so that deep links and reloads work.
class WebAssets
{
public:
    /// Where the dashboard is: @p configured if given, else beside the program (build tree:
    /// <build>/web, installed: <prefix>/share/kumo/web). Empty when none holds an index.html.
    [[nodiscard]] static QString locate(const QString &configured);

    explicit WebAssets(QString root);

    /// The answer to a GET/HEAD of @p request, or nullopt when the path is not the dashboard's
    /// (/api/…, /metrics), so that the caller answers its usual 404.
    [[nodiscard]] std::optional<HttpResponse> serve(const HttpRequest &request) const;

    [[nodiscard]] static QByteArray contentType(const QString &fileName);
    /// The policy the dashboard needs: Monaco injects styles and runs a worker, nothing else
    /// leaves the origin.
    static constexpr char kContentSecurityPolicy[]
        = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: "
          "blob:; "
          "font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; frame-ancestors 'none'; "
          "base-uri 'none'; form-action 'self'; object-src 'none'";

private:
    [[nodiscard]] HttpResponse file(const QString &relativePath, const HttpRequest &request) const;

    QString m_root;
    ProjectFiles m_files; // resolves request paths inside m_root
};

} // namespace Kumo
