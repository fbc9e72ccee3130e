// SPDX-License-Identifier: MIT
#include "server/uploadmanager.h"

#include "core/clock.h"

#include <QDir>
#include <QFile>
#include <QStorageInfo>

using namespace Qt::StringLiterals;

namespace Kumo {

namespace {

UploadManager::Result failure(UploadManager::Status status, const QString &message, const QString &field = {})
{
    UploadManager::Result result;
    result.status = status;
    result.message = message;
    result.field = field;
    return result;
}

UploadManager::Result success(const Upload &upload)
{
    UploadManager::Result result;
    result.upload = upload;
    return result;
}

} // namespace

UploadManager::UploadManager(QString directory, Clock &clock, Limits limits, QObject *parent)
    : QObject(parent)
    , m_directory(std::move(directory))
    , m_clock(clock)
    , m_limits(limits)
{
    // Uploads live in memory: the parts an earlier process left can never be finished.
    QDir dir(m_directory);
    if (dir.exists()) {
        const QStringList leftovers = dir.entryList({ u"*.part"_s }, QDir::Files);
        for (const QString &name : leftovers)
            QFile::remove(dir.filePath(name));
    } else {
        dir.mkpath(u"."_s);
    }
    m_sweep.setInterval(60 * 1000);
    connect(&m_sweep, &QTimer::timeout, this, &UploadManager::expire);
    m_sweep.start();
}

UploadManager::~UploadManager()
{
    for (const Upload &upload : std::as_const(m_uploads))
        QFile::remove(upload.path);
}

UploadManager::Result UploadManager::create(qint64 ownerId, qint64 size, const QString &filename)
{
    if (size < 1 || size > m_limits.maxSize)
        return failure(Status::Invalid, u"must be from 1 to %1 bytes"_s.arg(m_limits.maxSize), u"size"_s);
    if (filename.isEmpty() || filename.size() > 255 || filename.contains(u'/') || filename.contains(u'\\')
        || filename.contains(QChar(0)))
        return failure(Status::Invalid, u"must be a plain file name of 1 to 255 characters"_s, u"filename"_s);
    const qsizetype mine = std::count_if(m_uploads.cbegin(), m_uploads.cend(),
        [ownerId](const Upload &upload) { return upload.ownerId == ownerId; });
    if (mine >= m_limits.maxPerUser)
        return failure(Status::Conflict,
            u"%1 uploads are already in progress; finish or delete one first"_s.arg(m_limits.maxPerUser));
    const QStorageInfo storage(m_directory);
    if (storage.isValid() && storage.bytesAvailable() < size + 64LL * 1024 * 1024)
        return failure(Status::TooLarge, u"not enough disk space for %1 bytes"_s.arg(size));

    Upload upload;
    upload.id = m_nextId++;
    upload.ownerId = ownerId;
    upload.filename = filename;
    upload.size = size;
    upload.createdAt = upload.touchedAt = m_clock.nowMs();
    upload.path = QDir(m_directory).filePath(u"%1.part"_s.arg(upload.id));
    QFile file(upload.path);
    if (!file.open(
            QIODevice::WriteOnly | QIODevice::Truncate, QFileDevice::ReadOwner | QFileDevice::WriteOwner))
        return failure(Status::Error, u"cannot create the upload file: %1"_s.arg(file.errorString()));
    m_uploads.insert(upload.id, upload);
    return success(upload);
}

UploadManager::Result UploadManager::find(qint64 id, qint64 ownerId) const
{
    const auto it = m_uploads.constFind(id);
    // Someone else's upload reads as missing: its existence is not the caller's business.
    if (it == m_uploads.cend() || it->ownerId != ownerId)
        return failure(Status::NotFound, u"upload %1 does not exist (or has expired)"_s.arg(id));
    return success(*it);
}

UploadManager::Result UploadManager::append(qint64 id, qint64 ownerId, qint64 offset, const QByteArray &bytes)
{
    Result found = find(id, ownerId);
    if (!found.ok())
        return found;
    Upload &upload = m_uploads[id];
    if (offset != upload.received) {
        Result conflict = failure(
            Status::Conflict, u"the upload has %1 bytes; send the chunk at offset=%1"_s.arg(upload.received));
        conflict.upload = upload;
        return conflict;
    }
    if (bytes.size() > m_limits.chunkSize)
        return failure(Status::TooLarge, u"chunks are at most %1 bytes"_s.arg(m_limits.chunkSize));
    if (upload.received + bytes.size() > upload.size)
        return failure(Status::Invalid,
            u"the chunk ends at %1, past the announced size of %2 bytes"_s.arg(upload.received + bytes.size())
                .arg(upload.size),
            u"offset"_s);
    QFile file(upload.path);
    if (!file.open(QIODevice::ReadWrite) || !file.seek(upload.received) || file.write(bytes) != bytes.size()
        || !file.flush())
        return failure(Status::Error, u"cannot write the upload: %1"_s.arg(file.errorString()));
    upload.received += bytes.size();
    upload.touchedAt = m_clock.nowMs();
    return success(upload);
}

UploadManager::Result UploadManager::get(qint64 id, qint64 ownerId) const
{
    return find(id, ownerId);
}

UploadManager::Result UploadManager::remove(qint64 id, qint64 ownerId)
{
    Result found = find(id, ownerId);
    if (found.ok()) {
        QFile::remove(found.upload->path);
        m_uploads.remove(id);
    }
    return found;
}

UploadManager::Result UploadManager::take(qint64 id, qint64 ownerId)
{
    Result found = find(id, ownerId);
    if (!found.ok())
        return found;
    if (!found.upload->complete())
        return failure(Status::Conflict,
            u"upload %1 has %2 of %3 bytes; finish it first"_s.arg(id)
                .arg(found.upload->received)
                .arg(found.upload->size),
            u"uploadId"_s);
    m_uploads.remove(id);
    return found;
}

int UploadManager::expire()
{
    const qint64 now = m_clock.nowMs();
    int removed = 0;
    for (auto it = m_uploads.begin(); it != m_uploads.end();) {
        if (now - it->touchedAt > m_limits.expireAfterMs) {
            QFile::remove(it->path);
            it = m_uploads.erase(it);
            ++removed;
        } else {
            ++it;
        }
    }
    return removed;
}

} // namespace Kumo
