// SPDX-License-Identifier: MIT
#pragma once

#include "server/router.h"

namespace Kumo {

class UploadManager;
struct Upload;

/// /api/uploads: resumable chunked uploads (announce, send chunks at offsets, ask where it
/// stands, cancel); a finished upload is consumed by the request that needs the file.
class UploadHandler
{
public:
    explicit UploadHandler(UploadManager &uploads)
        : m_uploads(uploads)
    { }

    HttpResponse create(RequestContext &context);
    HttpResponse append(RequestContext &context);
    HttpResponse get(RequestContext &context);
    HttpResponse remove(RequestContext &context);

    [[nodiscard]] static QJsonObject toJson(const Upload &upload, qint64 chunkSize);

private:
    UploadManager &m_uploads;
};

} // namespace Kumo
