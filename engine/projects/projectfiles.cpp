// SPDX-License-Identifier: MIT
#include "projects/projectfiles.h"

#include <QStringEncoder>

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QStringDecoder>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>

using namespace Qt::StringLiterals;

namespace Kumo {

namespace {

constexpr qsizetype MaxPathBytes = 4096;
constexpr qsizetype MaxNameBytes = 255;

ProjectFiles::Result failure(FileError error, const QString &message)
{
    return { error, message };
}

// Stores @p failed in @p result (when given) for the functions that return an optional.
template<typename T> std::optional<T> fail(ProjectFiles::Result *result, const ProjectFiles::Result &failed)
{
    if (result)
        *result = failed;
    return std::nullopt;
}

/// Why @p relPath is not an acceptable project path, or an empty string when it is.
QString pathProblem(const QString &relPath, bool allowRoot)
{
    if (relPath.isEmpty())
        return allowRoot ? QString() : u"the project folder itself cannot be changed"_s;
    if (!relPath.isValidUtf16())
        return u"the path is not valid Unicode"_s;
    if (relPath.toUtf8().size() > MaxPathBytes)
        return u"the path is longer than %1 bytes"_s.arg(MaxPathBytes);
    if (relPath.startsWith(u'/'))
        return u"the path must be relative to the project"_s;
    if (relPath.contains(u'\\'))
        return u"the path contains a backslash"_s;
    for (const QChar c : relPath) {
        if (c.category() == QChar::Other_Control)
            return u"the path contains a control character"_s;
    }
    const QStringList parts = relPath.split(u'/');
    for (const QString &part : parts) {
        if (part.isEmpty())
            return u"the path contains an empty component"_s;
        if (part == u"."_s || part == u".."_s)
            return u"the path contains a \"%1\" component"_s.arg(part);
        if (part.toUtf8().size() > MaxNameBytes)
            return u"a name in the path is longer than %1 bytes"_s.arg(MaxNameBytes);
    }
    return {};
}

// QFileInfo::exists() follows symlinks; a dangling link still occupies its name.
bool occupied(const QFileInfo &info)
{
    return info.exists() || info.isSymLink();
}

qint64 linkModifiedAt(const QString &path)
{
    struct stat buffer = {};
    if (::lstat(QFile::encodeName(path).constData(), &buffer) != 0)
        return 0;
    return qint64(buffer.st_mtim.tv_sec) * 1000 + buffer.st_mtim.tv_nsec / 1000000;
}

std::optional<QString> decodeStrictly(QStringDecoder &decoder, QByteArrayView bytes)
{
    QString text = decoder.decode(bytes);
    if (decoder.hasError())
        return std::nullopt;
    return text;
}

std::optional<QString> decodeStrictly(QStringConverter::Encoding encoding, QByteArrayView bytes)
{
    // The caller has removed the BOM it recognised; any further U+FEFF is content. Stateless:
    // a sequence cut off at the end is an error, not state kept for more input.
    QStringDecoder decoder(
        encoding, QStringConverter::Flag::Stateless | QStringConverter::Flag::ConvertInitialBom);
    return decodeStrictly(decoder, bytes);
}

// GB18030 accepts most byte strings without a NUL, so a result full of control characters is
// more likely a binary file than a Chinese text.
bool looksLikeText(const QString &text)
{
    return std::none_of(text.cbegin(), text.cend(), [](QChar c) {
        const char16_t u = c.unicode();
        return u < 0x20 && u != u'\t' && u != u'\n' && u != u'\r' && u != u'\f' && u != 0x1b;
    });
}

FileContent detectEncoding(QByteArray bytes)
{
    FileContent content;
    const auto setText = [&content](const QString &encoding, std::optional<QString> text) {
        if (!text)
            return false;
        content.encoding = encoding;
        content.text = *std::move(text);
        return true;
    };
    const QByteArrayView view(bytes);
    bool decoded = false;
    if (view.startsWith("\xEF\xBB\xBF")) {
        decoded = !view.contains('\0')
            && setText(u"UTF-8-BOM"_s, decodeStrictly(QStringConverter::Utf8, view.sliced(3)));
    } else if (view.startsWith("\xFF\xFE")) {
        // Qt 6.4's UTF-16 decoder silently drops a dangling last byte, so check the length here.
        decoded = view.size() % 2 == 0
            && setText(u"UTF-16LE"_s, decodeStrictly(QStringConverter::Utf16LE, view.sliced(2)));
    } else if (view.startsWith("\xFE\xFF")) {
        decoded = view.size() % 2 == 0
            && setText(u"UTF-16BE"_s, decodeStrictly(QStringConverter::Utf16BE, view.sliced(2)));
    } else if (!view.contains('\0')) {
        decoded = setText(u"UTF-8"_s, decodeStrictly(QStringConverter::Utf8, view));
        if (!decoded) {
            // Only with ICU; without it such files are shown as binary.
            QStringDecoder gb18030("GB18030", QStringConverter::Flag::Stateless);
            if (gb18030.isValid()) {
                std::optional<QString> text = decodeStrictly(gb18030, view);
                decoded = text && looksLikeText(*text) && setText(u"GB18030"_s, std::move(text));
            }
        }
    }
    content.binary = !decoded;
    content.bytes = std::move(bytes);
    return content;
}

/// The checked absolute path of @p relPath under @p root (canonical). Every existing ancestor is
/// resolved; the last component too when @p followLast, otherwise a link there stays a link.
std::optional<QString> resolveUnder(const QString &root, const QString &relPath, bool followLast,
    bool allowRoot, ProjectFiles::Result *result)
{
    if (root.isEmpty())
        return fail<QString>(result, failure(FileError::NotFound, u"the project folder does not exist"_s));
    if (const QString problem = pathProblem(relPath, allowRoot); !problem.isEmpty())
        return fail<QString>(result, failure(FileError::Invalid, problem));
    const QString prefix = root.endsWith(u'/') ? root : root + u'/';
    const auto inside = [&](const QString &path) { return path == root || path.startsWith(prefix); };
    const auto outside = [&] {
        return fail<QString>(
            result, failure(FileError::Invalid, u"\"%1\" leads outside the project"_s.arg(relPath)));
    };

    QString current = root;
    const QStringList parts = relPath.isEmpty() ? QStringList() : relPath.split(u'/');
    for (qsizetype i = 0; i < parts.size(); ++i) {
        const QString joined
            = current.endsWith(u'/') ? QString(current + parts.at(i)) : QString(current + u'/' + parts.at(i));
        const QFileInfo info(joined);
        const bool last = i == parts.size() - 1;
        if (last && !followLast) {
            current = joined; // the link itself is the subject, not what it points to
            break;
        }
        if (info.isSymLink()) {
            const QString target = info.canonicalFilePath();
            if (target.isEmpty()) {
                // Dangling: nothing exists behind it, but it must not point out either.
                if (!inside(QDir::cleanPath(info.symLinkTarget())))
                    return outside();
                current = joined;
            } else {
                if (!inside(target))
                    return outside();
                current = target;
            }
        } else {
            // Not a link: either a real entry (still canonical) or missing, and then so is the rest.
            current = joined;
        }
    }
    if (!inside(current))
        return outside();
    if (result)
        *result = {};
    return current;
}

} // namespace

ProjectFiles::ProjectFiles(QString root)
    : m_root(QFileInfo(root).canonicalFilePath())
{ }

std::optional<QString> ProjectFiles::resolve(const QString &relPath, Result *result) const
{
    return resolveUnder(m_root, relPath, true, true, result);
}

std::optional<QList<FileEntry>> ProjectFiles::list(const QString &relDir, Result *result) const
{
    const std::optional<QString> path = resolveUnder(m_root, relDir, true, true, result);
    if (!path)
        return std::nullopt;
    const QFileInfo info(*path);
    if (!info.exists())
        return fail<QList<FileEntry>>(
            result, failure(FileError::NotFound, u"\"%1\" does not exist"_s.arg(relDir)));
    if (!info.isDir())
        return fail<QList<FileEntry>>(
            result, failure(FileError::Invalid, u"\"%1\" is not a folder"_s.arg(relDir)));
    const QDir dir(*path);
    if (!dir.isReadable())
        return fail<QList<FileEntry>>(result, failure(FileError::Io, u"\"%1\" cannot be read"_s.arg(relDir)));

    QList<FileEntry> entries;
    const QFileInfoList infos = dir.entryInfoList(
        QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System, QDir::NoSort);
    entries.reserve(infos.size());
    for (const QFileInfo &child : infos) {
        FileEntry entry;
        entry.name = child.fileName();
        entry.path = relDir.isEmpty() ? entry.name : relDir + u'/' + entry.name;
        if (child.isSymLink()) {
            // Neither size nor time of what a link points to: it may be outside the project.
            entry.type = FileEntry::Type::Symlink;
            entry.modifiedAt = linkModifiedAt(child.filePath());
        } else {
            entry.type = child.isDir() ? FileEntry::Type::Directory : FileEntry::Type::File;
            entry.size = child.isDir() ? 0 : child.size();
            entry.modifiedAt = child.lastModified().toMSecsSinceEpoch();
        }
        entries.append(std::move(entry));
    }
    std::sort(entries.begin(), entries.end(), [](const FileEntry &a, const FileEntry &b) {
        const bool aDir = a.type == FileEntry::Type::Directory;
        const bool bDir = b.type == FileEntry::Type::Directory;
        if (aDir != bDir)
            return aDir;
        return a.name < b.name;
    });
    if (result)
        *result = {};
    return entries;
}

std::optional<FileContent> ProjectFiles::read(const QString &relPath, qint64 maxBytes, Result *result) const
{
    const std::optional<QString> path = resolveUnder(m_root, relPath, true, true, result);
    if (!path)
        return std::nullopt;
    const QFileInfo info(*path);
    if (!info.exists())
        return fail<FileContent>(
            result, failure(FileError::NotFound, u"\"%1\" does not exist"_s.arg(relPath)));
    if (info.isDir())
        return fail<FileContent>(result, failure(FileError::Invalid, u"\"%1\" is a folder"_s.arg(relPath)));
    // A FIFO or device would block or never end.
    if (!info.isFile())
        return fail<FileContent>(
            result, failure(FileError::Invalid, u"\"%1\" is not a regular file"_s.arg(relPath)));
    const auto tooLarge = [&] {
        return fail<FileContent>(result,
            failure(FileError::TooLarge, u"\"%1\" is larger than %2 bytes"_s.arg(relPath).arg(maxBytes)));
    };
    if (info.size() > maxBytes)
        return tooLarge();
    QFile file(*path);
    if (!file.open(QIODevice::ReadOnly))
        return fail<FileContent>(result, failure(FileError::Io, file.errorString()));
    // One byte more than allowed notices a file that grew since the size check.
    QByteArray bytes = file.read(maxBytes + 1);
    if (bytes.size() > maxBytes)
        return tooLarge();
    if (file.error() != QFileDevice::NoError)
        return fail<FileContent>(result, failure(FileError::Io, file.errorString()));
    if (result)
        *result = {};
    return detectEncoding(std::move(bytes));
}

ProjectFiles::Result ProjectFiles::write(const QString &relPath, const QByteArray &bytes) const
{
    Result result;
    const std::optional<QString> path = resolveUnder(m_root, relPath, false, false, &result);
    if (!path)
        return result;
    const QFileInfo info(*path);
    if (!QFileInfo(info.path()).isDir())
        return failure(FileError::NotFound, u"the folder of \"%1\" does not exist"_s.arg(relPath));
    // QSaveFile would write to the link's target, which may be anywhere.
    if (info.isSymLink())
        return failure(FileError::Invalid, u"\"%1\" is a symbolic link"_s.arg(relPath));
    if (info.isDir())
        return failure(FileError::Conflict, u"\"%1\" is a folder"_s.arg(relPath));
    if (info.exists() && !info.isFile())
        return failure(FileError::Invalid, u"\"%1\" is not a regular file"_s.arg(relPath));

    const QFileDevice::Permissions permissions = info.exists()
        ? info.permissions()
        : QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup | QFileDevice::ReadOther;
    QSaveFile file(*path);
    if (!file.open(QIODevice::WriteOnly))
        return failure(FileError::Io, file.errorString());
    if (file.write(bytes) != bytes.size() || !file.setPermissions(permissions)) {
        const QString error = file.errorString();
        file.cancelWriting();
        return failure(FileError::Io, error);
    }
    if (!file.commit())
        return failure(FileError::Io, file.errorString());
    return {};
}

ProjectFiles::Result ProjectFiles::makeDirectory(const QString &relPath) const
{
    Result result;
    const std::optional<QString> path = resolveUnder(m_root, relPath, false, false, &result);
    if (!path)
        return result;
    const QFileInfo info(*path);
    if (occupied(info))
        return failure(FileError::Conflict, u"\"%1\" already exists"_s.arg(relPath));
    if (!QFileInfo(info.path()).isDir())
        return failure(FileError::NotFound, u"the folder of \"%1\" does not exist"_s.arg(relPath));
    if (!QDir().mkdir(*path))
        return failure(FileError::Io, u"\"%1\" could not be created"_s.arg(relPath));
    return {};
}

ProjectFiles::Result ProjectFiles::rename(const QString &fromRelPath, const QString &toRelPath) const
{
    Result result;
    const std::optional<QString> from = resolveUnder(m_root, fromRelPath, false, false, &result);
    if (!from)
        return result;
    const std::optional<QString> to = resolveUnder(m_root, toRelPath, false, false, &result);
    if (!to)
        return result;
    const QFileInfo source(*from);
    if (!occupied(source))
        return failure(FileError::NotFound, u"\"%1\" does not exist"_s.arg(fromRelPath));
    const QFileInfo destination(*to);
    if (occupied(destination))
        return failure(FileError::Conflict, u"\"%1\" already exists"_s.arg(toRelPath));
    if (!QFileInfo(destination.path()).isDir())
        return failure(FileError::NotFound, u"the folder of \"%1\" does not exist"_s.arg(toRelPath));
    if (source.isDir() && !source.isSymLink() && QString(*to + u'/').startsWith(QString(*from + u'/')))
        return failure(FileError::Invalid, u"a folder cannot be moved into itself"_s);
    if (*from == m_root || *to == m_root)
        return failure(FileError::Invalid, u"the project folder itself cannot be renamed"_s);

    // rename(2) acts on a link, not its target, and never copies (QFile::rename may fall back to
    // copying); RENAME_NOREPLACE closes the gap between the existence check and the rename.
    const QByteArray fromName = QFile::encodeName(*from);
    const QByteArray toName = QFile::encodeName(*to);
    int rc = ::renameat2(AT_FDCWD, fromName.constData(), AT_FDCWD, toName.constData(), RENAME_NOREPLACE);
    if (rc != 0 && (errno == EINVAL || errno == ENOSYS))
        rc = ::rename(fromName.constData(), toName.constData()); // file system without NOREPLACE
    if (rc != 0) {
        if (errno == EEXIST)
            return failure(FileError::Conflict, u"\"%1\" already exists"_s.arg(toRelPath));
        return failure(FileError::Io,
            u"\"%1\" could not be renamed: %2"_s.arg(
                fromRelPath, QString::fromLocal8Bit(std::strerror(errno))));
    }
    return {};
}

ProjectFiles::Result ProjectFiles::remove(const QString &relPath) const
{
    Result result;
    const std::optional<QString> path = resolveUnder(m_root, relPath, false, false, &result);
    if (!path)
        return result;
    if (*path == m_root)
        return failure(FileError::Invalid, u"the project folder itself cannot be removed"_s);
    const QFileInfo info(*path);
    if (!occupied(info))
        return failure(FileError::NotFound, u"\"%1\" does not exist"_s.arg(relPath));
    bool removed = false;
    if (info.isDir() && !info.isSymLink()) {
        // removeRecursively() unlinks symlinks it meets instead of descending into them.
        removed = QDir(*path).removeRecursively();
    } else {
        removed = QFile::remove(*path);
    }
    if (!removed)
        return failure(FileError::Io, u"\"%1\" could not be removed completely"_s.arg(relPath));
    return {};
}

std::optional<ProjectFiles::Encoded> ProjectFiles::encodeText(
    const QString &text, const QString &encoding, QString *error)
{
    const QString name = encoding.toUpper();
    if (name == u"UTF-8")
        return Encoded { text.toUtf8(), u"UTF-8"_s };
    if (name == u"UTF-8-BOM")
        return Encoded { "\xEF\xBB\xBF" + text.toUtf8(), u"UTF-8-BOM"_s };
    if (name == u"UTF-16LE" || name == u"UTF-16BE") {
        // Reading recognises UTF-16 by its byte order mark only.
        QStringEncoder encoder(name == u"UTF-16LE" ? QStringConverter::Utf16LE : QStringConverter::Utf16BE,
            QStringConverter::Flag::WriteBom | QStringConverter::Flag::Stateless);
        return Encoded { encoder.encode(text), name };
    }
    if (name == u"GB18030" || name == u"GBK") {
        QStringEncoder encoder("GB18030", QStringConverter::Flag::Stateless);
        if (!encoder.isValid()) {
            *error = u"this server cannot write GB18030 (its Qt has no ICU)"_s;
            return std::nullopt;
        }
        QByteArray bytes = encoder.encode(text);
        if (encoder.hasError()) {
            *error = u"the text has characters that GB18030 cannot represent"_s;
            return std::nullopt;
        }
        return Encoded { std::move(bytes), u"GB18030"_s };
    }
    *error = u"must be one of UTF-8, UTF-8-BOM, UTF-16LE, UTF-16BE, GB18030"_s;
    return std::nullopt;
}

} // namespace Kumo
