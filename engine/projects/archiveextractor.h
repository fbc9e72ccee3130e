// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QString>

#include <atomic>
#include <functional>

namespace Kumo {

/// Bounds on what an archive may unpack to (all configurable; defaults suit code projects).
struct ExtractionLimits
{
    qint64 maxTotalBytes = 4LL * 1024 * 1024 * 1024; // sum of uncompressed file sizes
    qint64 maxEntries = 100'000;
    qint64 maxEntryBytes = 1LL * 1024 * 1024 * 1024;
    double maxRatio = 200; // uncompressed total / archive size (zip bombs)
    int maxPathLength = 1024; // bytes of a relative entry path
};

struct ExtractionResult
{
    bool ok = false;
    QString error; // why it was refused or failed, for people
    QString entry; // the entry that caused it, when one did
    qint64 files = 0;
    qint64 directories = 0;
    qint64 bytes = 0;
    /// When every entry lies below one top-level folder, its name (to propose as working dir).
    QString singleTopLevelDir;
};

/// Unpacks archives with libarchive (ZIP, tar.gz, tar.xz, tar.zst, 7z, … whatever it reads),
/// refusing anything that could escape or flood the target, all or nothing: `../` and absolute
/// entries, symlinks and hard links whose target leaves the root, device files, FIFOs and
/// sockets, and bombs (limits on total size, entry count, entry size, compression ratio).
/// Entry names that are not UTF-8 are decoded as GBK/CP936 (Windows ZIPs made on Chinese
/// systems) when that is valid, else refused; no garbage path is ever written.
/// Thread-safe: meant to run on a worker thread.
class ArchiveExtractor
{
public:
    explicit ArchiveExtractor(ExtractionLimits limits = ExtractionLimits());

    /// Extracts @p archivePath into @p targetDir, which must not exist (it is created). On any
    /// failure or cancel, nothing is left behind at @p targetDir. @p progress gets bytes
    /// written so far and the archive's size (compressed bytes read, for a progress bar).
    [[nodiscard]] ExtractionResult extract(const QString &archivePath, const QString &targetDir,
        const std::function<void(qint64 written, qint64 archiveRead, qint64 archiveSize)> &progress = {},
        const std::atomic_bool *cancel = nullptr) const;

    /// Writes a ZIP of everything below @p sourceDir (UTF-8 names, symlinks stored as links)
    /// to @p zipPath.
    [[nodiscard]] static bool createZip(const QString &sourceDir, const QString &zipPath, QString *error);
    /// A folder packed under a name of its own in a ZIP (empty prefix: at the top).
    struct ZipSource
    {
        QString directory;
        QString prefix;
        bool onlyLinksInside = false; // leave out symbolic links that point outside directory
    };
    /// Writes one ZIP of several folders, each below its prefix.
    [[nodiscard]] static bool createZip(
        const QList<ZipSource> &sources, const QString &zipPath, QString *error);

private:
    ExtractionLimits m_limits;
};

} // namespace Kumo
