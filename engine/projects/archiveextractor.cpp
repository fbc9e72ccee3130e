// SPDX-License-Identifier: MIT
#include "projects/archiveextractor.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QSaveFile>
#include <QScopeGuard>
#include <QSet>
#include <QStringDecoder>
#include <QTemporaryDir>

#include <archive.h>
#include <archive_entry.h>

#include <fcntl.h>
#include <locale.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>

using namespace Qt::StringLiterals;

namespace Kumo {

namespace {

constexpr qsizetype kBlockSize = 64 * 1024;
constexpr qint64 kProgressStep = 1024 * 1024;
// Source and data files often compress 1000:1; the ratio only tells a bomb apart once the
// output is large, so it is enforced beyond this many bytes written.
constexpr qint64 kRatioFloorBytes = 8 * 1024 * 1024;
constexpr int kMaxSymlinkHops = 40; // as Linux's MAXSYMLINKS
constexpr int kMaxNameBytes = 255; // NAME_MAX

/// Makes libarchive hand over names as UTF-8 (7z and pax store Unicode and convert it to the
/// locale's charset) and leave ZIP names without the UTF-8 flag as raw bytes, whatever the
/// process locale. uselocale() is per thread, so concurrent extractions do not interfere.
class Utf8Locale
{
public:
    Utf8Locale()
        : m_locale(newlocale(LC_CTYPE_MASK, "C.UTF-8", locale_t(nullptr)))
    {
        if (m_locale)
            m_previous = uselocale(m_locale);
    }
    ~Utf8Locale()
    {
        if (m_locale) {
            uselocale(m_previous);
            freelocale(m_locale);
        }
    }
    Utf8Locale(const Utf8Locale &) = delete;
    Utf8Locale &operator=(const Utf8Locale &) = delete;

private:
    locale_t m_locale = locale_t(nullptr);
    locale_t m_previous = locale_t(nullptr);
};

struct ReadArchiveDeleter
{
    void operator()(archive *a) const { archive_read_free(a); }
};
struct WriteArchiveDeleter
{
    void operator()(archive *a) const { archive_write_free(a); }
};
struct EntryDeleter
{
    void operator()(archive_entry *e) const { archive_entry_free(e); }
};

QString errnoString()
{
    return QString::fromLocal8Bit(std::strerror(errno));
}

QString archiveError(archive *a)
{
    const char *text = archive_error_string(a);
    return text ? QString::fromUtf8(text) : u"unknown error"_s;
}

bool writeAll(int fd, const char *data, qsizetype size)
{
    while (size > 0) {
        const ssize_t n = ::write(fd, data, size_t(size));
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return false;
        }
        data += n;
        size -= n;
    }
    return true;
}

enum class PathProblem { None, Empty, Absolute, Outside, Control, TooLong, NameTooLong };

/// Splits an entry name into components: backslashes count as separators (Windows tools write
/// them), "." and empty components vanish, ".." and absolute or drive-letter paths are refused.
PathProblem normalisePath(const QString &name, int maxPathLength, QStringList *parts)
{
    parts->clear();
    QString path = name;
    path.replace(u'\\', u'/');
    if (path.startsWith(u'/'))
        return PathProblem::Absolute;
    if (path.size() >= 2 && path.at(1) == u':' && path.at(0).isLetter())
        return PathProblem::Absolute;
    for (const QChar c : path) {
        if (c.unicode() < 0x20 || c.unicode() == 0x7f)
            return PathProblem::Control;
    }
    const QStringList components = path.split(u'/');
    for (const QString &component : components) {
        if (component.isEmpty() || component == u"."_s)
            continue;
        if (component == u".."_s)
            return PathProblem::Outside;
        if (component.toUtf8().size() > kMaxNameBytes)
            return PathProblem::NameTooLong;
        parts->append(component);
    }
    if (parts->isEmpty())
        return PathProblem::Empty;
    if (parts->join(u'/').toUtf8().size() > maxPathLength)
        return PathProblem::TooLong;
    return PathProblem::None;
}

class Extraction
{
public:
    Extraction(const ExtractionLimits &limits, const QString &root, qint64 archiveSize,
        const std::function<void(qint64, qint64, qint64)> &progress, const std::atomic_bool *cancel)
        : m_limits(limits)
        , m_root(root)
        , m_archiveSize(archiveSize)
        , m_progress(progress)
        , m_cancel(cancel)
        , m_gb18030("GB18030", QStringDecoder::Flag::Stateless)
        , m_buffer(kBlockSize, Qt::Uninitialized)
    { }

