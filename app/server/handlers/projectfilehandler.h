// SPDX-License-Identifier: MIT
#pragma once

#include "server/router.h"

class QObject;

namespace Kumo {

class Engine;
class ProjectFiles;

/// /api/projects/{id}/files, /file, /directories, /download: browse, read, edit, rename and
/// delete the files of a ready project (always through ProjectFiles, which keeps every path
/// inside the project), and download single files or the whole project as a ZIP.
class ProjectFileHandler
{
public:
    /// Downloads are read or packed on a worker thread and answered on @p context's thread.
    ProjectFileHandler(Engine &engine, QObject *context)
        : m_engine(engine)
        , m_context(context)
    { }

    HttpResponse list(RequestContext &context);
    HttpResponse read(RequestContext &context);
    HttpResponse write(RequestContext &context);
    HttpResponse makeDirectory(RequestContext &context);
    HttpResponse move(RequestContext &context);
    HttpResponse remove(RequestContext &context);
    HttpResponse download(RequestContext &context);

    /// The editor's cap: larger files are downloaded, not opened or saved as text.
    static constexpr qint64 kMaxEditBytes = 2 * 1024 * 1024;
    /// A saved text of kMaxEditBytes grows in JSON (escapes), hence the larger body limit.
    static constexpr qint64 kMaxWriteBodyBytes = 4 * 1024 * 1024;
    /// Answers are built in memory (no streaming responses yet), so downloads are bounded.
    static constexpr qint64 kMaxDownloadBytes = 256 * 1024 * 1024;

private:
    HttpResponse downloadFile(RequestContext &context, const ProjectFiles &files, const QString &path);

    Engine &m_engine;
    QObject *m_context;
};

} // namespace Kumo
