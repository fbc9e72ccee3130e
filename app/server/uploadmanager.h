// SPDX-License-Identifier: MIT
#pragma once

#include <QHash>
#include <QObject>
#include <QString>
#include <QTimer>

#include <optional>

namespace Kumo {

class Clock;

/// One upload in progress: a file received in chunks, resumable at `received`.
struct Upload
{
    qint64 id = 0;
    qint64 ownerId = 0; // user id
    QString filename;
    qint64 size = 0; // announced
    qint64 received = 0;
    qint64 createdAt = 0;
    qint64 touchedAt = 0;
    QString path; // the partial file on disk

    [[nodiscard]] bool complete() const { return received == size; }
};

/// Resumable chunked uploads (DESIGN §4): a client announces a file, sends it in chunks of at
/// most chunkSize bytes at explicit offsets (so a broken connection resumes where the server
/// says it is), and a later request (a project archive) takes the finished file. Bodies stream
/// to disk chunk by chunk, so no request holds more than one chunk in memory. Uploads left
/// alone for expireAfterMs are deleted; files left by an earlier process are removed at start.
class UploadManager : public QObject
{
    Q_OBJECT
public:
    struct Limits
    {
        qint64 maxSize = 1024LL * 1024 * 1024; // one upload
        qint64 chunkSize = 8 * 1024 * 1024;
        int maxPerUser = 8;
        qint64 expireAfterMs = 60 * 60 * 1000;
    };

    enum class Status { Ok, NotFound, Invalid, Conflict, TooLarge, Error };
    struct Result
    {
        Status status = Status::Ok;
        QString message;
        QString field; // for Invalid
        std::optional<Upload> upload;
        [[nodiscard]] bool ok() const { return status == Status::Ok; }
    };

    UploadManager(QString directory, Clock &clock, Limits limits, QObject *parent = nullptr);
    ~UploadManager() override;

    [[nodiscard]] const Limits &limits() const { return m_limits; }

    [[nodiscard]] Result create(qint64 ownerId, qint64 size, const QString &filename);
    /// Appends @p bytes at @p offset, which must be where the upload stands (Conflict otherwise,
    /// with the upload, so the client can resume from `received`).
    [[nodiscard]] Result append(qint64 id, qint64 ownerId, qint64 offset, const QByteArray &bytes);
    [[nodiscard]] Result get(qint64 id, qint64 ownerId) const;
    [[nodiscard]] Result remove(qint64 id, qint64 ownerId);
    /// Hands a complete upload's file over: the caller moves or deletes the file at `path`.
    [[nodiscard]] Result take(qint64 id, qint64 ownerId);

    /// Deletes uploads idle for longer than expireAfterMs (also runs every minute).
    int expire();

private:
    [[nodiscard]] Result find(qint64 id, qint64 ownerId) const;

    QString m_directory;
    Clock &m_clock;
    Limits m_limits;
    QHash<qint64, Upload> m_uploads;
    qint64 m_nextId = 1;
    QTimer m_sweep;
};

} // namespace Kumo