    [[nodiscard]] bool run(archive *a);
    ExtractionResult result;

private:
    enum class Resolution { Inside, Outside, Loop };

    bool fail(const QString &entry, const QString &message);
    bool cancelled() const { return m_cancel && m_cancel->load(); }
    std::optional<QString> decode(const char *raw);
    bool checkPath(PathProblem problem, const QString &shown);
    bool ensureParents(const QStringList &parts, const QString &shown);
    bool exists(const QString &path) const
    {
        return m_dirs.contains(path) || m_files.contains(path) || m_symlinks.contains(path);
    }
    QByteArray nativePath(const QString &relative) const
    {
        return QFile::encodeName(m_root + u'/' + relative);
    }
    void noteTopLevel(const QStringList &parts, bool isDirectory);
    void reportProgress(archive *a, bool force);
    Resolution resolve(QStringList directory, const QString &target) const;
    bool checkLink(Resolution resolution, const QString &shown, const QString &target);
    /// The size limits for an entry of @p entryBytes that brings the total to @p totalBytes.
    bool checkSizes(qint64 entryBytes, qint64 totalBytes, const QString &shown);

    bool extractEntry(archive *a, archive_entry *entry);
    bool extractDirectory(const QStringList &parts, const QString &shown);
    bool extractFile(archive *a, archive_entry *entry, const QStringList &parts, const QString &shown);
    bool extractSymlink(archive_entry *entry, const QStringList &parts, const QString &shown);
    bool extractHardLink(const char *rawTarget, const QStringList &parts, const QString &shown);

    const ExtractionLimits &m_limits;
    const QString m_root;
    const qint64 m_archiveSize;
    const std::function<void(qint64, qint64, qint64)> &m_progress;
    const std::atomic_bool *m_cancel;
    QStringDecoder m_gb18030;
    QByteArray m_buffer;

    qint64 m_entries = 0;
    qint64 m_lastProgress = 0;
    // What this extraction created, by relative path: the temporary directory is private (0700)
    // and fresh, so this is the truth about the tree, no lstat() needed.
    QSet<QString> m_dirs;
    QSet<QString> m_files;
    QHash<QString, QString> m_symlinks; // path -> target
    QList<std::pair<QString, QString>> m_symlinkOrder; // path, name as shown

