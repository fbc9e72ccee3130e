// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

namespace Kumo {

/// Why a project file operation failed; front ends map these to 404/422/409/413/500.
enum class FileError { None, NotFound, Invalid, Conflict, TooLarge, Io };

struct FileEntry
{
    QString name;
    QString path; // relative to the project root, '/'-separated
    enum class Type { File, Directory, Symlink } type = Type::File;
    qint64 size = 0;
    qint64 modifiedAt = 0; // ms UTC
};

struct FileContent
{
    QByteArray bytes;
    bool binary = false; // NUL bytes or not decodable as text
    QString text; // when not binary
    QString encoding; // "UTF-8", "UTF-8-BOM", "UTF-16LE", "UTF-16BE", "GB18030"
};

/// The files of one project, confined to its root: every path is relative, normalised and
/// checked against the canonical root after resolving symlinks, so that no `..`, absolute path,
/// symlink, backslash, NUL or encoding trick reaches outside. Writes are atomic (temporary file
/// in the same directory + rename). Thread-safe for distinct files.
class ProjectFiles
{
public:
    explicit ProjectFiles(QString root);

    struct Result
    {
        FileError error = FileError::None;
        QString message;
        [[nodiscard]] bool ok() const { return error == FileError::None; }
    };

    /// The direct children of directory @p relDir ("" = root), directories first, by name.
    [[nodiscard]] std::optional<QList<FileEntry>> list(const QString &relDir, Result *result) const;
    /// Reads a file of at most @p maxBytes (TooLarge otherwise), detecting text encodings.
    [[nodiscard]] std::optional<FileContent> read(
        const QString &relPath, qint64 maxBytes, Result *result) const;
    /// Creates or replaces a file atomically; its parent directory must exist.
    [[nodiscard]] Result write(const QString &relPath, const QByteArray &bytes) const;
    [[nodiscard]] Result makeDirectory(const QString &relPath) const;
    /// Renames or moves a file or directory inside the project; the destination must not exist.
    [[nodiscard]] Result rename(const QString &fromRelPath, const QString &toRelPath) const;
    /// Deletes a file, or a directory with everything in it.
    [[nodiscard]] Result remove(const QString &relPath) const;

    /// The absolute path for @p relPath when it stays inside the root (the file need not
    /// exist, but its existing ancestors are resolved); nullopt with a reason otherwise.
    [[nodiscard]] std::optional<QString> resolve(const QString &relPath, Result *result) const;

    [[nodiscard]] QString root() const { return m_root; }

    /// @p text encoded as @p encoding, one of those read() recognises, so that a file is saved
    /// the way it was opened (a GBK script stays GBK); nullopt with the reason otherwise.
    struct Encoded
    {
        QByteArray bytes;
        QString encoding; // the name reading the file back will report
    };
    [[nodiscard]] static std::optional<Encoded> encodeText(
        const QString &text, const QString &encoding, QString *error);

private:
    QString m_root; // canonical
};

} // namespace Kumo
