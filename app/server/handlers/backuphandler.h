// SPDX-License-Identifier: MIT
#pragma once

#include "server/router.h"

namespace Kumo {

class Engine;

/// /api/backups: create (in the background), list, download, delete and restore backups.
class BackupHandler
{
public:
    explicit BackupHandler(Engine &engine)
        : m_engine(engine)
    { }

    HttpResponse list(RequestContext &context);
    HttpResponse create(RequestContext &context);
    HttpResponse get(RequestContext &context);
    HttpResponse download(RequestContext &context);
    HttpResponse remove(RequestContext &context);
    HttpResponse restore(RequestContext &context);

    /// Answers are built in memory (no streaming responses yet), so downloads are bounded.
    static constexpr qint64 kMaxDownloadBytes = 512 * 1024 * 1024;

private:
    Engine &m_engine;
};

} // namespace Kumo