    QString m_topLevel;
    bool m_topLevelValid = true;
};

bool Extraction::fail(const QString &entry, const QString &message)
{
    result.ok = false;
    result.entry = entry;
    result.error = message;
    return false;
}

std::optional<QString> Extraction::decode(const char *raw)
{
    const QByteArrayView bytes(raw, qsizetype(std::strlen(raw)));
    QStringDecoder utf8(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    QString text = utf8(bytes);
    if (!utf8.hasError())
        return text;
    if (!m_gb18030.isValid())
        return std::nullopt;
    m_gb18030.resetState();
    text = m_gb18030(bytes);
    if (m_gb18030.hasError())
        return std::nullopt;
    return text;
}

bool Extraction::checkPath(PathProblem problem, const QString &shown)
{
    switch (problem) {
    case PathProblem::None:
        return true;
    case PathProblem::Empty:
        return fail(shown, u"entry '%1' has an empty name"_s.arg(shown));
    case PathProblem::Absolute:
        return fail(
            shown, u"entry '%1' has an absolute path and would be written outside the project"_s.arg(shown));
    case PathProblem::Outside:
        return fail(shown, u"entry '%1' would be written outside the project"_s.arg(shown));
    case PathProblem::Control:
        return fail(shown, u"entry '%1' has control characters in its name"_s.arg(shown));
    case PathProblem::TooLong:
        return fail(
            shown, u"entry '%1' has a path longer than %2 bytes"_s.arg(shown).arg(m_limits.maxPathLength));
    case PathProblem::NameTooLong:
        return fail(
            shown, u"entry '%1' has a file name longer than %2 bytes"_s.arg(shown).arg(kMaxNameBytes));
    }
    return false;
}

bool Extraction::checkLink(Resolution resolution, const QString &shown, const QString &target)
{
    switch (resolution) {
    case Resolution::Inside:
        return true;
    case Resolution::Outside:
        return fail(shown,
            u"entry '%1' is a symbolic link to '%2', which points outside the project"_s.arg(shown, target));
    case Resolution::Loop:
        return fail(shown,
            u"entry '%1' is a symbolic link to '%2', which is part of a loop of links"_s.arg(shown, target));
    }
    return false;
}

bool Extraction::ensureParents(const QStringList &parts, const QString &shown)
{
    QString path;
    for (qsizetype i = 0; i + 1 < parts.size(); ++i) {
        path = i == 0 ? parts.at(i) : path + u'/' + parts.at(i);
        if (m_dirs.contains(path))
            continue;
        if (m_symlinks.contains(path))
            return fail(
                shown, u"entry '%1' would be written through the symbolic link '%2'"_s.arg(shown, path));
        if (m_files.contains(path))
            return fail(shown, u"entry '%1' needs '%2' to be a folder, but it is a file"_s.arg(shown, path));
        if (::mkdir(nativePath(path).constData(), 0755) != 0
            || ::chmod(nativePath(path).constData(), 0755) != 0)
            return fail(shown, u"cannot create the folder '%1': %2"_s.arg(path, errnoString()));
        m_dirs.insert(path);
        ++result.directories;
    }
    return true;
}

void Extraction::noteTopLevel(const QStringList &parts, bool isDirectory)
{
    if (parts.first() == u"__MACOSX"_s || parts.last() == u".DS_Store"_s || !m_topLevelValid)
        return;
    if (parts.size() == 1 && !isDirectory) {
        m_topLevelValid = false;
        return;
    }
    if (m_topLevel.isEmpty())
        m_topLevel = parts.first();
    else if (m_topLevel != parts.first())
        m_topLevelValid = false;
}

void Extraction::reportProgress(archive *a, bool force)
{
    if (!m_progress || (!force && result.bytes - m_lastProgress < kProgressStep))
        return;
    m_lastProgress = result.bytes;
    m_progress(result.bytes, archive_filter_bytes(a, -1), m_archiveSize);
}

/// Resolves @p target as the kernel would from @p directory (a real folder, given as
/// components below the root), following the symbolic links of this extraction. Outside means
/// some step climbs above the root, even if a later step comes back.
Extraction::Resolution Extraction::resolve(QStringList directory, const QString &target) const
{
    QStringList pending; // components still to walk, the next one last
    const auto push = [&pending](const QString &path) {
        const QStringList components = path.split(u'/');
        for (auto it = components.crbegin(); it != components.crend(); ++it)
            pending.append(*it);
    };
    push(target);
    int hops = 0;
    while (!pending.isEmpty()) {
        const QString component = pending.takeLast();
        if (component.isEmpty() || component == u"."_s)
            continue;
        if (component == u".."_s) {
            if (directory.isEmpty())
                return Resolution::Outside;
            directory.removeLast();
            continue;
        }
        directory.append(component);
        const auto link = m_symlinks.constFind(directory.join(u'/'));
        if (link == m_symlinks.cend())
            continue;
        if (++hops > kMaxSymlinkHops)
            return Resolution::Loop;
        directory.removeLast();
        if (link->startsWith(u'/'))
            return Resolution::Outside;
        push(*link);
    }
    return Resolution::Inside;
}

bool Extraction::run(archive *a)
{
    archive_entry *entry = nullptr;
    for (;;) {
        if (cancelled())
            return fail({}, u"cancelled"_s);
        const int status = archive_read_next_header(a, &entry);
        if (status == ARCHIVE_EOF)
            break;
        if (status != ARCHIVE_OK && status != ARCHIVE_WARN)
            return fail({}, u"cannot read the archive: %1"_s.arg(archiveError(a)));
        if (++m_entries > m_limits.maxEntries)
            return fail({}, u"the archive has more than %1 entries"_s.arg(m_limits.maxEntries));
        if (!extractEntry(a, entry))
            return false;
    }
    // A link checked when it was made can be turned outward by a later one (`d/l -> ../p/..`
    // then `p -> .`): check them all again against the finished tree.
    for (const auto &[path, shown] : std::as_const(m_symlinkOrder)) {
        QStringList directory = path.split(u'/');
        directory.removeLast();
        if (!checkLink(resolve(directory, m_symlinks.value(path)), shown, m_symlinks.value(path)))
            return false;
    }
    reportProgress(a, true);
    result.singleTopLevelDir = m_topLevelValid ? m_topLevel : QString();
    result.ok = true;
    return true;
}

bool Extraction::extractEntry(archive *a, archive_entry *entry)
{
    const char *raw = archive_entry_pathname(entry);
    if (!raw)
        return fail(u"#%1"_s.arg(m_entries), u"entry #%1 has a name that cannot be read"_s.arg(m_entries));
    const QString shownRaw = QString::fromUtf8(raw);
    const std::optional<QString> name = decode(raw);
    if (!name) {
        return fail(shownRaw,
            m_gb18030.isValid() ? u"entry '%1' has a name that is neither UTF-8 nor GBK"_s.arg(shownRaw)
                                : u"entry '%1' has a name that is not UTF-8"_s.arg(shownRaw));
    }
    const QString &shown = *name;
    const char *hardlink = archive_entry_hardlink(entry);
    const mode_t type = archive_entry_filetype(entry);
    QStringList parts;
    const PathProblem problem = normalisePath(*name, m_limits.maxPathLength, &parts);
    if (problem == PathProblem::Empty && !hardlink && type == AE_IFDIR)
        return true; // "./" opens many tarballs: the root itself, nothing to create
    if (!checkPath(problem, shown))
        return false;

    if (!hardlink && type != AE_IFDIR && archive_entry_is_encrypted(entry))
        return fail(
            shown, u"entry '%1' is encrypted; password-protected archives are not supported"_s.arg(shown));
    noteTopLevel(parts, !hardlink && type == AE_IFDIR);

    if (hardlink)
        return extractHardLink(hardlink, parts, shown);
    switch (type) {
    case AE_IFDIR:
        return extractDirectory(parts, shown);
    case AE_IFREG:
        return extractFile(a, entry, parts, shown);
    case AE_IFLNK:
        return extractSymlink(entry, parts, shown);
    case AE_IFCHR:
    case AE_IFBLK:
        return fail(shown, u"entry '%1' is a device file, which a project may not contain"_s.arg(shown));
    case AE_IFIFO:
        return fail(
            shown, u"entry '%1' is a FIFO (named pipe), which a project may not contain"_s.arg(shown));
    case AE_IFSOCK:
        return fail(shown, u"entry '%1' is a socket, which a project may not contain"_s.arg(shown));
    default:
        return fail(shown, u"entry '%1' has an unknown file type"_s.arg(shown));
    }
}

bool Extraction::extractDirectory(const QStringList &parts, const QString &shown)
{
    const QString path = parts.join(u'/');
    if (m_dirs.contains(path))
        return true; // listed after a file inside it made it already
    if (exists(path))
        return fail(shown, u"entry '%1' appears more than once"_s.arg(shown));
    if (!ensureParents(parts, shown))
        return false;
    if (::mkdir(nativePath(path).constData(), 0755) != 0 || ::chmod(nativePath(path).constData(), 0755) != 0)
        return fail(shown, u"cannot create the folder '%1': %2"_s.arg(path, errnoString()));
    m_dirs.insert(path);
    ++result.directories;
    return true;
}

bool Extraction::extractFile(archive *a, archive_entry *entry, const QStringList &parts, const QString &shown)
{
    const QString path = parts.join(u'/');
    if (!ensureParents(parts, shown))
        return false;
    if (exists(path))
        return fail(shown, u"entry '%1' appears more than once"_s.arg(shown));
    // O_EXCL | O_NOFOLLOW: never through or over anything that is already there.
    const int fd
        = ::open(nativePath(path).constData(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0)
        return fail(shown, u"cannot create '%1': %2"_s.arg(path, errnoString()));
    m_files.insert(path);
    const auto closeFd = qScopeGuard([fd] { ::close(fd); });
    // A header that declares too much is refused before a byte of the data is read (a
    // multi-GB entry of zeros costs one block); the data is counted as it comes all the same.
    if (archive_entry_size_is_set(entry)
        && !checkSizes(archive_entry_size(entry), result.bytes + archive_entry_size(entry), shown))
        return false;

    qint64 entryBytes = 0;
    for (;;) {
        if (cancelled())
            return fail({}, u"cancelled"_s);
        // Sizes are counted as the data comes: headers can lie.
        const la_ssize_t n = archive_read_data(a, m_buffer.data(), size_t(m_buffer.size()));
        if (n < 0)
            return fail(shown, u"cannot read entry '%1': %2"_s.arg(shown, archiveError(a)));
        if (n == 0)
            break;
        entryBytes += n;
        result.bytes += n;
        if (!checkSizes(entryBytes, result.bytes, shown))
            return false;
        if (!writeAll(fd, m_buffer.constData(), qsizetype(n)))
            return fail(shown, u"cannot write '%1': %2"_s.arg(path, errnoString()));
        reportProgress(a, false);
    }
    // Only the executable bit is kept: never setuid, setgid, sticky or odd permissions.
    const mode_t mode = (archive_entry_perm(entry) & 0111) ? 0755 : 0644;
    if (::fchmod(fd, mode) != 0)
        return fail(shown, u"cannot set the permissions of '%1': %2"_s.arg(path, errnoString()));
    ++result.files;
    return true;
}

bool Extraction::checkSizes(qint64 entryBytes, qint64 totalBytes, const QString &shown)
{
    if (entryBytes > m_limits.maxEntryBytes)
        return fail(shown,
            u"entry '%1' is larger than the limit of %2 bytes"_s.arg(shown).arg(m_limits.maxEntryBytes));
    if (totalBytes > m_limits.maxTotalBytes)
        return fail(shown,
            u"the archive unpacks to more than the limit of %1 bytes (at entry '%2')"_s
                .arg(m_limits.maxTotalBytes)
                .arg(shown));
    if (m_limits.maxRatio > 0 && totalBytes > kRatioFloorBytes
        && double(totalBytes) > m_limits.maxRatio * double(std::max<qint64>(m_archiveSize, 1)))
        return fail(shown,
            u"the archive unpacks to more than %1 times its size (at entry '%2'): refused as a "
            u"possible zip bomb"_s.arg(m_limits.maxRatio)
                .arg(shown));
    return true;
}

bool Extraction::extractSymlink(archive_entry *entry, const QStringList &parts, const QString &shown)
{
    const char *rawTarget = archive_entry_symlink(entry);
    if (!rawTarget || !*rawTarget)
        return fail(shown, u"entry '%1' is a symbolic link without a target"_s.arg(shown));
    const std::optional<QString> target = decode(rawTarget);
    if (!target) {
        return fail(shown,
            u"entry '%1' is a symbolic link to '%2', which is neither UTF-8 nor GBK"_s.arg(
                shown, QString::fromUtf8(rawTarget)));
    }
    if (target->startsWith(u'/'))
        return fail(shown,
            u"entry '%1' is a symbolic link to the absolute path '%2'; only links inside the project are allowed"_s
                .arg(shown, *target));
    for (const QChar c : *target) {
        if (c.unicode() < 0x20 || c.unicode() == 0x7f || c == u'\\')
            return fail(shown,
                u"entry '%1' is a symbolic link to '%2', which has a backslash or control characters"_s.arg(
                    shown, *target));
    }
    if (target->toUtf8().size() > m_limits.maxPathLength)
        return fail(shown,
            u"entry '%1' is a symbolic link with a target longer than %2 bytes"_s.arg(shown).arg(
                m_limits.maxPathLength));
    const QString path = parts.join(u'/');
    if (!ensureParents(parts, shown))
        return false;
    if (exists(path))
        return fail(shown, u"entry '%1' appears more than once"_s.arg(shown));
    const QStringList directory = parts.mid(0, parts.size() - 1);
    if (!checkLink(resolve(directory, *target), shown, *target))
        return false;
    if (::symlink(target->toUtf8().constData(), nativePath(path).constData()) != 0)
        return fail(shown, u"cannot create the symbolic link '%1': %2"_s.arg(path, errnoString()));
    m_symlinks.insert(path, *target);
    m_symlinkOrder.append({ path, shown });
    ++result.files;
    return true;
}

bool Extraction::extractHardLink(const char *rawTarget, const QStringList &parts, const QString &shown)
{
    const std::optional<QString> target = decode(rawTarget);
    const QString shownTarget = target.value_or(QString::fromUtf8(rawTarget));
    QStringList targetParts;
    if (!target || normalisePath(*target, m_limits.maxPathLength, &targetParts) != PathProblem::None)
        return fail(shown,
            u"entry '%1' is a hard link to '%2', which is outside the project"_s.arg(shown, shownTarget));
    const QString targetPath = targetParts.join(u'/');
    if (!m_files.contains(targetPath) || m_symlinks.contains(targetPath))
        return fail(shown,
            u"entry '%1' is a hard link to '%2', which is not a file extracted before it"_s.arg(
                shown, shownTarget));
    const QString path = parts.join(u'/');
    if (!ensureParents(parts, shown))
        return false;
    if (exists(path))
        return fail(shown, u"entry '%1' appears more than once"_s.arg(shown));
    if (::link(nativePath(targetPath).constData(), nativePath(path).constData()) != 0)
        return fail(shown, u"cannot create the hard link '%1': %2"_s.arg(path, errnoString()));
    m_files.insert(path);
    ++result.files;
    return true;
}

/// Every format libarchive reads except mtree, whose "archives" are text that names files on
/// this machine for libarchive to read (an upload could pull in /etc/shadow), and "raw"/"empty".
void supportFormats(archive *a)
{
    archive_read_support_format_7zip(a);
    archive_read_support_format_ar(a);
    archive_read_support_format_cab(a);
    archive_read_support_format_cpio(a);
    archive_read_support_format_iso9660(a);
    archive_read_support_format_lha(a);
    archive_read_support_format_rar(a);
    archive_read_support_format_rar5(a);
    archive_read_support_format_tar(a);
    archive_read_support_format_xar(a);
    archive_read_support_format_zip(a);
}

} // namespace

ArchiveExtractor::ArchiveExtractor(ExtractionLimits limits)
    : m_limits(limits)
{ }

ExtractionResult ArchiveExtractor::extract(const QString &archivePath, const QString &targetDir,
    const std::function<void(qint64 written, qint64 archiveRead, qint64 archiveSize)> &progress,
    const std::atomic_bool *cancel) const
{
    ExtractionResult failed;
    const QFileInfo target(QDir::cleanPath(QFileInfo(targetDir).absoluteFilePath()));
    if (targetDir.isEmpty() || target.exists() || target.isSymLink()) {
        failed.error = u"'%1' already exists"_s.arg(targetDir);
        return failed;
    }
    const QFileInfo source(archivePath);
    if (!source.isFile()) {
        failed.error = u"'%1' is not a file"_s.arg(archivePath);
        return failed;
    }
    if (!QDir().mkpath(target.absolutePath())) {
        failed.error = u"cannot create the folder '%1'"_s.arg(target.absolutePath());
        return failed;
    }
    // A sibling, so the final rename stays on one file system and is atomic.
    QTemporaryDir temporary(target.absoluteFilePath() + u".part-XXXXXX"_s);
    if (!temporary.isValid()) {
        failed.error
            = u"cannot create a temporary folder next to '%1': %2"_s.arg(targetDir, temporary.errorString());
        return failed;
    }

    Utf8Locale utf8Locale;
    std::unique_ptr<archive, ReadArchiveDeleter> a(archive_read_new());
    archive_read_support_filter_all(a.get());
    supportFormats(a.get());
    if (archive_read_open_filename(a.get(), QFile::encodeName(archivePath).constData(), size_t(kBlockSize))
        != ARCHIVE_OK) {
        failed.error = u"cannot open the archive: %1"_s.arg(archiveError(a.get()));
        return failed;
    }

    Extraction extraction(m_limits, temporary.path(), source.size(), progress, cancel);
    if (!extraction.run(a.get()))
        return extraction.result;
    a.reset();

    ExtractionResult result = extraction.result;
    // Never over a target that appeared meanwhile.
    const QByteArray from = QFile::encodeName(temporary.path());
    const QByteArray to = QFile::encodeName(target.absoluteFilePath());
    if (::chmod(from.constData(), 0755) != 0
        || ::renameat2(AT_FDCWD, from.constData(), AT_FDCWD, to.constData(), RENAME_NOREPLACE) != 0) {
        failed.error = u"cannot move the extracted files to '%1': %2"_s.arg(targetDir, errnoString());
        return failed;
    }
    temporary.setAutoRemove(false);
    return result;
}

bool ArchiveExtractor::createZip(const QString &sourceDir, const QString &zipPath, QString *error)
{
    return createZip({ { sourceDir, QString() } }, zipPath, error);
}

bool ArchiveExtractor::createZip(const QList<ZipSource> &sources, const QString &zipPath, QString *error)
{
    const auto fail = [error](const QString &message) {
        if (error)
            *error = message;
        return false;
    };
    QSaveFile file(zipPath);
    if (!file.open(QIODevice::WriteOnly))
        return fail(u"cannot write '%1': %2"_s.arg(zipPath, file.errorString()));
    const QString zipCanonical = QFileInfo(zipPath).absoluteFilePath();

    struct Path
    {
        QString absolute;
        QString name; // in the zip
        const ZipSource *source;
    };
    // Sorted by name within each source.
    QList<Path> paths;
    for (const ZipSource &zipSource : sources) {
        if (!QFileInfo(zipSource.directory).isDir())
            return fail(u"'%1' is not a folder"_s.arg(zipSource.directory));
        const QDir source(zipSource.directory);
        const qsizetype first = paths.size();
        if (!zipSource.prefix.isEmpty())
            paths.append({ source.absolutePath(), zipSource.prefix, &zipSource });
        QDirIterator it(zipSource.directory,
            QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System,
            QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString path = it.next();
            const QString absolute = QFileInfo(path).absoluteFilePath();
            // The zip (or QSaveFile's temporary beside it) may sit inside the folder it packs.
            if (absolute == zipCanonical || absolute.startsWith(zipCanonical + u'.'))
                continue;
            const QString relative = source.relativeFilePath(path);
            paths.append({ source.filePath(relative),
                zipSource.prefix.isEmpty() ? relative : zipSource.prefix + u'/' + relative, &zipSource });
        }
        std::sort(
            paths.begin() + first, paths.end(), [](const Path &a, const Path &b) { return a.name < b.name; });
    }

    Utf8Locale utf8Locale;
    std::unique_ptr<archive, WriteArchiveDeleter> a(archive_write_new());
    if (archive_write_set_format_zip(a.get()) != ARCHIVE_OK
        || archive_write_set_format_option(a.get(), "zip", "hdrcharset", "UTF-8") < ARCHIVE_WARN
        || archive_write_open_fd(a.get(), int(file.handle())) != ARCHIVE_OK)
        return fail(u"cannot write '%1': %2"_s.arg(zipPath, archiveError(a.get())));

    QByteArray buffer(kBlockSize, Qt::Uninitialized);
    for (const auto &[absolute, relative, zipSource] : std::as_const(paths)) {
        const QByteArray native = QFile::encodeName(absolute);
        struct stat st = {};
        if (::lstat(native.constData(), &st) != 0)
            continue; // removed meanwhile
        std::unique_ptr<archive_entry, EntryDeleter> entry(archive_entry_new());
        archive_entry_set_pathname(entry.get(), relative.toUtf8().constData());
        archive_entry_set_mtime(entry.get(), st.st_mtime, 0);
        QFile in(absolute);
        if (S_ISLNK(st.st_mode)) {
            QByteArray target(4096, Qt::Uninitialized);
            const ssize_t n = ::readlink(native.constData(), target.data(), size_t(target.size()));
            if (n < 0 || n >= target.size())
                return fail(u"cannot read the symbolic link '%1': %2"_s.arg(relative, errnoString()));
            target.truncate(n);
            if (zipSource->onlyLinksInside) {
                // A link out of its folder would not unpack again (absolute, or climbing out).
                const QString resolved
                    = QDir::cleanPath(QFileInfo(absolute).absolutePath() + u'/' + QFile::decodeName(target));
                const QString root = QDir(zipSource->directory).absolutePath();
                if (QFile::decodeName(target).startsWith(u'/') || !resolved.startsWith(root + u'/'))
                    continue;
            }
            archive_entry_set_filetype(entry.get(), AE_IFLNK);
            archive_entry_set_perm(entry.get(), 0777);
            archive_entry_set_symlink(entry.get(), target.constData());
        } else if (S_ISDIR(st.st_mode)) {
            archive_entry_set_filetype(entry.get(), AE_IFDIR);
            archive_entry_set_perm(entry.get(), 0755);
        } else if (S_ISREG(st.st_mode)) {
            if (!in.open(QIODevice::ReadOnly))
                return fail(u"cannot read '%1': %2"_s.arg(relative, in.errorString()));
            archive_entry_set_filetype(entry.get(), AE_IFREG);
            archive_entry_set_perm(entry.get(), (st.st_mode & 0111) ? 0755 : 0644);
            archive_entry_set_size(entry.get(), st.st_size);
        } else {
            continue; // FIFOs, sockets, devices have no place in a download
        }
        if (archive_write_header(a.get(), entry.get()) < ARCHIVE_WARN)
            return fail(u"cannot add '%1': %2"_s.arg(relative, archiveError(a.get())));
        if (in.isOpen()) {
            qint64 left = st.st_size;
            while (left > 0) {
                const qint64 n = in.read(buffer.data(), std::min<qint64>(left, buffer.size()));
                if (n <= 0)
                    return fail(u"cannot read '%1': %2"_s.arg(relative, in.errorString()));
                if (archive_write_data(a.get(), buffer.constData(), size_t(n)) != n)
                    return fail(u"cannot add '%1': %2"_s.arg(relative, archiveError(a.get())));
                left -= n;
            }
        }
    }
    if (archive_write_close(a.get()) != ARCHIVE_OK)
        return fail(u"cannot write '%1': %2"_s.arg(zipPath, archiveError(a.get())));
    if (!file.commit())
        return fail(u"cannot write '%1': %2"_s.arg(zipPath, file.errorString()));
    return true;
}

} // namespace Kumo
