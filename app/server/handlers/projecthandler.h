// SPDX-License-Identifier: MIT
#pragma once

#include "server/router.h"

#include <optional>

namespace Kumo {

class Engine;
class UploadManager;

/// /api/projects: create from an upload or replace the code with another (unpacked in the
/// background; progress and the final state arrive on the events socket), list, read,
/// describe, delete.
class ProjectHandler
{
public:
    ProjectHandler(Engine &engine, UploadManager &uploads)
        : m_engine(engine)
        , m_uploads(uploads)
    { }

    HttpResponse list(RequestContext &context);
    HttpResponse create(RequestContext &context);
    HttpResponse replaceArchive(RequestContext &context);
    HttpResponse get(RequestContext &context);
    HttpResponse update(RequestContext &context);
    HttpResponse remove(RequestContext &context);
    HttpResponse suggestions(RequestContext &context);

private:
    /// The file of the finished upload named by the body's "uploadId", now the caller's.
    std::optional<QString> takeUpload(RequestContext &context, HttpResponse *problem);

    Engine &m_engine;
    UploadManager &m_uploads;
};

} // namespace Kumo
