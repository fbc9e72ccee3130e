// SPDX-License-Identifier: MIT
#include "server/handlers/projectfilehandler.h"

#include "core/timeformat.h"
#include "engine.h"
#include "projects/archiveextractor.h"
#include "projects/projectfiles.h"
#include "projects/projectservice.h"
#include "server/handlers/handlerutil.h"
#include "server/queryreader.h"

#include <QFile>
#include <QFileInfo>
#include <QStringEncoder>
#include <QTemporaryDir>
#include <QtConcurrent>

using namespace Qt::StringLiterals;

namespace Kumo {

namespace {

// ProjectFiles checks the real limit (4096 bytes of UTF-8); this only bounds the query value.
constexpr int kMaxPathLength = 4096;

QString typeName(FileEntry::Type type)
{
    switch (type) {
    case FileEntry::Type::Directory:
        return u"directory"_s;
    case FileEntry::Type::Symlink:
        return u"symlink"_s;
    case FileEntry::Type::File:
        break;
    }
    return u"file"_s;
}

QJsonObject entryJson(const FileEntry &entry)
{
    return {
        { u"name"_s, entry.name },
        { u"path"_s, entry.path },
        { u"type"_s, typeName(entry.type) },
        { u"size"_s, entry.size },
        { u"modifiedAt"_s, toRfc3339(entry.modifiedAt) },
    };
}

QJsonObject fileJson(const QString &path, const FileContent &content)
{
    return {
        { u"path"_s, path },
        { u"size"_s, qint64(content.bytes.size()) },
        { u"encoding"_s, content.encoding },
        { u"binary"_s, content.binary },
        { u"text"_s, content.text },
    };
}

/// The answer for a failed ProjectFiles operation; @p field names the input at fault.
HttpResponse fileFailure(const ProjectFiles::Result &result, const QString &field)
{
    switch (result.error) {
    case FileError::NotFound:
        return Problem::notFound(result.message);
    case FileError::Invalid:
        return Problem::validation({ { field, result.message } });
    case FileError::Conflict:
        return Problem::conflict(result.message);
    case FileError::TooLarge:
        return Problem::make(413, result.message);
    case FileError::Io:
    case FileError::None:
        break;
    }
    return Problem::make(500, result.message);
}

/// RFC 6266: an ASCII fallback for old clients and the exact UTF-8 name in filename*.
QByteArray attachmentHeader(QString name)
{
    name.replace(u'/', u'_').replace(u'\\', u'_');
    if (name.isEmpty())
        name = u"download"_s;
    QByteArray fallback;
    fallback.reserve(name.size());
    for (const QChar c : std::as_const(name)) {
        const char16_t u = c.unicode();
        const bool plain = u >= 0x20 && u < 0x7f && u != u'"' && u != u'\\' && u != u'%';
        fallback.append(plain ? char(u) : '_');
    }
    // toPercentEncoding() leaves only ALPHA, DIGIT and "-._~" as they are: all RFC 8187 attr-chars.
    return "attachment; filename=\"" + fallback + "\"; filename*=UTF-8''" + name.toUtf8().toPercentEncoding();
}

HttpResponse attachment(QByteArray bytes, const QString &fileName, const QByteArray &type)
{
    HttpResponse response = HttpResponse::bytes(std::move(bytes), type);
    response.setHeader("Content-Disposition", attachmentHeader(fileName));
    return response;
}

QString lastName(const QString &path)
{
    return path.section(u'/', -1);
}

/// The project's files when they may be used now, or the answer that says why not.
struct Browse
{
    std::optional<Project> project;
    std::optional<ProjectFiles> files;
    HttpResponse problem;
};

using Use = ProjectService::FileUse;

Browse browse(Engine &engine, qint64 id, Use use = Use::Read)
{
    Browse result;
    ProjectResult outcome;
    result.files = engine.projects().files(id, use, &outcome);
    result.project = outcome.project;
    if (!result.files) {
        result.problem = outcome.status == ProjectResult::Status::NotFound
            ? Problem::notFound(outcome.message)
            : Problem::conflict(outcome.message);
    }
    return result;
}

/// ?path=… (percent-decoded; ProjectFiles decides whether it is acceptable).
std::optional<QString> pathParameter(const RequestContext &context, bool required, HttpResponse *problem)
{
    QueryReader reader(context.request.query);
    const QString path = reader.text(u"path"_s, kMaxPathLength);
    if (!reader.ok()) {
        *problem = Problem::validation(reader.errors());
        return std::nullopt;
    }
    if (required && path.isEmpty()) {
        *problem = Problem::validation({ { u"path"_s, u"give a path relative to the project"_s } });
        return std::nullopt;
    }
    return path;
}

/// A required string field of the JSON body.
std::optional<QString> bodyPath(const RequestContext &context, const QString &field, FieldErrors *errors)
{
    const QJsonValue value = context.body.value(field);
    if (!value.isString() || value.toString().isEmpty()) {
        errors->append({ field, u"give a path relative to the project"_s });
        return std::nullopt;
    }
    return value.toString();
}

struct Download
{
    QByteArray bytes;
    ProjectFiles::Result result;
};

// Not ProjectFiles::read(): that would also decode up to kMaxDownloadBytes of text nobody shows.
Download readForDownload(const ProjectFiles &files, const QString &path, qint64 maxBytes)
{
    Download out;
    const std::optional<QString> absolute = files.resolve(path, &out.result);
    if (!absolute)
        return out;
    const QFileInfo info(*absolute);
    const auto failed = [&out](FileError error, const QString &message) {
        out.result = { error, message };
        return out;
    };
    if (!info.exists())
        return failed(FileError::NotFound, u"\"%1\" does not exist"_s.arg(path));
    if (info.isDir())
        return failed(FileError::Invalid, u"\"%1\" is a folder; download the project instead"_s.arg(path));
    if (!info.isFile()) // a FIFO or device would block or never end
        return failed(FileError::Invalid, u"\"%1\" is not a regular file"_s.arg(path));
    const QString tooLarge
        = u"\"%1\" is larger than %2 bytes, the most a download may have"_s.arg(path).arg(maxBytes);
    if (info.size() > maxBytes)
        return failed(FileError::TooLarge, tooLarge);
    QFile file(*absolute);
    if (!file.open(QIODevice::ReadOnly))
        return failed(FileError::Io, file.errorString());
    out.bytes = file.read(maxBytes + 1); // one more notices a file that grew meanwhile
    if (out.bytes.size() > maxBytes)
        return failed(FileError::TooLarge, tooLarge);
    if (file.error() != QFileDevice::NoError)
        return failed(FileError::Io, file.errorString());
    return out;
}

struct Packed
{
    QByteArray bytes;
    int status = 200;
    QString error;
};

Packed packProject(const QString &root, qint64 maxBytes)
{
    QTemporaryDir dir;
    if (!dir.isValid())
        return { {}, 500, u"no temporary folder for the ZIP: %1"_s.arg(dir.errorString()) };
    const QString zipPath = dir.filePath(u"project.zip"_s);
    QString error;
    if (!ArchiveExtractor::createZip(root, zipPath, &error))
        return { {}, 500, error };
    QFile zip(zipPath);
    if (!zip.open(QIODevice::ReadOnly))
        return { {}, 500, zip.errorString() };
    if (zip.size() > maxBytes)
        return { {}, 413,
            u"the project packs to %1 bytes, more than the %2 a download may have"_s.arg(zip.size())
                .arg(maxBytes) };
    return { zip.readAll(), 200, {} };
}

} // namespace

HttpResponse ProjectFileHandler::list(RequestContext &context)
{
    HttpResponse problem;
    const std::optional<QString> path = pathParameter(context, false, &problem);
    if (!path)
        return problem;
    const Browse project = browse(m_engine, context.id());
    if (!project.files)
        return project.problem;
    ProjectFiles::Result result;
    const std::optional<QList<FileEntry>> entries = project.files->list(*path, &result);
    if (!entries)
        return fileFailure(result, u"path"_s);
    QJsonArray items;
    for (const FileEntry &entry : *entries)
        items.append(entryJson(entry));
    return HttpResponse::json(QJsonObject { { u"path"_s, *path }, { u"items"_s, items } });
}

HttpResponse ProjectFileHandler::read(RequestContext &context)
{
    HttpResponse problem;
    const std::optional<QString> path = pathParameter(context, true, &problem);
    if (!path)
        return problem;
    QueryReader reader(context.request.query);
    const bool download = reader.flag(u"download"_s).value_or(false);
    if (!reader.ok())
        return Problem::validation(reader.errors(), 400);
    const Browse project = browse(m_engine, context.id());
    if (!project.files)
        return project.problem;
    if (download)
        return downloadFile(context, *project.files, *path);

    ProjectFiles::Result result;
    const std::optional<FileContent> content = project.files->read(*path, kMaxEditBytes, &result);
    if (!content) {
        if (result.error == FileError::TooLarge)
            return Problem::make(413,
                u"\"%1\" is larger than the %2 bytes the editor opens; download it with ?download=true"_s
                    .arg(*path)
                    .arg(kMaxEditBytes));
        return fileFailure(result, u"path"_s);
    }
    if (content->binary)
        return attachment(content->bytes, lastName(*path), "application/octet-stream");
    return HttpResponse::json(fileJson(*path, *content));
}

HttpResponse ProjectFileHandler::downloadFile(
    RequestContext &context, const ProjectFiles &files, const QString &path)
{
    std::shared_ptr<DeferredReply> reply = context.defer();
    QtConcurrent::run([files, path] {
        return readForDownload(files, path, kMaxDownloadBytes);
    }).then(m_context, [reply, path](const Download &download) {
        if (!download.result.ok()) {
            reply->send(fileFailure(download.result, u"path"_s));
            return;
        }
        reply->send(attachment(download.bytes, lastName(path), "application/octet-stream"));
    });
    return {};
}

HttpResponse ProjectFileHandler::write(RequestContext &context)
{
    HttpResponse problem;
    const std::optional<QString> path = pathParameter(context, true, &problem);
    if (!path)
        return problem;
    context.audit.details.insert(u"path"_s, *path);
    const QJsonValue text = context.body.value(u"text"_s);
    const QJsonValue encoding = context.body.value(u"encoding"_s);
    FieldErrors errors;
    if (!text.isString())
        errors.append({ u"text"_s, u"give the file's new content as a string"_s });
    else if (!text.toString().isValidUtf16())
        errors.append({ u"text"_s, u"the text is not valid Unicode (a lone surrogate)"_s });
    if (!encoding.isUndefined() && !encoding.isNull() && !encoding.isString())
        errors.append({ u"encoding"_s, u"must be a string such as \"UTF-8\""_s });
    if (!errors.isEmpty())
        return Problem::validation(errors);
    QString encodingError;
    const std::optional<ProjectFiles::Encoded> encoded
        = ProjectFiles::encodeText(text.toString(), encoding.toString(u"UTF-8"_s), &encodingError);
    if (!encoded)
        return Problem::validation({ { u"encoding"_s, encodingError } });
    if (encoded->bytes.size() > kMaxEditBytes)
        return Problem::make(413,
            u"the text is %1 bytes in %2, more than the %3 the editor saves"_s.arg(encoded->bytes.size())
                .arg(encoded->encoding)
                .arg(kMaxEditBytes));

    const Browse project = browse(m_engine, context.id(), Use::Write);
    if (!project.files)
        return project.problem;
    if (const ProjectFiles::Result result = project.files->write(*path, encoded->bytes); !result.ok())
        return fileFailure(result, u"path"_s);
    FileContent written;
    written.bytes = encoded->bytes;
    written.encoding = encoded->encoding;
    written.text = text.toString();
    return HttpResponse::json(fileJson(*path, written));
}

HttpResponse ProjectFileHandler::makeDirectory(RequestContext &context)
{
    FieldErrors errors;
    const std::optional<QString> path = bodyPath(context, u"path"_s, &errors);
    if (!path)
        return Problem::validation(errors);
    context.audit.details.insert(u"path"_s, *path);
    const Browse project = browse(m_engine, context.id(), Use::Write);
    if (!project.files)
        return project.problem;
    if (const ProjectFiles::Result result = project.files->makeDirectory(*path); !result.ok())
        return fileFailure(result, u"path"_s);
    return HttpResponse::json(QJsonObject { { u"path"_s, *path }, { u"type"_s, u"directory"_s } }, 201);
}

HttpResponse ProjectFileHandler::move(RequestContext &context)
{
    FieldErrors errors;
    const std::optional<QString> from = bodyPath(context, u"from"_s, &errors);
    const std::optional<QString> to = bodyPath(context, u"to"_s, &errors);
    if (!from || !to)
        return Problem::validation(errors);
    context.audit.details.insert(u"from"_s, *from);
    context.audit.details.insert(u"to"_s, *to);
    const Browse project = browse(m_engine, context.id(), Use::Write);
    if (!project.files)
        return project.problem;
    const ProjectFiles::Result result = project.files->rename(*from, *to);
    if (result.ok())
        return HttpResponse::json(QJsonObject { { u"from"_s, *from }, { u"to"_s, *to } });
    if (result.error != FileError::Invalid)
        return fileFailure(result, u"to"_s);
    // rename() says what is wrong, not with which path. The destination does not exist, so
    // resolving it tells exactly; the source is at fault when the destination is not.
    ProjectFiles::Result probe;
    if (!project.files->resolve(*to, &probe))
        return Problem::validation({ { u"to"_s, probe.message } });
    if (!project.files->resolve(*from, &probe))
        return Problem::validation({ { u"from"_s, result.message } });
    return Problem::validation({ { u"to"_s, result.message } }); // e.g. a folder into itself
}

HttpResponse ProjectFileHandler::remove(RequestContext &context)
{
    HttpResponse problem;
    const std::optional<QString> path = pathParameter(context, true, &problem);
    if (!path)
        return problem;
    context.audit.details.insert(u"path"_s, *path);
    const Browse project = browse(m_engine, context.id(), Use::Write);
    if (!project.files)
        return project.problem;
    if (const ProjectFiles::Result result = project.files->remove(*path); !result.ok())
        return fileFailure(result, u"path"_s);
    return HttpResponse::noContent();
}

HttpResponse ProjectFileHandler::download(RequestContext &context)
{
    const Browse project = browse(m_engine, context.id());
    if (!project.files)
        return project.problem;
    std::shared_ptr<DeferredReply> reply = context.defer();
    QtConcurrent::run([root = project.files->root()] {
        return packProject(root, kMaxDownloadBytes);
    }).then(m_context, [this, reply, before = *project.project](const Packed &packed) {
        if (packed.status != 200) {
            // Replaced while it was being packed: the old files went away under the packer.
            const std::optional<Project> now = m_engine.projects().get(before.id);
            if (!now || now->revision != before.revision)
                reply->send(Problem::conflict(
                    u"project %1 was replaced or deleted during the download; download it again"_s.arg(
                        before.id)));
            else
                reply->send(Problem::make(packed.status, packed.error));
            return;
        }
        reply->send(attachment(packed.bytes, before.name + u".zip"_s, "application/zip"));
    });
    return {};
}

} // namespace Kumo
